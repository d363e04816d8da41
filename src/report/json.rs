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
    json!({"type": s.entity, "id": s.id, "location": location(sources, s.span)})
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
        Verdict::Indeterminate { reason, at, fact } => {
            let fact = fact.map_or(Json::Null, |s| location(sources, s));
            o.insert(
                "indeterminate".into(),
                json!({"reason": reason, "location": location(sources, *at), "fact": fact}),
            );
        }
        Verdict::Review => {}
    }
    Json::Object(o)
}

fn summary(s: &Summary) -> Json {
    json!({
        "scenarios": s.scenarios, "clauses": s.clauses, "facts": s.facts, "errors": s.errors,
        "violations": s.violations, "waived": s.waived, "indeterminate": s.indeterminate, "review": s.review, "pending": s.pending,
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
    let scenarios: Vec<Json> = report.scenarios.iter().map(|r| scenario(report.program, r)).collect();
    let summary_data = report.summary();
    json!({
        "schema": SCHEMA,
        "pacta_version": env!("CARGO_PKG_VERSION"),
        "ok": summary_data.violations == 0 && summary_data.errors == 0,
        "scenarios": scenarios,
        "diagnostics": report.diagnostics.iter().map(|d| diagnostic(report.rules, d)).collect::<Vec<_>>(),
        "summary": summary(&summary_data),
    })
}

fn scenario(program: &Program, r: &super::ScenarioResult) -> Json {
    let sources = &r.sources;
    let e = r.evaluation.as_ref();
    let findings: Vec<Json> = e.iter().flat_map(|e| &e.findings).map(|f| finding(program, sources, f)).collect();
    json!({
        "file": r.name,
        "as_of": e.and_then(|e| e.as_of).map(|d| d.to_string()),
        "facts": e.map_or(0, |e| e.facts),
        "evaluated": e.is_some(),
        "findings": findings,
        "diagnostics": r.diagnostics.iter().map(|d| diagnostic(sources, d)).collect::<Vec<_>>(),
    })
}

/// Only diagnostics (a run that failed before evaluation).
pub fn errors(sources: &Sources, diagnostics: &[Diagnostic]) -> Json {
    json!({
        "schema": SCHEMA,
        "pacta_version": env!("CARGO_PKG_VERSION"),
        "ok": false,
        "scenarios": [],
        "diagnostics": diagnostics.iter().map(|d| diagnostic(sources, d)).collect::<Vec<_>>(),
        "summary": Json::Null,
    })
}
