//! Dates a rule computes: `entry_into_force + 7 years`, `e.start - 42 days`,
//! `as_of - 30 days`. A verdict can change on such a date as on a date
//! written in the facts, so the timeline evaluates on each of them too.
//!
//! Each `date ± duration` of the program whose duration is known before
//! evaluation (a literal, or a parameter) is shifted from the dates its
//! date side can take: a literal, a parameter's value, every value of a
//! fact field, or, for `as_of ± d`, every other date (a comparison of
//! `as_of - 30 days` with a fact's date changes 30 days after it). A date
//! side of any other shape adds nothing (documented in docs/cli.md).

use std::collections::BTreeSet;

use crate::calendar::{self, Date, Duration};
use crate::plan::{Expr, ExprKind, Op, Program};
use crate::scenario::Scenario;
use crate::schema::Type;
use crate::value::Value;

/// The dates `program` computes by shifting dates, given the parameters'
/// values and `known`, the dates found so far (facts, parameters, `as_of`).
pub(super) fn shifted(
    program: &Program,
    scenario: &Scenario,
    params: &[Option<Value>],
    known: &BTreeSet<Date>,
) -> BTreeSet<Date> {
    let mut out = BTreeSet::new();
    for e in roots(program) {
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            if let Some((base, shift)) = date_shift(e, params) {
                out.extend(moved(base, shift, scenario, params, known));
            }
            stack.extend(crate::plan::scan::children_ref(e));
        }
    }
    out
}

/// Every expression tree of the program: definitions, parameter defaults,
/// parties and each clause's parts.
fn roots(program: &Program) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = program.defs.iter().map(|d| &d.body).collect();
    out.extend(program.params.iter().map(|p| &p.default));
    out.extend(program.treaties.iter().filter_map(|t| t.parties.as_ref()));
    for c in &program.clauses {
        for b in &c.bindings {
            match &b.source {
                crate::plan::BindingSource::Each(crate::plan::ScanSource::List(e)) => out.push(e),
                crate::plan::BindingSource::Each(crate::plan::ScanSource::Entity(_)) => {}
                crate::plan::BindingSource::Group(g) => {
                    out.push(&g.members);
                    out.extend(&g.keys);
                }
            }
        }
        out.extend(c.filter.iter().chain(&c.ensure).chain(&c.due));
        out.extend(c.exceptions.iter().map(|x| &x.cond));
        out.extend(c.message.iter().filter_map(|p| match p {
            crate::plan::TemplatePart::Hole(e) => Some(e),
            crate::plan::TemplatePart::Text(_) => None,
        }));
    }
    out
}

/// `base + d`, `base - d` or `d + base` with a date result and a duration
/// known before evaluation: the date side and the signed shift.
fn date_shift<'e>(e: &'e Expr, params: &[Option<Value>]) -> Option<(&'e Expr, Duration)> {
    let ExprKind::Binary { op, lhs, rhs } = &e.kind else { return None };
    if e.ty.required() != &Type::Date {
        return None;
    }
    let (base, by, negate) = match (op, lhs.ty.required(), rhs.ty.required()) {
        (Op::Add, Type::Date, Type::Duration) => (&**lhs, &**rhs, false),
        (Op::Add, Type::Duration, Type::Date) => (&**rhs, &**lhs, false),
        (Op::Sub, Type::Date, Type::Duration) => (&**lhs, &**rhs, true),
        _ => return None,
    };
    let d = match known_value(by, params)? {
        Value::Duration(d) => d,
        _ => return None,
    };
    Some((base, if negate { d.negate() } else { d }))
}

fn known_value(e: &Expr, params: &[Option<Value>]) -> Option<Value> {
    match &e.kind {
        ExprKind::Const(v) => Some(v.clone()),
        ExprKind::Param(i) => params.get(*i).cloned().flatten(),
        _ => None,
    }
}

/// The dates on which `base + shift` meets a date it may be compared with:
/// `base`'s own dates shifted; for `as_of`, every known date shifted back
/// (`as_of - 30 days` reaches a fact's date 30 days after it).
fn moved(
    base: &Expr,
    shift: Duration,
    scenario: &Scenario,
    params: &[Option<Value>],
    known: &BTreeSet<Date>,
) -> Vec<Date> {
    let shifted =
        |dates: &mut dyn Iterator<Item = Date>, by: Duration| dates.filter_map(|d| calendar::add(d, by)).collect();
    match &base.kind {
        ExprKind::AsOf => shifted(&mut known.iter().copied(), shift.negate()),
        ExprKind::Hoisted { from, .. } => moved(from, shift, scenario, params, known),
        ExprKind::Binary { op: Op::Coalesce, lhs, rhs } => {
            let mut out = moved(lhs, shift, scenario, params, known);
            out.extend(moved(rhs, shift, scenario, params, known));
            out
        }
        ExprKind::Field { slot, entity: Some(entity), .. } => {
            let Some(table) = scenario.facts.table(*entity) else { return Vec::new() };
            let mut dates = BTreeSet::new();
            for row in 0..u32::try_from(table.len()).unwrap_or(u32::MAX) {
                if let Some(v) = table.fields(row).and_then(|f| f.get(*slot)) {
                    super::dates::collect(v, &mut dates);
                }
            }
            shifted(&mut dates.into_iter(), shift)
        }
        _ => match known_value(base, params) {
            Some(Value::Date(d)) => calendar::add(d, shift).into_iter().collect(),
            _ => Vec::new(),
        },
    }
}
