//! Diagnostics of an open scenario (YAML or JSON): its text loaded against
//! the schema of its project's rule files, with the project's settings,
//! reporting what `pacta check` reports for it before judging: loader
//! errors (of the file and what it includes) and parameter settings that
//! name no parameter or do not fit its type. It is not judged: findings
//! are `pacta check`'s. A data file (`include_only: true`) is checked as
//! the data it is, without the error that it is no scenario.

use super::diagnostics;
use super::documents::{Document, Documents};
use super::workspace::Workspace;
use crate::report::Diagnostic;
use crate::scenario::{IncludeCache, Split};

/// What checking a scenario document gave.
pub enum Outcome {
    Checked(Vec<lsp_types::Diagnostic>),
    /// Not checked, and why (for the log): it belongs to no project.
    Unchecked(String),
}

pub fn check(doc: &Document, workspace: &mut Workspace, docs: &Documents) -> Outcome {
    let Some(path) = &doc.path else {
        return Outcome::Unchecked(format!("{}: not a local file, so in no project", doc.uri.as_str()));
    };
    let project = match super::project::find(path) {
        None => {
            let why = format!("{}: no pacta.toml above it, so no rules to check it with", path.display());
            return Outcome::Unchecked(why);
        }
        Some(Err(e)) => {
            return Outcome::Checked(vec![diagnostics::convert(&Diagnostic::from(&e), None, &Default::default())]);
        }
        Some(Ok(p)) => p,
    };
    let analysis = workspace.project(&project, docs);
    let Some(checked) = &analysis.checked else {
        // The rules' errors, on the scenario: it cannot be loaded without them.
        return Outcome::Checked(diagnostics::of_document(&analysis.diagnostics, &analysis.sources, None, &doc.text));
    };
    let program = &checked.program;
    let mut options = crate::eval::Options { defaults: project.config.overrides(), ..Default::default() };
    options.reading.min_confidence = project.config.min_confidence();
    options.reading.closed_world = project.config.closed_world.unwrap_or(false);
    let cache = IncludeCache::new(&program.schema, options.reading).with_split(Split::Off);
    let mut sources = analysis.sources.clone();
    let loaded =
        crate::scenario::load_str_cached(path.clone(), doc.text.clone(), &mut sources, &project.access, &cache);
    let found: Vec<Diagnostic> = match loaded {
        Err(errors) => {
            let data = crate::scenario::is_include_only(&doc.text);
            let errors = errors.into_iter().map(crate::Error::Scenario).map(|e| Diagnostic::from(&e));
            errors.filter(|d| !(data && d.code == "pacta::include-only")).collect()
        }
        Ok(scenario) => match crate::eval::check_overrides(program, &scenario, &options) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.iter().map(Diagnostic::from).collect(),
        },
    };
    let file = sources.files().filter(|(_, f)| &f.path == path).map(|(id, _)| id).last();
    Outcome::Checked(diagnostics::of_document(&found, &sources, file, &doc.text))
}
