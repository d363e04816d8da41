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

/// A path listed in pacta.toml: a directory or regular file inside the project.
fn listed(path: &Path, access: &Access) -> Result<(), Error> {
    let refuse = |error| Error::Read { path: path.display().to_string(), error };
    let resolved = access.check(path).map_err(refuse)?;
    match std::fs::metadata(resolved) {
        Ok(m) if m.is_dir() || m.is_file() => Ok(()),
        Ok(_) => Err(refuse(crate::input::ReadError::NotRegular)),
        Err(e) => Err(refuse(crate::input::ReadError::Io(e.to_string()))),
    }
}

/// The settings of a run: `--config PATH`, nothing with `--no-config`,
/// else the nearest `pacta.toml` from the working directory up. A file
/// found changes verdicts (parameters, the world, what fails), so which
/// one was used is said on stderr.
pub fn config(limits: &super::Limits) -> Result<Config, Error> {
    let config = if limits.no_config {
        None
    } else if let Some(path) = &limits.config {
        Some(Config::read(path)?)
    } else {
        let here = std::env::current_dir().unwrap_or_default();
        Config::discover(&here)?
    };
    if let Some(c) = &config {
        super::output::err!("note: settings from {} (--no-config to ignore it)", crate::escape::terminal(&c.name()));
    }
    Ok(config.unwrap_or_default())
}

/// Stops a run whose rule path is a scenario (`*.yaml`, `*.yml`, `*.json`): the
/// arguments were swapped (`pacta check examples/x.yaml rules/`), which
/// would otherwise surface as YAML failing to parse as rules, or as the
/// rules directory holding no scenario. `usage` is the command's synopsis.
pub fn rules_first<'a>(rules: impl IntoIterator<Item = &'a PathBuf>, usage: &str) -> Result<(), Error> {
    let scenario = |p: &&PathBuf| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| crate::scenario::EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
    };
    match rules.into_iter().find(scenario) {
        Some(p) => Err(Error::Usage(format!("`{}` is a scenario; the rule files come first: {usage}", p.display()))),
        None => Ok(()),
    }
}

/// With no positional arguments, everything comes from `pacta.toml`; with
/// only RULES given, only those rules are validated (no scenarios).
/// `usage` is the command's synopsis, for [`rules_first`].
pub fn resolve(
    rules: Option<&PathBuf>,
    scenarios: &[PathBuf],
    limits: &super::Limits,
    usage: &str,
) -> Result<Project, Vec<Error>> {
    let config = config(limits).map_err(|e| vec![e])?;
    let from_config = rules.is_none();
    let (rules, patterns) = match rules {
        Some(r) => (vec![r.clone()], scenarios.to_vec()),
        None => (config.rule_paths(), config.scenario_patterns()),
    };
    rules_first(&rules, usage).map_err(|e| vec![e])?;
    if rules.is_empty() {
        return Err(vec![Error::Usage(format!(
            "no rule files: name them (`pacta check rules/ …`) or list `rules` in {}",
            config::FILE_NAME
        ))]);
    }
    let named: Vec<PathBuf> =
        config::expand(&patterns).map_err(|e| vec![e])?.iter().map(|p| limits.scenario_path(p)).collect();
    // Paths given on the command line are trusted, and so are the
    // directories they are in; paths listed in pacta.toml are named in a
    // file, and are held to the project like an import.
    let given: Vec<&Path> =
        if from_config { Vec::new() } else { rules.iter().chain(&named).map(PathBuf::as_path).collect() };
    let access = limits.access(&config, &given);
    if from_config {
        let refused: Vec<Error> = rules.iter().chain(&named).filter_map(|p| listed(p, &access).err()).collect();
        if !refused.is_empty() {
            return Err(refused);
        }
    }
    let scenarios = crate::batch::scenario_paths(&named, &access)?;
    Ok(Project { rules, scenarios, config, access })
}
