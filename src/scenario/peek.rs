//! A fast path for the most common values: text or a whole number written
//! right after its key (`name: Estonia`, `since: "2017-03-01"`,
//! `personnel: 900`).
//!
//! Reading a node whose shape is unknown (`deserialize_any`) makes
//! serde-saphyr try booleans, integers and floats on every plain scalar, and
//! locating it (`position.rs`) costs a detour per node. Where the key's
//! position is known, the text after it tells what follows. When that is
//! certainly text ([`certainly_text`]), `deserialize_str` reads it directly;
//! when it is certainly a small integer ([`certainly_int`]),
//! `deserialize_i64` does; either way the text gives the span. "Certainly"
//! means the fast path never reads differently from the general one (a test
//! below checks this), and never asks serde-saphyr for a type it would
//! refuse, which would end the document. Anything else (other numbers,
//! booleans, nulls, anchors, aliases, tags, collections, comments, keys
//! carrying an anchor, which aliases could pair with other values) takes
//! the general path.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

use super::node::{Node, Shape};
use super::position::offset_in;

/// A scalar seen in the text, and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Peek {
    pub start: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text {
        quoted: bool,
    },
    /// A decimal integer; where it ends.
    Int {
        end: usize,
    },
}

/// The plain or quoted, non-null scalar that follows the key written at
/// `key` (a byte range of `text`), if that is what follows.
pub(super) fn scalar_after_key(text: &str, key: std::ops::Range<usize>) -> Option<Peek> {
    let bytes = text.as_bytes();
    if anchored(bytes.get(..key.start)?) {
        return None;
    }
    let mut i = skip_blanks(bytes, key.end);
    if bytes.get(i) != Some(&b':') {
        return None;
    }
    let after_colon = i + 1;
    i = skip_blanks(bytes, after_colon);
    if i == after_colon {
        // `key:value` is one plain scalar, not a key and a value.
        return None;
    }
    let rest = bytes.get(i..)?;
    let kind = match rest.first() {
        Some(b'"' | b'\'') => Kind::Text { quoted: true },
        _ if certainly_text(rest) => Kind::Text { quoted: false },
        _ => Kind::Int { end: i + certainly_int(bytes, i, key.start)? },
    };
    Some(Peek { start: i, kind })
}

fn skip_blanks(bytes: &[u8], from: usize) -> usize {
    from + bytes.get(from..).map_or(0, |rest| rest.iter().take_while(|b| matches!(b, b' ' | b'\t')).count())
}

/// Whether the key is preceded by an anchor or tag (`&k name:`), i.e. by
/// anything but indentation, a sequence dash or a flow delimiter.
fn anchored(before: &[u8]) -> bool {
    let last = before.iter().rev().find(|b| !matches!(b, b' ' | b'\t'));
    !matches!(last, None | Some(b'\n' | b'\r' | b'-' | b'{' | b',' | b'['))
}

/// Whether the plain scalar starting `rest` is text under YAML 1.2 (core
/// schema, as serde-saphyr resolves it): it starts with a letter and does
/// not begin like `true`, `false` or `null`, or it starts like a date
/// (`2017-03-…`: a dash after four digits is in no number). Numbers and
/// everything rarer take the general path.
fn certainly_text(rest: &[u8]) -> bool {
    const WORDS: [&[u8]; 9] = [b"true", b"True", b"TRUE", b"false", b"False", b"FALSE", b"null", b"Null", b"NULL"];
    match rest.first() {
        Some(c) if c.is_ascii_alphabetic() || *c >= 0x80 => !WORDS.iter().any(|w| rest.starts_with(w)),
        Some(c) if c.is_ascii_digit() => {
            rest.get(..5).is_some_and(|head| head[..4].iter().all(u8::is_ascii_digit) && head[4] == b'-')
        }
        _ => false,
    }
}

/// The length of the plain scalar at `at` if it is an integer that fits
/// `i64` for sure: up to 18 digits, an optional minus, no leading zero, and
/// then the end of the line or a comment (in block context; `,` or `}` could
/// belong to the scalar there), with no more-indented line continuing it.
fn certainly_int(bytes: &[u8], at: usize, key: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    let sign = usize::from(rest.first() == Some(&b'-'));
    let digits = rest.iter().skip(sign).take_while(|b| b.is_ascii_digit()).count();
    let leading_zero = digits > 1 && rest.get(sign) == Some(&b'0');
    if digits == 0 || digits > 18 || leading_zero {
        return None;
    }
    let len = sign + digits;
    let after = skip_blanks(bytes, at + len);
    let commented = after > at + len && bytes.get(after) == Some(&b'#');
    if !commented && !matches!(bytes.get(after), None | Some(b'\n' | b'\r')) {
        return None;
    }
    ends_here(bytes, after, key).then_some(len)
}

