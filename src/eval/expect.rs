//! Comparing an evaluation with a scenario's `expect:` block. Used by the
//! test suite on every example, and by `pacta test`.

use std::collections::BTreeSet;

use super::verdict::{Evaluation, Verdict};
use crate::plan::Program;
use crate::scenario::{Expectations, ExpectedVerdict};
use crate::span::Span;

/// One way the evaluation differs from what the scenario expects.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub kind: MismatchKind,
    pub clause: String,
    pub subject: String,
    /// The expectation entry, or the fact of an unexpected finding.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MismatchKind {
    /// Expected this verdict; it did not occur.
    Missing(ExpectedVerdict),
    /// This verdict occurred; it was not expected.
    Unexpected(ExpectedVerdict),
    /// A clause expected to hold has violations.
    DidNotHold,
    /// A clause expected to hold for a subject has this finding, or an
    /// obligation pending, for it.
    NotHolding(ExpectedVerdict),
    /// The expectation names a clause the rules do not have.
    UnknownClause,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (c, s) = (&self.clause, &self.subject);
        match self.kind {
            MismatchKind::Missing(v) => write!(f, "expected {} of {c} for `{s}`, but there is none", word(v)),
            MismatchKind::Unexpected(v) => write!(f, "unexpected {} of {c} for `{s}`", noun(v)),
            MismatchKind::DidNotHold => {
                write!(f, "expected {c} to hold, but it is violated for `{s}`")
            }
            MismatchKind::NotHolding(v) => write!(f, "expected {c} to hold for `{s}`, but there is {}", word(v)),
            MismatchKind::UnknownClause => write!(f, "no clause {c} in the rules"),
        }
    }
}

fn noun(v: ExpectedVerdict) -> &'static str {
    match v {
        ExpectedVerdict::Violation => "violation",
        ExpectedVerdict::Waived => "waiver",
        ExpectedVerdict::Indeterminate => "indeterminate verdict",
        ExpectedVerdict::Review => "review finding",
        ExpectedVerdict::Pending => "pending obligation",
        ExpectedVerdict::Holds => "verdict that holds",
    }
}

fn word(v: ExpectedVerdict) -> &'static str {
    match v {
        ExpectedVerdict::Violation => "a violation",
        ExpectedVerdict::Waived => "a waiver",
        ExpectedVerdict::Indeterminate => "an indeterminate verdict",
        ExpectedVerdict::Review => "a review finding",
        ExpectedVerdict::Pending => "a pending obligation",
        ExpectedVerdict::Holds => "nothing",
    }
}

fn kind_of(v: &Verdict) -> ExpectedVerdict {
    match v {
        Verdict::Violation { .. } => ExpectedVerdict::Violation,
        Verdict::Waived { .. } => ExpectedVerdict::Waived,
        Verdict::Indeterminate { .. } => ExpectedVerdict::Indeterminate,
        Verdict::Review => ExpectedVerdict::Review,
    }
}

/// Every mismatch, in expectation order then finding order.
pub fn verify(program: &Program, evaluation: &Evaluation, expect: &Expectations) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let known: BTreeSet<&str> = program.clauses.iter().map(|c| c.qualified_id.as_str()).collect();
    let clause_id = |i: usize| program.clauses.get(i).map_or("?", |c| c.qualified_id.as_str());
    let first_span = |subjects: &[super::Subject]| subjects.first().map_or(Span::default(), |s| s.span);
    let found = evaluation
        .findings
        .iter()
        .map(|f| (kind_of(&f.verdict), clause_id(f.clause), f.subject_key(), first_span(&f.subjects)));
    let pending = evaluation.pending.iter().map(|p| {
        (
            ExpectedVerdict::Pending,
            clause_id(p.clause),
            super::verdict::subject_key(&p.subjects),
            first_span(&p.subjects),
        )
    });
    let actual: Vec<(ExpectedVerdict, &str, String, Span)> = found.chain(pending).collect();
    for e in &expect.findings {
        if e.verdict == ExpectedVerdict::Holds && known.contains(e.clause.as_str()) {
            if let Some((k, ..)) = actual.iter().find(|(_, c, s, _)| *c == e.clause && *s == e.subject) {
                out.push(Mismatch {
                    kind: MismatchKind::NotHolding(*k),
                    clause: e.clause.clone(),
                    subject: e.subject.clone(),
                    span: e.span,
                });
            }
        } else if !known.contains(e.clause.as_str()) {
            out.push(Mismatch {
                kind: MismatchKind::UnknownClause,
                clause: e.clause.clone(),
                subject: e.subject.clone(),
                span: e.span,
            });
        } else if !actual.iter().any(|(k, c, s, _)| *k == e.verdict && *c == e.clause && *s == e.subject) {
            out.push(Mismatch {
                kind: MismatchKind::Missing(e.verdict),
                clause: e.clause.clone(),
                subject: e.subject.clone(),
                span: e.span,
            });
        }
    }
    for (k, c, s, span) in &actual {
        let listed = expect.listed.contains(k);
        let expected = expect.findings.iter().any(|e| e.verdict == *k && e.clause == *c && e.subject == *s);
        if listed && !expected {
            out.push(Mismatch {
                kind: MismatchKind::Unexpected(*k),
                clause: (*c).to_string(),
                subject: s.clone(),
                span: *span,
            });
        }
    }
    for (clause, span) in &expect.holds {
        if !known.contains(clause.as_str()) {
            out.push(Mismatch {
                kind: MismatchKind::UnknownClause,
                clause: clause.clone(),
                subject: String::new(),
                span: *span,
            });
            continue;
        }
        for (k, c, s, _) in &actual {
            if *k == ExpectedVerdict::Violation && c == clause {
                out.push(Mismatch {
                    kind: MismatchKind::DidNotHold,
                    clause: clause.clone(),
                    subject: s.clone(),
                    span: *span,
                });
            }
        }
    }
    out
}
