//! `pacta test`: every scenario's `expect:` block as test cases. Each
//! expected finding and each `holds` entry is one case; every finding the
//! block did not expect (in a listed kind) is one failed case; a scenario
//! that fails to load is one failed case; a scenario without `expect:` is
//! skipped. [`select`] is `--filter`: a substring of the scenario's path or
//! of a case's clause id, as `cargo test NAME` filters by test name.

use crate::eval::{Mismatch, MismatchKind, verify};
use crate::plan::Program;
use crate::report::ScenarioResult;
use crate::scenario::ExpectedVerdict;
use crate::span::Span;

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Passed,
    Failed(Failure),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Mismatch(Mismatch),
    /// The scenario did not load or set up; its diagnostics say why.
    NotEvaluated,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// `violation nato_russia_2021/4.1 gbr-est-efp`, `holds us_russia_2021/6.1`.
    pub name: String,
    /// The clause the case is about, as written (none for `load`).
    pub clause: Option<String>,
    pub status: Status,
}

/// The cases of one scenario; `skipped` when it has no `expect:` block.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioTest {
    pub cases: Vec<Case>,
    pub skipped: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Cases `--filter` left out; `None` without a filter.
    pub filtered_out: Option<usize>,
}

impl ScenarioTest {
    pub fn failed(&self) -> bool {
        self.cases.iter().any(|c| c.status != Status::Passed)
    }
}

/// The closing line: `N passed, M failed`, then `, K skipped` when any
/// were and `, F filtered out` under `--filter` (even when 0, as `cargo
/// test` says, so a filter that selects everything is seen to).
pub fn closing_line(t: &Tally) -> String {
    let skipped = if t.skipped > 0 { format!(", {} skipped", t.skipped) } else { String::new() };
    let filtered = t.filtered_out.map_or_else(String::new, |n| format!(", {n} filtered out"));
    format!("{} passed, {} failed{skipped}{filtered}", t.passed, t.failed)
}

/// `--filter PATTERN` on one scenario: kept whole when its path contains
/// `pattern`, else cut to the cases whose clause id contains it, and
/// dropped when none does. A scenario that could not be evaluated is
/// always kept, so its error is seen (the run then exits with 2 anyway).
/// Returns what is kept and how many cases were left out.
pub fn select(path: &str, test: ScenarioTest, pattern: &str) -> (Option<ScenarioTest>, usize) {
    let not_evaluated = test.cases.iter().any(|c| c.status == Status::Failed(Failure::NotEvaluated));
    if path.contains(pattern) || not_evaluated {
        return (Some(test), 0);
    }
    let total = test.cases.len();
    let cases: Vec<Case> =
        test.cases.into_iter().filter(|c| c.clause.as_deref().is_some_and(|id| id.contains(pattern))).collect();
    let out = total - cases.len();
    if cases.is_empty() { (None, out) } else { (Some(ScenarioTest { cases, skipped: false }), out) }
}

pub fn tally(tests: &[ScenarioTest]) -> Tally {
    let mut t = Tally::default();
    for s in tests {
        if s.skipped {
            t.skipped += 1;
        }
        for c in &s.cases {
            if c.status == Status::Passed {
                t.passed += 1;
            } else {
                t.failed += 1;
            }
        }
    }
    t
}

pub fn test_scenario(program: &Program, r: &ScenarioResult) -> ScenarioTest {
    let Some(evaluation) = &r.evaluation else {
        let case = Case { name: "load".into(), clause: None, status: Status::Failed(Failure::NotEvaluated) };
        return ScenarioTest { cases: vec![case], skipped: false };
    };
    let Some(expect) = &r.expect else { return ScenarioTest { cases: Vec::new(), skipped: true } };
    let mismatches = verify(program, evaluation, expect);
    let at = |span: Span| {
        mismatches.iter().find(|m| m.span.same_place(&span) && !matches!(m.kind, MismatchKind::Unexpected(_)))
    };
    let mut cases = Vec::new();
    for e in &expect.findings {
        let name = format!("{} {} {}", word(e.verdict), e.clause, e.subject);
        cases.push(Case { name, clause: Some(e.clause.clone()), status: status(at(e.span)) });
    }
    for (clause, span) in &expect.holds {
        let name = format!("holds {clause}");
        cases.push(Case { name, clause: Some(clause.clone()), status: status(at(*span)) });
    }
    for m in mismatches.iter().filter(|m| matches!(m.kind, MismatchKind::Unexpected(_))) {
        let MismatchKind::Unexpected(v) = m.kind else { continue };
        let name = format!("unexpected {} {} {}", word(v), m.clause, m.subject);
        let clause = Some(m.clause.clone());
        cases.push(Case { name, clause, status: Status::Failed(Failure::Mismatch(m.clone())) });
    }
    ScenarioTest { cases, skipped: false }
}

fn status(m: Option<&Mismatch>) -> Status {
    m.map_or(Status::Passed, |m| Status::Failed(Failure::Mismatch(m.clone())))
}

fn word(v: ExpectedVerdict) -> &'static str {
    crate::eval::VerdictKind::from(v).name()
}

#[cfg(test)]
mod tests {
    use super::{Case, Failure, ScenarioTest, Status, select};

    fn case(clause: Option<&str>, status: Status) -> Case {
        Case { name: format!("{clause:?}"), clause: clause.map(str::to_string), status }
    }

    fn scenario() -> ScenarioTest {
        let cases = vec![case(Some("t/4.1"), Status::Passed), case(Some("u/2.3"), Status::Passed)];
        ScenarioTest { cases, skipped: false }
    }

    #[test]
    fn a_filter_keeps_a_matching_path_whole_and_elsewhere_the_matching_clauses() {
        assert_eq!(select("examples/baltic.yaml", scenario(), "baltic"), (Some(scenario()), 0));
        let (kept, out) = select("examples/baltic.yaml", scenario(), "4.1");
        assert_eq!((kept.map(|t| t.cases.len()), out), (Some(1), 1));
        assert_eq!(select("examples/baltic.yaml", scenario(), "nothing"), (None, 2));
        let skipped = ScenarioTest { cases: Vec::new(), skipped: true };
        assert_eq!(select("a.yaml", skipped, "b"), (None, 0));
        let broken = ScenarioTest { cases: vec![case(None, Status::Failed(Failure::NotEvaluated))], skipped: false };
        assert_eq!(select("a.yaml", broken.clone(), "b"), (Some(broken), 0));
    }
}
