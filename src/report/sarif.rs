//! SARIF 2.1.0 (`--format sarif`), for code-scanning dashboards: one rule
//! per clause, one result per finding located in the scenario, with the
//! clause as a related location. Waived findings carry a suppression with
//! the exception as justification; rule-file and scenario errors are tool
//! notifications. Validated against the OASIS schema in the test suite.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value as Json, json};

use super::RunReport;
use super::diagnostic::{Diagnostic, Level};
use super::json::{Lazy, Shown, write_pretty};
use crate::ast::Severity;
use crate::eval::{Finding, Verdict};
use crate::plan::Program;
use crate::span::{Sources, Span};
use std::path::Path;

use super::paths::{Fnv, directory_uri, escape_uri, normalise};

/// The SARIF log of a run, as a tree (tests read it; the CLI streams it
/// with [`write`]).
pub fn run(report: &RunReport<'_>, root: &Path) -> Json {
    serde_json::to_value(Log::new(report, root)).unwrap_or(Json::Null)
}

/// Writes the pretty-printed SARIF log, each finding's result built as it
/// is written: on a large scenario the tree costs many times the report.
pub fn write(report: &RunReport<'_>, root: &Path, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_pretty(&Log::new(report, root), out)
}

/// The log of a run. File URIs are relative to `root` (absolute: the
/// project root), stated as `%SRCROOT%` in `originalUriBaseIds`, so a
/// dashboard resolves them wherever the run happened; a file outside it
/// gets an absolute `file://` URI. Everything but the findings' results
/// (rules, notifications, the results of errors) is small and built first.
struct Log<'a> {
    report: &'a RunReport<'a>,
    root: std::path::PathBuf,
    rules: Vec<Json>,
    notes: Vec<Json>,
    /// The results of rule-file errors, then of each scenario's errors.
    problems: Vec<Json>,
    per_scenario: Vec<Vec<Json>>,
}

impl<'a> Log<'a> {
    fn new(report: &'a RunReport<'a>, root: &Path) -> Self {
        let root = normalise(root);
        let place = |sources| Place::new(sources, &root);
        let mut rules: Vec<Json> = report.program.clauses.iter().map(|c| rule(report.program, c)).collect();
        let rules_at = place(report.rules);
        let mut notes: Vec<Json> = report.diagnostics.iter().map(|d| notification(&rules_at, d)).collect();
        let mut codes = Problems { first: rules.len(), codes: Vec::new() };
        let problems = report.diagnostics.iter().filter_map(|d| codes.result(&rules_at, d)).collect();
        let mut per_scenario = Vec::new();
        for r in &report.scenarios {
            let at = place(&r.sources);
            notes.extend(r.diagnostics.iter().map(|d| notification(&at, d)));
            per_scenario.push(r.diagnostics.iter().filter_map(|d| codes.result(&at, d)).collect());
        }
        rules.extend(codes.codes.iter().map(|code| {
            json!({
                "id": code,
                "shortDescription": {"text": format!("pacta diagnostic {code}")},
                "properties": {"kind": "diagnostic"},
            })
        }));
        Log { report, root, rules, notes, problems, per_scenario }
    }

    /// Every result in order: rule-file errors, then each scenario's errors
    /// and findings (each written as it is serialised).
    fn results(&self) -> impl Iterator<Item = Item<'_>> + '_ {
        let program = self.report.program;
        let scenarios = self.report.scenarios.iter().zip(&self.per_scenario).flat_map(move |(r, problems)| {
            let at = std::rc::Rc::new(Place::new(&r.sources, &self.root));
            let findings = r.evaluation.iter().flat_map(|e| &e.findings);
            let finding = move |f| Item::Finding(ResultDoc { program, place: at.clone(), f });
            problems.iter().map(Item::Tree).chain(findings.map(finding))
        });
        self.problems.iter().map(Item::Tree).chain(scenarios)
    }
}

