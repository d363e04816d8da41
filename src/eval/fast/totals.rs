//! Whole-table aggregates per index group: `sum p.personnel for p: Deployment
//! where p.owner == owner and p.host == host and in_place(p, at)` computed
//! for every (owner, host) at once, in one pass over the table in row order,
//! instead of one pass per group over rows scattered across the table.
//!
//! A pass costs a read of a few typed columns per row, so it pays once the
//! groups asked for hold a fair share of the rows; and the index's own
//! build has already read every row's key. A pass runs per set of the
//! values the residual condition compares with (`at`, `at + 1 day`), at
//! most [`PASSES`] of them per scan; past that, each group is scanned alone.
//!
//! Each group's total is the one a scan of its rows alone would give: rows
//! are added in table order, and a row the kernels cannot decide, a missing
//! value or an overflow makes that group's total unknown (the interpreter
//! then judges the binding), as it makes that scan give up.

use super::compile::{Fold, Node, ScanNode};
use super::index::ScalarIndex;
use super::ops::{combine, present};
use super::scalar::Scalar;
use super::select::Compared;
use super::typed::Tests;
use crate::ast::AggKind;
use crate::eval::context::{Ctx, Slot};
use crate::scenario::{ColumnData, Table};

/// The most passes per scan, each for one set of compared-with values.
const PASSES: usize = 8;

/// One group's running total.
#[derive(Debug, Clone, Copy)]
pub(super) enum Total<'a> {
    /// No row held.
    Empty,
    /// A row could not be decided or added.
    Unknown,
    Held(Scalar<'a>),
}

/// The totals of one pass, by group.
pub(super) type Totals<'a> = Vec<Total<'a>>;

impl<'a> Ctx<'a> {
    /// The scan's result for the rows of `group`, from a whole-table pass;
    /// `None` when the scan does not qualify (then scan the group alone).
    pub(super) fn grouped(
        &self,
        n: &ScanNode<'a>,
        fold: Fold,
        index: &ScalarIndex<'a>,
        group: Option<u32>,
        frame: &mut Vec<Slot>,
    ) -> Option<Option<Scalar<'a>>> {
        let field = qualifies(n, fold, index)?;
        // `at(p.field, d)`: the field's own values, once `d` is a date (a
        // series in some row makes that group's total unknown, as a scan
        // of the group gives up on it).
        if let Some(Node::At { date, .. }) = &n.value {
            if !matches!(self.compiled(date, frame)?, Scalar::Date(_)) {
                return None;
            }
        }
        let fixed = match &n.residual {
            Some(r) => self.fixed(r, frame)?,
            None => Compared::new(),
        };
        let totals = self.fast.totals(n.scan.id, fixed.clone(), PASSES, || self.pass(n, fold, field, index, &fixed))?;
        let total = group.and_then(|g| totals.get(g as usize).copied()).unwrap_or(Total::Empty);
        Some(match total {
            Total::Unknown => None,
            Total::Held(v) => Some(v),
            Total::Empty => self.fold_of_nothing(n, fold),
        })
    }

    /// Every group's total in one pass over the table.
    fn pass(
        &self,
        n: &ScanNode<'a>,
        fold: Fold,
        field: Option<usize>,
        index: &ScalarIndex<'a>,
        fixed: &[Scalar<'a>],
    ) -> Option<Totals<'a>> {
        let table = self.facts.table(n.entity)?;
        let kernels = n.residual.as_ref().map_or(&[][..], |r| &r.kernels[..]);
        let tests = Tests::new(kernels, table, fixed);
        let rows = index.groups_of_rows();
        let steps = (rows.len() as u64).saturating_mul(1 + tests.len() as u64);
        self.steps.set(self.steps.get().saturating_add(steps));
        if self.exhausted() {
            return None;
        }
        if let (Fold::Agg(AggKind::Sum), Some(ints)) = (fold, field.and_then(|f| int_column(table, f))) {
            return Some(int_sums(&tests, rows, ints, index.groups()));
        }
        let mut totals = vec![Total::Empty; index.groups()];
        tests.each_kept(
            &mut totals,
            |_, _, _| {},
            |totals, row, unknown| {
                let Some(total) = rows.get(row as usize).and_then(|g| totals.get_mut(*g as usize)) else { return };
                *total = match (*total, unknown) {
                    (Total::Unknown, _) | (_, true) => Total::Unknown,
                    (t, false) => add(t, fold, field.and_then(|f| super::run::field_value(table, row, f))),
                };
            },
        );
        Some(totals)
    }
}

