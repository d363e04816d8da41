//! The values the compiled path computes with: the copyable kinds of
//! [`Value`], so that a node returns in registers and nothing is cloned or
//! dropped. Texts are borrowed from the facts and the program, which outlive
//! the run; lists, records, points and areas stay with the interpreter.

use std::hash::{Hash, Hasher};

use crate::calendar::{Date, Duration};
use crate::scenario::{Column, ColumnData, date_of_code};
use crate::schema::Type;
use crate::value::{EnumId, FactRef, Value};

#[derive(Debug, Clone, Copy)]
pub(super) enum Scalar<'a> {
    Missing,
    Text(&'a str),
    Bool(bool),
    Int(i64),
    Decimal(f64),
    Date(Date),
    Duration(Duration),
    Enum(EnumId, u32),
    Fact(FactRef),
}

impl<'a> Scalar<'a> {
    /// The scalar a value of the facts or the program holds; `None` for
    /// lists, records, points and areas.
    #[inline]
    pub fn of(v: &'a Value) -> Option<Scalar<'a>> {
        match v {
            Value::Text(t) => Some(Scalar::Text(t)),
            v => Scalar::of_owned(v),
        }
    }

    /// The scalar a value of a frame or the interpreter holds: a text is
    /// refused, since it does not outlive the run.
    #[inline]
    pub fn of_owned(v: &Value) -> Option<Scalar<'a>> {
        Some(match v {
            Value::Missing => Scalar::Missing,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Int(n) => Scalar::Int(*n),
            Value::Decimal(x) => Scalar::Decimal(*x),
            Value::Date(d) => Scalar::Date(*d),
            Value::Duration(d) => Scalar::Duration(*d),
            Value::Enum(e, v) => Scalar::Enum(*e, *v),
            Value::Fact(r) => Scalar::Fact(*r),
            // Unknowns and ranges are the interpreter's: the compiled path
            // hands them back.
            // Distances are rare in conditions: the interpreter's.
            Value::Text(_)
            | Value::Distance(_)
            | Value::Point(_)
            | Value::Geometry(_)
            | Value::List(_)
            | Value::Record(_)
            | Value::Unknown(_)
            | Value::Estimate(_)
            | Value::Series(_) => return None,
        })
    }

    /// The value at `row` of a typed column; `None` past its end.
    #[inline]
    pub fn of_column(c: &Column, row: u32) -> Option<Scalar<'a>> {
        if c.is_missing(row) {
            return Some(Scalar::Missing);
        }
        let i = row as usize;
        Some(match &c.data {
            ColumnData::Bool(v) => Scalar::Bool(*v.get(i)?),
            ColumnData::Int(v) => Scalar::Int(*v.get(i)?),
            ColumnData::Date(v) => Scalar::Date(date_of_code(*v.get(i)?)?),
            ColumnData::Fact(entity, v) => Scalar::Fact(FactRef { entity: *entity, row: *v.get(i)? }),
            ColumnData::Enum(e, v) => Scalar::Enum(*e, *v.get(i)?),
        })
    }

    pub fn value(self) -> Value {
        match self {
            Scalar::Missing => Value::Missing,
            Scalar::Text(t) => Value::text(t),
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Int(n) => Value::Int(n),
            Scalar::Decimal(x) => Value::Decimal(x),
            Scalar::Date(d) => Value::Date(d),
            Scalar::Duration(d) => Value::Duration(d),
            Scalar::Enum(e, v) => Value::Enum(e, v),
            Scalar::Fact(r) => Value::Fact(r),
        }
    }

    /// Whether values of this type are always scalars (or missing).
    pub fn holds(ty: &Type) -> bool {
        match ty {
            Type::Bool
            | Type::Text
            | Type::Int
            | Type::Decimal
            | Type::Date
            | Type::Duration
            | Type::Enum(_)
            | Type::Entity(_) => true,
            Type::Optional(inner) => Scalar::holds(inner),
            Type::Distance | Type::Point | Type::Geometry | Type::Record(_) | Type::List(_) | Type::Any => false,
        }
    }
}

/// Identity, not value equality: memo keys and index keys. Decimals compare
/// by their bits, finer than `==` (which makes `0.0` and `-0.0` one key), so
/// a shared entry always had exactly the same inputs.
impl PartialEq for Scalar<'_> {
    fn eq(&self, other: &Self) -> bool {
        use Scalar::*;
        match (self, other) {
            (Missing, Missing) => true,
            (Text(a), Text(b)) => a == b,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Decimal(a), Decimal(b)) => a.to_bits() == b.to_bits(),
            (Date(a), Date(b)) => a == b,
            (Duration(a), Duration(b)) => a == b,
            (Enum(a, x), Enum(b, y)) => a == b && x == y,
            (Fact(a), Fact(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Scalar<'_> {}

impl Hash for Scalar<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match *self {
            Scalar::Missing => state.write_u8(0),
            Scalar::Text(t) => t.hash(state),
            Scalar::Bool(b) => state.write_u64(1 << 56 | u64::from(b)),
            Scalar::Int(n) => state.write_u64(n as u64),
            Scalar::Decimal(x) => state.write_u64(x.to_bits()),
            Scalar::Date(d) => state.write_u64(3 << 56 | (i64::from(d.year()) as u64) << 16 | (d.day_of_year() as u64)),
            Scalar::Duration(d) => state.write_u64((i64::from(d.months) as u64) << 32 ^ (d.days as u32 as u64)),
            Scalar::Enum(e, v) => state.write_u64(u64::from(e.0) << 32 | u64::from(v)),
            Scalar::Fact(r) => state.write_u64(u64::from(r.entity.0) << 32 | u64::from(r.row)),
        }
    }
}
