//! The printer's state: the text written so far, where the current line
//! stands, how wide a line may be, and the comments still to place. The
//! node printers (`expr.rs`, `items.rs`, `clause.rs`) write through it;
//! `Display` uses it without source text (no comments, literals as the
//! tree holds them) and, for expressions, without a width (one line).

use std::fmt;

use super::comments::Comments;
use crate::span::Span;

/// Indentation of a nested block or a continued line.
pub(super) const INDENT: usize = 2;

pub(crate) struct Printer<'a> {
    /// The text the tree was read from: literals, parentheses and blank
    /// lines are kept as written, comments found in it.
    pub(super) src: Option<&'a str>,
    pub(super) comments: &'a Comments,
    /// Which comments have been printed (none, in a trial layout).
    placed: Vec<bool>,
    /// The comments of the entry being printed: those a line break of
    /// its layout may place.
    pub(super) window: std::ops::Range<usize>,
    pub(super) out: String,
    /// The widest a line may be, in characters; `usize::MAX`: one line.
    pub(super) width: usize,
    /// A trial layout stops writing once the line holds more than this.
    budget: usize,
    pub(super) overflow: bool,
    col: usize,
    /// Spaces owed at the start of the current line, written with its
    /// first text (so a blank line has none).
    owed: Option<usize>,
    /// The indentation of the current line.
    pub(super) line_indent: usize,
    line: usize,
    /// Lines ending in a comment: line, indentation and width of the code.
    /// Comments on consecutive lines of one indentation are aligned.
    trailing: Vec<(usize, usize, usize)>,
    /// The least indentation of a continued line: the chains inside the
    /// operands of a broken chain go deeper than its own continued lines.
    pub(super) floor: usize,
}

impl<'a> Printer<'a> {
    pub(super) fn new(src: Option<&'a str>, comments: &'a Comments, width: usize) -> Self {
        Printer {
            src,
            comments,
            placed: vec![false; comments.len()],
            window: 0..0,
            out: String::new(),
            width,
            budget: usize::MAX,
            overflow: false,
            col: 0,
            owed: None,
            line_indent: 0,
            line: 0,
            trailing: Vec::new(),
            floor: 0,
        }
    }

    /// The text, trailing comments aligned, ending in one line break
    /// unless empty.
    pub(crate) fn finish(mut self) -> String {
        align_trailing(&mut self.out, &self.trailing);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out
    }

    /// The text written, for one-line printing (`Display`).
    pub(crate) fn into_text(self) -> String {
        self.out
    }

    pub(super) fn write(&mut self, text: &str) {
        if self.overflow {
            return;
        }
        if let Some(n) = self.owed.take() {
            self.spaces(n);
        }
        match text.rsplit_once('\n') {
            // A string literal written across lines.
            Some((before, last)) => {
                self.line += before.matches('\n').count() + 1;
                self.col = last.chars().count();
                self.overflow |= self.budget != usize::MAX;
            }
            None => self.col += text.chars().count(),
        }
        if self.col > self.budget {
            self.overflow = true;
        }
        if !self.overflow {
            self.out.push_str(text);
        }
    }

    fn spaces(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
        self.col += n;
        self.line_indent = n;
    }

    /// Ends the line; the next starts at `indent`. A second call in a row
    /// leaves a blank line.
    pub(super) fn newline(&mut self, indent: usize) {
        if !self.out.is_empty() {
            self.out.push('\n');
            self.line += 1;
        }
        self.col = 0;
        self.line_indent = indent;
        self.owed = Some(indent);
    }

    pub(super) fn column(&self) -> usize {
        self.col.max(self.owed.unwrap_or(0))
    }

    /// Whether what `print` writes fits on the rest of the line, printed
    /// on one line (it is printed into a trial printer and stops early).
    pub(super) fn fits(&self, print: impl FnOnce(&mut Printer<'a>)) -> bool {
        if self.width == usize::MAX {
            return true;
        }
        let mut trial = Printer::new(self.src, &super::comments::NONE, usize::MAX);
        trial.comments = self.comments;
        trial.budget = self.width.saturating_sub(self.column());
        print(&mut trial);
        !trial.overflow && !trial.out.contains('\n')
    }

    /// The source text of `span`, when there is source.
    pub(super) fn source(&self, span: Span) -> Option<&'a str> {
        self.src.and_then(|s| s.get(span.range()))
    }

    /// The end of `span` without the blanks and comments it may take in.
    pub(super) fn end(&self, span: Span) -> u32 {
        match self.src {
            Some(text) => self.comments.trim_end(text, span.start, span.end),
            None => span.end,
        }
    }

    /// Whether a comment not printed yet lies in `lo..hi` of this entry:
    /// a break there is forced, so that the comment sits at a line end.
    pub(super) fn comment_between(&self, lo: u32, hi: u32) -> bool {
        let range = self.comments.within(lo, hi);
        range.clone().any(|i| self.window.contains(&i) && !self.is_placed(i))
    }

