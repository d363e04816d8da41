//! A Markdown summary (`--format markdown`), fit for a pull-request
//! comment: totals, then a table of findings per scenario. Every text from
//! a file is escaped (`crate::escape`): a PR comment renders HTML and
//! Markdown, and `@name` would ping someone.

use std::fmt::Write as _;

use super::RunReport;
use crate::escape::{markdown, markdown_code};

pub fn run(report: &RunReport<'_>) -> String {
    let s = report.summary();
    let mut out = String::new();
    let status = if s.violations == 0 && s.errors == 0 { "✅ compliant" } else { "❌ not compliant" };
    let _ = writeln!(out, "### pacta: {status}\n");
    let _ = writeln!(out, "| scenarios | clauses | facts | violations | waived | indeterminate | review | errors |");
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
        s.scenarios, s.clauses, s.facts, s.violations, s.waived, s.indeterminate, s.review, s.errors
    );
    if let Some((from, to)) = s.period {
        let _ = writeln!(out, "Verdicts that held on any day from {from} to {to}.\n");
    }
    if s.left_out > 0 {
        let _ = writeln!(out, "{} facts below the minimum confidence were left out.\n", s.left_out);
    }
    for r in &report.scenarios {
        let findings: Vec<_> = r.evaluation.iter().flat_map(|e| &e.findings).collect();
        if findings.is_empty() && r.diagnostics.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {}\n", markdown_code(&r.name));
        for d in &r.diagnostics {
            let at = d.span().map(|s| r.sources.locate(s)).unwrap_or_default();
            let _ = writeln!(out, "- **{}** {} {}", markdown(&d.code), markdown_code(&d.message), markdown(&at));
        }
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
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {}{sources} | {} |",
                    f.verdict.name(),
                    markdown_code(clause),
                    markdown_code(&f.subject_key()),
                    markdown(&f.message),
                    markdown(&at)
                );
            }
            out.push('\n');
        }
    }
    out
}
