//! Runs compiled nodes. A node yields `None` ("bail out") whenever the
//! interpreter would have met an unknown: an error, a missing operand, a
//! value that is not a scalar, the end of the step budget. The caller then
//! judges the binding again with the interpreter, which gives the verdict
//! and the reason for it. What the compiled path returns is therefore what
//! the interpreter returns whenever both get that far without an unknown:
//! both follow the same plan, in the same order, with the same operators.

use super::compile::{Fold, List, ListScan, Node, ScanNode};
use super::index::keyable;
use super::ops::{apply, combine, present};
use super::scalar::Scalar;
use super::select::{Compared, Kernels};
use super::typed::Tests;
use crate::ast::AggKind;
use crate::eval::context::{Ctx, Slot};
use crate::eval::frame::set;
use crate::eval::logic;
use crate::eval::memo::Key;
use crate::eval::ops;
use crate::eval::scan::zero_of;

use crate::scenario::Table;
use crate::value::{FactRef, Value};

impl<'a> Ctx<'a> {
    pub(super) fn compiled(&self, n: &Node<'a>, frame: &mut Vec<Slot>) -> Option<Scalar<'a>> {
        self.steps.set(self.steps.get() + 1);
        if self.exhausted() {
            return None;
        }
        match n {
            Node::Const(_) | Node::Slot(_) | Node::SlotField { .. } => self.leaf(n, frame)?,
            Node::Param(i) => Scalar::of_owned(self.params.get(*i)?.as_ref().ok()?),
            Node::AsOf => self.as_of.map(Scalar::Date),
            Node::Field { base, field } => {
                let base = self.compiled(base, frame)?.value();
                self.field_of(&base, *field)
            }
            Node::Has { base, field } => match self.compiled(base, frame)? {
                Scalar::Fact(r) => Some(Scalar::Bool(!self.facts.field(r, *field)?.is_missing())),
                Scalar::Missing => Some(Scalar::Bool(false)),
                _ => None,
            },
            Node::Not(a) => Some(Scalar::Bool(!self.compiled_truth(a, frame)?)),
            Node::Neg(a) => Scalar::of_owned(&ops::negate(&self.compiled(a, frame)?.value())?),
            Node::Kleene { op, lhs, rhs } => {
                let left = self.compiled_truth(lhs, frame).ok_or(());
                op.apply(left, || self.compiled_truth(rhs, frame).ok_or(())).ok().map(Scalar::Bool)
            }
            Node::Coalesce(lhs, rhs) => match self.operand(lhs, frame)? {
                Scalar::Missing => self.operand(rhs, frame),
                v => Some(v),
            },
            Node::Binary { op, lhs, rhs } => {
                let l = present(self.operand(lhs, frame)?)?;
                let r = present(self.operand(rhs, frame)?)?;
                apply(*op, l, r)
            }
            Node::If { cond, then, otherwise } => {
                if self.compiled_truth(cond, frame)? {
                    self.compiled(then, frame)
                } else {
                    self.compiled(otherwise, frame)
                }
            }
            Node::Conjunction(parts) => {
                let truths = parts.iter().map(|c| self.compiled_truth(c, frame).ok_or(()));
                logic::all(truths, |_, _| false).ok().map(Scalar::Bool)
            }
            Node::Let { args, body } => {
                for (slot, a) in args {
                    let v = self.operand(a, frame)?;
                    set(frame, *slot, Ok(v.value()));
                }
                self.compiled(body, frame)
            }
            Node::Call { def, args } => self.compiled_call(*def, args, frame),
            Node::Scan(scan) => self.compiled_scan(scan, frame),
            Node::ListScan(scan) => self.compiled_list_scan(scan, frame),
            Node::In { item, list, negate } => {
                let item = present(self.operand(item, frame)?)?;
                let items = self.items(list, frame)?;
                let found = match item {
                    Scalar::Fact(r) => items.iter().any(|x| matches!(x, Value::Fact(f) if *f == r)),
                    item => {
                        let item = item.value();
                        items.iter().any(|x| ops::equal(&item, x))
                    }
                };
                Some(Scalar::Bool(found != *negate))
            }
            Node::Id(base) => match self.compiled(base, frame)? {
                Scalar::Fact(r) => Some(Scalar::Text(&self.facts.fact(r)?.id)),
                _ => None,
            },
            Node::At { value, date } => match self.compiled(date, frame)? {
                Scalar::Date(_) => self.compiled(value, frame),
                _ => None,
            },
            Node::Interpret(e) => Scalar::of_owned(&self.eval(e, frame).ok()?),
        }
    }

    /// A node that is often a leaf (an operand, an argument): leaves are
    /// read here, without a call and a step of their own.
    #[inline(always)]
    fn operand(&self, n: &Node<'a>, frame: &mut Vec<Slot>) -> Option<Scalar<'a>> {
        match self.leaf(n, frame) {
            Some(v) => v,
            None => self.compiled(n, frame),
        }
    }

    /// A constant, a slot or a field of the fact in a slot, read; `None`
    /// when `n` is not one of those.
    #[inline(always)]
    fn leaf(&self, n: &Node<'a>, frame: &[Slot]) -> Option<Option<Scalar<'a>>> {
        let slot = |s: usize| frame.get(s).and_then(|v| v.as_ref().ok());
        Some(match n {
            Node::Const(s) => Some(*s),
            Node::Slot(s) => slot(*s).and_then(Scalar::of_owned),
            Node::SlotField { slot: s, field } => slot(*s).and_then(|base| self.field_of(base, *field)),
            _ => return None,
        })
    }

    #[inline]
    pub(super) fn compiled_truth(&self, n: &Node<'a>, frame: &mut Vec<Slot>) -> Option<bool> {
        match self.compiled(n, frame)? {
            Scalar::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// A field of a fact (from its column where it has one: a few bytes
    /// instead of a row of values); a field of a missing value is missing.
    #[inline]
    fn field_of(&self, base: &Value, field: usize) -> Option<Scalar<'a>> {
        match base {
            Value::Fact(r) => field_value(self.facts.table(r.entity)?, r.row, field),
            Value::Missing => Some(Scalar::Missing),
            _ => None,
        }
    }

    fn compiled_call(&self, def: usize, args: &[Node<'a>], frame: &mut Vec<Slot>) -> Option<Scalar<'a>> {
        let d = self.program.defs.get(def)?;
        let mut key = Key::new();
        for a in args {
            key.push(self.operand(a, frame)?);
        }
        if d.memo {
            if let Some(v) = self.fast.calls.borrow().get(def, &key) {
                return Some(*v);
            }
        }
        let body = self.fast.def_body(self.program, def)?;
        let result = self.in_frame(d.frame, key.iter().map(|s| s.value()), |callee| self.compiled(&body, callee));
        if let (true, Some(v)) = (d.memo, result) {
            self.fast.calls.borrow_mut().insert(def, key, v);
        }
        result
    }

    /// The items of a list; `None` when it is missing or unknown.
    fn items(&self, list: &List<'a>, frame: &mut Vec<Slot>) -> Option<crate::value::Items> {
        let v = match list {
            List::Parties(t) => self.parties.get(*t)?.as_ref()?.as_ref().ok()?.clone(),
            List::Slot(s) => frame.get(*s)?.as_ref().ok()?.clone(),
            List::Field(base, field) => match self.compiled(base, frame)? {
                Scalar::Fact(r) => self.facts.field(r, *field)?.clone(),
                _ => return None,
            },
            List::Interpret(e) => self.eval(e, frame).ok()?,
        };
        match v {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// A quantifier over a list's items, hoisting as the interpreter does
    /// (an error is stored and raised only if read).
    fn compiled_list_scan(&self, n: &ListScan<'a>, frame: &mut Vec<Slot>) -> Option<Scalar<'a>> {
        for (slot, e) in &n.scan.hoisted {
            let v = self.eval(e, frame);
            set(frame, *slot, v);
        }
        let items = self.items(&n.list, frame)?;
        let mut count: i64 = 0;
        for item in items.iter() {
            self.steps.set(self.steps.get() + 1);
            set(frame, n.scan.slot, Ok(item.clone()));
            let held = match &n.cond {
                Some(c) => self.compiled_truth(c, frame)?,
                None => true,
            };
            match n.fold {
                Fold::Exists if held => return Some(Scalar::Bool(true)),
                Fold::All if !held => return Some(Scalar::Bool(false)),
                Fold::Count => count = count.checked_add(i64::from(held))?,
                _ => {}
            }
        }
        Some(match n.fold {
            Fold::Exists => Scalar::Bool(false),
            Fold::All => Scalar::Bool(true),
            _ => Scalar::Int(count),
        })
    }

    fn compiled_scan(&self, n: &ScanNode<'a>, frame: &mut Vec<Slot>) -> Option<Scalar<'a>> {
        let mut key = Key::new();
        for (slot, h) in &n.hoisted {
            let v = self.operand(h, frame)?;
            set(frame, *slot, Ok(v.value()));
            key.push(v);
        }
        if n.scan.memo {
            if let Some(v) = self.fast.scans.borrow().get(n.scan.id, &key) {
                return Some(*v);
            }
        }
        let result = self.compiled_fold(n, n.fold, frame);
        if let (true, Some(v)) = (n.scan.memo, result) {
            self.fast.scans.borrow_mut().insert(n.scan.id, key, v);
        }
        result
    }

    /// The first fact satisfying an `exists` (`Some(None)`: none does),
    /// for naming the fact that waived a violation; `None` to leave it to
    /// the interpreter.
    pub(super) fn compiled_witness(&self, n: &Node<'a>, frame: &mut Vec<Slot>) -> Option<Option<FactRef>> {
        let Node::Scan(n) = n else { return None };
        if !matches!(n.fold, Fold::Exists) {
            return None;
        }
        for (slot, h) in &n.hoisted {
            let v = self.compiled(h, frame)?;
            set(frame, *slot, Ok(v.value()));
        }
        match self.compiled_fold(n, Fold::Witness, frame)? {
            Scalar::Fact(r) => Some(Some(r)),
            _ => Some(None),
        }
    }

    /// The scan's candidates, in table order, and the condition they must
    /// meet: the residual one when an index found them all by their key.
    fn compiled_fold(&self, n: &ScanNode<'a>, fold: Fold, frame: &mut Vec<Slot>) -> Option<Scalar<'a>> {
        let total = self.facts.table(n.entity).map_or(0, |t| t.len());
        let every_row = 0..u32::try_from(total).unwrap_or(u32::MAX);
        let Some(parts) = &n.index else {
            return self.compiled_rows(n, fold, every_row, n.cond.as_ref(), frame);
        };
        let mut key = Key::new();
        for (_, k) in parts {
            key.push(self.operand(k, frame)?);
        }
        // A missing key: every row, through the whole condition.
        if key.iter().any(|k| matches!(k, Scalar::Missing)) {
            return self.compiled_rows(n, fold, every_row, n.cond.as_ref(), frame);
        }
        if !key.iter().all(|k| keyable(*k)) {
            return None;
        }
        let index = self.fast.index(self, n)?;
        if let Some(result) = self.grouped(n, fold, &index, index.group(&key), frame) {
            return result;
        }
        let rows = index.lookup(&key)?;
        let cond = if rows.exact() { n.residual.as_ref() } else { n.cond.as_ref() };
        if rows.as_slice().is_empty() {
            return self.fold_of_nothing(n, fold);
        }
        self.compiled_rows(n, fold, rows.as_slice().iter().copied(), cond, frame)
    }

    fn compiled_rows(
        &self,
        n: &ScanNode<'a>,
        fold: Fold,
        rows: impl Iterator<Item = u32>,
        cond: Option<&Kernels<'a>>,
        frame: &mut Vec<Slot>,
    ) -> Option<Scalar<'a>> {
        let table = self.facts.table(n.entity)?;
        let fixed = match cond {
            Some(c) => self.fixed(c, frame)?,
            None => Compared::new(),
        };
        let (kernels, rest) = cond.map_or((&[][..], None), |c| (&c.kernels[..], c.rest.as_ref()));
        let tests = Tests::new(kernels, table, &fixed);
        // A value read from the scanned fact's own field needs no frame.
        let own_field = match &n.value {
            Some(Node::SlotField { slot, field }) if *slot == n.scan.slot => Some(*field),
            _ => None,
        };
        let mut acc: Option<Scalar<'a>> = None;
        let mut count: i64 = 0;
        for row in rows {
            self.steps.set(self.steps.get() + 1 + tests.len() as u64);
            let held = match (tests.test(row)?, rest) {
                (false, _) => false,
                (true, Some(c)) => {
                    set(frame, n.scan.slot, Ok(Value::Fact(FactRef { entity: n.entity, row })));
                    self.compiled_truth(c, frame)?
                }
                (true, None) => true,
            };
            match fold {
                Fold::Exists if held => return Some(Scalar::Bool(true)),
                Fold::Witness if held => return Some(Scalar::Fact(FactRef { entity: n.entity, row })),
                Fold::All if !held => return Some(Scalar::Bool(false)),
                Fold::Count => count = count.checked_add(i64::from(held))?,
                Fold::Agg(kind) if held => {
                    let v = match own_field {
                        Some(field) => field_value(table, row, field)?,
                        None => {
                            set(frame, n.scan.slot, Ok(Value::Fact(FactRef { entity: n.entity, row })));
                            self.compiled(n.value.as_ref()?, frame)?
                        }
                    };
                    let v = present(v)?;
                    acc = Some(match acc {
                        None => v,
                        Some(a) => combine(kind, a, v)?,
                    });
                }
                _ => {}
            }
        }
        match (fold, acc) {
            (Fold::Count, _) => Some(Scalar::Int(count)),
            (Fold::Agg(_), Some(v)) => Some(v),
            _ => self.fold_of_nothing(n, fold),
        }
    }

    /// A fold over no row: what a scan whose candidates all fail gives.
    pub(super) fn fold_of_nothing(&self, n: &ScanNode<'a>, fold: Fold) -> Option<Scalar<'a>> {
        Some(match fold {
            Fold::Exists => Scalar::Bool(false),
            Fold::Witness => Scalar::Missing,
            Fold::All => Scalar::Bool(true),
            Fold::Count => Scalar::Int(0),
            Fold::Agg(AggKind::Sum) => Scalar::of_owned(&zero_of(n.scan.value.as_deref()?))?,
            Fold::Agg(_) => Scalar::Missing,
        })
    }
}

/// A field of a row, from its typed column where it has one.
#[inline]
pub(super) fn field_value<'a>(table: &'a Table, row: u32, field: usize) -> Option<Scalar<'a>> {
    if let Some(v) = table.column(field).and_then(|c| Scalar::of_column(c, row)) {
        return Some(v);
    }
    Scalar::of(table.field(row, field)?)
}
