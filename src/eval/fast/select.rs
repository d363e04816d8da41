//! Kernels: the conjuncts of a condition that compare a fact's own fields
//! with values that do not depend on it (`d.since > baseline`,
//! `d.host != d.owner`, `(p.until ?? at + 1 day) > at`), tested on table
//! rows directly, without binding the fact in a frame.
//!
//! - A clause with one binding is prefiltered: its kernels run first, as a
//!   tight loop over the table; only the rows they keep are bound and judged
//!   one by one, with the other conjuncts.
//! - A scan tests its kernels on each candidate row; the values they
//!   compare with (`at + 1 day`) are computed once per run of the scan.
//!
//! Exactness: a row a kernel finds false has a false condition (one false
//! conjunct decides under Kleene logic). A row where a kernel cannot decide
//! (a missing field) is judged with the whole condition, or makes the
//! compiled path give up, as if there were no kernels.

use std::rc::Rc;

use smallvec::SmallVec;

use super::Condition;
use super::compile::Node;
use super::lift::{self, Lifted};
use super::ops::{apply, present};
use super::scalar::Scalar;
use super::typed::Tests;
use crate::eval::context::{Ctx, Slot};
use crate::plan::Op;
use crate::scenario::Table;
use crate::value::{EntityId, Value};

/// A condition on the fact in one slot, split into kernels and the rest.
#[derive(Debug, Clone)]
pub(super) struct Kernels<'a> {
    pub kernels: Vec<Kernel<'a>>,
    /// What the kernels compare with, computed before the rows are tested.
    pub fixed: Vec<Node<'a>>,
    /// For a prefilter: conjuncts that read the fact only through a few
    /// fields with small sets of values ([`super::lift`]).
    pub lifted: Vec<Lifted<'a>>,
    /// The other conjuncts (`None`: nothing left).
    pub rest: Option<Node<'a>>,
}

#[derive(Debug, Clone)]
pub(super) struct Kernel<'a> {
    pub(super) op: Op,
    pub(super) lhs: Operand<'a>,
    pub(super) rhs: Operand<'a>,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Operand<'a> {
    Value(Given<'a>),
    /// A field of the row, or `or` where it is missing (`p.until ?? D`).
    Field {
        field: usize,
        or: Option<Given<'a>>,
    },
}

/// Where a condition is split.
#[derive(Debug, Clone, Copy)]
pub(super) enum Within {
    /// A scan's condition.
    Scan,
    /// A clause's, whose frame ends before slot `scratch`.
    Clause { scratch: usize },
}

/// A value that does not depend on the row.
#[derive(Debug, Clone, Copy)]
pub(super) enum Given<'a> {
    Const(Scalar<'a>),
    /// The `n`th of [`Kernels::fixed`].
    Fixed(usize),
}

/// The values of [`Kernels::fixed`] for one run.
pub(super) type Compared<'a> = SmallVec<[Scalar<'a>; 4]>;

impl<'a> Kernels<'a> {
    /// Splits `cond` on the fact in `slot`. Kernels may compare with other
    /// slots only in a scan, whose hoisted values are set before it runs; a
    /// clause's other slots are set while it is judged.
    pub fn split(cond: &Node<'a>, slot: usize, within: Within) -> Kernels<'a> {
        let outer_slots = matches!(within, Within::Scan);
        let parts: Vec<&Node<'a>> = match cond {
            Node::Conjunction(parts) => parts.iter().collect(),
            n => vec![n],
        };
        let mut out = Kernels { kernels: Vec::new(), fixed: Vec::new(), lifted: Vec::new(), rest: None };
        let mut rest = Vec::new();
        for p in parts {
            if let Some(k) = out.kernel(p, slot, outer_slots) {
                out.kernels.push(k);
            } else if let (Within::Clause { scratch }, Some(fields)) = (within, lift::fields_read(p, slot)) {
                out.lifted.push(Lifted::new(p, slot, fields, scratch));
            } else {
                rest.push(p.clone());
            }
        }
        out.rest = match rest.len() {
            0 => None,
            1 => rest.pop(),
            _ => Some(Node::Conjunction(rest)),
        };
        out
    }