    /// Whether a comment not printed yet starts in `lo..hi`.
    pub(super) fn any_unplaced(&self, lo: u32, hi: u32) -> bool {
        self.comments.within(lo, hi).any(|i| !self.is_placed(i))
    }

    pub(super) fn is_placed(&self, index: usize) -> bool {
        self.placed.get(index).copied().unwrap_or(false)
    }

    /// Marks comment `index` printed, returning its text.
    pub(super) fn place(&mut self, index: usize) -> &'a str {
        if let Some(p) = self.placed.get_mut(index) {
            *p = true;
        }
        let c = self.comments.get(index);
        self.src.and_then(|s| s.get(c.start as usize..c.end as usize)).unwrap_or("//")
    }

    /// A line break inside an entry, in the gap `lo..hi` between two of
    /// its nodes: the entry's comments in the gap are placed first, the
    /// first at the end of the line if it was at the end of one, the
    /// others on lines of their own. (A comment elsewhere inside the entry
    /// goes above it, [`super::block`].)
    pub(super) fn break_at(&mut self, (lo, hi): (u32, u32), indent: usize) {
        let mut first = true;
        for i in self.comments.within(lo, hi) {
            if !self.window.contains(&i) || self.is_placed(i) {
                continue;
            }
            if !(first && self.comments.get(i).trailing) {
                self.newline(indent);
            }
            self.comment(i);
            first = false;
        }
        self.newline(indent);
    }

    /// The end of the last token before `hi`, from `lo` on: where the gap
    /// before the node at `hi` starts.
    pub(super) fn token_end(&self, lo: u32, hi: u32) -> u32 {
        match self.src {
            Some(text) => self.comments.trim_end(text, lo, hi),
            None => lo,
        }
    }

    /// Writes comment `index` where the printer stands: after code, it is
    /// a trailing comment (aligned later with its neighbours').
    pub(super) fn comment(&mut self, index: usize) {
        let text = self.place(index);
        if self.owed.is_none() && self.col > 0 {
            self.trailing.push((self.line, self.line_indent, self.col));
            self.out.push(' ');
        }
        self.write(text);
    }

    /// The current line number and the length of the text, to insert
    /// lines there later ([`Printer::insert_lines`]).
    pub(super) fn mark(&self) -> (usize, usize) {
        (self.line, self.out.len())
    }

    /// Inserts whole lines at `mark` (taken at the start of a line).
    pub(super) fn insert_lines(&mut self, (line, at): (usize, usize), lines: &[String]) {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        self.out.insert_str(at, &text);
        self.line += lines.len();
        // Trailing comments are recorded line after line: those to move
        // are the last ones.
        for t in self.trailing.iter_mut().rev().take_while(|t| t.0 >= line) {
            t.0 += lines.len();
        }
    }
}

impl Printer<'_> {
    /// Writes formatted text (`format_args!`); the printer never fails.
    pub(super) fn put(&mut self, args: fmt::Arguments<'_>) {
        let _ = fmt::Write::write_fmt(self, args);
    }
}

impl fmt::Write for Printer<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.write(s);
        Ok(())
    }
}

/// Pads the code of each run of consecutive lines that end in a comment,
/// so that their comments start in one column, one space past the
/// longest code of the run.
fn align_trailing(out: &mut String, trailing: &[(usize, usize, usize)]) {
    let pads = paddings(trailing);
    if pads.is_empty() {
        return;
    }
    let extra: usize = pads.values().map(|p| p.1).sum();
    let mut aligned = String::with_capacity(out.len() + extra);
    for (n, text) in out.split_inclusive('\n').enumerate() {
        let Some(&(col, pad)) = pads.get(&n) else {
            aligned.push_str(text);
            continue;
        };
        let split = text.char_indices().nth(col).map_or(text.len(), |(i, _)| i);
        aligned.push_str(&text[..split]);
        aligned.extend(std::iter::repeat_n(' ', pad));
        aligned.push_str(&text[split..]);
    }
    *out = aligned;
}

/// For each line whose comment moves: the column where its code ends and
/// the spaces to add there.
fn paddings(trailing: &[(usize, usize, usize)]) -> std::collections::BTreeMap<usize, (usize, usize)> {
    let mut pads = std::collections::BTreeMap::new();
    let mut run: Vec<(usize, usize, usize)> = Vec::new();
    for &(line, indent, col) in trailing.iter().chain([&(usize::MAX, 0, 0)]) {
        if run.last().is_some_and(|&(last, i, _)| last.checked_add(1) != Some(line) || i != indent) {
            let widest = run.iter().map(|r| r.2).max().unwrap_or(0);
            pads.extend(run.drain(..).filter(|r| r.2 < widest).map(|(l, _, c)| (l, (c, widest - c))));
        }
        run.push((line, indent, col));
    }
    pads
}
