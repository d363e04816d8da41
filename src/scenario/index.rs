//! The id index of a fact table. Loading hashes every fact's id and every
//! reference, so the index is built for speed and size: foldhash instead
//! of SipHash (ids come from the user's own files, so flooding is no
//! concern; a fixed seed, so a run is the same every time), and each entry
//! is a row and 32 bits of its id's hash, 8 bytes, with the id itself read
//! from the table's facts when a probe needs it. A million ids take 16 MB
//! rather than the 64 MB of a map holding the ids, and the smaller table
//! misses the cache less as it is filled (growing rehashes from the stored
//! bits, without reading an id).

use std::fmt;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::store::Fact;

/// Ids to rows.
#[derive(Clone, Default)]
pub(super) struct IdIndex {
    rows: HashTable<Slot>,
}

/// A row, and the hash of its id.
#[derive(Clone, Copy)]
struct Slot {
    row: u32,
    hash: u32,
}

fn hash(id: &str) -> u32 {
    let full = foldhash::fast::FixedState::default().hash_one(id.as_bytes());
    // The high bits: hashbrown takes its 7-bit tags from the top of the
    // hash it is given, and `widen` puts these back there.
    (full >> 32) as u32
}

/// The stored bits as the hash hashbrown probes with: the same bits at the
/// top (its tags) and at the bottom (its buckets).
fn widen(hash: u32) -> u64 {
    (u64::from(hash) << 32) | u64::from(hash)
}

impl IdIndex {
    /// Adds `id` at `row`, or returns the row it already has; `facts` are
    /// the rows indexed so far.
    pub fn insert(&mut self, facts: &[Fact], id: &str, row: u32) -> Result<(), u32> {
        let hash = hash(id);
        let same = |s: &Slot| s.hash == hash && facts.get(s.row as usize).is_some_and(|f| &*f.id == id);
        match self.rows.entry(widen(hash), same, |s| widen(s.hash)) {
            Entry::Occupied(first) => Err(first.get().row),
            Entry::Vacant(slot) => {
                slot.insert(Slot { row, hash });
                Ok(())
            }
        }
    }

    pub fn reserve(&mut self, more: usize) {
        self.rows.reserve(more, |s| widen(s.hash));
    }

    /// The row of `id` among `facts`.
    pub fn get(&self, facts: &[Fact], id: &str) -> Option<u32> {
        let hash = hash(id);
        let same = |s: &Slot| s.hash == hash && facts.get(s.row as usize).is_some_and(|f| &*f.id == id);
        self.rows.find(widen(hash), same).map(|s| s.row)
    }
}

impl fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdIndex({} ids)", self.rows.len())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::span::Span;

    fn fact(id: &str) -> Fact {
        Fact { id: Arc::from(id), span: Span::default(), provenance: None }
    }

    #[test]
    fn finds_ids_short_long_and_colliding_in_their_tags() {
        let long = "an id well beyond twenty-two bytes";
        let ids: Vec<String> = ["EST", "", "ünïcode-id", long]
            .iter()
            .map(|s| s.to_string())
            .chain((0..5000).map(|i| format!("dep-{i}")))
            .collect();
        let mut facts = Vec::new();
        let mut index = IdIndex::default();
        for (row, id) in ids.iter().enumerate() {
            assert_eq!(index.insert(&facts, id, row as u32), Ok(()));
            facts.push(fact(id));
        }
        assert_eq!(index.insert(&facts, "EST", 9), Err(0));
        assert_eq!(index.get(&facts, "ünïcode-id"), Some(2));
        assert_eq!(index.get(&facts, long), Some(3));
        assert_eq!(index.get(&facts, "dep-4321"), Some(4325));
        assert_eq!(index.get(&facts, "ES"), None);
        assert_eq!(index.get(&facts, "dep-5000"), None);
    }
}
