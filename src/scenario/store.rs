//! Fact tables: one per entity type, rows in file order (main file first,
//! then includes in the order listed), with an id index.

use std::sync::Arc;

use super::index::IdIndex;
use crate::span::Span;
use crate::value::{EntityId, FactRef, Value};

/// One fact.
#[derive(Debug, Clone)]
pub struct Fact {
    pub id: Arc<str>,
    /// Field values in schema order; omitted optionals are `Value::Missing`.
    pub fields: Box<[Value]>,
    /// The whole fact (its YAML mapping).
    pub span: Span,
    /// Where each field's value was written; the fact's span for defaults.
    pub field_spans: Box<[Span]>,
}

/// All facts of one entity type.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub facts: Vec<Fact>,
    by_id: IdIndex,
}

impl Table {
    /// Adds a fact; returns the row of an earlier fact with the same id instead
    /// if there is one.
    pub fn insert(&mut self, fact: Fact) -> Result<u32, u32> {
        let row = u32::try_from(self.facts.len()).unwrap_or(u32::MAX);
        self.by_id.insert(&fact.id, row)?;
        self.facts.push(fact);
        Ok(row)
    }

    pub fn row_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id)
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

    pub fn fact(&self, r: FactRef) -> Option<&Fact> {
        self.table(r.entity)?.get(r.row)
    }

    pub fn lookup(&self, entity: EntityId, id: &str) -> Option<FactRef> {
        self.table(entity)?.row_of(id).map(|row| FactRef { entity, row })
    }

    /// Total number of facts.
    pub fn len(&self) -> usize {
        self.tables.iter().map(Table::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
