//! `pacta test`: every scenario's `expect:` block as test cases. Each
//! expected finding and each `holds` entry is one case; every finding the
//! block did not expect (in a listed kind) is one failed case; a scenario
//! that fails to load is one failed case; a scenario without `expect:` is
//! skipped.

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
}

impl ScenarioTest {
    pub fn failed(&self) -> bool {
        self.cases.iter().any(|c| c.status != Status::Passed)
    }
}

/// The closing line: `N passed, M failed` and `, K skipped` when any were.
pub fn closing_line(t: &Tally) -> String {
    let skipped = if t.skipped > 0 { format!(", {} skipped", t.skipped) } else { String::new() };
    format!("{} passed, {} failed{skipped}", t.passed, t.failed)
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
        let case = Case { name: "load".into(), status: Status::Failed(Failure::NotEvaluated) };
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
        cases.push(Case { name, status: status(at(e.span)) });
    }
    for (clause, span) in &expect.holds {
        cases.push(Case { name: format!("holds {clause}"), status: status(at(*span)) });
    }
    for m in mismatches.iter().filter(|m| matches!(m.kind, MismatchKind::Unexpected(_))) {
        let MismatchKind::Unexpected(v) = m.kind else { continue };
        let name = format!("unexpected {} {} {}", word(v), m.clause, m.subject);
        cases.push(Case { name, status: Status::Failed(Failure::Mismatch(m.clone())) });
    }
    ScenarioTest { cases, skipped: false }
}

fn status(m: Option<&Mismatch>) -> Status {
    m.map_or(Status::Passed, |m| Status::Failed(Failure::Mismatch(m.clone())))
}

fn word(v: ExpectedVerdict) -> &'static str {
    crate::eval::VerdictKind::from(v).name()
}
