//! Reading a rule set: the rule files named on the command line (files or
//! directories, searched for `*.pacta`) or a text given in memory
//! ([`load_str`]), plus every file they import, each
//! parsed once. Import edges are resolved to module indexes here; cycles
//! and visibility are the checker's business. Imports are followed with an
//! explicit stack, never by recursion, and stay inside the project
//! ([`Access`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::ast::{Item, Module};
use crate::check::{CheckError, CheckErrorKind};
use crate::input::{self, Access, Kind, Origin, Overlay};
use crate::span::{Sources, Span};

/// The longest chain of imports, a file importing a file importing …
/// The bundled library needs two.
pub const MAX_IMPORT_DEPTH: usize = 64;

/// Parsed rule files and their import edges.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub modules: Vec<Module>,
    /// For each module, the modules it imports, with the import's span.
    pub imports: Vec<Vec<(usize, Span)>>,
    /// The modules named on the command line (or found in a directory
    /// named there); the others are only imported, and their warnings are
    /// the library's business, not the importer's.
    pub named: std::collections::BTreeSet<usize>,
}

/// Reads and parses the rule files under `roots`, following imports.
/// All errors of all files are returned together.
pub fn load(roots: &[PathBuf], sources: &mut Sources, access: &Access) -> Result<RuleSet, Vec<Error>> {
    load_overlaid(roots, sources, access, &Overlay::default())
}

/// [`load`], taking the text of each file that has a buffer in `overlay`
/// from there (an editor's unsaved changes).
pub fn load_overlaid(
    roots: &[PathBuf],
    sources: &mut Sources,
    access: &Access,
    overlay: &Overlay,
) -> Result<RuleSet, Vec<Error>> {
    let mut loader = Loader::new(sources, access, overlay);
    for path in discover(roots, access, &mut loader.errors) {
        loader.tree(&path);
        if let Some(&module) = loader.by_path.get(&key(&path)) {
            loader.set.named.insert(module);
        }
    }
    loader.finish()
}

/// Parses rule text already in memory, named `path` in messages; its
/// imports are read relative to `path`'s directory, inside `access`.
pub fn load_str(path: PathBuf, text: String, sources: &mut Sources, access: &Access) -> Result<RuleSet, Vec<Error>> {
    load_str_overlaid(path, text, sources, access, &Overlay::default())
}

/// [`load_str`], with the imported files that have a buffer in `overlay`
/// taken from there.
pub fn load_str_overlaid(
    path: PathBuf,
    text: String,
    sources: &mut Sources,
    access: &Access,
    overlay: &Overlay,
) -> Result<RuleSet, Vec<Error>> {
    let mut loader = Loader::new(sources, access, overlay);
    let first = loader.parsed(&path, text);
    loader.set.named.insert(first.module);
    loader.follow(first);
    loader.finish()
}

struct Loader<'s> {
    sources: &'s mut Sources,
    access: &'s Access,
    overlay: &'s Overlay,
    by_path: BTreeMap<PathBuf, usize>,
    set: RuleSet,
    errors: Vec<Error>,
}

/// A file whose imports are being followed.
struct Frame {
    module: usize,
    dir: PathBuf,
    imports: std::vec::IntoIter<(String, Span)>,
}

impl<'s> Loader<'s> {
    fn new(sources: &'s mut Sources, access: &'s Access, overlay: &'s Overlay) -> Self {
        Loader { sources, access, overlay, by_path: BTreeMap::new(), set: RuleSet::default(), errors: Vec::new() }
    }

    /// Loads a file named on the command line and, depth first, what it
    /// imports.
    fn tree(&mut self, root: &Path) {
        if self.by_path.contains_key(&key(root)) {
            return;
        }
        if let Some(first) = self.file(root, None) {
            self.follow(first);
        }
    }

    /// Loads, depth first, what `first` imports.
    fn follow(&mut self, first: Frame) {
        let mut stack = vec![first];
        while let Some(top) = stack.last_mut() {
            let Some((written, span)) = top.imports.next() else {
                stack.pop();
                continue;
            };
            let importer = top.module;
            let target = match written.strip_prefix(LIBRARY_PREFIX) {
                Some(name) => match library_file(name, self.access) {
                    Ok(path) => path,
                    Err(kind) => {
                        self.errors.push(Error::Check(CheckError::new(kind, span)));
                        continue;
                    }
                },
                None => top.dir.join(&written),
            };
            if let Some(&known) = self.by_path.get(&key(&target)) {
                self.set.imports[importer].push((known, span));
            } else if stack.len() >= MAX_IMPORT_DEPTH {
                let kind = CheckErrorKind::ImportTooDeep { limit: MAX_IMPORT_DEPTH };
                self.errors.push(Error::Check(CheckError::new(kind, span)));
            } else if let Some(frame) = self.file(&target, Some(span)) {
                self.set.imports[importer].push((frame.module, span));
                stack.push(frame);
            }
        }
    }

