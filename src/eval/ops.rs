//! Operators on present values. The checker has matched operand types;
//! what remains are run-time failures (overflow, division by zero, months
//! compared with days), reported as reasons.

use std::cmp::Ordering;

use crate::calendar::{self, Duration};
use crate::plan::Op;
use crate::value::Value;

pub(super) fn apply(op: Op, l: &Value, r: &Value) -> Result<Value, String> {
    if let Some(ranged) = super::estimate::apply(op, l, r) {
        return ranged;
    }
    match op {
        Op::Eq => Ok(Value::Bool(equal(l, r))),
        Op::Ne => Ok(Value::Bool(!equal(l, r))),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => {
            let ord = compare(l, r).ok_or_else(|| format!("`{l}` and `{r}` cannot be ordered"))?;
            Ok(Value::Bool(match op {
                Op::Lt => ord == Ordering::Less,
                Op::Le => ord != Ordering::Greater,
                Op::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            }))
        }
        Op::In | Op::NotIn => match r {
            Value::List(items) => Ok(Value::Bool(items.iter().any(|x| equal(l, x)) == (op == Op::In))),
            _ => Err("`in` needs a list on its right".into()),
        },
        Op::Add => add(l, r),
        Op::Sub => sub(l, r),
        Op::Mul => mul(l, r),
        Op::Div => div(l, r),
        Op::And | Op::Or | Op::Implies | Op::Coalesce => Err("internal: logical operator in arithmetic".into()),
    }
}

/// Equality with ints and decimals compared as numbers.
pub(super) fn equal(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Int(a), Value::Decimal(b)) | (Value::Decimal(b), Value::Int(a)) => (*a as f64) == *b,
        _ => l == r,
    }
}

pub(super) fn compare(l: &Value, r: &Value) -> Option<Ordering> {
    l.compare(r)
}

/// Bounds on what `+` may build. Definitions that add a value to itself
/// (`def b = a + a`, `def c = b + b`, …) double it at each step: without a
/// bound, ten such lines exhaust memory long before any step budget ends.
/// Both are far above what a list of facts or a message needs.
pub const MAX_LIST_ITEMS: usize = 10_000_000;
pub const MAX_TEXT_BYTES: usize = 16 << 20;

fn overflow() -> String {
    "arithmetic overflow".to_string()
}

fn add(l: &Value, r: &Value) -> Result<Value, String> {
    match (l, r) {
        (Value::Int(a), Value::Int(b)) => a.checked_add(*b).map(Value::Int).ok_or_else(overflow),
        (Value::Date(d), Value::Duration(x)) | (Value::Duration(x), Value::Date(d)) => {
            calendar::add(*d, *x).map(Value::Date).ok_or_else(|| "date out of range".into())
        }
        (Value::Duration(a), Value::Duration(b)) => a.checked_add(*b).map(Value::Duration).ok_or_else(overflow),
        (Value::Distance(a), Value::Distance(b)) => distance(a + b),
        (Value::Text(a), Value::Text(b)) if a.len() + b.len() > MAX_TEXT_BYTES => {
            Err(format!("text longer than {MAX_TEXT_BYTES} bytes"))
        }
        (Value::Text(a), Value::Text(b)) => Ok(Value::text(&format!("{a}{b}"))),
        (Value::List(a), Value::List(b)) if a.len() + b.len() > MAX_LIST_ITEMS => {
            Err(format!("list longer than {MAX_LIST_ITEMS} items"))
        }
        (Value::List(a), Value::List(b)) => Ok(Value::list(a.iter().chain(b.iter()).cloned().collect())),
        _ => decimal(l, r, |a, b| a + b),
    }
}

fn sub(l: &Value, r: &Value) -> Result<Value, String> {
    match (l, r) {
        (Value::Int(a), Value::Int(b)) => a.checked_sub(*b).map(Value::Int).ok_or_else(overflow),
        (Value::Date(d), Value::Duration(x)) => {
            calendar::add(*d, x.negate()).map(Value::Date).ok_or_else(|| "date out of range".into())
        }
        (Value::Date(a), Value::Date(b)) => {
            calendar::days_between(*b, *a).map(|d| Value::Duration(Duration::days(d))).ok_or_else(overflow)
        }
        (Value::Duration(a), Value::Duration(b)) => a.checked_add(b.negate()).map(Value::Duration).ok_or_else(overflow),
        (Value::Distance(a), Value::Distance(b)) => distance(a - b),
        _ => decimal(l, r, |a, b| a - b),
    }
}

fn mul(l: &Value, r: &Value) -> Result<Value, String> {
    match (l, r) {
        (Value::Int(a), Value::Int(b)) => a.checked_mul(*b).map(Value::Int).ok_or_else(overflow),
        (Value::Duration(d), Value::Int(n)) | (Value::Int(n), Value::Duration(d)) => {
            let n = i32::try_from(*n).map_err(|_| overflow())?;
            let months = d.months.checked_mul(n).ok_or_else(overflow)?;
            let days = d.days.checked_mul(n).ok_or_else(overflow)?;
            Ok(Value::Duration(Duration { months, days }))
        }
        (Value::Distance(km), n) | (n, Value::Distance(km)) => {
            distance(km * as_f64(n).ok_or("a distance times a number")?)
        }
        _ => decimal(l, r, |a, b| a * b),
    }
}

fn div(l: &Value, r: &Value) -> Result<Value, String> {
    let divisor = match r {
        Value::Distance(km) => *km,
        r => as_f64(r).ok_or("division needs numbers")?,
    };
    if divisor == 0.0 {
        return Err("division by zero".into());
    }
    match (l, r) {
        (Value::Distance(a), Value::Distance(_)) => {
            decimal(&Value::Decimal(*a), &Value::Decimal(divisor), |a, b| a / b)
        }
        (Value::Distance(a), _) => distance(a / divisor),
        _ => decimal(l, r, |a, b| a / b),
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(n) => Some(*n as f64),
        Value::Decimal(x) => Some(*x),
        _ => None,
    }
}

/// A distance computed, unless it overflowed.
fn distance(km: f64) -> Result<Value, String> {
    if km.is_finite() { Ok(Value::Distance(km)) } else { Err(overflow()) }
}

fn decimal(l: &Value, r: &Value, f: impl Fn(f64, f64) -> f64) -> Result<Value, String> {
    match (as_f64(l), as_f64(r)) {
        (Some(a), Some(b)) => {
            let x = f(a, b);
            if x.is_finite() { Ok(Value::Decimal(x)) } else { Err(overflow()) }
        }
        _ => Err(format!("`{l}` and `{r}` are not numbers")),
    }
}

pub(super) fn negate(v: &Value) -> Option<Value> {
    match v {
        Value::Int(n) => n.checked_neg().map(Value::Int),
        Value::Decimal(x) => Some(Value::Decimal(-x)),
        Value::Duration(d) => Some(Value::Duration(d.negate())),
        Value::Distance(km) => Some(Value::Distance(-km)),
        _ => None,
    }
}

/// `a + b` for sums; `None` on overflow or mismatched kinds.
pub(super) fn sum(a: &Value, b: &Value) -> Option<Value> {
    apply(Op::Add, a, b).ok()
}
