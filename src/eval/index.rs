//! Hash indexes, the interpreter's and the compiled path's: a table's rows
//! grouped by their key at a scan's field paths, each group in table
//! order. How keys are numbered as groups is a [`Numbering`]: hashed in the
//! order rows first have them ([`Hashed`], keys of values or of scalars),
//! or, on the compiled path, dense positions in the product of reference
//! and enum domains (`fast::index`). Rows whose key is missing or cannot
//! be read match no key for sure: they are kept apart and go through the
//! whole condition.

use std::cell::OnceCell;
use std::hash::Hash;
use std::ops::Range;
use std::rc::Rc;

use hashbrown::HashMap;

use super::context::Ctx;
use super::memo::Key;
use crate::value::Value;

/// The group of a row whose key is unknown.
pub(super) const NO_GROUP: u32 = u32::MAX;

/// How an index numbers its keys.
pub(super) trait Numbering {
    type Key: ?Sized;
    /// The group of a key, `None` if no row can have it.
    fn group(&self, key: &Self::Key) -> Option<u32>;
}

/// Keys numbered in the order rows first have them, looked up by a
/// borrowed slice of key parts.
#[derive(Debug)]
pub(super) struct Hashed<K>(HashMap<Key<K>, u32>);

impl<K: Hash + Eq> Numbering for Hashed<K> {
    type Key = [K];

    #[inline]
    fn group(&self, key: &[K]) -> Option<u32> {
        self.0.get(key).copied()
    }
}

impl<K: Hash + Eq> Hashed<K> {
    /// Numbers the key of each of `rows` rows: `key_of(row)` is the key,
    /// `Some(None)` when unknown, `None` when the rows cannot be indexed.
    /// Returns the numbering, each row's group and how many there are.
    pub fn number(
        rows: usize,
        mut key_of: impl FnMut(u32) -> Option<Option<Key<K>>>,
    ) -> Option<(Hashed<K>, Vec<u32>, usize)> {
        let mut map: HashMap<Key<K>, u32> = HashMap::new();
        let mut group_of = Vec::with_capacity(rows);
        for row in 0..u32::try_from(rows).ok()? {
            let g = match key_of(row)? {
                None => NO_GROUP,
                Some(key) => match map.get(&key[..]) {
                    Some(g) => *g,
                    None => {
                        let g = u32::try_from(map.len()).ok()?;
                        map.insert(key, g);
                        g
                    }
                },
            };
            group_of.push(g);
        }
        let groups = map.len();
        Some((Hashed(map), group_of, groups))
    }
}

/// Rows of a table grouped by their key.
#[derive(Debug)]
pub(super) struct Index<N> {
    numbering: N,
    /// The group of each row ([`NO_GROUP`] when its key is unknown).
    group_of: Vec<u32>,
    groups: usize,
    /// The rows of group `g` are `rows[starts[g]..starts[g + 1]]`: sorted
    /// on the first lookup, which totals per group may make unnecessary.
    by_group: OnceCell<Option<(Vec<u32>, Vec<u32>)>>,
    pub unknown: Vec<u32>,
}

impl<N> Index<N> {
    /// The index whose row `r` is in group `group_of[r]` of `groups`.
    pub fn new(numbering: N, group_of: Vec<u32>, groups: usize) -> Index<N> {
        let unknown = (0..group_of.len()).filter(|r| group_of[*r] == NO_GROUP);
        let unknown = unknown.filter_map(|r| u32::try_from(r).ok()).collect();
        Index { numbering, group_of, groups, by_group: OnceCell::new(), unknown }
    }

    /// The group of each row, in table order.
    pub fn groups_of_rows(&self) -> &[u32] {
        &self.group_of
    }

    /// How many groups there are (some may be empty).
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// Every row with a known key, group after group, and where each
    /// group starts; `None` if they cannot be listed.
    fn sorted(&self) -> Option<&(Vec<u32>, Vec<u32>)> {
        self.by_group.get_or_init(|| by_group(&self.group_of, self.groups)).as_ref()
    }
}

impl<N: Numbering> Index<N> {
    #[inline]
    pub fn group(&self, key: &N::Key) -> Option<u32> {
        self.numbering.group(key)
    }

    /// The rows to scan for `key`: its group's, with the rows whose key is
    /// unknown merged in, in table order; `None` if they cannot be listed.
    pub fn lookup(self: &Rc<Self>, key: &N::Key) -> Option<Rows<N>> {
        let (starts, rows) = self.sorted()?;
        let range = match self.group(key) {
            Some(g) => *starts.get(g as usize)? as usize..*starts.get(g as usize + 1)? as usize,
            None => 0..0,
        };
        if self.unknown.is_empty() {
            return Some(Rows::Group(self.clone(), range));
        }
        let mut merged: Vec<u32> = rows.get(range)?.iter().chain(&self.unknown).copied().collect();
        merged.sort_unstable();
        Some(Rows::Merged(merged))
    }
}

/// The rows a lookup found.
pub(super) enum Rows<N> {
    /// Exactly the rows with the key: a range of the index's own list.
    Group(Rc<Index<N>>, Range<usize>),
    /// Those and the rows whose key is unknown.
    Merged(Vec<u32>),
}

impl<N> Rows<N> {
    pub fn as_slice(&self) -> &[u32] {
        match self {
            Rows::Group(index, range) => index.sorted().and_then(|(_, rows)| rows.get(range.clone())).unwrap_or(&[]),
            Rows::Merged(rows) => rows,
        }
    }

    /// Whether every row has the key (no unknown one was merged in), so
    /// the indexed conjuncts need not be checked again.
    pub fn exact(&self) -> bool {
        matches!(self, Rows::Group(..))
    }
}

/// A counting sort: each group's rows contiguous, in table order.
fn by_group(group_of: &[u32], count: usize) -> Option<(Vec<u32>, Vec<u32>)> {
    let mut starts = vec![0u32; count + 1];
    for &g in group_of {
        if g != NO_GROUP {
            *starts.get_mut(g as usize + 1)? += 1;
        }
    }
    let mut total = 0u32;
    for s in &mut starts {
        total += *s;
        *s = total;
    }
    let mut next = starts.clone();
    let mut rows = vec![0u32; *starts.last()? as usize];
    for (row, &g) in group_of.iter().enumerate() {
        if let Some(at) = next.get_mut(g as usize) {
            *rows.get_mut(*at as usize)? = u32::try_from(row).ok()?;
            *at += 1;
        }
    }
    Some((starts, rows))
}

impl<'a> Ctx<'a> {
    /// The value at a field path from a fact's fields; `None` when it
    /// cannot be read.
    pub(super) fn follow(&self, fields: &'a [Value], path: &[usize]) -> Option<&'a Value> {
        let (first, rest) = path.split_first()?;
        let mut v = fields.get(*first)?;
        for slot in rest {
            v = match v {
                Value::Fact(r) => self.facts.field(*r, *slot)?,
                Value::Record(f) => f.get(*slot)?,
                _ => return None,
            };
        }
        Some(v)
    }
}
