//! Evaluation: judges every clause of a checked program against a loaded
//! scenario. Runtime problems make single verdicts indeterminate; they never
//! abort the run. Findings come out in clause order, then in the order the
//! scenario lists the facts, so output is deterministic.

mod builtins;
mod clause;
mod context;
mod error;
mod estimate;
mod expect;
mod explain;
mod expr;
mod fast;
mod frame;
mod group;
mod index;
mod logic;
mod memo;
mod ops;
mod parse;
mod render;
mod scan;
mod trace;
mod verdict;

pub use builtins::{area_distance_km, point_distance_km};
pub use context::parse_override;
pub use error::{EvalError, RunError, Unknown};
pub use expect::{Mismatch, MismatchKind, verify};
pub use explain::{ExplainedStep, Explanation, Judgement, Node, Role, Selection};
pub use trace::{MAX_TRACE_NODES, TraceNode};
pub use verdict::{
    ClauseStats, Deadline, Evaluation, Finding, Held, Pending, Subject, SubjectNotes, Verdict, VerdictKind, show_held,
    subject_key,
};

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
    /// The most interpreter steps one clause may take: `None` for
    /// [`DEFAULT_MAX_STEPS`], `Some(0)` for no limit.
    pub max_steps: Option<u64>,
    /// Judge with the interpreter alone, without the compiled path
    /// (`eval::fast`): the reference the tests compare it with.
    pub interpreter_only: bool,
    /// When evaluation must stop (`--timeout`): a clause still running
    /// then ends the scenario with [`RunError::Timeout`].
    pub deadline: Option<std::time::Instant>,
    /// How scenarios are read (`--min-confidence`): applied when they are
    /// loaded, by the callers that load them.
    pub reading: crate::scenario::Reading,
    /// Judge a period instead of one date (`check --from … --to …`), by
    /// the callers that judge scenarios ([`crate::period`]).
    pub period: Option<(Date, Date)>,
    /// Judge each scenario over the period its `expect:` block names, if
    /// it names one (`pacta test`).
    pub expected_period: bool,
}

/// Steps one clause may take by default: a release build spends ~44 s on
/// them (a three-way cross product of 1,000 items stops there), far above
/// what the bundled library needs on a million facts (~8 million for
/// clause 4.1, at ~8 steps a deployment: 813 thousand at 100k), far below
/// a cross product of large tables.
pub const DEFAULT_MAX_STEPS: u64 = 1_000_000_000;

impl Options {
    fn budget(&self) -> u64 {
        match self.max_steps {
            None => DEFAULT_MAX_STEPS,
            Some(0) => u64::MAX,
            Some(n) => n,
        }
    }
}

/// Evaluates every clause. Fails only when a parameter override is invalid.
pub fn evaluate(
    program: &Program,
    scenario: &Scenario,
    sources: &Sources,
    opts: &Options,
) -> Result<Evaluation, Vec<RunError>> {
    let overrides = overrides(program, scenario, opts)?;
    let as_of = opts.at.or(scenario.as_of.map(|(d, _)| d));
    let mut cx = context::Ctx::new(program, &scenario.facts, sources, as_of, &overrides);
    cx.budget = opts.budget();
    cx.deadline = opts.deadline;
    cx.complete = scenario.complete.clone();
    if !opts.interpreter_only {
        cx.compile_conditions();
    }
    let mut findings = Vec::new();
    let mut pending = Vec::new();
    let mut stats = Vec::with_capacity(program.clauses.len());
    let mut over = Vec::new();
    for (i, c) in program.clauses.iter().enumerate() {
        if !cx.start_clause() {
            over.extend(over_budget(&cx, c));
            break;
        }
        stats.push(cx.clause(i, c, &mut findings, &mut pending));
        over.extend(over_budget(&cx, c));
    }
    if !over.is_empty() {
        return Err(over);
    }
    let incomplete = (0..scenario.complete.len())
        .filter(|&e| !scenario.complete[e])
        .map(|e| crate::value::EntityId(u32::try_from(e).unwrap_or(u32::MAX)))
        .collect();
    Ok(Evaluation {
        findings,
        pending,
        stats,
        facts: scenario.facts.len(),
        left_out: scenario.left_out,
        incomplete,
        period: None,
        as_of,
    })
}

