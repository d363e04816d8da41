//! Collecting declarations by name (types, definitions, treaties) and
//! building the [`Schema`](crate::schema::Schema) from entity, record and
//! enum declarations.

use std::collections::BTreeSet;

use super::error::{CheckError, CheckErrorKind, Expected, Found};
use super::names::NameKind;
use super::scope::{Checker, Declared, DefState, TypeRef};
use crate::ast::{self, Item, StructKind};
use crate::schema::{EnumType, FieldDef, StructType, Type};
use crate::span::Span;
use crate::value::{EntityId, EnumId, RecordId, Value};

/// Registers every named declaration, reporting duplicates.
pub(super) fn collect(cx: &mut Checker<'_>) {
    let rules = cx.rules;
    let (mut entities, mut records, mut enums) = (Vec::new(), Vec::new(), Vec::new());
    for m in super::graph::dependency_order(cx) {
        for item in &rules.modules[m].items {
            match item {
                Item::Enum(e) => {
                    let id = EnumId(count(&enums));
                    if register_type(cx, m, &e.name, TypeRef::Enum(id)) {
                        enums.push(EnumType { name: e.name.name.clone(), variants: Vec::new(), span: e.name.span });
                    }
                }
                Item::Struct(s) => {
                    let placeholder = StructType::new(s.name.name.clone(), Vec::new(), s.name.span);
                    let what = match s.kind {
                        StructKind::Entity => TypeRef::Entity(EntityId(count(&entities))),
                        StructKind::Record => TypeRef::Record(RecordId(count(&records))),
                    };
                    if register_type(cx, m, &s.name, what) {
                        match s.kind {
                            StructKind::Entity => entities.push(placeholder),
                            StructKind::Record => records.push(placeholder),
                        }
                    }
                }
                Item::Def(d) => register_def(cx, m, d),
                Item::Treaty(t) => register_treaty(cx, m, t),
                Item::Import(_) | Item::Article(_) => {}
            }
        }
    }
    let schema = &mut cx.program.schema;
    (schema.entities, schema.records, schema.enums) = (entities, records, enums);
}

fn count<T>(v: &[T]) -> u32 {
    u32::try_from(v.len()).unwrap_or(u32::MAX)
}

fn duplicate(name: &ast::Ident, first: Span) -> CheckError {
    CheckError::new(CheckErrorKind::Duplicate { name: name.name.clone() }, name.span)
        .with_related(first, "first declared here")
}

fn register_type(cx: &mut Checker<'_>, module: usize, name: &ast::Ident, what: TypeRef) -> bool {
    if let Some(first) = cx.types.get(&name.name) {
        let e = duplicate(name, first.span);
        cx.errors.push(e);
        return false;
    }
    if Type::primitive(&name.name).is_some() {
        let e = CheckError::new(CheckErrorKind::Duplicate { name: name.name.clone() }, name.span);
        cx.errors.push(e);
        return false;
    }
    cx.types.insert(name.name.clone(), Declared { module, what, span: name.span });
    cx.name(name.span, name.span, what.kind(), &what.ty());
    true
}

fn register_def<'a>(cx: &mut Checker<'a>, module: usize, def: &'a ast::Def) {
    if super::builtins::NAMES.contains(&def.name.name.as_str()) {
        let what = format!("the built-in function `{}`", def.name.name);
        cx.error(CheckErrorKind::Shadows { name: def.name.name.clone(), what }, def.name.span);
        return;
    }
    if let Some(first) = cx.defs.get(&def.name.name) {
        let e = duplicate(&def.name, first.span);
        cx.errors.push(e);
        return;
    }
    let index = cx.def_asts.len();
    cx.defs.insert(def.name.name.clone(), Declared { module, what: index, span: def.name.span });
    cx.def_asts.push((module, def));
    cx.def_state.push(DefState::Unchecked);
    cx.def_refs.push(BTreeSet::new());
    cx.defs_out.push(None);
}

