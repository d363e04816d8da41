//! JSON scenarios (RFC 8259): a serde [`Deserializer`] over the text that
//! knows where every value is, so a `.json` scenario goes through the same
//! type-directed loader as YAML and its errors point at line:col.
//!
//! Why not serde_json: it reports no position below the top level, and the
//! crates that add one (json-spanned-value) read through `io::Read` with a
//! thread-local stack and cannot borrow text. JSON's grammar is small; what
//! the loader needs from it is positions, borrowed keys and strings, and
//! duplicate keys rejected. Positions travel by the protocol the loader
//! already speaks with serde-saphyr (`position.rs`): asked for the newtype
//! `__yaml_spanned`, this deserializer presents the next value as the map
//! `{marker, value, referenced}`, where `referenced` is the value's byte
//! range.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::node::describe_text;
use super::position::MARKER;

/// Nesting deeper than this is refused (serde_json's own limit), so a
/// hostile file cannot exhaust the stack.
pub const MAX_DEPTH: usize = 128;

/// A JSON syntax error and where it is (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JsonError {
    pub message: String,
    pub at: Option<usize>,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonError {}

impl de::Error for JsonError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        JsonError { message: message.to_string(), at: None }
    }
}

/// Runs `read` on the document in `text`, which must hold one JSON value
/// and nothing after it.
pub(super) fn with_deserializer<'de, T>(
    text: &'de str,
    read: impl FnOnce(&mut Json<'de>) -> Result<T, JsonError>,
) -> Result<T, JsonError> {
    with_skip(text, None, read)
}

/// [`with_deserializer`], skipping the elements of one list from the
/// element starting at `skip.0` to its closing bracket at `skip.1`: they are
/// read apart, by [`with_elements`] (a file cut by `split_json.rs`).
pub(super) fn with_skip<'de, T>(
    text: &'de str,
    skip: Option<(usize, usize)>,
    read: impl FnOnce(&mut Json<'de>) -> Result<T, JsonError>,
) -> Result<T, JsonError> {
    let mut json = Json { text, pos: 0, depth: 0, skip };
    // A byte-order mark is not JSON, but editors write one.
    if text.starts_with('\u{feff}') {
        json.pos = '\u{feff}'.len_utf8();
    }
    let out = read(&mut json).and_then(|out| {
        json.skip_ws();
        if json.pos < text.len() { Err(json.error("text after the JSON value")) } else { Ok(out) }
    });
    let out = out.and_then(|out| match json.skip {
        Some(_) => Err(json.error("the list to skip was not met")),
        None => Ok(out),
    });
    // An error raised by a visitor has no position: it is where reading stopped.
    out.map_err(|e| JsonError { at: e.at.or(Some(json.pos)), ..e })
}

/// Runs `read` on the elements of a list written from `range.start` to
/// `range.end` (the start of the next element, or the list's closing
/// bracket), nested `depth` deep, as a sequence of their own.
pub(super) fn with_elements<'de, T>(
    text: &'de str,
    range: std::ops::Range<usize>,
    depth: usize,
    read: impl FnOnce(&mut Elements<'_, 'de>) -> Result<T, JsonError>,
) -> Result<T, JsonError> {
    let mut json = Json { text, pos: range.start, depth, skip: None };
    let mut elements = Elements { json: &mut json, end: range.end, first: true };
    let out = read(&mut elements).and_then(|out| {
        while elements.next_element::<IgnoredAny>()?.is_some() {}
        Ok(out)
    });
    let out =
        out.and_then(|out| if json.pos == range.end { Ok(out) } else { Err(json.error("the elements end elsewhere")) });
    out.map_err(|e| JsonError { at: e.at.or(Some(json.pos)), ..e })
}

/// The elements of a run of a list, up to `end`.
pub(super) struct Elements<'a, 'de> {
    json: &'a mut Json<'de>,
    end: usize,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = JsonError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, JsonError> {
        self.json.skip_ws();
        if self.json.pos >= self.end {
            return Ok(None);
        }
        if !self.first {
            self.json.expect(b',', "`,`")?;
            self.json.skip_ws();
            if self.json.pos >= self.end {
                return Ok(None);
            }
        }
        self.first = false;
        seed.deserialize(&mut *self.json).map(Some)
    }
}

/// The bytes that end a run of plain string text: a quote, a backslash, a
/// control character. A table, so the scan is one load and test a byte.
static STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        stops[b] = true;
        b += 1;
    }
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    stops
};

