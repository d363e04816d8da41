//! `pacta test RULES [SCENARIO…]`: check every scenario's `expect:` block
//! and print a cargo-test-like report ending in `N passed, M failed`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;

use super::Exit;
use super::output::{Color, Paint, err, err_raw, out, out_raw, paint};
use crate::Error;
use crate::coverage::{self, ClauseCoverage};
use crate::escape::terminal;
use crate::eval::{Mismatch, MismatchKind};
use crate::plan::Program;
use crate::report::human::count;
use crate::report::{self, Diagnostic, Label, Level, RunReport, ScenarioResult};
use crate::span::Sources;
use crate::testing::{self, Failure, ScenarioTest, Status, Tally};

/// The synopsis, for errors about the arguments.
const USAGE: &str = "pacta test RULES SCENARIO…";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule file or a directory searched for `*.pacta` (default: `rules`
    /// in pacta.toml).
    rules: Option<PathBuf>,
    /// Scenario files, directories or glob patterns (default: `scenarios`
    /// in pacta.toml when no RULES is given).
    scenarios: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: TestFormat,
    /// When to colour human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Scenarios evaluated at once (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    /// Only scenarios whose path contains PATTERN, and elsewhere only the
    /// cases whose clause id contains it (like `cargo test NAME`).
    #[arg(long, value_name = "PATTERN")]
    filter: Option<String>,
    /// Evaluate as of this date (YYYY-MM-DD) instead of the scenario's
    /// `as_of` (and instead of a period its `expect:` block names); the
    /// `expect:` block still judges the verdicts.
    #[arg(long, value_name = "DATE")]
    at: Option<String>,
    /// Override a treaty parameter: `-D baseline=1997-05-27`.
    #[arg(short = 'D', value_name = "NAME=VALUE")]
    define: Vec<String>,
    /// Pass even when nothing was tested: no scenario (of those --filter
    /// selects) has an `expect:` block (default: `allow_no_expectations`
    /// in pacta.toml, else such a run fails).
    #[arg(long)]
    allow_no_expectations: bool,
    /// Human output: each scenario's wall time, and the run's.
    #[arg(short = 'v', long, conflicts_with = "quiet")]
    verbose: bool,
    /// Human output: only the failures and the final line.
    #[arg(short = 'q', long)]
    quiet: bool,
    /// Report, per clause, whether some scenario made it fire, made it hold,
    /// and exercised its exception.
    #[arg(long)]
    coverage: bool,
    /// Fail (exit code 1) when fewer than PCT percent of clauses are covered.
    #[arg(long, value_name = "PCT")]
    coverage_threshold: Option<f64>,
    /// Run again whenever a rule or scenario file the run read changes (or
    /// one is added to a directory named); Ctrl-C stops.
    #[arg(long)]
    watch: bool,
    #[command(flatten)]
    limits: super::Limits,
    #[command(flatten)]
    evidence: super::Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFormat {
    Human,
    Json,
    Junit,
}

/// How much the human report says (`--quiet`, `--verbose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    Quiet,
    Normal,
    /// With wall times: the only output that differs run to run.
    Timed,
}

/// A run's scenarios (those `--filter` kept), their cases and times.
struct Tested<'a> {
    run: RunReport<'a>,
    tests: Vec<ScenarioTest>,
    times: Vec<Duration>,
    /// The whole run's wall time.
    total: Duration,
    tally: Tally,
    /// Whether the run passes: no case failed, and something was tested
    /// (or a run without expectations may pass).
    ok: bool,
}

