//! The JSON format, schema `pacta/check/v1`, documented in
//! `docs/json-output.md`. Keys keep insertion order; locations are one-based.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value as Json, json};

use super::diagnostic::{Diagnostic, Level};
use super::{RunReport, Summary};
use crate::eval::{Finding, Subject, Verdict};
use crate::plan::Program;
use crate::span::{Sources, Span};

pub const SCHEMA: &str = "pacta/check/v1";

/// A span as `{"file", "line", "column", "end_line", "end_column"}`, or
/// null when its file is not among `sources`.
pub fn location(sources: &Sources, span: Span) -> Json {
    tree(&Location { sources, span })
}

/// A finding's subject: its type, id and location, and what the fact says
/// of itself (sources, confidence, overridden fields) when it does.
pub fn subject(sources: &Sources, s: &Subject) -> Json {
    tree(&SubjectDoc { sources, s })
}

/// The tree of a document written by one of the `Serialize` impls below,
/// which the streamed reports write directly (every key is a string, so
/// it cannot fail).
fn tree(doc: &impl Serialize) -> Json {
    serde_json::to_value(doc).unwrap_or(Json::Null)
}

/// A value written as its `Display` text (a JSON string) without first
/// making that text a `String`: a report writes thousands of dates.
pub(super) struct Shown<T>(pub T);

impl<T: std::fmt::Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// [`location`], written as it is serialised.
struct Location<'a> {
    sources: &'a Sources,
    span: Span,
}

impl Serialize for Location<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(f) = self.sources.get(self.span.file) else { return s.serialize_unit() };
        let start = f.line_col(self.span.start as usize);
        let end = f.line_col(self.span.end as usize);
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("file", &f.name)?;
        m.serialize_entry("line", &start.line)?;
        m.serialize_entry("column", &start.col)?;
        m.serialize_entry("end_line", &end.line)?;
        m.serialize_entry("end_column", &end.col)?;
        m.end()
    }
}

/// [`subject`], written as it is serialised.
struct SubjectDoc<'a> {
    sources: &'a Sources,
    s: &'a Subject,
}

impl Serialize for SubjectDoc<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (sources, s) = (self.sources, self.s);
        let mut m = ser.serialize_map(None)?;
        m.serialize_entry("type", &*s.entity)?;
        m.serialize_entry("id", &*s.id)?;
        m.serialize_entry("location", &Location { sources, span: s.span })?;
        if let Some(p) = s.provenance() {
            m.serialize_entry("sources", &Lazy(|| p.sources.iter().map(SourceDoc)))?;
            m.serialize_entry("confidence", &p.confidence.as_ref().map(Shown))?;
        }
        if let Some(fields) = s.overridden() {
            m.serialize_entry("overridden", &Lazy(|| fields.split(", ")))?;
        }
        m.end()
    }
}

/// One cited source of a subject.
struct SourceDoc<'a>(&'a crate::scenario::provenance::Source);

impl Serialize for SourceDoc<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let s = self.0;
        let mut m = ser.serialize_map(Some(3))?;
        m.serialize_entry("text", &*s.text)?;
        m.serialize_entry("url", &s.url.as_deref())?;
        m.serialize_entry("accessed", &s.accessed.map(Shown))?;
        m.end()
    }
}

/// One finding of `findings`, written member by member: on a large
/// scenario the findings are most of the report, and a tree of each costs
/// more than writing it.
struct FindingDoc<'a> {
    program: &'a Program,
    sources: &'a Sources,
    f: &'a Finding,
}

impl Serialize for FindingDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (program, sources, f) = (self.program, self.sources, self.f);
        let Some(c) = program.clauses.get(f.clause) else { return s.serialize_unit() };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("clause", &c.qualified_id)?;
        m.serialize_entry("treaty", &program.treaties.get(c.treaty).map(|t| t.id.as_str()))?;
        m.serialize_entry("article", &c.article)?;
        m.serialize_entry("title", &c.title)?;
        m.serialize_entry("verdict", f.verdict.name())?;
        m.serialize_entry("severity", c.severity.as_str())?;
        m.serialize_entry("message", &f.message)?;
        m.serialize_entry("subjects", &Lazy(|| f.subjects.iter().map(|s| SubjectDoc { sources, s })))?;
        m.serialize_entry("rule", &Location { sources, span: c.rule_span })?;
        match &f.verdict {
            Verdict::Violation { overdue_since } => m.serialize_entry("overdue_since", &overdue_since.map(Shown))?,
            Verdict::Waived { label, by, exception } => {
                m.serialize_entry("waived", &WaivedDoc { sources, label, by: by.as_deref(), exception: *exception })?;
            }
            Verdict::Indeterminate { kind, reason, at, fact } => {
                let doc = IndeterminateDoc { sources, kind: kind.code(), reason, at: *at, fact: *fact };
                m.serialize_entry("indeterminate", &doc)?;
            }
            Verdict::Review => {}
        }
        if !f.held.is_empty() {
            m.serialize_entry("held", &HeldDoc(&f.held))?;
        }
        m.end()
    }
}

/// A waived finding's exception: its label, the fact that satisfied it
/// (null when none did) and where it is.
struct WaivedDoc<'a> {
    sources: &'a Sources,
    label: &'a Option<String>,
    by: Option<&'a Subject>,
    exception: Span,
}

impl Serialize for WaivedDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sources = self.sources;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("exception", self.label)?;
        m.serialize_entry("by", &self.by.map(|s| SubjectDoc { sources, s }))?;
        m.serialize_entry("location", &Location { sources, span: self.exception })?;
        m.end()
    }
}

/// Why a finding is indeterminate, where, and which fact lacks a value.
struct IndeterminateDoc<'a> {
    sources: &'a Sources,
    kind: &'static str,
    reason: &'a str,
    at: Span,
    fact: Option<Span>,
}

impl Serialize for IndeterminateDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sources = self.sources;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("kind", self.kind)?;
        m.serialize_entry("reason", self.reason)?;
        m.serialize_entry("location", &Location { sources, span: self.at })?;
        m.serialize_entry("fact", &self.fact.map(|span| Location { sources, span }))?;
        m.end()
    }
}

/// The intervals a verdict held in a period, `until` exclusive (null: to
/// the period's end).
pub(super) fn held(held: &[crate::eval::Held]) -> Json {
    tree(&HeldDoc(held))
}

/// [`held`], written as it is serialised.
struct HeldDoc<'a>(&'a [crate::eval::Held]);

impl Serialize for HeldDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Interval))
    }
}

/// One interval of [`held`].
struct Interval<'a>(&'a crate::eval::Held);

impl Serialize for Interval<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("from", &Shown(self.0.from))?;
        m.serialize_entry("until", &self.0.until.map(Shown))?;
        m.end()
    }
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
        let findings = || e.into_iter().flat_map(|e| &e.findings).map(|f| FindingDoc { program, sources, f });
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
