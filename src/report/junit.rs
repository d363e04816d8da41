//! JUnit XML (`--format junit`): a test suite per scenario. For `check`,
//! a test case per clause, failing when the clause is violated in that
//! scenario; for `test`, a test case per expectation. Validated against the
//! Jenkins xUnit JUnit schema in the test suite.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::RunReport;
use crate::eval::{Verdict, VerdictKind, show_held};
use crate::testing::{Failure, ScenarioTest, Status};

/// One test case: a name, a class, and how it failed or why it was skipped.
pub struct Case {
    pub name: String,
    pub class: String,
    /// The failure's type (`violation`, `indeterminate`, `error`) and message.
    pub failure: Option<(&'static str, String)>,
    /// Why the case was not judged, if it was not.
    pub skipped: Option<String>,
}

/// A suite per scenario, as `pacta check` sees it: a case per clause, and
/// one per error, so a run that failed to read its rules or a scenario
/// still fails in a JUnit dashboard.
pub fn check(report: &RunReport<'_>) -> String {
    let mut suites = Vec::new();
    if !report.diagnostics.is_empty() {
        suites.push(("rules".to_string(), errors(report.rules, &report.diagnostics, "rules"), Vec::new()));
    }
    for r in &report.scenarios {
        let mut cases = errors(&r.sources, &r.diagnostics, &r.name);
        if let Some(e) = &r.evaluation {
            cases.extend(report.program.clauses.iter().enumerate().map(|(i, c)| {
                let mut case = clause_case(report, e, i);
                case.name = format!("{} {}", c.qualified_id, c.title);
                case.class = r.name.clone();
                case
            }));
        }
        suites.push((r.name.clone(), cases, properties(r)));
    }
    document(suites)
}

/// A clause in one scenario: failing on a violation; on an indeterminate
/// verdict failing when the run fails on those (`--fail-on`), else skipped.
fn clause_case(report: &RunReport<'_>, e: &crate::eval::Evaluation, clause: usize) -> Case {
    let line = |f: &crate::eval::Finding| {
        let sources = f.sources().iter().map(|s| format!("\n  {s}")).collect::<String>();
        let held = if f.held.is_empty() { String::new() } else { format!(" (held {})", show_held(&f.held)) };
        let why = match &f.verdict {
            Verdict::Indeterminate { kind, reason, .. } => format!(" (cannot decide ({}): {reason})", kind.code()),
            _ => String::new(),
        };
        format!("{}: {}{why}{held}{sources}", f.subject_key(), f.message)
    };
    let of = |kind: VerdictKind| -> Vec<String> {
        e.findings.iter().filter(|f| f.clause == clause && f.verdict.kind() == kind).map(line).collect()
    };
    let (violations, unknown) = (of(VerdictKind::Violation), of(VerdictKind::Indeterminate));
    let (failure, skipped) = if !violations.is_empty() {
        (Some((VerdictKind::Violation.name(), violations.join("\n"))), None)
    } else if unknown.is_empty() {
        (None, None)
    } else if report.fail_on.indeterminate {
        (Some((VerdictKind::Indeterminate.name(), unknown.join("\n"))), None)
    } else {
        (None, Some(unknown.join("\n")))
    };
    Case { name: String::new(), class: String::new(), failure, skipped }
}

/// A failing case per error (warnings are no test cases).
fn errors(sources: &crate::span::Sources, diags: &[super::Diagnostic], class: &str) -> Vec<Case> {
    diags
        .iter()
        .filter(|d| d.level == super::Level::Error)
        .map(|d| {
            let at = d.span().map(|s| format!(" ({})", sources.locate(s))).unwrap_or_default();
            let help = d.help.as_ref().map(|h| format!("\nhelp: {h}")).unwrap_or_default();
            Case {
                name: d.code.clone(),
                class: class.to_string(),
                failure: Some(("error", format!("{}{at}{help}", d.message))),
                skipped: None,
            }
        })
        .collect()
}

/// A scenario's facts as the run read them, as suite properties.
fn properties(r: &super::ScenarioResult) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let Some(e) = &r.evaluation else { return out };
    if e.left_out > 0 {
        out.push(("facts_left_out_for_confidence", e.left_out.to_string()));
    }
    if let Some((from, to)) = e.period {
        out.push(("period", format!("{from}/{to}")));
    }
    out
}

/// A suite per scenario, as `pacta test` sees it.
pub fn test(report: &RunReport<'_>, tests: &[ScenarioTest]) -> String {
    let suites = report
        .scenarios
        .iter()
        .zip(tests)
        .map(|(r, t)| {
            let mut cases: Vec<Case> = t
                .cases
                .iter()
                .map(|c| Case {
                    name: c.name.clone(),
                    class: r.name.clone(),
                    failure: match &c.status {
                        Status::Passed => None,
                        Status::Failed(Failure::Mismatch(m)) => {
                            Some(("mismatch", format!("{m} ({})", r.sources.locate(m.span))))
                        }
                        Status::Failed(Failure::NotEvaluated) => {
                            Some(("error", "the scenario was not evaluated".into()))
                        }
                    },
                    skipped: None,
                })
                .collect();
            if t.skipped {
                cases.push(Case {
                    name: "expectations".into(),
                    class: r.name.clone(),
                    failure: None,
                    skipped: Some("no `expect:` block".into()),
                });
            }
            (r.name.clone(), cases, properties(r))
        })
        .collect();
    document(suites)
}

/// A suite: its name, its cases and its properties.
type Suite = (String, Vec<Case>, Vec<(&'static str, String)>);

/// The document, written by quick-junit (nextest's JUnit writer), which
/// escapes XML and counts tests, failures and skips itself. Texts are
/// escaped as on a terminal first, so a control character in a name shows
/// as `\u{1b}` instead of being dropped. Times are zero and no timestamp
/// is written, so the same run gives the same bytes.
fn document(suites: Vec<Suite>) -> String {
    let mut report = Report::new("pacta");
    report.set_time(Duration::ZERO);
    for (name, cases, properties) in suites {
        let mut suite = TestSuite::new(shown(&name));
        suite.set_time(Duration::ZERO);
        for (key, value) in properties {
            suite.add_property(Property::new(key, shown(&value)));
        }
        suite.add_test_cases(cases.into_iter().map(test_case));
        report.add_test_suite(suite);
    }
    // Serialising into memory fails only on an I/O error, which a
    // `Vec` never has; an empty document would then fail the XML check.
    report.to_string().unwrap_or_default()
}

fn test_case(case: Case) -> TestCase {
    let status = match (case.failure, case.skipped) {
        (Some((kind, message)), _) => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_type(kind)
                .set_message(shown(message.lines().next().unwrap_or("")))
                .set_description(shown(&message));
            status
        }
        (None, Some(why)) => {
            // The whole text as the element's body, where its lines survive
            // (an attribute's newlines become spaces); the first as message.
            let mut status = TestCaseStatus::skipped();
            status.set_message(shown(why.lines().next().unwrap_or(""))).set_description(shown(&why));
            status
        }
        (None, None) => TestCaseStatus::success(),
    };
    let mut test_case = TestCase::new(shown(&case.name), status);
    test_case.set_classname(shown(&case.class)).set_time(Duration::ZERO);
    test_case
}

/// A text from a file, with the characters XML 1.0 cannot hold (and a
/// terminal would act on) shown escaped; newlines stay.
fn shown(s: &str) -> String {
    crate::escape::terminal_lines(s).into_owned()
}
