//! A Markdown summary (`--format markdown`), fit for a pull-request
//! comment: totals, then a table of findings per scenario. Every text from
//! a file is escaped (`crate::escape`): a PR comment renders HTML and
//! Markdown, and `@name` would ping someone.

use std::fmt::Write as _;

use super::{Diagnostic, Level, Outcome, RunReport};
use crate::escape::{markdown, markdown_code};
use crate::eval::Verdict;
use crate::span::Sources;

pub fn run(report: &RunReport<'_>) -> String {
    let s = report.summary();
    let mut out = String::new();
    let status = match report.outcome() {
        Outcome::Compliant => "✅ compliant",
        Outcome::Failed => "❌ not compliant",
        Outcome::Undecided => "❓ undecided (no violation; some verdicts could not be decided)",
        Outcome::Invalid => "⛔ invalid input (the verdicts are not complete)",
    };
    let _ = writeln!(out, "### pacta: {status}\n");
    let table = s.table();
    let heads: String = table.iter().map(|(h, _)| format!(" {h} |")).collect();
    let _ = writeln!(out, "|{heads}");
    let _ = writeln!(out, "|{}", "---:|".repeat(table.len()));
    let cells: String = table.iter().map(|(_, n)| format!(" {n} |")).collect();
    let _ = writeln!(out, "|{cells}\n");
    let _ = writeln!(out, "Fails on: {}.\n", report.fail_on.names());
    if !report.diagnostics.is_empty() {
        let _ = writeln!(out, "#### rules\n");
        diagnostics(&mut out, report.rules, &report.diagnostics);
        out.push('\n');
    }
    if let Some((from, to)) = s.period {
        let _ = writeln!(out, "Verdicts that held on any day from {from} to {to}.\n");
    }
    if s.left_out > 0 {
        let (n, were) = (super::human::count(s.left_out, "fact"), super::human::were(s.left_out));
        let _ = writeln!(out, "{n} below the minimum confidence {were} left out.\n");
    }
    for r in &report.scenarios {
        let findings: Vec<_> = r.evaluation.iter().flat_map(|e| &e.findings).collect();
        let pending: Vec<_> = r.evaluation.iter().flat_map(|e| &e.pending).collect();
        if findings.is_empty() && pending.is_empty() && r.diagnostics.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {}\n", markdown_code(&r.name));
        diagnostics(&mut out, &r.sources, &r.diagnostics);
        if !findings.is_empty() {
            let _ = writeln!(out, "| verdict | clause | subject | message | where |");
            let _ = writeln!(out, "|---|---|---|---|---|");
            for f in findings {
                let clause = report.program.clauses.get(f.clause).map_or("?", |c| c.qualified_id.as_str());
                let at = f.subjects.first().map(|s| r.sources.locate(s.span)).unwrap_or_default();
                let mut sources: String = f.sources().iter().map(|s| format!("<br>{}", markdown(s))).collect();
                if !f.held.is_empty() {
                    sources.insert_str(0, &format!("<br>held {}", markdown(&crate::eval::show_held(&f.held))));
                }
                let message = match &f.verdict {
                    Verdict::Indeterminate { kind, reason, .. } => {
                        format!("{}<br>cannot decide ({}): {}", markdown(&f.message), kind.code(), markdown(reason))
                    }
                    _ => markdown(&f.message),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {message}{sources} | {} |",
                    f.verdict.name(),
                    markdown_code(clause),
                    markdown_code(&f.subject_key()),
                    markdown(&at)
                );
            }
            out.push('\n');
        }
        if !pending.is_empty() {
            let _ = writeln!(out, "Pending (not met yet, deadline ahead):\n");
            for g in super::human::pending_groups(report.program, pending) {
                let what = super::human::count(g.subjects.len(), "obligation");
                let _ = writeln!(
                    out,
                    "- {} {}: {what} due {}, not met yet: {}",
                    markdown_code(g.id),
                    markdown(g.title),
                    g.due,
                    markdown(&g.named())
                );
            }
            out.push('\n');
        }
    }
    out
}

/// Errors and warnings as a list: code, message, location, help.
fn diagnostics(out: &mut String, sources: &Sources, diags: &[Diagnostic]) {
    for d in diags {
        let at = d.span().map(|s| sources.locate(s)).unwrap_or_default();
        let level = if d.level == Level::Error { "error" } else { "warning" };
        let _ = write!(out, "- {level} **{}** {} {}", markdown(&d.code), markdown_code(&d.message), markdown(&at));
        if let Some(h) = &d.help {
            let _ = write!(out, " (help: {})", markdown(h));
        }
        out.push('\n');
    }
}