/// One result: built before (an error's), or a finding's.
enum Item<'a> {
    Tree(&'a Json),
    Finding(ResultDoc<'a>),
}

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::Tree(t) => t.serialize(s),
            Item::Finding(r) => r.serialize(s),
        }
    }
}

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("$schema", "https://json.schemastore.org/sarif-2.1.0.json")?;
        m.serialize_entry("version", "2.1.0")?;
        m.serialize_entry("runs", &[RunDoc(self)])?;
        m.end()
    }
}

/// The one run of the log.
struct RunDoc<'a>(&'a Log<'a>);

impl Serialize for RunDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let log = self.0;
        let report = log.report;
        let summary = report.summary();
        let ok = !log.notes.iter().any(|n| n["level"] == "error");
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("originalUriBaseIds", &json!({"%SRCROOT%": {"uri": directory_uri(&log.root)}}))?;
        m.serialize_entry(
            "tool",
            &json!({"driver": {"name": "pacta", "version": env!("CARGO_PKG_VERSION"), "rules": log.rules}}),
        )?;
        m.serialize_entry(
            "invocations",
            &json!([{
                "executionSuccessful": ok,
                "toolExecutionNotifications": log.notes,
                "properties": {
                    "outcome": report.outcome().name(),
                    "failOn": report.fail_on.names(),
                    "factsLeftOutForConfidence": summary.left_out,
                    "period": summary.period.map(|(from, to)| json!({"from": from.to_string(), "to": to.to_string()})),
                },
            }]),
        )?;
        m.serialize_entry("results", &Lazy(|| log.results()))?;
        m.end()
    }
}

fn rule(program: &Program, c: &crate::plan::Clause) -> Json {
    let treaty = program.treaties.get(c.treaty).map_or("", |t| t.title.as_str());
    let level = if c.severity == Severity::Review { "note" } else { "error" };
    let full = c.text.clone().unwrap_or_else(|| c.title.clone());
    json!({
        "id": c.qualified_id,
        "name": c.qualified_id.replace(['/', '.'], "_"),
        "shortDescription": {"text": c.title},
        "fullDescription": {"text": full},
        "help": {"text": format!("{treaty}, article {} ({}), clause {}: {}", c.article, c.article_title, c.id, full)},
        "defaultConfiguration": {"level": level},
        "properties": {
            "treaty": program.treaties.get(c.treaty).map(|t| t.id.as_str()),
            "article": c.article,
            "articleTitle": c.article_title,
            "tags": [program.treaties.get(c.treaty).map_or("", |t| t.id.as_str()), format!("article {}", c.article)],
        },
    })
}

/// A finding's result, written member by member: on a large scenario the
/// findings are most of the log, and a tree of each costs more than
/// writing it.
struct ResultDoc<'a> {
    program: &'a Program,
    place: std::rc::Rc<Place<'a>>,
    f: &'a Finding,
}

impl Serialize for ResultDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (place, f) = (&*self.place, self.f);
        let Some(c) = self.program.clauses.get(f.clause) else { return s.serialize_unit() };
        let level = match (&f.verdict, c.severity) {
            (Verdict::Indeterminate { .. }, _) => "warning",
            (_, Severity::Review) | (Verdict::Review, _) => "note",
            _ => "error",
        };
        let at = f.subjects.first().map_or(c.rule_span, |s| s.span);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("ruleId", &c.qualified_id)?;
        m.serialize_entry("ruleIndex", &f.clause)?;
        m.serialize_entry("level", level)?;
        m.serialize_entry("message", &Text(Message(f)))?;
        m.serialize_entry("locations", &[Located { place, span: at, message: None }])?;
        m.serialize_entry("partialFingerprints", &Fingerprint(fingerprint(c, f)))?;
        let about = format_args!("clause {} of article {}", c.id, c.article);
        m.serialize_entry("relatedLocations", &[Located { place, span: c.rule_span, message: Some(about) }])?;
        m.serialize_entry("properties", &Properties(f))?;
        if let Verdict::Waived { label, by, .. } = &f.verdict {
            m.serialize_entry("suppressions", &[Suppression { label: label.as_deref(), by: by.as_deref() }])?;
        }
        m.end()
    }
}

/// `{"text": …}`, SARIF's message object.
struct Text<T>(T);

