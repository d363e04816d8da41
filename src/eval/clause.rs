//! Judging one clause: enumerate its bindings, apply the filter, then the
//! rule (forbid, require with its deadline, review), then the exceptions.

use std::rc::Rc;

use super::context::{Ctx, Slot};
use super::error::{EvalError, Unknown};
use super::explain::{Explanation, Judgement, Role, Step};
use super::fast::{Condition, Kept, Prefilter};
use super::frame::set;
use super::verdict::{ClauseStats, Deadline, Finding, Pending, Subject, Verdict, VerdictKind};
use crate::ast::{QuantKind, RuleKind, Severity};
use crate::plan::{BindingSource, Clause, ExprKind, ScanSource};
use crate::value::{EntityId, FactRef, Value};

impl<'a> Ctx<'a> {
    pub(super) fn clause(
        &self,
        index: usize,
        c: &'a Clause,
        out: &mut Vec<Finding>,
        pending: &mut Vec<Pending>,
    ) -> ClauseStats {
        self.clause_explained(index, c, out, pending, None)
    }

    /// Judges a clause; with `explain`, also records how the selected
    /// bindings were judged (the context must be tracing).
    pub(super) fn clause_explained(
        &self,
        index: usize,
        c: &'a Clause,
        out: &mut Vec<Finding>,
        pending: &mut Vec<Pending>,
        explain: Option<&mut Explaining<'_>>,
    ) -> ClauseStats {
        let mut stats = ClauseStats::default();
        let mut frame: Vec<Slot> = vec![Ok(Value::Missing); c.frame];
        let filter = c.filter.as_ref().map(|f| self.prepare(f));
        let prefilter = match (&filter, c.bindings.as_slice()) {
            (Some(f), [only])
                if f.is_compiled() && explain.is_none() && matches!(only.source, BindingSource::Each(_)) =>
            {
                self.prefilter(f, only.slot, c.frame).map(Rc::new)
            }
            _ => None,
        };
        let mut judge = Judge {
            cx: self,
            index,
            clause: c,
            out,
            pending,
            stats: &mut stats,
            explain,
            steps: Vec::new(),
            filter,
            prefilter,
            certain: false,
            holes: self.prepare_holes(&c.message),
            unless: c.exceptions.iter().map(|x| self.prepare(&x.cond)).collect(),
        };
        let fallbacks = self.fast.fallbacks.get();
        let (found, pended) = (judge.out.len(), judge.pending.len());
        judge.bind(0, &mut frame);
        let findings = judge.out.get_mut(found..).unwrap_or_default().iter_mut().flat_map(Finding::subjects_mut);
        let pending = judge.pending.get_mut(pended..).unwrap_or_default().iter_mut().flat_map(|p| &mut p.subjects);
        self.fill_subjects(findings.chain(pending));
        stats.interpreted = self.fast.fallbacks.get() - fallbacks;
        stats
    }
}

/// Which bindings to explain, and the explanations so far.
pub(super) struct Explaining<'s> {
    /// Only bindings with a subject of this id.
    pub subject: Option<&'s str>,
    /// Explain bindings that hold too (not only findings).
    pub holds: bool,
    pub out: Vec<Explanation>,
}

struct Judge<'c, 'a, 's> {
    cx: &'c Ctx<'a>,
    index: usize,
    clause: &'a Clause,
    out: &'c mut Vec<Finding>,
    pending: &'c mut Vec<Pending>,
    stats: &'c mut ClauseStats,
    explain: Option<&'c mut Explaining<'s>>,
    /// The trace of the binding being judged, step by step.
    steps: Vec<Step>,
    /// The `where` filter, compiled once for every binding.
    filter: Option<Condition<'a>>,
    /// For a clause with one binding: the filter's conjuncts on the bound
    /// fact's own fields, run over the whole table first.
    prefilter: Option<Rc<Prefilter<'a>>>,
    /// Whether the prefilter decided every one of its conjuncts for the row
    /// being judged (then only the rest of the filter is left).
    certain: bool,
    /// The message's holes and the exceptions, compiled once for every
    /// binding.
    holes: Vec<Condition<'a>>,
    unless: Vec<Condition<'a>>,
}

