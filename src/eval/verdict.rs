//! What evaluation produces: findings (one per clause and subject that did
//! not simply hold) and per-clause counts.

use crate::calendar::Date;
use crate::span::Span;
use crate::value::ArcStr;
use crate::value::FactRef;
use std::sync::Arc;

/// A fact a finding is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    /// Entity type name, or the value's type for non-fact bindings.
    pub entity: ArcStr,
    pub id: ecow::EcoString,
    /// The fact's location in the scenario (the rule's span for non-facts).
    pub span: Span,
    /// The fact itself; `None` for non-fact bindings.
    pub fact: Option<FactRef>,
    /// What the fact says of itself beyond its fields, if anything (one
    /// pointer: subjects are made by the hundred thousand).
    pub notes: Option<Arc<SubjectNotes>>,
}

/// A subject's provenance and overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectNotes {
    /// The fact's `source:` and `confidence:`, if it gives them.
    pub provenance: Option<Arc<crate::scenario::provenance::Provenance>>,
    /// The fields of the fact the scenario's `overrides:` replaced,
    /// joined by `, `.
    pub overridden: Option<ArcStr>,
}

impl Subject {
    pub fn provenance(&self) -> Option<&crate::scenario::provenance::Provenance> {
        self.notes.as_ref().and_then(|n| n.provenance.as_deref())
    }

    pub fn overridden(&self) -> Option<&str> {
        self.notes.as_ref().and_then(|n| n.overridden.as_deref())
    }
}

/// A deadline, known to the day or to a range of days (an obligation due
/// 42 days before an exercise that began "in March 2021"). Displayed as
/// the day, or as `earliest..latest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Deadline {
    pub earliest: Date,
    pub latest: Date,
}

impl Deadline {
    pub fn on(day: Date) -> Self {
        Deadline { earliest: day, latest: day }
    }
}

impl std::fmt::Display for Deadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.earliest == self.latest {
            write!(f, "{}", self.earliest)
        } else {
            write!(f, "{}..{}", self.earliest, self.latest)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Violation {
        /// For `require … due`: the deadline that has passed.
        overdue_since: Option<Date>,
    },
    /// A violation defeated by an exception.
    Waived {
        label: Option<String>,
        /// The fact that satisfied the exception, when it is an `exists`.
        by: Option<Box<Subject>>,
        /// The `unless` statement.
        exception: Span,
    },
    /// The verdict depends on something the scenario lacks: `kind` says
    /// what kind of gap, `reason` says which.
    Indeterminate { kind: super::Unknown, reason: ArcStr, at: Span, fact: Option<Span> },
    /// Routed to a human: a `review` rule, or `severity review`.
    Review,
}

impl Verdict {
    pub fn kind(&self) -> VerdictKind {
        match self {
            Verdict::Violation { .. } => VerdictKind::Violation,
            Verdict::Waived { .. } => VerdictKind::Waived,
            Verdict::Indeterminate { .. } => VerdictKind::Indeterminate,
            Verdict::Review => VerdictKind::Review,
        }
    }

    pub fn name(&self) -> &'static str {
        self.kind().name()
    }
}

/// Every outcome a clause can have for a subject, named once for every
/// command and format (check, test, timeline, diff, explain; human, JSON,
/// SARIF, JUnit, GitHub, Markdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VerdictKind {
    /// No finding, nothing pending.
    Holds,
    /// An obligation not met yet, its deadline ahead.
    Pending,
    Violation,
    Waived,
    Indeterminate,
    Review,
}

