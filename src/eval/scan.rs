//! Quantifiers and aggregates. Each scan follows its plan: hoisted
//! subexpressions are evaluated once, a hash index narrows the candidate
//! facts when the condition pins a field to a key, and results are memoised
//! by the hoisted values, so an aggregate over a group runs once per group.

use std::rc::Rc;

use super::context::{Ctx, Slot, ValueIndex};
use super::error::{EvalError, Unknown};
use super::frame::set;
use super::index::{Hashed, Index, Rows};
use super::memo::Key;
use super::ops;
use crate::ast::{AggKind, QuantKind};
use crate::plan::{Expr, Scan, ScanSource};
use crate::span::Span;
use crate::value::{EntityId, Estimate, FactRef, Value};

/// What a scan ranges over.
enum Candidates {
    /// Rows an index found.
    Rows(EntityId, Rows<Hashed<Value>>),
    All(EntityId, usize),
    Items(crate::value::Items),
}

impl Candidates {
    fn len(&self) -> usize {
        match self {
            Candidates::Rows(_, rows) => rows.as_slice().len(),
            Candidates::All(_, n) => *n,
            Candidates::Items(i) => i.len(),
        }
    }

    fn get(&self, i: usize) -> Value {
        match self {
            Candidates::Rows(entity, rows) => {
                Value::Fact(FactRef { entity: *entity, row: rows.as_slice().get(i).copied().unwrap_or(u32::MAX) })
            }
            Candidates::All(entity, _) => {
                Value::Fact(FactRef { entity: *entity, row: u32::try_from(i).unwrap_or(u32::MAX) })
            }
            Candidates::Items(items) => items[i].clone(),
        }
    }
}

