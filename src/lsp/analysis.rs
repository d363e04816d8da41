//! One run of the loader and checker, as `pacta check` runs them, over a
//! project's rule files or a rule file alone, with the open documents'
//! texts standing for their files. It keeps what the requests read: the
//! sources, the syntax trees, where each name resolves (the checker's side
//! table, [`crate::check::Names`]), the checked program and every
//! diagnostic.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::ast::Module;
use crate::check::{Checked, Names};
use crate::input::{Access, Overlay};
use crate::report::Diagnostic;
use crate::span::{FileId, Sources};

use super::project::Project;

/// What to load.
pub enum Input<'a> {
    /// Every rule file of a project.
    Project(&'a Project),
    /// One document's text, named `name`, and what it imports.
    Alone { name: PathBuf, text: String, access: Access },
}

pub struct Analysis {
    pub sources: Sources,
    /// The parsed rule files; empty when one of them did not parse.
    pub modules: Vec<Module>,
    /// Empty when the rules did not load (a syntax or read error).
    pub names: Names,
    /// The program, when the rules checked without error.
    pub checked: Option<Checked>,
    /// Every error and warning, as `pacta check` reports them.
    pub diagnostics: Vec<Diagnostic>,
    /// Each file by its identity ([`identity`]).
    by_path: HashMap<PathBuf, FileId>,
}

impl Analysis {
    pub fn run(input: Input<'_>, overlay: &Overlay) -> Analysis {
        let mut sources = Sources::new();
        let loaded = match input {
            Input::Project(project) => {
                crate::rules::load_overlaid(&project.rules, &mut sources, &project.access, overlay)
            }
            Input::Alone { name, text, access } => {
                crate::rules::load_str_overlaid(name, text, &mut sources, &access, overlay)
            }
        };
        let mut analysis = Analysis {
            sources,
            modules: Vec::new(),
            names: Names::default(),
            checked: None,
            diagnostics: Vec::new(),
            by_path: HashMap::new(),
        };
        match loaded {
            Err(errors) => analysis.diagnostics = errors.iter().map(Diagnostic::from).collect(),
            Ok(rules) => {
                let (checked, names) = crate::check::check_indexed(&rules, &analysis.sources);
                let (diagnostics, checked) = match checked {
                    Ok(c) => (c.warnings.iter().map(check_diagnostic).collect(), Some(c)),
                    Err(errors) => (errors.iter().map(check_diagnostic).collect(), None),
                };
                (analysis.diagnostics, analysis.checked, analysis.names) = (diagnostics, checked, names);
                analysis.modules = rules.modules;
            }
        }
        crate::report::sort(&mut analysis.diagnostics);
        analysis.by_path = analysis.sources.files().map(|(id, f)| (identity(&f.path), id)).collect();
        analysis
    }

    /// The file read for `path`, if this run read it.
    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(&identity(path)).copied()
    }

    /// The syntax tree of `file`.
    pub fn module(&self, file: FileId) -> Option<&Module> {
        self.modules.iter().find(|m| m.file == file)
    }
}

fn check_diagnostic(e: &crate::check::CheckError) -> Diagnostic {
    Diagnostic::from(&crate::Error::Check(e.clone()))
}

/// Which file a path is: its canonical path, else its normal absolute form
/// (a buffer never saved).
pub fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| super::uri::normal(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())))
}
