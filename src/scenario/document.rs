//! The top level of one scenario file: the settings (`description`,
//! `as_of`, `include`, `params`, `expect`) and, under every other key, the
//! list of facts of the entity type of that name.

use std::collections::BTreeMap;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess};

use super::cx::Cx;
use super::expect::{self, Expectations};
use super::fact::FactSeed;
use super::node::{Located, Node, NodeSeed, Shape, Text};
use super::position::{At, located};
use super::{ParamValue, ScenarioErrorKind};
use crate::calendar::{self, Date};
use crate::schema::Schema;
use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::value::EntityId;

const INCLUDE: &str = "a path or a list of paths";
const SETTINGS: [&str; 9] =
    ["description", "as_of", "include", "params", "expect", "complete", "incomplete", "overrides", "include_only"];

/// What one file says besides its facts.
#[derive(Default)]
pub(super) struct FileOut {
    pub description: Option<String>,
    pub as_of: Option<(Date, Span)>,
    pub params: BTreeMap<String, (ParamValue, Span)>,
    pub expect: Option<Expectations>,
    /// `include:` entries as written, with their spans.
    pub includes: Vec<(String, Span)>,
    /// `complete:` and `incomplete:`: the entity types the scenario says it
    /// records completely, or not (`None`: not said).
    pub complete: Option<Kinds>,
    pub incomplete: Option<Kinds>,
    /// `overrides:`: fields of facts to replace once every file is read.
    pub overrides: Vec<super::overrides::Override>,
    /// `include_only: true`, where it says so.
    pub include_only: Option<Span>,
}

impl FileOut {
    /// Adds what another part of the same file said (each setting is said
    /// in one part only: a file is cut only if no top-level key repeats).
    pub fn merge(&mut self, other: FileOut) {
        let FileOut { description, as_of, params, expect, includes, complete, incomplete, overrides, include_only } =
            other;
        self.description = self.description.take().or(description);
        self.as_of = self.as_of.take().or(as_of);
        self.params.extend(params);
        self.expect = self.expect.take().or(expect);
        self.includes.extend(includes);
        self.complete = self.complete.take().or(complete);
        self.incomplete = self.incomplete.take().or(incomplete);
        self.overrides.extend(overrides);
        self.include_only = self.include_only.take().or(include_only);
    }
}

/// Entity types named in `complete:` or `incomplete:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kinds {
    All,
    /// Each type with where it is named.
    These(Vec<(EntityId, Span)>),
}

impl Kinds {
    /// Where `entity` is named (`all` names every type).
    pub fn names(&self, entity: usize, all_at: Span) -> Option<Span> {
        match self {
            Kinds::All => Some(all_at),
            Kinds::These(ids) => ids.iter().find(|(e, _)| e.0 as usize == entity).map(|(_, at)| *at),
        }
    }
}

/// Reads a whole file: facts into `cx`, settings into the result.
pub(super) fn read<'de, D: Deserializer<'de>>(cx: &mut Cx, d: D) -> Result<FileOut, D::Error> {
    let mut out = FileOut::default();
    let (found, loc) = located(d, NodeSeed(DocNode { cx: &mut *cx, out: &mut out }))?;
    if let Some(found) = found {
        let expected = "a mapping of entity types and settings".to_string();
        let span = cx.span(&loc);
        cx.error(ScenarioErrorKind::WrongType { expected, found }, span);
    }
    Ok(out)
}

/// Reads a run of items of `entity`'s list, written as a list of its own
/// (a chunk of a file cut by `split.rs`).
pub(super) fn read_list<'de, D: Deserializer<'de>>(cx: &mut Cx, d: D, entity: EntityId) -> Result<bool, D::Error> {
    let (read, _) = located(d, NodeSeed(Facts { cx, entity }))?;
    Ok(read.is_ok())
}

/// Reads items of `entity`'s list from `seq` (a run of a JSON list's
/// elements, see `split_json.rs`).
pub(super) fn read_items<'de, A: SeqAccess<'de>>(cx: &mut Cx, seq: A, entity: EntityId) -> Result<bool, A::Error> {
    Facts { cx, entity }.seq(seq).map(|read| read.is_ok())
}

struct DocNode<'a, 's> {
    cx: &'a mut Cx<'s>,
    out: &'a mut FileOut,
}

impl<'de> Node<'de> for DocNode<'_, '_> {
    /// What was found instead of a mapping, if anything.
    type Out = Option<String>;

    fn scalar(self, shape: Shape<'_>) -> Option<String> {
        match shape {
            Shape::Null => None,
            other => Some(other.describe()),
        }
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let schema = self.cx.schema;
        while let Some((key, loc)) = map.next_key_seed(Located(TopKeyNode { schema }))? {
            let span = self.cx.span(&loc);
            entry(self.cx, self.out, key, span, &mut map)?;
        }
        Ok(None)
    }
}

enum TopKey {
    Description,
    AsOf,
    Include,
    Params,
    Expect,
    Complete,
    Incomplete,
    Overrides,
    IncludeOnly,
    Entity(EntityId),
    Unknown(String),
}

