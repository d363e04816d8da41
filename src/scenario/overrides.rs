//! `overrides:`: fields of facts changed by the scenario, without copying
//! the file that holds them. A sensitivity run ("treat Georgia as not
//! European") includes the shared reference data and says what differs:
//!
//! ```yaml
//! include: [../data/states.yaml]
//! overrides:
//!   State:
//!     - { id: GEO, in_europe: false }
//! ```
//!
//! Each entry names a fact by type and id, and gives the fields to replace.
//! Overrides apply once every file is read, before references are
//! resolved; the fact remembers which fields were overridden and where, and
//! findings and explanations say so.

use crate::value::ArcStr;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess};

use super::cx::Cx;
use super::fact::OverrideSeed;
use super::node::{Located, Node, NodeSeed, Shape, Text};
use super::position::located;
use super::store::FactStore;
use super::{ScenarioError, ScenarioErrorKind};
use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::value::{EntityId, Value};

/// One entry: the fact, and each field's new value with where it is written.
#[derive(Debug, Clone)]
pub(super) struct Override {
    pub entity: EntityId,
    pub id: ArcStr,
    pub id_span: Span,
    pub fields: Vec<(usize, Value, Span)>,
}

/// The value of `overrides:`: a mapping of entity types to lists of entries.
pub(super) struct OverridesSeed<'a, 's> {
    pub cx: &'a mut Cx<'s>,
    pub out: &'a mut Vec<Override>,
}

impl<'de> DeserializeSeed<'de> for OverridesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let (found, loc) = located(d, NodeSeed(Types { cx: &mut *self.cx, out: &mut *self.out }))?;
        if let Some(found) = found {
            let span = self.cx.span(&loc);
            let expected = "a mapping of entity types to lists of `{ id: …, field: value }`".to_string();
            self.cx.error(ScenarioErrorKind::WrongType { expected, found }, span);
        }
        Ok(())
    }
}

struct Types<'a, 's> {
    cx: &'a mut Cx<'s>,
    out: &'a mut Vec<Override>,
}

impl<'de> Node<'de> for Types<'_, '_> {
    type Out = Option<String>;

    fn scalar(self, shape: Shape<'_>) -> Option<String> {
        match shape {
            Shape::Null => None,
            other => Some(other.describe()),
        }
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        while let Some((name, loc)) = map.next_key_seed(Located(Text))? {
            let span = self.cx.span(&loc);
            let name = name.unwrap_or_else(|found| found);
            let Some(entity) = self.cx.schema.entity_by_name(&name) else {
                let suggestion = did_you_mean(&name, self.cx.schema.entities.iter().map(|e| e.name.as_str()));
                self.cx.error(ScenarioErrorKind::UnknownType { name, suggestion }, span);
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            map.next_value_seed(Entries { cx: &mut *self.cx, out: &mut *self.out, entity })?;
        }
        Ok(None)
    }
}

struct Entries<'a, 's> {
    cx: &'a mut Cx<'s>,
    out: &'a mut Vec<Override>,
    entity: EntityId,
}

impl<'de> DeserializeSeed<'de> for Entries<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let Entries { cx, out, entity } = self;
        let (found, loc) = located(d, NodeSeed(List { cx: &mut *cx, out, entity }))?;
        if let Some(found) = found {
            let span = cx.span(&loc);
            let expected = "a list of `{ id: …, field: value }`".to_string();
            cx.error(ScenarioErrorKind::WrongType { expected, found }, span);
        }
        Ok(())
    }
}

struct List<'a, 's> {
    cx: &'a mut Cx<'s>,
    out: &'a mut Vec<Override>,
    entity: EntityId,
}

impl<'de> Node<'de> for List<'_, '_> {
    type Out = Option<String>;

    fn scalar(self, shape: Shape<'_>) -> Option<String> {
        match shape {
            Shape::Null => None,
            other => Some(other.describe()),
        }
    }

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        let schema = self.cx.schema;
        let Some(def) = schema.entity(self.entity) else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(None);
        };
        while let Some(entry) = seq.next_element_seed(OverrideSeed { cx: &mut *self.cx, entity: self.entity, def })? {
            self.out.extend(entry);
        }
        Ok(None)
    }
}

/// Applies the overrides to the facts read; an id no fact of the type has
/// is an error at the entry.
pub(super) fn apply(
    schema: &crate::schema::Schema,
    store: &mut FactStore,
    overrides: Vec<Override>,
    errors: &mut Vec<ScenarioError>,
) {
    for o in overrides {
        let Some(table) = store.tables.get_mut(o.entity.0 as usize) else { continue };
        let Some(row) = table.row_of(&o.id) else {
            let suggestion = did_you_mean(&o.id, table.ids());
            let entity = super::cx::entity_name(schema, o.entity);
            let kind = ScenarioErrorKind::DanglingRef { entity, id: o.id.to_string(), suggestion };
            errors.push(ScenarioError::new(kind, o.id_span));
            continue;
        };
        table.set_fields(row, o.fields);
    }
}