impl Ctx<'_> {
    pub(super) fn quantifier(
        &self,
        kind: QuantKind,
        scan: &Scan,
        span: Span,
        frame: &mut Vec<Slot>,
    ) -> Result<Value, EvalError> {
        let found = self.memoized(scan, frame, |cx, cands, frame| match kind {
            QuantKind::Exists => cx.witness(scan, &cands, frame).map(|w| Value::Bool(w.is_some())),
            QuantKind::All => cx.all(scan, &cands, frame).map(Value::Bool),
            QuantKind::Count => cx.count(scan, &cands, frame).map(|n| Value::Int(i64::try_from(n).unwrap_or(i64::MAX))),
            QuantKind::Collect => cx.collect(scan, &cands, frame).map(Value::list),
        })?;
        match self.unrecorded(scan) {
            None => Ok(found),
            Some(why) => match (kind, found) {
                // Found among the recorded facts: settled, whatever else exists.
                (QuantKind::Exists, found @ Value::Bool(true)) | (QuantKind::All, found @ Value::Bool(false)) => {
                    Ok(found)
                }
                (QuantKind::Count, Value::Int(n)) => Ok(Estimate::value(Value::Int(n), Value::Int(i64::MAX), None)),
                _ => Err(EvalError::new(Unknown::Unrecorded, why, span)),
            },
        }
    }

    /// Why a scan over facts the scenario does not record completely
    /// cannot be settled by what it does not find; `None` when it can.
    fn unrecorded(&self, scan: &Scan) -> Option<String> {
        let ScanSource::Entity(entity) = scan.source else { return None };
        if self.complete.get(entity.0 as usize).copied().unwrap_or(true) {
            return None;
        }
        let name = self.program.schema.entity(entity).map_or("?", |e| e.name.as_str());
        let recorded = self.facts.table(entity).map_or(0, |t| t.len());
        let how = if recorded == 0 { "records none".to_string() } else { format!("records {recorded}, not all") };
        Some(format!(
            "the scenario does not record `{name}` facts completely (it {how}): what it does not list may exist; \
             list them, or say `complete: [{name}]`"
        ))
    }

    pub(super) fn aggregate(
        &self,
        kind: AggKind,
        scan: &Scan,
        e: &Expr,
        frame: &mut Vec<Slot>,
    ) -> Result<Value, EvalError> {
        let folded = self.memoized(scan, frame, |cx, cands, frame| cx.fold(kind, scan, &cands, e, frame))?;
        match self.unrecorded(scan) {
            None => Ok(folded),
            Some(why) => Err(EvalError::new(Unknown::Unrecorded, why, e.span)),
        }
    }

    /// The first candidate satisfying an `exists`, for naming the fact that
    /// waived a violation. `Ok(None)` when none does.
    pub(super) fn exists_witness(
        &self,
        scan: &Scan,
        span: Span,
        frame: &mut Vec<Slot>,
    ) -> Result<Option<Value>, EvalError> {
        self.hoist(scan, frame);
        let cands = self.candidates(scan, frame)?;
        match (self.witness(scan, &cands, frame)?, self.unrecorded(scan)) {
            (None, Some(why)) => Err(EvalError::new(Unknown::Unrecorded, why, span)),
            (witness, _) => Ok(witness),
        }
    }

    /// Runs `each` on every candidate of `scan` with whether it satisfies
    /// the condition (its own error when that is unknown), the candidate
    /// bound at the scan's slot: a group sorts its members one by one.
    pub(super) fn each_candidate(
        &self,
        scan: &Scan,
        frame: &mut Vec<Slot>,
        mut each: impl FnMut(Value, Result<bool, EvalError>, &mut Vec<Slot>),
    ) -> Result<(), EvalError> {
        self.hoist(scan, frame);
        let cands = self.candidates(scan, frame)?;
        for i in 0..cands.len() {
            if self.exhausted() {
                break;
            }
            let held = self.holds(scan, &cands, i, frame);
            each(cands.get(i), held, frame);
        }
        Ok(())
    }

    fn hoist(&self, scan: &Scan, frame: &mut Vec<Slot>) {
        for (slot, e) in &scan.hoisted {
            let v = self.eval(e, frame);
            set(frame, *slot, v);
        }
    }

    fn memoized(
        &self,
        scan: &Scan,
        frame: &mut Vec<Slot>,
        run: impl FnOnce(&Self, Candidates, &mut Vec<Slot>) -> Result<Value, EvalError>,
    ) -> Result<Value, EvalError> {
        self.hoist(scan, frame);
        let key = if scan.memo { memo_key(scan, frame) } else { None };
        if let Some(key) = &key {
            if self.records() {
                let key = key.clone();
                return self.traced_memo(&self.traced_scans, scan.id, key, || {
                    self.candidates(scan, frame).and_then(|c| run(self, c, frame))
                });
            }
            if let Some(v) = self.memo.borrow().get(scan.id, key) {
                return v.clone();
            }
        }
        let result = self.candidates(scan, frame).and_then(|c| run(self, c, frame));
        // Only values are shared. An error may name a fact the key does not
        // show: two states without territory both hoist a missing value, and
        // each must be told it is the one lacking it.
        if let (Some(key), Ok(_)) = (key, &result) {
            self.memo.borrow_mut().insert(scan.id, key, result.clone());
        }
        result
    }

    fn candidates(&self, scan: &Scan, frame: &mut Vec<Slot>) -> Result<Candidates, EvalError> {
        match &scan.source {
            ScanSource::Entity(entity) => {
                let total = self.facts.table(*entity).map_or(0, |t| t.len());
                let Some(ix) = &scan.index else {
                    return Ok(Candidates::All(*entity, total));
                };
                // An unknown key falls back to the full scan, which reports
                // the problem exactly as the unplanned loop would.
                Ok(match self.indexed_rows(scan.id, *entity, ix, frame) {
                    Some(rows) => Candidates::Rows(*entity, rows),
                    None => Candidates::All(*entity, total),
                })
            }
            ScanSource::List(e) => match self.eval(e, frame)? {
                Value::List(items) => Ok(Candidates::Items(items)),
                Value::Missing => Err(self.missing(e, frame)),
                other => Err(EvalError::new(
                    Unknown::WrongValue,
                    format!("expected a list, found `{}`", self.render(&other)),
                    e.span,
                )),
            },
        }
    }

    /// Rows of `entity` whose key at the index's paths is the one the
    /// scan asks for, plus rows where a path cannot be read (they go
    /// through the full condition); `None` when the key itself is unknown,
    /// so the caller scans everything.
    pub(super) fn indexed_rows(
        &self,
        id: usize,
        entity: EntityId,
        ix: &crate::plan::IndexKey,
        frame: &mut Vec<Slot>,
    ) -> Option<Rows<Hashed<Value>>> {
        let mut key = Key::new();
        for (_, e) in &ix.parts {
            key.push(self.eval(e, frame).ok().filter(Value::is_plain)?);
        }
        self.index(id, entity, ix)?.lookup(&key)
    }

    fn index(&self, id: usize, entity: EntityId, ix: &crate::plan::IndexKey) -> Option<Rc<ValueIndex>> {
        if let Some(index) = self.indexes.borrow().get(&id) {
            return index.clone();
        }
        let table = self.facts.table(entity);
        let key_of = |row: u32| {
            let fields = table.and_then(|t| t.fields(row)).unwrap_or(&[]);
            // A row whose key is missing, unknown or a range matches no key
            // for sure: it goes through the full condition.
            let key = ix.parts.iter().map(|(path, _)| self.follow(fields, path).filter(|v| v.is_plain()).cloned());
            Some(key.collect::<Option<Key>>())
        };
        let index =
            Hashed::number(table.map_or(0, |t| t.len()), key_of).map(|(n, g, count)| Rc::new(Index::new(n, g, count)));
        self.indexes.borrow_mut().insert(id, index.clone());
        index
    }

    /// Whether candidate `i` satisfies the scan's condition. A trace
    /// records the candidates that decide a scan, not each one's condition.
    fn holds(&self, scan: &Scan, cands: &Candidates, i: usize, frame: &mut Vec<Slot>) -> Result<bool, EvalError> {
        if self.tracing {
            self.tracer.borrow_mut().mute();
            let held = self.holds_untraced(scan, cands, i, frame);
            self.tracer.borrow_mut().unmute();
            return held;
        }
        self.holds_untraced(scan, cands, i, frame)
    }

    fn holds_untraced(
        &self,
        scan: &Scan,
        cands: &Candidates,
        i: usize,
        frame: &mut Vec<Slot>,
    ) -> Result<bool, EvalError> {
        set(frame, scan.slot, Ok(cands.get(i)));
        let cond = match cands {
            Candidates::Rows(_, rows) if rows.exact() => &scan.residual,
            _ => &scan.cond,
        };
        match cond {
            Some(c) => self.truth(c, frame),
            None => Ok(true),
        }
    }

    fn witness(&self, scan: &Scan, cands: &Candidates, frame: &mut Vec<Slot>) -> Result<Option<Value>, EvalError> {
        let mut unknown = None;
        for i in 0..cands.len() {
            match self.holds(scan, cands, i, frame) {
                Ok(true) => {
                    self.decisive(cands.get(i));
                    return Ok(Some(cands.get(i)));
                }
                Ok(false) => {}
                Err(e) => unknown = unknown.or(Some(e)),
            }
        }
        unknown.map_or(Ok(None), Err)
    }

    fn all(&self, scan: &Scan, cands: &Candidates, frame: &mut Vec<Slot>) -> Result<bool, EvalError> {
        let mut unknown = None;
        for i in 0..cands.len() {
            match self.holds(scan, cands, i, frame) {
                Ok(false) => {
                    self.decisive(cands.get(i));
                    return Ok(false);
                }
                Ok(true) => {}
                Err(e) => unknown = unknown.or(Some(e)),
            }
        }
        unknown.map_or(Ok(true), Err)
    }

    fn collect(&self, scan: &Scan, cands: &Candidates, frame: &mut Vec<Slot>) -> Result<Vec<Value>, EvalError> {
        let mut out = Vec::new();
        for i in 0..cands.len() {
            if self.holds(scan, cands, i, frame)? {
                self.decisive(cands.get(i));
                out.push(cands.get(i));
            }
        }
        Ok(out)
    }

    fn count(&self, scan: &Scan, cands: &Candidates, frame: &mut Vec<Slot>) -> Result<usize, EvalError> {
        let mut n = 0;
        for i in 0..cands.len() {
            let held = self.holds(scan, cands, i, frame)?;
            if held {
                self.decisive(cands.get(i));
            }
            n += usize::from(held);
        }
        Ok(n)
    }

    fn fold(
        &self,
        kind: AggKind,
        scan: &Scan,
        cands: &Candidates,
        e: &Expr,
        frame: &mut Vec<Slot>,
    ) -> Result<Value, EvalError> {
        let Some(value) = &scan.value else {
            return Err(EvalError::new(Unknown::Internal, "internal: aggregate without value", e.span));
        };
        let mut acc: Option<Value> = None;
        for i in 0..cands.len() {
            if !self.holds(scan, cands, i, frame)? {
                continue;
            }
            self.decisive(cands.get(i));
            let v = self.untraced(|cx| cx.present(value, frame))?;
            acc = Some(match (kind, acc) {
                (_, None) => v,
                (AggKind::Sum, Some(a)) => {
                    ops::sum(&a, &v).ok_or_else(|| EvalError::new(Unknown::Arithmetic, "sum overflows", e.span))?
                }
                (AggKind::Min, Some(a)) => pick(a, v, std::cmp::Ordering::Less).ok_or_else(|| unordered(e))?,
                (AggKind::Max, Some(a)) => pick(a, v, std::cmp::Ordering::Greater).ok_or_else(|| unordered(e))?,
            });
        }
        Ok(match (kind, acc) {
            (_, Some(v)) => v,
            (AggKind::Sum, None) => zero_of(value),
            (_, None) => Value::Missing,
        })
    }
}