struct TopKeyNode<'s> {
    schema: &'s Schema,
}

impl<'de> Node<'de> for TopKeyNode<'_> {
    type Out = TopKey;

    fn scalar(self, shape: Shape<'_>) -> TopKey {
        match shape {
            Shape::Str("description") => TopKey::Description,
            Shape::Str("as_of") => TopKey::AsOf,
            Shape::Str("include") => TopKey::Include,
            Shape::Str("params") => TopKey::Params,
            Shape::Str("expect") => TopKey::Expect,
            Shape::Str("complete") => TopKey::Complete,
            Shape::Str("incomplete") => TopKey::Incomplete,
            Shape::Str("overrides") => TopKey::Overrides,
            Shape::Str("include_only") => TopKey::IncludeOnly,
            Shape::Str(s) => {
                self.schema.entity_by_name(s).map_or_else(|| TopKey::Unknown(s.to_string()), TopKey::Entity)
            }
            other => TopKey::Unknown(other.describe()),
        }
    }
}

/// Reads the value of one top-level key.
fn entry<'de, A: MapAccess<'de>>(
    cx: &mut Cx,
    out: &mut FileOut,
    key: TopKey,
    key_span: Span,
    map: &mut A,
) -> Result<(), A::Error> {
    let main_only = match key {
        TopKey::AsOf => Some("as_of"),
        TopKey::Params => Some("params"),
        TopKey::Expect => Some("expect"),
        TopKey::Complete => Some("complete"),
        TopKey::Incomplete => Some("incomplete"),
        TopKey::Overrides => Some("overrides"),
        _ => None,
    };
    if let Some(name) = main_only.filter(|_| cx.included) {
        cx.error(ScenarioErrorKind::SettingInInclude { name: name.into() }, key_span);
        return map.next_value::<IgnoredAny>().map(drop);
    }
    match key {
        TopKey::Description => out.description = map.next_value_seed(Located(Text)).map(|r| text(cx, r))?,
        TopKey::AsOf => out.as_of = map.next_value_seed(Located(Text)).map(|r| as_of(cx, r))?,
        TopKey::Include => {
            let (read, loc) = map.next_value_seed(Located(Includes { cx: &mut *cx }))?;
            let span = cx.span(&loc);
            let paths = settle(cx, read, INCLUDE, span).unwrap_or_default();
            out.includes = paths.into_iter().map(|(path, at)| (path, at.unwrap_or(span))).collect();
        }
        TopKey::Params => {
            let (read, loc) = map.next_value_seed(Located(Params { cx: &mut *cx }))?;
            let span = cx.span(&loc);
            out.params = settle(cx, read, "a mapping of parameter names to values", span).unwrap_or_default();
        }
        TopKey::Expect => out.expect = Some(map.next_value_seed(expect::ExpectSeed { cx: &mut *cx })?),
        TopKey::IncludeOnly => {
            let (read, loc) = map.next_value_seed(Located(Flag))?;
            let span = cx.span(&loc);
            match read {
                Ok(true) => out.include_only = Some(key_span),
                Ok(false) => {}
                Err(found) => wrong(cx, "`true` or `false`", found, span),
            }
        }
        TopKey::Overrides => {
            map.next_value_seed(super::overrides::OverridesSeed { cx: &mut *cx, out: &mut out.overrides })?;
        }
        TopKey::Complete | TopKey::Incomplete => {
            let (read, loc) = map.next_value_seed(Located(Includes { cx: &mut *cx }))?;
            let span = cx.span(&loc);
            let names = settle(cx, read, "`all` or a list of entity types", span).unwrap_or_default();
            let kinds = Some(kinds(cx, names, span));
            if matches!(key, TopKey::Complete) { out.complete = kinds } else { out.incomplete = kinds }
        }
        TopKey::Entity(entity) => {
            let (read, loc) = map.next_value_seed(Located(Facts { cx: &mut *cx, entity }))?;
            let span = cx.span(&loc);
            let expected = format!("a list of `{}` facts", super::cx::entity_name(cx.schema, entity));
            settle(cx, read, &expected, span);
        }
        TopKey::Unknown(name) => {
            unknown(cx, name, key_span);
            map.next_value::<IgnoredAny>().map(drop)?;
        }
    }
    Ok(())
}

/// `all`, or entity type names (each checked).
fn kinds(cx: &mut Cx, names: Vec<(String, Option<Span>)>, span: Span) -> Kinds {
    if let [(all, _)] = names.as_slice() {
        if all == "all" {
            return Kinds::All;
        }
    }
    let mut ids = Vec::new();
    for (name, at) in names {
        match cx.schema.entity_by_name(&name) {
            Some(id) => ids.push((id, at.unwrap_or(span))),
            None => {
                let suggestion = did_you_mean(&name, cx.schema.entities.iter().map(|e| e.name.as_str()));
                cx.error(ScenarioErrorKind::UnknownType { name, suggestion }, at.unwrap_or(span));
            }
        }
    }
    Kinds::These(ids)
}

