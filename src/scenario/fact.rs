//! Reading facts and records: a YAML mapping whose keys are the fields of a
//! [`StructType`] (plus `id` for facts). Values go straight into a row in
//! schema order; omitted fields take their default, become `Missing` when
//! optional, or are reported. Finished facts go into their table.

use crate::value::ArcStr;
use ecow::EcoString;
use std::sync::Arc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess};

use super::cx::{Cx, Site};
use super::node::{Located, Node, NodeSeed, Shape};
use super::peek::{self, Kind, Peek};
use super::position::{KeySeed, located};
use super::provenance::Provenance;
use super::sources::{ConfidenceSeed, SourcesSeed};
use super::store::Fact;
use super::value::ValueSeed;
use super::{ScenarioError, ScenarioErrorKind};
use crate::schema::{StructType, Type};
use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::value::{EntityId, Value};

/// The fields of a fact or record as read, before its span is known.
pub(super) struct Partial {
    fields: Vec<Value>,
    spans: Vec<Span>,
    given: Given,
    id: Option<(EcoString, Span)>,
    /// Whether `id:` was written (if so, a bad one is reported already).
    id_given: bool,
    provenance: Option<Provenance>,
    /// Errors from here on belong to this fact (their `id` is filled in).
    errors_from: usize,
}

/// Which fields a mapping gave, without allocating for up to 64 fields.
struct Given {
    low: u64,
    high: Vec<bool>,
}

impl Given {
    fn new(count: usize) -> Self {
        Given { low: 0, high: vec![false; count.saturating_sub(64)] }
    }

    fn set(&mut self, i: usize) {
        match i.checked_sub(64) {
            None => self.low |= 1 << i,
            Some(j) => {
                if let Some(slot) = self.high.get_mut(j) {
                    *slot = true;
                }
            }
        }
    }

    fn has(&self, i: usize) -> bool {
        match i.checked_sub(64) {
            None => self.low & (1 << i) != 0,
            Some(j) => self.high.get(j).copied().unwrap_or(false),
        }
    }
}

/// A key of a fact or record mapping.
enum Key {
    Id,
    Source,
    Confidence,
    Field(usize),
    Unknown(String),
}

#[derive(Clone, Copy)]
struct Keys<'s> {
    def: &'s StructType,
    is_fact: bool,
}

impl Keys<'_> {
    fn classify(self, key: &str) -> Key {
        if self.is_fact {
            match key {
                "id" => return Key::Id,
                "source" => return Key::Source,
                "confidence" => return Key::Confidence,
                _ => {}
            }
        }
        // A scan beats hashing for the few fields a type has.
        let found = if self.def.fields.len() <= 16 {
            self.def.fields.iter().position(|f| f.name == key)
        } else {
            self.def.field(key)
        };
        found.map_or_else(|| Key::Unknown(key.to_string()), Key::Field)
    }
}

