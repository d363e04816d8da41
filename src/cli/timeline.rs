//! `pacta timeline RULES SCENARIO`: the scenario judged at every date where
//! a fact begins or ends (or on a `--from/--to/--step` grid), and per clause
//! and subject the intervals of each verdict.

use std::path::PathBuf;

use super::Exit;
use super::check::{date_flag, defines, fail_with};
use super::output::{Color, err_raw, out, out_raw};
use crate::eval::Options;
use crate::report::{self, Diagnostic, Level};
use crate::span::Sources;
use crate::timeline::{self, Dates, Filter, dates};
use crate::{Error, plan::Program};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule file or a directory searched for `*.pacta`.
    rules: PathBuf,
    /// One scenario file.
    scenario: PathBuf,
    /// First date (YYYY-MM-DD): with --step the grid's start, else dates
    /// before it are left out.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Evaluate on a grid every N days, weeks, months or years (`30days`,
    /// `1month`) from --from to --to, instead of where facts change.
    #[arg(long, value_name = "N")]
    step: Option<String>,
    /// Only this clause: `4.1` or `nato_russia_2021/4.1`.
    #[arg(long, value_name = "ID")]
    clause: Option<String>,
    /// Only findings about this fact id (or these ids joined by `,`).
    #[arg(long, value_name = "ID")]
    subject: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: TimelineFormat,
    /// Override a treaty parameter: `-D baseline=1997-05-27`.
    #[arg(short = 'D', value_name = "NAME=VALUE")]
    define: Vec<String>,
    /// When to colour error reports.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Dates evaluated at once (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    limits: super::Limits,
    #[command(flatten)]
    evidence: super::Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TimelineFormat {
    Human,
    Json,
}

pub fn run(args: &Args) -> Exit {
    let mut sources = Sources::new();
    let usage = |sources: &Sources, e: Error| fail_with(args.color, sources, vec![Diagnostic::from(&e)]);
    let (mode, options, access) = match settings(args) {
        Ok(s) => s,
        Err(e) => return usage(&sources, e),
    };
    let checked = match crate::load_rules(std::slice::from_ref(&args.rules), &mut sources, &access) {
        Ok(c) => c,
        Err(errors) => return fail_with(args.color, &sources, errors.iter().map(Diagnostic::from).collect()),
    };
    let h = report::human::Human { sources: &sources, color: args.color.stderr() };
    for w in &checked.warnings {
        err_raw!("{}", h.diagnostic(&Diagnostic::from(&Error::Check(w.clone()))));
    }
    let program = &checked.program;
    if let Some(d) = args.clause.as_deref().and_then(|c| unknown_clause(program, c)) {
        return fail_with(args.color, &sources, vec![d]);
    }
    let scenario =
        match crate::scenario::load_with(&args.scenario, &program.schema, &mut sources, &access, &options.reading) {
            Ok(s) => s,
            Err(errors) => {
                let diags = errors.into_iter().map(|e| Diagnostic::from(&Error::Scenario(e))).collect();
                return fail_with(args.color, &sources, diags);
            }
        };
    if let Some(d) = args.subject.as_deref().and_then(|s| unknown_subject(&scenario, s, true)) {
        return fail_with(args.color, &sources, vec![d]);
    }
    let dates = match timeline::choose_dates(program, &scenario, &options, mode) {
        Ok(d) => d,
        Err(e) => return fail_with(args.color, &sources, vec![dates_diagnostic(e)]),
    };
    let filter = Filter { clause: args.clause.clone(), subject: args.subject.clone() };
    let result =
        super::with_jobs(args.jobs, || timeline::run(program, &scenario, &sources, &options, mode, dates, &filter));
    let t = match result {
        Ok(Ok(t)) => t,
        Ok(Err(errors)) => return fail_with(args.color, &sources, errors.iter().map(Diagnostic::from).collect()),
        Err(e) => return usage(&sources, e),
    };
    let name = args.scenario.display().to_string();
    match args.format {
        TimelineFormat::Human => out_raw!("{}", report::timeline::human(program, &name, &t)),
        TimelineFormat::Json => out!("{:#}", report::timeline::json(program, &sources, &name, &t)),
    }
    Exit::Compliant
}

