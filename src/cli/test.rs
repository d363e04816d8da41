//! `pacta test RULES [SCENARIO…]`: check every scenario's `expect:` block
//! and print a cargo-test-like report ending in `N passed, M failed`.

use std::path::PathBuf;

use serde_json::json;

use super::Exit;
use super::output::{Color, err, err_raw, out, out_raw};
use crate::Error;
use crate::coverage::{self, ClauseCoverage};
use crate::escape::terminal;
use crate::eval::{Mismatch, MismatchKind};
use crate::plan::Program;
use crate::report::human::count;
use crate::report::{self, Diagnostic, Label, Level, RunReport, ScenarioResult};
use crate::span::Sources;
use crate::testing::{self, Failure, ScenarioTest, Status};

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
    /// Report, per clause, whether some scenario made it fire, made it hold,
    /// and exercised its exception.
    #[arg(long)]
    coverage: bool,
    /// Fail (exit code 1) when fewer than PCT percent of clauses are covered.
    #[arg(long, value_name = "PCT")]
    coverage_threshold: Option<f64>,
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

pub fn run(args: &Args) -> Exit {
    let mut sources = Sources::new();
    let project = match super::project::resolve(args.rules.as_ref(), &args.scenarios, &args.limits, USAGE) {
        Ok(p) => p,
        Err(errors) => {
            return super::check::fail_with(args.color, &sources, errors.iter().map(Diagnostic::from).collect());
        }
    };
    let checked = match crate::load_rules(&project.rules, &mut sources, &project.access) {
        Ok(c) => c,
        Err(errors) => {
            return super::check::fail_with(args.color, &sources, errors.iter().map(Diagnostic::from).collect());
        }
    };
    let paths = project.scenarios;
    let mut options =
        crate::eval::Options { defaults: project.config.overrides(), expected_period: true, ..Default::default() };
    args.limits.apply(&project.config, &mut options);
    args.evidence.apply(&project.config, &mut options);
    let jobs = args.jobs.or(project.config.jobs);
    let results = match super::with_jobs(jobs, || {
        crate::batch::run_scenarios(&checked.program, &sources, &paths, &project.access, &options)
    }) {
        Ok(r) => r,
        Err(e) => return super::check::fail_with(args.color, &sources, vec![Diagnostic::from(&e)]),
    };
    let tests: Vec<ScenarioTest> = results.iter().map(|r| testing::test_scenario(&checked.program, r)).collect();
    let warnings: Vec<Diagnostic> =
        checked.warnings.iter().map(|w| Diagnostic::from(&Error::Check(w.clone()))).collect();
    let run = RunReport {
        program: &checked.program,
        rules: &sources,
        diagnostics: warnings,
        scenarios: results,
        fail_on: Default::default(),
    };
    let wants_coverage = args.coverage || args.coverage_threshold.is_some();
    let cov = wants_coverage
        .then(|| coverage::clauses(&checked.program, run.scenarios.iter().filter_map(|r| r.evaluation.as_ref())));
    match args.format {
        TestFormat::Human => {
            let h = report::human::Human { sources: run.rules, color: args.color.stderr() };
            for d in &run.diagnostics {
                err_raw!("{}", h.diagnostic(d));
            }
            out_raw!("{}", human(&run, &tests, cov.as_deref(), args.color.stdout()));
        }
        TestFormat::Json => out!("{:#}", json(&run, &tests, cov.as_deref())),
        TestFormat::Junit => out_raw!("{}", report::junit::test(&run, &tests)),
    }
    let tally = testing::tally(&tests);
    let below = match (&cov, args.coverage_threshold) {
        (Some(c), Some(min)) if coverage::percent(c) < min => {
            err!("error: clause coverage {:.1}% is below the threshold of {min}%", coverage::percent(c));
            true
        }
        _ => false,
    };
    if run.scenarios.iter().any(|r| r.evaluation.is_none()) {
        Exit::InvalidInput
    } else if tally.failed > 0 || below {
        Exit::Violations
    } else {
        Exit::Compliant
    }
}

/// The cargo-test-like report.
fn human(run: &RunReport<'_>, tests: &[ScenarioTest], cov: Option<&[ClauseCoverage]>, color: bool) -> String {
    let mut s = format!("\nrunning {}\n", count(tests.len(), "scenario"));
    for (r, t) in run.scenarios.iter().zip(tests) {
        let n = t.cases.len();
        let line = if t.skipped {
            "skipped (no `expect:` block)".to_string()
        } else if t.failed() {
            let failed = t.cases.iter().filter(|c| c.status != Status::Passed).count();
            format!("FAILED ({failed} of {})", count(n, "case"))
        } else {
            format!("ok ({})", count(n, "case"))
        };
        s.push_str(&format!("test {} ... {line}\n", terminal(&r.name)));
    }
    let failing: Vec<_> = run.scenarios.iter().zip(tests).filter(|(_, t)| t.failed()).collect();
    if !failing.is_empty() {
        s.push_str("\nfailures:\n");
        for (r, t) in &failing {
            s.push_str(&format!("\n---- {} ----\n", terminal(&r.name)));
            let h = report::human::Human { sources: &r.sources, color };
            for d in failure_diagnostics(run.program, r, t) {
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
    let tally = testing::tally(tests);
    let verdict = if tally.failed == 0 { "ok" } else { "FAILED" };
    s.push_str(&format!(
        "\ntest result: {verdict}. {} passed; {} failed; {} skipped\n{}\n",
        tally.passed,
        tally.failed,
        tally.skipped,
        testing::closing_line(&tally)
    ));
    s
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
    e.findings
        .iter()
        .filter(|f| f.subject_key() == subject)
        .filter(|f| program.clauses.get(f.clause).is_some_and(|c| c.qualified_id == clause))
        .map(|f| f.verdict.name().to_string())
        .collect()
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

fn json(run: &RunReport<'_>, tests: &[ScenarioTest], cov: Option<&[ClauseCoverage]>) -> serde_json::Value {
    let scenarios: Vec<_> = run
        .scenarios
        .iter()
        .zip(tests)
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
    let tally = testing::tally(tests);
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
        "ok": tally.failed == 0,
        "scenarios": scenarios,
        "summary": {"passed": tally.passed, "failed": tally.failed, "skipped": tally.skipped},
        "coverage": coverage,
    })
}
