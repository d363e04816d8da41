//! GitHub Actions workflow commands (`--format github`): one annotation per
//! finding, at the fact in the scenario, and one per error.
//! `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=T::message`.

use std::fmt::Write as _;

use super::RunReport;
use super::diagnostic::{Diagnostic, Level};
use crate::escape;
use crate::eval::Verdict;
use crate::span::{Sources, Span};

pub fn run(report: &RunReport<'_>) -> String {
    let mut out = String::new();
    let left_out = report.summary().left_out;
    if left_out > 0 {
        let _ = writeln!(out, "::notice title=pacta::{left_out} facts below the minimum confidence were left out");
    }
    if let Some((from, to)) = report.summary().period {
        let _ = writeln!(out, "::notice title=pacta::verdicts that held on any day from {from} to {to}");
    }
    for d in &report.diagnostics {
        diagnostic(&mut out, report.rules, d);
    }
    for r in &report.scenarios {
        for d in &r.diagnostics {
            diagnostic(&mut out, &r.sources, d);
        }
        for f in r.evaluation.iter().flat_map(|e| &e.findings) {
            let Some(c) = report.program.clauses.get(f.clause) else { continue };
            let command = match f.verdict {
                Verdict::Violation { .. } => "error",
                Verdict::Indeterminate { .. } => "warning",
                Verdict::Waived { .. } | Verdict::Review => "notice",
            };
            let at = f.subjects.first().map_or(c.rule_span, |s| s.span);
            let title = format!("{} ({}): {}", c.qualified_id, f.verdict.name(), c.title);
            let mut message = escape::terminal(&f.message).into_owned();
            if !f.held.is_empty() {
                message.push_str(&format!(" (held {})", crate::eval::show_held(&f.held)));
            }
            for s in f.sources() {
                message.push_str(&format!("\n{}", escape::terminal(&s)));
            }
            line(&mut out, command, &r.sources, Some(at), &title, &message);
        }
    }
    out
}

fn diagnostic(out: &mut String, sources: &Sources, d: &Diagnostic) {
    let command = if d.level == Level::Error { "error" } else { "warning" };
    // The line break before the help is the report's; any in the texts
    // (from files) are shown escaped.
    let message = match &d.help {
        Some(h) => format!("{}\nhelp: {}", escape::terminal(&d.message), escape::terminal(h)),
        None => escape::terminal(&d.message).into_owned(),
    };
    line(out, command, sources, d.span(), &d.code, &message);
}

fn line(out: &mut String, command: &str, sources: &Sources, at: Option<Span>, title: &str, message: &str) {
    let mut props = Vec::new();
    if let Some((file, span)) = at.and_then(|s| sources.get(s.file).map(|f| (f, s))) {
        let start = file.line_col(span.start as usize);
        let end = file.line_col(span.end as usize);
        props.push(format!("file={}", property(&file.name)));
        props.push(format!("line={},col={},endLine={},endColumn={}", start.line, start.col, end.line, end.col));
    }
    props.push(format!("title={}", property(title)));
    let _ = writeln!(out, "::{command} {}::{}", props.join(","), data(message));
}

/// Escaping for the message part of a workflow command: GitHub's own
/// escapes for `%`, CR and LF; any other control character (ESC would
/// colour or rewrite the log) shown escaped.
fn data(s: &str) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    escape::terminal(&s).into_owned()
}

/// Escaping for a property value: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
