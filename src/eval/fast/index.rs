//! The compiled path's hash indexes: the shared index layer
//! ([`crate::eval::index`]) keyed by scalars. When every key part is a
//! reference or an enum field with a typed column, the group number is the
//! key's position in the product of the parts' domains (64 states × 64
//! states: 4,096 groups), and neither building nor looking up hashes
//! anything; otherwise keys are hashed.

use smallvec::SmallVec;

use super::compile::ScanNode;
use super::scalar::Scalar;
use crate::eval::context::Ctx;
use crate::eval::index::{Hashed, Index, NO_GROUP, Numbering};
use crate::eval::memo::Key;
use crate::scenario::{Column, ColumnData, Table};

/// Any dense table may have this many cells, however few the rows.
const DENSE_CELLS: usize = 1 << 16;

/// Whether a table of `cells` cells, numbered by a combination of small
/// domains (a dense index's groups, a lifted conjunct's outcomes), is worth
/// building for a table of `rows` rows: at most twice the rows (or
/// [`DENSE_CELLS`]), so that clearing it costs no more than a pass over a
/// column, while hashing the keys instead would cost a hash per row.
pub(super) fn fits_dense(cells: usize, rows: usize) -> bool {
    cells <= DENSE_CELLS.max(rows.saturating_mul(2))
}

/// An index of the compiled path.
pub(super) type ScalarIndex<'a> = Index<Keys<'a>>;

/// How the compiled path numbers keys.
#[derive(Debug)]
pub(super) enum Keys<'a> {
    Dense(SmallVec<[DensePart; 4]>),
    Hashed(Hashed<Scalar<'a>>),
}

/// One part of a dense key: a reference or enum column.
#[derive(Debug, Clone, Copy)]
pub(super) struct DensePart {
    /// Which entity or enum the part's values belong to ([`dense_code`]).
    tag: u64,
    /// How many values the part can take (rows or variants).
    size: u32,
    /// The part's weight in the group number.
    stride: u32,
}

/// A reference's entity and row, or an enum value's enum and variant.
#[inline]
fn dense_code(s: Scalar<'_>) -> Option<(u64, u32)> {
    match s {
        Scalar::Fact(r) => Some((u64::from(r.entity.0), r.row)),
        Scalar::Enum(e, v) => Some((1 << 32 | u64::from(e.0), v)),
        _ => None,
    }
}

impl<'a> Numbering for Keys<'a> {
    type Key = [Scalar<'a>];

    #[inline]
    fn group(&self, key: &[Scalar<'a>]) -> Option<u32> {
        match self {
            Keys::Hashed(h) => h.group(key),
            Keys::Dense(parts) => {
                let mut g = 0u32;
                for (p, k) in parts.iter().zip(key) {
                    let (tag, at) = dense_code(*k)?;
                    if tag != p.tag || at >= p.size {
                        return None;
                    }
                    g += at * p.stride;
                }
                Some(g)
            }
        }
    }
}

/// Whether a present key part finds its rows by hashing: not a decimal,
/// whose `==` is not that of its bits (`0.0 == -0.0`), nor a text.
pub(super) fn keyable(s: Scalar<'_>) -> bool {
    !matches!(s, Scalar::Missing | Scalar::Text(_) | Scalar::Decimal(_))
}

impl<'a> ScalarIndex<'a> {
    /// `None` when a present key is not [`keyable`]: such scans stay with
    /// the interpreter.
    pub fn build(cx: &Ctx<'a>, n: &ScanNode<'_>) -> Option<ScalarIndex<'a>> {
        let parts = n.index.as_ref()?;
        let table = cx.facts.table(n.entity)?;
        let readers: SmallVec<[KeyPart<'_>; 4]> = parts.iter().map(|(path, _)| KeyPart::of(table, path)).collect();
        let (keys, group_of, count) = match dense(cx, &readers, table.len()) {
            Some(dense) => dense_groups(&readers, dense, table.len())?,
            None => {
                let key_of =
                    |row| readers.iter().map(|part| part.key(cx, table, row)).collect::<Option<Option<Key<_>>>>();
                let (h, group_of, count) = Hashed::number(table.len(), key_of)?;
                (Keys::Hashed(h), group_of, count)
            }
        };
        Some(Index::new(keys, group_of, count))
    }
}

/// The dense layout of these key parts, if every one is a reference or enum
/// column and their domains' product is small enough.
fn dense(cx: &Ctx<'_>, readers: &[KeyPart<'_>], rows: usize) -> Option<SmallVec<[DensePart; 4]>> {
    let mut parts: SmallVec<[DensePart; 4]> = SmallVec::new();
    let mut product: usize = 1;
    // The last part varies fastest; strides are filled in below.
    for r in readers {
        let KeyPart::Column(c) = r else { return None };
        let tag = match &c.data {
            ColumnData::Fact(e, _) => u64::from(e.0),
            ColumnData::Enum(e, _) => 1 << 32 | u64::from(e.0),
            _ => return None,
        };
        let size = cx.domain(&c.data)?;
        product = product.checked_mul(size.max(1))?;
        if !fits_dense(product, rows) {
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

type Groups<'a> = (Keys<'a>, Vec<u32>, usize);

fn dense_groups<'a>(readers: &[KeyPart<'_>], parts: SmallVec<[DensePart; 4]>, rows: usize) -> Option<Groups<'a>> {
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

    /// The part at `row`: `Some(None)` when missing or unreadable (the row
    /// is then scanned with the whole condition, as the interpreter's
    /// index does), `None` when it is not a scalar or not [`keyable`].
    #[inline]
    fn key<'a>(&self, cx: &Ctx<'a>, table: &'a Table, row: u32) -> Option<Option<Scalar<'a>>> {
        let key = match self {
            KeyPart::Path(path) => match cx.follow(table.fields(row)?, path) {
                Some(v) => Scalar::of(v)?,
                None => Scalar::Missing,
            },
            KeyPart::Column(c) => Scalar::of_column(c, row)?,
        };
        match key {
            Scalar::Missing => Some(None),
            k => keyable(k).then_some(Some(k)),
        }
    }
}
