//! Runtime values: what scenario facts hold and what expressions compute.
//! Values are cheap to clone (strings, lists and geometries are shared) and
//! hashable, so that joins can index on any field.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

pub use arcstr::ArcStr;

use crate::calendar::{Date, Duration};

/// Identifies a declared entity type (index into `Schema::entities`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);
/// Identifies a declared record type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(pub u32);
/// Identifies a declared enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub u32);

/// A fact: the entity type and its row in that type's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactRef {
    pub entity: EntityId,
    pub row: u32,
}

/// A position on the globe, in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

/// An area: one or more polygons in (lon, lat) degrees, indexed on use.
pub type Geometry = crate::area::Area;

#[derive(Debug, Clone)]
pub enum Value {
    /// An optional field that is absent.
    Missing,
    /// A value that is not known: reading it makes a verdict
    /// indeterminate. `None`: the scenario says so (`unknown`, or `~` in a
    /// required field); `Some(id)`: a reference to the fact `id`, left out
    /// for its confidence (`--min-confidence`).
    Unknown(Option<ArcStr>),
    /// A number or date known to lie in a range (`480..500`, `2021-11`),
    /// with the figure declared, if one was. Never a one-point range: that
    /// is the plain value.
    Estimate(Arc<Estimate>),
    /// A value that changes over time (`{1997-05-27: 0, 2017: 1100}`): a
    /// field holding one is read as of the evaluation date.
    Series(Arc<Series>),
    Bool(bool),
    Int(i64),
    Decimal(f64),
    Text(ArcStr),
    Date(Date),
    Duration(Duration),
    /// A length in kilometres (`crate::units`).
    Distance(f64),
    /// Shared, as a point takes two words of its own.
    Point(Arc<Point>),
    Geometry(Arc<Geometry>),
    Enum(EnumId, u32),
    Fact(FactRef),
    List(Items),
    /// Field values of a record, in declaration order.
    Record(Items),
}

/// The items of a list or the fields of a record, shared. A thin pointer
/// (an `Arc<[Value]>` takes two words), so that a value takes two words:
/// a table of a million facts holds millions of them.
pub type Items = Arc<Box<[Value]>>;

/// Values from dates on: each point holds from its date to the next.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Series {
    /// By date, ascending, one point a date.
    pub points: Vec<(Date, Value)>,
}

impl Series {
    /// The value on `date`: the last point at or before it.
    pub fn at(&self, date: Date) -> Option<&Value> {
        let i = self.points.partition_point(|(d, _)| *d <= date);
        i.checked_sub(1).and_then(|i| self.points.get(i)).map(|(_, v)| v)
    }
}

/// A range of ints, decimals or dates, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Estimate {
    pub low: Value,
    pub high: Value,
    /// The figure its owner declares, where sources disagree with it.
    pub declared: Option<Value>,
}

impl Estimate {
    /// The value for `low..=high`: the plain value when they are one.
    pub fn value(low: Value, high: Value, declared: Option<Value>) -> Value {
        if low == high && declared.as_ref().is_none_or(|d| *d == low) {
            low
        } else {
            Value::Estimate(Arc::new(Estimate { low, high, declared }))
        }
    }
}

