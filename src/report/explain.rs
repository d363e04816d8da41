//! Explanations as an indented tree (human) or JSON (`pacta/explain/v1`,
//! documented in `docs/json-output.md`).

use std::fmt::Write;

use serde_json::{Value as Json, json};

use crate::escape::terminal as e;
use crate::eval::{Explanation, Judgement, Node, Verdict};
use crate::plan::Program;
use crate::span::Sources;

pub const SCHEMA: &str = "pacta/explain/v1";

/// One block per explanation: the verdict line, then each step as a tree.
/// Texts from files are escaped for the terminal, one line each.
pub fn human(program: &Program, sources: &Sources, explanations: &[Explanation]) -> String {
    let mut out = String::new();
    for x in explanations {
        let Some(c) = program.clauses.get(x.clause) else { continue };
        let subjects: Vec<String> =
            x.subjects.iter().map(|s| format!("{} ({})", e(&s.id), sources.locate(s.span))).collect();
        let _ = writeln!(out, "{} {} \"{}\": {}", c.qualified_id, x.judgement.name(), e(&c.title), subjects.join(", "));
        let _ = writeln!(out, "  clause at {}", sources.locate(c.rule_span));
        if let Some(on) = x.on {
            let held: Vec<String> = x.held.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "  as of {on}; held {}", held.join(", "));
        }
        if let Some(detail) = detail(&x.judgement, sources) {
            let _ = writeln!(out, "  {}", e(&detail));
        }
        // A step whose expression is a plain value (a `due` date) has no
        // condition to show.
        for step in x.steps.iter().filter(|s| !s.nodes.is_empty()) {
            let _ = writeln!(out, "  {}", step.label);
            for n in &step.nodes {
                node(&mut out, sources, n, 2);
            }
        }
        if x.cut {
            let _ = writeln!(out, "  (the derivation is cut after {} conditions)", crate::eval::MAX_TRACE_NODES);
        }
        if !x.comply.is_empty() {
            let _ = writeln!(out, "  to comply, any one of:");
            for c in &x.comply {
                let _ = writeln!(out, "    - {}", e(c));
            }
        }
        if !x.alternatives.is_empty() {
            let _ = writeln!(out, "  depending on the unknown:");
            for a in &x.alternatives {
                let _ = writeln!(out, "    - {}", e(a));
            }
        }
        let cited = cited(x);
        if !cited.is_empty() {
            let _ = writeln!(out, "  sources:");
            for (id, p) in cited {
                let _ = writeln!(out, "    - {}: {}", e(id), e(&p));
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{} explained", super::human::count(explanations.len(), "verdict"));
    out
}

/// The provenance and overrides of every fact the explanation names (its
/// subjects, and the facts its conditions read or were decided by), each
/// fact once.
fn cited(x: &Explanation) -> Vec<(&str, String)> {
    fn walk<'x>(n: &'x Node, out: &mut Vec<&'x crate::eval::Subject>) {
        out.extend(n.reads.iter().chain(&n.decisive));
        n.children.iter().for_each(|c| walk(c, out));
    }
    let mut all: Vec<&crate::eval::Subject> = x.subjects.iter().collect();
    x.steps.iter().flat_map(|s| &s.nodes).for_each(|n| walk(n, &mut all));
    let mut seen = std::collections::HashSet::new();
    all.into_iter()
        .filter(|s| s.notes.is_some())
        .filter(|s| seen.insert(&*s.id))
        .map(|s| {
            let mut said: Vec<String> = s.provenance().iter().map(ToString::to_string).collect();
            said.extend(s.overridden().iter().map(|f| format!("{f} set by the scenario's `overrides:`")));
            (&*s.id, said.join("; "))
        })
        .collect()
}

fn detail(j: &Judgement, sources: &Sources) -> Option<String> {
    match j {
        Judgement::Finding(Verdict::Violation { overdue_since: Some(due) }) => Some(format!("overdue since {due}")),
        Judgement::Finding(Verdict::Waived { label, by, .. }) => {
            let label = label.as_deref().map_or_else(String::new, |l| format!(" \"{l}\""));
            let by = by.as_ref().map_or_else(String::new, |b| format!(" by {} ({})", b.id, sources.locate(b.span)));
            Some(format!("waived by the exception{label}{by}"))
        }
        Judgement::Finding(Verdict::Indeterminate { kind, reason, .. }) => {
            Some(format!("unknown ({}): {reason}", kind.code()))
        }
        Judgement::Met => Some("the obligation is met".into()),
        Judgement::Pending => Some("the obligation is not met yet; its deadline has not passed".into()),
        _ => None,
    }
}

fn node(out: &mut String, sources: &Sources, n: &Node, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = match &n.compared {
        Some(c) => writeln!(out, "{pad}{} = {} ({} {} {})", e(&n.text), e(&n.value), e(&c.left), c.op, e(&c.right)),
        None => writeln!(out, "{pad}{} = {}", e(&n.text), e(&n.value)),
    };
    for r in &n.reads {
        let _ = writeln!(out, "{pad}  reads {} {} ({})", r.entity, e(&r.id), sources.locate(r.span));
    }
    for d in &n.decisive {
        // Facts have a type and a place in the scenario; list items do not.
        match &*d.entity {
            "" => writeln!(out, "{pad}  from item {}", e(&d.id)),
            entity => writeln!(out, "{pad}  from {entity} {} ({})", e(&d.id), sources.locate(d.span)),
        }
        .unwrap_or_default();
    }
    if n.decisive_more > 0 {
        let _ = writeln!(out, "{pad}  … and {} more", n.decisive_more);
    }
    for c in &n.children {
        node(out, sources, c, depth + 1);
    }
}

pub fn json(program: &Program, sources: &Sources, explanations: &[Explanation]) -> Json {
    let items: Vec<Json> = explanations
        .iter()
        .filter_map(|x| {
            let c = program.clauses.get(x.clause)?;
            Some(json!({
                "clause": c.qualified_id,
                "title": c.title,
                "verdict": x.judgement.name(),
                "detail": detail(&x.judgement, sources),
                "unknown": match &x.judgement {
                    Judgement::Finding(Verdict::Indeterminate { kind, .. }) => Json::from(kind.code()),
                    _ => Json::Null,
                },
                "subjects": x.subjects.iter().map(|s| super::json::subject(sources, s)).collect::<Vec<_>>(),
                "steps": x.steps.iter().map(|s| json!({
                    "step": s.label,
                    "conditions": s.nodes.iter().map(|n| node_json(sources, n)).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "comply": x.comply,
                "alternatives": x.alternatives,
                "cut": x.cut,
                "on": x.on.map(|d| d.to_string()),
                "held": super::json::held(&x.held),
            }))
        })
        .collect();
    json!({"schema": SCHEMA, "explanations": items})
}

fn node_json(sources: &Sources, n: &Node) -> Json {
    json!({
        "expr": n.text,
        "location": super::json::location(sources, n.span),
        "value": n.value,
        "known": n.known,
        "reads": n.reads.iter().map(|s| super::json::subject(sources, s)).collect::<Vec<_>>(),
        "from": n.decisive.iter().map(|s| super::json::subject(sources, s)).collect::<Vec<_>>(),
        "from_more": n.decisive_more,
        "compared": n.compared.as_ref().map(|c| json!({"left": c.left, "op": c.op, "right": c.right})),
        "children": n.children.iter().map(|c| node_json(sources, c)).collect::<Vec<_>>(),
    })
}