pub fn run(args: &Args) -> Exit {
    if !args.watch {
        return once(args, &mut super::watch::Read::default());
    }
    match super::watch::named(args.rules.as_ref(), &args.scenarios, &args.limits) {
        Ok(named) => super::watch::run(&named, |read| once(args, read)),
        Err(e) => super::check::fail_with(args.color, &Sources::new(), vec![Diagnostic::from(&e)]),
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
    let fail = |sources: &Sources, errors: &[Error]| {
        super::check::fail_with(args.color, sources, errors.iter().map(Diagnostic::from).collect())
    };
    let project = match super::project::resolve(args.rules.as_ref(), &args.scenarios, &args.limits, USAGE) {
        Ok(p) => p,
        Err(errors) => return fail(sources, &errors),
    };
    let options = match options(args, &project.config) {
        Ok(o) => o,
        Err(e) => return fail(sources, &[e]),
    };
    let checked = match crate::load_rules(&project.rules, sources, &project.access) {
        Ok(c) => c,
        Err(errors) => return fail(sources, &errors),
    };
    let jobs = args.jobs.or(project.config.jobs);
    let started = Instant::now();
    let results = match super::with_jobs(jobs, || {
        crate::batch::run_scenarios_timed(&checked.program, sources, &project.scenarios, &project.access, &options)
    }) {
        Ok(r) => r,
        Err(e) => return fail(sources, &[e]),
    };
    let total = started.elapsed();
    for (result, _) in &results {
        read.sources(&result.sources);
    }
    let warnings: Vec<Diagnostic> =
        checked.warnings.iter().map(|w| Diagnostic::from(&Error::Check(w.clone()))).collect();
    let run = RunReport {
        program: &checked.program,
        rules: sources,
        diagnostics: warnings,
        scenarios: Vec::new(),
        fail_on: Default::default(),
    };
    let allowed = args.allow_no_expectations || project.config.allow_no_expectations.unwrap_or(false);
    let tested = tested(run, results, args.filter.as_deref(), total, allowed);
    report(args, &tested)
}

/// `--at`, `-D`, the limits and evidence flags, over pacta.toml.
fn options(args: &Args, config: &crate::config::Config) -> Result<crate::eval::Options, Error> {
    let mut options = super::check::options(args.at.as_ref(), &args.define)?;
    options.defaults = config.overrides();
    // A date asked for is the date judged: an `expect:` period would
    // replace it with a period.
    options.expected_period = args.at.is_none();
    args.limits.apply(config, &mut options);
    args.evidence.apply(config, &mut options);
    Ok(options)
}

/// Each scenario's cases, less what `--filter` leaves out, and the tally.
fn tested<'a>(
    mut run: RunReport<'a>,
    results: Vec<(ScenarioResult, Duration)>,
    filter: Option<&str>,
    total: Duration,
    allowed: bool,
) -> Tested<'a> {
    let (mut tests, mut times, mut filtered_out) = (Vec::new(), Vec::new(), 0);
    for (r, time) in results {
        let test = testing::test_scenario(run.program, &r);
        let (kept, out) = match filter {
            Some(pattern) => testing::select(&r.name, test, pattern),
            None => (Some(test), 0),
        };
        filtered_out += out;
        if let Some(test) = kept {
            run.scenarios.push(r);
            tests.push(test);
            times.push(time);
        }
    }
    let tally = Tally { filtered_out: filter.map(|_| filtered_out), ..testing::tally(&tests) };
    let ok = tally.failed == 0 && (allowed || !nothing_tested(&tests));
    Tested { run, tests, times, total, tally, ok }
}

/// No scenario that ran has an `expect:` block (or none ran): a green run
/// would then say nothing, as `opa test` fails when it finds no tests.
fn nothing_tested(tests: &[ScenarioTest]) -> bool {
    tests.iter().all(|t| t.skipped)
}

/// Prints the report in the format asked for; the exit code.
fn report(args: &Args, t: &Tested<'_>) -> Exit {
    let wants_coverage = args.coverage || args.coverage_threshold.is_some();
    let evaluations = || t.run.scenarios.iter().filter_map(|r| r.evaluation.as_ref());
    let cov = wants_coverage.then(|| coverage::clauses(t.run.program, evaluations()));
    match args.format {
        TestFormat::Human => {
            let h = report::human::Human { sources: t.run.rules, color: args.color.stderr() };
            for d in &t.run.diagnostics {
                err_raw!("{}", h.diagnostic(d));
            }
            let detail = match (args.quiet, args.verbose) {
                (true, _) => Detail::Quiet,
                (_, true) => Detail::Timed,
                _ => Detail::Normal,
            };
            out_raw!("{}", human(t, cov.as_deref(), args.color.stdout(), detail));
        }
        TestFormat::Json => out!("{:#}", json(t, cov.as_deref())),
        TestFormat::Junit => out_raw!("{}", report::junit::test(&t.run, &t.tests)),
    }
    let below = match (&cov, args.coverage_threshold) {
        (Some(c), Some(min)) if coverage::percent(c) < min => {
            err!("error: clause coverage {:.1}% is below the threshold of {min}%", coverage::percent(c));
            true
        }
        _ => false,
    };
    let refused = t.tally.failed == 0 && !t.ok;
    if refused {
        err!("{}", nothing_tested_line(args.filter.as_deref(), t.run.scenarios.is_empty()));
    }
    if t.run.scenarios.iter().any(|r| r.evaluation.is_none()) {
        Exit::InvalidInput
    } else if !t.ok || below {
        Exit::Violations
    } else {
        Exit::Compliant
    }
}

