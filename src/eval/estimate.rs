//! Operators on estimates: ranges of numbers or dates (`480..500`,
//! `2021-11`). Interval arithmetic, as the field reads evidence: a
//! comparison is decided when it comes out the same at every point of the
//! ranges, and unknown otherwise; arithmetic gives the range of every
//! result. A plain value is the range of one point.
//!
//! Every operator the rule language has on numbers and dates is monotone
//! in each operand (or, for `*` and `/`, takes its extremes at the
//! corners), so the ends of the ranges decide: no point inside needs
//! looking at.

use std::cmp::Ordering;

use super::ops;
use crate::plan::{Builtin, Op};
use crate::value::{Estimate, Value};

/// `op` applied where an operand is an estimate; `None` when neither is,
/// so that the plain operators apply.
pub(super) fn apply(op: Op, l: &Value, r: &Value) -> Option<Result<Value, String>> {
    if !matches!(l, Value::Estimate(_)) && !matches!(r, Value::Estimate(_)) {
        return None;
    }
    let (a, b) = (ends(l), ends(r));
    Some(match op {
        Op::Eq | Op::Ne => equal(l, r, a, b).map(|eq| Value::Bool(eq == (op == Op::Eq))),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => order(op, l, r, a, b),
        Op::Add => both(op, (a.0, b.0), (a.1, b.1)),
        // `l - r` is least at `l`'s low end and `r`'s high end.
        Op::Sub => both(op, (a.0, b.1), (a.1, b.0)),
        Op::Mul | Op::Div => corners(op, l, r, a, b),
        Op::In | Op::NotIn => Err(depends(l, op, r)),
        Op::And | Op::Or | Op::Implies | Op::Coalesce => Err("internal: logical operator in arithmetic".into()),
    })
}

/// `-x`: the range reversed.
pub(super) fn negate(v: &Value) -> Option<Value> {
    let Value::Estimate(e) = v else { return ops::negate(v) };
    let declared = match &e.declared {
        Some(d) => Some(ops::negate(d)?),
        None => None,
    };
    Some(Estimate::value(ops::negate(&e.high)?, ops::negate(&e.low)?, declared))
}

/// The least and greatest of two values, estimates or not (for `min`
/// and `max` over many).
pub(super) fn least(a: &Value, b: &Value) -> Option<Value> {
    pick(a, b, Ordering::Less)
}

pub(super) fn greatest(a: &Value, b: &Value) -> Option<Value> {
    pick(a, b, Ordering::Greater)
}

fn pick(a: &Value, b: &Value, wanted: Ordering) -> Option<Value> {
    let ((al, ah), (bl, bh)) = (ends(a), ends(b));
    let one = |x: &Value, y: &Value| if ops::compare(y, x)? == wanted { Some(y.clone()) } else { Some(x.clone()) };
    Some(Estimate::value(one(al, bl)?, one(ah, bh)?, None))
}

/// A built-in applied where an argument is an estimate; `None` when none
/// is. `year` follows the range's ends; the rest cannot say more than
/// "unknown" of a range.
pub(super) fn builtin(func: Builtin, values: &[Value]) -> Option<Result<Value, String>> {
    let estimate = values.iter().find_map(|v| if let Value::Estimate(e) = v { Some(e) } else { None })?;
    Some(match (func, values) {
        (Builtin::Low, _) => Ok(estimate.low.clone()),
        (Builtin::High, _) => Ok(estimate.high.clone()),
        // Where no figure is declared, the estimate is all there is.
        (Builtin::Declared, _) => Ok(estimate.declared.clone().unwrap_or_else(|| Value::Estimate(estimate.clone()))),
        (Builtin::Year, [Value::Estimate(e)]) => match (&e.low, &e.high) {
            (Value::Date(lo), Value::Date(hi)) => {
                Ok(Estimate::value(Value::Int(i64::from(lo.year())), Value::Int(i64::from(hi.year())), None))
            }
            _ => Err("internal: `year` of a range that is not of dates".into()),
        },
        _ => Err(format!("depends on the estimate {}: not decided over a range", Value::Estimate(estimate.clone()))),
    })
}

/// The ends of a range; a plain value is both.
fn ends(v: &Value) -> (&Value, &Value) {
    match v {
        Value::Estimate(e) => (&e.low, &e.high),
        v => (v, v),
    }
}

/// Equal for sure (two points), unequal for sure (ranges apart), or not
/// known.
fn equal(l: &Value, r: &Value, (al, ah): (&Value, &Value), (bl, bh): (&Value, &Value)) -> Result<bool, String> {
    let apart = ops::compare(ah, bl) == Some(Ordering::Less) || ops::compare(bh, al) == Some(Ordering::Less);
    if apart { Ok(false) } else { Err(depends(l, Op::Eq, r)) }
}