/// The value of every treaty parameter in effect for `scenario` (defaults
/// computed as evaluation computes them, over project defaults, the
/// scenario's `params:` and `-D`); `None` where it cannot be computed or a
/// setting is invalid (evaluation reports that, with its location).
pub fn parameter_values(program: &Program, scenario: &Scenario, opts: &Options) -> Vec<Option<Value>> {
    let overrides = overrides(program, scenario, opts).unwrap_or_default();
    let as_of = opts.at.or(scenario.as_of.map(|(d, _)| d));
    let sources = Sources::new();
    let cx = context::Ctx::new(program, &scenario.facts, &sources, as_of, &overrides);
    cx.params.into_iter().map(Result::ok).collect()
}

/// The error for a clause that used up its steps or the run's time: its
/// verdicts are incomplete, so the run reports none of them.
fn over_budget(cx: &context::Ctx<'_>, c: &crate::plan::Clause) -> Option<RunError> {
    let clause = c.qualified_id.clone();
    if cx.timed_out.get() {
        Some(RunError::Timeout { clause, span: c.rule_span })
    } else {
        cx.exhausted().then_some(RunError::Budget { clause, limit: cx.budget, span: c.rule_span })
    }
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
) -> Result<Vec<Explanation>, Vec<RunError>> {
    let overrides = overrides(program, scenario, opts)?;
    let as_of = opts.at.or(scenario.as_of.map(|(d, _)| d));
    let mut cx = context::Ctx::new(program, &scenario.facts, sources, as_of, &overrides);
    cx.tracing = true;
    cx.budget = opts.budget();
    cx.deadline = opts.deadline;
    cx.complete = scenario.complete.clone();
    let mut explaining =
        clause::Explaining { subject: select.subject.as_deref(), holds: select.subject.is_some(), out: Vec::new() };
    let wanted = |c: &crate::plan::Clause| select.clause.as_deref().is_none_or(|id| c.is_named(id));
    let mut over = Vec::new();
    for (i, c) in program.clauses.iter().enumerate().filter(|(_, c)| wanted(c)) {
        if !cx.start_clause() {
            over.extend(over_budget(&cx, c));
            break;
        }
        cx.clause_explained(i, c, &mut Vec::new(), &mut Vec::new(), Some(&mut explaining));
        over.extend(over_budget(&cx, c));
    }
    if !over.is_empty() {
        return Err(over);
    }
    Ok(explaining.out)
}

/// Whether the parameter settings of `opts` and of the scenario's
/// `params:` name parameters the rules declare, with values of their
/// types: the errors [`evaluate`] would stop on before judging anything
/// (an editor's check of a scenario, which does not judge it).
pub fn check_overrides(program: &Program, scenario: &Scenario, opts: &Options) -> Result<(), Vec<RunError>> {
    overrides(program, scenario, opts).map(|_| ())
}

/// Project defaults, then scenario `params:`, then `-D` flags: the most
/// specific setting wins.
fn overrides(program: &Program, scenario: &Scenario, opts: &Options) -> Result<BTreeMap<usize, Value>, Vec<RunError>> {
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
fn with_span(e: RunError, at: Option<crate::span::Span>) -> RunError {
    match e {
        RunError::UnknownParam { name, suggestion, known, .. } => {
            RunError::UnknownParam { name, suggestion, known, span: at }
        }
        RunError::BadParamValue { name, expected, value, .. } => {
            RunError::BadParamValue { name, expected, value, span: at }
        }
        stop @ (RunError::Budget { .. } | RunError::Timeout { .. } | RunError::Dates { .. }) => stop,
    }
}
