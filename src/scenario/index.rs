//! The id index of a fact table. Loading hashes every fact's id and every
//! reference, so the index is built for speed: foldhash instead of SipHash
//! (ids come from the user's own files, so flooding is no concern; a fixed
//! seed, so a run is the same every time), and ids
//! of up to 22 bytes, nearly all of them, are kept inline, so that probing,
//! comparing and growing the index touch no other memory.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Ids to rows.
#[derive(Clone, Default)]
pub(super) struct IdIndex {
    rows: HashMap<IdKey, u32, foldhash::fast::FixedState>,
}

impl IdIndex {
    /// Adds `id` at `row`, or returns the row it already has.
    pub fn insert(&mut self, id: &Arc<str>, row: u32) -> Result<(), u32> {
        match self.rows.entry(IdKey::new(id)) {
            Entry::Occupied(first) => Err(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(row);
                Ok(())
            }
        }
    }

    pub fn reserve(&mut self, more: usize) {
        self.rows.reserve(more);
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        self.rows.get(id.as_bytes()).copied()
    }
}

impl fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdIndex({} ids)", self.rows.len())
    }
}

const INLINE: usize = 22;

/// An id, inline when short.
#[derive(Clone)]
enum IdKey {
    Inline(u8, [u8; INLINE]),
    Shared(Arc<str>),
}

impl IdKey {
    fn new(id: &Arc<str>) -> Self {
        let bytes = id.as_bytes();
        match u8::try_from(bytes.len()) {
            Ok(len) if bytes.len() <= INLINE => {
                let mut inline = [0; INLINE];
                inline[..bytes.len()].copy_from_slice(bytes);
                IdKey::Inline(len, inline)
            }
            _ => IdKey::Shared(id.clone()),
        }
    }

    /// The id's bytes: keys are compared and hashed as bytes, so that no
    /// probe re-checks that inline bytes are UTF-8 (they were copied from a
    /// `str`).
    fn as_bytes(&self) -> &[u8] {
        match self {
            IdKey::Inline(len, bytes) => bytes.get(..usize::from(*len)).unwrap_or_default(),
            IdKey::Shared(id) => id.as_bytes(),
        }
    }
}

impl Borrow<[u8]> for IdKey {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// As `[u8]` hashes, which `Borrow` requires.
impl Hash for IdKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl PartialEq for IdKey {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for IdKey {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_short_and_long_ids() {
        let mut index = IdIndex::default();
        let long: Arc<str> = Arc::from("an id well beyond twenty-two bytes");
        for (row, id) in ["EST", "", "ünïcode-id", &long].into_iter().enumerate() {
            let id = if id.len() > INLINE { long.clone() } else { Arc::from(id) };
            assert_eq!(index.insert(&id, row as u32), Ok(()));
        }
        assert_eq!(index.insert(&Arc::from("EST"), 9), Err(0));
        assert_eq!(index.get("ünïcode-id"), Some(2));
        assert_eq!(index.get(&long), Some(3));
        assert_eq!(index.get("ES"), None);
    }
}
