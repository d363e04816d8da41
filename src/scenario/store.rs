//! Fact tables: one per entity type, rows in file order (main file first,
//! then includes in the order listed), with an id index.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use super::column::Column;
use super::field_spans::FieldSpans;
use super::index::IdIndex;
use crate::span::Span;
use crate::value::{EntityId, FactRef, Value};

/// One fact. Its field values live in its table ([`Table::fields`]).
#[derive(Debug, Clone)]
pub struct Fact {
    pub id: ecow::EcoString,
    /// The whole fact (its YAML mapping).
    pub span: Span,
}

/// `source:` and `confidence:` of a fact that gives them.
pub type Provenance = Arc<super::provenance::Provenance>;

/// A table taken apart: its facts, values, field spans and provenance.
pub(super) type Rows = (Vec<Fact>, Vec<Value>, FieldSpans, Vec<(u32, Provenance)>);

/// All facts of one entity type. Field values are stored row after row in
/// one vector (schema order; omitted optionals are `Value::Missing`), so a
/// scan reads memory in order instead of following a pointer per fact.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub facts: Vec<Fact>,
    values: Vec<Value>,
    /// Where each field's value was written (the fact's span for defaults),
    /// row after row as `values`: one vector for the table, not one per
    /// fact, packed against the fact's span ([`Table::field_span`]).
    spans: FieldSpans,
    /// The fields the scenario's `overrides:` replaced, by row: each slot
    /// with the span of its new value (in the scenario's file). Few facts
    /// have any, so they are kept apart rather than in every fact.
    overrides: BTreeMap<u32, Vec<(usize, Span)>>,
    /// The provenance of the facts that give one, by row (ascending): kept
    /// apart, as most facts give none ([`Table::provenance`]).
    provenance: Vec<(u32, Provenance)>,
    /// Fields per fact.
    width: usize,
    by_id: IdIndex,
    /// Ids are not indexed (nor checked for duplicates): a part of a file
    /// read on another core, whose facts are indexed as they join the
    /// file's table (`merge.rs`).
    unindexed: bool,
    /// Typed copies of the scalar fields, by slot, each built when first
    /// asked for ([`Table::column`]): a run reads a few of a table's fields.
    /// Empty until the rows are final ([`Table::build_columns`]), and again
    /// after any change to them.
    columns: Vec<OnceLock<Option<Column>>>,
}

impl Table {
    /// Adds a fact with its field values and their spans, moved out of
    /// `fields` and `spans` (left empty, their buffers for the caller to
    /// reuse); returns the row of an earlier fact with the same id instead
    /// if there is one.
    pub fn insert(
        &mut self,
        (fact, provenance): (Fact, Option<Provenance>),
        fields: &mut Vec<Value>,
        spans: &mut Vec<Span>,
    ) -> Result<u32, u32> {
        let row = u32::try_from(self.facts.len()).unwrap_or(u32::MAX);
        if !self.unindexed {
            self.by_id.insert(&self.facts, &fact.id, row)?;
        }
        self.columns.clear();
        if self.facts.is_empty() {
            self.width = fields.len();
        }
        // Every fact of an entity has the schema's fields; keep rows aligned
        // whatever a caller passes.
        fields.resize(self.width, Value::Missing);
        self.values.append(fields);
        spans.resize(self.width, fact.span);
        spans.drain(..).for_each(|s| self.spans.push(fact.span, s));
        self.facts.push(fact);
        if let Some(p) = provenance {
            self.provenance.push((row, p));
        }
        Ok(row)
    }

    /// Makes room for `rows` more facts of `width` fields, exactly: a list
    /// of a million facts whose length is known is not grown by doubling,
    /// which would copy it and briefly hold it twice.
    pub(super) fn reserve(&mut self, rows: usize, width: usize) {
        self.facts.reserve_exact(rows);
        self.values.reserve_exact(rows.saturating_mul(width));
        self.spans.reserve_exact(rows.saturating_mul(width));
        self.by_id.reserve(&self.facts, rows);
    }

    /// Stops indexing ids (see `unindexed`).
    pub(super) fn unindexed(&mut self) {
        self.unindexed = true;
    }

    /// The field values of the fact at `row`, in schema order.
    pub fn fields(&self, row: u32) -> Option<&[Value]> {
        let start = (row as usize).checked_mul(self.width)?;
        self.values.get(start..start + self.width)
    }

    /// Where the field at `slot` of the fact at `row` was written (the
    /// fact's span for a default; the override's for a field `overrides:`
    /// replaced).
    pub fn field_span(&self, row: u32, slot: usize) -> Option<Span> {
        if let Some((_, at)) = self.overrides.get(&row).and_then(|o| o.iter().find(|(s, _)| *s == slot)) {
            return Some(*at);
        }
        if slot >= self.width {
            return None;
        }
        let fact = self.facts.get(row as usize)?.span;
        self.spans.get((row as usize).checked_mul(self.width)? + slot, fact)
    }

    /// The `source:` and `confidence:` of the fact at `row`, if it gives them.
    pub fn provenance(&self, row: u32) -> Option<&Provenance> {
        let i = self.provenance.binary_search_by_key(&row, |(r, _)| *r).ok()?;
        self.provenance.get(i).map(|(_, p)| p)
    }

