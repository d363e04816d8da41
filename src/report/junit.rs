//! JUnit XML (`--format junit`): a test suite per scenario. For `check`,
//! a test case per clause, failing when the clause is violated in that
//! scenario; for `test`, a test case per expectation. Validated against the
//! Jenkins xUnit JUnit schema in the test suite.

use std::fmt::Write as _;

use super::RunReport;
use crate::eval::{Verdict, show_held};
use crate::testing::{Failure, ScenarioTest, Status};

/// One test case: a name, a class, and a failure message if it failed.
pub struct Case {
    pub name: String,
    pub class: String,
    pub failure: Option<String>,
    pub skipped: bool,
}

/// A suite per scenario, as `pacta check` sees it.
pub fn check(report: &RunReport<'_>) -> String {
    let suites = report.scenarios.iter().map(|r| {
        let cases = report
            .program
            .clauses
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let failures: Vec<String> = r
                    .evaluation
                    .iter()
                    .flat_map(|e| &e.findings)
                    .filter(|f| f.clause == i && matches!(f.verdict, Verdict::Violation { .. }))
                    .map(|f| {
                        let sources = f.sources().iter().map(|s| format!("\n  {s}")).collect::<String>();
                        let held =
                            if f.held.is_empty() { String::new() } else { format!(" (held {})", show_held(&f.held)) };
                        format!("{}: {}{held}{sources}", f.subject_key(), f.message)
                    })
                    .collect();
                Case {
                    name: format!("{} {}", c.qualified_id, c.title),
                    class: r.name.clone(),
                    failure: (!failures.is_empty()).then(|| failures.join("\n")),
                    skipped: r.evaluation.is_none(),
                }
            })
            .collect::<Vec<_>>();
        (r.name.clone(), cases, properties(r))
    });
    document(suites.collect())
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
                        Status::Failed(Failure::Mismatch(m)) => Some(format!("{m} ({})", r.sources.locate(m.span))),
                        Status::Failed(Failure::NotEvaluated) => Some("the scenario was not evaluated".into()),
                    },
                    skipped: false,
                })
                .collect();
            if t.skipped {
                cases.push(Case { name: "expectations".into(), class: r.name.clone(), failure: None, skipped: true });
            }
            (r.name.clone(), cases, properties(r))
        })
        .collect();
    document(suites)
}

/// A suite: its name, its cases and its properties.
type Suite = (String, Vec<Case>, Vec<(&'static str, String)>);

fn document(suites: Vec<Suite>) -> String {
    let count = |cases: &[Case], f: fn(&Case) -> bool| cases.iter().filter(|c| f(c)).count();
    let all: Vec<&Case> = suites.iter().flat_map(|(_, c, _)| c).collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"pacta\" tests=\"{}\" failures=\"{}\">",
        all.len(),
        all.iter().filter(|c| c.failure.is_some()).count()
    );
    for (name, cases, properties) in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">",
            escape(name),
            cases.len(),
            count(cases, |c| c.failure.is_some()),
            count(cases, |c| c.skipped)
        );
        if !properties.is_empty() {
            out.push_str("    <properties>\n");
            for (k, v) in properties {
                let _ = writeln!(out, "      <property name=\"{k}\" value=\"{}\"/>", escape(v));
            }
            out.push_str("    </properties>\n");
        }
        for c in cases {
            let _ =
                write!(out, "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"", escape(&c.name), escape(&c.class));
            match (&c.failure, c.skipped) {
                (Some(msg), _) => {
                    let first = msg.lines().next().unwrap_or("");
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"violation\">{}</failure>\n    </testcase>",
                        escape(first),
                        escape(msg)
                    );
                }
                (None, true) => {
                    let _ = writeln!(out, ">\n      <skipped/>\n    </testcase>");
                }
                (None, false) => {
                    let _ = writeln!(out, "/>");
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// XML text and attribute escaping; control characters (most of which
/// XML 1.0 forbids, even as references) are shown escaped, as on a terminal.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if crate::escape::is_unsafe(c) => out.push_str(&crate::escape::terminal(c.encode_utf8(&mut [0; 4]))),
            c => out.push(c),
        }
    }
    out
}
