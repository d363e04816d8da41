//! Texts that stand in for files: an editor's unsaved buffers, which a
//! language server checks instead of what is on disk. A file is looked up
//! by its canonical path (links resolved), so one file reached by two
//! spellings has one text. The project boundary still holds: an untrusted
//! path is checked against [`Access`] before its buffer is used, as it is
//! before the file would be read, and so is the size cap.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Access, Kind, Origin, ReadError};

/// Buffers by canonical path.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    texts: BTreeMap<PathBuf, String>,
}

impl Overlay {
    /// Makes `text` stand for the file at `path`, if that file exists (a
    /// buffer of a file not yet saved has no place to be imported from).
    pub fn insert(&mut self, path: &Path, text: String) {
        if let Ok(canonical) = std::fs::canonicalize(path) {
            self.texts.insert(canonical, text);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    fn get(&self, canonical: &Path) -> Option<&String> {
        self.texts.get(canonical)
    }
}

/// [`super::read`], with the buffer in `overlay` for the file `path`
/// resolves to, if there is one.
pub fn read_overlaid(
    path: &Path,
    kind: Kind,
    origin: Origin,
    access: &Access,
    overlay: &Overlay,
) -> Result<String, ReadError> {
    if overlay.is_empty() {
        return super::read(path, kind, origin, access);
    }
    let resolved = match origin {
        Origin::Untrusted => Some(access.check(path)?),
        Origin::CommandLine => std::fs::canonicalize(path).ok(),
    };
    match resolved.as_deref().and_then(|p| overlay.get(p)) {
        Some(text) if text.len() as u64 > kind.max_bytes() => {
            Err(ReadError::TooLarge { limit: kind.max_bytes(), noun: kind.noun() })
        }
        Some(text) => Ok(text.clone()),
        None => super::read(path, kind, origin, access),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::Diagnose;

    #[test]
    fn a_buffer_stands_for_its_file_inside_the_project_only() {
        let mut overlay = Overlay::default();
        overlay.insert(Path::new("src/lib.rs"), "unsaved".into());
        let src = Access::within([Path::new("src")]);
        let read = |path: &str, access: &Access| {
            read_overlaid(Path::new(path), Kind::Rules, Origin::Untrusted, access, &overlay)
        };
        assert_eq!(read("src/../src/lib.rs", &src).unwrap(), "unsaved");
        // The boundary is checked before the buffer is used.
        let elsewhere = Access::within([Path::new("tests")]);
        assert_eq!(read("src/lib.rs", &elsewhere).unwrap_err().code(), "pacta::outside-project");
        // Files without a buffer are read from disk.
        assert!(read("src/main.rs", &src).unwrap().contains("fn main"));
        // A file that does not exist has no buffer to stand for it.
        let mut unsaved = Overlay::default();
        unsaved.insert(Path::new("src/nowhere.pacta"), "x".into());
        assert!(unsaved.is_empty());
    }
}