impl<T: std::fmt::Display> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("text", &Shown(&self.0))?;
        m.end()
    }
}

/// A finding's message; an indeterminate one says why it cannot be decided.
struct Message<'a>(&'a Finding);

impl std::fmt::Display for Message<'_> {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let f = self.0;
        match &f.verdict {
            Verdict::Indeterminate { kind, reason, .. } => {
                write!(out, "{} (cannot decide ({}): {reason})", f.message, kind.code())
            }
            _ => out.write_str(&f.message),
        }
    }
}

/// A location object: the region, and in a related location its id and
/// message.
struct Located<'p, 'a> {
    place: &'p Place<'a>,
    span: Span,
    message: Option<std::fmt::Arguments<'p>>,
}

impl Serialize for Located<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if self.message.is_some() {
            m.serialize_entry("id", &1)?;
        }
        m.serialize_entry("physicalLocation", &Physical { place: self.place, span: self.span })?;
        if let Some(text) = self.message {
            m.serialize_entry("message", &Text(text))?;
        }
        m.end()
    }
}

/// `{"pactaFinding/v1": …}`.
struct Fingerprint(u64);

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("pactaFinding/v1", &Shown(format_args!("{:016x}", self.0)))?;
        m.end()
    }
}

/// What a result says beyond SARIF's members: the verdict, the subjects,
/// the sources cited, the intervals held, and why it is indeterminate.
struct Properties<'a>(&'a Finding);

impl Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("verdict", f.verdict.name())?;
        m.serialize_entry("subjects", &Lazy(|| f.subjects.iter().map(|s| &*s.id)))?;
        m.serialize_entry("sources", &f.sources())?;
        m.serialize_entry("held", &Lazy(|| f.held.iter().map(Shown)))?;
        if let Verdict::Indeterminate { kind, reason, .. } = &f.verdict {
            m.serialize_entry("indeterminate", &Why { kind: kind.code(), reason })?;
        }
        m.end()
    }
}

/// `{"kind": …, "reason": …}` of an indeterminate result.
struct Why<'a> {
    kind: &'static str,
    reason: &'a str,
}

impl Serialize for Why<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("kind", self.kind)?;
        m.serialize_entry("reason", self.reason)?;
        m.end()
    }
}

/// A waived result's suppression: the exception, and the fact that
/// satisfied it.
struct Suppression<'a> {
    label: Option<&'a str>,
    by: Option<&'a crate::eval::Subject>,
}

impl Serialize for Suppression<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let why = self.label.unwrap_or("an exception of the clause applies");
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("kind", "inSource")?;
        match self.by {
            Some(b) => m.serialize_entry("justification", &Shown(format_args!("{why}: {} `{}`", b.entity, b.id)))?,
            None => m.serialize_entry("justification", why)?,
        }
        m.end()
    }
}

/// What identifies a finding across runs whatever moves in the files: the
/// clause, the verdict and the subjects' ids, hashed with FNV-1a (stable
/// across Rust versions, unlike `DefaultHasher`). Code-scanning uses it to
/// tell a new finding from an old one on a line that moved. The ids are
/// hashed as `subject_key` joins them, without joining them.
fn fingerprint(c: &crate::plan::Clause, f: &Finding) -> u64 {
    let mut hash = Fnv::new();
    hash.part(&c.qualified_id);
    hash.part(f.verdict.name());
    for (i, s) in f.subjects.iter().enumerate() {
        if i > 0 {
            hash.write(b",");
        }
        hash.write(s.id.as_bytes());
    }
    hash.write(&[0]);
    hash.finish()
}

/// Where a log's locations are: the sources they index, and each file's
/// artifact location relative to the log's root, made once (resolving a
/// path costs more than writing a result).
struct Place<'a> {
    sources: &'a Sources,
    artifacts: Vec<Artifact>,
}

/// A file's URI, relative to `%SRCROOT%` or absolute.
struct Artifact {
    uri: String,
    relative: bool,
}

impl Serialize for Artifact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("uri", &self.uri)?;
        if self.relative {
            m.serialize_entry("uriBaseId", "%SRCROOT%")?;
        }
        m.end()
    }
}

