//! Text to AST. pest recognises the grammar in `grammar/pacta.pest`; the
//! `lower` functions turn its parse tree into [`crate::ast`], one small
//! function per grammar rule. pest's types never leave this module.

mod error;
mod lower;
mod nesting;
mod parser;

pub use error::{SyntaxError, SyntaxErrorKind};
pub use nesting::{MAX_NESTING, MAX_TYPE_NESTING};
pub use parser::{CALLS_PER_BYTE, MAX_RULE_FILE_BYTES, call_limit};

use crate::ast::Module;
use crate::span::FileId;

/// Parses one rule file. All lowering errors of the file are returned
/// together; a pest error (the grammar did not match) is reported alone,
/// since nothing after it can be trusted. Text nested deeper than pest
/// can parse is refused before pest sees it.
pub fn parse(file: FileId, text: &str) -> Result<Module, Vec<SyntaxError>> {
    nesting::check(file, text).map_err(|e| vec![e])?;
    let pairs = parser::parse_file(text).map_err(|e| vec![SyntaxError::from_pest(file, text, &e)])?;
    lower::module(file, pairs)
}
