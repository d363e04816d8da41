//! Reading any YAML node without failing on its shape. Serde visitors reject
//! unexpected input with an error that aborts the whole document; a
//! [`Node`] instead gets every scalar as a [`Shape`] and decides itself what
//! is wrong, so the loader can record the problem and read on.

use std::fmt;

use super::position::At;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::position::located;

/// A scalar as YAML 1.2 (strict booleans) resolved it, or the kind of a
/// container that was skipped.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shape<'a> {
    Null,
    Bool(bool),
    Int(i64),
    /// Above `i64::MAX`.
    BigInt(u64),
    Float(f64),
    Str(&'a str),
    List,
    Mapping,
    Other,
}

impl Shape<'_> {
    /// How the value is named in "expected …, found …" messages.
    pub fn describe(&self) -> String {
        match self {
            Shape::Null => "nothing (null)".into(),
            Shape::Bool(b) => format!("`{b}`"),
            Shape::Int(n) => format!("`{n}`"),
            Shape::BigInt(n) => format!("`{n}`"),
            Shape::Float(x) => format!("`{x}`"),
            Shape::Str(s) => describe_text(s),
            Shape::List => "a list".into(),
            Shape::Mapping => "a mapping".into(),
            Shape::Other => "binary data".into(),
        }
    }
}

/// Quotes a text for a message, shortened if long.
pub(super) fn describe_text(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        format!("`{s}`")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("`{head}…`")
    }
}

/// What to do with a node. Containers the node does not want are skipped
/// and reported as [`Shape::List`] / [`Shape::Mapping`].
pub(super) trait Node<'de>: Sized {
    type Out;

    fn scalar(self, shape: Shape<'_>) -> Self::Out;

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.scalar(Shape::List))
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self.scalar(Shape::Mapping))
    }
}

/// A [`Node`] as a seed, for `next_value_seed` and friends.
pub(super) struct NodeSeed<N>(pub N);

impl<'de, N: Node<'de>> de::DeserializeSeed<'de> for NodeSeed<N> {
    type Value = N::Out;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<N::Out, D::Error> {
        read(d, self.0)
    }
}

/// A [`Node`] read together with its location.
pub(super) struct Located<N>(pub N);

impl<'de, N: Node<'de>> de::DeserializeSeed<'de> for Located<N> {
    type Value = (N::Out, At);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        located(d, NodeSeed(self.0))
    }
}

/// Reads the next node into `node`.
pub(super) fn read<'de, D: Deserializer<'de>, N: Node<'de>>(d: D, node: N) -> Result<N::Out, D::Error> {
    d.deserialize_any(AnyNode(node))
}

struct AnyNode<N>(N);

impl<'de, N: Node<'de>> Visitor<'de> for AnyNode<N> {
    type Value = N::Out;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<N::Out, E> {
        Ok(self.0.scalar(Shape::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<N::Out, E> {
        Ok(self.0.scalar(Shape::Int(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<N::Out, E> {
        Ok(self.0.scalar(i64::try_from(v).map_or(Shape::BigInt(v), Shape::Int)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<N::Out, E> {
        Ok(self.0.scalar(i64::try_from(v).map_or(Shape::Other, Shape::Int)))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<N::Out, E> {
        Ok(self.0.scalar(i64::try_from(v).map_or(Shape::Other, Shape::Int)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<N::Out, E> {
        Ok(self.0.scalar(Shape::Float(v)))
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<N::Out, E> {
        Ok(self.0.scalar(Shape::Str(v.encode_utf8(&mut [0; 4]))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<N::Out, E> {
        Ok(self.0.scalar(Shape::Str(v)))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<N::Out, E> {
        Ok(self.0.scalar(Shape::Other))
    }

    fn visit_unit<E: de::Error>(self) -> Result<N::Out, E> {
        Ok(self.0.scalar(Shape::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<N::Out, E> {
        Ok(self.0.scalar(Shape::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<N::Out, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<N::Out, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<N::Out, A::Error> {
        self.0.seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<N::Out, A::Error> {
        self.0.map(map)
    }
}

/// A text scalar; anything else is described for the error message.
pub(super) struct Text;

impl<'de> Node<'de> for Text {
    type Out = Result<String, String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        match shape {
            Shape::Str(s) => Ok(s.to_string()),
            other => Err(other.describe()),
        }
    }
}
