//! References between facts. A reference to a fact already read when the
//! reference was met is resolved on the spot (see `value.rs`); the others
//! are `Value::Text` placeholders, resolved here once every file is read.
//! A placeholder directly in a field is located by the fact's field span;
//! one inside a list or record by the span recorded for it (`NestedRef`),
//! met in the same order while walking the field.

use crate::value::ArcStr;
use std::sync::Arc;

use super::cx::NestedRef;
use super::provenance::LeftOut;
use super::store::FactStore;
use super::{ScenarioError, ScenarioErrorKind};
use crate::schema::{Schema, Type};
use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::value::{EntityId, FactRef, Value};

/// How many ids, in total, "did you mean" may compare against: enough for
/// every typo in a normal scenario, bounded when a huge one dangles a lot.
const SUGGESTION_BUDGET: usize = 4_000_000;

/// A reference to an id no fact has.
struct Dangling {
    target: EntityId,
    id: ArcStr,
    span: Span,
}

/// Resolves every placeholder; reports the dangling ones. `pending` says,
/// per entity table, whether it may hold placeholders at all.
pub(super) fn resolve(
    schema: &Schema,
    store: &mut FactStore,
    nested: Vec<Vec<NestedRef>>,
    pending: &[bool],
    left_out: &LeftOut,
    errors: &mut Vec<ScenarioError>,
) {
    let mut dangling = Vec::new();
    for ((index, def), mut refs) in schema.entities.iter().enumerate().zip(nested) {
        if !pending.get(index).copied().unwrap_or(true) {
            continue;
        }
        let fields: Vec<usize> = (0..def.fields.len()).filter(|&f| has_ref(schema, &def.fields[f].ty, 0)).collect();
        if fields.is_empty() {
            continue;
        }
        // Placeholders were noted in YAML order; walk them in schema order.
        refs.sort_by_key(|r| (r.row, r.field));
        let Some(table) = store.tables.get_mut(index) else {
            continue;
        };
        // The values are taken out while the id indexes (this table's too,
        // for references to its own type) are read through the store.
        let (mut values, width) = (table.take_values(), table.width());
        let mut walk = Walk { schema, store: &*store, refs: &refs, next: 0, dangling: &mut dangling, left_out };
        let Some(table) = store.tables.get(index) else { continue };
        for (row, fact) in table.facts.iter().enumerate() {
            let Some(row_values) = values.get_mut(row * width..(row + 1) * width) else { continue };
            let row32 = u32::try_from(row).unwrap_or(u32::MAX);
            for &f in &fields {
                let at = table.field_span(row32, f).unwrap_or(fact.span);
                walk.field(row_values, at, u32::try_from(row).unwrap_or(u32::MAX), f, &def.fields[f].ty);
            }
        }
        if let Some(table) = store.tables.get_mut(index) {
            table.put_values(values);
        }
    }
    report(schema, store, dangling, errors);
}

/// Whether values of `ty` may hold references.
fn has_ref(schema: &Schema, ty: &Type, depth: usize) -> bool {
    match ty {
        Type::Entity(_) => true,
        Type::List(inner) | Type::Optional(inner) => has_ref(schema, inner, depth),
        // Records may nest themselves through lists; look only so deep.
        Type::Record(id) if depth < 16 => {
            schema.record(*id).is_some_and(|r| r.fields.iter().any(|f| has_ref(schema, &f.ty, depth + 1)))
        }
        Type::Record(_) => true,
        _ => false,
    }
}

struct Walk<'a> {
    schema: &'a Schema,
    store: &'a FactStore,
    refs: &'a [NestedRef],
    next: usize,
    dangling: &'a mut Vec<Dangling>,
    left_out: &'a LeftOut,
}