/// Why a run that tested nothing fails, and how to let it pass.
fn nothing_tested_line(filter: Option<&str>, no_scenario: bool) -> String {
    let (why, fix) = match filter {
        Some(p) => (
            format!("`--filter {}` selects no scenario with an `expect:` block", terminal(p)),
            "match a scenario path or a clause id",
        ),
        None if no_scenario => ("no scenario was given".to_string(), "name scenarios after RULES"),
        None => ("no scenario has an `expect:` block".to_string(), "add one to a scenario"),
    };
    format!(
        "error: nothing was tested: {why}; {fix}, or pass --allow-no-expectations \
         (`allow_no_expectations = true` in pacta.toml) to let such a run pass"
    )
}

/// The cargo-test-like report.
fn human(t: &Tested<'_>, cov: Option<&[ClauseCoverage]>, color: bool, detail: Detail) -> String {
    let mut s = String::new();
    let ms = |d: Duration| format!(" in {} ms", d.as_millis());
    let scenarios = t.run.scenarios.iter().zip(&t.tests);
    if detail != Detail::Quiet {
        s.push_str(&format!("\nrunning {}\n", count(t.tests.len(), "scenario")));
        for ((r, test), time) in scenarios.clone().zip(&t.times) {
            let time = if detail == Detail::Timed { ms(*time) } else { String::new() };
            s.push_str(&format!("test {} ... {}{time}\n", terminal(&r.name), status_line(test, color)));
        }
    }
    let failing: Vec<_> = scenarios.filter(|(_, test)| test.failed()).collect();
    if !failing.is_empty() {
        s.push_str("\nfailures:\n");
        for (r, test) in &failing {
            s.push_str(&format!("\n---- {} ----\n", terminal(&r.name)));
            let h = report::human::Human { sources: &r.sources, color };
            for d in failure_diagnostics(t.run.program, r, test) {
                s.push_str(&h.diagnostic(&d));
            }
        }
        s.push_str("\nfailures:\n");
        for (r, _) in &failing {
            s.push_str(&format!("    {}\n", terminal(&r.name)));
        }
    }
    if let Some(cov) = cov {
        s.push_str(&coverage_table(cov));
    }
    if detail != Detail::Quiet {
        let tally = &t.tally;
        let verdict = if t.ok { paint("ok", Paint::Green, color) } else { paint("FAILED", Paint::Red, color) };
        let filtered = tally.filtered_out.map_or_else(String::new, |n| format!("; {n} filtered out"));
        let time = if detail == Detail::Timed { format!("; finished{}", ms(t.total)) } else { String::new() };
        s.push_str(&format!(
            "\ntest result: {verdict}. {} passed; {} failed; {} skipped{filtered}{time}\n",
            tally.passed, tally.failed, tally.skipped
        ));
    }
    s.push_str(&testing::closing_line(&t.tally));
    s.push('\n');
    s
}

/// `ok (6 cases)`, `FAILED (1 of 6 cases)`, `skipped (…)`.
fn status_line(t: &ScenarioTest, color: bool) -> String {
    let n = t.cases.len();
    if t.skipped {
        "skipped (no `expect:` block)".to_string()
    } else if t.failed() {
        let failed = t.cases.iter().filter(|c| c.status != Status::Passed).count();
        format!("{} ({failed} of {})", paint("FAILED", Paint::Red, color), count(n, "case"))
    } else {
        format!("{} ({})", paint("ok", Paint::Green, color), count(n, "case"))
    }
}

/// One diagnostic per failed case: expected versus actual, at the
/// expectation entry (or at the fact of an unexpected finding).
fn failure_diagnostics(program: &Program, r: &ScenarioResult, t: &ScenarioTest) -> Vec<Diagnostic> {
    if r.evaluation.is_none() {
        return r.diagnostics.clone();
    }
    t.cases
        .iter()
        .filter_map(|c| match &c.status {
            Status::Failed(Failure::Mismatch(m)) => Some(mismatch_diagnostic(program, r, m)),
            Status::Failed(Failure::NotEvaluated) | Status::Passed => None,
        })
        .collect()
}

fn mismatch_diagnostic(program: &Program, r: &ScenarioResult, m: &Mismatch) -> Diagnostic {
    let actual = actual_verdicts(program, r, &m.clause, &m.subject);
    let help = match m.kind {
        MismatchKind::Missing(_) if actual.is_empty() => Some("actual: the clause holds for this subject".to_string()),
        MismatchKind::Missing(_) => Some(format!("actual: {}", actual.join(", "))),
        MismatchKind::Unexpected(_) => {
            Some("expected: not listed in the `expect:` block; add it, or fix the rule".into())
        }
        MismatchKind::DidNotHold => Some(format!("actual: violated for `{}`", m.subject)),
        MismatchKind::NotHolding(_) => Some(format!("actual: {}", actual.join(", "))),
        MismatchKind::UnknownClause => Some("clause ids are `treaty/clause`, as `pacta check` prints them".into()),
    };
    let span = report::human::first_line(&r.sources, m.span);
    let label = Label { span, message: String::new(), primary: true };
    Diagnostic {
        level: Level::Error,
        code: "pacta::expectation".into(),
        message: m.to_string(),
        labels: vec![label],
        help,
    }
}