impl VerdictKind {
    pub const ALL: [VerdictKind; 6] = [
        VerdictKind::Holds,
        VerdictKind::Pending,
        VerdictKind::Violation,
        VerdictKind::Waived,
        VerdictKind::Indeterminate,
        VerdictKind::Review,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            VerdictKind::Holds => "holds",
            VerdictKind::Pending => "pending",
            VerdictKind::Violation => "violation",
            VerdictKind::Waived => "waived",
            VerdictKind::Indeterminate => "indeterminate",
            VerdictKind::Review => "review",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl From<crate::scenario::ExpectedVerdict> for VerdictKind {
    fn from(v: crate::scenario::ExpectedVerdict) -> Self {
        use crate::scenario::ExpectedVerdict;
        match v {
            ExpectedVerdict::Violation => VerdictKind::Violation,
            ExpectedVerdict::Waived => VerdictKind::Waived,
            ExpectedVerdict::Indeterminate => VerdictKind::Indeterminate,
            ExpectedVerdict::Review => VerdictKind::Review,
            ExpectedVerdict::Pending => VerdictKind::Pending,
            ExpectedVerdict::Holds => VerdictKind::Holds,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Index into `Program::clauses`.
    pub clause: usize,
    pub verdict: Verdict,
    pub subjects: Vec<Subject>,
    pub message: String,
    /// When a period is judged (`check --from … --to …`): the intervals in
    /// which the verdict held; empty when one date is.
    pub held: Vec<Held>,
}

/// An interval of a period in which a verdict held: from its first date to
/// the first later date at which it did not (`None`: to the end of the
/// period).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub from: Date,
    pub until: Option<Date>,
}

impl std::fmt::Display for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.until {
            Some(until) => write!(f, "{} → {until}", self.from),
            None => write!(f, "{} → end of period", self.from),
        }
    }
}

/// `2021-03-01 → 2021-05-31, 2021-09-01 → end of period`.
pub fn show_held(held: &[Held]) -> String {
    held.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

impl Finding {
    /// The subject ids joined by `,`, as `expect:` blocks write them.
    pub fn subject_key(&self) -> String {
        subject_key(&self.subjects)
    }

    /// What the finding rests on: a line per subject that gives a source
    /// or a confidence (`source of gbr-est-efp: IISS … (confidence B2)`),
    /// and one per subject whose fields the scenario overrode.
    pub fn sources(&self) -> Vec<String> {
        let cited = self.subjects.iter().filter_map(|s| s.provenance().map(|p| format!("source of {}: {p}", s.id)));
        let changed = self
            .subjects
            .iter()
            .filter_map(|s| s.overridden().map(|f| format!("{}: {f} set by the scenario's `overrides:`", s.id)));
        cited.chain(changed).collect()
    }
}

/// Subject ids joined by `,`: `usa-pol-abct` or `RUS,USA`.
pub fn subject_key(subjects: &[Subject]) -> String {
    subjects.iter().map(|s| &*s.id).collect::<Vec<_>>().join(",")
}

/// Counts for one clause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClauseStats {
    /// Bindings judged (every combination of the clause's bindings).
    pub considered: usize,
    /// Bindings that passed the `where` filter.
    pub matched: usize,
    pub violations: usize,
    pub waived: usize,
    pub indeterminate: usize,
    pub review: usize,
    /// `require` bindings whose deadline has not yet come.
    pub pending: usize,
    /// Conditions (`where`, `ensure`, non-`exists` `unless`) the compiled
    /// path gave up on and the interpreter judged: those that met an
    /// unknown, and any the compiled path should have decided (a test
    /// keeps this at zero for clause 4.1 on complete data).
    pub interpreted: usize,
}

impl ClauseStats {
    /// Bindings for which the clause simply held: no finding, not pending.
    pub fn held(&self) -> usize {
        self.considered.saturating_sub(self.violations + self.waived + self.indeterminate + self.review + self.pending)
    }
}

/// An obligation not met yet whose deadline has not passed: no finding,
/// but not simply held either (`pacta timeline` shows it as pending).
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub clause: usize,
    pub subjects: Vec<Subject>,
    pub due: Deadline,
    /// As [`Finding::held`].
    pub held: Vec<Held>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    pub findings: Vec<Finding>,
    /// Obligations pending on the evaluation date, in the order findings
    /// would come.
    pub pending: Vec<Pending>,
    /// Indexed like `Program::clauses`.
    pub stats: Vec<ClauseStats>,
    pub facts: usize,
    /// Facts left out for their confidence (`--min-confidence`).
    pub left_out: usize,
    /// The entity types the scenario does not record completely.
    pub incomplete: Vec<crate::value::EntityId>,
    /// The period judged (`check --from … --to …`), if one was.
    pub period: Option<(Date, Date)>,
    pub as_of: Option<Date>,
}

impl Finding {
    /// The finding's subjects, then the fact that waived it.
    pub(crate) fn subjects_mut(&mut self) -> impl Iterator<Item = &mut Subject> {
        let by = match &mut self.verdict {
            Verdict::Waived { by, .. } => by.as_deref_mut(),
            _ => None,
        };
        self.subjects.iter_mut().chain(by)
    }
}

impl Evaluation {
    pub fn count(&self, kind: VerdictKind) -> usize {
        self.findings.iter().filter(|f| f.verdict.kind() == kind).count()
    }
}
