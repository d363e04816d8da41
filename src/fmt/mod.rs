//! `pacta fmt`: rule files in one canonical layout. The tree is printed
//! anew (the same printer prints it for `Display`), lines broken at 100
//! columns before `and`/`or`, `where` and `ensure`; what the tree does not
//! hold is taken from the source text: comments, each kept by the entry it
//! was written at (`block.rs`), blank lines between entries (several
//! become one), parentheses the author wrote, and literals as written
//! (`5_000`, `1 week`, message templates). Formatting twice changes
//! nothing, and the output is checked to parse to the same tree with the
//! same comments before it is returned (`verify.rs`).
//!
//! ```
//! let text = "def  limit=5_000 // brigade level\narticle 1 \"A\" { }";
//! let formatted = pacta::fmt::format_source(text)?;
//! assert_eq!(formatted, "def limit = 5_000 // brigade level\narticle 1 \"A\" {}\n");
//! # Ok::<(), pacta::fmt::FmtError>(())
//! ```

mod block;
mod clause;
mod comments;
mod expr;
mod items;
mod printer;
mod verify;

use std::ops::Range;

use crate::ast::{Expr, Item, Module};
use crate::span::FileId;
use crate::syntax::SyntaxError;

pub(crate) use printer::Printer;

/// The widest a formatted line may be, in characters, unless a single
/// word (a long string, a call) is wider.
pub const WIDTH: usize = 100;

/// Why a text was not formatted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FmtError {
    /// The text does not parse; the errors are those `pacta check` gives.
    #[error("the text does not parse ({} error{})", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Syntax(Vec<SyntaxError>),
    /// The formatted text would not read as the original (a bug in pacta);
    /// nothing is returned, so no file is overwritten with it.
    #[error("internal: the formatted text {0}, so it was not written (a bug in pacta; please report it)")]
    Unsafe(&'static str),
}

/// The text of a rule file in canonical layout, with its comments. It
/// recurses as deep as the file's expressions nest, within the parser's
/// limits (`syntax::MAX_NESTING`): call it where the parser may be called.
pub fn format_source(text: &str) -> Result<String, FmtError> {
    let module = crate::syntax::parse(FileId(0), text).map_err(FmtError::Syntax)?;
    let formatted = format_module(&module, text);
    verify::same_program(&module, text, &formatted)?;
    Ok(formatted)
}

/// `module`, parsed from `text`, in canonical layout (unchecked).
fn format_module(module: &Module, text: &str) -> String {
    let comments = comments::Comments::scan(text, &opaque(module));
    let mut p = Printer::new(Some(text), &comments, WIDTH);
    p.module(module);
    p.finish()
}

/// The byte ranges printed as written that may hold `//` and quotes
/// which are no comment and no string: message templates.
fn opaque(module: &Module) -> Vec<Range<u32>> {
    let clauses = module.items.iter().filter_map(|i| if let Item::Article(a) = i { Some(a) } else { None });
    let mut ranges: Vec<Range<u32>> =
        clauses.flat_map(|a| &a.clauses).map(|c| c.message.span.start..c.message.span.end).collect();
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// A tree without its source, as `Display` prints it: a file in the
/// canonical layout.
pub(crate) fn print_module(module: &Module) -> String {
    let mut p = Printer::new(None, &comments::NONE, WIDTH);
    p.module(module);
    p.finish()
}

/// An expression on one line, as `Display` prints it.
pub(crate) fn print_expr(e: &Expr) -> String {
    let mut p = Printer::new(None, &comments::NONE, usize::MAX);
    p.expr(e);
    p.into_text()
}

/// Anything the printer prints, on one line, without source.
pub(crate) fn print_with(print: impl FnOnce(&mut Printer<'_>)) -> String {
    let mut p = Printer::new(None, &comments::NONE, usize::MAX);
    print(&mut p);
    p.into_text()
}

#[cfg(test)]
mod tests;
