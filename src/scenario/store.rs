//! Fact tables: one per entity type, rows in file order (main file first,
//! then includes in the order listed), with an id index.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

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
    by_id: HashMap<Arc<str>, u32, BuildHasherDefault<IdHasher>>,
}

/// The multiply-rotate hash of rustc (FxHash): ids are short, and every
/// fact and reference of a large scenario is hashed, where SipHash showed.
/// Ids come from the user's own scenario files, so flooding is no concern.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut last = [0; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ (rest.len() as u64) << 59);
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket, weakest.
        self.0.rotate_left(26)
    }
}

impl Table {
    /// Adds a fact; returns the row of an earlier fact with the same id instead
    /// if there is one.
    pub fn insert(&mut self, fact: Fact) -> Result<u32, u32> {
        let row = u32::try_from(self.facts.len()).unwrap_or(u32::MAX);
        match self.by_id.entry(fact.id.clone()) {
            Entry::Occupied(first) => Err(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(row);
                self.facts.push(fact);
                Ok(row)
            }
        }
    }

    pub fn row_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
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
