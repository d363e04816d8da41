//! Output of `pacta diff`: text, JSON (schema `pacta/diff/v1`, documented
//! in `docs/json-output.md`) and Markdown for a pull-request comment.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use super::human::Human;
use super::json::{diagnostic, location};
use super::{Diagnostic, ScenarioResult};
use crate::diff::{self, Difference, ScenarioDiff, Side};
use crate::escape::{self, markdown_code, terminal};
use crate::eval::Finding;
use crate::plan::Program;

pub const SCHEMA: &str = "pacta/diff/v1";

/// One side of the comparison: the rule paths and the parameters set on
/// the command line for it.
pub struct RuleSet<'a> {
    pub program: &'a Program,
    pub rules: String,
    pub params: Vec<(String, String)>,
}

impl RuleSet<'_> {
    /// `rules` or `rules with article_4_reading=narrow`.
    pub fn label(&self) -> String {
        if self.params.is_empty() {
            return self.rules.clone();
        }
        let params: Vec<String> = self.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{} with {}", self.rules, params.join(", "))
    }
}

pub struct DiffReport<'a> {
    pub a: RuleSet<'a>,
    pub b: RuleSet<'a>,
    pub scenarios: Vec<ScenarioDiff>,
}

/// Totals for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub scenarios: usize,
    pub compared: usize,
    pub differing: usize,
    pub differences: usize,
    pub errors: usize,
}

impl DiffReport<'_> {
    pub fn totals(&self) -> Totals {
        let s = &self.scenarios;
        Totals {
            scenarios: s.len(),
            compared: s.iter().filter(|d| d.compared()).count(),
            differing: s.iter().filter(|d| !d.differences.is_empty()).count(),
            differences: s.iter().map(|d| d.differences.len()).sum(),
            errors: s.iter().map(|d| own_diagnostics(d).count()).sum(),
        }
    }

    fn only_in(&self) -> (Vec<&str>, Vec<&str>) {
        (diff::only_in(self.a.program, self.b.program), diff::only_in(self.b.program, self.a.program))
    }
}

/// The finding a difference names, with the results it came from.
fn source<'r>(s: &'r ScenarioDiff, d: &Difference) -> (&'r ScenarioResult, Option<&'r Finding>) {
    let r = match d.side {
        Side::A => &s.a,
        Side::B => &s.b,
    };
    (r, r.evaluation.as_ref().and_then(|e| e.findings.get(d.finding)))
}

/// A's diagnostics, then B's unless they say the same (the same broken
/// scenario fails both sides), each with its side.
fn own_diagnostics(s: &ScenarioDiff) -> impl Iterator<Item = (Side, &ScenarioResult, &Diagnostic)> {
    let same = s.a.diagnostics.len() == s.b.diagnostics.len()
        && s.a.diagnostics.iter().zip(&s.b.diagnostics).all(|(x, y)| x.code == y.code && x.message == y.message);
    let a = s.a.diagnostics.iter().map(move |d| (Side::A, &s.a, d));
    let b = s.b.diagnostics.iter().filter(move |_| !same).map(move |d| (Side::B, &s.b, d));
    a.chain(b)
}

fn summary_line(t: &Totals) -> String {
    let skipped = t.scenarios - t.compared;
    let not = if skipped > 0 { format!(" ({skipped} could not be judged)") } else { String::new() };
    let count = super::human::count;
    format!(
        "{} in {} of {} compared{not}",
        count(t.differences, "difference"),
        t.differing,
        count(t.compared, "scenario")
    )
}

/// Text: the two rule sets, a block per scenario that differs, totals.
/// Scenario errors go to the second string (stderr).
pub fn human(r: &DiffReport<'_>, color: bool) -> (String, String) {
    let mut out = format!("A: {}\nB: {}\n", terminal(&r.a.label()), terminal(&r.b.label()));
    let mut err = String::new();
    for s in &r.scenarios {
        for (_, res, d) in own_diagnostics(s) {
            err.push_str(&Human { sources: &res.sources, color }.diagnostic(d));
        }
        if s.differences.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", terminal(&s.a.name));
        let cw = s.differences.iter().map(|d| d.clause.len()).max().unwrap_or(0);
        let subjects: Vec<_> = s.differences.iter().map(|d| terminal(&d.subject)).collect();
        let sw = subjects.iter().map(|s| s.chars().count()).max().unwrap_or(0);
        for (d, subject) in s.differences.iter().zip(&subjects) {
            let _ = writeln!(out, "  {:cw$}  {:sw$}  {} → {}", d.clause, subject, d.a, d.b);
            if let Some(why) = &d.decided_by {
                let _ = writeln!(out, "    {}", terminal(why));
            }
        }
    }
    let t = r.totals();
    let _ = writeln!(out, "\n{}", summary_line(&t));
    for ((a, b), n) in diff::pairs(&r.scenarios) {
        let _ = writeln!(out, "  {a} → {b}: {n}");
    }
    let (only_a, only_b) = r.only_in();
    if !only_a.is_empty() {
        let _ = writeln!(out, "clauses only in A: {}", only_a.join(", "));
    }
    if !only_b.is_empty() {
        let _ = writeln!(out, "clauses only in B: {}", only_b.join(", "));
    }
    (out, err)
}