/// Reads the entries of a fact (`entity` given) or record mapping.
pub(super) fn read_fields<'de, A: MapAccess<'de>>(
    cx: &mut Cx,
    def: &StructType,
    entity: Option<EntityId>,
    mut map: A,
) -> Result<Partial, A::Error> {
    let count = def.fields.len();
    let mut fields = std::mem::take(&mut cx.spare_fields);
    fields.clear();
    fields.resize(count, Value::Missing);
    let mut spans = std::mem::take(&mut cx.spare_spans);
    spans.clear();
    spans.resize(count, Span::default());
    let mut p = Partial {
        fields,
        spans,
        given: Given::new(count),
        id: None,
        id_given: false,
        provenance: None,
        errors_from: cx.errors.len(),
    };
    let keys = Keys { def, is_fact: entity.is_some() };
    let text = cx.text();
    while let Some((key, at)) = map.next_key_seed(KeySeed { text, read: |k: &str| keys.classify(k) })? {
        // A key before what was read already is replayed by an alias or a
        // merge: its value is located at the use, by the general path.
        let live = at.filter(|&at| cx.fast && at >= cx.last_end);
        let peek = |len: usize| live.and_then(|at| peek::scalar_after_key(text, at..at + len));
        match key {
            Key::Id => {
                p.id = map.next_value_seed(IdSeed { cx: &mut *cx, peek: peek(2) })?;
                p.id_given = true;
            }
            Key::Source => {
                let sources = map.next_value_seed(SourcesSeed { cx: &mut *cx })?;
                p.provenance.get_or_insert_default().sources = sources;
            }
            Key::Confidence => {
                let confidence = map.next_value_seed(ConfidenceSeed { cx: &mut *cx })?;
                p.provenance.get_or_insert_default().confidence = confidence;
            }
            Key::Field(i) => {
                let peek = def.fields.get(i).and_then(|f| peek(f.name.len()));
                read_field(cx, def, entity, (i, peek), &mut p, &mut map)?;
            }
            Key::Unknown(name) => {
                let span = match at {
                    Some(start) => Span::new(cx.file, start, start + name.len()),
                    // A key not written literally: point at its value.
                    None => {
                        let ((), loc) = map.next_value_seed(Located(Skip))?;
                        cx.span(&loc)
                    }
                };
                unknown_field(cx, def, entity.is_some(), name, span);
                if at.is_some() {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
    }
    Ok(p)
}

fn read_field<'de, A: MapAccess<'de>>(
    cx: &mut Cx,
    def: &StructType,
    entity: Option<EntityId>,
    (i, peek): (usize, Option<Peek>),
    p: &mut Partial,
    map: &mut A,
) -> Result<(), A::Error> {
    let Some(field) = def.fields.get(i) else {
        return map.next_value::<IgnoredAny>().map(drop);
    };
    if entity.is_some() {
        cx.site.field = u32::try_from(i).unwrap_or(u32::MAX);
    }
    let read = map.next_value_seed(ValueSeed { cx: &mut *cx, ty: &field.ty, nested: entity.is_none(), peek })?;
    p.given.set(i);
    p.spans[i] = read.span;
    p.fields[i] = match read.value {
        Some(v) => v,
        // Null: as if omitted, when that is allowed; in a required field,
        // a value that is not known.
        None => match (&field.default, &field.ty) {
            (Some(default), _) => default.clone(),
            (None, Type::Optional(_)) => Value::Missing,
            (None, _) => Value::Unknown(None),
        },
    };
    Ok(())
}

fn unknown_field(cx: &mut Cx, def: &StructType, is_fact: bool, field: String, span: Span) {
    let own: &[&str] = if is_fact { &["id", "source", "confidence"] } else { &[] };
    let suggestion = did_you_mean(&field, def.field_names().chain(own.iter().copied()));
    cx.error(ScenarioErrorKind::UnknownField { entity: def.name.clone(), field, suggestion }, span);
}

/// Any node, skipped.
struct Skip;

impl<'de> Node<'de> for Skip {
    type Out = ();

    fn scalar(self, _: Shape<'_>) {}
}

/// The `id:` of a fact: non-empty text.
struct IdSeed<'a, 's> {
    cx: &'a mut Cx<'s>,
    peek: Option<Peek>,
}

impl<'de> DeserializeSeed<'de> for IdSeed<'_, '_> {
    type Value = Option<(EcoString, Span)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let text = self.cx.text();
        let (id, span) = match self.peek {
            Some(Peek { start, kind: Kind::Text { quoted } }) => {
                let (id, end) = peek::read_text(d, IdNode, text, start, quoted)?;
                (id, self.cx.span_at(start, end))
            }
            _ => {
                let (id, loc) = located(d, NodeSeed(IdNode))?;
                (id, self.cx.span(&loc))
            }
        };
        match id {
            Ok(id) => Ok(Some((id, span))),
            Err(found) => {
                let expected = "an id (non-empty text; quote numbers)".to_string();
                self.cx.error(ScenarioErrorKind::WrongType { expected, found }, span);
                Ok(None)
            }
        }
    }
}

struct IdNode;

impl<'de> Node<'de> for IdNode {
    type Out = Result<EcoString, String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        match shape {
            Shape::Str(s) if !s.is_empty() => Ok(EcoString::from(s)),
            other => Err(other.describe()),
        }
    }
}

/// Fills omitted fields and names the fact in its missing-field errors.
fn complete(cx: &mut Cx, def: &StructType, p: &mut Partial, span: Span) {
    for (i, field) in def.fields.iter().enumerate() {
        if p.given.has(i) {
            continue;
        }
        p.spans[i] = span;
        p.fields[i] = match (&field.default, &field.ty) {
            (Some(default), _) => default.clone(),
            (None, Type::Optional(_)) => Value::Missing,
            (None, _) => {
                let kind = ScenarioErrorKind::MissingField {
                    entity: def.name.clone(),
                    id: String::new(),
                    field: field.name.clone(),
                };
                cx.error(kind, span);
                Value::Missing
            }
        };
    }
}

/// Missing-field errors are recorded before the fact's id may be known.
fn name_fact(errors: &mut [ScenarioError], id: &str) {
    for e in errors {
        if let ScenarioErrorKind::MissingField { id: slot, .. } = &mut e.kind
            && slot.is_empty()
        {
            *slot = id.to_string();
        }
    }
}

pub(super) fn finish_record(cx: &mut Cx, def: &StructType, mut p: Partial, span: Span) -> Value {
    complete(cx, def, &mut p, span);
    Value::Record(Arc::new(p.fields.into_boxed_slice()))
}

/// Reads one fact of `entity` (an item of its top-level list) into its table.
pub(super) struct FactSeed<'a, 's> {
    pub cx: &'a mut Cx<'s>,
    pub entity: EntityId,
    pub def: &'s StructType,
}

impl<'de> DeserializeSeed<'de> for FactSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let FactSeed { cx, entity, def } = self;
        let row = cx.store.table(entity).map_or(0, |t| t.len());
        cx.site = Site { entity, row: u32::try_from(row).unwrap_or(u32::MAX), field: 0 };
        let nested_from = cx.nested.get(entity.0 as usize).map_or(0, Vec::len);
        let (raw, loc) = located(d, NodeSeed(FactNode { cx: &mut *cx, def, entity }))?;
        let start = cx.span(&loc);
        let span = cx.close(start);
        match raw {
            Ok(p) => {
                if !insert(cx, entity, def, p, span) {
                    // Not in the table: its pending references go too.
                    if let Some(refs) = cx.nested.get_mut(entity.0 as usize) {
                        refs.truncate(nested_from);
                    }
                }
            }
            Err(found) => {
                let expected = format!("a `{}` fact (a mapping with `id:`)", def.name);
                cx.error(ScenarioErrorKind::WrongType { expected, found }, span);
            }
        }
        Ok(())
    }
}