/// The reader: the text and how far it has got.
pub(super) struct Json<'de> {
    text: &'de str,
    pos: usize,
    depth: usize,
    /// Elements read apart: from the element at `.0` to the bracket at `.1`.
    skip: Option<(usize, usize)>,
}

impl<'de> Json<'de> {
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError { message: message.into(), at: Some(self.pos) }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        let rest = self.bytes().get(self.pos..).unwrap_or_default();
        self.pos += rest.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')).count();
    }

    /// The next byte after blanks, not consumed.
    fn next_token(&mut self) -> Result<u8, JsonError> {
        self.skip_ws();
        self.peek().ok_or_else(|| self.error("the JSON ends early"))
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), JsonError> {
        if self.next_token()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected {what}, found {}", self.found())))
        }
    }

    /// What is at the current position, for messages: a character, or a
    /// bare word whole.
    fn found(&self) -> String {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let word = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        match rest.chars().next() {
            None => "the end of the file".into(),
            Some(c) if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
            Some(_) if word > 1 => describe_text(rest.get(..word).unwrap_or_default()),
            Some(c) => format!("`{c}`"),
        }
    }

    fn word(&mut self, word: &str) -> Result<(), JsonError> {
        let rest = self.bytes().get(self.pos..).unwrap_or_default();
        if rest.starts_with(word.as_bytes()) && !rest.get(word.len()).is_some_and(u8::is_ascii_alphanumeric) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error(format!("expected a JSON value, found {}", self.found())))
        }
    }

    /// At an element's start: whether the rest of the list is read apart
    /// (then the reader is past its closing bracket).
    fn skipped(&mut self) -> bool {
        self.skip_ws();
        match self.skip {
            Some((from, to)) if from == self.pos && self.bytes().get(to) == Some(&b']') => {
                self.pos = to + 1;
                self.skip = None;
                true
            }
            _ => false,
        }
    }

    fn nest(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("lists and objects nested deeper than {MAX_DEPTH}")));
        }
        self.pos += 1;
        Ok(())
    }

    /// A string whose opening quote is at the current position: borrowed
    /// from the text unless it has escapes.
    fn string(&mut self) -> Result<Cow<'de, str>, JsonError> {
        self.pos += 1;
        let start = self.pos;
        let bytes = self.bytes();
        let plain = bytes.get(start..).unwrap_or_default().iter().position(|&b| STOPS[usize::from(b)]);
        let end = start + plain.ok_or_else(|| JsonError { at: Some(start - 1), ..self.error("unclosed string") })?;
        self.pos = end;
        if bytes.get(end) == Some(&b'"') {
            self.pos += 1;
            // Both ends are ASCII, so on character boundaries.
            return Ok(Cow::Borrowed(self.text.get(start..end).unwrap_or_default()));
        }
        let mut owned = self.text.get(start..end).unwrap_or_default().to_string();
        self.escaped(&mut owned, start - 1)?;
        Ok(Cow::Owned(owned))
    }

    /// The rest of a string (opened at `open`) from its first escape or
    /// control character.
    fn escaped(&mut self, out: &mut String, open: usize) -> Result<(), JsonError> {
        loop {
            let rest = self.text.get(self.pos..).unwrap_or_default();
            let run = rest.bytes().position(|b| STOPS[usize::from(b)]);
            let run = run.ok_or_else(|| self.error("unclosed string"))?;
            out.push_str(rest.get(..run).unwrap_or_default());
            self.pos += run;
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(b'\n' | b'\r') => {
                    let message = "unclosed string (a string ends on its line; write a line break as `\\n`)";
                    return Err(JsonError { at: Some(open), ..self.error(message) });
                }
                _ => return Err(self.error(format!("{} inside a string (write it escaped)", self.found()))),
            }
        }
    }

    /// One escape, after its backslash.
    fn escape(&mut self) -> Result<char, JsonError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode(),
            _ => {
                let at = self.pos.saturating_sub(1);
                let next = self.text.get(self.pos..).and_then(|rest| rest.chars().next());
                let message = format!("unknown escape `\\{}`", next.map(String::from).unwrap_or_default());
                return Err(JsonError { at: Some(at), ..self.error(message) });
            }
        };
        self.pos += 1;
        Ok(c)
    }

    /// `\uXXXX`, or a surrogate pair of two.
    fn unicode(&mut self) -> Result<char, JsonError> {
        let at = self.pos.saturating_sub(1);
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            let bytes = self.bytes();
            if bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                return Err(JsonError { at: Some(at), ..self.error("a lone surrogate in a `\\u` escape") });
            }
            self.pos += 1;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(JsonError { at: Some(at), ..self.error("a lone surrogate in a `\\u` escape") });
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code)
            .ok_or_else(|| JsonError { at: Some(at), ..self.error("a lone surrogate in a `\\u` escape") })
    }

    /// The four hex digits after a `u` at the current position.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.text.get(self.pos + 1..self.pos + 5).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let digits = digits.ok_or_else(|| self.error("`\\u` needs four hex digits"))?;
        self.pos += 5;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("`\\u` needs four hex digits"))
    }

    /// A number as RFC 8259 writes it: integers that fit are integers,
    /// everything else a float.
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, JsonError> {
        let start = self.pos;
        let bytes = self.bytes();
        let digits_from =
            |i: usize| bytes.get(i..).unwrap_or_default().iter().take_while(|b| b.is_ascii_digit()).count();
        let mut i = start + usize::from(bytes.get(start) == Some(&b'-'));
        let int = digits_from(i);
        if int == 0 || (int > 1 && bytes.get(i) == Some(&b'0')) {
            self.pos = i;
            return Err(self.error("a number needs digits, and no leading zero"));
        }
        i += int;
        let mut float = false;
        if bytes.get(i) == Some(&b'.') {
            let frac = digits_from(i + 1);
            if frac == 0 {
                self.pos = i + 1;
                return Err(self.error("a decimal point needs digits after it"));
            }
            i += 1 + frac;
            float = true;
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            i += usize::from(matches!(bytes.get(i), Some(b'+' | b'-')));
            let exp = digits_from(i);
            if exp == 0 {
                self.pos = i;
                return Err(self.error("an exponent needs digits"));
            }
            i += exp;
            float = true;
        }
        self.pos = i;
        let literal = self.text.get(start..i).unwrap_or_default();
        if !float {
            if let Ok(n) = literal.parse::<i64>() {
                return visitor.visit_i64(n);
            }
            if let Ok(n) = literal.parse::<u64>() {
                return visitor.visit_u64(n);
            }
        }
        match literal.parse::<f64>() {
            Ok(x) if x.is_finite() => visitor.visit_f64(x),
            // Out of range: the text, for the field to report.
            _ => visitor.visit_borrowed_str(literal),
        }
    }

    /// The value at the current position, then its byte range.
    fn spanned<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, JsonError> {
        self.skip_ws();
        let start = self.pos;
        visitor.visit_map(SpannedAccess { json: self, start, step: 0 })
    }
}

