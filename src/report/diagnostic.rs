//! One shape for every problem pacta reports: rule-file errors, scenario
//! errors, bad parameters. Each layer's error converts into a [`Diagnostic`];
//! the renderers only know this type.

use crate::eval::RunError;
use crate::span::Span;
use crate::{Diagnose, Error};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub level: Level,
    /// Stable code, e.g. `pacta::unknown-field`.
    pub code: String,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    fn new(level: Level, code: &str, message: String, span: Option<Span>, help: Option<String>) -> Self {
        let labels = span.map(|span| Label { span, message: String::new(), primary: true }).into_iter().collect();
        Diagnostic { level, code: code.to_string(), message, labels, help }
    }

    fn related(mut self, span: Span, message: String) -> Self {
        self.labels.push(Label { span, message, primary: false });
        self
    }

    /// The primary location, for sorting.
    pub fn span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.primary).map(|l| l.span)
    }
}

impl From<&Error> for Diagnostic {
    fn from(e: &Error) -> Self {
        Diagnostic::of(e)
    }
}

impl From<&RunError> for Diagnostic {
    fn from(e: &RunError) -> Self {
        Diagnostic::of(e)
    }
}

impl Diagnostic {
    /// Any layer's error or warning, with its code, help and places.
    pub fn of(e: &dyn Diagnose) -> Self {
        let level = if e.is_warning() { Level::Warning } else { Level::Error };
        let d = Diagnostic::new(level, e.code(), e.message(), e.span(), e.help());
        e.related().into_iter().fold(d, |d, (span, label)| d.related(span, label))
    }
}

/// Sorts diagnostics by file and position, located ones first.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.span().map_or((u32::MAX, 0, 0), |s| (s.file.0, s.start, s.end)), d.code.clone()));
}
