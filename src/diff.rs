//! `pacta diff`: the same scenarios judged under two rule sets (two drafts,
//! two readings, or one rule set with different parameters), and every
//! clause and subject whose verdict differs.
//!
//! Clauses are matched by qualified id (`treaty/clause`); subjects by their
//! joined ids. No finding means the clause held (or an obligation was not
//! yet due): `holds`. A clause that one rule set lacks gives `absent` on
//! that side.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::eval::{Evaluation, Finding};
use crate::plan::Program;
use crate::report::ScenarioResult;
use crate::span::Sources;

/// The verdict word for "no finding".
pub const HOLDS: &str = crate::eval::VerdictKind::Holds.name();
/// The verdict word for "this rule set has no such clause".
pub const ABSENT: &str = "absent";

/// Which rule set a record was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

/// One clause and subject judged differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// `treaty/clause`.
    pub clause: String,
    /// The subject ids joined by `,`.
    pub subject: String,
    /// `violation`, `waived`, `indeterminate`, `review`, `holds` or `absent`.
    pub a: &'static str,
    pub b: &'static str,
    /// The side whose finding names the subjects (A when both have one).
    pub side: Side,
    /// Index of that finding in its side's `Evaluation::findings`.
    pub finding: usize,
    /// The condition whose value differs between the two sides, from the
    /// explanation of the verdict on each (see [`decided_by`]); `None` when
    /// no single condition can be named.
    pub decided_by: Option<String>,
}

/// The differences of one scenario (empty when it could not be judged on
/// either side: see the results' diagnostics).
#[derive(Debug, Clone)]
pub struct ScenarioDiff {
    pub a: ScenarioResult,
    pub b: ScenarioResult,
    pub differences: Vec<Difference>,
}

impl ScenarioDiff {
    /// Judged under both rule sets.
    pub fn compared(&self) -> bool {
        self.a.evaluation.is_some() && self.b.evaluation.is_some()
    }
}

/// Clauses of one rule set that the other lacks, by qualified id.
pub fn only_in<'a>(this: &'a Program, other: &Program) -> Vec<&'a str> {
    this.clauses
        .iter()
        .map(|c| c.qualified_id.as_str())
        .filter(|id| !other.clauses.iter().any(|c| c.qualified_id == *id))
        .collect()
}

/// One side's rules, evaluation and sources.
pub type Judged<'a> = (&'a Program, &'a Evaluation, &'a Sources);

/// The differences between two evaluations of one scenario: in A's clause
/// order (then B's own clauses), and within a clause in the order the
/// scenario lists the subjects.
pub fn compare((pa, ea, sa): Judged<'_>, (pb, eb, sb): Judged<'_>) -> Vec<Difference> {
    let (by_a, by_b) = (by_clause(pa, ea), by_clause(pb, eb));
    let mut clauses: Vec<&str> = pa.clauses.iter().map(|c| c.qualified_id.as_str()).collect();
    clauses.extend(pb.clauses.iter().map(|c| c.qualified_id.as_str()).filter(|id| !by_a.contains_key(id)));
    let empty = Vec::new();
    let mut out = Vec::new();
    for id in clauses {
        let (in_a, in_b) = (by_a.get(id), by_b.get(id));
        let (fa, fb) = (in_a.unwrap_or(&empty), in_b.unwrap_or(&empty));
        let verdict = |side: Option<&Vec<(usize, &Finding)>>, f: Option<&(usize, &Finding)>| match (side, f) {
            (None, _) => ABSENT,
            (Some(_), None) => HOLDS,
            (Some(_), Some((_, f))) => f.verdict.name(),
        };
        let (ka, kb) = (keyed(fa), keyed(fb));
        let mut seen = HashSet::new();
        let mut here = Vec::new();
        for (_, f) in fa.iter().chain(fb) {
            let key = f.subject_key();
            if !seen.insert(key.clone()) {
                continue;
            }
            let (x, y) = (ka.get(&key), kb.get(&key));
            let (a, b) = (verdict(in_a, x), verdict(in_b, y));
            if a != b {
                let (side, finding, at) = match (x, y) {
                    (Some((j, f)), _) => (Side::A, *j, position(sa, f)),
                    (None, Some((j, f))) => (Side::B, *j, position(sb, f)),
                    // Unreachable: the key came from one of the two lists.
                    (None, None) => continue,
                };
                let d = Difference { clause: id.to_string(), subject: key, a, b, side, finding, decided_by: None };
                here.push((at, d));
            }
        }
        // Stable: subjects that are no facts keep their order.
        here.sort_by(|x, y| x.0.cmp(&y.0));
        out.extend(here.into_iter().map(|(_, d)| d));
    }
    out
}