fn register_treaty(cx: &mut Checker<'_>, module: usize, t: &ast::Treaty) {
    if cx.treaty_of[module].is_some() {
        cx.error(CheckErrorKind::SecondTreaty, t.id.span);
        return;
    }
    if let Some(other) = cx.program.treaties.iter().find(|x| x.id == t.id.name) {
        let e = duplicate(&t.id, other.span);
        cx.errors.push(e);
        return;
    }
    cx.treaty_of[module] = Some(cx.program.treaties.len());
    cx.program.treaties.push(crate::plan::Treaty {
        id: t.id.name.clone(),
        title: t.title.value.clone(),
        parties: None,
        span: t.id.span,
    });
    cx.param_index.push(Default::default());
}

/// Resolves field types and defaults of every entity and record, and the
/// variants of every enum.
pub(super) fn build_schema(cx: &mut Checker<'_>) {
    let rules = cx.rules;
    for (m, module) in rules.modules.iter().enumerate() {
        for item in &module.items {
            match item {
                Item::Enum(e) => enum_variants(cx, e),
                Item::Struct(s) => struct_fields(cx, m, s),
                _ => {}
            }
        }
    }
}

fn enum_variants(cx: &mut Checker<'_>, e: &ast::EnumDecl) {
    let Some(Declared { what: TypeRef::Enum(id), span, .. }) = cx.types.get(&e.name.name).copied() else {
        return;
    };
    if !span.same_place(&e.name.span) {
        return;
    }
    let mut variants: Vec<String> = Vec::new();
    let mut spans = Vec::new();
    for v in &e.variants {
        if variants.contains(&v.name) {
            cx.error(CheckErrorKind::Duplicate { name: v.name.clone() }, v.span);
        } else {
            variants.push(v.name.clone());
            spans.push(v.span);
            cx.name(v.span, v.span, NameKind::Variant, &Type::Enum(id));
        }
    }
    cx.variant_spans.insert(id, spans);
    if let Some(slot) = cx.program.schema.enums.get_mut(id.0 as usize) {
        slot.variants = variants;
    }
}

fn struct_fields(cx: &mut Checker<'_>, module: usize, s: &ast::StructDecl) {
    let Some(declared) = cx.types.get(&s.name.name).copied() else {
        return;
    };
    if !declared.span.same_place(&s.name.span) {
        return;
    }
    let mut fields: Vec<FieldDef> = Vec::new();
    for f in &s.fields {
        if let Some(first) = fields.iter().find(|x| x.name == f.name.name) {
            let e = duplicate(&f.name, first.span);
            cx.errors.push(e);
            continue;
        }
        if ["id", "source", "confidence"].contains(&f.name.name.as_str()) && s.kind == StructKind::Entity {
            let why = format!("`{}` is written in every fact, beside its fields; do not declare it", f.name.name);
            cx.error(CheckErrorKind::Misplaced(why), f.name.span);
            continue;
        }
        let ty = cx.resolve_type(module, &f.ty);
        cx.name(f.name.span, f.name.span, NameKind::Field, &ty);
        let default = f.default.as_ref().and_then(|d| constant(cx, d, &ty));
        fields.push(FieldDef { name: f.name.name.clone(), ty, default, span: f.name.span });
    }
    let built = StructType::new(s.name.name.clone(), fields, s.name.span);
    let schema = &mut cx.program.schema;
    let slot = match declared.what {
        TypeRef::Entity(id) => schema.entities.get_mut(id.0 as usize),
        TypeRef::Record(id) => schema.records.get_mut(id.0 as usize),
        TypeRef::Enum(_) => None,
    };
    if let Some(slot) = slot {
        *slot = built;
    }
}