    /// The fields of the fact at `row` that `overrides:` replaced, by slot
    /// in ascending order, with the span of each new value.
    pub fn overridden(&self, row: u32) -> Option<&[(usize, Span)]> {
        self.overrides.get(&row).map(Vec::as_slice)
    }

    /// One field of the fact at `row`.
    #[inline]
    pub fn field(&self, row: u32, slot: usize) -> Option<&Value> {
        if slot >= self.width {
            return None;
        }
        self.values.get((row as usize).checked_mul(self.width)? + slot)
    }

    /// Replaces fields of the fact at `row` (`overrides:`), each with the
    /// span of its new value.
    pub(super) fn set_fields(&mut self, row: u32, fields: Vec<(usize, Value, Span)>) {
        let start = row as usize * self.width;
        let replaced = self.overrides.entry(row).or_default();
        for (slot, value, at) in fields {
            if let Some(v) = self.values.get_mut(start + slot) {
                *v = value;
            }
            replaced.retain(|(s, _)| *s != slot);
            replaced.push((slot, at));
        }
        replaced.sort_by_key(|(s, _)| *s);
        self.columns.clear();
    }

    pub(super) fn width(&self) -> usize {
        self.width
    }

    /// The facts and their values, row after row, taken apart (to move
    /// them into another table).
    /// A part read on its own has no overrides (they are applied once the
    /// whole scenario is read).
    pub(super) fn into_rows(self) -> Rows {
        (self.facts, self.values, self.spans, self.provenance)
    }

    /// The values, taken out for rewriting (see `resolve`); put them back
    /// with [`Table::put_values`].
    pub(super) fn take_values(&mut self) -> Vec<Value> {
        std::mem::take(&mut self.values)
    }

    pub(super) fn put_values(&mut self, values: Vec<Value>) {
        self.values = values;
        self.columns.clear();
    }

    /// Marks the rows final: from now on [`Table::column`] gives the typed
    /// column of every field that has one.
    pub fn build_columns(&mut self) {
        self.columns = (0..self.width).map(|_| OnceLock::new()).collect();
    }

    /// The typed column of the field at `slot`, if the rows are final and
    /// the field has one (built on the first call).
    #[inline]
    pub fn column(&self, slot: usize) -> Option<&Column> {
        self.columns.get(slot)?.get_or_init(|| Column::build(&self.values, self.width, slot)).as_ref()
    }

    /// Every field value of every fact, row after row.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn row_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(&self.facts, id)
    }

    pub fn get(&self, row: u32) -> Option<&Fact> {
        self.facts.get(row as usize)
    }

    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.facts.iter().map(|f| &*f.id)
    }
}

/// Every fact of a scenario, by entity type.
#[derive(Debug, Clone, Default)]
pub struct FactStore {
    /// Indexed by `EntityId`.
    pub tables: Vec<Table>,
}

impl FactStore {
    pub fn with_entities(count: usize) -> Self {
        FactStore { tables: vec![Table::default(); count] }
    }

    pub fn table(&self, entity: EntityId) -> Option<&Table> {
        self.tables.get(entity.0 as usize)
    }

    /// The field values of a fact.
    pub fn fields(&self, r: FactRef) -> Option<&[Value]> {
        self.table(r.entity)?.fields(r.row)
    }

    /// One field of a fact.
    #[inline]
    pub fn field(&self, r: FactRef, slot: usize) -> Option<&Value> {
        self.tables.get(r.entity.0 as usize)?.field(r.row, slot)
    }

    pub fn fact(&self, r: FactRef) -> Option<&Fact> {
        self.table(r.entity)?.get(r.row)
    }

    pub fn lookup(&self, entity: EntityId, id: &str) -> Option<FactRef> {
        self.table(entity)?.row_of(id).map(|row| FactRef { entity, row })
    }

    /// Builds every table's typed columns, once the facts are final.
    pub fn build_columns(&mut self) {
        self.tables.iter_mut().for_each(Table::build_columns);
    }

    /// Total number of facts.
    pub fn len(&self) -> usize {
        self.tables.iter().map(Table::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table holds a fact, its values and their spans per row: a million
    /// facts of eight fields take 32 + 8 × 16 + 8 × 4 = 192 MB. A change
    /// that makes any of them larger shows at every scale.
    #[test]
    fn a_row_takes_what_the_memory_budget_says() {
        assert_eq!(std::mem::size_of::<Fact>(), 32, "an id of up to 15 bytes inline, and a span");
        assert_eq!(std::mem::size_of::<Value>(), 16);
        let mut table = Table::default();
        let span = Span { file: crate::span::FileId(0), start: 10, end: 40 };
        let id = ecow::EcoString::from("dep-0000001");
        assert!(id.len() <= ecow::EcoString::INLINE_LIMIT, "a short id takes no allocation of its own");
        table.insert((Fact { id, span }, None), &mut vec![Value::Int(1)], &mut vec![span]).ok();
        assert_eq!(table.field_span(0, 0), Some(span));
    }
}