/// One entry of `overrides:`: a fact's id and the fields to replace. Its
/// nested references are located by the entry's field spans, not recorded
/// against a row (the entry is no row of the table).
pub(super) struct OverrideSeed<'a, 's> {
    pub cx: &'a mut Cx<'s>,
    pub entity: EntityId,
    pub def: &'s StructType,
}

impl<'de> DeserializeSeed<'de> for OverrideSeed<'_, '_> {
    type Value = Option<super::overrides::Override>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let OverrideSeed { cx, entity, def } = self;
        let row = cx.store.table(entity).map_or(0, |t| t.len());
        cx.site = Site { entity, row: u32::try_from(row).unwrap_or(u32::MAX), field: 0 };
        let nested_from = cx.nested.get(entity.0 as usize).map_or(0, Vec::len);
        let (raw, loc) = located(d, NodeSeed(FactNode { cx: &mut *cx, def, entity }))?;
        if let Some(refs) = cx.nested.get_mut(entity.0 as usize) {
            refs.truncate(nested_from);
        }
        let span = cx.span(&loc);
        let p = match raw {
            Ok(p) => p,
            Err(found) => {
                let expected = format!("a `{}` override (a mapping with `id:` and fields)", def.name);
                cx.error(ScenarioErrorKind::WrongType { expected, found }, span);
                return Ok(None);
            }
        };
        let Some((id, id_span)) = p.id else {
            if !p.id_given {
                cx.error(ScenarioErrorKind::MissingId { entity: def.name.clone() }, span);
            }
            return Ok(None);
        };
        let fields = (0..def.fields.len())
            .filter(|&i| p.given.has(i))
            .filter_map(|i| Some((i, p.fields.get(i)?.clone(), *p.spans.get(i)?)))
            .collect();
        Ok(Some(super::overrides::Override { entity, id: ArcStr::from(&*id), id_span, fields }))
    }
}

struct FactNode<'a, 's> {
    cx: &'a mut Cx<'s>,
    def: &'s StructType,
    entity: EntityId,
}

impl<'de> Node<'de> for FactNode<'_, '_> {
    type Out = Result<Partial, String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        Err(shape.describe())
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Out, A::Error> {
        read_fields(self.cx, self.def, Some(self.entity), map).map(Ok)
    }
}

/// Completes a fact and adds it to its table; false if it could not be.
fn insert(cx: &mut Cx, entity: EntityId, def: &StructType, mut p: Partial, span: Span) -> bool {
    complete(cx, def, &mut p, span);
    let name = p.id.as_ref().map_or("?", |(id, _)| &**id);
    if let Some(errors) = cx.errors.get_mut(p.errors_from..) {
        name_fact(errors, name);
    }
    let Some((id, id_span)) = p.id else {
        if !p.id_given {
            cx.error(ScenarioErrorKind::MissingId { entity: def.name.clone() }, span);
        }
        return false;
    };
    if cx.left_out.excludes(p.provenance.as_ref()) {
        if let Some(ids) = cx.left_out.ids.get_mut(entity.0 as usize) {
            ids.insert(ArcStr::from(&*id));
        }
        cx.left_out.count += 1;
        return false;
    }
    let provenance = p.provenance.map(Arc::new);
    let fact = (Fact { id, span }, provenance);
    let Some(table) = cx.store.tables.get_mut(entity.0 as usize) else {
        return false;
    };
    let inserted = table.insert(fact, &mut p.fields, &mut p.spans);
    cx.spare_fields = p.fields;
    cx.spare_spans = p.spans;
    match inserted {
        Ok(_) => {
            if cx.included
                && let Some(spans) = cx.id_spans.get_mut(entity.0 as usize)
            {
                spans.push(id_span);
            }
            true
        }
        Err(row) => {
            let first = table.get(row).map(|f| f.span);
            let id = table.get(row).map_or_else(String::new, |f| f.id.to_string());
            let mut error =
                ScenarioError::new(ScenarioErrorKind::DuplicateId { entity: def.name.clone(), id }, id_span);
            error.related = first;
            cx.errors.push(error);
            false
        }
    }
}
