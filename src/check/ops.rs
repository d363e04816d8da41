//! Typing of binary operators.

use super::error::CheckErrorKind;
use super::expr::{fits, reject_none};
use super::scope::Checker;
use crate::ast::BinOp;
use crate::plan::{Expr, ExprKind};
use crate::schema::Type;
use crate::span::Span;

pub(super) fn binary(cx: &mut Checker<'_>, op: BinOp, lhs: Expr, rhs: Expr, span: Span) -> Expr {
    if matches!(op, BinOp::And | BinOp::Or | BinOp::Implies) {
        return logical(cx, op, lhs, rhs, span);
    }
    // `x == none`, `x + none`: the result could only be unknown (`has`
    // asks whether a field is present; `??` gives a fallback).
    if op != BinOp::Coalesce && (reject_none(cx, &lhs, rhs.ty.required()) | reject_none(cx, &rhs, lhs.ty.required())) {
        let kind = ExprKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) };
        return Expr { kind, ty: Type::Any, span };
    }
    let ty = match result_type(op, &lhs.ty, &rhs.ty) {
        Some(t) => t,
        None => {
            let (l, r) = (cx.shown(&lhs.ty), cx.shown(&rhs.ty));
            cx.error(CheckErrorKind::BadOperands { op, lhs: l, rhs: r }, span);
            Type::Any
        }
    };
    let kind = ExprKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) };
    Expr { kind, ty, span }
}

/// `and`, `or`, `implies`: each operand must be a condition; a wrong one is
/// reported on its own, whatever the other.
fn logical(cx: &mut Checker<'_>, op: BinOp, lhs: Expr, rhs: Expr, span: Span) -> Expr {
    for side in [&lhs, &rhs] {
        if !reject_none(cx, side, &Type::Bool) && !fits(&side.ty, &Type::Bool) {
            cx.mismatch(&Type::Bool, &side.ty, side.span);
        }
    }
    let kind = ExprKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) };
    Expr { kind, ty: Type::Bool, span }
}

fn numeric(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Decimal)
}

/// The result type of `l op r`, or `None` when the operator does not apply.
fn result_type(op: BinOp, l: &Type, r: &Type) -> Option<Type> {
    let optional = matches!(l, Type::Optional(_)) || matches!(r, Type::Optional(_));
    let r_opt = r;
    let (l, r) = (l.required(), r.required());
    if matches!(l, Type::Any) || matches!(r, Type::Any) {
        return Some(match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Coalesce => Type::Any,
            _ => Type::Bool,
        });
    }
    use Type::*;
    let t = match op {
        BinOp::Implies | BinOp::Or | BinOp::And => (l == &Bool && r == &Bool).then_some(Bool)?,
        BinOp::Eq | BinOp::Ne => (fits(l, r) || fits(r, l)).then_some(Bool)?,
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let ordered = (numeric(l) && numeric(r)) || (l == r && matches!(l, Date | Duration | Distance | Text));
            ordered.then_some(Bool)?
        }
        BinOp::In | BinOp::NotIn => match r {
            List(elem) if fits(l, elem) || fits(elem, l) => Bool,
            _ => return None,
        },
        // `a ?? b` is missing only when both may be.
        BinOp::Coalesce => {
            let joined = super::expr::join(l, r)?;
            return Some(if matches!(r_opt, Type::Optional(_)) { Type::Optional(Box::new(joined)) } else { joined });
        }
        BinOp::Add => match (l, r) {
            (Int, Int) => Int,
            (a, b) if numeric(a) && numeric(b) => Decimal,
            (Date, Duration) | (Duration, Date) => Date,
            (Duration, Duration) => Duration,
            (Distance, Distance) => Distance,
            (Text, Text) => Text,
            (List(a), List(b)) if fits(a, b) || fits(b, a) => List(if **a == Any { b.clone() } else { a.clone() }),
            _ => return None,
        },
        BinOp::Sub => match (l, r) {
            (Int, Int) => Int,
            (a, b) if numeric(a) && numeric(b) => Decimal,
            (Date, Duration) => Date,
            (Date, Date) | (Duration, Duration) => Duration,
            (Distance, Distance) => Distance,
            _ => return None,
        },
        BinOp::Mul => match (l, r) {
            (Int, Int) => Int,
            (a, b) if numeric(a) && numeric(b) => Decimal,
            (Duration, Int) | (Int, Duration) => Duration,
            (Distance, n) | (n, Distance) if numeric(n) => Distance,
            _ => return None,
        },
        // `range / 1 km`: a distance in a unit, as a number.
        BinOp::Div => match (l, r) {
            (Distance, Distance) => Decimal,
            (Distance, n) if numeric(n) => Distance,
            (a, b) if numeric(a) && numeric(b) => Decimal,
            _ => return None,
        },
    };
    // Arithmetic on a value that may be missing may be missing too.
    let arithmetic = matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div);
    Some(if optional && arithmetic { Optional(Box::new(t)) } else { t })
}
