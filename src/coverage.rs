//! Clause coverage over a scenario library (`pacta test --coverage`): for
//! each clause, whether some scenario made it fire (a violation or review
//! finding), whether some scenario made it hold for a subject it judged,
//! and, for clauses with exceptions, whether an exception ever waived a
//! finding. A clause is covered when all that apply happened.

use std::collections::BTreeMap;

use crate::eval::Evaluation;
use crate::plan::Program;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseCoverage {
    pub clause: String,
    pub treaty: String,
    pub article: String,
    pub fired: bool,
    pub held: bool,
    /// `None` when the clause has no `unless`.
    pub exception: Option<bool>,
}

impl ClauseCoverage {
    pub fn covered(&self) -> bool {
        self.fired && self.held && self.exception.unwrap_or(true)
    }
}

/// Coverage of every clause, in program order.
pub fn clauses<'e>(program: &Program, evaluations: impl IntoIterator<Item = &'e Evaluation>) -> Vec<ClauseCoverage> {
    let mut out: Vec<ClauseCoverage> = program
        .clauses
        .iter()
        .map(|c| ClauseCoverage {
            clause: c.qualified_id.clone(),
            treaty: program.treaties.get(c.treaty).map_or_else(String::new, |t| t.id.clone()),
            article: c.article.clone(),
            fired: false,
            held: false,
            exception: (!c.exceptions.is_empty()).then_some(false),
        })
        .collect();
    for e in evaluations {
        for (i, s) in e.stats.iter().enumerate() {
            let Some(c) = out.get_mut(i) else { continue };
            c.fired |= s.violations + s.review > 0;
            c.held |= s.held() > 0;
            if let Some(x) = &mut c.exception {
                *x |= s.waived > 0;
            }
        }
    }
    out
}

/// Covered and total clauses, per group key (treaty, or treaty and article).
pub fn totals(clauses: &[ClauseCoverage], key: impl Fn(&ClauseCoverage) -> String) -> BTreeMap<String, (usize, usize)> {
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for c in clauses {
        let e = out.entry(key(c)).or_default();
        e.0 += usize::from(c.covered());
        e.1 += 1;
    }
    out
}

/// The percentage of clauses covered (100 for an empty library).
pub fn percent(clauses: &[ClauseCoverage]) -> f64 {
    if clauses.is_empty() {
        return 100.0;
    }
    100.0 * clauses.iter().filter(|c| c.covered()).count() as f64 / clauses.len() as f64
}
