//! Rows and their intervals, built as evaluations come in. Dates arrive
//! in order (`push`); days after passed deadlines arrive afterwards, each
//! between two dates already folded in (`insert`), and split the interval
//! they fall in.

use std::collections::{BTreeSet, HashMap};

use super::{Filter, Interval, Row, Said, Status};
use crate::calendar::Date;
use crate::eval::{self, Evaluation, Finding, Pending, Subject, Verdict};
use crate::plan::Program;

/// What one date said about a row: a finding, or a pending obligation.
#[derive(Clone, Copy)]
enum Saying<'e> {
    Finding(&'e Finding),
    Pending(&'e Pending),
}

impl<'e> Saying<'e> {
    fn clause(self) -> usize {
        match self {
            Saying::Finding(f) => f.clause,
            Saying::Pending(p) => p.clause,
        }
    }

    fn subjects(self) -> &'e [Subject] {
        match self {
            Saying::Finding(f) => &f.subjects,
            Saying::Pending(p) => &p.subjects,
        }
    }

    /// What an interval of it would say: status, deadline passed, due.
    fn key(said: Option<Self>) -> (Status, Option<Date>, Option<crate::eval::Deadline>) {
        match said {
            None => (Status::Holds, None, None),
            Some(Saying::Pending(p)) => (Status::Pending, None, Some(p.due)),
            Some(Saying::Finding(f)) => match f.verdict {
                Verdict::Violation { overdue_since } => (Status::Violation, overdue_since, None),
                ref v => (v.kind(), None, None),
            },
        }
    }

    /// The interval this starts on `from` (to be closed later).
    fn interval(said: Option<Self>, from: Date) -> Interval {
        let (status, overdue_since, due) = Saying::key(said);
        let said = match said {
            None => None,
            Some(Saying::Pending(p)) => Some(Said::Pending(Box::new(p.clone()))),
            Some(Saying::Finding(f)) => Some(Said::Finding(Box::new(f.clone()))),
        };
        Interval { status, from, to: None, overdue_since, due, said }
    }
}

/// Whether two intervals say the same (whatever their dates and message).
fn same(a: &Interval, b: &Interval) -> bool {
    (a.status, a.overdue_since, a.due) == (b.status, b.overdue_since, b.due)
}

pub(super) struct Rows<'p> {
    program: &'p Program,
    filter: &'p Filter,
    rows: Vec<Row>,
    index: HashMap<(usize, String), usize>,
    /// Per row, the first date it had something said of it, for the order.
    first: Vec<Date>,
    /// Rows whose last interval is not `Holds`.
    open: BTreeSet<usize>,
    /// The first date pushed.
    start: Option<Date>,
}

impl<'p> Rows<'p> {
    pub(super) fn new(program: &'p Program, filter: &'p Filter) -> Self {
        Rows {
            program,
            filter,
            rows: Vec::new(),
            index: HashMap::new(),
            first: Vec::new(),
            open: BTreeSet::new(),
            start: None,
        }
    }

