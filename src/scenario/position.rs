//! Where a YAML node was written, from inside a `DeserializeSeed`.
//!
//! serde-saphyr exposes locations only through `Spanned<T>`, which needs
//! `T: Deserialize` and so cannot wrap our schema-driven seeds. There is no
//! other public API for the position of the node being read. We therefore
//! speak the protocol `Spanned<T>` itself uses (serde-saphyr 2.2.0,
//! `src/spanned.rs` and `src/de/spanned_deser.rs`): asking for the newtype
//! struct `__yaml_spanned` makes the deserializer present the next node as a
//! map `{__serde_saphyr_private_spanned: true, value: <node>, referenced:
//! Location, defined: Location}`, in that order. We hand our seed the
//! `value`, then read `referenced` (the place the node is used: for an alias,
//! the alias itself) with `Location`'s public `Deserialize`, and stop.
//!
//! Mapping keys are the exception, for speed: [`KeySeed`] reads them as
//! identifiers and takes their position from the address of the text
//! serde-saphyr hands over, which borrows from the input whenever the key is
//! written literally. Only keys that turn out wrong need a position at all.
//!
//! The protocol is private to serde-saphyr, hence the exact version pin in
//! Cargo.toml. Every key is checked as it arrives, so a changed protocol
//! fails loudly (an error, never a wrong position), and the tests in this
//! file pin the positions themselves.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_saphyr::Location;

const NEWTYPE: &str = "__yaml_spanned";
pub(super) const MARKER: &str = "__serde_saphyr_private_spanned";
const FIELDS: &[&str] = &[MARKER, "value", "referenced", "defined"];
const LOCATION_FIELDS: &[&str] = &["line", "column", "span", "source_id"];

/// Where a node was written: a byte range where the parser knows it (always
/// for text input), else serde-saphyr's line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    Bytes { start: usize, end: usize },
    LineCol { line: u64, column: u64 },
}

impl From<Location> for At {
    fn from(loc: Location) -> At {
        let span = loc.span();
        match (span.byte_offset(), span.byte_len()) {
            (Some(start), Some(len)) => {
                let start = usize::try_from(start).unwrap_or(usize::MAX);
                At::Bytes { start, end: start.saturating_add(usize::try_from(len).unwrap_or(0)) }
            }
            _ => At::LineCol { line: loc.line(), column: loc.column() },
        }
    }
}

/// Runs `seed` on the next node and returns its result with the node's
/// location.
pub(super) fn located<'de, D, S>(deserializer: D, seed: S) -> Result<(S::Value, At), D::Error>
where
    D: Deserializer<'de>,
    S: DeserializeSeed<'de>,
{
    deserializer.deserialize_newtype_struct(NEWTYPE, Wrapper(seed))
}

struct Wrapper<S>(S);

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Wrapper<S> {
    type Value = (S::Value, At);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML node with its location")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_struct("Spanned", FIELDS, Fields(self.0))
    }
}

struct Fields<S>(S);

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Fields<S> {
    type Value = (S::Value, At);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("serde-saphyr's span-aware view of a node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        key(&mut map, MARKER)?;
        map.next_value::<IgnoredAny>()?;
        key(&mut map, "value")?;
        let value = map.next_value_seed(self.0)?;
        key(&mut map, "referenced")?;
        let at = map.next_value_seed(Place)?;
        Ok((value, at))
    }
}

/// Reads `referenced`: serde-saphyr's `Location` (a map), or the byte range
/// `[start, end]` the JSON reader gives (`json.rs`).
struct Place;

impl<'de> DeserializeSeed<'de> for Place {
    type Value = At;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<At, D::Error> {
        d.deserialize_struct("Location", LOCATION_FIELDS, self)
    }
}

impl<'de> Visitor<'de> for Place {
    type Value = At;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a location")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<At, A::Error> {
        Location::deserialize(de::value::MapAccessDeserializer::new(map)).map(At::from)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<At, A::Error> {
        let start: u64 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let end: u64 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
        let at = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        Ok(At::Bytes { start: at(start), end: at(end) })
    }
}

/// Reads the next key and checks it is `want`.
fn key<'de, A: MapAccess<'de>>(map: &mut A, want: &'static str) -> Result<(), A::Error> {
    match map.next_key_seed(Key(want))? {
        Some(true) => Ok(()),
        _ => Err(de::Error::custom(format_args!(
            "serde-saphyr's location protocol changed (expected key `{want}`); pacta needs serde-saphyr 2.2.0"
        ))),
    }
}

/// Compares a key with the expected one without allocating.
struct Key(&'static str);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the key `{}`", self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
    }
}

/// Reads a mapping key as text and maps it with `read`; also returns the
/// key's byte offset in `text` when the key borrows from it. Keys that are
/// not text (null, lists, mappings) fail the whole document, as serde-saphyr
/// rejects them as identifiers.
pub(super) struct KeySeed<'t, F> {
    pub text: &'t str,
    pub read: F,
}