impl Judge<'_, '_, '_> {
    /// Binds binding `k` to each of its values in turn, then judges.
    fn bind(&mut self, k: usize, frame: &mut Vec<Slot>) {
        let Some(b) = self.clause.bindings.get(k) else {
            self.judge(frame);
            return;
        };
        let source = match &b.source {
            BindingSource::Each(source) => source,
            BindingSource::Group(g) => return self.each_group(k, g, frame),
        };
        match source {
            ScanSource::Entity(entity) if self.prefilter.is_some() => self.each_kept(k, *entity, frame),
            ScanSource::Entity(entity) => {
                let found = b.index.as_ref().and_then(|ix| self.cx.indexed_rows(b.id, *entity, ix, frame));
                match found {
                    Some(rows) => self.each_row(k, *entity, rows.as_slice().iter().copied(), frame),
                    None => {
                        let n = self.cx.facts.table(*entity).map_or(0, |t| t.len());
                        self.each_row(k, *entity, 0..u32::try_from(n).unwrap_or(u32::MAX), frame);
                    }
                }
            }
            ScanSource::List(e) => match self.cx.eval(e, frame) {
                Ok(Value::List(items)) => {
                    for item in items.iter().take_while(|_| !self.cx.exhausted()) {
                        set(frame, b.slot, Ok(item.clone()));
                        self.bind(k + 1, frame);
                    }
                }
                Ok(Value::Missing) => {
                    let err = self.cx.missing(e, frame);
                    self.indeterminate(err, k, frame);
                }
                Ok(_) => {
                    self.indeterminate(EvalError::new(Unknown::WrongValue, "expected a list", e.span), k, frame);
                }
                Err(err) => {
                    self.indeterminate(err, k, frame);
                }
            },
        }
    }

    /// Binds group binding `k` to each group in turn: its key, and its
    /// members as a list. A group some member may or may not belong to is
    /// judged without and with those members; where the two disagree, the
    /// group's verdict is indeterminate, for the first such member's reason.
    fn each_group(&mut self, k: usize, g: &crate::plan::Group, frame: &mut Vec<Slot>) {
        let groups = match self.cx.groups(g, frame) {
            Ok(groups) => groups,
            Err(e) => {
                self.indeterminate(e, k, frame);
                return;
            }
        };
        for group in &groups.groups {
            if self.cx.exhausted() {
                return;
            }
            for (slot, v) in g.key_slots.iter().zip(&group.key) {
                set(frame, *slot, Ok(v.clone()));
            }
            let certain = Value::list(group.certain.clone());
            let possible: Vec<(&Value, &EvalError)> = groups.possible(group).collect();
            match possible.first() {
                Some((_, doubt)) => {
                    let all = group.certain.iter().chain(possible.iter().map(|(m, _)| *m)).cloned().collect();
                    self.either(k, g.list_slot, [certain, Value::list(all)], doubt, frame);
                }
                None => {
                    set(frame, g.list_slot, Ok(certain));
                    self.bind(k + 1, frame);
                }
            }
        }
    }

    /// Judges the bindings after `k` with each of two member lists; keeps
    /// the first's outcome if the second's is the same, else records one
    /// indeterminate finding for `doubt`.
    fn either(&mut self, k: usize, slot: usize, lists: [Value; 2], doubt: &EvalError, frame: &mut Vec<Slot>) {
        let (found, pended) = (self.out.len(), self.pending.len());
        let explained = self.explain.as_deref().map_or(0, |x| x.out.len());
        let before = *self.stats;
        let [without, with] = lists;
        set(frame, slot, Ok(without.clone()));
        self.bind(k + 1, frame);
        let first = (self.out.split_off(found), self.pending.split_off(pended), *self.stats);
        let first_explained = self.explain.as_deref_mut().map(|x| x.out.split_off(explained));
        set(frame, slot, Ok(with));
        self.bind(k + 1, frame);
        let same = outcomes(&first.0, &first.1) == outcomes(&self.out[found..], &self.pending[pended..]);
        self.out.truncate(found);
        self.pending.truncate(pended);
        if let Some(x) = self.explain.as_deref_mut() {
            x.out.truncate(explained);
        }
        set(frame, slot, Ok(without));
        if same {
            self.out.extend(first.0);
            self.pending.extend(first.1);
            *self.stats = first.2;
            if let (Some(x), Some(kept)) = (self.explain.as_deref_mut(), first_explained) {
                x.out.extend(kept);
            }
        } else {
            *self.stats = before;
            self.stats.considered += 1;
            self.indeterminate(doubt.clone(), k + 1, frame);
        }
    }

    /// Binds binding `k` to each of `rows` of `entity` in turn.
    fn each_row(&mut self, k: usize, entity: EntityId, rows: impl Iterator<Item = u32>, frame: &mut Vec<Slot>) {
        let slot = self.clause.bindings[k].slot;
        for row in rows {
            if self.cx.exhausted() {
                return;
            }
            set(frame, slot, Ok(Value::Fact(FactRef { entity, row })));
            self.bind(k + 1, frame);
        }
    }

    /// Binds binding `k` (the only one) to each row the prefilter keeps;
    /// the others hold.
    fn each_kept(&mut self, k: usize, entity: EntityId, frame: &mut Vec<Slot>) {
        let Some(prefilter) = self.prefilter.clone() else { return };
        let cx = self.cx;
        let slot = self.clause.bindings[k].slot;
        let mut kept = 0;
        cx.select(&prefilter, entity, frame, |frame, Kept { row, certain }| {
            kept += 1;
            set(frame, slot, Ok(Value::Fact(FactRef { entity, row })));
            self.certain = certain;
            self.bind(k + 1, frame);
        });
        let rows = cx.facts.table(entity).map_or(0, |t| t.len());
        self.stats.considered += rows - kept;
    }

    fn judge(&mut self, frame: &mut Vec<Slot>) {
        if self.explain.is_none() {
            self.decide(frame);
            return;
        }
        self.cx.tracer.borrow_mut().take_all();
        self.steps.clear();
        let outcome = self.decide(frame);
        let subjects = self.subjects(self.clause.bindings.len(), frame);
        let Some(explain) = self.explain.as_deref() else { return };
        let selected = explain.subject.is_none_or(|id| subjects.iter().any(|s| *s.id == *id));
        let wanted = explain.holds || matches!(outcome, Judgement::Finding(_));
        if selected && wanted {
            let steps = std::mem::take(&mut self.steps);
            let mut explanation = self.cx.explanation(self.index, subjects, outcome, steps);
            explanation.cut = self.cx.tracer.borrow().cut;
            if let Some(explain) = self.explain.as_deref_mut() {
                explain.out.push(explanation);
            }
        }
    }

    /// Moves what the trace recorded since the last step into a step.
    fn step(&mut self, role: Role) {
        if self.explain.is_some() {
            let nodes = self.cx.tracer.borrow_mut().take();
            self.steps.push(Step { role, nodes });
        }
    }

    fn decide(&mut self, frame: &mut Vec<Slot>) -> Judgement {
        let c = self.clause;
        let all = c.bindings.len();
        self.stats.considered += 1;
        let filter = match (&self.prefilter, self.certain) {
            (Some(p), true) => Some(&p.rest),
            _ => self.filter.as_ref(),
        };
        if let Some(filter) = filter {
            let matched = self.cx.decide(filter, frame);
            self.step(Role::Where);
            match matched {
                Ok(false) => return Judgement::Holds,
                Ok(true) => {}
                Err(e) => return self.indeterminate(e, all, frame),
            }
        }
        self.stats.matched += 1;
        let mut overdue_since = None;
        if c.kind == RuleKind::Require {
            match self.obligation(frame) {
                Ok(Obligation::Met) => return Judgement::Met,
                Ok(Obligation::Pending(due)) => {
                    self.stats.pending += 1;
                    let subjects = self.subjects(all, frame);
                    self.pending.push(Pending { clause: self.index, subjects, due, held: Vec::new() });
                    return Judgement::Pending;
                }
                Ok(Obligation::Broken(due)) => overdue_since = due,
                Err(e) => return self.indeterminate(e, all, frame),
            }
        }
        match self.exceptions(frame) {
            Ok(Some(verdict)) => {
                self.stats.waived += 1;
                self.push(verdict, frame)
            }
            Ok(None) if c.severity == Severity::Review => {
                self.stats.review += 1;
                self.push(Verdict::Review, frame)
            }
            Ok(None) => {
                self.stats.violations += 1;
                self.push(Verdict::Violation { overdue_since }, frame)
            }
            Err(e) => self.indeterminate(e, all, frame),
        }
    }

    /// Met, pending (not met, but the deadline has not passed: the due date
    /// itself is still in time), or broken. An obligation that cannot be
    /// decided is pending while its deadline lies ahead. A deadline known
    /// to a range of days is pending up to its earliest day, broken after
    /// its latest, and unknown in between (unless met).
    fn obligation(&mut self, frame: &mut Vec<Slot>) -> Result<Obligation, EvalError> {
        let c = self.clause;
        let ensured = match &c.ensure {
            Some(ensure) => self.cx.condition(ensure, frame),
            None => Ok(false),
        };
        self.step(Role::Ensure);
        if ensured == Ok(true) {
            return Ok(Obligation::Met);
        }
        let Some(due) = &c.due else {
            return ensured.map(|_| Obligation::Broken(None));
        };
        let deadline = self.cx.present(due, frame);
        self.step(Role::Due);
        let deadline = match deadline? {
            Value::Date(d) => Deadline::on(d),
            Value::Estimate(e) => match (&e.low, &e.high) {
                (Value::Date(earliest), Value::Date(latest)) => Deadline { earliest: *earliest, latest: *latest },
                _ => return Err(EvalError::new(Unknown::WrongValue, "the deadline is not a date", due.span)),
            },
            _ => return Err(EvalError::new(Unknown::WrongValue, "the deadline is not a date", due.span)),
        };
        let today = self.cx.as_of.ok_or_else(|| {
            EvalError::new(
                Unknown::NoDate,
                "no evaluation date to compare the deadline with: set `as_of:` or pass `--at`",
                due.span,
            )
        })?;
        if today <= deadline.earliest {
            return Ok(Obligation::Pending(deadline));
        }
        ensured?;
        if today <= deadline.latest {
            let why = format!("the deadline ({deadline}) may or may not have passed on {today}");
            return Err(EvalError::new(Unknown::Deadline, why, due.span));
        }
        Ok(Obligation::Broken(Some(deadline.latest)))
    }
    /// The first exception that applies, as a waived verdict. An exception
    /// that cannot be decided makes the verdict unknown, unless a later one
    /// applies.
    fn exceptions(&mut self, frame: &mut Vec<Slot>) -> Result<Option<Verdict>, EvalError> {
        let mut unknown = None;
        for (i, x) in self.clause.exceptions.iter().enumerate() {
            // Outer option: whether it applied; inner: the fact that made it.
            let compiled = self.unless.get(i).and_then(|u| self.cx.waiver(u, frame));
            let applied: Result<Option<Option<Subject>>, EvalError> = match (&x.cond.kind, compiled) {
                (_, Some(witness)) => Ok(witness.map(|v| Some(self.subject_of(&v, x.span)))),
                (ExprKind::Quant { kind: QuantKind::Exists, scan }, None) => {
                    let mut witness = None;
                    let traced = self.cx.traced(&x.cond, |cx| {
                        witness = cx.exists_witness(scan, x.cond.span, frame)?;
                        Ok(Value::Bool(witness.is_some()))
                    });
                    traced.map(|_| witness.map(|v| Some(self.subject_of(&v, x.span))))
                }
                (_, None) => self.cx.condition(&x.cond, frame).map(|b| b.then_some(None)),
            };
            self.step(Role::Unless(i));
            match applied {
                Ok(Some(by)) => {
                    let label = x.label.clone();
                    return Ok(Some(Verdict::Waived { label, by: by.map(Box::new), exception: x.span }));
                }
                Ok(None) => {}
                Err(e) => unknown = unknown.or(Some(e)),
            }
        }
        unknown.map_or(Ok(None), Err)
    }

    /// Records an indeterminate verdict for the first `bound` bindings.
    fn indeterminate(&mut self, e: EvalError, bound: usize, frame: &mut Vec<Slot>) -> Judgement {
        self.stats.indeterminate += 1;
        let verdict = Verdict::Indeterminate { kind: e.kind, reason: e.reason.clone(), at: e.span, fact: e.fact };
        let subjects = self.subjects(bound, frame);
        self.record(verdict, subjects, frame)
    }

    fn push(&mut self, verdict: Verdict, frame: &mut Vec<Slot>) -> Judgement {
        let subjects = self.subjects(self.clause.bindings.len(), frame);
        self.record(verdict, subjects, frame)
    }

    fn record(&mut self, verdict: Verdict, mut subjects: Vec<Subject>, frame: &mut Vec<Slot>) -> Judgement {
        let mut message = self.cx.untraced(|cx| cx.message(&self.clause.message, &self.holes, frame));
        // A clause may find for every fact of a million: its findings are
        // kept at their size (a collected subject list has room for four,
        // a formatted message for up to twice its text).
        subjects.shrink_to_fit();
        message.shrink_to_fit();
        self.out.push(Finding { clause: self.index, verdict: verdict.clone(), subjects, message, held: Vec::new() });
        Judgement::Finding(verdict)
    }

    fn subjects(&self, bound: usize, frame: &[Slot]) -> Vec<Subject> {
        let slots = self.clause.bindings[..bound.min(self.clause.bindings.len())].iter().flat_map(|b| {
            let (slots, spans) = match &b.source {
                BindingSource::Each(_) => (std::slice::from_ref(&b.slot), std::slice::from_ref(&b.span)),
                // A group's subject is its key.
                BindingSource::Group(g) => (g.key_slots.as_slice(), g.key_spans.as_slice()),
            };
            slots.iter().copied().zip(spans.iter().copied())
        });
        slots
            .filter_map(|(slot, span)| frame.get(slot).and_then(|s| s.as_ref().ok()).map(|v| self.subject_of(v, span)))
            .collect()
    }

    /// A subject, filled at once when explaining (to select by id), else
    /// after the clause ([`Ctx::fill_subjects`]).
    pub(super) fn subject_of(&self, v: &Value, fallback: crate::span::Span) -> Subject {
        match self.explain {
            Some(_) => self.cx.subject(v, fallback),
            None => self.cx.unfilled_subject(v, fallback),
        }
    }
}

/// A subject as two runs are compared: its fact, or its value as text.
type SubjectKey = (Option<FactRef>, ecow::EcoString);

/// What a run of bindings amounted to, to compare two runs: each
/// finding's verdict and subjects, each pending obligation's subjects and
/// deadline.
fn outcomes(found: &[Finding], pending: &[Pending]) -> Vec<(VerdictKind, Vec<SubjectKey>)> {
    let subjects = |s: &[Subject]| s.iter().map(|s| (s.fact, s.id.clone())).collect::<Vec<_>>();
    found
        .iter()
        .map(|f| (f.verdict.kind(), subjects(&f.subjects)))
        .chain(pending.iter().map(|p| (VerdictKind::Pending, subjects(&p.subjects))))
        .collect()
}

enum Obligation {
    Met,
    /// With the deadline still ahead.
    Pending(Deadline),
    /// Not met; with the deadline that has passed, if there is one.
    Broken(Option<crate::calendar::Date>),
}