/// Whether no line after `from` continues a plain scalar whose key starts
/// at `key`: the next line with content is not indented past the key.
fn ends_here(bytes: &[u8], from: usize, key: usize) -> bool {
    let line_start =
        |at: usize| bytes.get(..at).map_or(0, |b| b.iter().rposition(|c| *c == b'\n').map_or(0, |i| i + 1));
    let key_column = key - line_start(key);
    let mut lines = bytes.get(from..).unwrap_or_default().split(|c| *c == b'\n').skip(1);
    let next = lines.find(|line| line.iter().any(|c| !matches!(c, b' ' | b'\t' | b'\r')));
    next.is_none_or(|line| line.iter().take_while(|c| **c == b' ').count() <= key_column)
}

/// Reads the text scalar peeked at `start` into `node`; returns the node's
/// result and the end of the scalar (estimated if it was not a slice).
pub(super) fn read_text<'de, D: Deserializer<'de>, N: Node<'de>>(
    d: D,
    node: N,
    text: &str,
    start: usize,
    quoted: bool,
) -> Result<(N::Out, usize), D::Error> {
    d.deserialize_str(TextVisitor { node, text, start, quoted })
}

struct TextVisitor<'t, N> {
    node: N,
    text: &'t str,
    start: usize,
    quoted: bool,
}

impl<'de, N: Node<'de>> Visitor<'de> for TextVisitor<'_, N> {
    type Value = (N::Out, usize);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let end = match offset_in(self.text, v) {
            Some(at) => at + v.len() + usize::from(self.quoted),
            // Escapes or folded lines: up to the end of the line.
            None => line_end(self.text, self.start),
        };
        Ok((self.node.scalar(Shape::Str(v)), end))
    }
}

/// Reads the integer peeked into `node`.
pub(super) fn read_int<'de, D: Deserializer<'de>, N: Node<'de>>(d: D, node: N) -> Result<N::Out, D::Error> {
    d.deserialize_i64(IntVisitor(node))
}

struct IntVisitor<N>(N);

impl<'de, N: Node<'de>> Visitor<'de> for IntVisitor<N> {
    type Value = N::Out;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<N::Out, E> {
        Ok(self.0.scalar(Shape::Int(v)))
    }
}

