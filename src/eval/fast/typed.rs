//! Kernels made ready for one run over one table: each comparison typed
//! against the column it reads ([`crate::scenario::Column`]), so that a row
//! costs a load from a plain vector and an integer comparison. A kernel
//! whose field has no column, or whose other side is not of the column's
//! kind, is tested as written ([`Kernel::test`]), which decides the same.

use smallvec::SmallVec;

use super::scalar::Scalar;
use super::select::{Kernel, Operand, order};
use crate::eval::logic::{self, Words};
use crate::plan::Op;
use crate::scenario::{Column, ColumnData, Table, date_code};

/// The kernels of one scan or prefilter, for one run.
pub(super) struct Tests<'k, 'a> {
    tests: SmallVec<[Test<'k, 'a>; 6]>,
    table: &'a Table,
    fixed: &'k [Scalar<'a>],
}

enum Test<'k, 'a> {
    /// A date field against a date; `or` stands in for a missing field.
    Dates {
        column: &'a Column,
        col: &'a [i32],
        op: Op,
        rhs: i32,
        or: Option<i32>,
    },
    Ints {
        column: &'a Column,
        col: &'a [i64],
        op: Op,
        rhs: i64,
    },
    /// A reference (or enum) field against one fact (or enum value) of the
    /// same entity (or enum), by row (or variant).
    Same {
        column: &'a Column,
        col: &'a [u32],
        eq: bool,
        rhs: u32,
    },
    /// Two reference fields to the same entity.
    SameFields {
        a: &'a Column,
        ac: &'a [u32],
        b: &'a Column,
        bc: &'a [u32],
        eq: bool,
    },
    AsWritten(&'k Kernel<'a>),
}

impl<'k, 'a> Tests<'k, 'a> {
    pub fn new(kernels: &'k [Kernel<'a>], table: &'a Table, fixed: &'k [Scalar<'a>]) -> Self {
        let tests = kernels.iter().map(|k| typed(k, table, fixed).unwrap_or(Test::AsWritten(k))).collect();
        Tests { tests, table, fixed }
    }

    pub fn len(&self) -> usize {
        self.tests.len()
    }

    /// How many words of 64 rows the table has ([`Tests::word`]).
    pub fn words(&self) -> usize {
        self.table.len().div_ceil(64)
    }

    /// Every kernel on `row`, and-ed (`None`: unknown).
    #[inline]
    pub fn test(&self, row: u32) -> Option<bool> {
        logic::all(self.tests.iter().map(|t| self.one(t, row).ok_or(())), |_, _| false).ok()
    }

    /// Every kernel on the 64 rows from `64 * word` (fewer at the table's
    /// end): the rows where one is false, and those where one cannot
    /// decide, as bits. Each typed kernel runs as a loop over a slice of
    /// its column, which the compiler turns into vector compares.
    pub fn word(&self, word: usize) -> Words {
        let start = word * 64;
        let end = (start + 64).min(self.table.len()).max(start);
        let live = live(u32::try_from(end).unwrap_or(u32::MAX), u32::try_from(start).unwrap_or(u32::MAX));
        let mut out = Words::default();
        for t in &self.tests {
            out = out.and(self.kernel_word(t, word, start, end).unwrap_or_else(|| self.rows_word(t, start, end)));
        }
        Words { falsy: out.falsy & live, unknown: out.unknown & live }
    }

    /// Calls `f(state, row, unknown)` for each row no kernel finds false, in
    /// row order (`unknown`: some kernel cannot decide it). `adjust` may add
    /// more conjuncts' outcomes to each word first. Both get `state`, which
    /// the caller would otherwise have to lend to two closures at once.
    pub fn each_kept<S>(
        &self,
        state: &mut S,
        mut adjust: impl FnMut(&mut S, &mut Words, u32),
        mut f: impl FnMut(&mut S, u32, bool),
    ) {
        let rows = u32::try_from(self.table.len()).unwrap_or(u32::MAX);
        for word in 0..self.words() {
            let mut w = self.word(word);
            let base = u32::try_from(word * 64).unwrap_or(u32::MAX);
            adjust(state, &mut w, base);
            for_each_bit(!w.falsy & live(rows, base), |bit| f(state, base + bit, w.unknown >> bit & 1 == 1));
        }
    }

    /// [`Tests::word`] for one typed kernel; `None` when its slice is short.
    #[inline]
    fn kernel_word(&self, t: &Test<'k, 'a>, word: usize, start: usize, end: usize) -> Option<Words> {
        let (yes, missing, when_missing) = match *t {
            Test::Dates { column, col, op, rhs, or } => {
                let when_missing = or.and_then(|o| order(op, o.cmp(&rhs)));
                (compare_bits(col.get(start..end)?, op, rhs)?, column.missing_word(word), when_missing)
            }
            Test::Ints { column, col, op, rhs } => {
                (compare_bits(col.get(start..end)?, op, rhs)?, column.missing_word(word), None)
            }
            Test::Same { column, col, eq, rhs } => {
                let same = bits(col.get(start..end)?, |v| v == rhs);
                (if eq { same } else { !same }, column.missing_word(word), None)
            }
            Test::SameFields { a, ac, b, bc, eq } => {
                let (ac, bc) = (ac.get(start..end)?, bc.get(start..end)?);
                let mut same = 0u64;
                for (i, (x, y)) in ac.iter().zip(bc).enumerate() {
                    same |= u64::from(x == y) << i;
                }
                (if eq { same } else { !same }, a.missing_word(word) | b.missing_word(word), None)
            }
            Test::AsWritten(_) => return None,
        };
        Some(match when_missing {
            Some(true) => Words { falsy: !yes & !missing, unknown: 0 },
            Some(false) => Words { falsy: (!yes & !missing) | missing, unknown: 0 },
            None => Words { falsy: !yes & !missing, unknown: missing },
        })
    }

