//! The JSON format, schema `pacta/check/v1`, documented in
//! `docs/json-output.md`. Keys keep insertion order; locations are one-based.

use serde_json::{Map, Value as Json, json};

use super::diagnostic::{Diagnostic, Level};
use super::{RunReport, Summary};
use crate::eval::{Finding, Subject, Verdict};
use crate::plan::Program;
use crate::span::{Sources, Span};

pub const SCHEMA: &str = "pacta/check/v1";

pub fn location(sources: &Sources, span: Span) -> Json {
    match sources.get(span.file) {
        Some(f) => {
            let start = f.line_col(span.start as usize);
            let end = f.line_col(span.end as usize);
            json!({"file": f.name, "line": start.line, "column": start.col, "end_line": end.line, "end_column": end.col})
        }
        None => Json::Null,
    }
}

pub fn subject(sources: &Sources, s: &Subject) -> Json {
    let mut o = json!({"type": &*s.entity, "id": &*s.id, "location": location(sources, s.span)});
    if let (Some(p), Json::Object(map)) = (s.provenance(), &mut o) {
        map.insert("sources".into(), p.sources.iter().map(source).collect());
        map.insert("confidence".into(), json!(p.confidence.map(|c| c.to_string())));
    }
    if let (Some(fields), Json::Object(map)) = (s.overridden(), &mut o) {
        map.insert("overridden".into(), json!(fields.split(", ").collect::<Vec<_>>()));
    }
    o
}

fn source(s: &crate::scenario::provenance::Source) -> Json {
    json!({"text": &*s.text, "url": s.url.as_deref(), "accessed": s.accessed.map(|d| d.to_string())})
}

fn finding(program: &Program, sources: &Sources, f: &Finding) -> Json {
    let Some(c) = program.clauses.get(f.clause) else {
        return Json::Null;
    };
    let mut o = Map::new();
    o.insert("clause".into(), json!(c.qualified_id));
    o.insert("treaty".into(), json!(program.treaties.get(c.treaty).map(|t| t.id.as_str())));
    o.insert("article".into(), json!(c.article));
    o.insert("title".into(), json!(c.title));
    o.insert("verdict".into(), json!(f.verdict.name()));
    o.insert("severity".into(), json!(c.severity.as_str()));
    o.insert("message".into(), json!(f.message));
    o.insert("subjects".into(), Json::Array(f.subjects.iter().map(|s| subject(sources, s)).collect()));
    o.insert("rule".into(), location(sources, c.rule_span));
    match &f.verdict {
        Verdict::Violation { overdue_since } => {
            o.insert("overdue_since".into(), json!(overdue_since.map(|d| d.to_string())));
        }
        Verdict::Waived { label, by, exception } => {
            let by = by.as_ref().map_or(Json::Null, |b| subject(sources, b));
            o.insert("waived".into(), json!({"exception": label, "by": by, "location": location(sources, *exception)}));
        }
        Verdict::Indeterminate { kind, reason, at, fact } => {
            let fact = fact.map_or(Json::Null, |s| location(sources, s));
            let at = location(sources, *at);
            o.insert(
                "indeterminate".into(),
                json!({"kind": kind.code(), "reason": reason, "location": at, "fact": fact}),
            );
        }
        Verdict::Review => {}
    }
    if !f.held.is_empty() {
        o.insert("held".into(), held(&f.held));
    }
    Json::Object(o)
}

/// The intervals a verdict held in a period, `until` exclusive (null: to
/// the period's end).
pub(super) fn held(held: &[crate::eval::Held]) -> Json {
    held.iter().map(|h| json!({"from": h.from.to_string(), "until": h.until.map(|d| d.to_string())})).collect()
}

fn summary(s: &Summary) -> Json {
    json!({
        "scenarios": s.scenarios, "clauses": s.clauses, "facts": s.facts, "errors": s.errors, "warnings": s.warnings,
        "violations": s.violations, "waived": s.waived, "indeterminate": s.indeterminate, "review": s.review, "pending": s.pending,
        "facts_left_out": s.left_out,
    })
}

pub fn diagnostic(sources: &Sources, d: &Diagnostic) -> Json {
    let labels: Vec<Json> = d
        .labels
        .iter()
        .map(|l| json!({"primary": l.primary, "message": l.message, "location": location(sources, l.span)}))
        .collect();
    let level = if d.level == Level::Error { "error" } else { "warning" };
    json!({"level": level, "code": d.code, "message": d.message, "help": d.help, "labels": labels})
}

/// A whole run: scenarios with their findings and errors, rule-level
/// diagnostics, and the summary.
pub fn run(report: &RunReport<'_>) -> Json {
    let scenarios: Vec<Json> = report
        .scenarios
        .iter()
        .map(|r| {
            let findings = findings(report.program, r).map(Iterator::collect).unwrap_or_default();
            scenario(report.program, r, Json::Array(findings))
        })
        .collect();
    skeleton(report, scenarios)
}

