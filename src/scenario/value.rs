//! Reading one field value, directed by its schema [`Type`]: scalars are
//! checked and converted as they stream by, lists and records recurse, and
//! references become facts (or placeholders the resolver finishes).
//!
//! Each value is read in two steps because serde-saphyr reports a node's
//! location only after the node itself (see `position.rs`): the node is read
//! into a [`Raw`], then [`finish`] turns it into a [`Value`] with the
//! location at hand for errors.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess};

use super::ScenarioErrorKind;
use super::cx::Cx;
use super::estimate;
use super::fact::{self, Partial};
use super::geometry;
use super::node::{Node, NodeSeed, Shape};
use super::peek::{self, Kind, Peek};
use super::position::located;
use crate::calendar::Duration;
use crate::schema::Type;
use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::value::{EntityId, EnumId, Value};

/// A value as read, before its location is known.
pub(super) enum Raw {
    Value(Value),
    Null,
    /// A value of the wrong kind; says what was found.
    Wrong(String),
    /// A problem to report at the value.
    Bad(ScenarioErrorKind),
    /// A reference to a fact not read yet (a `Value::Text` placeholder).
    Pending(Value),
    Record(Partial),
}

/// A value read with its span; `None` when YAML said null (or nothing).
pub(super) struct Read {
    pub value: Option<Value>,
    pub span: Span,
}

/// Reads one value of type `ty`. `nested` says it sits in a list or record,
/// where only a recorded span can later locate a dangling reference.
pub(super) struct ValueSeed<'a, 's> {
    pub cx: &'a mut Cx<'s>,
    pub ty: &'a Type,
    pub nested: bool,
    /// The scalar seen after the key, for the fast path (`peek.rs`).
    pub peek: Option<Peek>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Read;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Read, D::Error> {
        let ValueSeed { cx, ty, nested, peek } = self;
        let text = cx.text();
        let (raw, span) = match peek {
            Some(Peek { start, kind: Kind::Text { quoted } }) if textual(ty) => {
                let (raw, end) = peek::read_text(d, TypedNode { cx: &mut *cx, ty }, text, start, quoted)?;
                (raw, cx.span_at(start, end))
            }
            Some(Peek { start, kind: Kind::Int { end } }) if *ty.required() == Type::Int => {
                let raw = peek::read_int(d, TypedNode { cx: &mut *cx, ty })?;
                (raw, cx.span_at(start, end))
            }
            _ => {
                let (raw, loc) = located(d, NodeSeed(TypedNode { cx: &mut *cx, ty }))?;
                let start = cx.span(&loc);
                (raw, cx.close(start))
            }
        };
        let value = finish(cx, ty, raw, span, nested);
        Ok(Read { value, span })
    }
}

/// Whether values of `ty` are written as text (and may take the fast path).
fn textual(ty: &Type) -> bool {
    matches!(ty.required(), Type::Text | Type::Date | Type::Duration | Type::Distance | Type::Enum(_) | Type::Entity(_))
}

/// Reports what went wrong at `span` and settles the value.
fn finish(cx: &mut Cx, ty: &Type, raw: Raw, span: Span, nested: bool) -> Option<Value> {
    match raw {
        Raw::Value(v) => Some(v),
        Raw::Null => None,
        Raw::Wrong(found) => {
            let expected = expected(cx, ty.required());
            cx.error(ScenarioErrorKind::WrongType { expected, found }, span);
            Some(Value::Missing)
        }
        Raw::Bad(kind) => {
            cx.error(kind, span);
            Some(Value::Missing)
        }
        Raw::Pending(v) => {
            cx.pending_ref();
            if nested {
                cx.nested_ref(span);
            }
            Some(v)
        }
        Raw::Record(partial) => {
            let Type::Record(id) = ty.required() else {
                return Some(Value::Missing);
            };
            let def = cx.schema.record(*id)?;
            Some(fact::finish_record(cx, def, partial, span))
        }
    }
}

/// How a type is named when a value does not fit it.
fn expected(cx: &Cx, ty: &Type) -> String {
    match ty {
        Type::Entity(id) => format!("a `{}` id", super::cx::entity_name(cx.schema, *id)),
        Type::Date => "a date (YYYY-MM-DD)".into(),
        Type::Duration => "a duration such as `30 days`, `2 weeks`, `6 months` or `1 year`".into(),
        Type::Distance => "a distance with its unit, such as `500 km` or `270 nmi` (units: km, m, nmi, mi)".into(),
        Type::Point => "a point `{lat: …, lon: …}`".into(),
        Type::Geometry => "a GeoJSON geometry `{type: Polygon, coordinates: …}`".into(),
        Type::Record(_) | Type::Enum(_) => format!("a `{}`", cx.schema.type_name(ty)),
        _ => cx.schema.type_name(ty),
    }
}

/// What an absent or null value becomes: the default, `Missing` for an
/// optional, else an error (for list items; fields report missing fields).
pub(super) fn null_item(cx: &mut Cx, ty: &Type, span: Span) -> Value {
    if !matches!(ty, Type::Optional(_)) {
        let expected = expected(cx, ty);
        cx.error(ScenarioErrorKind::WrongType { expected, found: Shape::Null.describe() }, span);
    }
    Value::Missing
}