/// The dates to use and the evaluation options, from the flags and
/// `pacta.toml` `[params]`.
fn settings(args: &Args) -> Result<(Dates, Options, crate::input::Access), Error> {
    super::project::rules_first([&args.rules], "pacta timeline RULES SCENARIO")?;
    let from = date_flag("--from", args.from.as_ref())?;
    let to = date_flag("--to", args.to.as_ref())?;
    let mode = match (&args.step, from, to) {
        (None, _, _) => Dates::Breakpoints { from, to },
        (Some(step), Some(from), Some(to)) => {
            let step = dates::parse_step(step).map_err(|e| Error::Usage(e.message))?;
            Dates::Grid { from, to, step }
        }
        (Some(_), _, _) => return Err(Error::Usage("--step needs both --from and --to".into())),
    };
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(Error::Usage(format!("--from {f} is after --to {t}")));
        }
    }
    let config = super::project::config(&args.limits)?;
    let mut options =
        Options { overrides: defines("-D", &args.define)?, defaults: config.overrides(), ..Options::default() };
    args.limits.apply(&config, &mut options);
    args.evidence.apply(&config, &mut options);
    Ok((mode, options, args.limits.access(&config, &[&args.rules, &args.scenario])))
}

/// `--clause` naming no clause, with the closest one. A clause may be
/// named bare (`4.1`) or qualified, so each is compared both ways: `4.11`
/// is one typo from `nato_russia_2021/4.1`, not fifteen.
pub(super) fn unknown_clause(program: &Program, want: &str) -> Option<Diagnostic> {
    if program.clauses.iter().any(|c| c.is_named(want)) {
        return None;
    }
    let ids = program.clauses.iter().flat_map(|c| {
        let q = c.qualified_id.as_str();
        [(q, q), (c.id.as_str(), q)]
    });
    let help = match crate::suggest::closest(want, ids) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "clause ids are `treaty/clause` (or the bare `clause`), as `pacta check` prints them".into(),
    };
    Some(usage(format!("--clause: no clause `{want}`"), Some(help)))
}

/// `--subject` naming no fact of the scenario, with the closest fact id:
/// a typo would otherwise print an empty report and exit 0. With
/// `joined`, ids joined by `,` (`POL,USA`, a subject of several facts)
/// count when each names a fact.
pub(super) fn unknown_subject(scenario: &crate::scenario::Scenario, want: &str, joined: bool) -> Option<Diagnostic> {
    let ids = || scenario.facts.tables.iter().flat_map(crate::scenario::Table::ids);
    let known = |id: &str| ids().any(|f| f == id);
    if known(want) || (joined && want.split(',').all(known)) {
        return None;
    }
    // A joined key is corrected id by id: `POL,USX` → `POL,USA`.
    let closest = |id: &str| if known(id) { Some(id.to_string()) } else { crate::suggest::did_you_mean(id, ids()) };
    let suggestion = if joined && want.contains(',') {
        want.split(',').map(closest).collect::<Option<Vec<_>>>().map(|ids| ids.join(","))
    } else {
        closest(want)
    };
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => "a subject is the `id` of a fact in the scenario, as `pacta check` prints it".into(),
    };
    Some(usage(format!("--subject: no fact `{want}` in the scenario"), Some(help)))
}

fn dates_diagnostic(e: dates::DatesError) -> Diagnostic {
    usage(e.message, e.help)
}

fn usage(message: String, help: Option<String>) -> Diagnostic {
    Diagnostic { level: Level::Error, code: "pacta::usage".into(), message, labels: Vec::new(), help }
}
