//! `pacta check RULES [SCENARIO…]`: validate rule files; with scenarios,
//! judge each one and report the findings.

use std::path::{Path, PathBuf};

use super::Exit;
use super::output::{Color, Format};
use super::output::{err, err_raw, out, out_raw};
use crate::eval::{self, Options};
use crate::report::{self, Diagnostic, Level, RunReport, ScenarioResult, human::Human};
use crate::span::Sources;
use crate::{Error, calendar};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule file or a directory searched for `*.pacta`.
    rules: PathBuf,
    /// Scenario files, or directories searched for `*.yaml` / `*.yml`.
    scenarios: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Evaluate as of this date (YYYY-MM-DD) instead of the scenario's `as_of`.
    #[arg(long, value_name = "DATE")]
    at: Option<String>,
    /// Override a treaty parameter: `-D baseline=1997-05-27`.
    #[arg(short = 'D', value_name = "NAME=VALUE")]
    define: Vec<String>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

pub fn run(args: &Args) -> Exit {
    let mut sources = Sources::new();
    let mut diags = Vec::new();
    let options = match options(args) {
        Ok(o) => o,
        Err(e) => return fail(args, &sources, vec![Diagnostic::from(&e)]),
    };
    let checked = match crate::load_rules(std::slice::from_ref(&args.rules), &mut sources) {
        Ok(c) => c,
        Err(errors) => {
            return fail(args, &sources, errors.iter().map(Diagnostic::from).collect());
        }
    };
    diags.extend(checked.warnings.iter().map(|w| Diagnostic::from(&Error::Check(w.clone()))));
    let program = &checked.program;
    let paths = match scenario_paths(&args.scenarios) {
        Ok(p) => p,
        Err(e) => return fail(args, &sources, vec![Diagnostic::from(&e)]),
    };
    let mut results = Vec::new();
    for path in &paths {
        match crate::check_scenario(program, path, &mut sources, &options) {
            Ok(evaluation) => {
                let file = sources.find(path).unwrap_or_default();
                results.push(ScenarioResult { file, evaluation });
            }
            Err(errors) => diags.extend(errors.iter().map(Diagnostic::from)),
        }
    }
    report::sort(&mut diags);
    let run = RunReport { program, scenarios: results };
    emit(args, &sources, &run, &diags, paths.is_empty());
    if diags.iter().any(|d| d.level == Level::Error) {
        Exit::InvalidInput
    } else if run.summary().violations > 0 {
        Exit::Violations
    } else {
        Exit::Compliant
    }
}

fn options(args: &Args) -> Result<Options, Error> {
    let at = match &args.at {
        Some(text) => Some(calendar::parse_date(text).map_err(|e| Error::Usage(format!("--at: {e}")))?),
        None => None,
    };
    let overrides = args
        .define
        .iter()
        .map(|d| {
            d.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| Error::Usage(format!("-D expects NAME=VALUE, got `{d}`")))
        })
        .collect::<Result<_, _>>()?;
    Ok(eval::Options { at, overrides })
}

/// Scenario files: files as given, directories searched (sorted).
fn scenario_paths(args: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in args {
        if p.is_dir() {
            collect_yaml(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(Error::Io { path: p.display().to_string(), reason: "no such file or directory".into() });
        }
    }
    Ok(out)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io { path: dir.display().to_string(), reason: e.to_string() };
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(io)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_yaml(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
    Ok(())
}

fn emit(args: &Args, sources: &Sources, run: &RunReport<'_>, diags: &[Diagnostic], rules_only: bool) {
    match args.format {
        Format::Json => out!("{:#}", report::json::run(sources, run, diags)),
        Format::Human => {
            let err = Human { sources, color: args.color.stderr() };
            for d in diags {
                err_raw!("{}", err.diagnostic(d));
            }
            if rules_only {
                let p = run.program;
                let errors = diags.iter().filter(|d| d.level == Level::Error).count();
                let warnings = diags.len() - errors;
                out!(
                    "{} treaties, {} clauses, {} definitions: {errors} errors, {warnings} warnings",
                    p.treaties.len(),
                    p.clauses.len(),
                    p.defs.len()
                );
            } else {
                let out = Human { sources, color: args.color.stdout() };
                out_raw!("{}", out.run(run.program, run));
            }
        }
    }
}

fn fail(args: &Args, sources: &Sources, mut diags: Vec<Diagnostic>) -> Exit {
    report::sort(&mut diags);
    match args.format {
        Format::Json => out!("{:#}", report::json::errors(sources, &diags)),
        Format::Human => {
            let h = Human { sources, color: args.color.stderr() };
            for d in &diags {
                err_raw!("{}", h.diagnostic(d));
            }
            let n = diags.iter().filter(|d| d.level == Level::Error).count();
            err!("{n} error(s); nothing was evaluated");
        }
    }
    Exit::InvalidInput
}
