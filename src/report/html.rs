//! A self-contained HTML report (`--format html`): the summary, the rule
//! and scenario diagnostics, and per scenario a table of findings with the
//! clause each breaks (linked to its text in a list of clauses), the fact
//! and where it is, its sources and, for an indeterminate verdict, why.
//! One file, no network: no script, font, image or style sheet is loaded
//! from anywhere (a Content-Security-Policy in the page says so), and
//! every text from a file is escaped (`crate::escape::html`).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Diagnostic, Level, Outcome, RunReport};
use crate::escape::html;
use crate::eval::{Finding, Verdict};
use crate::span::Sources;

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2em;max-width:80em;color:#222}\
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f3f3f3}.violation{color:#b00020}.indeterminate{color:#8a5a00}.waived{color:#555}.review{color:#0052a3}\
code{font-family:ui-monospace,monospace}small{color:#555}";

pub fn run(report: &RunReport<'_>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>pacta report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    summary(&mut out, report);
    if !report.diagnostics.is_empty() {
        out.push_str("<h2>Rules</h2>\n");
        diagnostics(&mut out, report.rules, &report.diagnostics);
    }
    let mut cited = BTreeSet::new();
    for r in &report.scenarios {
        let _ = writeln!(out, "<h2>Scenario <code>{}</code></h2>", html(&r.name));
        diagnostics(&mut out, &r.sources, &r.diagnostics);
        let findings: Vec<&Finding> = r.evaluation.iter().flat_map(|e| &e.findings).collect();
        if findings.is_empty() {
            out.push_str("<p>No findings.</p>\n");
        } else {
            findings_table(&mut out, report, &r.sources, &findings, &mut cited);
        }
        let pending: Vec<_> = r.evaluation.iter().flat_map(|e| &e.pending).collect();
        if !pending.is_empty() {
            out.push_str("<h3>Pending (not met yet, deadline ahead)</h3>\n<ul>\n");
            for g in super::human::pending_groups(report.program, pending) {
                let what = super::human::count(g.subjects.len(), "obligation");
                let _ = writeln!(
                    out,
                    "<li><code>{}</code> {}: {what} due {}, not met yet: {}</li>",
                    html(g.id),
                    html(g.title),
                    g.due,
                    html(&g.named())
                );
            }
            out.push_str("</ul>\n");
        }
    }
    clauses(&mut out, report, &cited);
    out.push_str("</body>\n</html>\n");
    out
}

fn summary(out: &mut String, report: &RunReport<'_>) {
    let s = report.summary();
    let status = match report.outcome() {
        Outcome::Compliant => "compliant",
        Outcome::Failed => "not compliant",
        Outcome::Undecided => "undecided (no violation; some verdicts could not be decided)",
        Outcome::Invalid => "invalid input (the verdicts are not complete)",
    };
    let _ = writeln!(out, "<h1>pacta: {status}</h1>");
    let table = s.table();
    let heads: String = table.iter().map(|(h, _)| format!("<th>{h}</th>")).collect();
    let _ = writeln!(out, "<table>\n<tr>{heads}</tr>");
    let cells: String = table.iter().map(|(_, n)| format!("<td>{n}</td>")).collect();
    let _ = writeln!(out, "<tr>{cells}</tr>\n</table>");
    let _ = writeln!(out, "<p>Fails on: {}.</p>", html(&report.fail_on.names()));
    if let Some((from, to)) = s.period {
        let _ = writeln!(out, "<p>Verdicts that held on any day from {from} to {to}.</p>");
    }
    if s.left_out > 0 {
        let (n, were) = (super::human::count(s.left_out, "fact"), super::human::were(s.left_out));
        let _ = writeln!(out, "<p>{n} below the minimum confidence {were} left out.</p>");
    }
    let dates: BTreeSet<String> =
        report.scenarios.iter().filter_map(|r| r.evaluation.as_ref()?.as_of).map(|d| d.to_string()).collect();
    if !dates.is_empty() {
        let dates: Vec<String> = dates.into_iter().collect();
        let _ = writeln!(out, "<p>Evaluated on {}.</p>", dates.join(", "));
    }
}

fn findings_table(
    out: &mut String,
    report: &RunReport<'_>,
    sources: &Sources,
    findings: &[&Finding],
    cited: &mut BTreeSet<usize>,
) {
    out.push_str("<table>\n<tr><th>verdict</th><th>clause</th><th>subject</th><th>message</th><th>where</th></tr>\n");
    for f in findings {
        cited.insert(f.clause);
        let clause = report.program.clauses.get(f.clause).map_or("?", |c| c.qualified_id.as_str());
        let at = f.subjects.first().map(|s| sources.locate(s.span)).unwrap_or_default();
        let mut message = html(&f.message);
        if let Verdict::Indeterminate { kind, reason, .. } = &f.verdict {
            let _ = write!(message, "<br><small>cannot decide ({}): {}</small>", kind.code(), html(reason));
        }
        if !f.held.is_empty() {
            let _ = write!(message, "<br><small>held {}</small>", html(&crate::eval::show_held(&f.held)));
        }
        for s in f.sources() {
            let _ = write!(message, "<br><small>{}</small>", html(&s));
        }
        let _ = writeln!(
            out,
            "<tr class=\"{v}\"><td>{v}</td><td><a href=\"#clause-{i}\"><code>{}</code></a></td><td><code>{}</code></td><td>{message}</td><td><code>{}</code></td></tr>",
            html(clause),
            html(&f.subject_key()),
            html(&at),
            v = f.verdict.name(),
            i = f.clause,
        );
    }
    out.push_str("</table>\n");
}

/// The clauses findings cite, with their article and text, as anchors.
fn clauses(out: &mut String, report: &RunReport<'_>, cited: &BTreeSet<usize>) {
    if cited.is_empty() {
        return;
    }
    out.push_str("<h2>Clauses</h2>\n<dl>\n");
    for &i in cited {
        let Some(c) = report.program.clauses.get(i) else { continue };
        let _ = writeln!(
            out,
            "<dt id=\"clause-{i}\"><code>{}</code> {} <small>(article {} {})</small></dt>",
            html(&c.qualified_id),
            html(&c.title),
            html(&c.article),
            html(&c.article_title)
        );
        let _ = writeln!(out, "<dd>{}</dd>", c.text.as_deref().map_or_else(String::new, html));
    }
    out.push_str("</dl>\n");
}

/// Errors and warnings: code, message, location, help.
fn diagnostics(out: &mut String, sources: &Sources, diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    out.push_str("<ul>\n");
    for d in diags {
        let at = d.span().map(|s| sources.locate(s)).unwrap_or_default();
        let level = if d.level == Level::Error { "error" } else { "warning" };
        let _ = write!(
            out,
            "<li class=\"{level}\">{level} <b>{}</b> {} <code>{}</code>",
            html(&d.code),
            html(&d.message),
            html(&at)
        );
        if let Some(h) = &d.help {
            let _ = write!(out, " <small>(help: {})</small>", html(h));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}
