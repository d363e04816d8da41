//! Checking a grouping binding (`(k, …) in group m: T where c by (key, …)`)
//! into a [`plan::Group`]: the members become a comprehension the planner
//! treats like any other, the key is typed with a member bound, and after
//! it the key's names and the member's name (now the group's members, a
//! list) are bound for the rest of the clause.

use super::error::CheckErrorKind;
use super::expr::{self, binding_source, check, expect};
use super::names::NameKind;
use super::scope::{Checker, Scope};
use crate::ast::{self, QuantKind};
use crate::plan::{self, Expr, ExprKind, Scan};
use crate::schema::Type;

/// Checks `g` in the clause scope `sc`; returns the group and the slot of
/// its first key (the binding's slot).
pub(super) fn group(cx: &mut Checker<'_>, sc: &mut Scope, g: &ast::GroupBy) -> (plan::Group, usize) {
    let member = &g.member;
    let (source, elem) = binding_source(cx, sc, member);
    let slot = expr::bind(cx, sc, &member.var, elem.clone(), NameKind::Local);
    let cond = g.filter.as_ref().map(|c| Box::new(expect(cx, sc, c, &Type::Bool)));
    let keys: Vec<Expr> = g.keys.iter().map(|k| check(cx, sc, k)).collect();
    sc.pop();
    if g.names.len() != keys.len() {
        let span = g.names.first().map_or(member.span, |n| n.span);
        cx.error(CheckErrorKind::GroupKeys { names: g.names.len(), keys: keys.len() }, span);
    }
    let key_slots: Vec<usize> = g
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            // A member whose key is missing joins no group by it, so a bound
            // key is always present.
            let ty = keys.get(i).map_or(Type::Any, |k| k.ty.required().clone());
            expr::bind(cx, sc, name, ty, NameKind::Local)
        })
        .collect();
    let list_slot = expr::bind(cx, sc, &member.var, Type::List(Box::new(elem.clone())), NameKind::Local);
    let scan = Scan {
        var: member.var.name.clone(),
        slot,
        source,
        cond,
        value: None,
        hoisted: Vec::new(),
        index: None,
        residual: None,
        memo: false,
        id: cx.next_scan_id(),
    };
    let members = Expr {
        kind: ExprKind::Quant { kind: QuantKind::Collect, scan: Box::new(scan) },
        ty: Type::List(Box::new(elem)),
        span: member.span,
    };
    let first = key_slots.first().copied().unwrap_or(list_slot);
    let key_spans = g.names.iter().map(|n| n.span).collect();
    (plan::Group { members, keys, key_slots, key_spans, list_slot }, first)
}
