//! Go to definition and find references, from the checker's side table:
//! a name's declaration wherever it is (an imported file included), and
//! every place that resolves to it across the files of the document's
//! unit. The path of an `import` goes to the file it names.

use lsp_types::{Location, Position, Range};

use super::analysis::Analysis;
use super::diagnostics::location;
use crate::span::FileId;

pub fn definition(analysis: &Analysis, file: FileId, offset: u32) -> Option<Location> {
    if let Some(target) = imported(analysis, file, offset) {
        return Some(target);
    }
    let name = analysis.names.at(file, offset)?;
    location(&analysis.sources, name.decl)
}

/// The file an import under the cursor names, if it was read.
fn imported(analysis: &Analysis, file: FileId, offset: u32) -> Option<Location> {
    let import = super::tree::import_at(analysis.module(file)?, offset)?;
    let from = analysis.sources.get(file)?.path.parent()?.to_path_buf();
    let target = analysis.file(&from.join(&import.path.value))?;
    let uri = super::uri::from_path(&analysis.sources.get(target)?.path)?;
    Some(Location { uri, range: Range::new(Position::new(0, 0), Position::new(0, 0)) })
}

pub fn references(analysis: &Analysis, file: FileId, offset: u32, with_declaration: bool) -> Vec<Location> {
    let Some(name) = analysis.names.at(file, offset) else { return Vec::new() };
    let decl = name.decl;
    analysis
        .names
        .uses(decl)
        .into_iter()
        .filter(|r| with_declaration || !r.at.same_place(&decl))
        .filter_map(|r| location(&analysis.sources, r.at))
        .collect()
}