    /// Reads and parses `path` (not loaded yet); its imports, still to follow.
    fn file(&mut self, path: &Path, imported_at: Option<Span>) -> Option<Frame> {
        let origin = if imported_at.is_some() { Origin::Untrusted } else { Origin::CommandLine };
        let text = match input::read_overlaid(path, Kind::Rules, origin, self.access, self.overlay) {
            Ok(t) => t,
            Err(error) => {
                let path = path.display().to_string();
                self.errors.push(match imported_at {
                    Some(span) => Error::Check(CheckError::new(CheckErrorKind::Import { path, error }, span)),
                    None => Error::Read { path, error },
                });
                return None;
            }
        };
        Some(self.parsed(path, text))
    }

    /// Parses the text of `path`; its imports, still to follow.
    fn parsed(&mut self, path: &Path, text: String) -> Frame {
        let module = self.set.modules.len();
        self.by_path.insert(key(path), module);
        let file = self.sources.add(path.to_path_buf(), text);
        let parsed = self.sources.get(file).map(|f| crate::syntax::parse(file, &f.text));
        let module_ast = match parsed {
            Some(Ok(m)) => m,
            Some(Err(errors)) => {
                self.errors.extend(errors.into_iter().map(Error::Syntax));
                Module { file, items: Vec::new() }
            }
            None => Module { file, items: Vec::new() },
        };
        let imports: Vec<(String, Span)> = module_ast
            .items
            .iter()
            .filter_map(|i| if let Item::Import(imp) = i { Some((imp.path.value.clone(), imp.span)) } else { None })
            .collect();
        self.set.modules.push(module_ast);
        self.set.imports.push(Vec::new());
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Frame { module, dir, imports: imports.into_iter() }
    }

    fn finish(self) -> Result<RuleSet, Vec<Error>> {
        if self.errors.is_empty() { Ok(self.set) } else { Err(self.errors) }
    }
}

/// How an import names a file of a library directory (`--lib`, `lib` in
/// pacta.toml) instead of a path relative to the importer.
pub const LIBRARY_PREFIX: &str = "pacta:";

/// The first library directory holding `name` (`schema/security`, with
/// `.pacta` added if it has no extension). `name` is relative and has no
/// `..`, so it cannot leave the directory by its spelling (links are
/// confined when the file is read).
fn library_file(name: &str, access: &Access) -> Result<PathBuf, CheckErrorKind> {
    let mut relative = PathBuf::from(name);
    let plain = relative.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    let searched = || access.library().iter().map(|d| format!("`{}`", d.display())).collect::<Vec<_>>().join(", ");
    if name.is_empty() || !plain {
        return Err(CheckErrorKind::NoLibraryFile { name: name.to_string(), searched: searched() });
    }
    if relative.extension().is_none() {
        relative.set_extension("pacta");
    }
    access
        .library()
        .iter()
        .map(|dir| dir.join(&relative))
        .find(|p| p.is_file())
        .ok_or_else(|| CheckErrorKind::NoLibraryFile { name: name.to_string(), searched: searched() })
}

/// Which file a path is: its canonical path (one file reached by two
/// spellings, or through a link, is loaded once), else its normal form.
fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
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
fn discover(roots: &[PathBuf], access: &Access, errors: &mut Vec<Error>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    for root in roots {
        if root.is_dir() {
            let before = (found.len(), unreadable.len());
            found.extend(input::walk(root, &["pacta"], access, &mut unreadable));
            if (found.len(), unreadable.len()) == before {
                unreadable.push((root.clone(), input::ReadError::NothingFound { ext: "pacta" }));
            }
        } else if root.exists() {
            found.push(root.clone());
        } else {
            unreadable.push((root.clone(), input::ReadError::NotFound));
        }
    }
    errors.extend(unreadable.into_iter().map(|(p, error)| Error::Read { path: p.display().to_string(), error }));
    found.sort();
    found.dedup();
    found
}
