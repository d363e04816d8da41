//! A scan of the raw text for nesting, before pest sees it. pest parses by
//! recursive descent, a dozen calls a level: `((((…` or `list<list<…` a
//! hundred thousand deep would overflow the stack inside pest, before any
//! lowering limit is reached. This scan counts brackets the way the
//! grammar opens them — outside comments and strings, inside the holes of
//! a `message` template — and stops at the first bracket past the limit.
//! It reports nothing else: mismatched brackets are pest's to report.

use super::error::{SyntaxError, SyntaxErrorKind};
use crate::span::{FileId, Span};

/// Brackets (`(`, `[`, `{`, template holes, `list<`) open at once. Every
/// later stage recurses over what these enclose; expressions are held to
/// [`super::lower::MAX_DEPTH`] levels, so this only has to stop text that
/// could not get that far anyway.
pub const MAX_NESTING: usize = 256;
/// `list<…>` types nested inside each other.
pub const MAX_TYPE_NESTING: usize = 16;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Paren,
    Bracket,
    Brace,
    /// `{` inside a `message` template: its `}` resumes the template.
    Hole,
    /// `list<`.
    List,
}

/// The first place where `text` nests too deeply, if any.
pub(super) fn check(file: FileId, text: &str) -> Result<(), SyntaxError> {
    Scan::new(file, text).code()
}

/// The `{` that is never closed in a file that does not parse, if one is:
/// where a `}` that begins its line closes a block opened at its own
/// indentation, the blocks opened inside that one and left open are the
/// culprit (the outermost of them); else the innermost block still open at
/// the end. `None` where the braces balance.
pub(super) fn unclosed_brace(text: &str) -> Option<usize> {
    let mut scan = Scan::new(FileId(0), text);
    scan.code().ok()?;
    scan.unclosed.or_else(|| scan.braces.last().map(|&(at, _)| at))
}

struct Scan<'t> {
    bytes: &'t [u8],
    at: usize,
    open: Vec<Open>,
    lists: usize,
    file: FileId,
    /// Each `{` still open (not a template's hole), with the indentation
    /// of its line.
    braces: Vec<(usize, usize)>,
    /// The first `{` left open inside a block that a `}` at the block's
    /// indentation closed.
    unclosed: Option<usize>,
    /// The start and indentation of the line of the last brace, and how far
    /// the text was searched for it: the scan only moves forward, so each
    /// byte is searched once (a file written on one line has as many
    /// braces as it likes, and must not cost their number times its length).
    line: (usize, usize),
    searched: usize,
}

