//! Memo tables: results keyed by a definition or scan id and the values it
//! was called with. Entries are found by a borrowed slice of values, so a
//! hit costs one (foldhash) hash and no allocation; only a miss stores its
//! key.

use std::hash::{BuildHasher, Hash, Hasher};

use hashbrown::{DefaultHashBuilder, HashTable};
use smallvec::SmallVec;

use super::context::Slot;
use crate::value::Value;

/// Argument values or a memo key: up to four live on the stack.
pub(super) type Key = SmallVec<[Value; 4]>;

/// A memo table of results (`Slot`), or, for traced evaluation, of
/// results with the trace that derived them.
pub(super) struct Memo<V = Slot> {
    table: HashTable<Entry<V>>,
    hasher: DefaultHashBuilder,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo { table: HashTable::default(), hasher: DefaultHashBuilder::default() }
    }
}

struct Entry<V> {
    id: usize,
    key: Key,
    value: V,
}

impl<V> Memo<V> {
    pub fn get(&self, id: usize, key: &[Value]) -> Option<&V> {
        let hash = hash_of(&self.hasher, id, key);
        self.table.find(hash, |e| e.id == id && e.key[..] == *key).map(|e| &e.value)
    }

    pub fn insert(&mut self, id: usize, key: Key, value: V) {
        let hash = hash_of(&self.hasher, id, &key);
        let hasher = &self.hasher;
        self.table.insert_unique(hash, Entry { id, key, value }, |e| hash_of(hasher, e.id, &e.key));
    }
}

fn hash_of(hasher: &DefaultHashBuilder, id: usize, key: &[Value]) -> u64 {
    let mut h = hasher.build_hasher();
    id.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}
