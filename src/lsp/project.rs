//! Which rule files a document is checked with, found as `pacta check`
//! with no arguments finds them: the nearest `pacta.toml` above the
//! document, its `rules` setting, else the `rules/` directory beside it.
//! A rule file outside those (a test case, a file of another project, a
//! buffer never saved) is checked alone with what it imports, as
//! `pacta check FILE` would check it.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::config::{Config, FILE_NAME};
use crate::input::Access;

/// A project: its settings and rule files.
#[derive(Debug)]
pub struct Project {
    /// The `pacta.toml` read.
    pub file: PathBuf,
    pub config: Config,
    pub rules: Vec<PathBuf>,
    /// The project's boundary: the directory of `pacta.toml`.
    pub access: Access,
}

/// The nearest project above `path` (a document); an error when its
/// `pacta.toml` cannot be used.
pub fn find(path: &Path) -> Option<Result<Project, Error>> {
    let dir = path.parent()?;
    let file = dir.ancestors().map(|d| d.join(FILE_NAME)).find(|f| f.is_file())?;
    Some(read(file))
}

fn read(file: PathBuf) -> Result<Project, Error> {
    let config = Config::read(&file)?;
    let root = config.root.clone();
    let mut rules = config.rule_paths();
    if rules.is_empty() && root.join("rules").is_dir() {
        rules.push(root.join("rules"));
    }
    if rules.is_empty() {
        let why = format!("no rule files: list `rules` in {} or make a `rules/` directory beside it", file.display());
        return Err(Error::Usage(why));
    }
    let access = Access::within([root.as_path()]);
    // Paths listed in the file are held to the project, as `pacta check` holds them.
    if let Some((path, error)) = rules.iter().find_map(|p| access.check(p).err().map(|e| (p, e))) {
        return Err(Error::Read { path: path.display().to_string(), error });
    }
    Ok(Project { file, config, rules, access })
}

impl Project {
    /// Whether the rule file at `path` is one of the project's: listed, or
    /// under a listed directory.
    pub fn owns(&self, path: &Path) -> bool {
        let Ok(file) = std::fs::canonicalize(path) else { return false };
        self.rules.iter().filter_map(|r| std::fs::canonicalize(r).ok()).any(|r| file.starts_with(r))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn finds_the_repository_project_from_a_rule_file() {
        let here = std::path::absolute("rules/schema/defs.pacta").unwrap();
        let project = find(&here).unwrap().unwrap();
        assert_eq!(project.file, std::path::absolute("pacta.toml").unwrap());
        assert!(project.owns(&here));
        assert!(!project.owns(Path::new("tests/check/ok/imports.pacta")));
        assert!(project.access.check(Path::new("examples/baltic-2022.yaml")).is_ok());
    }
}