    /// What `e` says, by row (a new row for a subject first met here).
    fn said<'e>(&mut self, date: Date, e: &'e Evaluation) -> Vec<(usize, Saying<'e>)> {
        let mut out: Vec<(usize, Saying<'e>)> = Vec::new();
        let said = e.findings.iter().map(Saying::Finding).chain(e.pending.iter().map(Saying::Pending));
        for s in said.filter(|s| self.filter.keeps(self.program, s.clause(), s.subjects())) {
            let key = (s.clause(), eval::subject_key(s.subjects()));
            let row = match self.index.get(&key) {
                Some(&row) => row,
                None => {
                    self.rows.push(Row {
                        clause: key.0,
                        subject: key.1.clone(),
                        subjects: s.subjects().to_vec(),
                        intervals: vec![],
                    });
                    self.first.push(date);
                    self.index.insert(key, self.rows.len() - 1);
                    self.rows.len() - 1
                }
            };
            // One finding per clause and binding; the first wins if not.
            if !out.iter().any(|(r, _)| *r == row) {
                out.push((row, s));
            }
        }
        out
    }

    /// Folds in the next date (dates come in ascending order).
    pub(super) fn push(&mut self, date: Date, e: &Evaluation) {
        let start = *self.start.get_or_insert(date);
        let said = self.said(date, e);
        let mut touched = BTreeSet::new();
        for (row, s) in said {
            touched.insert(row);
            let r = &mut self.rows[row];
            if r.intervals.is_empty() && date > start {
                // First seen now: it held on every earlier date.
                r.intervals.push(Saying::interval(None, start));
            }
            extend(r, date, Some(s));
            if r.intervals.last().is_some_and(|i| i.status != Status::Holds) {
                self.open.insert(row);
            } else {
                self.open.remove(&row);
            }
        }
        // Rows nothing was said of hold on this date.
        let quiet: Vec<usize> = self.open.iter().copied().filter(|r| !touched.contains(r)).collect();
        for row in quiet {
            extend(&mut self.rows[row], date, None);
            self.open.remove(&row);
        }
    }

    /// Folds in a date that lies between dates already pushed; `next` is
    /// the evaluation date after it, where what was known resumes.
    pub(super) fn insert(&mut self, date: Date, next: Option<Date>, e: &Evaluation) {
        let start = self.start.unwrap_or(date);
        let said: HashMap<usize, Saying<'_>> = self.said(date, e).into_iter().collect();
        for row in 0..self.rows.len() {
            let here = Saying::interval(said.get(&row).copied(), date);
            let r = &mut self.rows[row];
            if r.intervals.is_empty() {
                r.intervals.push(Saying::interval(None, start.min(date)));
            }
            if said.contains_key(&row) {
                self.first[row] = self.first[row].min(date);
            }
            split(r, here, next);
        }
    }

    /// Rows by clause; within a clause, in the order subjects first
    /// had something said of them.
    pub(super) fn finish(self) -> Vec<Row> {
        let mut rows: Vec<(Date, usize, Row)> =
            self.rows.into_iter().enumerate().map(|(i, r)| (self.first[i], i, r)).collect();
        rows.sort_by_key(|(first, i, r)| (r.clause, *first, *i));
        rows.into_iter().map(|(_, _, r)| r).collect()
    }
}

/// Adds one date to a row: the last interval goes on, or a new one starts.
fn extend(row: &mut Row, date: Date, said: Option<Saying<'_>>) {
    if let Some(last) = row.intervals.last_mut() {
        if (last.status, last.overdue_since, last.due) == Saying::key(said) {
            return;
        }
        last.to = Some(date);
    }
    row.intervals.push(Saying::interval(said, date));
}

/// Puts `here` (on its date, until `next`) into the intervals it falls in,
/// splitting the one that covered its date when it says something else.
fn split(row: &mut Row, mut here: Interval, next: Option<Date>) {
    let at = here.from;
    let Some(i) = row.intervals.iter().rposition(|x| x.from <= at) else {
        // Before every interval (the row starts later): it leads.
        here.to = row.intervals.first().map(|x| x.from);
        row.intervals.insert(0, here);
        return merge(row);
    };
    if same(&row.intervals[i], &here) {
        return;
    }
    let old = row.intervals[i].clone();
    let mut pieces = Vec::new();
    if old.from < at {
        pieces.push(Interval { to: Some(at), ..old.clone() });
    }
    here.to = next.or(old.to);
    let resumes = here.to.filter(|n| old.to.is_none_or(|t| *n < t));
    pieces.push(here);
    if let Some(n) = resumes {
        pieces.push(Interval { from: n, ..old });
    }
    row.intervals.splice(i..=i, pieces);
    merge(row);
}

/// Joins neighbours that say the same.
fn merge(row: &mut Row) {
    let mut out: Vec<Interval> = Vec::with_capacity(row.intervals.len());
    for x in row.intervals.drain(..) {
        match out.last_mut() {
            Some(last) if same(last, &x) => last.to = x.to,
            _ => out.push(x),
        }
    }
    row.intervals = out;
}
