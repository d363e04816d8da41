//! Judging one clause: enumerate its bindings, apply the filter, then the
//! rule (forbid, require with its deadline, review), then the exceptions.

use super::context::{Ctx, Slot};
use super::error::EvalError;
use super::scan::set;
use super::verdict::{ClauseStats, Finding, Subject, Verdict};
use crate::ast::{QuantKind, RuleKind, Severity};
use crate::plan::{Clause, ExprKind, ScanSource};
use crate::value::{FactRef, Value};

impl Ctx<'_> {
    pub(super) fn clause(&self, index: usize, c: &Clause, out: &mut Vec<Finding>) -> ClauseStats {
        let mut stats = ClauseStats::default();
        let mut frame: Vec<Slot> = vec![Ok(Value::Missing); c.frame];
        let mut judge = Judge { cx: self, index, clause: c, out, stats: &mut stats };
        judge.bind(0, &mut frame);
        stats
    }
}

struct Judge<'c, 'a> {
    cx: &'c Ctx<'a>,
    index: usize,
    clause: &'c Clause,
    out: &'c mut Vec<Finding>,
    stats: &'c mut ClauseStats,
}

impl Judge<'_, '_> {
    /// Binds binding `k` to each of its values in turn, then judges.
    fn bind(&mut self, k: usize, frame: &mut Vec<Slot>) {
        let Some(b) = self.clause.bindings.get(k) else {
            self.judge(frame);
            return;
        };
        match &b.source {
            ScanSource::Entity(entity) => {
                let rows: std::rc::Rc<[u32]> = match &b.index {
                    Some(ix) => self.cx.indexed_rows(b.id, *entity, ix, frame).map(|(rows, _)| rows),
                    None => None,
                }
                .unwrap_or_else(|| {
                    let n = self.cx.facts.table(*entity).map_or(0, |t| t.len());
                    (0..u32::try_from(n).unwrap_or(u32::MAX)).collect()
                });
                for &row in rows.iter() {
                    set(frame, b.slot, Ok(Value::Fact(FactRef { entity: *entity, row })));
                    self.bind(k + 1, frame);
                }
            }
            ScanSource::List(e) => match self.cx.eval(e, frame) {
                Ok(Value::List(items)) => {
                    for item in items.iter() {
                        set(frame, b.slot, Ok(item.clone()));
                        self.bind(k + 1, frame);
                    }
                }
                Ok(Value::Missing) => {
                    let err = self.cx.missing(e, frame);
                    self.indeterminate(err, k, frame);
                }
                Ok(_) => self.indeterminate(EvalError::new("expected a list", e.span), k, frame),
                Err(err) => self.indeterminate(err, k, frame),
            },
        }
    }

    fn judge(&mut self, frame: &mut Vec<Slot>) {
        let c = self.clause;
        let all = c.bindings.len();
        self.stats.considered += 1;
        if let Some(filter) = &c.filter {
            match self.cx.truth(filter, frame) {
                Ok(false) => return,
                Ok(true) => {}
                Err(e) => return self.indeterminate(e, all, frame),
            }
        }
        self.stats.matched += 1;
        let mut overdue_since = None;
        if c.kind == RuleKind::Require {
            match self.obligation(frame) {
                Ok(Obligation::Met) => return,
                Ok(Obligation::Pending) => {
                    self.stats.pending += 1;
                    return;
                }
                Ok(Obligation::Broken(due)) => overdue_since = due,
                Err(e) => return self.indeterminate(e, all, frame),
            }
        }
        match self.exceptions(frame) {
            Ok(Some(verdict)) => {
                self.stats.waived += 1;
                self.push(verdict, frame);
            }
            Ok(None) if c.severity == Severity::Review => {
                self.stats.review += 1;
                self.push(Verdict::Review, frame);
            }
            Ok(None) => {
                self.stats.violations += 1;
                self.push(Verdict::Violation { overdue_since }, frame);
            }
            Err(e) => self.indeterminate(e, all, frame),
        }
    }