fn line_end(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    from + rest.find(['\n', '\r']).unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::Diagnose;
    use crate::scenario::{IncludeCache, Reading, Split, load_str_cached};
    use crate::schema::{EnumType, FieldDef, Schema, StructType, Type};
    use crate::span::{Sources, Span};
    use crate::value::{EntityId, EnumId};

    fn peek(text: &str, key: &str) -> Option<(usize, bool)> {
        let start = text.find(key).unwrap_or(0);
        match scalar_after_key(text, start..start + key.len()) {
            Some(Peek { start, kind: Kind::Text { quoted } }) => Some((start, quoted)),
            _ => None,
        }
    }

    fn int(text: &str, key: &str) -> Option<(usize, usize)> {
        let start = text.find(key).unwrap_or(0);
        match scalar_after_key(text, start..start + key.len()) {
            Some(Peek { start, kind: Kind::Int { end } }) => Some((start, end)),
            _ => None,
        }
    }

    #[test]
    fn sees_integers_that_end_for_sure() {
        assert_eq!(int("n: 900\n", "n"), Some((3, 6)));
        assert_eq!(int("  n: -5  # c\n  m: 1", "n"), Some((5, 7)));
        assert_eq!(int("n: 0", "n"), Some((3, 4)));
        assert_eq!(int("- n: 7\n\n  m: 1\n", "n"), Some((5, 6)));
        for text in [
            "n: 900, 5",
            "n: 900#x",
            "n: 0012",
            "n: 1234567890123456789",
            "n: 1.5",
            "n: 12 apples",
            "n: 12\n   more\n",
            "- n: 12\n    more\n",
            "{ n: 12 }",
        ] {
            assert_eq!(int(text, "n"), None, "{text}");
        }
    }

    #[test]
    fn sees_plain_and_quoted_scalars() {
        assert_eq!(peek("name: Estonia\n", "name"), Some((6, false)));
        assert_eq!(peek("  - id : 'x'", "id"), Some((9, true)));
        assert_eq!(peek("{ a: 1, name: \"q\" }", "name"), Some((14, true)));
        assert_eq!(peek("since: 2017-03-01", "since"), Some((7, false)));
        assert_eq!(peek("name: Ünïcode", "name"), Some((6, false)));
        assert_eq!(peek("name: truth", "name"), Some((6, false)));
        assert_eq!(peek("name: trueish", "name"), None);
        assert_eq!(peek("name: 'true'", "name"), Some((6, true)));
    }

    #[test]
    fn leaves_everything_else_alone() {
        for (text, key) in [
            ("name:\n  Estonia", "name"),
            ("name: # c\n  x", "name"),
            ("name: [a]", "name"),
            ("name: {a: 1}", "name"),
            ("name: *a", "name"),
            ("name: &a x", "name"),
            ("name: !!str 1", "name"),
            ("name: ~", "name"),
            ("name: null", "name"),
            ("name: NULL # c", "name"),
            ("name: |\n  x", "name"),
            ("name: -1", "name"),
            ("name: 12", "name"),
            ("name: 1.5", "name"),
            ("name: .inf", "name"),
            ("name: true", "name"),
            ("name: False", "name"),
            ("name: 30 days", "name"),
            ("name: 2017", "name"),
            ("name:x", "name"),
            ("&k name: x", "name"),
            ("!t name: x", "name"),
            ("\"name\": x", "name"),
            ("name", "name"),
        ] {
            assert_eq!(peek(text, key), None, "{text}");
        }
    }

    fn schema() -> Schema {
        let field = |name: &str, ty| FieldDef { name: name.into(), ty, default: None, span: Span::default() };
        let opt = |ty| Type::Optional(Box::new(ty));
        let state = StructType::new(
            "State".into(),
            vec![
                field("name", Type::Text),
                field("flag", opt(Type::Bool)),
                field("since", opt(Type::Date)),
                field("length", opt(Type::Duration)),
                field("region", opt(Type::Enum(EnumId(0)))),
                field("ally", opt(Type::Entity(EntityId(0)))),
                field("note", opt(Type::Text)),
                field("count", opt(Type::Int)),
            ],
            Span::default(),
        );
        let region =
            EnumType { name: "Region".into(), variants: vec!["east".into(), "west".into()], span: Span::default() };
        Schema { entities: vec![state], records: Vec::new(), enums: vec![region] }
    }

    /// Everything a load reports: values and span starts of every field,
    /// or the errors with their starts.
    fn outcome(text: &str, fast: bool) -> String {
        let mut sources = Sources::new();
        let schema = schema();
        let mut cache = IncludeCache::new(&schema, Reading::default()).with_split(Split::Off);
        cache.fast = fast;
        match load_str_cached("t.yaml".into(), text.into(), &mut sources, &crate::input::Access::default(), &cache) {
            Ok(s) => {
                let facts = s.facts.tables.iter().flat_map(|t| {
                    let row = |r: usize| t.fields(u32::try_from(r).unwrap_or(u32::MAX)).unwrap_or(&[]);
                    let spans = move |r: usize| {
                        let r = u32::try_from(r).unwrap_or(u32::MAX);
                        (0..t.width()).filter_map(move |slot| t.field_span(r, slot))
                    };
                    t.facts.iter().enumerate().map(move |(r, f)| (f, row(r), spans(r)))
                });
                let lines = facts.map(|(f, values, spans)| {
                    let fields = values.iter().zip(spans);
                    let fields: Vec<String> = fields.map(|(v, at)| format!("{v}@{}", sources.locate(at))).collect();
                    format!("{}@{} {}", f.id, sources.locate(f.span), fields.join(" "))
                });
                lines.collect::<Vec<_>>().join("\n")
            }
            Err(errors) => errors
                .iter()
                .map(|e| format!("{} {} {e}", e.code(), sources.locate(e.span)))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The fast path reads exactly what the general path reads.
    #[test]
    fn fast_path_changes_nothing() {
        let ok = r#"
State:
  - id: EST
    name: Estonia   # comment
    count: 900
    since: 2004-03-29
    region: east
    ally: LVA
    note: "quoted, with: colon"
  - { id: LVA, name: 'Lat''via', region: west, ally: EST, length: 2 weeks }
  - id : FIN
    count: -5   # comment
    name : Finland
    note: plain text
      folded onto two lines
    flag: true
  - &base
    id: SWE
    name: Sweden
    note: |
      block
  - <<: *base
    id: NOR
    name: !!str Norway
  - id: DNK
    count: 0
    name: &n Denmark
    note: *n
  - id: ISL
    name: Ünïcode
    note: "esc\u0061ped"
    since: null
"#;
        let bad = r#"
State:
  - id: 42
    name: 12
  - id: X1
    name: true
    since: 2021-02-30
    region: north
    ally: NOPE
    length: 3 fortnights
    flag: yes
    count: 99999999999999999999
  - id: X3
    count: many
  - id: X4
    name: x
    count: 0012
  - id: X2
    count: 12
      more
    name: 2017-03-01
    note: nullable
    since: 2017
"#;
        for text in [ok, bad] {
            let fast = outcome(text, true);
            assert_eq!(fast, outcome(text, false));
            assert!(!fast.is_empty());
        }
        assert!(!outcome(ok, true).contains("pacta::"), "{}", outcome(ok, true));
    }
}
