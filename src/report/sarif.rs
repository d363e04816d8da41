//! SARIF 2.1.0 (`--format sarif`), for code-scanning dashboards: one rule
//! per clause, one result per finding located in the scenario, with the
//! clause as a related location. Waived findings carry a suppression with
//! the exception as justification; rule-file and scenario errors are tool
//! notifications. Validated against the OASIS schema in the test suite.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value as Json, json};

use super::RunReport;
use super::diagnostic::{Diagnostic, Level};
use super::json::{Lazy, write_pretty};
use crate::ast::Severity;
use crate::eval::{Finding, Verdict};
use crate::plan::Program;
use crate::span::{Sources, Span};
use std::path::Path;

use super::paths::{directory_uri, escape_uri, normalise};

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
        let place = |sources| Place { sources, root: &root };
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
    /// and findings.
    fn results(&self) -> impl Iterator<Item = Json> + '_ {
        let program = self.report.program;
        let scenarios = self.report.scenarios.iter().zip(&self.per_scenario).flat_map(move |(r, problems)| {
            let at = Place { sources: &r.sources, root: &self.root };
            let findings = r.evaluation.iter().flat_map(|e| &e.findings);
            problems.iter().cloned().chain(findings.map(move |f| result(program, &at, f)))
        });
        self.problems.iter().cloned().chain(scenarios)
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

fn result(program: &Program, place: &Place<'_>, f: &Finding) -> Json {
    let Some(c) = program.clauses.get(f.clause) else { return Json::Null };
    let level = match (&f.verdict, c.severity) {
        (Verdict::Indeterminate { .. }, _) => "warning",
        (_, Severity::Review) | (Verdict::Review, _) => "note",
        _ => "error",
    };
    let at = f.subjects.first().map_or(c.rule_span, |s| s.span);
    let mut out = json!({
        "ruleId": c.qualified_id,
        "ruleIndex": f.clause,
        "level": level,
        "message": {"text": message(f)},
        "locations": [{"physicalLocation": place.physical(at)}],
        "partialFingerprints": {"pactaFinding/v1": fingerprint(c, f)},
        "relatedLocations": [{
            "id": 1,
            "physicalLocation": place.physical(c.rule_span),
            "message": {"text": format!("clause {} of article {}", c.id, c.article)},
        }],
        "properties": {
            "verdict": f.verdict.name(),
            "subjects": f.subjects.iter().map(|s| &*s.id).collect::<Vec<_>>(),
            "sources": f.sources(),
            "held": f.held.iter().map(ToString::to_string).collect::<Vec<_>>(),
        },
    });
    if let Verdict::Indeterminate { kind, reason, .. } = &f.verdict {
        out["properties"]["indeterminate"] = json!({"kind": kind.code(), "reason": reason});
    }
    if let Verdict::Waived { label, by, .. } = &f.verdict {
        let why = label.clone().unwrap_or_else(|| "an exception of the clause applies".into());
        let why = match by {
            Some(b) => format!("{why}: {} `{}`", b.entity, b.id),
            None => why,
        };
        out["suppressions"] = json!([{"kind": "inSource", "justification": why}]);
    }
    out
}

fn message(f: &Finding) -> String {
    match &f.verdict {
        Verdict::Indeterminate { kind, reason, .. } => {
            format!("{} (cannot decide ({}): {reason})", f.message, kind.code())
        }
        _ => f.message.clone(),
    }
}

/// What identifies a finding across runs whatever moves in the files: the
/// clause, the verdict and the subjects' ids, hashed with FNV-1a (stable
/// across Rust versions, unlike `DefaultHasher`). Code-scanning uses it to
/// tell a new finding from an old one on a line that moved.
fn fingerprint(c: &crate::plan::Clause, f: &Finding) -> String {
    super::paths::fingerprint(&[&c.qualified_id, f.verdict.name(), &f.subject_key()])
}

/// Where a log's locations are: the sources they index, and the root
/// their URIs are relative to.
struct Place<'a> {
    sources: &'a Sources,
    root: &'a Path,
}

impl Place<'_> {
    /// A region in SARIF terms: one-based lines and columns, end exclusive.
    fn physical(&self, span: Span) -> Json {
        let Some(file) = self.sources.get(span.file) else { return json!({"artifactLocation": {"uri": "unknown"}}) };
        let start = file.line_col(span.start as usize);
        let end = file.line_col(span.end as usize);
        json!({
            "artifactLocation": self.artifact(&file.path),
            "region": {"startLine": start.line, "startColumn": start.col, "endLine": end.line, "endColumn": end.col.max(1)},
        })
    }

    /// A file relative to the root, or absolute when outside it.
    fn artifact(&self, path: &Path) -> Json {
        let full = normalise(path);
        match full.strip_prefix(self.root) {
            Ok(relative) => json!({"uri": escape_uri(&relative.to_string_lossy()), "uriBaseId": "%SRCROOT%"}),
            Err(_) => json!({"uri": format!("file://{}", escape_uri(&full.to_string_lossy()))}),
        }
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
        Some(json!({
            "ruleId": d.code,
            "ruleIndex": self.first + index,
            "level": level,
            "message": {"text": match &d.help { Some(h) => format!("{} ({h})", d.message), None => d.message.clone() }},
            "locations": [{"physicalLocation": place.physical(span)}],
            "properties": {"verdict": level},
        }))
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
