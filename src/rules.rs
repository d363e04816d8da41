//! Reading a rule set: the rule files named on the command line (files or
//! directories, searched for `*.pacta`), plus every file they import, each
//! parsed once. Import edges are resolved to module indexes here; cycles
//! and visibility are the checker's business.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::ast::{Item, Module};
use crate::check::{CheckError, CheckErrorKind};
use crate::span::{Sources, Span};

/// Parsed rule files and their import edges.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub modules: Vec<Module>,
    /// For each module, the modules it imports, with the import's span.
    pub imports: Vec<Vec<(usize, Span)>>,
}

/// Reads and parses the rule files under `roots`, following imports.
/// All errors of all files are returned together.
pub fn load(roots: &[PathBuf], sources: &mut Sources) -> Result<RuleSet, Vec<Error>> {
    let mut loader = Loader { sources, by_path: BTreeMap::new(), set: RuleSet::default(), errors: Vec::new() };
    for path in discover(roots, &mut loader.errors) {
        loader.file(&path, None);
    }
    if loader.errors.is_empty() { Ok(loader.set) } else { Err(loader.errors) }
}

struct Loader<'s> {
    sources: &'s mut Sources,
    by_path: BTreeMap<PathBuf, usize>,
    set: RuleSet,
    errors: Vec<Error>,
}

impl Loader<'_> {
    /// Loads `path` (once) and returns its module index.
    fn file(&mut self, path: &Path, imported_at: Option<Span>) -> Option<usize> {
        let key = normalize(path);
        if let Some(&i) = self.by_path.get(&key) {
            return Some(i);
        }
        let text = match crate::span::read_source(path, imported_at.is_some()) {
            Ok(t) => t,
            Err(e) => {
                self.errors.push(read_error(path, &e, imported_at));
                return None;
            }
        };
        let file = self.sources.add(path.to_path_buf(), text);
        let index = self.set.modules.len();
        self.by_path.insert(key, index);
        let text = self.sources.get(file).map(|f| f.text.clone()).unwrap_or_default();
        let module = match crate::syntax::parse(file, &text) {
            Ok(m) => m,
            Err(errors) => {
                self.errors.extend(errors.into_iter().map(Error::Syntax));
                crate::ast::Module { file, items: Vec::new() }
            }
        };
        self.set.modules.push(module);
        self.set.imports.push(Vec::new());
        let imports: Vec<(String, Span)> = self.set.modules[index]
            .items
            .iter()
            .filter_map(|i| if let Item::Import(imp) = i { Some((imp.path.value.clone(), imp.span)) } else { None })
            .collect();
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for (rel, span) in imports {
            if let Some(target) = self.file(&dir.join(&rel), Some(span)) {
                self.set.imports[index].push((target, span));
            }
        }
        Some(index)
    }
}

fn read_error(path: &Path, e: &std::io::Error, imported_at: Option<Span>) -> Error {
    let kind = CheckErrorKind::ImportNotFound { path: path.display().to_string(), reason: e.to_string() };
    match imported_at {
        Some(span) => Error::Check(CheckError::new(kind, span)),
        None => Error::Io { path: path.display().to_string(), reason: e.to_string() },
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system, so one file
/// reached by two spellings is loaded once.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Rule files under the given roots, sorted, so runs are deterministic.
fn discover(roots: &[PathBuf], errors: &mut Vec<Error>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for root in roots {
        if root.is_dir() {
            walk(root, &mut found, errors);
        } else if root.exists() {
            found.push(root.clone());
        } else {
            errors.push(Error::Io { path: root.display().to_string(), reason: "no such file or directory".into() });
        }
    }
    found.sort();
    found.dedup();
    found
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Error::Io { path: dir.display().to_string(), reason: e.to_string() });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, found, errors);
        } else if p.extension().is_some_and(|x| x == "pacta") {
            found.push(p);
        }
    }
}
