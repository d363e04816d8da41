//! Planning scans (quantifiers and aggregates over entity tables):
//!
//! 1. **Hoisting.** Every maximal subexpression of a scan's condition or
//!    value that reads outer variables but not the scan's own (nor anything
//!    bound inside it) moves to a fresh frame slot, evaluated once before
//!    the scan instead of once per candidate.
//! 2. **Indexing.** A conjunct `x.path == key`, with `key` hoisted or
//!    constant, lets the evaluator fetch candidates from a hash index on
//!    `path` (built once per run) instead of scanning the table: an
//!    equality join.
//! 3. **Memoising.** The hoisted values are everything the scan depends on
//!    besides the facts, so they key a memo table: a correlated aggregate
//!    (`sum p.personnel for p: Deployment where p.owner == d.owner …`) runs
//!    once per group, not once per outer row.
//!
//! The pass only rewrites the plan; it never changes a verdict (tested by
//! evaluating every example with and without it).

use std::collections::BTreeSet;

use super::{Expr, ExprKind, IndexKey, Op, Program, Scan, ScanSource};

/// Plans every scan in the program.
pub fn plan_program(mut program: Program) -> Program {
    for def in &mut program.defs {
        let mut next = def.frame;
        plan_expr(&mut def.body, &mut next);
        def.frame = next;
        // The calls left after inlining are to definitions that scan or are
        // large: a repeated call costs more than a memo entry, and a chain
        // of definitions each calling the one before twice would take 2^n
        // calls without one.
        def.memo = true;
    }
    for clause in &mut program.clauses {
        let mut next = clause.frame;
        for e in clause_exprs(clause) {
            plan_expr(e, &mut next);
        }
        clause.frame = next;
        plan_joins(clause);
    }
    let standalone = program
        .params
        .iter_mut()
        .map(|p| &mut p.default)
        .chain(program.treaties.iter_mut().filter_map(|t| t.parties.as_mut()));
    for e in standalone {
        let mut used = BTreeSet::new();
        reads(e, &mut used);
        writes(e, &mut used);
        let mut next = used.last().map_or(0, |s| s + 1);
        plan_expr(e, &mut next);
    }
    program
}

pub(super) fn clause_exprs(c: &mut super::Clause) -> Vec<&mut Expr> {
    let mut out: Vec<&mut Expr> = Vec::new();
    for b in &mut c.bindings {
        match &mut b.source {
            super::BindingSource::Each(ScanSource::List(e)) => out.push(e),
            super::BindingSource::Each(ScanSource::Entity(_)) => {}
            super::BindingSource::Group(g) => {
                out.push(&mut g.members);
                out.extend(g.keys.iter_mut());
            }
        }
    }
    out.extend(c.filter.as_mut());
    out.extend(c.ensure.as_mut());
    out.extend(c.due.as_mut());
    out.extend(c.exceptions.iter_mut().map(|x| &mut x.cond));
    for part in &mut c.message {
        if let super::TemplatePart::Hole(e) = part {
            out.push(e);
        }
    }
    out
}

/// Plans scans inside `e`, innermost first; `next` is the next free slot.
fn plan_expr(e: &mut Expr, next: &mut usize) {
    for child in children(e) {
        plan_expr(child, next);
    }
    // `all x where P` must see every x: its condition is the claim, not a
    // filter, so it may be hoisted and memoised but never narrowed by an index.
    let narrowing = !matches!(e.kind, ExprKind::Quant { kind: crate::ast::QuantKind::All, .. });
    if let ExprKind::Quant { scan, .. } | ExprKind::Agg { scan, .. } = &mut e.kind {
        if matches!(scan.source, ScanSource::Entity(_)) {
            plan_scan(scan, next, narrowing);
        }
    }
}

fn plan_scan(scan: &mut Scan, next: &mut usize, narrowing: bool) {
    let mut bound = BTreeSet::from([scan.slot]);
    for body in scan.cond.iter().chain(scan.value.iter()) {
        writes(body, &mut bound);
    }
    let mut hoisted = Vec::new();
    for body in scan.cond.iter_mut().chain(scan.value.iter_mut()) {
        hoist(body, &bound, &mut hoisted, next);
    }
    scan.memo = !hoisted.iter().any(|(_, e): &(usize, Expr)| {
        matches!(e.kind, ExprKind::Local(_)) && matches!(e.ty.required(), crate::schema::Type::Entity(_))
    });
    scan.hoisted = hoisted;
    scan.index = if narrowing { scan.cond.as_deref().and_then(|c| index_key(c, scan.slot, &bound)) } else { None };
    scan.residual = match (&scan.index, scan.cond.as_deref()) {
        (Some(_), Some(cond)) => residual(cond, scan.slot, &bound).map(Box::new),
        _ => None,
    };
}

