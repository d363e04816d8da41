//! Conjuncts that read the bound fact only through one reference field
//! (`bound_by_article_4(d.owner)`, `d.host.in_europe`) depend on the row
//! only through the fact that field names. The prefilter computes them once
//! per referenced fact (64 states, not a million deployments) and tests each
//! row by a look-up, so rows they reject are never bound.
//!
//! The lifted conjunct is the same node with `d.owner` read as the slot
//! itself, which holds the referenced fact (or a missing value) while the
//! table of results is computed: the interpreter's semantics, unchanged.

use super::compile::{List, Node};
use super::select::Kept;
use super::typed::{Words, for_each_bit, live};
use crate::eval::context::{Ctx, Slot};
use crate::eval::scan::set;
use crate::scenario::{Column, ColumnData, Table};
use crate::value::{EntityId, FactRef, Value};

/// A conjunct computed once per fact a reference field names.
#[derive(Debug, Clone)]
pub(super) struct Lifted<'a> {
    pub(super) field: usize,
    /// The conjunct, reading the referenced fact from the binding's slot.
    pub(super) node: Node<'a>,
    /// The conjunct as written, for a field that turns out to have no
    /// reference column: then it is tested on each row the others keep.
    pub(super) written: Node<'a>,
}

impl<'a> Lifted<'a> {
    /// `n` (accepted by [`one_field`], which gave `field`) lifted.
    pub(super) fn new(n: &Node<'a>, slot: usize, field: usize) -> Lifted<'a> {
        Lifted { field, node: as_slot(n, slot), written: n.clone() }
    }
}

/// The one field of `slot` that `n` reads, when it reads that slot only as
/// `slot.field`, reads no other frame slot, and binds none; `None` when it
/// reads no field of the slot or does anything else.
pub(super) fn one_field(n: &Node<'_>, slot: usize) -> Option<usize> {
    let mut found = None;
    visit(n, slot, &mut found)?;
    found
}

fn visit(n: &Node<'_>, slot: usize, found: &mut Option<usize>) -> Option<()> {
    match n {
        Node::Const(_) | Node::Param(_) | Node::AsOf => Some(()),
        Node::SlotField { slot: s, field } if *s == slot => match *found {
            Some(f) if f != *field => None,
            _ => {
                *found = Some(*field);
                Some(())
            }
        },
        Node::Field { base: a, .. } | Node::Has { base: a, .. } | Node::Not(a) | Node::Neg(a) | Node::Id(a) => {
            visit(a, slot, found)
        }
        Node::Kleene { lhs, rhs, .. } | Node::Coalesce(lhs, rhs) | Node::Binary { lhs, rhs, .. } => {
            visit(lhs, slot, found)?;
            visit(rhs, slot, found)
        }
        Node::If { cond, then, otherwise } => {
            visit(cond, slot, found)?;
            visit(then, slot, found)?;
            visit(otherwise, slot, found)
        }
        // A call's body runs in its own frame: only its arguments read ours.
        Node::Conjunction(parts) | Node::Call { args: parts, .. } => {
            parts.iter().try_for_each(|p| visit(p, slot, found))
        }
        Node::In { item, list, .. } => {
            visit(item, slot, found)?;
            match &**list {
                List::Parties(_) => Some(()),
                List::Field(base, _) => visit(base, slot, found),
                List::Slot(_) | List::Interpret(_) => None,
            }
        }
        Node::Slot(_)
        | Node::SlotField { .. }
        | Node::Let { .. }
        | Node::Scan(_)
        | Node::ListScan(_)
        | Node::Interpret(_) => None,
    }
}

/// `n` (accepted by [`one_field`]) with `slot.field` read as `slot`.
pub(super) fn as_slot<'a>(n: &Node<'a>, slot: usize) -> Node<'a> {
    let mut n = n.clone();
    replace(&mut n, slot);
    n
}

fn replace(n: &mut Node<'_>, slot: usize) {
    match n {
        Node::SlotField { slot: s, .. } if *s == slot => *n = Node::Slot(slot),
        Node::Field { base: a, .. } | Node::Has { base: a, .. } | Node::Not(a) | Node::Neg(a) | Node::Id(a) => {
            replace(a, slot)
        }
        Node::Kleene { lhs, rhs, .. } | Node::Coalesce(lhs, rhs) | Node::Binary { lhs, rhs, .. } => {
            replace(lhs, slot);
            replace(rhs, slot);
        }
        Node::If { cond, then, otherwise } => {
            replace(cond, slot);
            replace(then, slot);
            replace(otherwise, slot);
        }
        Node::Conjunction(parts) | Node::Call { args: parts, .. } => parts.iter_mut().for_each(|p| replace(p, slot)),
        Node::In { item, list, .. } => {
            replace(item, slot);
            if let List::Field(base, _) = &mut **list {
                replace(base, slot);
            }
        }
        _ => {}
    }
}

/// The most facts a lifted conjunct is computed for, or a sixteenth of the
/// rows it saves binding, whichever is more.
const LIFT_TARGETS: usize = 4096;

/// A lifted conjunct's value for each fact its field may name.
pub(super) struct Lookup<'t> {
    column: &'t Column,
    rows: &'t [u32],
    /// 0 false, 1 true, 2 unknown, by referenced row.
    values: Vec<u8>,
    when_missing: u8,
}

impl Lookup<'_> {
    /// Adds the conjunct's outcome on the rows of `w` to it.
    pub(super) fn apply(&self, w: &mut Words, base: u32, rows: u32) {
        for_each_bit(!w.falsy & live(rows, base), |bit| {
            let row = base + bit;
            let v = if self.column.is_missing(row) {
                self.when_missing
            } else {
                self.rows.get(row as usize).and_then(|r| self.values.get(*r as usize)).copied().unwrap_or(UNKNOWN)
            };
            match v {
                FALSE => {
                    w.falsy |= 1 << bit;
                    w.unknown &= !(1 << bit);
                }
                TRUE => {}
                _ => w.unknown |= 1 << bit,
            }
        });
    }
}

const FALSE: u8 = 0;
const TRUE: u8 = 1;
const UNKNOWN: u8 = 2;

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
        for c in conjuncts {
            match self.compiled_truth(c, frame) {
                Some(false) => return false,
                Some(true) => {}
                None => k.certain = false,
            }
        }
        true
    }

    /// The lifted conjunct for every fact the field of `table` may name;
    /// `None` when the field has no reference column or names too large a
    /// table.
    pub(super) fn lookup<'t>(
        &self,
        l: &Lifted<'a>,
        table: &'t Table,
        slot: usize,
        frame: &mut Vec<Slot>,
    ) -> Option<Lookup<'t>> {
        let column = table.column(l.field)?;
        let ColumnData::Fact(entity, rows) = &column.data else { return None };
        let targets = self.facts.table(*entity)?.len();
        if targets > LIFT_TARGETS.max(table.len() / 16) {
            return None;
        }
        self.steps.set(self.steps.get().saturating_add(targets as u64 + 1));
        let mut value_with = |v: Value| {
            set(frame, slot, Ok(v));
            match self.compiled_truth(&l.node, frame) {
                Some(false) => FALSE,
                Some(true) => TRUE,
                None => UNKNOWN,
            }
        };
        let values = (0..u32::try_from(targets).ok()?)
            .map(|row| value_with(Value::Fact(FactRef { entity: *entity, row })))
            .collect();
        let when_missing = value_with(Value::Missing);
        set(frame, slot, Ok(Value::Missing));
        Some(Lookup { column, rows, values, when_missing })
    }
}
