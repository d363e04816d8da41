//! GitLab Code Quality (`--format gitlab`): a JSON array of issues that a
//! merge request shows in its widget and diff. One issue per violation,
//! indeterminate verdict and review finding, and one per rule-file or
//! scenario error and warning; paths relative to the project root, a
//! fingerprint per issue. Waived findings are left out (the format has no
//! suppressions); pending obligations are not issues yet.

use std::path::Path;

use serde_json::{Value as Json, json};

use super::paths::{fingerprint, relative_to};
use super::{Diagnostic, Level, RunReport};
use crate::eval::{Finding, Verdict};
use crate::span::{Sources, Span};

pub fn run(report: &RunReport<'_>, root: &Path) -> Json {
    let mut issues: Vec<Json> = report.diagnostics.iter().filter_map(|d| diagnostic(report.rules, root, d)).collect();
    for r in &report.scenarios {
        issues.extend(r.diagnostics.iter().filter_map(|d| diagnostic(&r.sources, root, d)));
        for f in r.evaluation.iter().flat_map(|e| &e.findings) {
            issues.extend(finding(report, &r.name, &r.sources, root, f));
        }
    }
    Json::Array(issues)
}

fn finding(report: &RunReport<'_>, scenario: &str, sources: &Sources, root: &Path, f: &Finding) -> Option<Json> {
    let c = report.program.clauses.get(f.clause)?;
    let severity = match &f.verdict {
        Verdict::Violation { .. } => "major",
        Verdict::Indeterminate { .. } => "minor",
        Verdict::Review => "info",
        Verdict::Waived { .. } => return None,
    };
    let mut description = format!("{} ({}): {}", c.qualified_id, f.verdict.name(), f.message);
    if let Verdict::Indeterminate { kind, reason, .. } = &f.verdict {
        description.push_str(&format!(" (cannot decide ({}): {reason})", kind.code()));
    }
    let at = f.subjects.first().map_or(c.rule_span, |s| s.span);
    let print = fingerprint(&[scenario, &c.qualified_id, f.verdict.name(), &f.subject_key()]);
    Some(issue(&description, &c.qualified_id, severity, &print, location(sources, root, at)))
}

fn diagnostic(sources: &Sources, root: &Path, d: &Diagnostic) -> Option<Json> {
    let span = d.span()?;
    let severity = if d.level == Level::Error { "blocker" } else { "minor" };
    let description = match &d.help {
        Some(h) => format!("{} (help: {h})", d.message),
        None => d.message.clone(),
    };
    let at = location(sources, root, span);
    let print = fingerprint(&[&d.code, &at.to_string(), &d.message]);
    Some(issue(&description, &d.code, severity, &print, at))
}

fn issue(description: &str, check: &str, severity: &str, fingerprint: &str, location: Json) -> Json {
    json!({
        "type": "issue",
        "description": description,
        "check_name": check,
        "categories": ["Compatibility"],
        "severity": severity,
        "fingerprint": fingerprint,
        "location": location,
    })
}

/// `{"path": "rules/x.pacta", "lines": {"begin": 3, "end": 5}}`, the path
/// relative to the root (GitLab matches it against the repository).
fn location(sources: &Sources, root: &Path, span: Span) -> Json {
    let Some(file) = sources.get(span.file) else { return json!({"path": "unknown", "lines": {"begin": 1}}) };
    let path =
        relative_to(root, &file.path).map_or_else(|| file.name.clone(), |p| p.to_string_lossy().replace('\\', "/"));
    let (start, end) = (file.line_col(span.start as usize), file.line_col(span.end as usize));
    json!({"path": path, "lines": {"begin": start.line, "end": end.line}})
}
