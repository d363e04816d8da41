//! `pacta check RULES [SCENARIO…]`: validate rule files; with scenarios,
//! judge each one (in parallel) and report the findings.

use std::path::PathBuf;

use clap::ValueEnum;

use super::Exit;
use super::output::{Color, Format, err, err_raw, out, out_raw};
use crate::eval::{self, Options};
use crate::report::human::count;
use crate::report::{self, Diagnostic, FailOn, Level, RunReport};
use crate::span::Sources;
use crate::{Error, calendar};

/// The synopsis, for errors about the arguments.
const USAGE: &str = "pacta check RULES SCENARIO…";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule file or a directory searched for `*.pacta` (default: `rules`
    /// in pacta.toml).
    rules: Option<PathBuf>,
    /// Scenario files, directories searched for `*.yaml` / `*.yml`, or glob
    /// patterns (default: `scenarios` in pacta.toml when no RULES is given).
    scenarios: Vec<PathBuf>,
    /// Output format (default: `format` in pacta.toml, else human).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Evaluate as of this date (YYYY-MM-DD) instead of the scenario's `as_of`.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to", "during"])]
    at: Option<String>,
    #[command(flatten)]
    period: super::Period,
    /// Override a treaty parameter: `-D baseline=1997-05-27`.
    #[arg(short = 'D', value_name = "NAME=VALUE")]
    define: Vec<String>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Scenarios evaluated at once (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    failing: super::Failing,
    #[command(flatten)]
    limits: super::Limits,
    #[command(flatten)]
    evidence: super::Evidence,
}

pub fn run(args: &Args) -> Exit {
    let mut sources = Sources::new();
    let mut format = args.format.unwrap_or(Format::Human);
    let project = match super::project::resolve(args.rules.as_ref(), &args.scenarios, &args.limits, USAGE) {
        Ok(p) => p,
        Err(errors) => return fail(format, args.color, &sources, errors.iter().map(Diagnostic::from).collect()),
    };
    let settings = (|| -> Result<(Format, FailOn, Options), Error> {
        let format = match (args.format, &project.config.format) {
            (Some(f), _) => f,
            (None, Some(name)) => Format::from_str(name, true)
                .map_err(|_| Error::Usage(format!("pacta.toml: unknown format `{name}`")))?,
            (None, None) => Format::Human,
        };
        let fail_on = args.failing.fail_on(&project.config)?;
        let mut options = options(args.at.as_ref(), &args.define)?;
        options.period = args.period.days()?;
        options.defaults = project.config.overrides();
        args.limits.apply(&project.config, &mut options);
        args.evidence.apply(&project.config, &mut options);
        Ok((format, fail_on, options))
    })();
    let (fail_on, options) = match settings {
        Ok((f, fail_on, o)) => {
            format = f;
            (fail_on, o)
        }
        Err(e) => return fail(format, args.color, &sources, vec![Diagnostic::from(&e)]),
    };
    let checked = match crate::load_rules(&project.rules, &mut sources, &project.access) {
        Ok(c) => c,
        Err(errors) => return fail(format, args.color, &sources, errors.iter().map(Diagnostic::from).collect()),
    };
    let warnings = checked.warnings.iter().map(|w| Diagnostic::from(&Error::Check(w.clone()))).collect();
    let jobs = args.jobs.or(project.config.jobs);
    let scenarios = match super::with_jobs(jobs, || {
        crate::batch::run_scenarios(&checked.program, &sources, &project.scenarios, &project.access, &options)
    }) {
        Ok(s) => s,
        Err(e) => return fail(format, args.color, &sources, vec![Diagnostic::from(&e)]),
    };
    let run = RunReport { program: &checked.program, rules: &sources, diagnostics: warnings, scenarios, fail_on };
    emit(format, args.color, &run, project.scenarios.is_empty());
    Exit::from(run.outcome())
}

/// `--at` and `-D` as evaluation options.
pub(super) fn options(at: Option<&String>, define: &[String]) -> Result<Options, Error> {
    let at = date_flag("--at", at)?;
    let overrides = defines("-D", define)?;
    Ok(eval::Options { at, overrides, ..eval::Options::default() })
}

/// `NAME=VALUE` flags as pairs; `flag` names the option in the error.
pub(super) fn defines(flag: &str, values: &[String]) -> Result<Vec<(String, String)>, Error> {
    values
        .iter()
        .map(|d| {
            d.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| Error::Usage(format!("{flag} expects NAME=VALUE, got `{d}`")))
        })
        .collect()
}

/// `--at` (or another date flag) as a date.
pub(super) fn date_flag(flag: &str, text: Option<&String>) -> Result<Option<calendar::Date>, Error> {
    text.map(|t| calendar::parse_date(t).map_err(|e| Error::Usage(format!("{flag}: {e}")))).transpose()
}

fn emit(format: Format, color: Color, run: &RunReport<'_>, rules_only: bool) {
    match format {
        Format::Json => {
            // Streamed: a closed pipe ends the output, as with `out!`.
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            if let Err(e) = report::json::write_run(run, &mut stdout).and_then(|()| std::io::Write::flush(&mut stdout))
            {
                super::output::record(e);
            }
        }
        Format::Sarif => out!("{:#}", report::sarif::run(run)),
        Format::Junit => out_raw!("{}", report::junit::check(run)),
        Format::Github => {
            out_raw!("{}", report::github::run(run));
            super::output::step_summary(&report::markdown::run(run));
        }
        Format::Markdown => out_raw!("{}", report::markdown::run(run)),
        Format::Human => {
            let (stdout, stderr) = report::human::run(run, color.stdout(), color.stderr());
            err_raw!("{stderr}");
            if rules_only {
                let p = run.program;
                let s = run.summary();
                let warnings = run.diagnostics.len() - s.errors;
                out!(
                    "{}, {}, {}: {}, {}",
                    count(p.treaties.len(), "treaty"),
                    count(p.clauses.len(), "clause"),
                    count(p.defs.len(), "definition"),
                    count(s.errors, "error"),
                    count(warnings, "warning")
                );
            } else {
                out_raw!("{stdout}");
            }
        }
    }
}

/// Errors that stopped the run before any verdict: in the format asked
/// for (a SARIF or JUnit consumer must see them too, never an empty
/// file), and counted on stderr.
fn fail(format: Format, color: Color, sources: &Sources, mut diags: Vec<Diagnostic>) -> Exit {
    report::sort(&mut diags);
    let n = diags.iter().filter(|d| d.level == Level::Error).count();
    match format {
        Format::Human => return fail_with(color, sources, diags),
        Format::Json => out!("{:#}", report::json::errors(sources, &diags)),
        _ => {
            let program = crate::plan::Program::default();
            let run = RunReport {
                program: &program,
                rules: sources,
                diagnostics: diags,
                scenarios: Vec::new(),
                fail_on: FailOn::default(),
            };
            emit(format, color, &run, false);
        }
    }
    err!("{}; nothing was evaluated", count(n, "error"));
    Exit::InvalidInput
}

/// Reports errors that stopped a run before evaluation, on stderr.
pub(super) fn fail_with(color: Color, sources: &Sources, mut diags: Vec<Diagnostic>) -> Exit {
    report::sort(&mut diags);
    let h = report::human::Human { sources, color: color.stderr() };
    for d in &diags {
        err_raw!("{}", h.diagnostic(d));
    }
    let n = diags.iter().filter(|d| d.level == Level::Error).count();
    err!("{}; nothing was evaluated", count(n, "error"));
    Exit::InvalidInput
}