/// Names the condition that decided a difference, from the explanations of
/// the subject's verdict under A and under B: the first step whose top value
/// differs (`where`, then each `unless`), and within it the first condition
/// written the same on both sides whose value differs. `None` when a side
/// has no explanation (the clause did not bind the subject there) and the
/// other side's deciding step cannot be told.
pub fn decided_by(a: Option<&crate::eval::Explanation>, b: Option<&crate::eval::Explanation>) -> Option<String> {
    let (a, b) = (a?, b?);
    for sa in &a.steps {
        let Some(sb) = b.steps.iter().find(|s| s.label == sa.label) else { continue };
        for (na, nb) in sa.nodes.iter().zip(&sb.nodes) {
            if na.value != nb.value {
                // The conjunct that differs, and the innermost condition
                // behind it (the reading, the date, the threshold).
                let (ta, tb) = first_differing_child(na, nb).unwrap_or((na, nb));
                let (x, y) = deepest_difference(ta, tb);
                let step = if sa.label == "where" { String::new() } else { format!("{}: ", sa.label) };
                if ta.text != tb.text {
                    // Two drafts: the conditions themselves differ.
                    return Some(format!(
                        "{step}in A `{}` is {}; in B `{}` is {}",
                        ta.text, ta.value, tb.text, tb.value
                    ));
                }
                let mut text = format!("{step}`{}` is {} in A, {} in B", ta.text, ta.value, tb.value);
                if !std::ptr::eq(x, ta) {
                    text.push_str(&format!(", because `{}` is {} in A, {} in B", x.text, x.value, y.value));
                }
                return Some(text);
            }
        }
    }
    None
}

fn first_differing_child<'n>(
    a: &'n crate::eval::Node,
    b: &'n crate::eval::Node,
) -> Option<(&'n crate::eval::Node, &'n crate::eval::Node)> {
    a.children
        .iter()
        .find_map(|ca| b.children.iter().find(|cb| cb.text == ca.text && cb.value != ca.value).map(|cb| (ca, cb)))
}

/// Follows children written alike on both sides down to the innermost
/// condition whose value differs.
fn deepest_difference<'n>(
    a: &'n crate::eval::Node,
    b: &'n crate::eval::Node,
) -> (&'n crate::eval::Node, &'n crate::eval::Node) {
    for ca in &a.children {
        if let Some(cb) = b.children.iter().find(|cb| cb.text == ca.text) {
            if ca.value != cb.value {
                return deepest_difference(ca, cb);
            }
        }
    }
    (a, b)
}

/// Where a finding's subjects are written, comparable across the two sides
/// (whose sources number files differently): file name and byte offset.
fn position<'s>(sources: &'s Sources, f: &Finding) -> Vec<(&'s str, u32)> {
    f.subjects.iter().map(|s| (sources.get(s.span.file).map_or("", |file| file.name.as_str()), s.span.start)).collect()
}

/// A clause's findings by subject key (the first, should there be two).
fn keyed<'a>(list: &[(usize, &'a Finding)]) -> HashMap<String, (usize, &'a Finding)> {
    let mut out = HashMap::new();
    for (i, f) in list {
        out.entry(f.subject_key()).or_insert((*i, *f));
    }
    out
}

/// Findings by qualified clause id, each with its index; every clause of
/// the program has an entry, so a missing entry means an absent clause.
fn by_clause<'a>(p: &'a Program, e: &'a Evaluation) -> HashMap<&'a str, Vec<(usize, &'a Finding)>> {
    let mut out: HashMap<&str, Vec<(usize, &Finding)>> =
        p.clauses.iter().map(|c| (c.qualified_id.as_str(), Vec::new())).collect();
    for (i, f) in e.findings.iter().enumerate() {
        if let Some(c) = p.clauses.get(f.clause) {
            out.entry(c.qualified_id.as_str()).or_default().push((i, f));
        }
    }
    out
}

/// Differences per verdict pair (`violation → holds`), sorted by pair.
pub fn pairs(diffs: &[ScenarioDiff]) -> BTreeMap<(&'static str, &'static str), usize> {
    let mut out = BTreeMap::new();
    for d in diffs.iter().flat_map(|s| &s.differences) {
        *out.entry((d.a, d.b)).or_insert(0) += 1;
    }
    out
}