/// The values of an integer field no row lacks.
fn int_column(table: &Table, field: usize) -> Option<&[i64]> {
    let c = table.column(field)?;
    match &c.data {
        ColumnData::Int(ints) if !c.has_missing() => Some(ints),
        _ => None,
    }
}

/// [`Ctx::pass`] for a sum of integers no row lacks: plain adds, checked.
fn int_sums<'a>(tests: &Tests<'_, 'a>, groups_of_rows: &[u32], ints: &[i64], groups: usize) -> Totals<'a> {
    // Per group: the sum so far, and whether it is empty or unknown.
    let mut sums = vec![0i64; groups];
    let mut state = vec![EMPTY; groups];
    tests.each_kept(
        &mut (),
        |_, _, _| {},
        |_, row, unknown| {
            let row = row as usize;
            let (Some(&g), Some(&v)) = (groups_of_rows.get(row), ints.get(row)) else { return };
            let (Some(sum), Some(st)) = (sums.get_mut(g as usize), state.get_mut(g as usize)) else { return };
            match sum.checked_add(v) {
                Some(s) if !unknown => {
                    *sum = s;
                    *st |= HELD;
                }
                _ => *st |= UNKNOWN,
            }
        },
    );
    sums.iter()
        .zip(&state)
        .map(|(sum, st)| match *st {
            EMPTY => Total::Empty,
            HELD => Total::Held(Scalar::Int(*sum)),
            _ => Total::Unknown,
        })
        .collect()
}

const EMPTY: u8 = 0;
const HELD: u8 = 1;
const UNKNOWN: u8 = 2;

/// The field summed (none for a count) when the scan can be answered per
/// group: a count or an aggregate of the scanned fact's own field (or of
/// `at(field, d)` with `d` not read from the fact), every
/// residual conjunct a kernel, every row's key known. (Whether the planner
/// memoises the scan does not matter: its result depends on the facts and
/// its hoisted values alone, and so do the key and the kernels' values.)
fn qualifies(n: &ScanNode<'_>, fold: Fold, index: &ScalarIndex<'_>) -> Option<Option<usize>> {
    if !index.unknown.is_empty() || n.residual.as_ref().is_some_and(|r| r.rest.is_some()) {
        return None;
    }
    match (fold, &n.value) {
        (Fold::Count, _) => Some(None),
        (Fold::Agg(_), Some(Node::SlotField { slot, field })) if *slot == n.scan.slot => Some(Some(*field)),
        (Fold::Agg(_), Some(Node::At { value, date })) if !date.reads(n.scan.slot) => match value.as_ref() {
            Node::SlotField { slot, field } if *slot == n.scan.slot => Some(Some(*field)),
            _ => None,
        },
        _ => None,
    }
}

/// A total with one more held row whose value is `v`.
#[inline]
fn add<'a>(total: Total<'a>, fold: Fold, v: Option<Scalar<'a>>) -> Total<'a> {
    let next = match (fold, total) {
        (Fold::Count, Total::Empty) => Some(Scalar::Int(1)),
        (Fold::Count, Total::Held(Scalar::Int(c))) => c.checked_add(1).map(Scalar::Int),
        (Fold::Agg(_), Total::Empty) => v.and_then(present),
        (Fold::Agg(kind), Total::Held(a)) => v.and_then(present).and_then(|v| combine(kind, a, v)),
        _ => None,
    };
    next.map_or(Total::Unknown, Total::Held)
}