/// Reports a value of the wrong shape (`Err(found)`) at its span.
fn settle<T>(cx: &mut Cx, read: Result<T, String>, expected: &str, span: Span) -> Option<T> {
    read.map_err(|found| wrong(cx, expected, found, span)).ok()
}

fn unknown(cx: &mut Cx, name: String, span: Span) {
    let entities = cx.schema.entities.iter().map(|e| e.name.as_str());
    let suggestion = did_you_mean(&name, SETTINGS.into_iter().chain(entities));
    cx.error(ScenarioErrorKind::UnknownType { name, suggestion }, span);
}

fn wrong(cx: &mut Cx, expected: &str, found: String, span: Span) {
    cx.error(ScenarioErrorKind::WrongType { expected: expected.into(), found }, span);
}

fn text(cx: &mut Cx, (read, loc): (Result<String, String>, At)) -> Option<String> {
    let span = cx.span(&loc);
    read.map_err(|found| wrong(cx, "text", found, span)).ok()
}

fn as_of(cx: &mut Cx, (read, loc): (Result<String, String>, At)) -> Option<(Date, Span)> {
    let span = cx.span(&loc);
    match read.map(|s| calendar::parse_date(&s)) {
        Ok(Ok(date)) => Some((date, span)),
        Ok(Err(message)) => {
            cx.error(ScenarioErrorKind::BadDate(message), span);
            None
        }
        Err(found) => {
            wrong(cx, "a date (YYYY-MM-DD)", found, span);
            None
        }
    }
}

/// `include: [a.yaml, b.yaml]` or `include: a.yaml`.
struct Includes<'a, 's> {
    cx: &'a mut Cx<'s>,
}

impl<'de> Node<'de> for Includes<'_, '_> {
    /// Paths with their spans; a lone path's span is the value's.
    type Out = Result<Vec<(String, Option<Span>)>, String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        match shape {
            Shape::Null => Ok(Vec::new()),
            Shape::Str(s) => Ok(vec![(s.to_string(), None)]),
            other => Err(other.describe()),
        }
    }

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        let mut paths = Vec::new();
        while let Some((path, loc)) = seq.next_element_seed(Located(Text))? {
            let span = self.cx.span(&loc);
            match path {
                Ok(path) => paths.push((path, Some(span))),
                Err(found) => wrong(self.cx, "a path", found, span),
            }
        }
        Ok(Ok(paths))
    }
}

/// `params: {name: value, …}`.
struct Params<'a, 's> {
    cx: &'a mut Cx<'s>,
}

impl<'de> Node<'de> for Params<'_, '_> {
    type Out = Result<BTreeMap<String, (ParamValue, Span)>, String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        match shape {
            Shape::Null => Ok(BTreeMap::new()),
            other => Err(other.describe()),
        }
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        let mut params = BTreeMap::new();
        while let Some((name, loc)) = map.next_key_seed(Located(Text))? {
            let name_span = self.cx.span(&loc);
            let (value, loc) = map.next_value_seed(Located(Param))?;
            let span = self.cx.span(&loc);
            match (name, value) {
                (Ok(name), Ok(value)) => drop(params.insert(name, (value, span))),
                (Err(found), _) => wrong(self.cx, "a parameter name", found, name_span),
                (_, Err(found)) => wrong(self.cx, "a parameter value (bool, number, date or text)", found, span),
            }
        }
        Ok(Ok(params))
    }
}

struct Param;

impl<'de> Node<'de> for Param {
    type Out = Result<ParamValue, String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        match shape {
            Shape::Bool(b) => Ok(ParamValue::Bool(b)),
            Shape::Int(n) => Ok(ParamValue::Int(n)),
            Shape::BigInt(n) => Ok(ParamValue::Decimal(n as f64)),
            Shape::Float(x) if x.is_finite() => Ok(ParamValue::Decimal(x)),
            Shape::Str(s) => Ok(ParamValue::Text(s.to_string())),
            other => Err(other.describe()),
        }
    }
}

/// The list of facts under an entity type's name.
struct Facts<'a, 's> {
    cx: &'a mut Cx<'s>,
    entity: EntityId,
}

impl<'de> Node<'de> for Facts<'_, '_> {
    type Out = Result<(), String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        match shape {
            Shape::Null => Ok(()),
            other => Err(other.describe()),
        }
    }

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        let schema = self.cx.schema;
        let Some(def) = schema.entity(self.entity) else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Ok(()));
        };
        while seq.next_element_seed(FactSeed { cx: &mut *self.cx, entity: self.entity, def })?.is_some() {}
        Ok(Ok(()))
    }
}

/// A boolean scalar; anything else is described for the error message.
struct Flag;

impl<'de> Node<'de> for Flag {
    type Out = Result<bool, String>;

    fn scalar(self, shape: Shape<'_>) -> Self::Out {
        match shape {
            Shape::Bool(b) => Ok(b),
            other => Err(other.describe()),
        }
    }
}