impl Walk<'_> {
    fn field(&mut self, fields: &mut [Value], field_span: Span, row: u32, f: usize, ty: &Type) {
        let Some(value) = fields.get_mut(f) else {
            return;
        };
        if let Type::Entity(target) = ty.required() {
            // A reference that changes over time: each of its points.
            if let Value::Series(s) = value {
                for (_, point) in &mut Arc::make_mut(s).points {
                    self.settle(point, *target, field_span);
                }
                return;
            }
            self.settle(value, *target, field_span);
            return;
        }
        // This field's nested placeholders, in the order they were read.
        let key = (row, u32::try_from(f).unwrap_or(u32::MAX));
        while self.refs.get(self.next).is_some_and(|r| (r.row, r.field) < key) {
            self.next += 1;
        }
        self.nested(value, ty, field_span, key);
    }

    fn nested(&mut self, value: &mut Value, ty: &Type, fallback: Span, key: (u32, u32)) {
        match (ty.required(), value) {
            (Type::Entity(target), value @ Value::Text(_)) => {
                let span = match self.refs.get(self.next) {
                    Some(r) if (r.row, r.field) == key => {
                        self.next += 1;
                        r.span
                    }
                    _ => fallback,
                };
                self.settle(value, *target, span);
            }
            (Type::List(item), Value::List(items)) if has_ref(self.schema, item, 0) => {
                for v in writable(self.schema, items, |_| Some(&**item)) {
                    self.nested(v, item, fallback, key);
                }
            }
            (Type::Record(id), Value::Record(fields)) => {
                let Some(def) = self.schema.record(*id) else {
                    return;
                };
                for (v, f) in
                    writable(self.schema, fields, |i| def.fields.get(i).map(|f| &f.ty)).iter_mut().zip(&def.fields)
                {
                    self.nested(v, &f.ty, fallback, key);
                }
            }
            _ => {}
        }
    }

    /// Replaces a placeholder by its fact, or notes it as dangling.
    fn settle(&mut self, value: &mut Value, target: EntityId, span: Span) {
        let Value::Text(id) = value else { return };
        match self.lookup(target, id) {
            Some(r) => *value = Value::Fact(r),
            // A fact left out for its confidence is not known to be there.
            None if self.left_out.contains(target.0 as usize, id) => *value = Value::Unknown(Some(id.clone())),
            None => {
                self.dangling.push(Dangling { target, id: id.clone(), span });
                *value = Value::Missing;
            }
        }
    }

    fn lookup(&self, target: EntityId, id: &str) -> Option<FactRef> {
        self.store.lookup(target, id)
    }
}

/// The values of a list or record, to settle their placeholders in place;
/// nothing when they hold none. Values shared with a schema default hold
/// none and stay shared; those shared with an included file's cached facts
/// (`cache.rs`) are copied for this scenario the first time one is settled.
fn writable<'v, 't>(
    schema: &Schema,
    values: &'v mut crate::value::Items,
    ty: impl Fn(usize) -> Option<&'t Type>,
) -> &'v mut [Value] {
    if values.iter().enumerate().any(|(i, v)| ty(i).is_some_and(|t| holds_placeholder(schema, v, t, 0))) {
        let items: &mut Box<[Value]> = Arc::make_mut(values);
        items
    } else {
        &mut []
    }
}

/// Whether a value still holds an id waiting for the resolver.
fn holds_placeholder(schema: &Schema, value: &Value, ty: &Type, depth: usize) -> bool {
    match (ty.required(), value) {
        (Type::Entity(_), Value::Text(_)) => true,
        (Type::List(item), Value::List(items)) => items.iter().any(|v| holds_placeholder(schema, v, item, depth)),
        (Type::Record(id), Value::Record(fields)) if depth < 16 => schema.record(*id).is_some_and(|def| {
            fields.iter().zip(&def.fields).any(|(v, f)| holds_placeholder(schema, v, &f.ty, depth + 1))
        }),
        (Type::Record(_), Value::Record(_)) => true,
        _ => false,
    }
}

fn report(schema: &Schema, store: &FactStore, dangling: Vec<Dangling>, errors: &mut Vec<ScenarioError>) {
    let mut budget = SUGGESTION_BUDGET;
    for d in dangling {
        let ids = store.table(d.target).map(|t| (t.len(), t.ids()));
        let suggestion = match ids {
            Some((len, ids)) if len <= budget => {
                budget -= len;
                did_you_mean(&d.id, ids)
            }
            _ => None,
        };
        let entity = super::cx::entity_name(schema, d.target);
        let kind = ScenarioErrorKind::DanglingRef { entity, id: d.id.to_string(), suggestion };
        errors.push(ScenarioError::new(kind, d.span));
    }
}
