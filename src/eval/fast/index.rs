//! Hash indexes of the compiled path: a table's rows grouped by their key at
//! a scan's field paths. Keys are packed into machine words
//! ([`Scalar::code`]). When every key part is a reference or an enum field
//! with a typed column, the group number is the key's position in the
//! product of the parts' domains (64 states × 64 states: 4,096 groups), and
//! neither building nor looking up hashes anything.

use std::cell::OnceCell;
use std::hash::BuildHasherDefault;

use hashbrown::HashMap;
use smallvec::SmallVec;

use super::compile::ScanNode;
use super::scalar::Scalar;
use crate::eval::context::Ctx;
use crate::scenario::{Column, ColumnData, Table};
use crate::value::Value;

/// The most key parts an index packs; scans keyed on more stay with the
/// interpreter.
pub(super) const MAX_PARTS: usize = 4;

/// Dense indexes may have this many groups, or twice the table's rows.
const DENSE_GROUPS: usize = 1 << 16;

/// The group of a row whose key is unknown.
const NO_GROUP: u32 = u32::MAX;

/// A key packed as machine words ([`Scalar::code`]), unused parts zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Code([u64; MAX_PARTS]);

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for word in self.0 {
            state.write_u64(word);
        }
    }
}

/// Hashes a [`Code`] as four words mixed by multiplication (the FxHash
/// scheme): the words are already well spread (rows, dates, enum
/// variants), and a general hasher costs more than the lookup. (`Code`
/// hashes words only; `write` is there for completeness.)
#[derive(Default, Clone, Copy)]
pub(super) struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    #[inline]
    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    #[inline]
    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }
}

type CodeMap<V> = HashMap<Code, V, BuildHasherDefault<CodeHasher>>;

/// Packs a key; `None` when a part has no code (missing, a text, a decimal).
pub(super) fn pack(key: &[Scalar<'_>]) -> Option<Code> {
    let mut code = Code::default();
    for (slot, k) in code.0.iter_mut().zip(key) {
        *slot = k.code()?;
    }
    (key.len() <= MAX_PARTS).then_some(code)
}

/// Rows of a table grouped by their key, each group in table order; rows
/// whose key is missing or unreadable are kept apart (they go through the
/// whole condition, as with the interpreter's index).
#[derive(Debug)]
pub(super) struct Index {
    keys: Keys,
    /// The group of each row ([`NO_GROUP`] when its key is unknown).
    group_of: Vec<u32>,
    groups: usize,
    /// The rows of group `g` are `rows[starts[g]..starts[g + 1]]`: sorted
    /// on the first lookup, which totals per group may make unnecessary.
    by_group: OnceCell<Option<(Vec<u32>, Vec<u32>)>>,
    pub unknown: Vec<u32>,
}

#[derive(Debug)]
enum Keys {
    Dense(SmallVec<[DensePart; MAX_PARTS]>),
    Hashed(CodeMap<u32>),
}

/// One part of a dense key: a reference or enum column.
#[derive(Debug, Clone, Copy)]
struct DensePart {
    /// The high word of the part's codes (entity or enum id).
    tag: u64,
    /// How many values the part can take (rows or variants).
    size: u32,
    /// The part's weight in the group number.
    stride: u32,
}

impl Index {
    /// The group of a key, `None` if no row has it.
    #[inline]
    pub fn group(&self, key: &Code) -> Option<u32> {
        match &self.keys {
            Keys::Hashed(map) => map.get(key).copied(),
            Keys::Dense(parts) => {
                let mut g = 0u32;
                for (p, word) in parts.iter().zip(key.0) {
                    let at = word as u32;
                    if word >> 32 != p.tag || at >= p.size {
                        return None;
                    }
                    g += at * p.stride;
                }
                Some(g)
            }
        }
    }

    /// The rows with this key, none if no row has it; `None` if they cannot
    /// be listed (then the compiled path gives up).
    pub fn rows_of(&self, key: &Code) -> Option<&[u32]> {
        let Some(g) = self.group(key) else { return Some(&[]) };
        let (starts, rows) = self.by_group.get_or_init(|| by_group(&self.group_of, self.groups)).as_ref()?;
        let (start, end) = (*starts.get(g as usize)?, *starts.get(g as usize + 1)?);
        rows.get(start as usize..end as usize)
    }

    /// The group of each row, in table order.
    pub fn groups_of_rows(&self) -> &[u32] {
        &self.group_of
    }

    /// How many groups there are (some may be empty).
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// `None` when a present key has no code: such scans stay with the
    /// interpreter.
    pub fn build<'a>(cx: &Ctx<'a>, n: &ScanNode<'_>) -> Option<Index> {
        let parts = n.index.as_ref()?;
        let table = cx.facts.table(n.entity)?;
        let readers: SmallVec<[KeyPart<'_>; MAX_PARTS]> =
            parts.iter().map(|(path, _)| KeyPart::of(table, path)).collect();
        let (keys, group_of, count) = match dense(cx, &readers, table.len()) {
            Some(dense) => dense_groups(&readers, dense, table.len())?,
            None => hashed_groups(cx, &readers, table)?,
        };
        let unknown = (0..u32::try_from(table.len()).ok()?).filter(|r| group_of.get(*r as usize) == Some(&NO_GROUP));
        let unknown = unknown.collect();
        Some(Index { keys, group_of, groups: count, by_group: OnceCell::new(), unknown })
    }
}

/// The dense layout of these key parts, if every one is a reference or enum
/// column and their domains' product is small enough.
fn dense(cx: &Ctx<'_>, readers: &[KeyPart<'_>], rows: usize) -> Option<SmallVec<[DensePart; MAX_PARTS]>> {
    let limit = DENSE_GROUPS.max(rows.saturating_mul(2));
    let mut parts: SmallVec<[DensePart; MAX_PARTS]> = SmallVec::new();
    let mut product: usize = 1;
    // The last part varies fastest; strides are filled in below.
    for r in readers {
        let KeyPart::Column(c) = r else { return None };
        let tag = match &c.data {
            ColumnData::Fact(e, _) => u64::from(e.0),
            ColumnData::Enum(e, _) => u64::from(e.0),
            _ => return None,
        };
        let size = cx.domain(&c.data)?;
        product = product.checked_mul(size.max(1))?;
        if product > limit {
            return None;
        }
        parts.push(DensePart { tag, size: u32::try_from(size).ok()?, stride: 0 });
    }
    let mut stride = 1u32;
    for p in parts.iter_mut().rev() {
        p.stride = stride;
        stride = stride.checked_mul(p.size.max(1))?;
    }
    Some(parts)
}

