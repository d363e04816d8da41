//! What a run works on: the command line first, then `pacta.toml`.

use std::path::PathBuf;

use crate::Error;
use crate::config::{self, Config};

/// Rule paths, scenario files and project settings for one run.
pub struct Project {
    pub rules: Vec<PathBuf>,
    pub scenarios: Vec<PathBuf>,
    pub config: Config,
}

/// With no positional arguments, everything comes from `pacta.toml`; with
/// only RULES given, only those rules are validated (no scenarios).
pub fn resolve(rules: Option<&PathBuf>, scenarios: &[PathBuf]) -> Result<Project, Error> {
    let here = std::env::current_dir().unwrap_or_default();
    let config = Config::discover(&here)?.unwrap_or_default();
    let (rules, patterns) = match rules {
        Some(r) => (vec![r.clone()], scenarios.to_vec()),
        None => (config.rule_paths(), config.scenario_patterns()),
    };
    if rules.is_empty() {
        return Err(Error::Usage(format!(
            "no rule files: name them (`pacta check rules/ …`) or list `rules` in {}",
            config::FILE_NAME
        )));
    }
    let scenarios = crate::batch::scenario_paths(&config::expand(&patterns)?)?;
    Ok(Project { rules, scenarios, config })
}
