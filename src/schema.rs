//! The checked schema: entity, record and enum types with typed fields.
//! Built by the checker from the declarations in rule files; read by the
//! scenario loader (to validate facts) and by the evaluator.
//! A module of its own, below both: the checker builds the plan, and the
//! plan's expressions carry these types, so neither depends on the other
//! for them.

use std::collections::HashMap;

use crate::span::Span;
use crate::value::{EntityId, EnumId, RecordId, Value};

/// The type of a field, a parameter or an expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int,
    Decimal,
    Text,
    Date,
    Duration,
    /// A length, held in kilometres (`1000 km`, `500 nmi`).
    Distance,
    Point,
    Geometry,
    Enum(EnumId),
    Record(RecordId),
    Entity(EntityId),
    List(Box<Type>),
    Optional(Box<Type>),
    /// Only inside the checker: the element type of `[]`, and the type given
    /// to an expression that already has an error, so one mistake is
    /// reported once instead of cascading.
    Any,
}

impl Type {
    /// The primitive type a name stands for, if it is one.
    pub fn primitive(name: &str) -> Option<Type> {
        Some(match name {
            "bool" => Type::Bool,
            "int" => Type::Int,
            "decimal" => Type::Decimal,
            "text" => Type::Text,
            "date" => Type::Date,
            "duration" => Type::Duration,
            "distance" => Type::Distance,
            "point" => Type::Point,
            "geometry" => Type::Geometry,
            _ => return None,
        })
    }

    pub const PRIMITIVES: [&'static str; 9] =
        ["bool", "int", "decimal", "text", "date", "duration", "distance", "point", "geometry"];

    /// The type without its optional marker.
    pub fn required(&self) -> &Type {
        if let Type::Optional(inner) = self { inner } else { self }
    }
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    pub name: String,
    pub ty: Type,
    /// Used when a fact omits the field. Optional fields without a default
    /// are `Value::Missing` when omitted; required fields must be given.
    pub default: Option<Value>,
    pub span: Span,
}

/// An entity or a record type.
#[derive(Debug, Clone)]
pub struct StructType {
    pub name: String,
    pub fields: Vec<FieldDef>,
    pub span: Span,
    index: HashMap<String, usize>,
}

impl StructType {
    pub fn new(name: String, fields: Vec<FieldDef>, span: Span) -> Self {
        let index = fields.iter().enumerate().map(|(i, f)| (f.name.clone(), i)).collect();
        StructType { name, fields, span, index }
    }

    /// The slot of a field by name.
    pub fn field(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.name.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct EnumType {
    pub name: String,
    pub variants: Vec<String>,
    pub span: Span,
}

impl EnumType {
    pub fn variant(&self, name: &str) -> Option<u32> {
        self.variants.iter().position(|v| v == name).and_then(|i| u32::try_from(i).ok())
    }
}

/// Every type declared across the loaded rule files.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    pub entities: Vec<StructType>,
    pub records: Vec<StructType>,
    pub enums: Vec<EnumType>,
}

impl Schema {
    pub fn entity(&self, id: EntityId) -> Option<&StructType> {
        self.entities.get(id.0 as usize)
    }

    pub fn record(&self, id: RecordId) -> Option<&StructType> {
        self.records.get(id.0 as usize)
    }

    pub fn enum_type(&self, id: EnumId) -> Option<&EnumType> {
        self.enums.get(id.0 as usize)
    }

    pub fn entity_by_name(&self, name: &str) -> Option<EntityId> {
        self.entities.iter().position(|e| e.name == name).and_then(|i| u32::try_from(i).ok()).map(EntityId)
    }

    /// How a type is written in pacta.
    pub fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Bool => "bool".into(),
            Type::Int => "int".into(),
            Type::Decimal => "decimal".into(),
            Type::Text => "text".into(),
            Type::Date => "date".into(),
            Type::Duration => "duration".into(),
            Type::Distance => "distance".into(),
            Type::Point => "point".into(),
            Type::Geometry => "geometry".into(),
            Type::Enum(id) => self.enum_type(*id).map_or("?".into(), |e| e.name.clone()),
            Type::Record(id) => self.record(*id).map_or("?".into(), |r| r.name.clone()),
            Type::Entity(id) => self.entity(*id).map_or("?".into(), |e| e.name.clone()),
            Type::List(inner) => format!("list<{}>", self.type_name(inner)),
            Type::Optional(inner) => format!("{}?", self.type_name(inner)),
            Type::Any => "_".into(),
        }
    }
}
