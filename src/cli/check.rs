//! `pacta check RULES [SCENARIO…]`: validate rule files; with scenarios,
//! judge each one (in parallel) and report the findings.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::Exit;
use super::emit::Report;
use super::live::Live;
use super::output::{Color, Format, err, err_raw, out_raw};
use crate::eval::{self, Options};
use crate::report::human::{Detail, count};
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
    /// Scenario files, directories searched for `*.yaml` / `*.yml` /
    /// `*.json`, or glob patterns (default: `scenarios` in pacta.toml when
    /// no RULES is given).
    scenarios: Vec<PathBuf>,
    /// Judge only this clause (`4.1` or `nato_russia_2021/4.1`);
    /// repeatable. Every other clause is left out of the run and the report.
    #[arg(long = "clause", value_name = "ID")]
    clauses: Vec<String>,
    /// Output format (default: `format` in pacta.toml, else human).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Also write the report in FORMAT to PATH (`sarif=pacta.sarif`);
    /// repeatable. A bare PATH takes the `--format` report off stdout.
    #[arg(short = 'o', long = "output", value_name = "FORMAT=PATH", value_parser = super::emit::output)]
    outputs: Vec<super::emit::Output>,
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
    /// Only the findings and the final summary: no per-scenario headers,
    /// pending lines or progress bar.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Human output: the wall time each scenario took to load and judge.
    #[arg(short, long)]
    verbose: bool,
    /// Scenarios evaluated at once (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    failing: super::Failing,
    /// The directory SARIF file URIs are relative to (default: the
    /// directory of pacta.toml, else the working directory).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Run again whenever a rule or scenario file the run read changes (or
    /// one is added to a directory named); Ctrl-C stops.
    #[arg(long)]
    watch: bool,
    #[command(flatten)]
    limits: super::Limits,
    #[command(flatten)]
    evidence: super::Evidence,
}

pub fn run(args: &Args) -> Exit {
    if !args.watch {
        return once(args, &mut super::watch::Read::default());
    }
    match super::watch::named(args.rules.as_ref(), &args.scenarios, &args.limits) {
        Ok(named) => super::watch::run(&named, |read| once(args, read)),
        Err(e) => fail_with(args.color, &Sources::new(), vec![Diagnostic::from(&e)]),
    }
}

/// One run; the files it read are added to `read`.
fn once(args: &Args, read: &mut super::watch::Read) -> Exit {
    let mut sources = Sources::new();
    let exit = judge(args, &mut sources, read);
    read.sources(&sources);
    exit
}