impl Value {
    pub fn text(s: &str) -> Value {
        Value::Text(ArcStr::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items.into_boxed_slice()))
    }

    pub fn as_bool(&self) -> Option<bool> {
        if let Value::Bool(b) = self { Some(*b) } else { None }
    }

    pub fn as_fact(&self) -> Option<FactRef> {
        if let Value::Fact(f) = self { Some(*f) } else { None }
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }

    /// The order of two plain values of one kind (ints and decimals
    /// together); `None` for others, and for months against days.
    pub fn compare(&self, other: &Value) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
            (Value::Int(a), Value::Decimal(b)) => (*a as f64).partial_cmp(b),
            (Value::Decimal(a), Value::Int(b)) => a.partial_cmp(&(*b as f64)),
            (Value::Decimal(a), Value::Decimal(b)) => a.partial_cmp(b),
            (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
            (Value::Duration(a), Value::Duration(b)) => a.compare(*b),
            (Value::Distance(a), Value::Distance(b)) => a.partial_cmp(b),
            (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// Whether this is one known value: not missing, unknown or a range.
    /// Only such values key an index or a column.
    pub fn is_plain(&self) -> bool {
        !matches!(self, Value::Missing | Value::Unknown(_) | Value::Estimate(_) | Value::Series(_))
    }
}

/// Structural equality; decimals compare by value (and `Int(2) != Decimal(2.0)`,
/// the checker never lets the two meet without conversion).
impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        use Value::*;
        match (self, other) {
            (Missing, Missing) => true,
            (Unknown(a), Unknown(b)) => a == b,
            (Estimate(a), Estimate(b)) => a == b,
            (Series(a), Series(b)) => a == b,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Decimal(a), Decimal(b)) => a == b,
            (Text(a), Text(b)) => a == b,
            (Date(a), Date(b)) => a == b,
            (Duration(a), Duration(b)) => a == b,
            (Distance(a), Distance(b)) => a == b,
            (Point(a), Point(b)) => a == b,
            (Geometry(a), Geometry(b)) => Arc::ptr_eq(a, b) || a == b,
            (Enum(a, x), Enum(b, y)) => a == b && x == y,
            (Fact(a), Fact(b)) => a == b,
            (List(a), List(b)) | (Record(a), Record(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Value::Missing => {}
            Value::Unknown(why) => why.hash(state),
            Value::Estimate(e) => e.hash(state),
            Value::Series(s) => s.hash(state),
            Value::Bool(b) => b.hash(state),
            Value::Int(n) => n.hash(state),
            Value::Decimal(x) => canonical_bits(*x).hash(state),
            Value::Text(s) => s.hash(state),
            Value::Date(d) => d.hash(state),
            Value::Duration(d) => d.hash(state),
            Value::Distance(x) => canonical_bits(*x).hash(state),
            Value::Point(p) => (canonical_bits(p.lat), canonical_bits(p.lon)).hash(state),
            Value::Geometry(g) => g.shape().0.len().hash(state),
            Value::Enum(e, v) => (e, v).hash(state),
            Value::Fact(f) => f.hash(state),
            Value::List(items) | Value::Record(items) => items.hash(state),
        }
    }
}

/// `0.0` and `-0.0` are equal, so they must hash alike.
fn canonical_bits(x: f64) -> u64 {
    if x == 0.0 { 0 } else { x.to_bits() }
}

/// How a value prints in messages when no schema is at hand (facts print as
/// their row; the evaluator prints them by id).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Missing => f.write_str("(missing)"),
            Value::Unknown(_) => f.write_str("unknown"),
            Value::Series(s) => {
                f.write_str("{")?;
                for (i, (d, v)) in s.points.iter().enumerate() {
                    write!(f, "{}{d}: {v}", if i > 0 { ", " } else { "" })?;
                }
                f.write_str("}")
            }
            // A count over facts not all recorded has no upper end.
            Value::Estimate(e) if e.high == Value::Int(i64::MAX) => write!(f, "{} or more", e.low),
            Value::Estimate(e) => {
                write!(f, "{}..{}", e.low, e.high)?;
                match &e.declared {
                    Some(d) => write!(f, " (declared {d})"),
                    None => Ok(()),
                }
            }
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Decimal(x) => write!(f, "{}", format_decimal(*x)),
            Value::Text(s) => f.write_str(s),
            Value::Date(d) => write!(f, "{d}"),
            Value::Duration(d) => write!(f, "{d}"),
            Value::Distance(km) => write!(f, "{} km", format_decimal(*km)),
            Value::Point(p) => write!(f, "({}, {})", format_decimal(p.lat), format_decimal(p.lon)),
            Value::Geometry(g) => write!(f, "(area of {} polygons)", g.shape().0.len()),
            Value::Enum(_, v) => write!(f, "#{v}"),
            Value::Fact(r) => write!(f, "#{}", r.row),
            Value::List(items) | Value::Record(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// Decimals print with at most 3 decimals and no trailing zeros, so output
/// does not depend on float formatting noise.
pub fn format_decimal(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_string() } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of values are scanned by the million: a new variant must not
    /// make every value larger.
    #[test]
    fn a_value_takes_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }
}
