//! One line per finding and diagnostic (`--format concise`), like ruff's
//! and rustc's short formats, for logs and `grep`:
//! `FILE:LINE:COL: VERDICT[CLAUSE] message`, then the summary line.

use std::fmt::Write as _;

use super::{Diagnostic, Level, RunReport};
use crate::escape::terminal;
use crate::eval::Verdict;
use crate::span::{Sources, Span};

pub fn run(report: &RunReport<'_>) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        diagnostic(&mut out, report.rules, d);
    }
    for r in &report.scenarios {
        for d in &r.diagnostics {
            diagnostic(&mut out, &r.sources, d);
        }
        for f in r.evaluation.iter().flat_map(|e| &e.findings) {
            let Some(c) = report.program.clauses.get(f.clause) else { continue };
            let at = f.subjects.first().map_or(c.rule_span, |s| s.span);
            let why = match &f.verdict {
                Verdict::Indeterminate { kind, reason, .. } => format!(" (cannot decide ({}): {reason})", kind.code()),
                _ => String::new(),
            };
            let line =
                format!("{}: {}[{}] {}{why}", place(&r.sources, at), f.verdict.name(), c.qualified_id, f.message);
            let _ = writeln!(out, "{}", terminal(&line));
        }
        for g in super::human::pending_groups(report.program, r.evaluation.iter().flat_map(|e| &e.pending)) {
            let _ = writeln!(out, "{}: pending[{}] {}", terminal(&r.name), g.id, terminal(&g.line()));
        }
    }
    out.push_str(&super::human::summary_line(&report.summary()));
    out
}

pub(crate) fn diagnostic(out: &mut String, sources: &Sources, d: &Diagnostic) {
    let level = if d.level == Level::Error { "error" } else { "warning" };
    let at = d.span().map_or_else(|| "pacta".to_string(), |s| place(sources, s));
    let _ = writeln!(out, "{}", terminal(&format!("{at}: {level}[{}] {}", d.code, d.message)));
}

/// `file:line:col` of the start of a span.
fn place(sources: &Sources, span: Span) -> String {
    match sources.get(span.file) {
        Some(f) => {
            let lc = f.line_col(span.start as usize);
            format!("{}:{}:{}", f.name, lc.line, lc.col)
        }
        None => "?".into(),
    }
}
