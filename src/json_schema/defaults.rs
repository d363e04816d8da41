//! A field's declared default as a scenario would write it: the JSON
//! Schema `default` an editor offers on completion, and the text its
//! description shows.

use serde_json::{Value as Json, json};

use crate::schema::Schema;
use crate::value::Value;

/// The default as a scenario value; `None` for what no scenario writes
/// as a plain scalar or list (a fact, a point, an area, a record).
pub fn json(schema: &Schema, value: &Value) -> Option<Json> {
    Some(match value {
        Value::Bool(b) => json!(b),
        Value::Int(n) => json!(n),
        Value::Decimal(x) => json!(x),
        Value::Text(s) => json!(&**s),
        Value::Date(d) => json!(d.to_string()),
        Value::Duration(d) => json!(d.to_string()),
        Value::Enum(id, v) => json!(schema.enum_type(*id)?.variants.get(*v as usize)?),
        Value::List(items) => Json::Array(items.iter().map(|v| json(schema, v)).collect::<Option<_>>()?),
        _ => return None,
    })
}

/// The default as the description shows it: `false`, `[]`, `permanent`.
pub fn shown(schema: &Schema, value: &Value) -> String {
    match json(schema, value) {
        Some(Json::String(s)) => s,
        Some(other) => other.to_string(),
        None => value.to_string(),
    }
}
