//! Lints over the checked program (warnings; silenced per item with
//! `// pacta: allow(CODE)`, failing a run with `--deny-warnings`):
//!
//! - `pacta::constant-condition`: a `where`, `ensure` or `unless` that is
//!   always true or always false whatever the facts (`where false`; `a >
//!   500 and a < 100`; `k == X and k == Y`). A `where` that is always
//!   false means the clause can never fire.
//! - `pacta::month-day-comparison`: the days between two dates (`as_of -
//!   d.since`) compared with months or years, which have no fixed number of
//!   days: every such comparison is indeterminate at run time.
//! - `pacta::as-of-unread`: a clause over facts that hold for a period
//!   (an entity with a start date and an optional end date) that never
//!   reads the evaluation date, so a fact that ended long ago is judged as
//!   if it held today.
//!
//! Operands are compared by their source text: `d.personnel` written twice
//! is one operand.

use std::collections::{BTreeMap, BTreeSet};

use super::error::{CheckError, CheckErrorKind};
use crate::plan::{BindingSource, Clause, Expr, ExprKind, Op, Program, ScanSource};
use crate::schema::Type;
use crate::span::Sources;
use crate::value::Value;

pub(super) fn lint(program: &Program, sources: &Sources) -> Vec<CheckError> {
    let mut out = Vec::new();
    for c in &program.clauses {
        let parts = c.filter.iter().map(|e| (e, "where")).chain(c.ensure.iter().map(|e| (e, "ensure")));
        for (e, part) in parts.chain(c.exceptions.iter().map(|x| (&x.cond, "unless"))) {
            if let Some(value) = constant(e, sources) {
                let kind = CheckErrorKind::ConstantCondition { part: part.into(), value };
                out.push(CheckError::new(kind, e.span));
            }
        }
        each(c, |e| month_day(e, &mut out));
        if let Some(entity) = periodic_binding(program, c) {
            if !reads_as_of(program, c) {
                out.push(CheckError::new(CheckErrorKind::AsOfUnread { entity }, c.rule_span));
            }
        }
    }
    out
}

/// Runs `f` on every subexpression of the clause's conditions.
fn each<'c>(c: &'c Clause, mut f: impl FnMut(&'c Expr)) {
    let mut stack = roots(c);
    while let Some(e) = stack.pop() {
        f(e);
        stack.extend(crate::plan::scan::children_ref(e));
    }
}

fn roots(c: &Clause) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = c.filter.iter().chain(&c.ensure).chain(&c.due).collect();
    out.extend(c.exceptions.iter().map(|x| &x.cond));
    out
}

/// `Some(value)` when `e` is the same whatever the facts: a literal, or
/// a conjunction whose comparisons of one operand with constants cannot
/// all hold.
fn constant(e: &Expr, sources: &Sources) -> Option<bool> {
    if let ExprKind::Const(Value::Bool(b)) = e.kind {
        return Some(b);
    }
    let mut conjuncts = Vec::new();
    crate::plan::scan::flatten_and(e, &mut conjuncts);
    if conjuncts.iter().any(|c| matches!(c.kind, ExprKind::Const(Value::Bool(false)))) {
        return Some(false);
    }
    let mut bounds: BTreeMap<&str, Bounds> = BTreeMap::new();
    for c in conjuncts {
        if let Some((operand, op, k)) = comparison(c, sources) {
            if !bounds.entry(operand).or_default().add(op, k) {
                return Some(false);
            }
        }
    }
    None
}

/// A comparison of an operand with a constant, the constant on the right.
fn comparison<'s>(e: &Expr, sources: &'s Sources) -> Option<(&'s str, Op, Value)> {
    // A fact named in the rule (`State::EST`) is known by its name.
    let constant = |x: &Expr| match &x.kind {
        ExprKind::Const(k) if k.is_plain() => Some(k.clone()),
        ExprKind::FactLit { .. } => Some(Value::text(sources.snippet(x.span))),
        _ => None,
    };
    let ExprKind::Binary { op, lhs, rhs } = &e.kind else { return None };
    let flipped = match op {
        Op::Lt => Op::Gt,
        Op::Le => Op::Ge,
        Op::Gt => Op::Lt,
        Op::Ge => Op::Le,
        Op::Eq | Op::Ne => *op,
        _ => return None,
    };
    match (constant(lhs), constant(rhs)) {
        (None, Some(k)) => Some((sources.snippet(lhs.span), *op, k)),
        (Some(k), None) => Some((sources.snippet(rhs.span), flipped, k)),
        _ => None,
    }
}

