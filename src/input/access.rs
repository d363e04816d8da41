//! The project's boundary: which files an `import`, an `include:` or a
//! directory walk may read.

use std::path::{Path, PathBuf};

use super::ReadError;

/// The directories untrusted paths must resolve into. Empty and not
/// `unconfined`: nothing untrusted may be read.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// Canonical paths of the roots.
    roots: Vec<PathBuf>,
    /// The roots as given, for messages.
    shown: Vec<String>,
    unconfined: bool,
    /// Library directories, in search order, for `import "pacta:…"`.
    library: Vec<PathBuf>,
}

impl Access {
    /// No boundary (`--allow-outside`).
    pub fn unconfined() -> Self {
        Access { unconfined: true, ..Access::default() }
    }

    /// Confined to `roots`: each a directory, or a file standing for the
    /// directory it is in. A root that does not exist adds nothing.
    pub fn within<'p>(roots: impl IntoIterator<Item = &'p Path>) -> Self {
        let mut access = Access::default();
        for root in roots {
            access.add(root);
        }
        access
    }

    /// Adds a root (a directory, or a file's directory).
    pub fn add(&mut self, root: &Path) {
        let dir = if root.is_dir() { root } else { root.parent().unwrap_or(Path::new("")) };
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        let Ok(canonical) = std::fs::canonicalize(dir) else { return };
        if !self.roots.iter().any(|r| canonical.starts_with(r)) {
            self.roots.retain(|r| !r.starts_with(&canonical));
            self.roots.push(canonical);
            self.shown.push(dir.display().to_string());
        }
    }

    /// Adds library directories: searched, in order, for `import
    /// "pacta:…"`, and readable as roots are.
    pub fn with_library<'p>(mut self, dirs: impl IntoIterator<Item = &'p Path>) -> Self {
        for dir in dirs {
            self.add(dir);
            self.library.push(dir.to_path_buf());
        }
        self
    }

    /// The library directories, in search order.
    pub fn library(&self) -> &[PathBuf] {
        &self.library
    }

    pub fn is_unconfined(&self) -> bool {
        self.unconfined
    }

    /// The file `path` resolves to, if it lies inside a root.
    pub fn check(&self, path: &Path) -> Result<PathBuf, ReadError> {
        let resolved = std::fs::canonicalize(path).map_err(|e| ReadError::of(&e))?;
        if self.unconfined || self.roots.iter().any(|r| resolved.starts_with(r)) {
            Ok(resolved)
        } else {
            let roots = if self.shown.is_empty() { "no project root".to_string() } else { self.shown.join(", ") };
            Err(ReadError::Outside { roots })
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::Diagnose;

    #[test]
    fn refuses_what_resolves_outside_the_roots() {
        let access = Access::within([Path::new("src")]);
        assert!(access.check(Path::new("src/lib.rs")).is_ok());
        assert!(access.check(Path::new("src/../src/lib.rs")).is_ok());
        assert_eq!(access.check(Path::new("src/../Cargo.toml")).unwrap_err().code(), "pacta::outside-project");
        assert_eq!(access.check(Path::new("/etc/passwd")).unwrap_err().code(), "pacta::outside-project");
        assert_eq!(access.check(Path::new("src/nowhere.rs")).unwrap_err(), ReadError::NotFound);
        assert!(Access::unconfined().check(Path::new("Cargo.toml")).is_ok());
    }

    #[test]
    fn a_file_root_stands_for_its_directory() {
        let access = Access::within([Path::new("src/lib.rs")]);
        assert!(access.check(Path::new("src/main.rs")).is_ok());
        assert!(access.check(Path::new("Cargo.toml")).is_err());
    }
}
