//! The planner does what it promises: equality conditions become hash-index
//! lookups, outer subexpressions are hoisted, correlated aggregates are
//! memoised by group. (That it never changes a verdict is checked on every
//! case in `tests/cases/eval.rs` and every example in `tests/cases/examples.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use pacta::plan::{Expr, ExprKind, Program, Scan};
use pacta::span::Sources;

fn program(case: &str) -> Program {
    let mut sources = Sources::new();
    let path = common::root().join("tests/eval").join(case).join("rules.pacta");
    pacta::load_rules(&[path], &mut sources, &common::project()).unwrap().program
}

/// Every scan in an expression tree, outermost first.
fn scans<'e>(e: &'e Expr, out: &mut Vec<&'e Scan>) {
    match &e.kind {
        ExprKind::Quant { scan, .. } | ExprKind::Agg { scan, .. } => {
            out.push(scan);
            for c in scan.cond.iter().chain(scan.value.iter()) {
                scans(c, out);
            }
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            scans(lhs, out);
            scans(rhs, out);
        }
        ExprKind::Not(x) | ExprKind::Field { base: x, .. } => scans(x, out),
        ExprKind::Call { args, .. } => args.iter().for_each(|a| scans(a, out)),
        ExprKind::Let { args, body, .. } => {
            args.iter().for_each(|(_, a)| scans(a, out));
            scans(body, out);
        }
        ExprKind::Conjunction(parts) => parts.iter().for_each(|(_, c)| scans(c, out)),
        _ => {}
    }
}

fn field_slot(p: &Program, entity: &str, field: &str) -> usize {
    let id = p.schema.entity_by_name(entity).unwrap();
    p.schema.entity(id).unwrap().field(field).unwrap()
}

#[test]
fn a_join_between_bindings_uses_an_index() {
    let p = program("join_bindings");
    let clause = &p.clauses[0];
    assert!(clause.bindings[0].index.is_none(), "the first binding has nothing to join with");
    let ix = clause.bindings[1].index.as_ref().expect("b is looked up by a's owner, host and start");
    let paths: Vec<&Vec<usize>> = ix.parts.iter().map(|(path, _)| path).collect();
    let slot = |f| vec![field_slot(&p, "Deployment", f)];
    assert_eq!(paths, vec![&slot("owner"), &slot("host"), &slot("since")]);
    let consent = &p.clauses[1].bindings[1];
    let paths: Vec<&Vec<usize>> = consent.index.as_ref().unwrap().parts.iter().map(|(path, _)| path).collect();
    assert_eq!(paths, vec![&vec![field_slot(&p, "Consent", "deployment")]]);
}

#[test]
fn an_exists_over_a_table_is_an_index_lookup_without_a_memo_per_row() {
    let p = program("forbid_unless");
    let mut found = Vec::new();
    scans(&p.clauses[0].exceptions[0].cond, &mut found);
    let scan = found[0];
    let paths: Vec<&Vec<usize>> = scan.index.as_ref().unwrap().parts.iter().map(|(path, _)| path).collect();
    assert_eq!(paths, vec![&vec![field_slot(&p, "Consent", "deployment")]]);
    // Keyed by the deployment itself: one entry per row would never be reused.
    assert!(!scan.memo);
}

#[test]
fn a_correlated_aggregate_is_hoisted_indexed_and_memoised_by_group() {
    let p = program("baseline_aggregate");
    let mut found = Vec::new();
    scans(p.clauses[0].filter.as_ref().unwrap(), &mut found);
    assert_eq!(found.len(), 2, "two sums");
    for scan in found {
        assert!(scan.memo, "memoised by (owner, host)");
        // `d.owner` and `d.host` are hoisted out of the loop over `p`.
        assert_eq!(scan.hoisted.len(), 2, "{:?}", scan.hoisted.iter().map(|(s, _)| s).collect::<Vec<_>>());
        // One index on (owner, host), not on the owner alone.
        let parts = &scan.index.as_ref().unwrap().parts;
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, vec![field_slot(&p, "Deployment", "owner")]);
        assert_eq!(parts[1].0, vec![field_slot(&p, "Deployment", "host")]);
    }
}

/// The definitions an expression still calls, and those inlined into it.
fn calls(e: &Expr, called: &mut Vec<usize>, inlined: &mut Vec<usize>) {
    match &e.kind {
        ExprKind::Call { def, args } => {
            called.push(*def);
            args.iter().for_each(|a| calls(a, called, inlined));
        }
        ExprKind::Let { def, args, body } => {
            inlined.push(*def);
            args.iter().for_each(|(_, a)| calls(a, called, inlined));
            calls(body, called, inlined);
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            calls(lhs, called, inlined);
            calls(rhs, called, inlined);
        }
        ExprKind::Not(x) | ExprKind::Field { base: x, .. } => calls(x, called, inlined),
        ExprKind::Conjunction(parts) => parts.iter().for_each(|(_, c)| calls(c, called, inlined)),
        ExprKind::Quant { scan, .. } | ExprKind::Agg { scan, .. } => {
            for c in scan.cond.iter().chain(scan.value.iter()) {
                calls(c, called, inlined);
            }
        }
        _ => {}
    }
}

#[test]
fn small_definitions_are_inlined_into_clauses_and_scans() {
    let p = program("baseline_aggregate");
    let in_place = p.defs.iter().position(|d| d.name == "in_place").unwrap();
    let (mut called, mut inlined) = (Vec::new(), Vec::new());
    calls(p.clauses[0].filter.as_ref().unwrap(), &mut called, &mut inlined);
    assert!(called.is_empty(), "no call is left: {called:?}");
    // Once in the filter, once in each sum's condition.
    assert_eq!(inlined, vec![in_place; 3]);
    assert!(p.clauses[0].frame > p.clauses[0].bindings.len(), "the arguments got slots of the clause's frame");
}

#[test]
fn an_index_leaves_only_the_conditions_it_does_not_answer() {
    let p = program("baseline_aggregate");
    let mut found = Vec::new();
    scans(p.clauses[0].filter.as_ref().unwrap(), &mut found);
    for scan in found {
        // `p.owner == … and p.host == … and in_place(p, …)`: the index answers
        // the first two, so candidates it found only check the third.
        let residual = scan.residual.as_deref().expect("in_place is left");
        assert!(matches!(residual.kind, ExprKind::Let { .. }), "{:?}", residual.kind);
    }
}

#[test]
fn conjunctions_run_cheapest_first_and_remember_the_written_order() {
    let p = program("baseline_aggregate");
    let ExprKind::Conjunction(parts) = &p.clauses[0].filter.as_ref().unwrap().kind else {
        panic!("the filter is one conjunction");
    };
    let written: Vec<usize> = parts.iter().map(|(i, _)| *i).collect();
    assert_eq!(written.len(), 4, "d.host != d.owner, in_place, d.since > baseline and the two-sum comparison");
    // The comparison of two sums (written last) runs last; the field
    // comparisons run before the inlined call.
    assert_eq!(*written.last().unwrap(), 3, "{written:?}");
    let position = |w: usize| written.iter().position(|x| *x == w).unwrap();
    assert!(position(2) < position(1), "`d.since > baseline` before `in_place(d, as_of)`: {written:?}");
}