    /// [`Tests::word`] for one kernel, row by row.
    fn rows_word(&self, t: &Test<'k, 'a>, start: usize, end: usize) -> Words {
        let mut out = Words::default();
        for (bit, row) in (start..end).enumerate() {
            out.and_row(bit as u32, u32::try_from(row).ok().and_then(|row| self.one(t, row)));
        }
        out
    }

    #[inline(always)]
    fn one(&self, t: &Test<'k, 'a>, row: u32) -> Option<bool> {
        let i = row as usize;
        match *t {
            Test::Dates { column, col, op, rhs, or } => {
                let v = if column.is_missing(row) { or? } else { *col.get(i)? };
                order(op, v.cmp(&rhs))
            }
            Test::Ints { column, col, op, rhs } => {
                if column.is_missing(row) {
                    return None;
                }
                order(op, col.get(i)?.cmp(&rhs))
            }
            Test::Same { column, col, eq, rhs } => {
                if column.is_missing(row) {
                    return None;
                }
                Some((*col.get(i)? == rhs) == eq)
            }
            Test::SameFields { a, ac, b, bc, eq } => {
                if a.is_missing(row) || b.is_missing(row) {
                    return None;
                }
                Some((ac.get(i)? == bc.get(i)?) == eq)
            }
            Test::AsWritten(k) => k.test(self.table, row, self.fixed),
        }
    }
}

/// Bit `i` set where `keep(values[i])`; at most 64 values.
#[inline(always)]
fn bits<T: Copy>(values: &[T], keep: impl Fn(T) -> bool) -> u64 {
    let mut out = 0u64;
    for (i, v) in values.iter().enumerate() {
        out |= u64::from(keep(*v)) << i;
    }
    out
}

/// `values[i] op rhs` as bits, one loop per operator.
#[inline(always)]
fn compare_bits<T: Copy + Ord>(values: &[T], op: Op, rhs: T) -> Option<u64> {
    Some(match op {
        Op::Lt => bits(values, |v| v < rhs),
        Op::Le => bits(values, |v| v <= rhs),
        Op::Gt => bits(values, |v| v > rhs),
        Op::Ge => bits(values, |v| v >= rhs),
        Op::Eq => bits(values, |v| v == rhs),
        Op::Ne => bits(values, |v| v != rhs),
        _ => return None,
    })
}

/// `k` typed against its field's column; `None` to test it as written.
fn typed<'k, 'a>(k: &Kernel<'a>, table: &'a Table, fixed: &[Scalar<'a>]) -> Option<Test<'k, 'a>> {
    // The field on the left: `c < d.since` is `d.since > c`.
    let (field, or, op, other) = match (k.lhs, k.rhs) {
        (Operand::Field { field, or }, other) => (field, or, k.op, other),
        (other, Operand::Field { field, or }) => (field, or, flip(k.op)?, other),
        _ => return None,
    };
    let column = table.column(field)?;
    let or = match or {
        Some(g) => Some(g.get(fixed)?),
        None => None,
    };
    if let Operand::Field { field: f2, or: None } = other {
        let b = table.column(f2)?;
        let (ColumnData::Fact(e, ac), ColumnData::Fact(f, bc)) = (&column.data, &b.data) else { return None };
        return (or.is_none() && e == f).then_some(Test::SameFields { a: column, ac, b, bc, eq: equality(op)? });
    }
    let Operand::Value(g) = other else { return None };
    match (&column.data, g.get(fixed)?) {
        (ColumnData::Date(col), Scalar::Date(d)) => {
            let or = match or {
                Some(Scalar::Date(o)) => Some(date_code(o)),
                None => None,
                Some(_) => return None,
            };
            Some(Test::Dates { column, col, op, rhs: date_code(d), or })
        }
        _ if or.is_some() => None,
        (ColumnData::Int(col), Scalar::Int(n)) => Some(Test::Ints { column, col, op, rhs: n }),
        (ColumnData::Fact(e, col), Scalar::Fact(r)) if r.entity == *e => {
            Some(Test::Same { column, col, eq: equality(op)?, rhs: r.row })
        }
        (ColumnData::Enum(e, col), Scalar::Enum(f, v)) if f == *e => {
            Some(Test::Same { column, col, eq: equality(op)?, rhs: v })
        }
        _ => None,
    }
}

/// The operator with its sides swapped; `None` for one that is not a
/// comparison.
fn flip(op: Op) -> Option<Op> {
    Some(match op {
        Op::Lt => Op::Gt,
        Op::Le => Op::Ge,
        Op::Gt => Op::Lt,
        Op::Ge => Op::Le,
        Op::Eq | Op::Ne => op,
        _ => return None,
    })
}

fn equality(op: Op) -> Option<bool> {
    match op {
        Op::Eq => Some(true),
        Op::Ne => Some(false),
        _ => None,
    }
}

/// The bits of rows `base ..` that exist in a table of `rows` rows.
#[inline]
pub(super) fn live(rows: u32, base: u32) -> u64 {
    match rows.saturating_sub(base) {
        n if n >= 64 => u64::MAX,
        n => (1u64 << n) - 1,
    }
}

/// Calls `f` with the index of each set bit, lowest first.
#[inline]
pub(super) fn for_each_bit(mut bits: u64, mut f: impl FnMut(u32)) {
    while bits != 0 {
        f(bits.trailing_zeros());
        bits &= bits - 1;
    }
}