struct TypedNode<'a, 's> {
    cx: &'a mut Cx<'s>,
    ty: &'a Type,
}

impl<'de> Node<'de> for TypedNode<'_, '_> {
    type Out = Raw;

    fn scalar(self, shape: Shape<'_>) -> Raw {
        match (self.ty.required(), shape) {
            (_, Shape::Null) => Raw::Null,
            // The word is a value of a text field; of any other, it says
            // the value is not known.
            (ty, Shape::Str("unknown")) if *ty != Type::Text => Raw::Value(Value::Unknown(None)),
            (Type::Int | Type::Decimal, Shape::Str(s)) if s.contains("..") => {
                estimate::number_range(self.ty.required(), s).unwrap_or_else(|| Raw::Wrong(shape.describe()))
            }
            (Type::Date, Shape::Int(n)) => estimate::year(n),
            (Type::Bool, Shape::Bool(b)) => Raw::Value(Value::Bool(b)),
            (Type::Int, Shape::Int(n)) => Raw::Value(Value::Int(n)),
            (Type::Decimal, Shape::Int(n)) => Raw::Value(Value::Decimal(n as f64)),
            (Type::Decimal, Shape::BigInt(n)) => Raw::Value(Value::Decimal(n as f64)),
            (Type::Decimal, Shape::Float(x)) if x.is_finite() => Raw::Value(Value::Decimal(x)),
            // serde-saphyr hands over a float too large for f64 (400
            // digits) or `.nan` as this text (`NonFiniteFloatPolicy`).
            (Type::Decimal, Shape::Str(".inf" | "-.inf" | "+.inf" | ".nan")) => {
                Raw::Wrong("a number that is not finite (`.inf`, `.nan`, or beyond about 1.8e308)".into())
            }
            (Type::Text, Shape::Str(s)) => Raw::Value(Value::text(s)),
            (Type::Date, Shape::Str(s)) => estimate::date(s),
            (Type::Duration, Shape::Str(s)) => duration(s).map_or_else(|| Raw::Wrong(shape.describe()), Raw::Value),
            (Type::Distance, Shape::Str(s)) => crate::units::parse_distance(s)
                .map_or_else(|| Raw::Wrong(shape.describe()), |km| Raw::Value(Value::Distance(km))),
            (Type::Enum(id), Shape::Str(s)) => variant(self.cx, *id, s),
            (Type::Entity(id), Shape::Str(s)) => reference(self.cx, *id, s),
            _ => Raw::Wrong(shape.describe()),
        }
    }

    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Raw, A::Error> {
        match self.ty.required() {
            Type::List(item) => list(self.cx, item, seq),
            _ => skip_seq(seq),
        }
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Raw, A::Error> {
        match self.ty.required() {
            Type::Record(id) => match self.cx.schema.record(*id) {
                Some(def) => Ok(Raw::Record(fact::read_fields(self.cx, def, None, map)?)),
                None => skip_map(map),
            },
            Type::Point => geometry::point(self.cx, map),
            ty @ (Type::Int
            | Type::Decimal
            | Type::Date
            | Type::Bool
            | Type::Text
            | Type::Enum(_)
            | Type::Entity(_)) => estimate::mapping(self.cx, ty, map),
            Type::Geometry => geometry::geometry(self.cx, map),
            _ => skip_map(map),
        }
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Raw, A::Error> {
    while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
    Ok(Raw::Wrong(Shape::List.describe()))
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Raw, A::Error> {
    while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
    Ok(Raw::Wrong(Shape::Mapping.describe()))
}

fn list<'de, A: SeqAccess<'de>>(cx: &mut Cx, item: &Type, mut seq: A) -> Result<Raw, A::Error> {
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
    while let Some(read) = seq.next_element_seed(ValueSeed { cx: &mut *cx, ty: item, nested: true, peek: None })? {
        let value = match read.value {
            Some(v) => v,
            None => null_item(cx, item, read.span),
        };
        items.push(value);
    }
    Ok(Raw::Value(Value::list(items)))
}

/// `30 days`, `2 weeks`, `6 months`, `1 year`.
pub(super) fn duration(s: &str) -> Option<Value> {
    let mut words = s.split_whitespace();
    let (amount, unit) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    Duration::from_amount(amount.parse().ok()?, unit).map(Value::Duration)
}

fn variant(cx: &Cx, id: EnumId, s: &str) -> Raw {
    let Some(def) = cx.schema.enum_type(id) else {
        return Raw::Wrong(Shape::Str(s).describe());
    };
    match def.variant(s) {
        Some(v) => Raw::Value(Value::Enum(id, v)),
        None => Raw::Bad(ScenarioErrorKind::UnknownVariant {
            enum_name: def.name.clone(),
            value: s.to_string(),
            suggestion: did_you_mean(s, def.variants.iter().map(String::as_str)),
        }),
    }
}

/// A fact already read is referenced at once; others wait for the resolver,
/// as do all of an included file's (its rows move when it joins a scenario).
fn reference(cx: &mut Cx, entity: EntityId, id: &str) -> Raw {
    if !cx.included
        && let Some(r) = cx.store.lookup(entity, id)
    {
        return Raw::Value(Value::Fact(r));
    }
    Raw::Pending(Value::Text(cx.waiting_id(id)))
}