impl Ctx<'_> {
    fn decisive(&self, v: Value) {
        if self.tracing {
            self.tracer.borrow_mut().decisive(v);
        }
    }

    /// Runs `work` without recording it in the trace.
    pub(super) fn untraced<T>(&self, work: impl FnOnce(&Self) -> T) -> T {
        if !self.tracing {
            return work(self);
        }
        self.tracer.borrow_mut().mute();
        let out = work(self);
        self.tracer.borrow_mut().unmute();
        out
    }
}

/// Keeps `a` unless `b` compares `wanted` to it (ties keep the first);
/// `None` when the two cannot be ordered (months against days).
fn pick(a: Value, b: Value, wanted: std::cmp::Ordering) -> Option<Value> {
    if matches!(a, Value::Estimate(_)) || matches!(b, Value::Estimate(_)) {
        return match wanted {
            std::cmp::Ordering::Less => super::estimate::least(&a, &b),
            _ => super::estimate::greatest(&a, &b),
        };
    }
    let ord = ops::compare(&b, &a)?;
    Some(if ord == wanted { b } else { a })
}

fn unordered(e: &Expr) -> EvalError {
    EvalError::new(Unknown::Arithmetic, "values that cannot be ordered (months against days)", e.span)
}
pub(super) fn zero_of(value: &Expr) -> Value {
    use crate::schema::Type;
    match value.ty.required() {
        Type::Decimal => Value::Decimal(0.0),
        Type::Duration => Value::Duration(crate::calendar::Duration::default()),
        Type::Distance => Value::Distance(0.0),
        _ => Value::Int(0),
    }
}

/// The hoisted values keying a scan's memo entry; `None` when one of them
/// could not be evaluated (the scan then runs, and reports it, every time).
fn memo_key(scan: &Scan, frame: &[Slot]) -> Option<Key> {
    scan.hoisted.iter().map(|(slot, _)| frame.get(*slot)?.clone().ok()).collect()
}
