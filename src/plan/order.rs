//! Ordering conjunctions by cost. `a and b and c` becomes one
//! [`ExprKind::Conjunction`] whose conjuncts run cheapest first, so that a
//! cheap false conjunct (`d.host != d.owner`) spares the expensive ones (a
//! definition call, an aggregate). Under Kleene logic the order changes
//! nothing: any false conjunct makes the whole false, whatever the others
//! are, and the evaluator reports the first unknown conjunct *as written*;
//! evaluation has no side effects. The tests evaluate every case and
//! example with and without the optimiser and require identical findings.

use super::scan::children;
use super::{Def, Expr, ExprKind, Op, Program, Scan};

/// Orders every conjunction in the program's definitions and clauses.
pub fn order_program(mut program: Program) -> Program {
    let defs = program.defs.clone();
    let costs = Costs { defs: &defs };
    for def in &mut program.defs {
        costs.order(&mut def.body);
    }
    for clause in &mut program.clauses {
        for e in super::scan::clause_exprs(clause) {
            costs.order(e);
        }
    }
    program
}

struct Costs<'p> {
    defs: &'p [Def],
}

/// Rough relative costs: what matters is that reading a field is cheap, a
/// memoised call is a hash lookup, and a scan or a geodesic distance is
/// expensive.
const LOOKUP: u64 = 20;
const SCAN: u64 = 1_000;
const GEO: u64 = 500;

impl Costs<'_> {
    fn order(&self, e: &mut Expr) {
        if let ExprKind::Binary { op: Op::And, .. } = e.kind {
            let taken = std::mem::replace(&mut e.kind, ExprKind::Conjunction(Vec::new()));
            let mut parts = Vec::new();
            flatten(Expr { kind: taken, ty: e.ty.clone(), span: e.span }, &mut parts);
            for p in &mut parts {
                self.order(p);
            }
            let mut parts: Vec<(usize, Expr)> = parts.into_iter().enumerate().collect();
            // Stable: equal costs keep the written order.
            parts.sort_by_key(|(_, c)| self.cost(c));
            e.kind = ExprKind::Conjunction(parts);
            return;
        }
        for child in children(e) {
            self.order(child);
        }
        if let ExprKind::Quant { scan, .. } | ExprKind::Agg { scan, .. } = &mut e.kind {
            // The residual condition is not among `children` (it is a copy).
            if let Some(r) = scan.residual.as_deref_mut() {
                self.order(r);
            }
        }
    }

    fn cost(&self, e: &Expr) -> u64 {
        let own = match &e.kind {
            ExprKind::Call { def, .. } => match self.defs.get(*def) {
                Some(d) if d.memo => LOOKUP,
                Some(d) => LOOKUP + self.cost(&d.body),
                None => LOOKUP,
            },
            ExprKind::Quant { scan, .. } | ExprKind::Agg { scan, .. } => scan_cost(scan),
            ExprKind::Builtin {
                func: super::Builtin::DistanceKm | super::Builtin::Distance | super::Builtin::Within,
                ..
            } => GEO,
            _ => 1,
        };
        own.saturating_add(super::scan::children_ref(e).into_iter().map(|c| self.cost(c)).sum())
    }
}

/// A memoised scan costs a lookup once warm; others scan every time.
fn scan_cost(scan: &Scan) -> u64 {
    if scan.memo && !scan.hoisted.is_empty() { LOOKUP * 5 } else { SCAN }
}

/// The operands of an `and` chain, in written order.
fn flatten(e: Expr, out: &mut Vec<Expr>) {
    match e.kind {
        ExprKind::Binary { op: Op::And, lhs, rhs } => {
            flatten(*lhs, out);
            flatten(*rhs, out);
        }
        kind => out.push(Expr { kind, ty: e.ty, span: e.span }),
    }
}
