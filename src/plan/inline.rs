//! Inlining small definitions. A call to a definition whose body does not
//! scan (`in_place(d, as_of)`, `counts_as_deployment(d)`) becomes a
//! [`ExprKind::Let`]: the arguments go into fresh slots of the caller's
//! frame and the body reads them there. The call's cost (a callee frame,
//! an argument vector) disappears, and the scan planner that runs next sees
//! through the body, so an inlined `p.since <= at` can be hoisted or
//! indexed like any other condition.
//!
//! Definitions that scan stay calls: their results are memoised by their
//! arguments, which inlining would lose.

use super::scan::{children, children_ref};
use super::{Def, Expr, ExprKind, Program};

/// Bodies larger than this (in nodes) stay calls, so that inlining cannot
/// blow up the plan.
const MAX_INLINED_NODES: usize = 64;

/// Inlines every call to a small, scan-free definition, in definitions
/// (innermost first) and clauses, growing their frames to fit.
pub fn inline_program(mut program: Program) -> Program {
    let mut inliner = Inliner { states: vec![State::Todo; program.defs.len()], defs: &program.defs };
    let bodies: Vec<Option<(Expr, usize)>> = (0..program.defs.len()).map(|d| inliner.body(d)).collect();
    let mut clauses = std::mem::take(&mut program.clauses);
    for clause in &mut clauses {
        let mut next = clause.frame;
        for e in super::scan::clause_exprs(clause) {
            inliner.expr(e, &mut next);
        }
        clause.frame = next;
    }
    // Parameter defaults and parties are evaluated once per run: not worth it.
    for (def, body) in program.defs.iter_mut().zip(bodies) {
        if let Some((body, frame)) = body {
            def.body = body;
            def.frame = frame;
        }
    }
    program.clauses = clauses;
    program
}

#[derive(Clone)]
enum State {
    Todo,
    /// Being inlined: a call back to it would be a cycle (the checker
    /// rejects those; this only keeps the pass from looping).
    Busy,
    Done {
        body: Expr,
        frame: usize,
    },
}

struct Inliner<'p> {
    defs: &'p [Def],
    states: Vec<State>,
}

impl Inliner<'_> {
    /// Definition `d`'s body with its own calls inlined, and its frame size.
    fn body(&mut self, d: usize) -> Option<(Expr, usize)> {
        match self.states.get(d)? {
            State::Done { body, frame } => return Some((body.clone(), *frame)),
            State::Busy => return None,
            State::Todo => {}
        }
        self.states[d] = State::Busy;
        let def = self.defs.get(d)?;
        let mut body = def.body.clone();
        let mut frame = def.frame;
        self.expr(&mut body, &mut frame);
        self.states[d] = State::Done { body: body.clone(), frame };
        Some((body, frame))
    }

    /// Inlines the calls inside `e`; `next` is the caller's next free slot.
    fn expr(&mut self, e: &mut Expr, next: &mut usize) {
        for child in children(e) {
            self.expr(child, next);
        }
        let ExprKind::Call { def, args } = &mut e.kind else { return };
        let def = *def;
        if args.is_empty() {
            // Constants are computed once per run; leave them calls.
            return;
        }
        let Some((mut body, frame)) = self.body(def) else { return };
        if scans(&body) || nodes(&body) > MAX_INLINED_NODES {
            return;
        }
        let base = *next;
        *next += frame.max(args.len());
        shift(&mut body, base);
        let args = std::mem::take(args).into_iter().enumerate().map(|(i, a)| (base + i, a)).collect();
        e.kind = ExprKind::Let { def, args, body: Box::new(body) };
    }
}

/// Whether `e` contains a quantifier or aggregate.
fn scans(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Quant { .. } | ExprKind::Agg { .. }) || children_ref(e).into_iter().any(scans)
}

fn nodes(e: &Expr) -> usize {
    1 + children_ref(e).into_iter().map(nodes).sum::<usize>()
}

/// Moves a scan-free body's frame slots up by `base`.
fn shift(e: &mut Expr, base: usize) {
    match &mut e.kind {
        ExprKind::Local(s) => *s += base,
        ExprKind::Let { args, .. } => args.iter_mut().for_each(|(s, _)| *s += base),
        _ => {}
    }
    for child in children(e) {
        shift(child, base);
    }
}
