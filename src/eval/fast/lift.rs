//! Conjuncts that read the bound fact only through fields whose values
//! come from small sets (references, enums, booleans):
//! `bound_by_article_4(d.owner)`, `d.host.in_europe`,
//! `force_level(d.owner, d.host, as_of) > force_level(d.owner, d.host, baseline)`.
//! Such a conjunct depends on the row only through that combination of
//! values (64 states, or 64 × 64 pairs, not a million deployments). The
//! prefilter computes it once per combination it meets, keeps the outcome
//! in a table indexed by the combination, and tests each row by a look-up,
//! so rows it rejects are never bound.
//!
//! Cost: a conjunct computed per row costs one evaluation per kept row;
//! lifted, it costs one evaluation per distinct combination met (never
//! more than the rows) plus a byte per combination the table can hold. So
//! lifting never computes more than the rows would, and the one bound is
//! on the table: the dense rule every table numbered by a combination of
//! small-domain values follows ([`super::index::fits_dense`]), whatever
//! the number of fields. A conjunct whose table would be larger is tested
//! row by row as written.
//!
//! The lifted conjunct is the same node with each field read from a
//! scratch slot, which holds the field's value at the first row with that
//! combination while the conjunct is computed: the interpreter's
//! semantics, unchanged.

use super::compile::{List, Node};
use super::index::fits_dense;
use super::run::field_value;
use super::select::Kept;
use super::typed::{for_each_bit, live};
use crate::eval::context::{Ctx, Slot};
use crate::eval::frame::set;
use crate::eval::logic::{self, Words};
use crate::scenario::{Column, ColumnData, Table};
use crate::value::{EntityId, FactRef, Value};

/// A conjunct computed once per combination of the fields it reads.
#[derive(Debug, Clone)]
pub(super) struct Lifted<'a> {
    /// The fields of the bound fact it reads, in ascending order.
    pub(super) fields: Vec<usize>,
    /// The conjunct, reading `fields[i]` from slot `scratch + i`.
    pub(super) node: Node<'a>,
    pub(super) scratch: usize,
    /// The conjunct as written, for fields that turn out to have no small
    /// set of values: then it is tested on each row the others keep.
    pub(super) written: Node<'a>,
}

impl<'a> Lifted<'a> {
    /// `n` (accepted by [`fields_read`], which gave `fields`) lifted, with
    /// scratch slots from `scratch` on (past the clause's frame).
    pub(super) fn new(n: &Node<'a>, slot: usize, fields: Vec<usize>, scratch: usize) -> Lifted<'a> {
        let node = as_slots(n, slot, &fields, scratch);
        Lifted { fields, node, scratch, written: n.clone() }
    }
}

/// The fields of `slot` that `n` reads, when it reads that slot only as
/// `slot.field`, reads no other frame slot, and binds none; `None` when it
/// reads no field of the slot or does anything else. (Whether their values
/// are few enough to tabulate is the table's to say, [`Ctx::lookup`].)
pub(super) fn fields_read(n: &Node<'_>, slot: usize) -> Option<Vec<usize>> {
    let mut found = Vec::new();
    visit(n, slot, &mut found)?;
    found.sort_unstable();
    found.dedup();
    (!found.is_empty()).then_some(found)
}

fn visit(n: &Node<'_>, slot: usize, found: &mut Vec<usize>) -> Option<()> {
    if let Some(ops) = n.operands() {
        return ops.into_iter().try_for_each(|o| visit(o, slot, found));
    }
    match n {
        Node::Const(_) | Node::Param(_) | Node::AsOf => Some(()),
        Node::SlotField { slot: s, field } if *s == slot => {
            found.push(*field);
            Some(())
        }
        // A call's body runs in its own frame: only its arguments read ours.
        Node::Call { args, .. } => args.iter().try_for_each(|p| visit(p, slot, found)),
        Node::In { item, list, .. } => {
            visit(item, slot, found)?;
            match &**list {
                List::Parties(_) => Some(()),
                List::Field(base, _) => visit(base, slot, found),
                List::Slot(_) | List::Interpret(_) => None,
            }
        }
        _ => None,
    }
}

/// `n` with `slot.fields[i]` read as slot `scratch + i`.
pub(super) fn as_slots<'a>(n: &Node<'a>, slot: usize, fields: &[usize], scratch: usize) -> Node<'a> {
    let mut n = n.clone();
    replace(&mut n, &|s, field| {
        let i = fields.iter().position(|f| *f == field).filter(|_| s == slot)?;
        Some(Node::Slot(scratch + i))
    });
    n
}

/// Replaces each `SlotField` for which `by` gives a node.
fn replace<'a>(n: &mut Node<'a>, by: &dyn Fn(usize, usize) -> Option<Node<'a>>) {
    match n {
        Node::SlotField { slot, field } => {
            if let Some(new) = by(*slot, *field) {
                *n = new;
            }
        }
        Node::Field { base: a, .. } | Node::Has { base: a, .. } | Node::Not(a) | Node::Neg(a) | Node::Id(a) => {
            replace(a, by)
        }
        Node::Kleene { lhs, rhs, .. }
        | Node::Coalesce(lhs, rhs)
        | Node::Binary { lhs, rhs, .. }
        | Node::At { value: lhs, date: rhs } => {
            replace(lhs, by);
            replace(rhs, by);
        }
        Node::If { cond, then, otherwise } => {
            replace(cond, by);
            replace(then, by);
            replace(otherwise, by);
        }
        Node::Conjunction(parts) | Node::Call { args: parts, .. } => parts.iter_mut().for_each(|p| replace(p, by)),
        Node::In { item, list, .. } => {
            replace(item, by);
            if let List::Field(base, _) = &mut **list {
                replace(base, by);
            }
        }
        _ => {}
    }
}

