//! The JSON Schema of a field value, by its [`Type`], as
//! `scenario/value.rs` reads it: the plain form of the type, and the
//! uncertain forms the loader accepts beside it (`unknown`; a range
//! `low..high`; an estimate `{low, high, declared}`; a series
//! `{date: value}`; see `docs/scenarios.md`). Each type's schema is one
//! entry of `$defs`, referred to from every field of that type.

use serde_json::{Value as Json, json};

use super::{Gen, forms};
use crate::schema::{Schema, Type};

/// Where a type's value schema lives in `$defs`.
pub fn def_name(schema: &Schema, ty: &Type) -> String {
    match ty {
        Type::Enum(_) => format!("enum:{}", schema.type_name(ty)),
        Type::Record(_) => format!("record:{}", schema.type_name(ty)),
        Type::Entity(_) => format!("ref:{}", schema.type_name(ty)),
        // `list<Region?>` holds nulls, `list<Region>` does not. (Names
        // stay within what a URI fragment takes unescaped.)
        Type::List(item) => {
            let nulls = if matches!(**item, Type::Optional(_)) { "-or-null" } else { "" };
            format!("list:{}{nulls}", def_name(schema, item.required()))
        }
        other => schema.type_name(other.required()),
    }
}

/// A reference to `#/$defs/NAME`.
pub fn reference(name: &str) -> Json {
    json!({ "$ref": format!("#/$defs/{}", name.replace('~', "~0").replace('/', "~1")) })
}

/// The word `unknown`: a value not known (any type but text).
pub fn unknown() -> Json {
    json!({
        "const": "unknown",
        "description": "Not known: a verdict that depends on it is indeterminate."
    })
}

impl Gen<'_> {
    /// The schema of values of `ty` (optional marker dropped): a
    /// reference to its `$defs` entry, made (with those of the types it is
    /// built of) the first time.
    pub fn value(&mut self, ty: &Type) -> Json {
        let ty = ty.required();
        let name = def_name(self.schema, ty);
        if !self.defs.contains_key(&name) {
            // Reserve the name first: a record may hold a list of itself.
            self.defs.insert(name.clone(), Json::Bool(true));
            let body = self.body(ty, &name);
            self.defs.insert(name.clone(), body);
        }
        reference(&name)
    }

    /// A field's schema: its type's, or null (left out; unknown in a
    /// required field).
    pub fn field_value(&mut self, ty: &Type) -> Json {
        json!({ "anyOf": [self.value(ty), { "type": "null" }] })
    }

    fn body(&mut self, ty: &Type, name: &str) -> Json {
        let mut forms: Vec<Json> = match self.plain(ty) {
            Json::Array(forms) => forms,
            one => vec![one],
        };
        if *ty != Type::Text {
            forms.push(unknown());
        }
        if takes_mapping(ty) {
            forms.push(uncertain(name));
        }
        json!({ "anyOf": forms })
    }

    /// The type's own forms (several as an array).
    fn plain(&mut self, ty: &Type) -> Json {
        match ty {
            Type::Bool => json!({ "type": "boolean" }),
            Type::Int => json!([
                { "type": "integer", "minimum": i64::MIN, "maximum": i64::MAX },
                { "type": "string", "pattern": forms::int_range(), "description": "A range `low..high`, ends included." }
            ]),
            Type::Decimal => json!([
                { "type": "number" },
                { "type": "string", "pattern": forms::decimal_range(), "description": "A range `low..high`, ends included." }
            ]),
            Type::Text => json!({ "type": "string" }),
            Type::Date => json!([
                {
                    "type": "string",
                    "pattern": forms::date(),
                    "description": "YYYY-MM-DD; a month YYYY-MM or a year YYYY (some day of it); a range FROM..TO or FROM/TO."
                },
                { "type": "integer", "minimum": 1000, "maximum": 9999, "description": "A year: some day of it." }
            ]),
            Type::Duration => json!({ "type": "string", "pattern": forms::duration() }),
            Type::Distance => json!({ "type": "string", "pattern": forms::distance() }),
            Type::Point => point(),
            Type::Geometry => super::geometry::schema(),
            Type::Enum(id) => {
                let variants = self.schema.enum_type(*id).map(|e| e.variants.clone()).unwrap_or_default();
                json!({ "enum": variants })
            }
            Type::Entity(_) => json!({
                "type": "string",
                "description": format!("The id of a `{}` fact, in this file or one it includes.", self.schema.type_name(ty))
            }),
            Type::Record(id) => match self.schema.record(*id) {
                Some(def) => self.record(def),
                None => json!(true),
            },
            Type::List(item) => {
                let mut items = self.value(item);
                if matches!(**item, Type::Optional(_)) {
                    items = json!({ "anyOf": [items, { "type": "null" }] });
                }
                json!({ "type": "array", "items": items })
            }
            // Neither is the type of a checked field.
            Type::Optional(_) | Type::Any => json!(true),
        }
    }
}

/// Whether a mapping in a field of this type is an estimate or a series
/// (`estimate::mapping`), not the type's own mapping.
fn takes_mapping(ty: &Type) -> bool {
    matches!(ty, Type::Int | Type::Decimal | Type::Date | Type::Bool | Type::Text | Type::Enum(_) | Type::Entity(_))
}

/// `{lat, lon}` in degrees.
fn point() -> Json {
    json!({
        "type": "object",
        "properties": {
            "lat": { "type": "number", "minimum": -90, "maximum": 90, "description": "Latitude in degrees." },
            "lon": { "type": "number", "minimum": -180, "maximum": 180, "description": "Longitude in degrees." }
        },
        "required": ["lat", "lon"],
        "additionalProperties": false
    })
}

/// An estimate `{low, high, declared}` (or `{declared}` alone: that
/// figure), or a series `{date: value}`, of values of the type named
/// `name` (each may itself be uncertain, or null: unknown).
fn uncertain(name: &str) -> Json {
    let value = json!({ "anyOf": [reference(name), { "type": "null" }] });
    json!({
        "type": "object",
        "anyOf": [
            {
                "description": "An estimate: somewhere from `low` to `high`, with the figure its owner `declared`.",
                "properties": { "low": value, "high": value, "declared": value },
                "additionalProperties": false,
                "anyOf": [{ "required": ["low", "high"] }, { "required": ["declared"], "maxProperties": 1 }]
            },
            {
                "description": "A series: each value holds from its date (a month or year: its first day) until the next.",
                "minProperties": 1,
                "propertyNames": { "pattern": forms::series_key() },
                "additionalProperties": value
            }
        ]
    })
}
