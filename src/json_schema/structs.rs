//! Facts, records and `overrides:` entries: mappings of a declared type's
//! fields (`scenario/fact.rs`). A fact has a non-empty `id` and may cite
//! its `source` and grade its `confidence`; a field without a default
//! that is not optional must be given; no other key is allowed.

use serde_json::{Map, Value as Json, json};

use super::{Gen, defaults, docs, values};
use crate::schema::{FieldDef, StructType, Type};
use crate::span::Span;

impl Gen<'_> {
    /// A fact of `def`, as listed under the type's name.
    pub fn fact(&mut self, def: &StructType) -> Json {
        let mut properties = own_keys();
        properties.extend(self.fields(def));
        let about = self.about(def, "fact");
        object(about, properties, required(def, vec!["id".into()]))
    }

    /// An `overrides:` entry for a fact of `def`: its `id` and the fields
    /// to replace, none required.
    pub fn entry(&mut self, def: &StructType) -> Json {
        let mut properties = own_keys();
        properties.extend(self.fields(def));
        let about = format!("The `{}` fact with this `id`, and the fields to replace.", def.name);
        object(about, properties, vec!["id".into()])
    }

    /// A record value: its fields, without `id`.
    pub fn record(&mut self, def: &StructType) -> Json {
        let properties = self.fields(def);
        let about = self.about(def, "record");
        object(about, properties, required(def, Vec::new()))
    }

    /// `A Deployment fact.` and the comment above its declaration.
    pub fn about(&self, def: &StructType, what: &str) -> String {
        let plain = format!("A `{}` {what}.", def.name);
        match docs::leading(self.sources, def.span) {
            Some(doc) => format!("{plain} {doc}"),
            None => plain,
        }
    }

    /// Each field's schema, with its description and default.
    fn fields(&mut self, def: &StructType) -> Map<String, Json> {
        let next = def.fields.iter().skip(1).map(|f| Some(f.span)).chain([None]);
        let mut out = Map::new();
        for (f, next) in def.fields.iter().zip(next) {
            let mut schema = Map::new();
            schema.insert("description".into(), Json::String(self.field_doc(f, next)));
            if let Some(default) = f.default.as_ref().and_then(|d| defaults::json(self.schema, d)) {
                schema.insert("default".into(), default);
            }
            if let Json::Object(value) = self.field_value(&f.ty) {
                schema.extend(value);
            }
            out.insert(f.name.clone(), Json::Object(schema));
        }
        out
    }

    /// The modeller's comment, the declaration, and what may be written.
    fn field_doc(&self, f: &FieldDef, next: Option<Span>) -> String {
        let declared = format!("`{}: {}`", f.name, self.schema.type_name(&f.ty));
        let presence = match (&f.default, &f.ty) {
            (Some(d), _) => format!("default {}", defaults::shown(self.schema, d)),
            (None, Type::Optional(_)) => "optional".into(),
            (None, _) => "required".into(),
        };
        let comments = [docs::leading(self.sources, f.span), docs::trailing(self.sources, f.span, next)];
        let mut parts: Vec<String> = comments.into_iter().flatten().collect();
        parts.push(format!("{declared}, {presence}. {}", hint(&f.ty)));
        parts.join(" ")
    }
}

/// `id`, `source` and `confidence`, which every fact may carry.
fn own_keys() -> Map<String, Json> {
    let id = "The fact's id, unique among facts of its type (quote ids that look like numbers).";
    let mut keys = Map::new();
    keys.insert("id".into(), json!({ "description": id, "type": "string", "minLength": 1 }));
    keys.insert("source".into(), values::reference("source"));
    keys.insert("confidence".into(), values::reference("confidence"));
    keys
}

/// Fields without a default that are not optional, after `first`.
fn required(def: &StructType, mut first: Vec<String>) -> Vec<String> {
    let needed = def.fields.iter().filter(|f| f.default.is_none() && !matches!(f.ty, Type::Optional(_)));
    first.extend(needed.map(|f| f.name.clone()));
    first
}

fn object(description: String, properties: Map<String, Json>, required: Vec<String>) -> Json {
    json!({
        "description": description,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

/// What may be written for a value of `ty`, for completion docs.
fn hint(ty: &Type) -> &'static str {
    match ty.required() {
        Type::Bool => "`true` or `false`.",
        Type::Int => "A whole number, or a range `low..high`.",
        Type::Decimal => "A number, or a range `low..high`.",
        Type::Text => "Text.",
        Type::Date => "YYYY-MM-DD, a month YYYY-MM, a year YYYY, or a range `FROM..TO`.",
        Type::Duration => "An amount and a unit: `30 days`, `2 weeks`, `6 months`, `1 year`.",
        Type::Distance => "An amount and a unit: `500 km`, `270 nmi`, `250000 m`, `60 mi`.",
        Type::Point => "`{lat, lon}` in degrees.",
        Type::Geometry => "A GeoJSON Polygon, MultiPolygon or Point; positions are [lon, lat].",
        Type::Enum(_) => "One of the variants.",
        Type::Record(_) => "A mapping of the record's fields.",
        Type::Entity(_) => "The id of a fact of that type.",
        Type::List(_) => "A list.",
        Type::Optional(_) | Type::Any => "",
    }
}