    /// A comparison of the fact's fields with given values or each other.
    fn kernel(&mut self, n: &Node<'a>, slot: usize, outer_slots: bool) -> Option<Kernel<'a>> {
        let Node::Binary { op, lhs, rhs } = n else { return None };
        if !matches!(op, Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge) {
            return None;
        }
        let fixed = self.fixed.len();
        let sides = (self.operand(lhs, slot, outer_slots), self.operand(rhs, slot, outer_slots));
        match sides {
            (Some(lhs), Some(rhs)) if matches!(lhs, Operand::Field { .. }) || matches!(rhs, Operand::Field { .. }) => {
                Some(Kernel { op: *op, lhs, rhs })
            }
            _ => {
                self.fixed.truncate(fixed);
                None
            }
        }
    }

    fn operand(&mut self, n: &Node<'a>, slot: usize, outer_slots: bool) -> Option<Operand<'a>> {
        match n {
            Node::SlotField { slot: s, field } if *s == slot => Some(Operand::Field { field: *field, or: None }),
            Node::Coalesce(a, b) => match &**a {
                Node::SlotField { slot: s, field } if *s == slot => {
                    Some(Operand::Field { field: *field, or: Some(self.given(b, slot, outer_slots)?) })
                }
                _ => Some(Operand::Value(self.given(n, slot, outer_slots)?)),
            },
            n => Some(Operand::Value(self.given(n, slot, outer_slots)?)),
        }
    }

    fn given(&mut self, n: &Node<'a>, slot: usize, outer_slots: bool) -> Option<Given<'a>> {
        if let Node::Const(s) = n {
            return Some(Given::Const(*s));
        }
        let reads = if outer_slots { n.reads(slot) } else { n.reads_any() };
        if reads {
            return None;
        }
        self.fixed.push(n.clone());
        Some(Given::Fixed(self.fixed.len() - 1))
    }
}

impl<'a> Kernel<'a> {
    /// The comparison on `row`; `None` when it cannot be decided.
    #[inline(always)]
    pub fn test(&self, table: &'a Table, row: u32, fixed: &[Scalar<'a>]) -> Option<bool> {
        // The common shapes, a field against a constant or another field of
        // the same kind, compared where they lie.
        let direct = match (self.lhs, self.rhs) {
            (Operand::Field { field, or: None }, Operand::Value(Given::Const(c))) => {
                compare(self.op, table.field(row, field)?, c)
            }
            (Operand::Field { field: a, or: None }, Operand::Field { field: b, or: None }) => {
                match (table.field(row, a)?, table.field(row, b)?) {
                    (Value::Fact(x), Value::Fact(y)) => equality(self.op, x == y),
                    _ => None,
                }
            }
            _ => None,
        };
        if direct.is_some() {
            return direct;
        }
        let l = present(self.lhs.read(table, row, fixed)?)?;
        let r = present(self.rhs.read(table, row, fixed)?)?;
        match apply(self.op, l, r)? {
            Scalar::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// `v op c` for a date, an integer, a fact or an enum value compared with
/// one of the same kind; `None` for anything else (the general path decides).
#[inline(always)]
fn compare(op: Op, v: &Value, c: Scalar<'_>) -> Option<bool> {
    match (v, c) {
        (Value::Date(a), Scalar::Date(b)) => order(op, a.cmp(&b)),
        (Value::Int(a), Scalar::Int(b)) => order(op, a.cmp(&b)),
        (Value::Fact(a), Scalar::Fact(b)) => equality(op, *a == b),
        (Value::Enum(e, x), Scalar::Enum(f, y)) => equality(op, *e == f && *x == y),
        _ => None,
    }
}

#[inline(always)]
pub(super) fn order(op: Op, o: std::cmp::Ordering) -> Option<bool> {
    use std::cmp::Ordering::{Greater, Less};
    Some(match op {
        Op::Lt => o == Less,
        Op::Le => o != Greater,
        Op::Gt => o == Greater,
        Op::Ge => o != Less,
        Op::Eq => o.is_eq(),
        Op::Ne => o.is_ne(),
        _ => return None,
    })
}

#[inline(always)]
fn equality(op: Op, same: bool) -> Option<bool> {
    match op {
        Op::Eq => Some(same),
        Op::Ne => Some(!same),
        _ => None,
    }
}

impl<'a> Operand<'a> {
    #[inline(always)]
    fn read(self, table: &'a Table, row: u32, fixed: &[Scalar<'a>]) -> Option<Scalar<'a>> {
        match self {
            Operand::Value(g) => g.get(fixed),
            Operand::Field { field, or } => match (Scalar::of(table.field(row, field)?)?, or) {
                (Scalar::Missing, Some(d)) => d.get(fixed),
                (v, _) => Some(v),
            },
        }
    }
}

impl<'a> Given<'a> {
    #[inline(always)]
    pub(super) fn get(self, fixed: &[Scalar<'a>]) -> Option<Scalar<'a>> {
        match self {
            Given::Const(s) => Some(s),
            Given::Fixed(i) => fixed.get(i).copied(),
        }
    }
}

/// The prefilter of a clause with one binding.
pub(in crate::eval) struct Prefilter<'a> {
    kernels: Kernels<'a>,
    /// The binding's frame slot.
    slot: usize,
    /// The conjuncts left for rows every kernel kept for certain; the
    /// interpreter still judges the whole condition if these give up.
    pub rest: Condition<'a>,
}

/// A row the prefilter kept: `certain` when every kernel decided it.
pub(in crate::eval) struct Kept {
    pub row: u32,
    pub certain: bool,
}

impl<'a> Ctx<'a> {
    /// The prefilter for a condition on the fact in `slot`; `None` when no
    /// conjunct qualifies.
    /// Lifted conjuncts use the slots after the clause's `frame_size`.
    pub(in crate::eval) fn prefilter(
        &self,
        c: &Condition<'a>,
        slot: usize,
        frame_size: usize,
    ) -> Option<Prefilter<'a>> {
        let kernels = Kernels::split(c.node.as_deref()?, slot, Within::Clause { scratch: frame_size });
        if kernels.kernels.is_empty() && kernels.lifted.is_empty() {
            return None;
        }
        let rest = kernels.rest.clone().unwrap_or(Node::Const(Scalar::Bool(true)));
        Some(Prefilter { kernels, slot, rest: Condition { expr: c.expr, node: Some(Rc::new(rest)) } })
    }

    /// The values kernels compare with, for one run; `None` when one cannot
    /// be computed.
    pub(super) fn fixed(&self, k: &Kernels<'a>, frame: &mut Vec<Slot>) -> Option<Compared<'a>> {
        k.fixed.iter().map(|n| self.compiled(n, frame)).collect()
    }

    /// Calls `judge` with each row of `entity` the prefilter keeps, in
    /// table order, as the 64-row word it is in is tested: judging a row
    /// then reads columns the test has just brought into the cache. Each
    /// kernel on each row counts as a step of the budget; `judge` stops
    /// being called once the budget is spent.
    pub(in crate::eval) fn select(
        &self,
        p: &Prefilter<'a>,
        entity: EntityId,
        frame: &mut Vec<Slot>,
        mut judge: impl FnMut(&mut Vec<Slot>, Kept),
    ) {
        let Some(table) = self.facts.table(entity) else { return };
        let rows = u32::try_from(table.len()).unwrap_or(u32::MAX);
        let kernels = &p.kernels.kernels;
        // Given values that cannot be computed leave every row to the rest.
        let Some(fixed) = self.fixed(&p.kernels, frame) else {
            for row in (0..rows).take_while(|_| !self.exhausted()) {
                judge(frame, Kept { row, certain: false });
            }
            return;
        };
        let steps = u64::from(rows).saturating_mul(kernels.len() as u64);
        self.steps.set(self.steps.get().saturating_add(steps));
        let tests = Tests::new(kernels, table, &fixed);
        let mut lookups = Vec::new();
        let mut by_row = Vec::new();
        for l in &p.kernels.lifted {
            match self.lookup(l, table) {
                Some(lookup) => lookups.push(lookup),
                None => by_row.push(&l.written),
            }
        }
        tests.each_kept(
            frame,
            |frame, w, base| lookups.iter_mut().for_each(|l| l.apply(self, frame, w, base, rows)),
            |frame, row, unknown| {
                let mut k = Kept { row, certain: !unknown };
                // Conjuncts left to test row by row are rare: bind the row
                // for them only when there are some.
                if !self.exhausted() && (by_row.is_empty() || self.keeps(&by_row, entity, &mut k, p.slot, frame)) {
                    judge(frame, k);
                }
            },
        );
    }
}
