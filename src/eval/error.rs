//! Errors of the evaluation layer. A runtime problem ([`EvalError`]) never
//! escapes a clause: it makes that verdict indeterminate. A run stops
//! ([`RunError`]) only on a bad parameter override, before it starts, or
//! when a clause needs more steps than the evaluation budget allows: its
//! verdicts would be incomplete, and a partial answer must not pass for a
//! whole one.

use crate::span::Span;

/// Why one expression could not be evaluated, e.g. a missing optional field.
/// Boxed: evaluation results are `Result<Value, EvalError>` on every node,
/// and a pointer-sized error keeps them as small as a value.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError(Box<EvalErrorData>);

#[derive(Debug, Clone, PartialEq)]
pub struct EvalErrorData {
    /// What kind of gap in the evidence (or the rules) it is: what a CI
    /// job or a report can act on without reading `reason`.
    pub kind: Unknown,
    pub reason: crate::value::ArcStr,
    /// The expression that failed.
    pub span: Span,
    /// The fact whose data was missing or wrong, if one is to blame.
    pub fact: Option<Span>,
}

impl EvalError {
    pub fn new(kind: Unknown, reason: impl Into<crate::value::ArcStr>, span: Span) -> Self {
        EvalError(Box::new(EvalErrorData { kind, reason: reason.into(), span, fact: None }))
    }
}

/// Why a verdict is indeterminate, as a kind with a stable code (in JSON,
/// SARIF, JUnit and `pacta explain`); the reason text says the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Unknown {
    /// An optional field the fact does not give.
    MissingField,
    /// A value the scenario records as `unknown`.
    UnknownValue,
    /// A reference to a fact left out for its confidence (`--min-confidence`).
    LeftOut,
    /// A value over time asked for before its first date.
    BeforeSeries,
    /// A comparison or built-in that the range of an estimate straddles.
    Estimate,
    /// Facts of a type the scenario does not record completely (open world).
    Unrecorded,
    /// No evaluation date (`as_of:` or `--at`).
    NoDate,
    /// A deadline known to a range of days that may or may not have passed.
    Deadline,
    /// A question a reading leaves open on purpose (`undecided(…)`).
    Undecided,
    /// Overflow, division by zero, values that cannot be ordered, a text or
    /// list beyond pacta's size limits.
    Arithmetic,
    /// The clause's evaluation budget is used up.
    Budget,
    /// A value of the wrong shape (a rule reading data it does not expect).
    WrongValue,
    /// A bug in pacta.
    Internal,
}

impl Unknown {
    /// The stable code, as `pacta::indeterminate::<code>` in reports.
    pub fn code(self) -> &'static str {
        match self {
            Unknown::MissingField => "missing-field",
            Unknown::UnknownValue => "unknown-value",
            Unknown::LeftOut => "left-out",
            Unknown::BeforeSeries => "before-series",
            Unknown::Estimate => "estimate",
            Unknown::Unrecorded => "unrecorded",
            Unknown::NoDate => "no-date",
            Unknown::Deadline => "deadline",
            Unknown::Undecided => "undecided",
            Unknown::Arithmetic => "arithmetic",
            Unknown::Budget => "budget",
            Unknown::WrongValue => "wrong-value",
            Unknown::Internal => "internal",
        }
    }

    pub const ALL: [Unknown; 13] = [
        Unknown::MissingField,
        Unknown::UnknownValue,
        Unknown::LeftOut,
        Unknown::BeforeSeries,
        Unknown::Estimate,
        Unknown::Unrecorded,
        Unknown::NoDate,
        Unknown::Deadline,
        Unknown::Undecided,
        Unknown::Arithmetic,
        Unknown::Budget,
        Unknown::WrongValue,
        Unknown::Internal,
    ];
}

impl std::ops::Deref for EvalError {
    type Target = EvalErrorData;
    fn deref(&self) -> &EvalErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for EvalError {
    fn deref_mut(&mut self) -> &mut EvalErrorData {
        &mut self.0
    }
}

/// A `-D name=value` or scenario `params:` override that cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// `-D basline=…`.
    #[error("no treaty declares a parameter `{name}`")]
    UnknownParam { name: String, suggestion: Option<String>, known: Vec<String>, span: Option<Span> },
    /// `-D baseline=yesterday`.
    #[error("parameter `{name}` expects {expected}, got `{value}`")]
    BadParamValue { name: String, expected: String, value: String, span: Option<Span> },
    /// A clause over the cross product of large tables.
    #[error("clause {clause} was not decided: it needs more than {limit} evaluation steps")]
    Budget { clause: String, limit: u64, span: Span },
    /// The dates of a period cannot be used (too many of them).
    #[error("{message}")]
    Dates { message: String, help: Option<String> },
    /// `--timeout` passed while the clause was being judged.
    #[error("clause {clause} was not decided: the run's time limit (--timeout) passed")]
    Timeout { clause: String, span: Span },
}

impl crate::Diagnose for RunError {
    fn code(&self) -> &'static str {
        match self {
            RunError::UnknownParam { .. } => "pacta::unknown-param",
            RunError::BadParamValue { .. } => "pacta::bad-param-value",
            RunError::Budget { .. } => "pacta::eval-budget",
            RunError::Timeout { .. } => "pacta::timeout",
            RunError::Dates { .. } => "pacta::usage",
        }
    }

    fn span(&self) -> Option<Span> {
        match self {
            RunError::UnknownParam { span, .. } | RunError::BadParamValue { span, .. } => *span,
            RunError::Budget { span, .. } | RunError::Timeout { span, .. } => Some(*span),
            RunError::Dates { .. } => None,
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            RunError::UnknownParam { suggestion: Some(s), .. } => Some(format!("did you mean `{s}`?")),
            RunError::UnknownParam { known, .. } if known.is_empty() => Some("the rules declare no parameters".into()),
            RunError::UnknownParam { known, .. } => Some(format!("the parameters are: {}", known.join(", "))),
            RunError::BadParamValue { .. } => {
                Some("dates are YYYY-MM-DD, durations like `30 days`, enums `Type::variant` or the bare variant".into())
            }
            RunError::Budget { .. } => Some(
                "join its bindings through equality conditions (`where b.owner == a`), which use an index, \
                 or raise the limit with `--max-steps N` (0: no limit)"
                    .into(),
            ),
            RunError::Dates { help, .. } => help.clone(),
            RunError::Timeout { .. } => Some(
                "join its bindings through equality conditions, which use an index, or give more time with \
                 `--timeout SECONDS` (0: no limit)"
                    .into(),
            ),
        }
    }
}
