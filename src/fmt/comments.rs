//! The comments of a rule file, found in its text: the grammar skips them,
//! so the tree has none. A lexer that knows strings finds every `//` that
//! starts a comment; message templates (whose holes hold expressions, and
//! so strings, and so quotes) are skipped whole, by the spans the tree
//! gives them, since the formatter prints them as written.

use std::ops::Range;

/// One `//` comment: its bytes in the file (without the line break and
/// trailing spaces) and whether code comes before it on its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Comment {
    pub start: u32,
    pub end: u32,
    /// Code precedes it on its line (`param a: int = 1 // why`).
    pub trailing: bool,
}

/// The comments of one file, in order.
#[derive(Debug, Default)]
pub(super) struct Comments {
    list: Vec<Comment>,
}

/// No comments: what a tree printed without its source has.
pub(super) static NONE: Comments = Comments { list: Vec::new() };

impl Comments {
    /// Finds the comments of `text`; `opaque` are the byte ranges printed
    /// as written (message templates), sorted by start.
    pub fn scan(text: &str, opaque: &[Range<u32>]) -> Comments {
        Comments { list: lex(text.as_bytes(), opaque) }
    }

    pub fn get(&self, index: usize) -> &Comment {
        &self.list[index]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The indexes of the comments that start in `lo..hi`.
    pub fn within(&self, lo: u32, hi: u32) -> Range<usize> {
        let first = self.list.partition_point(|c| c.start < lo);
        let last = self.list.partition_point(|c| c.start < hi);
        first..last.max(first)
    }

    /// The end of `start..end` with trailing blanks and comments left out:
    /// a statement's span may take in the comment after it (pest skips it
    /// while looking for an optional part that is not there).
    pub fn trim_end(&self, text: &str, start: u32, mut end: u32) -> u32 {
        loop {
            end = start.max(trim_blanks(text, end));
            let before = self.list.partition_point(|c| c.start < end);
            match before.checked_sub(1).map(|i| &self.list[i]) {
                Some(c) if c.start >= start && c.end == end => end = c.start,
                _ => return end,
            }
        }
    }
}

/// `end` moved back over spaces, tabs and line breaks.
fn trim_blanks(text: &str, end: u32) -> u32 {
    let head = text.get(..end as usize).unwrap_or(text);
    head.trim_end().len() as u32
}

/// The comments of `text`, skipping strings and the `opaque` ranges.
fn lex(bytes: &[u8], opaque: &[Range<u32>]) -> Vec<Comment> {
    let mut found = Vec::new();
    let mut skips = opaque.iter().peekable();
    let mut at = 0usize;
    while at < bytes.len() {
        while skips.peek().is_some_and(|r| (r.end as usize) <= at) {
            skips.next();
        }
        if let Some(r) = skips.peek().filter(|r| r.start as usize == at) {
            at = r.end as usize;
            continue;
        }
        at = match (bytes[at], bytes.get(at + 1)) {
            (b'"', _) => string_end(bytes, at),
            (b'/', Some(b'/')) => {
                let comment = comment_at(bytes, at);
                let next = comment.end as usize;
                found.push(comment);
                next
            }
            _ => at + 1,
        };
    }
    found
}

/// Just past the string literal that opens at `at` (the grammar's
/// escapes: a backslash takes the next character whatever it is).
fn string_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The comment that starts at `at`, up to the end of its line.
fn comment_at(bytes: &[u8], at: usize) -> Comment {
    let line_end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| at + n);
    let mut end = line_end;
    while end > at && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    let line_start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
    let trailing = bytes[line_start..at].iter().any(|b| !b.is_ascii_whitespace());
    Comment { start: at as u32, end: end as u32, trailing }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::single_range_in_vec_init)]
    use super::*;

    fn texts(text: &str, opaque: &[Range<u32>]) -> Vec<(String, bool)> {
        let c = Comments::scan(text, opaque);
        (0..c.len())
            .map(|i| c.get(i))
            .map(|c| (text[c.start as usize..c.end as usize].to_string(), c.trailing))
            .collect()
    }

    #[test]
    fn finds_line_and_trailing_comments_but_not_slashes_in_strings() {
        let text = "// head\nimport \"a//b.pacta\" // after  \r\n  // own\ndef x = \"\\\"//\" // last";
        let found = texts(text, &[]);
        let want = [("// head", false), ("// after", true), ("// own", false), ("// last", true)];
        assert_eq!(found, want.map(|(t, b)| (t.to_string(), b)));
    }

    #[test]
    fn skips_opaque_ranges_whose_quotes_do_not_pair() {
        // A template hole holding a string: `"{f("//")}"` read as strings
        // alone would end at the second quote and find a comment.
        let text = "message \"{f(\"//\")}\" // real";
        let start = text.find('"').unwrap() as u32;
        let end = text.rfind('"').unwrap() as u32 + 1;
        assert_eq!(texts(text, &[start..end]), [("// real".to_string(), true)]);
        let misread = texts(text, &[]);
        assert_eq!(
            misread,
            [("//\")}\" // real".to_string(), true)],
            "without the range the hole's `//` starts a comment"
        );
    }

    #[test]
    fn trims_blanks_and_comments_off_a_span_end() {
        let text = "def x = 1 // c1\n  // c2\n";
        let c = Comments::scan(text, &[]);
        assert_eq!(c.trim_end(text, 0, text.len() as u32), 9);
        assert_eq!(c.within(0, 9), 0..0);
        assert_eq!(c.within(9, 100), 0..2);
    }
}
