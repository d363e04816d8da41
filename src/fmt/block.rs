//! Blocks and their entries: a file's items, an enum's variants, a
//! record's fields, a treaty's parties and parameters, an article's
//! clauses, a clause's statements. Each entry goes on a line of its own
//! (a block written on one line stays so while it fits and holds no
//! comment), and takes the comments around it in the source:
//! - on its lines before it: printed above it (a blank line before one is
//!   kept, several become one);
//! - after it on its last line: printed after it, aligned with the
//!   trailing comments of the lines next to it;
//! - inside it, between two of its parts (two operands of `and`, the
//!   bindings and `where`): at the end of the line, breaking the line
//!   there; anywhere else inside it: above it.
//!
//! Entries are printed in canonical order (a clause's statements: text,
//! rule, exceptions, due date, severity, message), and their comments go
//! with them.

use super::printer::{INDENT, Printer};
use crate::ast::*;
use crate::span::Span;

/// One entry of a block.
#[derive(Clone, Copy)]
pub(super) enum Entry<'t> {
    Item(&'t Item),
    Variant(&'t Ident),
    Field(&'t FieldDecl),
    Parties(&'t Expr),
    Param(&'t ParamDecl),
    Clause(&'t Clause),
    Text(&'t Str),
    Rule(&'t Rule),
    Unless(&'t Exception),
    Due(&'t Expr),
    Severity(Severity, Span),
    Message(&'t Template),
}

impl Entry<'_> {
    fn span(&self) -> Span {
        match self {
            Entry::Item(i) => item_span(i),
            Entry::Variant(v) => v.span,
            Entry::Field(f) => f.span,
            Entry::Parties(e) | Entry::Due(e) => e.span,
            Entry::Param(p) => p.span,
            Entry::Clause(c) => c.span,
            Entry::Text(s) => s.span,
            Entry::Rule(r) => r.span,
            Entry::Unless(x) => x.span,
            Entry::Severity(_, s) => *s,
            Entry::Message(t) => t.span,
        }
    }
}

fn item_span(item: &Item) -> Span {
    match item {
        Item::Import(i) => i.span,
        Item::Enum(e) => e.span,
        Item::Struct(s) => s.span,
        Item::Treaty(t) => t.span,
        Item::Def(d) => d.span,
        Item::Article(a) => a.span,
    }
}

/// How a block's entries are separated: `", "` on one line and `","`
/// after each line (an enum), `", "` and nothing (fields), or spaces.
#[derive(Clone, Copy)]
pub(super) struct Separators {
    pub inline: &'static str,
    pub line_end: &'static str,
}

pub(super) const LISTED: Separators = Separators { inline: ", ", line_end: "," };
pub(super) const FIELDS: Separators = Separators { inline: ", ", line_end: "" };
pub(super) const STATEMENTS: Separators = Separators { inline: " ", line_end: "" };

/// The comments around a block's entries.
struct Attached {
    /// On the line of the `{`, before any entry.
    header: Option<usize>,
    leading: Vec<Vec<usize>>,
    trailing: Vec<Option<usize>>,
    /// After the last entry, on lines of their own.
    dangling: Vec<usize>,
}

/// A block: its header printed by `header`, which ends at `after` in the
/// source; `span` is the whole block, up to its `}`.
pub(super) struct Block<'t> {
    pub span: Span,
    pub after: u32,
    pub entries: Vec<Entry<'t>>,
    pub separators: Separators,
    /// Without source, whether the block goes on one line when it fits.
    pub inline_by_default: bool,
}

impl Printer<'_> {
    /// `HEADER { … }`, the header already written.
    pub(super) fn block(&mut self, block: &Block<'_>) {
        let open = self.open_brace(block.after);
        let close = self.end(block.span).saturating_sub(1).max(open);
        if block.entries.is_empty() && !self.any_unplaced(open, close) {
            return self.write(" {}");
        }
        let one_line = |q: &mut Printer<'_>| {
            q.write(" { ");
            for (i, entry) in block.entries.iter().enumerate() {
                if i > 0 {
                    q.write(block.separators.inline);
                }
                q.entry(entry);
            }
            q.write(" }");
        };
        if self.stays_on_one_line(block, open, close) && self.fits(one_line) {
            return one_line(self);
        }
        let indent = self.line_indent;
        self.write(" {");
        self.body(&block.entries, (open + 1, close), indent + INDENT, block.separators.line_end);
        self.newline(indent);
        self.write("}");
    }

    /// Written on one line without a comment (without source: as the
    /// block's kind says).
    fn stays_on_one_line(&self, block: &Block<'_>, open: u32, close: u32) -> bool {
        match self.src {
            Some(src) => {
                let inside = src.get(open as usize..close as usize).unwrap_or("\n");
                !inside.contains('\n') && !self.any_unplaced(block.span.start, self.end(block.span))
            }
            None => block.inline_by_default,
        }
    }

    /// Where the `{` after a header ending at `after` is.
    fn open_brace(&self, after: u32) -> u32 {
        let Some(src) = self.src else { return after };
        let mut at = after as usize;
        while let Some(&b) = src.as_bytes().get(at) {
            match b {
                b'{' => return at as u32,
                b'/' => at = src[at..].find('\n').map_or(src.len(), |n| at + n),
                _ => at += 1,
            }
        }
        after
    }

    /// The entries of a block (or file) between `lo` and `hi` in the
    /// source, one a line at `indent`, each followed by `line_end`.
    pub(super) fn body(&mut self, entries: &[Entry<'_>], (lo, hi): (u32, u32), indent: usize, line_end: &str) {
        let attached = self.attach(entries, lo, hi);
        if let Some(c) = attached.header {
            self.comment(c);
        }
        let mut first = true;
        for (i, entry) in entries.iter().enumerate() {
            for &c in &attached.leading[i] {
                self.own_line(self.comments.get(c).start, indent, first);
                self.comment(c);
                first = false;
            }
            self.own_line(entry.span().start, indent, first);
            self.placed_entry(entry, indent);
            self.write(line_end);
            if let Some(c) = attached.trailing[i] {
                self.comment(c);
            }
            first = false;
        }
        for &c in &attached.dangling {
            self.own_line(self.comments.get(c).start, indent, first);
            self.comment(c);
            first = false;
        }
    }

    /// Starts a line at `indent` for what the source has at `at`, after a
    /// blank line if the source has one above it.
    fn own_line(&mut self, at: u32, indent: usize, first: bool) {
        if !first && self.blank_above(at, indent) {
            self.newline(indent);
        }
        self.newline(indent);
    }

    /// Whether `at` starts its line in the source (after its statement's
    /// keyword: a `due` entry starts at its date) and the line above is
    /// blank. Without source, items are set apart by a blank line.
    fn blank_above(&self, at: u32, indent: usize) -> bool {
        let Some(src) = self.src else { return indent == 0 };
        let head = src.get(..at as usize).unwrap_or("");
        let Some((above, line)) = head.rsplit_once('\n') else { return false };
        if !line.trim().chars().all(|c| c.is_ascii_alphabetic()) {
            return false;
        }
        let previous = above.rsplit_once('\n').map_or(above, |(_, l)| l);
        previous.trim().is_empty()
    }

    /// Prints an entry with the comments inside it: those no line break of
    /// its layout took are printed on lines above it.
    fn placed_entry(&mut self, entry: &Entry<'_>, indent: usize) {
        let span = entry.span();
        let saved = self.window.clone();
        self.window = self.comments.within(span.start, self.end(span));
        let mark = self.mark();
        self.entry(entry);
        let left: Vec<usize> = self.window.clone().filter(|&i| !self.is_placed(i)).collect();
        self.window = saved;
        if left.is_empty() {
            return;
        }
        let pad = " ".repeat(indent);
        let lines: Vec<String> = left.iter().map(|&i| format!("{pad}{}", self.place(i))).collect();
        self.insert_lines(mark, &lines);
    }

    /// Sorts the comments between `lo` and `hi` that are in no entry.
    fn attach(&self, entries: &[Entry<'_>], lo: u32, hi: u32) -> Attached {
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&i| entries[i].span().start);
        let ranges: Vec<(u32, u32)> =
            order.iter().map(|&i| entries[i].span()).map(|s| (s.start, self.end(s))).collect();
        let mut a = Attached {
            header: None,
            leading: vec![Vec::new(); entries.len()],
            trailing: vec![None; entries.len()],
            dangling: Vec::new(),
        };
        for c in self.comments.within(lo, hi) {
            if self.is_placed(c) {
                continue;
            }
            let at = self.comments.get(c).start;
            let k = ranges.partition_point(|r| r.0 <= at);
            if k > 0 && at < ranges[k - 1].1 {
                continue;
            }
            match k.checked_sub(1) {
                Some(p) if self.same_line(ranges[p].1, at) && a.trailing[order[p]].is_none() => {
                    a.trailing[order[p]] = Some(c);
                }
                None if lo > 0 && self.same_line(lo, at) => a.header = Some(c),
                _ if k < order.len() => a.leading[order[k]].push(c),
                _ => a.dangling.push(c),
            }
        }
        a
    }

    fn same_line(&self, from: u32, to: u32) -> bool {
        self.src.and_then(|s| s.get(from as usize..to as usize)).is_some_and(|between| !between.contains('\n'))
    }
}