    /// Met, pending (not met, but the deadline has not passed: the due date
    /// itself is still in time), or broken. An obligation that cannot be
    /// decided is pending while its deadline lies ahead.
    fn obligation(&self, frame: &mut Vec<Slot>) -> Result<Obligation, EvalError> {
        let c = self.clause;
        let ensured = match &c.ensure {
            Some(ensure) => self.cx.truth(ensure, frame),
            None => Ok(false),
        };
        if ensured == Ok(true) {
            return Ok(Obligation::Met);
        }
        let Some(due) = &c.due else {
            return ensured.map(|_| Obligation::Broken(None));
        };
        let deadline = match self.cx.present(due, frame)? {
            Value::Date(d) => d,
            _ => return Err(EvalError::new("the deadline is not a date", due.span)),
        };
        let today = self.cx.as_of.ok_or_else(|| {
            EvalError::new("no evaluation date to compare the deadline with: set `as_of:` or pass `--at`", due.span)
        })?;
        if today <= deadline {
            return Ok(Obligation::Pending);
        }
        ensured.map(|_| Obligation::Broken(Some(deadline)))
    }
    /// The first exception that applies, as a waived verdict. An exception
    /// that cannot be decided makes the verdict unknown, unless a later one
    /// applies.
    fn exceptions(&self, frame: &mut Vec<Slot>) -> Result<Option<Verdict>, EvalError> {
        let mut unknown = None;
        for x in &self.clause.exceptions {
            // Outer option: whether it applied; inner: the fact that made it.
            let applied: Result<Option<Option<Subject>>, EvalError> = match &x.cond.kind {
                ExprKind::Quant { kind: QuantKind::Exists, scan } => {
                    self.cx.exists_witness(scan, frame).map(|w| w.map(|v| Some(self.subject_of(&v, x.span))))
                }
                _ => self.cx.truth(&x.cond, frame).map(|b| b.then_some(None)),
            };
            match applied {
                Ok(Some(by)) => {
                    let label = x.label.clone();
                    return Ok(Some(Verdict::Waived { label, by, exception: x.span }));
                }
                Ok(None) => {}
                Err(e) => unknown = unknown.or(Some(e)),
            }
        }
        unknown.map_or(Ok(None), Err)
    }

    /// Records an indeterminate verdict for the first `bound` bindings.
    fn indeterminate(&mut self, e: EvalError, bound: usize, frame: &mut Vec<Slot>) {
        self.stats.indeterminate += 1;
        let verdict = Verdict::Indeterminate { reason: e.reason.to_string(), at: e.span, fact: e.fact };
        let subjects = self.subjects(bound, frame);
        let message = self.cx.message(&self.clause.message, frame);
        self.out.push(Finding { clause: self.index, verdict, subjects, message });
    }

    fn push(&mut self, verdict: Verdict, frame: &mut Vec<Slot>) {
        let subjects = self.subjects(self.clause.bindings.len(), frame);
        let message = self.cx.message(&self.clause.message, frame);
        self.out.push(Finding { clause: self.index, verdict, subjects, message });
    }

    fn subjects(&self, bound: usize, frame: &[Slot]) -> Vec<Subject> {
        self.clause.bindings[..bound.min(self.clause.bindings.len())]
            .iter()
            .filter_map(|b| frame.get(b.slot).and_then(|s| s.as_ref().ok()).map(|v| self.subject_of(v, b.span)))
            .collect()
    }

    /// A bound value as a subject: facts by id and YAML location.
    fn subject_of(&self, v: &Value, fallback: crate::span::Span) -> Subject {
        if let Value::Fact(r) = v {
            let entity = self.cx.program.schema.entity(r.entity).map_or_else(String::new, |e| e.name.clone());
            if let Some(f) = self.cx.facts.fact(*r) {
                return Subject { entity, id: f.id.to_string(), span: f.span };
            }
        }
        Subject { entity: String::new(), id: self.cx.render(v), span: fallback }
    }
}

enum Obligation {
    Met,
    Pending,
    /// Not met; with the deadline that has passed, if there is one.
    Broken(Option<crate::calendar::Date>),
}
