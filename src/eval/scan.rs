//! Quantifiers and aggregates. Each scan follows its plan: hoisted
//! subexpressions are evaluated once, a hash index narrows the candidate
//! facts when the condition pins a field to a key, and results are memoised
//! by the hoisted values, so an aggregate over a group runs once per group.

use std::rc::Rc;

use hashbrown::HashMap;
use std::sync::Arc;

use super::context::{Ctx, Index, Slot};
use super::error::{EvalError, Unknown};
use super::memo::Key;
use super::ops;
use crate::ast::{AggKind, QuantKind};
use crate::plan::{Expr, Scan, ScanSource};
use crate::span::Span;
use crate::value::{EntityId, Estimate, FactRef, Value};

/// Some rows of a table: a range of an index's row list.
pub(super) struct Rows {
    all: Rc<[u32]>,
    range: std::ops::Range<usize>,
}

impl Rows {
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.all[self.range.clone()].iter().copied()
    }
}

/// What a scan ranges over.
enum Candidates {
    /// Rows an index found; `exact` when all of them have the key, so the
    /// indexed conjuncts need not be checked again.
    Rows {
        entity: EntityId,
        rows: Rows,
        exact: bool,
    },
    All(EntityId, usize),
    Items(Arc<[Value]>),
}

impl Candidates {
    fn len(&self) -> usize {
        match self {
            Candidates::Rows { rows, .. } => rows.range.len(),
            Candidates::All(_, n) => *n,
            Candidates::Items(i) => i.len(),
        }
    }

    fn get(&self, i: usize) -> Value {
        match self {
            Candidates::Rows { entity, rows, .. } => {
                Value::Fact(FactRef { entity: *entity, row: rows.all[rows.range.start + i] })
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
                    Some((rows, exact)) => Candidates::Rows { entity: *entity, rows, exact },
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

    /// Rows of `entity` whose `path` equals the key, plus rows where the path
    /// cannot be read (they go through the full condition); `None` when the
    /// key itself is unknown, so the caller scans everything. The flag says
    /// whether every row has the key (no unreadable rows were added).
    pub(super) fn indexed_rows(
        &self,
        id: usize,
        entity: EntityId,
        ix: &crate::plan::IndexKey,
        frame: &mut Vec<Slot>,
    ) -> Option<(Rows, bool)> {
        let mut key = Key::new();
        for (_, e) in &ix.parts {
            key.push(self.eval(e, frame).ok().filter(Value::is_plain)?);
        }
        let index = self.index(id, entity, ix);
        let (start, len) =
            index.by_key.get(&key[..]).and_then(|g| index.groups.get(*g as usize)).copied().unwrap_or((0, 0));
        let range = start as usize..(start + len) as usize;
        if index.unknown.is_empty() {
            return Some((Rows { all: index.rows.clone(), range }, true));
        }
        let mut merged: Vec<u32> = index.rows[range].iter().chain(&index.unknown).copied().collect();
        merged.sort_unstable();
        let len = merged.len();
        Some((Rows { all: Rc::from(merged), range: 0..len }, false))
    }

    fn index(&self, id: usize, entity: EntityId, ix: &crate::plan::IndexKey) -> Rc<Index> {
        if let Some(index) = self.indexes.borrow().get(&id) {
            return index.clone();
        }
        let mut by_key: HashMap<Key, u32> = HashMap::new();
        let mut sizes: Vec<u32> = Vec::new();
        let mut group_of: Vec<u32> = Vec::new();
        let mut unknown = Vec::new();
        let table = self.facts.table(entity);
        for row in 0..table.map_or(0, |t| t.len()) {
            let fields = table.and_then(|t| t.fields(u32::try_from(row).ok()?)).unwrap_or(&[]);
            // A row whose key is missing, unknown or a range matches no key
            // for sure: it goes through the full condition.
            let key: Option<Key> =
                ix.parts.iter().map(|(path, _)| self.follow(fields, path).filter(Value::is_plain)).collect();
            let Some(key) = key else {
                unknown.push(u32::try_from(row).unwrap_or(u32::MAX));
                group_of.push(u32::MAX);
                continue;
            };
            let g = match by_key.get(&key[..]) {
                Some(g) => *g,
                None => {
                    let g = u32::try_from(sizes.len()).unwrap_or(u32::MAX);
                    by_key.insert(key, g);
                    sizes.push(0);
                    g
                }
            };
            if let Some(n) = sizes.get_mut(g as usize) {
                *n += 1;
            }
            group_of.push(g);
        }
        // Counting sort: each group's rows contiguous, in table order.
        let mut groups = Vec::with_capacity(sizes.len());
        let mut start = 0u32;
        for n in &sizes {
            groups.push((start, *n));
            start += n;
        }
        let mut next: Vec<u32> = groups.iter().map(|(s, _)| *s).collect();
        let mut rows = vec![0u32; start as usize];
        for (row, g) in group_of.into_iter().enumerate() {
            if let Some(at) = next.get_mut(g as usize) {
                rows[*at as usize] = u32::try_from(row).unwrap_or(u32::MAX);
                *at += 1;
            }
        }
        let index = Rc::new(Index { rows: Rc::from(rows), by_key, groups, unknown });
        self.indexes.borrow_mut().insert(id, index.clone());
        index
    }

    /// The value at a field path from a fact's fields.
    fn follow(&self, fields: &[Value], path: &[usize]) -> Option<Value> {
        let (first, rest) = path.split_first()?;
        let mut v = fields.get(*first)?.clone();
        for slot in rest {
            v = match v {
                Value::Fact(r) => self.facts.fields(r)?.get(*slot)?.clone(),
                Value::Record(f) => f.get(*slot)?.clone(),
                _ => return None,
            };
        }
        Some(v)
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
            Candidates::Rows { exact: true, .. } => &scan.residual,
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
        _ => Value::Int(0),
    }
}

/// The hoisted values keying a scan's memo entry; `None` when one of them
/// could not be evaluated (the scan then runs, and reports it, every time).
fn memo_key(scan: &Scan, frame: &[Slot]) -> Option<Key> {
    scan.hoisted.iter().map(|(slot, _)| frame.get(*slot)?.clone().ok()).collect()
}

pub(super) fn set(frame: &mut Vec<Slot>, slot: usize, v: Slot) {
    if frame.len() <= slot {
        frame.resize(slot + 1, Ok(Value::Missing));
    }
    frame[slot] = v;
}