/// Moves free subexpressions of `e` into new slots.
fn hoist(e: &mut Expr, bound: &BTreeSet<usize>, hoisted: &mut Vec<(usize, Expr)>, next: &mut usize) {
    if is_free(e, bound) {
        // One slot per distinct outer variable read directly.
        if let ExprKind::Local(s) = e.kind {
            if let Some((slot, _)) = hoisted.iter().find(|(_, h)| matches!(h.kind, ExprKind::Local(x) if x == s)) {
                e.kind = ExprKind::Local(*slot);
                return;
            }
        }
        let slot = *next;
        *next += 1;
        let local = Expr { kind: ExprKind::Local(slot), ty: e.ty.clone(), span: e.span };
        let from = std::mem::replace(e, local);
        // A field read keeps its origin, to explain a missing value.
        if matches!(from.kind, ExprKind::Field { .. }) {
            e.kind = ExprKind::Hoisted { slot, from: Box::new(from.clone()) };
        }
        hoisted.push((slot, from));
        return;
    }
    for child in children(e) {
        hoist(child, bound, hoisted, next);
    }
}

/// Reads outer variables only, and at least one.
fn is_free(e: &Expr, bound: &BTreeSet<usize>) -> bool {
    let mut r = BTreeSet::new();
    reads(e, &mut r);
    let mut w = BTreeSet::new();
    writes(e, &mut w);
    let external: Vec<usize> = r.difference(&w).copied().collect();
    !external.is_empty() && external.iter().all(|s| !bound.contains(s))
}

/// Equality joins between a clause's bindings: binding `k` (over an entity
/// table) is looked up by a filter conjunct whose key reads only bindings
/// before it.
fn plan_joins(clause: &mut super::Clause) {
    let Some(filter) = &clause.filter else { return };
    let slots: Vec<Vec<usize>> = clause.bindings.iter().map(bound_slots).collect();
    let mut inner = BTreeSet::new();
    writes(filter, &mut inner);
    for k in 1..clause.bindings.len() {
        if !matches!(clause.bindings[k].source, super::BindingSource::Each(ScanSource::Entity(_))) {
            continue;
        }
        // Not yet bound when binding k is enumerated: itself, later bindings,
        // and anything bound inside the filter.
        let unbound: BTreeSet<usize> = slots[k..].iter().flatten().copied().chain(inner.iter().copied()).collect();
        clause.bindings[k].index = index_key(filter, clause.bindings[k].slot, &unbound);
    }
}

/// The slots a clause binding writes.
fn bound_slots(b: &super::Binding) -> Vec<usize> {
    match &b.source {
        super::BindingSource::Each(_) => vec![b.slot],
        super::BindingSource::Group(g) => {
            let mut out = g.key_slots.clone();
            out.push(g.list_slot);
            out.extend(g.scan().map(|s| s.slot));
            out
        }
    }
}

/// The conjuncts `x.path == key` of the condition, usable together as an
/// index; `None` when there is none.
fn index_key(cond: &Expr, var: usize, bound: &BTreeSet<usize>) -> Option<IndexKey> {
    let mut conjuncts = Vec::new();
    flatten_and(cond, &mut conjuncts);
    let parts: Vec<(Vec<usize>, Expr)> = conjuncts.into_iter().filter_map(|c| index_part(c, var, bound)).collect();
    (!parts.is_empty()).then_some(IndexKey { parts })
}

/// The conjuncts the index does not answer, joined by `and` again.
fn residual(cond: &Expr, var: usize, bound: &BTreeSet<usize>) -> Option<Expr> {
    let mut conjuncts = Vec::new();
    flatten_and(cond, &mut conjuncts);
    conjuncts.into_iter().filter(|c| index_part(c, var, bound).is_none()).cloned().reduce(|lhs, rhs| {
        let (ty, span) = (cond.ty.clone(), rhs.span);
        Expr { kind: ExprKind::Binary { op: Op::And, lhs: Box::new(lhs), rhs: Box::new(rhs) }, ty, span }
    })
}

/// `x.path == key` (either way round) with `key` free of the scan's own
/// variables: the path and the key.
fn index_part(c: &Expr, var: usize, bound: &BTreeSet<usize>) -> Option<(Vec<usize>, Expr)> {
    let ExprKind::Binary { op: Op::Eq, lhs, rhs } = &c.kind else { return None };
    let try_side = |path_side: &Expr, key_side: &Expr| {
        let path = field_path(path_side, var)?;
        let mut r = BTreeSet::new();
        reads(key_side, &mut r);
        let constant = r.iter().all(|s| !bound.contains(s));
        let same_type = path_side.ty.required() == key_side.ty.required();
        (constant && same_type && !path.is_empty()).then(|| (path, key_side.clone()))
    };
    try_side(lhs, rhs).or_else(|| try_side(rhs, lhs))
}

