//! The analyses the open documents need, one per unit (a project's rule
//! files, or a rule file checked alone), each run once and kept until a
//! document changes, opens, closes or is saved: then every one is dropped,
//! since a change to one file can change what another reports.

use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use super::analysis::{Analysis, Input};
use super::documents::{Document, Documents};
use super::project::{self, Project};
use crate::input::Access;
use crate::report::Diagnostic;
use crate::span::FileId;

/// What one analysis covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Unit {
    /// A project's rule files, by its `pacta.toml`.
    Project(PathBuf),
    /// A document alone (by URI) and what it imports.
    Alone(String),
}

/// A document's analysis, and where the document is in it.
pub struct Found {
    pub analysis: Rc<Analysis>,
    /// The document's file; `None` when its unit did not read it (it did
    /// not load).
    pub file: Option<FileId>,
    /// Problems finding the project (a `pacta.toml` that cannot be used):
    /// the document is then checked alone, and told why.
    pub setup: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct Workspace {
    analyses: HashMap<Unit, Rc<Analysis>>,
    /// The last analysis of each unit whose rules loaded, kept across
    /// changes: completion's names while what is typed does not parse.
    loaded: HashMap<Unit, Rc<Analysis>>,
}

impl Workspace {
    /// Forgets every analysis: something changed.
    pub fn changed(&mut self) {
        self.analyses.clear();
    }

    /// The analysis of a rule document's unit, run if not cached.
    pub fn rules(&mut self, doc: &Document, docs: &Documents) -> Found {
        let plan = Plan::of(doc);
        let analysis = match self.analyses.get(&plan.unit) {
            Some(a) => a.clone(),
            None => {
                let a = Rc::new(plan.run(doc, docs, None));
                self.analyses.insert(plan.unit.clone(), a.clone());
                if !a.names.refs.is_empty() {
                    self.loaded.insert(plan.unit.clone(), a.clone());
                }
                a
            }
        };
        plan.found(doc, analysis)
    }

    /// The last analysis of the document's unit whose rules loaded, if
    /// any: its places may be out of date, its names are not.
    pub fn last_loaded(&self, doc: &Document) -> Option<Found> {
        let plan = Plan::of(doc);
        let analysis = self.loaded.get(&plan.unit)?.clone();
        Some(plan.found(doc, analysis))
    }

    /// The analysis of a rule document's unit with `text` in the
    /// document's place (a completion's guess at what is being typed);
    /// not cached.
    pub fn rules_with(&self, doc: &Document, docs: &Documents, text: String) -> Found {
        let plan = Plan::of(doc);
        let analysis = Rc::new(plan.run(doc, docs, Some(text)));
        plan.found(doc, analysis)
    }

    /// The analysis of a project's rule files (a scenario's schema).
    pub fn project(&mut self, project: &Project, docs: &Documents) -> Rc<Analysis> {
        let unit = Unit::Project(super::analysis::identity(&project.file));
        self.analyses
            .entry(unit)
            .or_insert_with(|| Rc::new(Analysis::run(Input::Project(project), &docs.overlay())))
            .clone()
    }
}

/// How a rule document is checked.
struct Plan {
    unit: Unit,
    project: Option<Project>,
    setup: Vec<Diagnostic>,
}

impl Plan {
    fn of(doc: &Document) -> Plan {
        let alone = Unit::Alone(doc.uri.as_str().to_string());
        let Some(path) = &doc.path else {
            return Plan { unit: alone, project: None, setup: Vec::new() };
        };
        match project::find(path) {
            Some(Ok(p)) if p.owns(path) => {
                Plan { unit: Unit::Project(super::analysis::identity(&p.file)), project: Some(p), setup: Vec::new() }
            }
            Some(Ok(p)) => Plan { unit: alone, project: Some(p), setup: Vec::new() },
            Some(Err(e)) => Plan { unit: alone, project: None, setup: vec![Diagnostic::from(&e)] },
            None => Plan { unit: alone, project: None, setup: Vec::new() },
        }
    }

    fn run(&self, doc: &Document, docs: &Documents, text: Option<String>) -> Analysis {
        let mut overlay = docs.overlay();
        if let (Some(text), Some(path)) = (&text, &doc.path) {
            overlay.insert(path, text.clone());
        }
        match (&self.unit, &self.project) {
            (Unit::Project(_), Some(project)) => Analysis::run(Input::Project(project), &overlay),
            _ => {
                let name = doc.path.clone().unwrap_or_else(|| PathBuf::from(doc.uri.as_str()));
                // As `pacta check FILE`: the project and the file's directory.
                let mut access = Access::default();
                if let Some(p) = &self.project {
                    access.add(&p.file);
                }
                if let Some(path) = &doc.path {
                    access.add(path);
                }
                let text = text.unwrap_or_else(|| doc.text.clone());
                Analysis::run(Input::Alone { name, text, access }, &overlay)
            }
        }
    }

    fn found(self, doc: &Document, analysis: Rc<Analysis>) -> Found {
        let file = match &doc.path {
            Some(path) => analysis.file(path),
            None => analysis.sources.find(&PathBuf::from(doc.uri.as_str())),
        };
        Found { analysis, file, setup: self.setup }
    }
}
