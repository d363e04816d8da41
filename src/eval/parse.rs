//! Values written as text (command-line overrides, scenario `params:`),
//! read according to the type the parameter declares.

use crate::calendar::{self, Duration};
use crate::schema::{Schema, Type};
use crate::value::Value;

pub(super) fn value_of_type(schema: &Schema, ty: &Type, text: &str) -> Option<Value> {
    let text = text.trim();
    match ty.required() {
        Type::Bool => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Type::Int => text.replace('_', "").parse().ok().map(Value::Int),
        Type::Decimal => text.replace('_', "").parse::<f64>().ok().filter(|x| x.is_finite()).map(Value::Decimal),
        Type::Text => Some(Value::text(text)),
        Type::Date => calendar::parse_date(text).ok().map(Value::Date),
        Type::Duration => {
            let (n, unit) = text.split_once(char::is_whitespace)?;
            Duration::from_amount(n.replace('_', "").parse().ok()?, unit.trim()).map(Value::Duration)
        }
        Type::Distance => crate::units::parse_distance(text).map(Value::Distance),
        Type::Enum(id) => {
            let e = schema.enum_type(*id)?;
            let variant = text.strip_prefix(&format!("{}::", e.name)).unwrap_or(text);
            e.variant(variant).map(|v| Value::Enum(*id, v))
        }
        _ => None,
    }
}
