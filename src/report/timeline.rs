//! Output of `pacta timeline`: a table for people, one line per clause and
//! subject, and JSON (schema `pacta/timeline/v1`, documented in
//! `docs/json-output.md`).

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use super::human::count;
use super::json::location;
use crate::escape::terminal;
use crate::plan::Program;
use crate::span::Sources;
use crate::timeline::{Dates, Interval, Timeline, dates::show_step};

pub const SCHEMA: &str = "pacta/timeline/v1";

/// `nato_russia_2021/4.1  efp-est  holds 1997-05-27 → 2017-01-01, violation 2017-01-01 → …`
pub fn human(program: &Program, scenario: &str, t: &Timeline) -> String {
    let mut out = format!("timeline of {}: {}\n\n", terminal(scenario), dates_line(t));
    let clause_id = |i: usize| program.clauses.get(i).map_or("?", |c| c.qualified_id.as_str());
    let cw = t.rows.iter().map(|r| clause_id(r.clause).len()).max().unwrap_or(0);
    let subjects: Vec<_> = t.rows.iter().map(|r| terminal(&r.subject)).collect();
    let sw = subjects.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    for (r, subject) in t.rows.iter().zip(&subjects) {
        let spans: Vec<String> = r.intervals.iter().map(interval).collect();
        let _ = writeln!(out, "{:cw$}  {:sw$}  {}", clause_id(r.clause), subject, spans.join(", "));
    }
    let mut clauses: Vec<usize> = t.rows.iter().map(|r| r.clause).collect();
    clauses.dedup();
    if t.rows.is_empty() {
        out.push_str("no finding on any date: every clause held throughout\n");
    } else {
        let _ = writeln!(
            out,
            "\n{} with a finding or a pending obligation on some date ({}); `holds`: no finding, nothing pending",
            count(t.rows.len(), "subject"),
            count(clauses.len(), "clause"),
        );
    }
    out
}

fn dates_line(t: &Timeline) -> String {
    let (first, last) = (t.dates.first(), t.dates.last());
    let range = match (first, last) {
        (Some(a), Some(b)) => format!("from {a} to {b}"),
        _ => "none".to_string(),
    };
    match t.mode {
        Dates::Breakpoints { .. } => format!("{} where facts begin or end, {range}", count(t.dates.len(), "date")),
        Dates::Grid { step, .. } => format!("{} every {}, {range}", count(t.dates.len(), "date"), show_step(step)),
    }
}

fn interval(i: &Interval) -> String {
    let to = i.to.map_or_else(|| "…".to_string(), |d| d.to_string());
    let overdue = i.overdue_since.map(|d| format!(" (overdue since {d})")).unwrap_or_default();
    let due = i.due.map(|d| format!(" (due {d})")).unwrap_or_default();
    format!("{} {} → {to}{overdue}{due}", i.status.name(), i.from)
}

/// The whole timeline as one JSON document.
pub fn json(program: &Program, sources: &Sources, scenario: &str, t: &Timeline) -> Json {
    let (mode, from, to, step) = match t.mode {
        Dates::Breakpoints { from, to } => ("breakpoints", from, to, None),
        Dates::Grid { from, to, step } => ("grid", Some(from), Some(to), Some(show_step(step))),
    };
    let rows: Vec<Json> = t
        .rows
        .iter()
        .map(|r| {
            let c = program.clauses.get(r.clause);
            let subjects: Vec<Json> = r
                .subjects
                .iter()
                .map(|s| json!({"type": &*s.entity, "id": &*s.id, "location": location(sources, s.span)}))
                .collect();
            let intervals: Vec<Json> = r
                .intervals
                .iter()
                .map(|i| {
                    json!({
                        "verdict": i.status.name(),
                        "from": i.from.to_string(),
                        "to": i.to.map(|d| d.to_string()),
                        "overdue_since": i.overdue_since.map(|d| d.to_string()),
                        "due": i.due.map(|d| d.earliest.to_string()),
                        "due_latest": i.due.map(|d| d.latest.to_string()),
                        "message": i.message(),
                    })
                })
                .collect();
            json!({
                "clause": c.map(|c| c.qualified_id.as_str()),
                "title": c.map(|c| c.title.as_str()),
                "subject": r.subject,
                "subjects": subjects,
                "intervals": intervals,
            })
        })
        .collect();
    let day = |d: Option<crate::calendar::Date>| d.map(|d| d.to_string());
    json!({
        "schema": SCHEMA,
        "pacta_version": env!("CARGO_PKG_VERSION"),
        "scenario": scenario,
        "dates": {
            "mode": mode,
            "from": day(from),
            "to": day(to),
            "step": step,
            "evaluated": t.dates.iter().map(ToString::to_string).collect::<Vec<_>>(),
        },
        "rows": rows,
    })
}
