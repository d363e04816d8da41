//! pacta's diagnostics as the editor shows them: a document's own, with
//! their code, range (in UTF-16 positions), help, and related labels as
//! related information; those without a place at the document's start;
//! and, when files the document's check read have errors, one diagnostic
//! that says so and points at each (the check of the document stops at
//! them, so the document alone could look fine while `pacta check` fails).

use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range};

use super::position::LineIndex;
use crate::report::{Diagnostic, Level};
use crate::span::{FileId, Sources, Span};

/// Other files' errors listed on a document, at most.
const MAX_ELSEWHERE: usize = 20;

/// The diagnostics of `file` (the document, whose text is `text`) among
/// `all`; `None` for a document its run did not read.
pub fn of_document(
    all: &[Diagnostic],
    sources: &Sources,
    file: Option<FileId>,
    text: &str,
) -> Vec<lsp_types::Diagnostic> {
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    let mut elsewhere = Vec::new();
    for d in all {
        match d.span() {
            Some(span) if Some(span.file) == file => out.push(convert(d, Some(&index), sources)),
            None => out.push(convert(d, None, sources)),
            Some(_) if d.level == Level::Error => elsewhere.push(d),
            Some(_) => {}
        }
    }
    out.extend(summary(&elsewhere, sources));
    out
}

/// One diagnostic, placed with `index` (the text of its primary span's
/// file), or at the start when it has no place.
pub fn convert(d: &Diagnostic, index: Option<&LineIndex<'_>>, sources: &Sources) -> lsp_types::Diagnostic {
    let range = match (d.span(), index) {
        (Some(span), Some(index)) => index.range(span.start as usize, span.end as usize),
        _ => Range::default(),
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| {
            let message = if l.message.is_empty() { "related".to_string() } else { l.message.clone() };
            Some(DiagnosticRelatedInformation { location: location(sources, l.span)?, message })
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.level)),
        code: Some(NumberOrString::String(d.code.clone())),
        source: Some("pacta".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
    }
}

/// Where a span is, as the editor names it.
pub fn location(sources: &Sources, span: Span) -> Option<Location> {
    let file = sources.get(span.file)?;
    let uri = super::uri::from_path(&file.path)?;
    let range = LineIndex::new(&file.text).range(span.start as usize, span.end as usize);
    Some(Location { uri, range })
}

/// One error at the document's start standing for the errors of other
/// files, each one a related location.
fn summary(elsewhere: &[&Diagnostic], sources: &Sources) -> Option<lsp_types::Diagnostic> {
    let first = elsewhere.first()?;
    let related: Vec<DiagnosticRelatedInformation> = elsewhere
        .iter()
        .take(MAX_ELSEWHERE)
        .filter_map(|d| {
            let location = location(sources, d.span()?)?;
            Some(DiagnosticRelatedInformation { location, message: format!("{}: {}", d.code, d.message) })
        })
        .collect();
    let place = first.span().and_then(|s| short_place(sources, s)).unwrap_or_default();
    let more = match elsewhere.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Some(lsp_types::Diagnostic {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(first.code.clone())),
        source: Some("pacta".into()),
        message: format!("files this one is checked with have errors: {place}: {}{more}", first.message),
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    })
}

/// `file.pacta:3:7`: the file's name and the place, for a message (the
/// related information has the whole path).
fn short_place(sources: &Sources, span: Span) -> Option<String> {
    let file = sources.get(span.file)?;
    let name = file.path.file_name()?.to_string_lossy();
    let at = file.line_col(span.start as usize);
    Some(format!("{}:{}:{}", crate::escape::terminal(&name), at.line, at.col))
}

/// A document too large to check.
pub fn too_large(limit: usize) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("pacta::file-too-large".into())),
        source: Some("pacta".into()),
        message: format!("not checked: larger than the {limit} bytes a document may have here"),
        ..lsp_types::Diagnostic::default()
    }
}
