//! The id index of a fact table. Loading hashes every fact's id and every
//! reference, so the index is built for speed and size: foldhash instead
//! of SipHash (ids come from the user's own files, so flooding is no
//! concern; a fixed seed, so a run is the same every time), and each entry
//! is a row, 4 bytes, with the id itself read from the table's facts when a
//! probe needs it (hashbrown's 7-bit tags spare nearly every needless
//! read). A million ids take 8 MB rather than the 64 MB of a map holding
//! the ids. Growing rehashes the ids; a list cut in parts (`split.rs`)
//! reserves its whole length first, and so never grows.

use std::fmt;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::store::Fact;

/// Ids to rows.
#[derive(Clone, Default)]
pub(super) struct IdIndex {
    rows: HashTable<u32>,
}

fn hash(id: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(id.as_bytes())
}

/// The hash of the id at `row` of `facts` (0 past the end, which no row
/// indexed is).
fn hash_of(facts: &[Fact]) -> impl Fn(&u32) -> u64 + '_ {
    |&row| facts.get(row as usize).map_or(0, |f| hash(&f.id))
}

impl IdIndex {
    /// Adds `id` at `row`, or returns the row it already has; `facts` are
    /// the rows indexed so far.
    pub fn insert(&mut self, facts: &[Fact], id: &str, row: u32) -> Result<(), u32> {
        let same = |&r: &u32| facts.get(r as usize).is_some_and(|f| &*f.id == id);
        match self.rows.entry(hash(id), same, hash_of(facts)) {
            Entry::Occupied(first) => Err(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(row);
                Ok(())
            }
        }
    }

    /// Makes room for `more` ids besides those of `facts`.
    pub fn reserve(&mut self, facts: &[Fact], more: usize) {
        self.rows.reserve(more, hash_of(facts));
    }

    /// The row of `id` among `facts`.
    pub fn get(&self, facts: &[Fact], id: &str) -> Option<u32> {
        let same = |&r: &u32| facts.get(r as usize).is_some_and(|f| &*f.id == id);
        self.rows.find(hash(id), same).copied()
    }
}

impl fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdIndex({} ids)", self.rows.len())
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::span::Span;

    fn fact(id: &str) -> Fact {
        Fact { id: ecow::EcoString::from(id), span: Span::default() }
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