/// A field default: a literal of the field's type.
pub(super) fn constant(cx: &mut Checker<'_>, e: &ast::Expr, ty: &Type) -> Option<Value> {
    if matches!((&e.kind, ty), (ast::ExprKind::None, Type::Optional(_))) {
        return Some(Value::Missing);
    }
    let value = literal(cx, e, ty.required());
    if value.is_none() && !cx.errors.last().is_some_and(|x| x.span.same_place(&e.span)) {
        cx.error(CheckErrorKind::NotConstant, e.span);
    }
    value
}

fn literal(cx: &mut Checker<'_>, e: &ast::Expr, ty: &Type) -> Option<Value> {
    use ast::ExprKind as K;
    let mismatch = |cx: &mut Checker<'_>| {
        let expected = Expected::Types(vec![cx.shown(ty)]);
        cx.error(CheckErrorKind::TypeMismatch { expected, found: describe_literal(e) }, e.span);
        None
    };
    match (&e.kind, ty) {
        (K::Bool(b), Type::Bool) => Some(Value::Bool(*b)),
        (K::Int(n), Type::Int) => Some(Value::Int(*n)),
        (K::Int(n), Type::Decimal) => Some(Value::Decimal(*n as f64)),
        (K::Decimal(x), Type::Decimal) => Some(Value::Decimal(*x)),
        (K::Text(s), Type::Text) => Some(Value::text(s)),
        (K::Date(d), Type::Date) => Some(Value::Date(*d)),
        (K::Duration(d), Type::Duration) => Some(Value::Duration(*d)),
        (K::Distance(x, unit), Type::Distance) => crate::units::to_km(*x, *unit).map(Value::Distance),
        (K::List(items), Type::List(inner)) => {
            let values: Option<Vec<Value>> = items.iter().map(|i| literal(cx, i, inner)).collect();
            values.map(Value::list)
        }
        (K::Path { ty: tname, id }, Type::Enum(eid)) => {
            let enum_type = cx.program.schema.enum_type(*eid)?;
            if enum_type.name != tname.name {
                return mismatch(cx);
            }
            match enum_type.variant(&id.value) {
                Some(v) => {
                    let decl = cx.variant_spans.get(eid).and_then(|spans| spans.get(v as usize)).copied();
                    if let (Some(decl), Some(declared)) = (decl, cx.types.get(&tname.name).copied()) {
                        cx.name(tname.span, declared.span, NameKind::Enum, ty);
                        cx.name(id.span, decl, NameKind::Variant, ty);
                    }
                    Some(Value::Enum(*eid, v))
                }
                None => {
                    let suggestion =
                        crate::suggest::did_you_mean(&id.value, enum_type.variants.iter().map(String::as_str));
                    let kind = CheckErrorKind::UnknownVariant {
                        ty: enum_type.name.clone(),
                        variant: id.value.clone(),
                        suggestion,
                    };
                    cx.error(kind, id.span);
                    None
                }
            }
        }
        (K::Unary { op: ast::UnOp::Neg, arg }, Type::Int | Type::Decimal) => match literal(cx, arg, ty)? {
            Value::Int(n) => Some(Value::Int(-n)),
            Value::Decimal(x) => Some(Value::Decimal(-x)),
            _ => None,
        },
        (_, Type::Any) => None,
        (
            K::Bool(_) | K::None | K::Int(_) | K::Decimal(_) | K::Text(_) | K::Date(_) | K::Duration(_) | K::List(_),
            _,
        ) => mismatch(cx),
        _ => None,
    }
}

fn describe_literal(e: &ast::Expr) -> Found {
    use ast::ExprKind as K;
    let what = match &e.kind {
        K::Bool(_) => "bool",
        K::None => "none",
        K::Int(_) => "int",
        K::Decimal(_) => "decimal",
        K::Text(_) => "text",
        K::Date(_) => "date",
        K::Duration(_) => "duration",
        K::Distance(..) => "distance",
        K::List(_) => "a list",
        _ => return Found::Expression,
    };
    Found::Literal(what)
}