/// A lifted conjunct's outcome for each combination of its fields' values,
/// computed at the first row that has it.
pub(super) struct Lookup<'t, 'a> {
    lifted: &'t Lifted<'a>,
    table: &'t Table,
    parts: Vec<Part<'t>>,
    /// [`FALSE`], [`TRUE`], [`UNKNOWN`] or [`NOT_YET`], by combination.
    values: Vec<u8>,
}

/// One field of a lifted conjunct: its column and the place of its value
/// in the combination's number.
struct Part<'t> {
    column: &'t Column,
    codes: Codes<'t>,
    /// The code of a missing value: one past the last value's.
    missing: u32,
    stride: u32,
}

enum Codes<'t> {
    /// Rows of a referenced table, or variants of an enum.
    Small(&'t [u32]),
    Bools(&'t [bool]),
}

impl Part<'_> {
    /// The code of the value at `row`; `None` for a code out of range,
    /// which would otherwise name another combination.
    #[inline]
    fn code(&self, row: u32) -> Option<u32> {
        if self.column.is_missing(row) {
            return Some(self.missing);
        }
        let i = row as usize;
        let code = match self.codes {
            Codes::Small(v) => *v.get(i)?,
            Codes::Bools(v) => u32::from(*v.get(i)?),
        };
        (code < self.missing).then_some(code)
    }
}

impl<'t, 'a> Lookup<'t, 'a> {
    /// Adds the conjunct's outcome on the rows of `w` to it, computing the
    /// combinations not met before.
    pub(super) fn apply(&mut self, cx: &Ctx<'a>, frame: &mut Vec<Slot>, w: &mut Words, base: u32, rows: u32) {
        for_each_bit(!w.falsy & live(rows, base), |bit| {
            let row = base + bit;
            let v = match self.cell(row) {
                Some(cell) => match self.values.get(cell).copied() {
                    Some(NOT_YET) => self.compute(cx, frame, row, cell),
                    v => v.unwrap_or(UNKNOWN),
                },
                None => UNKNOWN,
            };
            w.and_row(
                bit,
                match v {
                    FALSE => Some(false),
                    TRUE => Some(true),
                    _ => None,
                },
            );
        });
    }

    /// The number of the combination of values at `row`.
    #[inline]
    fn cell(&self, row: u32) -> Option<usize> {
        let mut cell = 0u32;
        for p in &self.parts {
            cell += p.code(row)? * p.stride;
        }
        Some(cell as usize)
    }

    /// The conjunct on the values at `row`, kept for the combination `cell`.
    fn compute(&mut self, cx: &Ctx<'a>, frame: &mut Vec<Slot>, row: u32, cell: usize) -> u8 {
        cx.steps.set(cx.steps.get().saturating_add(1));
        let l = self.lifted;
        for (i, field) in l.fields.iter().enumerate() {
            let v = field_value(self.table, row, *field).map_or(Value::Missing, |v| v.value());
            set(frame, l.scratch + i, Ok(v));
        }
        let v = match cx.compiled_truth(&l.node, frame) {
            Some(false) => FALSE,
            Some(true) => TRUE,
            None => UNKNOWN,
        };
        if let Some(slot) = self.values.get_mut(cell) {
            *slot = v;
        }
        v
    }
}

const FALSE: u8 = 0;
const TRUE: u8 = 1;
const UNKNOWN: u8 = 2;
const NOT_YET: u8 = 3;

impl<'a> Ctx<'a> {
    /// Whether a kept row survives `conjuncts` tested on it as written (an
    /// unknown one leaves it kept, no longer certain).
    pub(super) fn keeps(
        &self,
        conjuncts: &[&Node<'a>],
        entity: EntityId,
        k: &mut Kept,
        slot: usize,
        frame: &mut Vec<Slot>,
    ) -> bool {
        set(frame, slot, Ok(Value::Fact(FactRef { entity, row: k.row })));
        match logic::all(conjuncts.iter().map(|c| self.compiled_truth(c, frame).ok_or(())), |_, _| false) {
            Ok(held) => held,
            Err(()) => {
                k.certain = false;
                true
            }
        }
    }

    /// An empty table of the lifted conjunct's outcomes on rows of `table`;
    /// `None` when one of its fields has no small set of values, or the
    /// combinations are too many to tabulate.
    pub(super) fn lookup<'t>(&self, l: &'t Lifted<'a>, table: &'t Table) -> Option<Lookup<'t, 'a>> {
        let mut cells: usize = 1;
        let mut parts = Vec::with_capacity(l.fields.len());
        for field in &l.fields {
            let column = table.column(*field)?;
            let (codes, values) = match &column.data {
                ColumnData::Fact(_, codes) | ColumnData::Enum(_, codes) => {
                    (Codes::Small(codes), self.domain(&column.data)?)
                }
                ColumnData::Bool(bools) => (Codes::Bools(bools), 2),
                _ => return None,
            };
            let stride = u32::try_from(cells).ok()?;
            cells = cells.checked_mul(values + 1).filter(|n| fits_dense(*n, table.len()))?;
            parts.push(Part { column, codes, missing: u32::try_from(values).ok()?, stride });
        }
        Some(Lookup { lifted: l, table, parts, values: vec![NOT_YET; cells] })
    }
}