/// What the conjuncts so far say of one operand.
#[derive(Default)]
struct Bounds {
    equal: Option<Value>,
    not_equal: Vec<Value>,
    /// The greatest lower bound, and whether it is strict.
    low: Option<(Value, bool)>,
    high: Option<(Value, bool)>,
}

impl Bounds {
    /// Adds `operand op k`; false when no value can satisfy them all.
    fn add(&mut self, op: Op, k: Value) -> bool {
        use std::cmp::Ordering::*;
        match op {
            Op::Eq if self.equal.as_ref().is_some_and(|e| *e != k) => return false,
            Op::Eq => self.equal = Some(k),
            Op::Ne => self.not_equal.push(k),
            Op::Gt | Op::Ge => {
                let strict = op == Op::Gt;
                let tighter = self.low.as_ref().is_none_or(|(l, s)| match k.compare(l) {
                    Some(Greater) => true,
                    Some(Equal) => strict && !s,
                    _ => false,
                });
                if tighter {
                    self.low = Some((k, strict));
                }
            }
            _ => {
                let strict = op == Op::Lt;
                let tighter = self.high.as_ref().is_none_or(|(h, s)| match k.compare(h) {
                    Some(Less) => true,
                    Some(Equal) => strict && !s,
                    _ => false,
                });
                if tighter {
                    self.high = Some((k, strict));
                }
            }
        }
        self.satisfiable()
    }

    fn satisfiable(&self) -> bool {
        use std::cmp::Ordering::*;
        if let (Some((l, ls)), Some((h, hs))) = (&self.low, &self.high) {
            match l.compare(h) {
                Some(Greater) => return false,
                Some(Equal) if *ls || *hs => return false,
                _ => {}
            }
        }
        let Some(e) = &self.equal else { return true };
        let above = self.low.as_ref().is_none_or(|(l, s)| matches!(e.compare(l), Some(Greater)) || (!s && e == l));
        let below = self.high.as_ref().is_none_or(|(h, s)| matches!(e.compare(h), Some(Less)) || (!s && e == h));
        let incomparable = |b: &Option<(Value, bool)>| b.as_ref().is_some_and(|(v, _)| e.compare(v).is_none());
        (above || incomparable(&self.low)) && (below || incomparable(&self.high)) && !self.not_equal.contains(e)
    }
}

/// `as_of - d.since > 12 months`: days against months.
fn month_day(e: &Expr, out: &mut Vec<CheckError>) {
    let ExprKind::Binary { op: Op::Lt | Op::Le | Op::Gt | Op::Ge | Op::Eq | Op::Ne, lhs, rhs } = &e.kind else {
        return;
    };
    let days = |x: &Expr| {
        matches!(&x.kind, ExprKind::Binary { op: Op::Sub, lhs, rhs }
            if lhs.ty.required() == &Type::Date && rhs.ty.required() == &Type::Date)
    };
    let months = |x: &Expr| matches!(&x.kind, ExprKind::Const(Value::Duration(d)) if d.months != 0);
    if (days(lhs) && months(rhs)) || (months(lhs) && days(rhs)) {
        out.push(CheckError::new(CheckErrorKind::MonthDayComparison, e.span));
    }
}

/// The entity of the first clause binding over facts that hold for a
/// period: two or more date fields, one of them optional (an end).
fn periodic_binding(program: &Program, c: &Clause) -> Option<String> {
    c.bindings.iter().find_map(|b| {
        let BindingSource::Each(ScanSource::Entity(id)) = &b.source else { return None };
        let entity = program.schema.entity(*id)?;
        let dates = entity.fields.iter().filter(|f| f.ty.required() == &Type::Date);
        let ends = entity.fields.iter().filter(|f| f.ty == Type::Optional(Box::new(Type::Date)));
        (dates.count() >= 2 && ends.count() >= 1).then(|| entity.name.clone())
    })
}

/// Whether the clause reads `as_of`, itself or through the definitions it
/// calls (parameters are left aside: a default reading `as_of` is rare). A
/// deadline (`due`) is judged against `as_of`, so it reads it.
fn reads_as_of(program: &Program, c: &Clause) -> bool {
    if c.due.is_some() {
        return true;
    }
    let mut seen = BTreeSet::new();
    let mut stack = roots(c);
    for b in &c.bindings {
        if let BindingSource::Each(ScanSource::List(e)) = &b.source {
            stack.push(e);
        }
    }
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::AsOf => return true,
            ExprKind::Call { def, .. } if seen.insert(*def) => {
                stack.extend(program.defs.get(*def).map(|d| &d.body));
            }
            _ => {}
        }
        stack.extend(crate::plan::scan::children_ref(e));
    }
    false
}