impl Ctx<'_> {
    /// How many values a reference or enum column can take: the rows of
    /// the referenced table, or the enum's variants (its codes are below
    /// that); `None` for other columns.
    pub(super) fn domain(&self, data: &ColumnData) -> Option<usize> {
        match data {
            ColumnData::Fact(e, _) => Some(self.facts.table(*e)?.len()),
            ColumnData::Enum(e, _) => Some(self.program.schema.enum_type(*e)?.variants.len()),
            _ => None,
        }
    }
}

type Groups = (Keys, Vec<u32>, usize);

fn dense_groups(readers: &[KeyPart<'_>], parts: SmallVec<[DensePart; MAX_PARTS]>, rows: usize) -> Option<Groups> {
    let mut group_of = vec![0u32; rows];
    for (r, p) in readers.iter().zip(&parts) {
        let KeyPart::Column(c) = r else { return None };
        let (ColumnData::Fact(_, values) | ColumnData::Enum(_, values)) = &c.data else { return None };
        for (row, (g, v)) in group_of.iter_mut().zip(values).enumerate() {
            // A value outside the domain (a variant past the enum's end)
            // is no key the lookups can ask for.
            *g = if *g == NO_GROUP || *v >= p.size || c.is_missing(row as u32) { NO_GROUP } else { *g + v * p.stride };
        }
    }
    let count = parts.iter().map(|p| p.size.max(1) as usize).product();
    Some((Keys::Dense(parts), group_of, count))
}

fn hashed_groups<'a>(cx: &Ctx<'a>, readers: &[KeyPart<'_>], table: &'a Table) -> Option<Groups> {
    let mut map: CodeMap<u32> = CodeMap::default();
    let mut group_of = Vec::with_capacity(table.len());
    for row in 0..u32::try_from(table.len()).ok()? {
        let mut key = Code::default();
        let mut known = true;
        for (i, part) in readers.iter().enumerate() {
            match part.code(cx, table, row)? {
                Some(k) => *key.0.get_mut(i)? = k,
                None => known = false,
            }
        }
        if !known {
            group_of.push(NO_GROUP);
            continue;
        }
        let next = u32::try_from(map.len()).ok()?;
        group_of.push(*map.entry(key).or_insert(next));
    }
    let count = map.len();
    Some((Keys::Hashed(map), group_of, count))
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

/// How an index reads one part of a row's key.
enum KeyPart<'p> {
    /// A field with a typed column.
    Column(&'p Column),
    Path(&'p [usize]),
}

impl<'p> KeyPart<'p> {
    fn of(table: &'p Table, path: &'p [usize]) -> KeyPart<'p> {
        match path {
            [field] => table.column(*field).map_or(KeyPart::Path(path), KeyPart::Column),
            _ => KeyPart::Path(path),
        }
    }

    /// The part's [`Scalar::code`] at `row`: `Some(None)` when missing or
    /// unreadable, `None` when it is not a scalar or has no code.
    #[inline]
    fn code<'a>(&self, cx: &Ctx<'a>, table: &'a Table, row: u32) -> Option<Option<u64>> {
        let key = match self {
            KeyPart::Path(path) => follow(cx, table.fields(row)?, path)?,
            KeyPart::Column(c) => match Scalar::of_column(c, row)? {
                Scalar::Missing => None,
                k => Some(k),
            },
        };
        match key {
            Some(k) => Some(Some(k.code()?)),
            None => Some(None),
        }
    }
}

/// The value at a field path from a fact's fields: `Some(None)` when it is
/// missing or cannot be read (the row is then scanned with the whole
/// condition, as the interpreter's index does), `None` when it is not a
/// scalar.
fn follow<'a>(cx: &Ctx<'a>, fields: &'a [Value], path: &[usize]) -> Option<Option<Scalar<'a>>> {
    let Some((first, rest)) = path.split_first() else { return Some(None) };
    let Some(mut v) = fields.get(*first) else { return Some(None) };
    for slot in rest {
        let next = match v {
            Value::Fact(r) => cx.facts.field(*r, *slot),
            Value::Record(f) => f.get(*slot),
            _ => None,
        };
        let Some(next) = next else { return Some(None) };
        v = next;
    }
    match Scalar::of(v)? {
        Scalar::Missing => Some(None),
        k => Some(Some(k)),
    }
}
