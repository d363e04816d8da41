//! `textDocument/formatting`: the whole document laid out by `pacta fmt`'s
//! printer (`fmt::format_source`), as one edit; no edit when the document
//! does not parse (its diagnostics say why) or is already formatted.

use lsp_types::TextEdit;

use super::position::LineIndex;

pub fn edits(text: &str) -> Vec<TextEdit> {
    match crate::fmt::format_source(text) {
        Ok(formatted) if formatted != text => {
            vec![TextEdit { range: LineIndex::new(text).range(0, text.len()), new_text: formatted }]
        }
        _ => Vec::new(),
    }
}