fn order(
    op: Op,
    l: &Value,
    r: &Value,
    (al, ah): (&Value, &Value),
    (bl, bh): (&Value, &Value),
) -> Result<Value, String> {
    // `l < r` is likeliest with `l` low and `r` high, and least likely the
    // other way round (the same for `<=`; `>`, `>=` the reverse): if both
    // corners agree, every point does.
    let most = ops::apply(op, al, bh)?;
    let least = ops::apply(op, ah, bl)?;
    if most == least {
        return Ok(most);
    }
    // Where one side is a range, say what each of its ends gives.
    let (at_low, at_high, low, high) = match (l, r) {
        (Value::Estimate(_), Value::Estimate(_)) => return Err(depends(l, op, r)),
        (Value::Estimate(e), _) => (ops::apply(op, &e.low, r)?, ops::apply(op, &e.high, r)?, &e.low, &e.high),
        (_, Value::Estimate(e)) => (ops::apply(op, l, &e.low)?, ops::apply(op, l, &e.high)?, &e.low, &e.high),
        _ => return Err(depends(l, op, r)),
    };
    if *high == Value::Int(i64::MAX) {
        return Err(format!(
            "depends on facts the scenario does not record completely: `{l} {} {r}` is {at_low} with the {low} \
             recorded, {at_high} with more",
            op.symbol()
        ));
    }
    Err(format!("depends on the estimate: `{l} {} {r}` is {at_low} at {low} and {at_high} at {high}", op.symbol()))
}

/// The range of `op` between the low ends and between the high ends.
fn both(op: Op, low: (&Value, &Value), high: (&Value, &Value)) -> Result<Value, String> {
    let lo = ops::apply(op, low.0, low.1)?;
    let hi = ops::apply(op, high.0, high.1)?;
    Ok(Estimate::value(lo, hi, None))
}

/// `*` and `/`: the least and greatest of the four corners. A divisor
/// range holding zero has no bounded result.
fn corners(
    op: Op,
    l: &Value,
    r: &Value,
    (al, ah): (&Value, &Value),
    (bl, bh): (&Value, &Value),
) -> Result<Value, String> {
    if op == Op::Div && !positive_or_negative(bl, bh) {
        return Err(depends(l, op, r));
    }
    let mut all = Vec::with_capacity(4);
    for (x, y) in [(al, bl), (al, bh), (ah, bl), (ah, bh)] {
        all.push(ops::apply(op, x, y)?);
    }
    let mut lo = all[0].clone();
    let mut hi = all[0].clone();
    for v in &all[1..] {
        if ops::compare(v, &lo) == Some(Ordering::Less) {
            lo = v.clone();
        }
        if ops::compare(v, &hi) == Some(Ordering::Greater) {
            hi = v.clone();
        }
    }
    Ok(Estimate::value(lo, hi, None))
}

fn positive_or_negative(lo: &Value, hi: &Value) -> bool {
    let zero = Value::Int(0);
    ops::compare(lo, &zero) == Some(Ordering::Greater) || ops::compare(hi, &zero) == Some(Ordering::Less)
}

/// Why a comparison with an estimate is unknown.
fn depends(l: &Value, op: Op, r: &Value) -> String {
    format!("depends on the estimate: `{l} {} {r}` holds at one end of the range and not at the other", op.symbol())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn range(lo: i64, hi: i64) -> Value {
        Estimate::value(Value::Int(lo), Value::Int(hi), None)
    }

    #[test]
    fn a_comparison_is_decided_only_when_the_whole_range_agrees() {
        let at = |op, l: &Value, r: &Value| apply(op, l, r).unwrap();
        assert_eq!(at(Op::Ge, &range(480, 500), &Value::Int(400)), Ok(Value::Bool(true)));
        assert_eq!(at(Op::Ge, &range(480, 500), &Value::Int(501)), Ok(Value::Bool(false)));
        assert!(at(Op::Ge, &range(480, 500), &Value::Int(500)).is_err());
        assert_eq!(at(Op::Lt, &range(1, 2), &range(3, 4)), Ok(Value::Bool(true)));
        assert!(at(Op::Lt, &range(1, 3), &range(3, 4)).is_err());
        assert_eq!(at(Op::Eq, &range(1, 2), &Value::Int(5)), Ok(Value::Bool(false)));
        assert!(at(Op::Ne, &range(1, 9), &Value::Int(5)).is_err());
        assert_eq!(apply(Op::Lt, &Value::Int(1), &Value::Int(2)), None);
    }

    #[test]
    fn arithmetic_gives_the_range_of_every_result() {
        let at = |op, l: &Value, r: &Value| apply(op, l, r).unwrap().unwrap();
        assert_eq!(at(Op::Add, &range(1, 2), &range(10, 20)), range(11, 22));
        assert_eq!(at(Op::Sub, &range(10, 20), &range(1, 2)), range(8, 19));
        assert_eq!(at(Op::Mul, &range(-2, 3), &Value::Int(-4)), range(-12, 8));
        assert!(apply(Op::Div, &Value::Int(10), &range(-1, 1)).unwrap().is_err());
        assert_eq!(negate(&range(1, 5)), Some(range(-5, -1)));
        assert_eq!(least(&range(1, 5), &Value::Int(3)), Some(range(1, 3)));
        assert_eq!(greatest(&range(1, 5), &Value::Int(3)), Some(range(3, 5)));
    }
}