impl<'t> Scan<'t> {
    fn new(file: FileId, text: &'t str) -> Self {
        let (braces, unclosed, line, searched) = (Vec::new(), None, (0, indent(text.as_bytes())), 0);
        Scan { bytes: text.as_bytes(), at: 0, open: Vec::new(), lists: 0, file, braces, unclosed, line, searched }
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.at + ahead).copied().unwrap_or(0)
    }

    /// Code: brackets, comments, strings, `message` templates.
    fn code(&mut self) -> Result<(), SyntaxError> {
        while self.at < self.bytes.len() {
            let here = self.at;
            self.close_comparisons();
            match self.peek(0) {
                b'/' if self.peek(1) == b'/' => self.skip_comment(),
                b'"' => self.plain_string(),
                b'(' => self.push(Open::Paren, here)?,
                b'[' => self.push(Open::Bracket, here)?,
                b'{' => {
                    let (_, indent) = self.indent_at(here);
                    self.braces.push((here, indent));
                    self.push(Open::Brace, here)?;
                }
                b')' => self.pop(Open::Paren),
                b']' => self.pop(Open::Bracket),
                b'>' => self.pop(Open::List),
                b'}' if self.open.last() == Some(&Open::Hole) => {
                    self.open.pop();
                    self.at += 1;
                    self.template()?;
                    continue;
                }
                b'}' => {
                    self.close_brace(here);
                    self.pop(Open::Brace);
                }
                c if is_ident_start(c) => {
                    let word = self.word();
                    if word == b"message" {
                        self.skip_blank();
                        if self.peek(0) == b'"' {
                            self.at += 1;
                            self.template()?;
                        }
                    } else if word == b"list" {
                        self.skip_blank();
                        if self.peek(0) == b'<' {
                            self.at += 1;
                            self.push(Open::List, here)?;
                        }
                    }
                    continue;
                }
                _ => {}
            }
            self.at += 1;
        }
        Ok(())
    }

    /// Inside a template, after its `"` or a hole's `}`: text up to the
    /// closing quote, or a hole, which is code.
    fn template(&mut self) -> Result<(), SyntaxError> {
        while self.at < self.bytes.len() {
            match self.peek(0) {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Ok(());
                }
                b'{' | b'}' if self.peek(1) == self.peek(0) => self.at += 2,
                b'{' => {
                    let here = self.at;
                    self.open.push(Open::Hole);
                    self.at += 1;
                    return self.too_deep(here);
                }
                _ => self.at += 1,
            }
        }
        Ok(())
    }

    /// `list < n` where `list` names a value is a comparison, not a type:
    /// a `list<` still open when text no type holds comes is dropped.
    fn close_comparisons(&mut self) {
        let c = self.peek(0);
        let in_type = is_ident_start(c) || c.is_ascii_digit() || b" \t\r\n<>?/".contains(&c);
        while !in_type && self.open.last() == Some(&Open::List) {
            self.open.pop();
            self.lists -= 1;
        }
    }

    /// Opens a bracket that starts at `at`.
    fn push(&mut self, open: Open, at: usize) -> Result<(), SyntaxError> {
        self.open.push(open);
        if open == Open::List {
            self.lists += 1;
            if self.lists > MAX_TYPE_NESTING {
                let span = Span::new(self.file, at, self.at.max(at + 1));
                return Err(SyntaxError::new(SyntaxErrorKind::TypeTooDeep { limit: MAX_TYPE_NESTING }, span));
            }
        }
        self.too_deep(at)
    }

    fn too_deep(&self, at: usize) -> Result<(), SyntaxError> {
        if self.open.len() > MAX_NESTING {
            let span = Span::new(self.file, at, at + 1);
            return Err(SyntaxError::new(SyntaxErrorKind::TooDeep { limit: MAX_NESTING }, span));
        }
        Ok(())
    }

    /// Closes the innermost bracket if it is `open`; a stray closer is
    /// left for pest to report.
    fn pop(&mut self, open: Open) {
        if self.open.last() == Some(&open) {
            self.open.pop();
            if open == Open::List {
                self.lists -= 1;
            }
        }
    }

    /// A `}` at `at`: closes the innermost block, or, when the `}` begins
    /// its line and an outer block was opened at its indentation, that one
    /// (what was opened inside it and is still open was never closed).
    fn close_brace(&mut self, at: usize) {
        let (first, indent) = self.indent_at(at);
        let matching = first.then(|| self.braces.iter().rposition(|&(_, i)| i == indent)).flatten();
        match matching {
            Some(m) if m + 1 < self.braces.len() => {
                self.unclosed = self.unclosed.or(self.braces.get(m + 1).map(|&(at, _)| at));
                self.braces.truncate(m);
            }
            _ => {
                self.braces.pop();
            }
        }
    }

    /// Whether only blanks precede `at` on its line, and how many there are
    /// before the line's first other character.
    fn indent_at(&mut self, at: usize) -> (bool, usize) {
        let unseen = self.bytes.get(self.searched..at).unwrap_or_default();
        if let Some(n) = memchr::memrchr(b'\n', unseen) {
            let start = self.searched + n + 1;
            self.line = (start, indent(self.bytes.get(start..).unwrap_or_default()));
        }
        self.searched = self.searched.max(at);
        let (start, indent) = self.line;
        (start + indent == at, indent)
    }

    fn word(&mut self) -> &[u8] {
        let start = self.at;
        while self.at < self.bytes.len() && (is_ident_start(self.peek(0)) || self.peek(0).is_ascii_digit()) {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    /// Whitespace and comments, as the grammar skips them between tokens.
    fn skip_blank(&mut self) {
        loop {
            match self.peek(0) {
                b' ' | b'\t' | b'\r' | b'\n' => self.at += 1,
                b'/' if self.peek(1) == b'/' => self.skip_comment(),
                _ => return,
            }
        }
    }

    fn skip_comment(&mut self) {
        while self.at < self.bytes.len() && self.peek(0) != b'\n' {
            self.at += 1;
        }
    }

    /// A string that is not a template: its braces are text.
    fn plain_string(&mut self) {
        self.at += 1;
        while self.at < self.bytes.len() {
            match self.peek(0) {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return;
                }
                _ => self.at += 1,
            }
        }
    }
}

