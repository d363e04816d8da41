//! The `expect:` block of a scenario: the verdicts its author expects.
//!
//! ```yaml
//! expect:
//!   violations:
//!     - { clause: nato_russia_2021/4.1, subject: efp-est }
//!   waived:
//!     - { clause: nato_russia_2021/4.1, subject: exercise-x }
//!   indeterminate: []
//!   review: []
//!   holds: [nato_russia_2021/5.1]
//! ```
//! `violations`, `waived`, `indeterminate` and `review` are exhaustive when
//! present: the actual findings of that kind must be exactly those listed.
//! `holds` lists clauses that must have no violation at all.

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExpectedVerdict {
    Violation,
    Waived,
    Indeterminate,
    Review,
}

/// One expected finding: a clause (`treaty/clause`) and its subject (the ids
/// of the bound facts, joined by `,` when a rule binds several).
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub verdict: ExpectedVerdict,
    pub clause: String,
    pub subject: String,
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expectations {
    /// Findings listed, each with its kind.
    pub findings: Vec<Expectation>,
    /// Which kinds were given (an absent list is not checked).
    pub listed: Vec<ExpectedVerdict>,
    /// Clauses that must hold, with the span of each entry.
    pub holds: Vec<(String, Span)>,
    pub span: Span,
}
