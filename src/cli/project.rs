//! What a run works on: the command line first, then `pacta.toml`.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::config::{self, Config};
use crate::input::Access;

/// Rule paths, scenario files and project settings for one run.
pub struct Project {
    pub rules: Vec<PathBuf>,
    pub scenarios: Vec<PathBuf>,
    pub config: Config,
    /// What imports, includes and walks may read.
    pub access: Access,
}

/// The nearest `pacta.toml` from the working directory up, or defaults.
pub fn config() -> Result<Config, Error> {
    let here = std::env::current_dir().unwrap_or_default();
    Ok(Config::discover(&here)?.unwrap_or_default())
}

/// With no positional arguments, everything comes from `pacta.toml`; with
/// only RULES given, only those rules are validated (no scenarios).
pub fn resolve(rules: Option<&PathBuf>, scenarios: &[PathBuf], limits: &super::Limits) -> Result<Project, Vec<Error>> {
    let config = config().map_err(|e| vec![e])?;
    let (rules, patterns) = match rules {
        Some(r) => (vec![r.clone()], scenarios.to_vec()),
        None => (config.rule_paths(), config.scenario_patterns()),
    };
    if rules.is_empty() {
        return Err(vec![Error::Usage(format!(
            "no rule files: name them (`pacta check rules/ …`) or list `rules` in {}",
            config::FILE_NAME
        ))]);
    }
    let named = config::expand(&patterns).map_err(|e| vec![e])?;
    let roots: Vec<&Path> = rules.iter().chain(&named).map(PathBuf::as_path).collect();
    let access = limits.access(&config, &roots);
    let scenarios = crate::batch::scenario_paths(&named, &access)?;
    Ok(Project { rules, scenarios, config, access })
}
