//! The human report's common diagnostic written directly, byte for byte as
//! codespan-reporting lays it out, without its renderer: a finding on a
//! large scenario is one short label in the scenario and one in the rule
//! file, and codespan's general layout (grouping labels by file and line,
//! measuring every character's width, a write call per character) cost
//! several times what the text does.
//!
//! Only the plainest shape is written here: no colour, every label on one
//! line of printable ASCII within its line and in a file of its own, none
//! that codespan would move to an excerpt (`super::excerpt`). Anything
//! else returns `None`, and codespan renders it as before; the tests in
//! this module compare both on every shape they accept.

use std::fmt::Write as _;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, LabelStyle, Severity};

use super::excerpt::MAX_LINE;
use crate::span::{FileId, SourceFile, Sources};

/// One label of the shape written here: its file, line and where on it.
struct Snippet<'a> {
    file: &'a SourceFile,
    /// One-based line number.
    line: usize,
    /// The line's text, without its newline.
    text: &'a str,
    /// The label's bytes in `text` (not empty).
    columns: Range<usize>,
    style: LabelStyle,
    message: &'a str,
}

/// `d` as codespan's rich, colourless format writes it, or `None` when its
/// shape is not one this writes (then codespan must).
pub fn render(sources: &Sources, d: &Diagnostic<FileId>) -> Option<String> {
    let snippets = d.labels.iter().map(|l| snippet(sources, l)).collect::<Option<Vec<_>>>()?;
    // Two labels in one file share a snippet, laid out together.
    for (i, s) in snippets.iter().enumerate() {
        if d.labels[..i].iter().any(|l| l.file_id == d.labels[i].file_id) || s.message.contains('\n') {
            return None;
        }
    }
    let pad = snippets.iter().map(|s| digits(s.line)).max().unwrap_or(0);
    let mut out = String::with_capacity(256);
    header(&mut out, d);
    for (i, s) in snippets.iter().enumerate() {
        write_snippet(&mut out, s, pad);
        if i + 1 < snippets.len() || !d.notes.is_empty() {
            gutter(&mut out, pad);
            out.push_str("│\n");
        }
    }
    for note in &d.notes {
        for (i, line) in note.lines().enumerate() {
            gutter(&mut out, pad);
            out.push_str(if i == 0 { "=" } else { " " });
            let _ = writeln!(out, " {line}");
        }
    }
    out.push('\n');
    Some(out)
}

/// A label, if it lies on one short line of printable ASCII in a file
/// without control characters (else codespan may show it otherwise).
fn snippet<'a>(sources: &'a Sources, l: &'a codespan_reporting::diagnostic::Label<FileId>) -> Option<Snippet<'a>> {
    let file = sources.get(l.file_id)?;
    let text = file.text.as_str();
    let start = l.range.start;
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    let printable = line.bytes().all(|b| (0x20..0x7f).contains(&b));
    if line.len() > MAX_LINE || !printable || l.range.end > line_end || l.range.end <= start || file.has_controls() {
        return None;
    }
    Some(Snippet {
        file,
        line: file.line_col(start).line,
        text: line,
        columns: start - line_start..l.range.end - line_start,
        style: l.style,
        message: &l.message,
    })
}

/// `error[code]: message`.
fn header(out: &mut String, d: &Diagnostic<FileId>) {
    out.push_str(match d.severity {
        Severity::Bug => "bug",
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
        Severity::Help => "help",
    });
    if let Some(code) = d.code.as_deref().filter(|c| !c.is_empty()) {
        let _ = write!(out, "[{code}]");
    }
    let _ = writeln!(out, ": {}", d.message);
}

/// A label's snippet: where, the line, and the carets with the message.
fn write_snippet(out: &mut String, s: &Snippet<'_>, pad: usize) {
    let name = crate::escape::terminal(&s.file.name);
    gutter(out, pad);
    // The column is the label's start, counted in characters: bytes here.
    let _ = writeln!(out, "┌─ {name}:{}:{}", s.line, s.columns.start + 1);
    gutter(out, pad);
    out.push_str("│\n");
    let _ = writeln!(out, "{:>pad$} │ {}", s.line, s.text);
    gutter(out, pad);
    out.push_str("│ ");
    out.extend(std::iter::repeat_n(' ', s.columns.start));
    let caret = if s.style == LabelStyle::Primary { '^' } else { '-' };
    out.extend(std::iter::repeat_n(caret, s.columns.len()));
    if !s.message.is_empty() {
        out.push(' ');
        out.push_str(s.message);
    }
    out.push('\n');
}

/// The blank outer gutter: as wide as the widest line number, and a space.
fn gutter(out: &mut String, pad: usize) {
    out.extend(std::iter::repeat_n(' ', pad + 1));
}

fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use codespan_reporting::diagnostic::{Diagnostic, Label};
    use codespan_reporting::term::{self, Config, termcolor::Buffer};

    use crate::span::{FileId, Sources};

    fn codespan(sources: &Sources, d: &Diagnostic<FileId>) -> String {
        let mut buffer = Buffer::no_color();
        let (view, d) = super::super::excerpt::View::of(sources, d.clone());
        term::emit_to_write_style(&mut buffer, &Config::default(), &view, &d).unwrap();
        String::from_utf8(buffer.into_inner()).unwrap()
    }

    fn sources() -> (Sources, FileId, FileId) {
        let mut s = Sources::new();
        let lines: String = (1..=120).map(|i| format!("  - id: fact-{i}  # note\n")).collect();
        let a = s.add("a/scenario.yaml".into(), lines);
        let b = s.add("rules/t.pacta".into(), "treaty t {\n    forbid d: Deployment\n}".into());
        (s, a, b)
    }

    /// Every shape the direct writer takes is codespan's text, and the
    /// others are left to codespan.
    #[test]
    fn plain_diagnostics_are_codespans_text() {
        let (s, a, b) = sources();
        let line = |n: usize| s.get(a).and_then(|f| f.offset_of(n, 1)).unwrap();
        let cases = vec![
            Diagnostic::error()
                .with_code("t/4.1")
                .with_message("violation: forces")
                .with_labels(vec![
                    Label::primary(a, line(100) + 4..line(100) + 17).with_message("too many"),
                    Label::secondary(b, 15..35).with_message("clause 4.1 (article 4)"),
                ])
                .with_notes(vec!["held 2021-01-01 → end of period".into(), "source of x: y".into()]),
            Diagnostic::warning().with_message("m").with_labels(vec![Label::primary(a, 4..5)]),
            Diagnostic::note()
                .with_code("")
                .with_message("waived")
                .with_labels(vec![Label::secondary(b, 11..12).with_message("x")])
                .with_notes(vec!["waived: e".into()]),
            Diagnostic::help().with_message("review").with_labels(vec![
                Label::primary(a, line(9) + 2..line(9) + 5).with_message("m"),
                Label::secondary(b, 15..35).with_message(""),
            ]),
        ];
        for d in &cases {
            assert_eq!(super::render(&s, d).as_deref(), Some(codespan(&s, d).as_str()), "{d:?}");
        }
        let refused = vec![
            // Two labels in one file, a label across lines, an empty one.
            Diagnostic::error().with_labels(vec![Label::primary(a, 0..3), Label::secondary(a, 30..33)]),
            Diagnostic::error().with_labels(vec![Label::primary(a, 4..40)]),
            Diagnostic::error().with_labels(vec![Label::primary(a, 4..4)]),
        ];
        for d in &refused {
            assert_eq!(super::render(&s, d), None, "{d:?}");
        }
    }
}