/// Writes [`run`]'s pretty-printed JSON, byte for byte, holding one finding
/// in memory at a time instead of the whole tree: on a large scenario the
/// tree costs far more than the facts it describes.
pub fn write_run(report: &RunReport<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let scenarios: Vec<Json> = report
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, r)| scenario(report.program, r, json!(format!("{PLACEHOLDER}{i}"))))
        .collect();
    let text = format!("{:#}", skeleton(report, scenarios));
    for line in text.lines() {
        match placeholder(line) {
            Some((indent, i)) => {
                let r = &report.scenarios[i];
                write_findings(out, indent, findings(report.program, r).into_iter().flatten())?;
            }
            None => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}

/// Stands in for a scenario's findings in the skeleton.
const PLACEHOLDER: &str = "\u{1}pacta-findings:";

/// `"findings": "<placeholder>i",` as (its indentation, i).
fn placeholder(line: &str) -> Option<(usize, usize)> {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix("\"findings\": \"\\u0001pacta-findings:")?;
    let i = rest.trim_end_matches(',').trim_end_matches('"').parse().ok()?;
    Some((line.len() - trimmed.len(), i))
}

/// The `"findings": [...]` member at `indent`, as `{:#}` would print it.
fn write_findings(
    out: &mut dyn std::io::Write,
    indent: usize,
    findings: impl Iterator<Item = Json>,
) -> std::io::Result<()> {
    let pad = " ".repeat(indent);
    let mut first = true;
    for f in findings {
        let text = format!("{f:#}");
        if first {
            writeln!(out, "{pad}\"findings\": [")?;
        } else {
            writeln!(out, ",")?;
        }
        first = false;
        for (n, line) in text.lines().enumerate() {
            if n > 0 {
                writeln!(out)?;
            }
            write!(out, "{pad}  {line}")?;
        }
    }
    // Findings are followed by the scenario's pending obligations: always a comma.
    if first { writeln!(out, "{pad}\"findings\": [],") } else { writeln!(out, "\n{pad}],") }
}

fn findings<'r>(program: &'r Program, r: &'r super::ScenarioResult) -> Option<impl Iterator<Item = Json> + 'r> {
    let sources = &r.sources;
    r.evaluation.as_ref().map(move |e| e.findings.iter().map(move |f| finding(program, sources, f)))
}

fn skeleton(report: &RunReport<'_>, scenarios: Vec<Json>) -> Json {
    let summary_data = report.summary();
    json!({
        "schema": SCHEMA,
        "pacta_version": env!("CARGO_PKG_VERSION"),
        "ok": report.outcome().ok(),
        "outcome": report.outcome().name(),
        "fail_on": report.fail_on.names(),
        "scenarios": scenarios,
        "diagnostics": report.diagnostics.iter().map(|d| diagnostic(report.rules, d)).collect::<Vec<_>>(),
        "summary": summary(&summary_data),
    })
}

fn scenario(program: &Program, r: &super::ScenarioResult, findings: Json) -> Json {
    let sources = &r.sources;
    let e = r.evaluation.as_ref();
    let pending: Vec<Json> = e.iter().flat_map(|e| &e.pending).map(|p| pending(program, sources, p)).collect();
    json!({
        "file": r.name,
        "as_of": e.and_then(|e| e.as_of).map(|d| d.to_string()),
        "facts": e.map_or(0, |e| e.facts),
        "facts_left_out": e.map_or(0, |e| e.left_out),
        "period": e.and_then(|e| e.period).map(|(from, to)| json!({"from": from.to_string(), "to": to.to_string()})),
        "incomplete": e.iter().flat_map(|e| &e.incomplete).filter_map(|id| program.schema.entity(*id).map(|t| t.name.as_str())).collect::<Vec<_>>(),
        "evaluated": e.is_some(),
        "findings": findings,
        "pending": pending,
        "diagnostics": r.diagnostics.iter().map(|d| diagnostic(sources, d)).collect::<Vec<_>>(),
    })
}

/// An obligation not met yet whose deadline is still ahead.
fn pending(program: &Program, sources: &Sources, p: &crate::eval::Pending) -> Json {
    let c = program.clauses.get(p.clause);
    json!({
        "clause": c.map(|c| c.qualified_id.as_str()),
        "title": c.map(|c| c.title.as_str()),
        "subjects": p.subjects.iter().map(|s| subject(sources, s)).collect::<Vec<_>>(),
        // Both ends are dates, so a consumer never parses a range; they
        // differ only for a deadline known to a range of days.
        "due": p.due.earliest.to_string(),
        "due_latest": p.due.latest.to_string(),
        "held": held(&p.held),
    })
}

/// Only diagnostics (a run that failed before evaluation).
pub fn errors(sources: &Sources, diagnostics: &[Diagnostic]) -> Json {
    json!({
        "schema": SCHEMA,
        "pacta_version": env!("CARGO_PKG_VERSION"),
        "ok": false,
        "outcome": super::Outcome::Invalid.name(),
        "scenarios": [],
        "diagnostics": diagnostics.iter().map(|d| diagnostic(sources, d)).collect::<Vec<_>>(),
        "summary": Json::Null,
    })
}
