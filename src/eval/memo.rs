//! Memo tables, the interpreter's and the compiled path's: results keyed by
//! a definition or scan id and the values it was called with, boxed values
//! (`Value`) for the one, scalars for the other. Entries are found by a
//! borrowed slice of key parts, so a hit costs one (foldhash) hash and no
//! allocation; only a miss stores its key.

use std::hash::{BuildHasher, Hash, Hasher};

use hashbrown::{DefaultHashBuilder, HashTable};
use smallvec::SmallVec;

use crate::value::Value;

/// Argument values or a memo key: up to four live on the stack.
pub(super) type Key<K = Value> = SmallVec<[K; 4]>;

/// A memo table of `V`s (results, or, for traced evaluation, results with
/// the trace that derived them) keyed by parts `K`.
pub(super) struct Memo<K, V> {
    table: HashTable<Entry<K, V>>,
    hasher: DefaultHashBuilder,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo { table: HashTable::default(), hasher: DefaultHashBuilder::default() }
    }
}

struct Entry<K, V> {
    id: usize,
    key: Key<K>,
    value: V,
}

impl<K: Hash + Eq, V> Memo<K, V> {
    #[inline]
    pub fn get(&self, id: usize, key: &[K]) -> Option<&V> {
        let hash = hash_of(&self.hasher, id, key);
        self.table.find(hash, |e| e.id == id && e.key[..] == *key).map(|e| &e.value)
    }

    pub fn insert(&mut self, id: usize, key: Key<K>, value: V) {
        let hash = hash_of(&self.hasher, id, &key);
        let hasher = &self.hasher;
        self.table.insert_unique(hash, Entry { id, key, value }, |e| hash_of(hasher, e.id, &e.key));
    }
}

#[inline]
fn hash_of<K: Hash>(hasher: &DefaultHashBuilder, id: usize, key: &[K]) -> u64 {
    let mut h = hasher.build_hasher();
    id.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}