/// How many blanks begin `line`.
fn indent(line: &[u8]) -> usize {
    line.iter().take_while(|&&b| b == b' ' || b == b'\t').count()
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::Diagnose;

    fn depth_error(text: &str) -> Option<(&'static str, usize)> {
        check(FileId(0), text).err().map(|e| (e.code(), e.span.start as usize))
    }

    #[test]
    fn counts_brackets_in_code_and_template_holes_only() {
        let deep = |open: &str, n: usize| open.repeat(n);
        assert_eq!(depth_error(&format!("def x = {}1", deep("(", 256))), None);
        assert_eq!(depth_error(&format!("def x = {}1", deep("(", 257))), Some(("pacta::too-deep", 264)));
        assert_eq!(depth_error(&format!("def x = \"{}\"", deep("(", 1000))), None);
        assert_eq!(depth_error(&format!("// {}\n", deep("[", 1000))), None);
        let hole = format!("message \"a {{{{ {{{}}} b\"", deep("(", 300));
        assert_eq!(depth_error(&hole).map(|e| e.0), Some("pacta::too-deep"));
        // A plain string's braces are text, even with a quote inside a hole's look-alike.
        assert_eq!(depth_error(&format!("text \"{{ {} \"", deep("(", 300))), None);
    }

    #[test]
    fn finds_the_brace_left_open() {
        let at = |text: &str, what: &str| text.find(what).unwrap();
        let clause_open = "article 1 \"A\" {\n  clause 1.1 \"C\" {\n    forbid x\n\nentity E { x: int }\n";
        assert_eq!(unclosed_brace(clause_open), Some(at(clause_open, "{\n    forbid")), "still open at the end");
        let before_next =
            "article 1 \"A\" {\n  clause 1.1 \"C\" {\n    forbid x\n  clause 1.2 \"D\" {\n    forbid y\n  }\n}\n";
        assert_eq!(unclosed_brace(before_next), Some(at(before_next, "{\n    forbid x")), "closed by indentation");
        assert_eq!(unclosed_brace("a { b { c } d { \"}\" } }\n// {\n"), None, "balanced");
        assert_eq!(unclosed_brace("message \"{x} }}\" {"), Some(17), "holes and strings are not blocks");
    }

    #[test]
    fn list_types_have_their_own_limit() {
        let ty = |n: usize| format!("entity X {{ n: {}int{} }}", "list<".repeat(n), ">".repeat(n));
        assert_eq!(depth_error(&ty(16)), None);
        assert_eq!(depth_error(&ty(17)), Some(("pacta::type-too-deep", 94)));
        // `<` as an operator opens nothing, even after a value named `list`.
        assert_eq!(depth_error(&format!("def x = {}", "1 < ".repeat(1000))), None);
        assert_eq!(depth_error(&"unless \"u\": list < 3 and ".repeat(40)), None);
    }
}