fn side_json(set: &RuleSet<'_>, only: &[&str]) -> Json {
    let params: Vec<Json> = set.params.iter().map(|(k, v)| json!({"name": k, "value": v})).collect();
    json!({"rules": set.rules, "params": params, "clauses": set.program.clauses.len(), "only_here": only})
}

fn difference_json(s: &ScenarioDiff, d: &Difference) -> Json {
    let (res, f) = source(s, d);
    let subjects: Vec<Json> = f
        .iter()
        .flat_map(|f| &f.subjects)
        .map(|x| json!({"type": &*x.entity, "id": &*x.id, "location": location(&res.sources, x.span)}))
        .collect();
    json!({
        "clause": d.clause,
        "subject": d.subject,
        "subjects": subjects,
        "a": d.a,
        "b": d.b,
        "message": f.map(|f| f.message.as_str()),
        "decided_by": d.decided_by,
    })
}

pub fn json(r: &DiffReport<'_>) -> Json {
    let t = r.totals();
    let (only_a, only_b) = r.only_in();
    let scenarios: Vec<Json> = r
        .scenarios
        .iter()
        .map(|s| {
            let diags: Vec<Json> = own_diagnostics(s)
                .map(|(side, res, d)| {
                    let mut j = diagnostic(&res.sources, d);
                    if let Json::Object(o) = &mut j {
                        o.insert("side".into(), json!(if side == Side::A { "a" } else { "b" }));
                    }
                    j
                })
                .collect();
            json!({
                "file": s.a.name,
                "compared": s.compared(),
                "differences": s.differences.iter().map(|d| difference_json(s, d)).collect::<Vec<_>>(),
                "diagnostics": diags,
            })
        })
        .collect();
    let pairs: Vec<Json> =
        diff::pairs(&r.scenarios).into_iter().map(|((a, b), n)| json!({"a": a, "b": b, "count": n})).collect();
    json!({
        "schema": SCHEMA,
        "pacta_version": env!("CARGO_PKG_VERSION"),
        "same": t.differences == 0 && t.errors == 0,
        "a": side_json(&r.a, &only_a),
        "b": side_json(&r.b, &only_b),
        "scenarios": scenarios,
        "summary": {
            "scenarios": t.scenarios,
            "compared": t.compared,
            "differing_scenarios": t.differing,
            "differences": t.differences,
            "errors": t.errors,
            "pairs": pairs,
        },
    })
}

/// A pull-request comment: the two rule sets, counts per verdict pair, and
/// a table per scenario that differs.
pub fn markdown(r: &DiffReport<'_>) -> String {
    let t = r.totals();
    let mut out = String::new();
    let status = if t.differences == 0 { "✅ same verdicts" } else { "⚠️ verdicts differ" };
    let _ = writeln!(out, "### pacta diff: {status}\n");
    let _ = writeln!(out, "- **A**: {}\n- **B**: {}\n", markdown_code(&r.a.label()), markdown_code(&r.b.label()));
    let _ = writeln!(out, "{}\n", summary_line(&t));
    let pairs = diff::pairs(&r.scenarios);
    if !pairs.is_empty() {
        let _ = writeln!(out, "| A | B | differences |\n|---|---|---:|");
        for ((a, b), n) in pairs {
            let _ = writeln!(out, "| {a} | {b} | {n} |");
        }
        out.push('\n');
    }
    let (only_a, only_b) = r.only_in();
    for (side, only) in [("A", only_a), ("B", only_b)] {
        if !only.is_empty() {
            let ids: Vec<String> = only.iter().map(|c| markdown_code(c)).collect();
            let _ = writeln!(out, "Clauses only in {side}: {}\n", ids.join(", "));
        }
    }
    for s in &r.scenarios {
        let diags: Vec<_> = own_diagnostics(s).collect();
        if s.differences.is_empty() && diags.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {}\n", markdown_code(&s.a.name));
        for (side, res, d) in diags {
            let at = d.span().map(|x| res.sources.locate(x)).unwrap_or_default();
            let side = if side == Side::A { "A" } else { "B" };
            let _ = writeln!(
                out,
                "- **{}** ({side}) {} {}",
                escape::markdown(&d.code),
                markdown_code(&d.message),
                escape::markdown(&at)
            );
        }
        if !s.differences.is_empty() {
            let _ = writeln!(
                out,
                "| clause | subject | A | B | message | decided by | where |\n|---|---|---|---|---|---|---|"
            );
            for d in &s.differences {
                let (res, f) = source(s, d);
                let message = f.map(|f| escape::markdown(&f.message)).unwrap_or_default();
                let at = f.and_then(|f| f.subjects.first()).map(|x| res.sources.locate(x.span)).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {message} | {} | {} |",
                    markdown_code(&d.clause),
                    markdown_code(&d.subject),
                    d.a,
                    d.b,
                    escape::markdown(d.decided_by.as_deref().unwrap_or("")),
                    escape::markdown(&at)
                );
            }
            out.push('\n');
        }
    }
    out
}