/// The conjuncts of `a and b and …`, in written order.
pub fn flatten_and<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary { op: Op::And, lhs, rhs } => {
            flatten_and(lhs, out);
            flatten_and(rhs, out);
        }
        _ => out.push(e),
    }
}

/// `x.a.b` as field slots `[a, b]` from variable `var`.
fn field_path(e: &Expr, var: usize) -> Option<Vec<usize>> {
    match &e.kind {
        ExprKind::Local(s) if *s == var => Some(Vec::new()),
        ExprKind::Field { base, slot, .. } => {
            let mut p = field_path(base, var)?;
            p.push(*slot);
            Some(p)
        }
        _ => None,
    }
}

/// Slots read anywhere in `e`.
fn reads(e: &Expr, out: &mut BTreeSet<usize>) {
    if let ExprKind::Local(s) | ExprKind::Hoisted { slot: s, .. } = e.kind {
        out.insert(s);
    }
    for c in children_ref(e) {
        reads(c, out);
    }
}

/// Slots written inside `e`: nested scan variables and their hoisted
/// slots, and the argument slots of inlined calls.
fn writes(e: &Expr, out: &mut BTreeSet<usize>) {
    if let ExprKind::Quant { scan, .. } | ExprKind::Agg { scan, .. } = &e.kind {
        out.insert(scan.slot);
        out.extend(scan.hoisted.iter().map(|(s, _)| *s));
    }
    if let ExprKind::Let { args, .. } = &e.kind {
        out.extend(args.iter().map(|(s, _)| *s));
    }
    for c in children_ref(e) {
        writes(c, out);
    }
}

fn scan_children(scan: &Scan) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = Vec::new();
    if let ScanSource::List(e) = &scan.source {
        out.push(e);
    }
    out.extend(scan.hoisted.iter().map(|(_, e)| e));
    out.extend(scan.cond.as_deref());
    out.extend(scan.value.as_deref());
    out.extend(scan.residual.as_deref());
    out.extend(scan.index.iter().flat_map(|i| i.parts.iter().map(|(_, k)| k)));
    out
}

pub fn children_ref(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Const(_)
        | ExprKind::Local(_)
        | ExprKind::Hoisted { .. }
        | ExprKind::Param(_)
        | ExprKind::AsOf
        | ExprKind::Parties(_)
        | ExprKind::FactLit { .. } => Vec::new(),
        ExprKind::Field { base, .. } | ExprKind::Has { base, .. } | ExprKind::Not(base) | ExprKind::Neg(base) => {
            vec![base]
        }
        ExprKind::Binary { lhs, rhs, .. } => vec![lhs, rhs],
        ExprKind::If { cond, then, otherwise } => vec![cond, then, otherwise],
        ExprKind::List(items) | ExprKind::Call { args: items, .. } | ExprKind::Builtin { args: items, .. } => {
            items.iter().collect()
        }
        ExprKind::Quant { scan, .. } | ExprKind::Agg { scan, .. } => scan_children(scan),
        ExprKind::Let { args, body, .. } => args.iter().map(|(_, a)| a).chain([&**body]).collect(),
        ExprKind::Conjunction(parts) => parts.iter().map(|(_, c)| c).collect(),
    }
}

/// Direct subexpressions, mutably. The index key is left out: it is a copy
/// of a conjunct, rebuilt whenever its scan is planned.
pub(super) fn children(e: &mut Expr) -> Vec<&mut Expr> {
    match &mut e.kind {
        ExprKind::Const(_)
        | ExprKind::Local(_)
        | ExprKind::Hoisted { .. }
        | ExprKind::Param(_)
        | ExprKind::AsOf
        | ExprKind::Parties(_)
        | ExprKind::FactLit { .. } => Vec::new(),
        ExprKind::Field { base, .. } | ExprKind::Has { base, .. } | ExprKind::Not(base) | ExprKind::Neg(base) => {
            vec![base]
        }
        ExprKind::Binary { lhs, rhs, .. } => vec![lhs, rhs],
        ExprKind::If { cond, then, otherwise } => vec![cond, then, otherwise],
        ExprKind::List(items) | ExprKind::Call { args: items, .. } | ExprKind::Builtin { args: items, .. } => {
            items.iter_mut().collect()
        }
        ExprKind::Quant { scan, .. } | ExprKind::Agg { scan, .. } => {
            let scan = &mut **scan;
            let mut out: Vec<&mut Expr> = Vec::new();
            if let ScanSource::List(e) = &mut scan.source {
                out.push(e);
            }
            out.extend(scan.hoisted.iter_mut().map(|(_, e)| e));
            out.extend(scan.cond.as_deref_mut());
            out.extend(scan.value.as_deref_mut());
            out
        }
        ExprKind::Let { args, body, .. } => args.iter_mut().map(|(_, a)| a).chain([&mut **body]).collect(),
        ExprKind::Conjunction(parts) => parts.iter_mut().map(|(_, c)| c).collect(),
    }
}