fn judge(args: &Args, sources: &mut Sources, read: &mut super::watch::Read) -> Exit {
    let mut format = args.format.unwrap_or(Format::Human);
    let project = match super::project::resolve(args.rules.as_ref(), &args.scenarios, &args.limits, USAGE) {
        Ok(p) => p,
        Err(errors) => return fail(args, format, sources, errors.iter().map(Diagnostic::from).collect()),
    };
    let settings = (|| -> Result<(Format, FailOn, Options), Error> {
        let format = match (args.format, project.config.format()) {
            (Some(f), _) => f,
            (None, Some((name, at))) => {
                Format::from_str(name, true).map_err(|_| Error::Usage(format!("{at}: unknown format `{name}`")))?
            }
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
        Err(e) => return fail(args, format, sources, vec![Diagnostic::from(&e)]),
    };
    let mut checked = match crate::load_rules(&project.rules, sources, &project.access) {
        Ok(c) => c,
        Err(errors) => return fail(args, format, sources, errors.iter().map(Diagnostic::from).collect()),
    };
    if let Err(unknown) = select(&mut checked.program, &args.clauses) {
        return fail(args, format, sources, vec![unknown]);
    }
    let warnings: Vec<Diagnostic> =
        checked.warnings.iter().map(|w| Diagnostic::from(&Error::Check(w.clone()))).collect();
    let pool = match super::pool(args.jobs.or(project.config.jobs)) {
        Ok(p) => p,
        Err(e) => return fail(args, format, sources, vec![Diagnostic::from(&e)]),
    };
    // Human output to the terminal streams: each scenario as it is judged.
    let to_stdout = !args.outputs.iter().any(|o| o.format.is_none());
    let rules_only = project.scenarios.is_empty();
    let stream = format == Format::Human && to_stdout && !rules_only;
    let detail = if args.quiet { Detail::Quiet } else { Detail::Normal };
    if stream {
        err_raw!("{}", report::human::diagnostics(sources, &warnings, args.color.stderr()));
    }
    let mut live = Live::new(&checked.program, project.scenarios.len(), stream, detail, args.color);
    live.verbose = args.verbose;
    let scenarios = crate::batch::run_scenarios_streamed(
        &pool,
        &checked.program,
        sources,
        &project.scenarios,
        &project.access,
        &options,
        |r, took| live.done(r, took),
    );
    live.finish();
    read.results(&scenarios);
    let run = RunReport { program: &checked.program, rules: sources, diagnostics: warnings, scenarios, fail_on };
    let root =
        args.root.clone().or_else(|| project.config.file.as_deref().and_then(Path::parent).map(Path::to_path_buf));
    let root = root.filter(|r| !r.as_os_str().is_empty()).unwrap_or_else(|| PathBuf::from("."));
    let report = Report { run: &run, rules_only, root: &root, stopped: false };
    if stream {
        out_raw!("{}", report::human::ending(&run));
    }
    if let Err(exit) = write(&report, format, args.color, &args.outputs, to_stdout && !stream) {
        return exit;
    }
    Exit::from(run.outcome())
}

/// The report on stdout (unless a bare `-o PATH` takes it), and in each
/// file asked for.
fn write(
    report: &Report<'_, '_>,
    format: Format,
    color: Color,
    outputs: &[super::emit::Output],
    to_stdout: bool,
) -> Result<(), Exit> {
    if to_stdout {
        report.to_stdout(format, color);
    }
    // The job summary once, however many GitHub reports were asked for.
    let github =
        (to_stdout && format == Format::Github) || outputs.iter().any(|o| o.format.unwrap_or(format) == Format::Github);
    if github {
        super::output::step_summary(&report::markdown::run(report.run));
    }
    for o in outputs {
        if let Err(e) = report.to_file(o.format.unwrap_or(format), &o.path) {
            err!("error: {e}");
            return Err(Exit::InvalidInput);
        }
    }
    Ok(())
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

/// Errors that stopped the run before any verdict: in the format asked
/// for and in every `--output` file (a SARIF or JUnit consumer must see
/// them too, never an empty or missing file), and counted on stderr.
fn fail(args: &Args, format: Format, sources: &Sources, mut diags: Vec<Diagnostic>) -> Exit {
    report::sort(&mut diags);
    let n = diags.iter().filter(|d| d.level == Level::Error).count();
    let program = crate::plan::Program::default();
    let run = RunReport {
        program: &program,
        rules: sources,
        diagnostics: diags,
        scenarios: Vec::new(),
        fail_on: FailOn::default(),
    };
    let report = Report { run: &run, rules_only: false, root: Path::new("."), stopped: true };
    let to_stdout = !args.outputs.iter().any(|o| o.format.is_none());
    if format == Format::Human && to_stdout {
        fail_with(args.color, sources, run.diagnostics.clone());
        return write(&report, format, args.color, &args.outputs, false).err().unwrap_or(Exit::InvalidInput);
    }
    if let Err(exit) = write(&report, format, args.color, &args.outputs, to_stdout) {
        return exit;
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

/// Keeps the clauses `--clause` names (all when it names none); a name that
/// is no clause is an error, not a run that judges nothing.
fn select(program: &mut crate::plan::Program, wanted: &[String]) -> Result<(), Diagnostic> {
    if let Some(unknown) = wanted.iter().find_map(|id| super::timeline::unknown_clause(program, id)) {
        return Err(unknown);
    }
    if !wanted.is_empty() {
        program.clauses.retain(|c| wanted.iter().any(|id| c.is_named(id)));
    }
    Ok(())
}