impl<'de, T, F: FnOnce(&str) -> T> DeserializeSeed<'de> for KeySeed<'_, F> {
    type Value = (T, Option<usize>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de, T, F: FnOnce(&str) -> T> Visitor<'de> for KeySeed<'_, F> {
    type Value = (T, Option<usize>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(((self.read)(v), offset_in(self.text, v)))
    }
}

/// Where `part` starts in `text`, if it is a slice of it.
pub(super) fn offset_in(text: &str, part: &str) -> Option<usize> {
    let offset = part.as_ptr().addr().checked_sub(text.as_ptr().addr())?;
    (offset.checked_add(part.len())? <= text.len()).then_some(offset)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::marker::PhantomData;

    use serde::Deserialize;

    use super::*;

    /// Deserializes `T` and reports where it was.
    struct Seen<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Seen<T> {
        type Value = (T, usize, usize);

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            match located(d, PhantomData::<T>)? {
                (value, At::Bytes { start, end }) => Ok((value, start, end)),
                (_, At::LineCol { .. }) => Err(de::Error::custom("no byte offsets")),
            }
        }
    }

    fn at<T: for<'de> Deserialize<'de>>(yaml: &str) -> (T, usize, usize) {
        serde_saphyr::with_deserializer_from_str(yaml, |d| Seen::<T>(PhantomData).deserialize(d)).unwrap()
    }

    /// If serde-saphyr changes how `Spanned` locations travel, this fails
    /// (with an error or with wrong positions): update `position.rs`.
    #[test]
    fn protocol_gives_positions() {
        assert_eq!(at::<u32>("  42\n"), (42, 2, 4));
        assert_eq!(at::<String>("# c\n\"hé\"\n"), ("hé".to_string(), 4, 9));
        let (seq, start, _) = at::<Vec<u32>>("\n- 1\n- 2\n");
        assert_eq!((seq, start), (vec![1, 2], 1));
    }

    fn json_at<T: for<'de> Deserialize<'de>>(json: &str) -> (T, usize, usize) {
        super::super::json::with_deserializer(json, |d| Seen::<T>(PhantomData).deserialize(d)).unwrap()
    }

    /// The JSON reader speaks the same protocol, with exact ranges.
    #[test]
    fn json_gives_positions() {
        assert_eq!(json_at::<u32>("  42\n"), (42, 2, 4));
        assert_eq!(json_at::<String>("\n\"hé\"\n"), ("hé".to_string(), 1, 6));
        assert_eq!(json_at::<Vec<u32>>("\n[1, 2]\n"), (vec![1, 2], 1, 7));
    }

    /// Locations nest: a seed inside a located value can locate its parts.
    #[test]
    fn protocol_nests() {
        struct Pair;
        impl<'de> DeserializeSeed<'de> for Pair {
            type Value = Vec<usize>;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<usize>, D::Error> {
                d.deserialize_seq(self)
            }
        }
        impl<'de> Visitor<'de> for Pair {
            type Value = Vec<usize>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<usize>, A::Error> {
                let mut cols = Vec::new();
                while let Some((_, start, _)) = seq.next_element_seed(Seen::<u32>(PhantomData))? {
                    cols.push(start);
                }
                Ok(cols)
            }
        }
        let (cols, at) =
            serde_saphyr::with_deserializer_from_str("x: [1,  22, 3]", |d| d.deserialize_map(OneValue(Pair))).unwrap();
        assert_eq!(cols, vec![4, 8, 12]);
        assert!(matches!(at, At::Bytes { start: 3, .. }), "{at:?}");
        let json = r#"{"x": [1,  22, 3]}"#;
        let (cols, at) = super::super::json::with_deserializer(json, |d| d.deserialize_map(OneValue(Pair))).unwrap();
        assert_eq!(cols, vec![7, 11, 15]);
        assert_eq!(at, At::Bytes { start: 6, end: 17 });
    }

    #[test]
    fn keys_are_located_by_address() {
        let text = "a: 1\n\"b\\u0063\": 2\nde: 3\n";
        struct Keys<'t>(&'t str);
        impl<'de> Visitor<'de> for Keys<'_> {
            type Value = Vec<(String, Option<usize>)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key_seed(KeySeed { text: self.0, read: str::to_string })? {
                    map.next_value::<IgnoredAny>()?;
                    out.push(key);
                }
                Ok(out)
            }
        }
        let keys = serde_saphyr::with_deserializer_from_str(text, |d| d.deserialize_map(Keys(text))).unwrap();
        // The escaped key is no slice of the input: no position.
        assert_eq!(keys, vec![("a".into(), Some(0)), ("bc".into(), None), ("de".into(), Some(18))]);
        assert_eq!(offset_in(text, &text[3..]), Some(3));
        assert_eq!(offset_in(text, "a"), None);
    }

    /// Reads the single value of a one-key map, located.
    struct OneValue<S>(S);
    impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for OneValue<S> {
        type Value = (S::Value, At);
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            map.next_key::<IgnoredAny>()?;
            let out = map.next_value_seed(Located(self.0))?;
            while map.next_key::<IgnoredAny>()?.is_some() {
                map.next_value::<IgnoredAny>()?;
            }
            Ok(out)
        }
    }
    struct Located<S>(S);
    impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Located<S> {
        type Value = (S::Value, At);
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            located(d, self.0)
        }
    }
}
