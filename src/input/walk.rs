//! Directory walks: the files under a directory whose extension is one
//! of a few, sorted. Links to directories are not followed (two `a -> .`
//! links would make the walk endless). What a walk keeps must be a regular
//! file: a link to a file is resolved and kept only when its target is a
//! regular file inside the project; a device, pipe or socket with a
//! matching name (`zero.yaml -> /dev/zero`) is an error, not a file to read.

use std::fs::FileType;
use std::path::{Path, PathBuf};

use super::{Access, ReadError};

/// The files with one of `extensions` under `root`, sorted. Entries that
/// cannot be read, or are no regular file, are reported and skipped.
pub fn walk(root: &Path, extensions: &[&str], access: &Access, errors: &mut Vec<(PathBuf, ReadError)>) -> Vec<PathBuf> {
    let wanted = |p: &Path| p.extension().and_then(|x| x.to_str()).is_some_and(|x| extensions.contains(&x));
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push((dir, ReadError::of(&e)));
                continue;
            }
        };
        for entry in entries.filter_map(Result::ok) {
            let (path, Ok(kind)) = (entry.path(), entry.file_type()) else { continue };
            if kind.is_dir() {
                pending.push(path);
            } else if wanted(&path) {
                match regular(&path, kind, access) {
                    Ok(()) => found.push(path),
                    Err(e) => errors.push((path, e)),
                }
            }
        }
    }
    found.sort();
    errors.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Whether a walked entry is a regular file, or a link to one inside
/// the project. A link to a directory is not followed.
fn regular(path: &Path, kind: FileType, access: &Access) -> Result<(), ReadError> {
    if kind.is_file() {
        return Ok(());
    }
    if !kind.is_symlink() {
        return Err(ReadError::NotRegular);
    }
    let target = access.check(path)?;
    match std::fs::metadata(target) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) if m.is_dir() => Err(ReadError::Directory),
        Ok(_) => Err(ReadError::NotRegular),
        Err(e) => Err(ReadError::of(&e)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn finds_files_by_extension_in_sorted_order() {
        let mut errors = Vec::new();
        let found = walk(Path::new("src/input"), &["rs"], &Access::within([Path::new("src")]), &mut errors);
        let names: Vec<_> = found.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["access.rs", "mod.rs", "overlay.rs", "read.rs", "walk.rs"]);
        assert!(errors.is_empty());
    }
}
