//! The one interface every layer's error offers a report — a stable code,
//! a help line, where it is, related places, and whether it is only a
//! warning — so `report::Diagnostic` is built the same way from each (as
//! `miette::Diagnostic` does for crates that use it). Each layer keeps its
//! own error type and declares its codes and help next to its variants.

use crate::span::Span;

pub trait Diagnose: std::error::Error {
    /// The stable code users search for: `pacta::unknown-name`.
    fn code(&self) -> &'static str;

    /// The message alone. `Display` also says where (`file:line:col: …`)
    /// once the error is placed; a renderer that draws the place itself
    /// shows this.
    fn message(&self) -> String {
        self.to_string()
    }

    /// What to do about it, when pacta can say.
    fn help(&self) -> Option<String> {
        None
    }

    /// Where it is, when it is somewhere.
    fn span(&self) -> Option<Span> {
        None
    }

    /// Other places worth showing, each with a label.
    fn related(&self) -> Vec<(Span, String)> {
        Vec::new()
    }

    /// A lint rather than an error.
    fn is_warning(&self) -> bool {
        false
    }
}

impl Diagnose for crate::Error {
    fn code(&self) -> &'static str {
        self.layer().map_or_else(|| top_code(self), Diagnose::code)
    }

    fn message(&self) -> String {
        match self {
            crate::Error::Syntax(_) | crate::Error::Check(_) | crate::Error::Scenario(_) | crate::Error::Setup(_) => {
                self.layer().map_or_else(|| self.to_string(), Diagnose::message)
            }
            _ => self.to_string(),
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            crate::Error::NoScenarios { .. } => {
                Some("name scenario files or directories that hold them; a run that judges nothing fails".into())
            }
            _ => self.layer().and_then(Diagnose::help),
        }
    }

    fn span(&self) -> Option<Span> {
        self.layer().and_then(Diagnose::span)
    }

    fn related(&self) -> Vec<(Span, String)> {
        self.layer().map(Diagnose::related).unwrap_or_default()
    }

    fn is_warning(&self) -> bool {
        self.layer().is_some_and(Diagnose::is_warning)
    }
}

impl crate::Error {
    /// The error with its place resolved from `sources`, so that its
    /// `Display` says where without a renderer. Done once, where a layer's
    /// errors become `pacta::Error`s (`load_rules`, `check_scenario`).
    #[must_use]
    pub fn locate(mut self, sources: &crate::span::Sources) -> Self {
        match &mut self {
            crate::Error::Syntax(e) => e.place = sources.place(e.span).map(Box::new),
            crate::Error::Check(e) => e.place = sources.place(e.span).map(Box::new),
            crate::Error::Scenario(e) => e.place = sources.place(e.span).map(Box::new),
            _ => {}
        }
        self
    }

    /// The layer's own error, if it is one (a read error is located by
    /// the path in the message, not by a span).
    fn layer(&self) -> Option<&dyn Diagnose> {
        match self {
            crate::Error::Syntax(e) => Some(e),
            crate::Error::Check(e) => Some(e),
            crate::Error::Scenario(e) => Some(e),
            crate::Error::Setup(e) => Some(e),
            crate::Error::Read { error, .. } => Some(error),
            crate::Error::NoScenarios { .. } | crate::Error::Usage(_) => None,
        }
    }
}

fn top_code(e: &crate::Error) -> &'static str {
    match e {
        crate::Error::NoScenarios { .. } => "pacta::no-scenarios",
        _ => "pacta::usage",
    }
}
