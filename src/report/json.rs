//! The JSON format, schema `pacta/check/v1`, documented in
//! `docs/json-output.md`. Keys keep insertion order; locations are one-based.

use serde::ser::{Serialize, SerializeMap, Serializer};
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
    // `RunDoc` serialises infallibly: every map key is a string.
    serde_json::to_value(RunDoc(report)).unwrap_or(Json::Null)
}

/// Writes [`run`]'s pretty-printed JSON from the same `Serialize`
/// implementation, one finding built at a time instead of the whole tree:
/// on a large scenario the tree costs far more than the facts it describes.
pub fn write_run(report: &RunReport<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_pretty(&RunDoc(report), out)
}

/// `doc` pretty-printed as `{:#}` prints its tree, and a newline, through
/// a buffer: the streamed reports (JSON, SARIF) are written this way.
pub(super) fn write_pretty(doc: &impl Serialize, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, doc)?;
    writeln!(out)?;
    out.flush()
}

/// The document of a run, serialised member by member.
struct RunDoc<'a>(&'a RunReport<'a>);

impl Serialize for RunDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let program = report.program;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema", SCHEMA)?;
        m.serialize_entry("pacta_version", env!("CARGO_PKG_VERSION"))?;
        m.serialize_entry("ok", &report.outcome().ok())?;
        m.serialize_entry("outcome", report.outcome().name())?;
        m.serialize_entry("fail_on", &report.fail_on.names())?;
        m.serialize_entry("scenarios", &Lazy(|| report.scenarios.iter().map(|r| ScenarioDoc { program, r })))?;
        m.serialize_entry("diagnostics", &Lazy(|| report.diagnostics.iter().map(|d| diagnostic(report.rules, d))))?;
        m.serialize_entry("summary", &summary(&report.summary()))?;
        m.end()
    }
}

/// One scenario's member of `scenarios`; its findings are built one at a
/// time as the serializer asks for them.
struct ScenarioDoc<'a> {
    program: &'a Program,
    r: &'a super::ScenarioResult,
}

impl Serialize for ScenarioDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (program, r) = (self.program, self.r);
        let sources = &r.sources;
        let e = r.evaluation.as_ref();
        let findings = || e.into_iter().flat_map(|e| &e.findings).map(|f| finding(program, sources, f));
        let incomplete = || {
            e.into_iter()
                .flat_map(|e| &e.incomplete)
                .filter_map(|id| program.schema.entity(*id).map(|t| t.name.as_str()))
        };
        let period = e.and_then(|e| e.period).map(|(from, to)| json!({"from": from.to_string(), "to": to.to_string()}));
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("file", &r.name)?;
        m.serialize_entry("as_of", &e.and_then(|e| e.as_of).map(|d| d.to_string()))?;
        m.serialize_entry("facts", &e.map_or(0, |e| e.facts))?;
        m.serialize_entry("facts_left_out", &e.map_or(0, |e| e.left_out))?;
        m.serialize_entry("period", &period)?;
        m.serialize_entry("incomplete", &Lazy(incomplete))?;
        m.serialize_entry("evaluated", &e.is_some())?;
        m.serialize_entry("findings", &Lazy(findings))?;
        m.serialize_entry(
            "pending",
            &Lazy(|| e.into_iter().flat_map(|e| &e.pending).map(|p| pending(program, sources, p))),
        )?;
        m.serialize_entry("diagnostics", &Lazy(|| r.diagnostics.iter().map(|d| diagnostic(sources, d))))?;
        m.end()
    }
}

/// A JSON array of what `items` yields, produced as it is written.
pub(super) struct Lazy<F>(pub F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
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
