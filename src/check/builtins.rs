//! Built-in functions: names, arity and argument types.

use super::error::{CheckErrorKind, Expected, Found};
use super::expr::{error_expr, fits};
use super::scope::Checker;
use crate::ast::Ident;
use crate::plan::{Builtin, Expr, ExprKind};
use crate::schema::Type;
use crate::span::Span;

pub const NAMES: [&str; 13] = [
    "distance_km",
    "distance",
    "within",
    "len",
    "year",
    "days_between",
    "abs",
    "low",
    "high",
    "declared",
    "at",
    "undecided",
    "text",
];

pub(super) fn check(cx: &mut Checker<'_>, func: &Ident, args: Vec<Expr>, span: Span) -> Expr {
    use Type::*;
    let (builtin, params, ret): (Builtin, Vec<Vec<Type>>, Type) = match func.name.as_str() {
        "distance_km" => (Builtin::DistanceKm, vec![vec![Point], vec![Point, Geometry]], Decimal),
        "distance" => (Builtin::Distance, vec![vec![Point], vec![Point, Geometry]], Distance),
        "within" => (Builtin::Within, vec![vec![Point], vec![Geometry]], Bool),
        "len" => (Builtin::Len, vec![vec![List(Box::new(Any))]], Int),
        "year" => (Builtin::Year, vec![vec![Date]], Int),
        "days_between" => (Builtin::DaysBetween, vec![vec![Date], vec![Date]], Int),
        // Any value as a message shows it (`"range " + text(m.range_km)`).
        "text" => (Builtin::Text, vec![vec![Any]], Text),
        // A value a reading leaves open: unknown, with the reason given.
        "undecided" => (Builtin::Undecided, vec![vec![Text]], Any),
        "at" => {
            let ty = args.first().map_or(Any, |a| a.ty.clone());
            if !args.first().is_some_and(|a| matches!(a.kind, ExprKind::Field { .. })) {
                let kind = CheckErrorKind::TypeMismatch { expected: Expected::FieldAccess, found: Found::Expression };
                cx.error(kind, span);
            }
            (Builtin::At, vec![vec![Any], vec![Date]], ty)
        }
        "low" | "high" | "declared" => {
            let ty = args.first().map_or(Any, |a| a.ty.required().clone());
            let which = match func.name.as_str() {
                "low" => Builtin::Low,
                "high" => Builtin::High,
                _ => Builtin::Declared,
            };
            (which, vec![vec![Int, Decimal, Date]], ty)
        }
        _ => {
            let ty = args.first().map_or(Any, |a| a.ty.required().clone());
            (Builtin::Abs, vec![vec![Int, Decimal, Distance]], ty)
        }
    };
    if params.len() != args.len() {
        let kind = CheckErrorKind::Arity { name: func.name.clone(), expected: params.len(), found: args.len() };
        cx.error(kind, span);
        return error_expr(span);
    }
    for (arg, allowed) in args.iter().zip(&params) {
        if !allowed.iter().any(|t| fits(&arg.ty, t)) {
            let expected = Expected::Types(allowed.iter().map(|t| cx.shown(t)).collect());
            cx.mismatch_class(expected, &arg.ty, arg.span);
        }
    }
    Expr { kind: ExprKind::Builtin { func: builtin, args }, ty: ret, span }
}
