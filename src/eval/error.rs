//! Errors of the evaluation layer. A runtime problem ([`EvalError`]) never
//! escapes a clause: it makes that verdict indeterminate. Only a bad
//! parameter override ([`SetupError`]) stops a run before it starts.

use std::sync::Arc;

use crate::span::Span;

/// Why one expression could not be evaluated, e.g. a missing optional field.
/// Boxed: evaluation results are `Result<Value, EvalError>` on every node,
/// and a pointer-sized error keeps them as small as a value.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError(Box<EvalErrorData>);

#[derive(Debug, Clone, PartialEq)]
pub struct EvalErrorData {
    pub reason: Arc<str>,
    /// The expression that failed.
    pub span: Span,
    /// The fact whose data was missing or wrong, if one is to blame.
    pub fact: Option<Span>,
}

impl EvalError {
    pub fn new(reason: impl Into<Arc<str>>, span: Span) -> Self {
        EvalError(Box::new(EvalErrorData { reason: reason.into(), span, fact: None }))
    }
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
pub enum SetupError {
    /// `-D basline=…`.
    #[error("no treaty declares a parameter `{name}`")]
    UnknownParam { name: String, suggestion: Option<String>, span: Option<Span> },
    /// `-D baseline=yesterday`.
    #[error("parameter `{name}` expects {expected}, got `{value}`")]
    BadParamValue { name: String, expected: String, value: String, span: Option<Span> },
}

impl SetupError {
    pub fn code(&self) -> &'static str {
        match self {
            SetupError::UnknownParam { .. } => "pacta::unknown-param",
            SetupError::BadParamValue { .. } => "pacta::bad-param-value",
        }
    }

    pub fn span(&self) -> Option<Span> {
        match self {
            SetupError::UnknownParam { span, .. } | SetupError::BadParamValue { span, .. } => *span,
        }
    }

    pub fn help(&self) -> Option<String> {
        match self {
            SetupError::UnknownParam { suggestion: Some(s), .. } => Some(format!("did you mean `{s}`?")),
            SetupError::UnknownParam { .. } => Some("`pacta check --list-params` would list them".into()),
            SetupError::BadParamValue { .. } => {
                Some("dates are YYYY-MM-DD, durations like `30 days`, enums `Type::variant` or the bare variant".into())
            }
        }
    }
}