impl<'a> Place<'a> {
    fn new(sources: &'a Sources, root: &'a Path) -> Self {
        let artifacts = sources.files().map(|(_, f)| artifact(root, &f.path)).collect();
        Place { sources, artifacts }
    }

    /// A region in SARIF terms: one-based lines and columns, end exclusive.
    fn physical(&self, span: Span) -> Json {
        serde_json::to_value(Physical { place: self, span }).unwrap_or(Json::Null)
    }
}

/// A file relative to the root, or absolute when outside it.
fn artifact(root: &Path, path: &Path) -> Artifact {
    let full = normalise(path);
    match full.strip_prefix(root) {
        Ok(relative) => Artifact { uri: escape_uri(&relative.to_string_lossy()), relative: true },
        Err(_) => Artifact { uri: format!("file://{}", escape_uri(&full.to_string_lossy())), relative: false },
    }
}

/// [`Place::physical`], written as it is serialised.
struct Physical<'p, 'a> {
    place: &'p Place<'a>,
    span: Span,
}

impl Serialize for Physical<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let span = self.span;
        let file = self.place.sources.get(span.file);
        let artifact = self.place.artifacts.get(span.file.0 as usize);
        let mut m = s.serialize_map(None)?;
        let (Some(file), Some(artifact)) = (file, artifact) else {
            m.serialize_entry("artifactLocation", &json!({"uri": "unknown"}))?;
            return m.end();
        };
        let start = file.line_col(span.start as usize);
        let end = file.line_col(span.end as usize);
        m.serialize_entry("artifactLocation", artifact)?;
        m.serialize_entry("region", &Region { start, end })?;
        m.end()
    }
}

/// `startLine` … `endColumn` of a region.
struct Region {
    start: crate::span::LineCol,
    end: crate::span::LineCol,
}

impl Serialize for Region {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("startLine", &self.start.line)?;
        m.serialize_entry("startColumn", &self.start.col)?;
        m.serialize_entry("endLine", &self.end.line)?;
        m.serialize_entry("endColumn", &self.end.col.max(1))?;
        m.end()
    }
}

/// Rule-file and scenario errors and warnings as results too: code-scanning
/// dashboards show results, not notifications, and a pull request whose
/// rules do not parse must show why. One rule per diagnostic code, after
/// the clauses.
struct Problems {
    first: usize,
    codes: Vec<String>,
}

impl Problems {
    fn result(&mut self, place: &Place<'_>, d: &Diagnostic) -> Option<Json> {
        let span = d.span()?;
        let index = match self.codes.iter().position(|c| *c == d.code) {
            Some(i) => i,
            None => {
                self.codes.push(d.code.clone());
                self.codes.len() - 1
            }
        };
        let level = if d.level == Level::Error { "error" } else { "warning" };
        let mut result = json!({
            "ruleId": d.code,
            "ruleIndex": self.first + index,
            "level": level,
            "message": {"text": match &d.help { Some(h) => format!("{} ({h})", d.message), None => d.message.clone() }},
            "locations": [{"physicalLocation": place.physical(span)}],
            "properties": {"verdict": level},
        });
        // The diagnostic's other labels ("first declared here", where an
        // unclosed block was still open), as the human report draws them.
        let related: Vec<Json> = (d.labels.iter().filter(|l| !l.primary).enumerate())
            .map(|(i, l)| json!({"id": i + 1, "physicalLocation": place.physical(l.span), "message": {"text": l.message}}))
            .collect();
        if !related.is_empty() {
            result["relatedLocations"] = Json::from(related);
        }
        Some(result)
    }
}

fn notification(place: &Place<'_>, d: &Diagnostic) -> Json {
    let level = if d.level == Level::Error { "error" } else { "warning" };
    let mut n = json!({
        "level": level,
        "message": {"text": match &d.help { Some(h) => format!("{} ({h})", d.message), None => d.message.clone() }},
        "descriptor": {"id": d.code},
    });
    if let Some(span) = d.span() {
        n["locations"] = json!([{"physicalLocation": place.physical(span)}]);
    }
    n
}
