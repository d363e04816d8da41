//! Evaluation: judges every clause of a checked program against a loaded
//! scenario. Runtime problems make single verdicts indeterminate; they never
//! abort the run. Findings come out in clause order, then in the order the
//! scenario lists the facts, so output is deterministic.

mod builtins;
mod clause;
mod context;
mod error;
mod expect;
mod explain;
mod expr;
mod memo;
mod ops;
mod parse;
mod render;
mod scan;
mod trace;
mod verdict;

pub use builtins::{area_distance_km, point_distance_km};
pub use context::parse_override;
pub use error::{EvalError, SetupError};
pub use expect::{Mismatch, MismatchKind, verify};
pub use explain::{ExplainedStep, Explanation, Judgement, Node, Role, Selection};
pub use trace::TraceNode;
pub use verdict::{ClauseStats, Evaluation, Finding, Pending, Subject, Verdict, subject_key};

use crate::calendar::Date;
use crate::plan::Program;
use crate::scenario::Scenario;
use crate::span::Sources;
use std::collections::BTreeMap;

use crate::value::Value;

/// Run settings that do not come from the scenario.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides the scenario's `as_of`.
    pub at: Option<Date>,
    /// `-D name=value`, applied after (and over) the scenario's `params:`.
    pub overrides: Vec<(String, String)>,
    /// Project defaults (`pacta.toml` `[params]`), applied before the
    /// scenario's `params:`.
    pub defaults: Vec<(String, String)>,
}

/// Evaluates every clause. Fails only when a parameter override is invalid.
pub fn evaluate(
    program: &Program,
    scenario: &Scenario,
    sources: &Sources,
    opts: &Options,
) -> Result<Evaluation, Vec<SetupError>> {
    let overrides = overrides(program, scenario, opts)?;
    let as_of = opts.at.or(scenario.as_of.map(|(d, _)| d));
    let cx = context::Ctx::new(program, &scenario.facts, sources, as_of, &overrides);
    let mut findings = Vec::new();
    let mut pending = Vec::new();
    let stats = program.clauses.iter().enumerate().map(|(i, c)| cx.clause(i, c, &mut findings, &mut pending)).collect();
    Ok(Evaluation { findings, pending, stats, facts: scenario.facts.len(), as_of })
}

/// Evaluates the selected clauses with tracing on and explains their
/// verdicts: every finding, or with a subject every judgement of that
/// subject (holds included). The verdicts are those [`evaluate`] gives: the
/// same interpreter and plan produce both (only memo tables are bypassed, so
/// that each result shows its derivation).
pub fn explain(
    program: &Program,
    scenario: &Scenario,
    sources: &Sources,
    opts: &Options,
    select: &Selection,
) -> Result<Vec<Explanation>, Vec<SetupError>> {
    let overrides = overrides(program, scenario, opts)?;
    let as_of = opts.at.or(scenario.as_of.map(|(d, _)| d));
    let mut cx = context::Ctx::new(program, &scenario.facts, sources, as_of, &overrides);
    cx.tracing = true;
    let mut explaining =
        clause::Explaining { subject: select.subject.as_deref(), holds: select.subject.is_some(), out: Vec::new() };
    let wanted = |c: &crate::plan::Clause| select.clause.as_deref().is_none_or(|id| c.is_named(id));
    for (i, c) in program.clauses.iter().enumerate().filter(|(_, c)| wanted(c)) {
        cx.clause_explained(i, c, &mut Vec::new(), &mut Vec::new(), Some(&mut explaining));
    }
    Ok(explaining.out)
}

/// Project defaults, then scenario `params:`, then `-D` flags: the most
/// specific setting wins.
fn overrides(
    program: &Program,
    scenario: &Scenario,
    opts: &Options,
) -> Result<BTreeMap<usize, Value>, Vec<SetupError>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    let from_project = opts.defaults.iter().map(|(k, v)| (k.clone(), v.clone(), None));
    let from_file = scenario.params.iter().map(|(k, (v, span))| (k.clone(), v.as_text(), Some(*span)));
    let from_cli = opts.overrides.iter().map(|(k, v)| (k.clone(), v.clone(), None));
    for (name, text, span) in from_project.chain(from_file).chain(from_cli) {
        match parse_override(program, &name, &text) {
            Ok(values) => out.extend(values),
            Err(e) => errors.push(with_span(e, span)),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}
fn with_span(e: SetupError, at: Option<crate::span::Span>) -> SetupError {
    match e {
        SetupError::UnknownParam { name, suggestion, .. } => SetupError::UnknownParam { name, suggestion, span: at },
        SetupError::BadParamValue { name, expected, value, .. } => {
            SetupError::BadParamValue { name, expected, value, span: at }
        }
    }
}
