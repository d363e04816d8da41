//! Reading scenario files. (Being written: see the loader work item.)

use std::path::{Path, PathBuf};

use super::{Scenario, ScenarioError, ScenarioErrorKind};
use crate::check::schema::Schema;
use crate::span::{Sources, Span};

/// Loads a scenario file and everything it includes.
pub fn load(path: &Path, schema: &Schema, sources: &mut Sources) -> Result<Scenario, Vec<ScenarioError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![ScenarioError::new(
            ScenarioErrorKind::Io { path: path.display().to_string(), reason: e.to_string() },
            Span::default(),
        )]
    })?;
    load_str(path.to_path_buf(), text, schema, sources)
}

/// Loads a scenario from text already in memory.
pub fn load_str(path: PathBuf, text: String, _schema: &Schema, sources: &mut Sources) -> Result<Scenario, Vec<ScenarioError>> {
    let file = sources.add(path, text);
    Err(vec![ScenarioError::new(ScenarioErrorKind::Yaml("loader not written yet".into()), Span::new(file, 0, 0))])
}
