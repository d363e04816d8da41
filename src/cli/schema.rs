//! `pacta schema --json-schema [RULES…]`: the JSON Schema of scenarios
//! for the rule files' declarations, on standard output, for YAML editors
//! (`# yaml-language-server: $schema=…`). The rules are checked first: a
//! schema is only written for rules that hold together.

use std::path::PathBuf;

use super::Exit;
use super::check::fail_with;
use super::output::{Color, out};
use crate::report::Diagnostic;
use crate::span::Sources;
use crate::{Error, config};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rule files or directories searched for `*.pacta` (default: `rules`
    /// in pacta.toml).
    rules: Vec<PathBuf>,
    /// Write a JSON Schema (draft 2020-12) of scenario files: every entity
    /// type with its fields, the settings, parameters and clauses.
    #[arg(long, required = true)]
    json_schema: bool,
    /// Let `import` read files outside the project.
    #[arg(long)]
    allow_outside: bool,
    /// Read the project settings from this file instead of the nearest
    /// pacta.toml from the working directory up.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any pacta.toml: only the command line counts.
    #[arg(long)]
    no_config: bool,
}

pub fn run(args: &Args) -> Exit {
    let mut sources = Sources::new();
    let fail =
        |sources: &Sources, e: Vec<Error>| fail_with(Color::Auto, sources, e.iter().map(Diagnostic::from).collect());
    let (rules, access) = match project(args) {
        Ok(p) => p,
        Err(e) => return fail(&sources, vec![e]),
    };
    let checked = match crate::load_rules(&rules, &mut sources, &access) {
        Ok(c) => c,
        Err(errors) => return fail(&sources, errors),
    };
    out!("{:#}", crate::json_schema::for_program(&checked.program, &sources));
    Exit::Compliant
}

/// The rule paths (the command line's, else pacta.toml's) and what
/// imports may read.
fn project(args: &Args) -> Result<(Vec<PathBuf>, crate::input::Access), Error> {
    let limits = super::Limits {
        max_steps: None,
        timeout: None,
        allow_outside: args.allow_outside,
        lib: Vec::new(),
        config: args.config.clone(),
        no_config: args.no_config,
        base_dir: None,
    };
    let config = super::project::config(&limits)?;
    let rules = if args.rules.is_empty() { config.rule_paths() } else { args.rules.clone() };
    super::project::rules_first(&rules, "pacta schema --json-schema RULES…")?;
    if rules.is_empty() {
        let hint = format!("name them (`pacta schema --json-schema rules/`) or list `rules` in {}", config::FILE_NAME);
        return Err(Error::Usage(format!("no rule files: {hint}")));
    }
    let named: Vec<&std::path::Path> =
        if args.rules.is_empty() { Vec::new() } else { rules.iter().map(PathBuf::as_path).collect() };
    Ok((rules.clone(), limits.access(&config, &named)))
}
