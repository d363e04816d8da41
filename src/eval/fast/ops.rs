//! Operators on scalars: the interpreter's (`eval::ops`), with the common
//! cases (integers and dates compared, integers added, equality of one
//! kind) computed here without building values.

use super::scalar::Scalar;
use crate::ast::AggKind;
use crate::eval::ops;
use crate::plan::Op;

pub(super) fn present(s: Scalar<'_>) -> Option<Scalar<'_>> {
    if matches!(s, Scalar::Missing) { None } else { Some(s) }
}

/// The interpreter's operators; integers and dates, the common case, are
/// compared and added here without building values.
pub(super) fn apply<'a>(op: Op, l: Scalar<'a>, r: Scalar<'a>) -> Option<Scalar<'a>> {
    use Scalar::{Bool, Date, Int};
    match (op, l, r) {
        (Op::Lt, Int(a), Int(b)) => Some(Bool(a < b)),
        (Op::Le, Int(a), Int(b)) => Some(Bool(a <= b)),
        (Op::Gt, Int(a), Int(b)) => Some(Bool(a > b)),
        (Op::Ge, Int(a), Int(b)) => Some(Bool(a >= b)),
        (Op::Lt, Date(a), Date(b)) => Some(Bool(a < b)),
        (Op::Le, Date(a), Date(b)) => Some(Bool(a <= b)),
        (Op::Gt, Date(a), Date(b)) => Some(Bool(a > b)),
        (Op::Ge, Date(a), Date(b)) => Some(Bool(a >= b)),
        (Op::Add, Int(a), Int(b)) => a.checked_add(b).map(Int),
        (Op::Add, Date(d), Scalar::Duration(x)) => crate::calendar::add(d, x).map(Date),
        (Op::Sub, Int(a), Int(b)) => a.checked_sub(b).map(Int),
        (Op::Eq | Op::Ne, _, _) if same_kind_exact(l, r) => Some(Bool((l == r) == (op == Op::Eq))),
        _ => Scalar::of_owned(&ops::apply(op, &l.value(), &r.value()).ok()?),
    }
}

/// Operands whose structural equality is the interpreter's `==`: the same
/// kind, and not decimals (which compare by value, and with integers).
fn same_kind_exact(l: Scalar<'_>, r: Scalar<'_>) -> bool {
    std::mem::discriminant(&l) == std::mem::discriminant(&r) && !matches!(l, Scalar::Decimal(_))
}

pub(super) fn combine<'a>(kind: AggKind, a: Scalar<'a>, b: Scalar<'a>) -> Option<Scalar<'a>> {
    match (kind, a, b) {
        (AggKind::Sum, Scalar::Int(x), Scalar::Int(y)) => x.checked_add(y).map(Scalar::Int),
        (AggKind::Sum, _, _) => Scalar::of_owned(&ops::sum(&a.value(), &b.value())?),
        (AggKind::Min | AggKind::Max, _, _) => {
            let wanted =
                if matches!(kind, AggKind::Min) { std::cmp::Ordering::Less } else { std::cmp::Ordering::Greater };
            let ord = ops::compare(&b.value(), &a.value())?;
            Some(if ord == wanted { b } else { a })
        }
    }
}
