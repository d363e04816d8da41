//! Static checks: imports, names, types, arity, cycles and lints. Turns a
//! parsed [`RuleSet`] into a typed, slot-resolved [`Program`]. Every error
//! of every file is collected; the result carries warnings alongside.

mod allow;
mod builtins;
mod clause;
mod decls;
mod error;
mod expr;
mod graph;
mod group;
mod lint;
mod names;
mod ops;
mod scope;

pub use builtins::NAMES as BUILTINS;
pub use error::{CheckError, CheckErrorKind, Expected, Found, ShownType};
pub use graph::MAX_CALL_DEPTH;
pub use names::{NameKind, NameRef, Names};

use crate::plan::Program;
use crate::rules::RuleSet;
use crate::span::Sources;

/// A checked program and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Checked {
    pub program: Program,
    pub warnings: Vec<CheckError>,
}

/// Checks a rule set. On failure, returns every error and warning, sorted.
pub fn check(rules: &RuleSet, sources: &Sources) -> Result<Checked, Vec<CheckError>> {
    check_and_plan(rules, sources, true)
}

/// Like [`check`], but leaves every scan a plain loop: the reference the
/// planner is tested against.
pub fn check_unplanned(rules: &RuleSet, sources: &Sources) -> Result<Checked, Vec<CheckError>> {
    check_and_plan(rules, sources, false)
}

/// Like [`check`], and also where every name resolves, errors or not:
/// what an editor's hover, go to definition and references read.
pub fn check_indexed(rules: &RuleSet, sources: &Sources) -> (Result<Checked, Vec<CheckError>>, Names) {
    let (checked, names) = run(rules, sources, true, true);
    (checked, names.unwrap_or_default())
}

fn check_and_plan(rules: &RuleSet, sources: &Sources, plan: bool) -> Result<Checked, Vec<CheckError>> {
    run(rules, sources, plan, false).0
}

fn run(
    rules: &RuleSet,
    sources: &Sources,
    plan: bool,
    index: bool,
) -> (Result<Checked, Vec<CheckError>>, Option<Names>) {
    let mut cx = scope::Checker::new(rules, sources);
    if index {
        cx.names = Some(Names::default());
    }
    graph::check_imports(&mut cx);
    decls::collect(&mut cx);
    decls::build_schema(&mut cx);
    clause::treaties(&mut cx);
    clause::defs(&mut cx);
    clause::clauses(&mut cx);
    graph::call_depth(&mut cx);
    graph::unused_defs(&mut cx);
    graph::unused_params(&mut cx);
    let (program, mut diags, names) = cx.finish();
    // Lints judge a program that checks: on a broken one they are noise.
    if diags.iter().all(|d| d.is_warning()) {
        diags.extend(lint::lint(&program, sources));
    }
    diags.retain(|d| !d.is_warning() || !allow::silenced(rules, sources, d));
    diags.sort_by_key(|d| d.span.key());
    if diags.iter().any(|d| !d.is_warning()) {
        return (Err(diags), names);
    }
    let program = if plan { crate::plan::optimise(program) } else { program };
    (Ok(Checked { program, warnings: diags }), names)
}
