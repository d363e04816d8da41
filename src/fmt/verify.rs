//! The formatter's safety net, as `black` checks its output: the text
//! written must parse to the same tree as the text read (places aside)
//! and hold the same comments, or the file is left as it was. The trees
//! are compared by a hash of their `Debug` text with every `Span { … }`
//! left out, computed as the text is written, so that a large file's tree
//! is never held as text.

use std::fmt::Write as _;
use std::hash::Hasher as _;

use super::FmtError;
use super::comments::Comments;
use crate::ast::Module;

/// Checks that `formatted` reads as `module`, read from `original`.
pub(super) fn same_program(module: &Module, original: &str, formatted: &str) -> Result<(), FmtError> {
    let again = crate::syntax::parse(module.file, formatted).map_err(|_| FmtError::Unsafe("does not parse"))?;
    if shape(module) != shape(&again) {
        return Err(FmtError::Unsafe("reads as another program"));
    }
    if comment_texts(original, module) != comment_texts(formatted, &again) {
        return Err(FmtError::Unsafe("lost or changed a comment"));
    }
    Ok(())
}

/// The comments of `text`, sorted (statements may have moved).
fn comment_texts<'t>(text: &'t str, module: &Module) -> Vec<&'t str> {
    let comments = Comments::scan(text, &super::opaque(module));
    let mut texts: Vec<&str> =
        (0..comments.len()).map(|i| comments.get(i)).map(|c| &text[c.start as usize..c.end as usize]).collect();
    texts.sort_unstable();
    texts
}

/// A hash of the tree's `Debug` text, spans masked.
fn shape(module: &Module) -> u64 {
    let mut masked = Masked::default();
    let _ = write!(masked, "{module:?}");
    masked.flush();
    masked.hash.finish()
}

const SPAN: &str = "Span { file: ";

/// A `fmt::Write` that hashes what it is given, each `Span { … }` replaced
/// by `_`, however the writes cut the text.
#[derive(Default)]
struct Masked {
    hash: std::hash::DefaultHasher,
    /// Text not hashed yet: it may be the start of a span.
    held: String,
    in_span: bool,
}

impl Masked {
    fn flush(&mut self) {
        if !self.in_span {
            self.hash.write(self.held.as_bytes());
        }
        self.held.clear();
    }
}

impl std::fmt::Write for Masked {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.held.push_str(s);
        loop {
            if self.in_span {
                let Some(end) = self.held.find(" }") else { return Ok(()) };
                self.held.drain(..end + 2);
                self.hash.write(b"_");
                self.in_span = false;
            } else if let Some(at) = self.held.find(SPAN) {
                self.hash.write(&self.held.as_bytes()[..at]);
                self.held.drain(..at + SPAN.len());
                self.in_span = true;
            } else {
                // Keep what could still become a span's start.
                let keep = (1..SPAN.len()).rev().find(|&n| self.held.ends_with(&SPAN[..n])).unwrap_or(0);
                let cut = self.held.len() - keep;
                self.hash.write(&self.held.as_bytes()[..cut]);
                self.held.drain(..cut);
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parse(text: &str) -> Module {
        crate::syntax::parse(crate::span::FileId(0), text).unwrap()
    }

    #[test]
    fn the_same_tree_elsewhere_has_the_same_shape_and_another_tree_not() {
        let a = parse("def x = a and (b or c) // c\n");
        let moved = parse("\n\n  def x =\n    a\n      and (b or c)");
        let other = parse("def x = (a and b) or c\n");
        assert_ne!(a, moved, "spans take part in equality");
        assert_eq!(shape(&a), shape(&moved));
        assert_ne!(shape(&a), shape(&other));
    }

    #[test]
    fn masking_does_not_depend_on_how_the_text_is_cut() {
        let text = "Expr { kind: Int(1), span: Span { file: FileId(0), start: 3, end: 4 } } Span { f";
        let mut whole = Masked::default();
        whole.write_str(text).unwrap();
        whole.flush();
        let mut pieces = Masked::default();
        for c in text.chars() {
            pieces.write_char(c).unwrap();
        }
        pieces.flush();
        assert_eq!(whole.hash.finish(), pieces.hash.finish());
        let mut other = Masked::default();
        other.write_str(&text.replace("Int(1)", "Int(2)")).unwrap();
        other.flush();
        assert_ne!(whole.hash.finish(), other.hash.finish());
    }
}