/// The verdicts the clause actually gave this subject.
fn actual_verdicts(program: &Program, r: &ScenarioResult, clause: &str, subject: &str) -> Vec<String> {
    let Some(e) = &r.evaluation else { return Vec::new() };
    let of = |i: usize| program.clauses.get(i).is_some_and(|c| c.qualified_id == clause);
    let findings = e.findings.iter().filter(|f| f.subject_key() == subject && of(f.clause));
    let pending = e.pending.iter().filter(|p| crate::eval::subject_key(&p.subjects) == subject && of(p.clause));
    findings.map(|f| f.verdict.name().to_string()).chain(pending.map(|_| "pending".to_string())).collect()
}

/// The coverage table: a row per clause, totals per treaty and article.
fn coverage_table(cov: &[ClauseCoverage]) -> String {
    let mark = |b: bool| if b { "yes" } else { "no" };
    let width = cov.iter().map(|c| c.clause.len()).max().unwrap_or(6).max(6);
    let mut s = format!("\ncoverage:\n{:width$}  fired  held  exception\n", "clause");
    for c in cov {
        let exception = c.exception.map_or("-", mark);
        s.push_str(&format!("{:width$}  {:5}  {:4}  {exception}\n", c.clause, mark(c.fired), mark(c.held)));
    }
    for (treaty, (covered, total)) in coverage::totals(cov, |c| c.treaty.clone()) {
        let own: Vec<ClauseCoverage> = cov.iter().filter(|c| c.treaty == treaty).cloned().collect();
        // Articles in numeric order: `2` before `10`.
        let articles = coverage::totals(&own, |c| format!("{:>4}", c.article));
        let parts: Vec<String> = articles.iter().map(|(a, (k, n))| format!("art. {}: {k}/{n}", a.trim())).collect();
        s.push_str(&format!("{treaty}: {covered} of {} covered ({})\n", count(total, "clause"), parts.join(", ")));
    }
    let covered = cov.iter().filter(|c| c.covered()).count();
    s.push_str(&format!("{covered} of {} covered ({:.1}%)\n", count(cov.len(), "clause"), coverage::percent(cov)));
    s
}

fn json(t: &Tested<'_>, cov: Option<&[ClauseCoverage]>) -> serde_json::Value {
    let scenarios: Vec<_> = t
        .run
        .scenarios
        .iter()
        .zip(&t.tests)
        .map(|(r, t)| {
            let cases: Vec<_> = t
                .cases
                .iter()
                .map(|c| match &c.status {
                    Status::Passed => json!({"name": c.name, "status": "passed"}),
                    Status::Failed(Failure::Mismatch(m)) => json!({
                        "name": c.name, "status": "failed", "message": m.to_string(),
                        "location": report::json::location(&r.sources, m.span),
                    }),
                    Status::Failed(Failure::NotEvaluated) => {
                        json!({"name": c.name, "status": "failed", "message": "the scenario was not evaluated"})
                    }
                })
                .collect();
            let diagnostics: Vec<_> = r.diagnostics.iter().map(|d| report::json::diagnostic(&r.sources, d)).collect();
            json!({"file": r.name, "skipped": t.skipped, "cases": cases, "diagnostics": diagnostics})
        })
        .collect();
    let tally = &t.tally;
    let coverage = cov.map(|cov| {
        let clauses: Vec<_> = cov
            .iter()
            .map(|c| json!({"clause": c.clause, "fired": c.fired, "held": c.held, "exception": c.exception, "covered": c.covered()}))
            .collect();
        let treaties = coverage::totals(cov, |c| c.treaty.clone());
        let articles = coverage::totals(cov, |c| format!("{}/{}", c.treaty, c.article));
        json!({
            "percent": coverage::percent(cov),
            "clauses": clauses,
            "treaties": treaties.iter().map(|(k, (c, n))| json!({"treaty": k, "covered": c, "total": n})).collect::<Vec<_>>(),
            "articles": articles.iter().map(|(k, (c, n))| json!({"article": k, "covered": c, "total": n})).collect::<Vec<_>>(),
        })
    });
    json!({
        "schema": "pacta/test/v1",
        "pacta_version": env!("CARGO_PKG_VERSION"),
        "ok": t.ok,
        "scenarios": scenarios,
        "summary": {
            "passed": tally.passed, "failed": tally.failed, "skipped": tally.skipped,
            "filtered_out": tally.filtered_out.unwrap_or(0),
        },
        "coverage": coverage,
    })
}