impl<'de> Deserializer<'de> for &mut Json<'de> {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.next_token()? {
            b'n' => self.word("null").and_then(|()| visitor.visit_unit()),
            b't' => self.word("true").and_then(|()| visitor.visit_bool(true)),
            b'f' => self.word("false").and_then(|()| visitor.visit_bool(false)),
            b'"' => match self.string()? {
                Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
                Cow::Owned(s) => visitor.visit_string(s),
            },
            b'-' | b'0'..=b'9' => self.number(visitor),
            b'[' => {
                self.nest()?;
                let mut list = ListAccess { json: &mut *self, first: true, done: false };
                let value = visitor.visit_seq(&mut list)?;
                // A reader may stop early; the rest must still be JSON.
                while list.next_element::<IgnoredAny>()?.is_some() {}
                self.depth -= 1;
                Ok(value)
            }
            b'{' => {
                self.nest()?;
                let mut object = ObjectAccess::new(&mut *self);
                let value = visitor.visit_map(&mut object)?;
                while object.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(self.error(format!("expected a JSON value, found {}", self.found()))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        if self.next_token()? == b'n' {
            self.word("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        if asks_position(name, fields) { self.spanned(visitor) } else { self.deserialize_any(visitor) }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// The position protocol's view of one value (see the module comment):
/// the value from `value`, its range once it is read.
struct SpannedAccess<'a, 'de> {
    json: &'a mut Json<'de>,
    start: usize,
    step: u8,
}

impl<'de> MapAccess<'de> for SpannedAccess<'_, 'de> {
    type Error = JsonError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, JsonError> {
        protocol_key(self.step, seed)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, JsonError> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(true.into_deserializer()),
            2 => seed.deserialize(&mut *self.json),
            _ => seed.deserialize(range(self.start, self.json.pos)),
        }
    }
}

/// Whether a reader asks for the next value with its position
/// (`position.rs::located`).
fn asks_position(name: &str, fields: &[&str]) -> bool {
    name == "Spanned" && fields.first() == Some(&MARKER)
}

/// The keys of the position protocol, in order.
fn protocol_key<'de, K: DeserializeSeed<'de>>(step: u8, seed: K) -> Result<Option<K::Value>, JsonError> {
    let key = match step {
        0 => MARKER,
        1 => "value",
        2 => "referenced",
        _ => return Ok(None),
    };
    seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
}

/// A byte range as the protocol's `referenced` (`position.rs::Place`).
fn range(start: usize, end: usize) -> SeqDeserializer<std::array::IntoIter<u64, 2>, JsonError> {
    let offset = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    SeqDeserializer::new([offset(start), offset(end)].into_iter())
}

/// An object's key, which a reader may also ask to locate.
struct Key<'de> {
    text: Cow<'de, str>,
    start: usize,
    end: usize,
}

impl<'de> Deserializer<'de> for Key<'de> {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.text {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        if asks_position(name, fields) {
            visitor.visit_map(SpannedKey { key: Some(self), step: 0 })
        } else {
            self.deserialize_any(visitor)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// The position protocol's view of a key.
struct SpannedKey<'de> {
    key: Option<Key<'de>>,
    step: u8,
}

impl<'de> MapAccess<'de> for SpannedKey<'de> {
    type Error = JsonError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, JsonError> {
        protocol_key(self.step, seed)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, JsonError> {
        self.step += 1;
        match (self.step, self.key.take()) {
            (1, key) => {
                self.key = key;
                seed.deserialize(true.into_deserializer())
            }
            (2, Some(key)) => {
                let (start, end) = (key.start, key.end);
                self.key = Some(Key { text: Cow::Borrowed(""), start, end });
                seed.deserialize(key)
            }
            (_, key) => {
                let (start, end) = key.map_or((0, 0), |k| (k.start, k.end));
                seed.deserialize(range(start, end))
            }
        }
    }
}

struct ListAccess<'a, 'de> {
    json: &'a mut Json<'de>,
    first: bool,
    /// The closing bracket is read: nothing more, however often asked.
    done: bool,
}

impl<'de> SeqAccess<'de> for ListAccess<'_, 'de> {
    type Error = JsonError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, JsonError> {
        if self.done {
            return Ok(None);
        }
        match self.json.next_token()? {
            b']' => {
                self.json.pos += 1;
                self.done = true;
                return Ok(None);
            }
            b',' if !self.first => self.json.pos += 1,
            _ if self.first => {}
            _ => return Err(self.json.error(format!("expected `,` or `]`, found {}", self.json.found()))),
        }
        self.first = false;
        if self.json.skipped() {
            self.done = true;
            return Ok(None);
        }
        seed.deserialize(&mut *self.json).map(Some)
    }
}

/// Keys of one object, to refuse duplicates: a list while short, a hash set
/// beyond (an object of a million keys must not cost a million squared).
struct ObjectAccess<'a, 'de> {
    json: &'a mut Json<'de>,
    first: bool,
    done: bool,
    /// On the stack for the common object of a few keys.
    keys: smallvec::SmallVec<[Cow<'de, str>; 8]>,
    /// Boxed: most objects never need it, and the reader moves this struct.
    set: Option<Box<hashbrown::HashSet<Cow<'de, str>, foldhash::fast::FixedState>>>,
}

impl<'a, 'de> ObjectAccess<'a, 'de> {
    fn new(json: &'a mut Json<'de>) -> Self {
        ObjectAccess { json, first: true, done: false, keys: smallvec::SmallVec::new(), set: None }
    }

    /// Whether `key` was not seen before in this object.
    #[allow(clippy::ptr_arg, reason = "cloning the `Cow` keeps a key borrowed from the text; a `&str` would be copied")]
    fn is_new(&mut self, key: &Cow<'de, str>) -> bool {
        const LINEAR: usize = 16;
        if let Some(set) = &mut self.set {
            return set.insert(key.clone());
        }
        if self.keys.contains(key) {
            return false;
        }
        self.keys.push(key.clone());
        if self.keys.len() > LINEAR {
            self.set = Some(Box::new(std::mem::take(&mut self.keys).into_iter().collect()));
        }
        true
    }
}

impl<'de> MapAccess<'de> for ObjectAccess<'_, 'de> {
    type Error = JsonError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, JsonError> {
        if self.done {
            return Ok(None);
        }
        match self.json.next_token()? {
            b'}' => {
                self.json.pos += 1;
                self.done = true;
                return Ok(None);
            }
            b',' if !self.first => {
                self.json.pos += 1;
                self.json.skip_ws();
            }
            _ if self.first => {}
            _ => return Err(self.json.error(format!("expected `,` or `}}`, found {}", self.json.found()))),
        }
        self.first = false;
        if self.json.peek() != Some(b'"') {
            return Err(self.json.error(format!("expected a key in double quotes, found {}", self.json.found())));
        }
        let at = self.json.pos;
        let key = self.json.string()?;
        if !self.is_new(&key) {
            return Err(JsonError {
                at: Some(at),
                ..self.json.error(format!("the key {} is written twice", describe_text(&key)))
            });
        }
        let end = self.json.pos;
        self.json.expect(b':', "`:` after the key")?;
        seed.deserialize(Key { text: key, start: at, end }).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, JsonError> {
        seed.deserialize(&mut *self.json)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::Value;

    use super::*;

    fn ours(text: &str) -> Result<Value, JsonError> {
        with_deserializer(text, |d| Value::deserialize(d))
    }

    /// Any JSON value: scalars of every kind, nested lists and objects.
    fn value() -> impl Strategy<Value = Value> {
        let scalar = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(Value::from),
            ".*".prop_map(Value::String),
        ];
        scalar.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((".{0,8}", inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// What serde_json writes, this reader reads back as serde_json does.
        #[test]
        fn reads_what_serde_json_reads(v in value()) {
            for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
                prop_assert_eq!(ours(&text).unwrap(), serde_json::from_str::<Value>(&text).unwrap());
            }
        }

        /// On text made of JSON's own characters, accepted and refused alike
        /// (bar duplicate keys, which serde_json lets the last one win).
        #[test]
        fn refuses_what_serde_json_refuses(text in r#"[\[\]{}",: 0-9eE.+\-tfnrulsa\\/b\n]{0,24}"#) {
            let theirs = serde_json::from_str::<Value>(&text);
            match ours(&text) {
                Ok(v) => prop_assert_eq!(Ok(v), theirs.map_err(|e| e.to_string())),
                Err(e) if e.message.contains("written twice") => prop_assert!(theirs.is_ok()),
                Err(e) => prop_assert!(theirs.is_err(), "{text:?}: we refused ({e}), serde_json read it"),
            }
        }
    }

    #[test]
    fn numbers_as_rfc_8259_writes_them() {
        let read = |t: &str| ours(t).map_err(|e| e.message);
        // An integer, as YAML reads it (serde_json makes it the float -0.0).
        assert_eq!(read("-0").unwrap(), Value::from(0));
        assert_eq!(read("9223372036854775808").unwrap(), Value::from(9_223_372_036_854_775_808_u64));
        assert_eq!(read("18446744073709551616").unwrap(), Value::from(18_446_744_073_709_551_616.0));
        assert_eq!(read("1e999").unwrap(), Value::from("1e999"));
        for bad in ["01", "1.", ".5", "-", "1e", "+1", "0x10", "NaN"] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn escapes_and_surrogates() {
        assert_eq!(ours(r#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#).unwrap(), Value::from("a\"\\/\u{8}\u{c}\n\r\té😀"));
        for bad in [r#""\ud83d""#, r#""\ude00""#, r#""\ud83dx""#, r#""\u12""#, r#""\q""#] {
            assert!(ours(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn duplicate_keys_are_refused_however_many_keys() {
        let keys: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(ours(&format!("{{{}}}", keys.join(","))).is_ok());
        let error = ours(&format!("{{{}, \"k3\": 0}}", keys.join(","))).unwrap_err();
        assert!(error.message.contains("`k3` is written twice"), "{error}");
        assert_eq!(error.at, Some(keys.join(",").len() + 3));
    }

    /// Text from the file in a message is cut short, on a character
    /// boundary (a key or word of any length, in any script).
    #[test]
    fn file_text_in_messages_is_bounded() {
        let key = "é".repeat(5000);
        let error = ours(&format!("{{\"{key}\": 1, \"{key}\": 2}}")).unwrap_err();
        assert!(error.message.len() < 200 && error.message.contains('…'), "{}", error.message);
        // A bare word whose 40th byte falls inside a character.
        let error = ours(&format!("[k{}]", "é".repeat(5000))).unwrap_err();
        assert!(error.message.len() < 200 && error.message.contains("`kéé"), "{}", error.message);
    }

    #[test]
    fn depth_is_bounded_not_the_stack() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let error = ours(&deep).unwrap_err();
        assert_eq!(error.at, Some(MAX_DEPTH));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(ours(&ok).is_ok());
    }
}
