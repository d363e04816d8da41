//! `pacta timeline`: one scenario evaluated at many dates, and for every
//! clause and subject the maximal intervals during which it held, was
//! violated, waived, indeterminate or routed to review.
//!
//! The scenario is loaded once and handed to [`eval::evaluate`] once per
//! date (`Options::at`); the dates run in parallel and come back in date
//! order, so the output does not depend on the number of threads.

pub mod dates;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::calendar::{self, Date, Duration};
use crate::eval::{self, Evaluation, Finding, Options, Pending, RunError, Subject, Verdict};
use crate::plan::Program;
use crate::scenario::Scenario;
use crate::span::Sources;

/// What a clause said about a subject on one date. `Holds` means no
/// finding and nothing pending; `Pending`, an obligation not met yet whose
/// deadline is still ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Holds,
    Pending,
    Violation,
    Waived,
    Indeterminate,
    Review,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Holds => "holds",
            Status::Pending => "pending",
            Status::Violation => "violation",
            Status::Waived => "waived",
            Status::Indeterminate => "indeterminate",
            Status::Review => "review",
        }
    }

    fn of(v: &Verdict) -> Status {
        match v {
            Verdict::Violation { .. } => Status::Violation,
            Verdict::Waived { .. } => Status::Waived,
            Verdict::Indeterminate { .. } => Status::Indeterminate,
            Verdict::Review => Status::Review,
        }
    }
}

/// A maximal run of evaluation dates with one status.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    pub status: Status,
    /// The first evaluation date with this status.
    pub from: Date,
    /// The first later evaluation date with another status; `None` when
    /// the status lasts to the last date (and, for breakpoints, beyond).
    pub to: Option<Date>,
    /// Violations of `require … due`: the deadline that passed.
    pub overdue_since: Option<Date>,
    /// Pending obligations: the deadline ahead.
    pub due: Option<Date>,
    /// The finding's message on `from`; `None` for `Holds` and `Pending`.
    pub message: Option<String>,
}

/// One clause and subject, over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index into `Program::clauses`.
    pub clause: usize,
    /// The subject ids joined by `,`, as `expect:` blocks write them.
    pub subject: String,
    /// The bound facts, as on the first date the row appears.
    pub subjects: Vec<Subject>,
    pub intervals: Vec<Interval>,
}

/// How the dates were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dates {
    /// Where facts begin or end, parameters and `as_of` (optionally kept
    /// to a window).
    Breakpoints {
        from: Option<Date>,
        to: Option<Date>,
    },
    Grid {
        from: Date,
        to: Date,
        step: Duration,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub mode: Dates,
    /// Every evaluation date, ascending.
    pub dates: Vec<Date>,
    /// By clause, then by the order subjects first had a finding.
    pub rows: Vec<Row>,
}

/// Which rows to keep: a clause (`4.1` or `treaty/4.1`) and a subject
/// (one of its ids, or the joined key).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub clause: Option<String>,
    pub subject: Option<String>,
}

impl Filter {
    fn keeps(&self, program: &Program, clause: usize, subjects: &[Subject]) -> bool {
        let clause_ok =
            self.clause.as_ref().is_none_or(|want| program.clauses.get(clause).is_some_and(|c| c.is_named(want)));
        let subject_ok = self
            .subject
            .as_ref()
            .is_none_or(|want| eval::subject_key(subjects) == *want || subjects.iter().any(|s| *s.id == **want));
        clause_ok && subject_ok
    }
}

/// What one date said about a row: a finding, or a pending obligation.
#[derive(Clone, Copy)]
enum Said<'e> {
    Finding(&'e Finding),
    Pending(&'e Pending),
}

impl<'e> Said<'e> {
    fn clause(self) -> usize {
        match self {
            Said::Finding(f) => f.clause,
            Said::Pending(p) => p.clause,
        }
    }

    fn subjects(self) -> &'e [Subject] {
        match self {
            Said::Finding(f) => &f.subjects,
            Said::Pending(p) => &p.subjects,
        }
    }
}

/// The evaluation dates for `mode`.
pub fn choose_dates(
    program: &Program,
    scenario: &Scenario,
    options: &Options,
    mode: Dates,
) -> Result<Vec<Date>, dates::DatesError> {
    match mode {
        Dates::Breakpoints { from, to } => dates::breakpoints(program, scenario, options, from, to),
        Dates::Grid { from, to, step } => dates::grid(from, to, step),
    }
}

/// Evaluates at every date of `mode` and builds the intervals. On
/// breakpoints, the day after each passed deadline is evaluated too, so an
/// obligation's violation starts on the day it became overdue.
pub fn run(
    program: &Program,
    scenario: &Scenario,
    sources: &Sources,
    options: &Options,
    mode: Dates,
    dates: Vec<Date>,
    filter: &Filter,
) -> Result<Timeline, Vec<RunError>> {
    let mut evaluated = evaluate_at(program, scenario, sources, options, &dates)?;
    let mut dates = dates;
    if let Dates::Breakpoints { from, to } = mode {
        let extra = overdue_days(&evaluated, &dates, from, to);
        if !extra.is_empty() {
            evaluated.extend(evaluate_at(program, scenario, sources, options, &extra)?);
            evaluated.sort_by_key(|(d, _)| *d);
            dates = evaluated.iter().map(|(d, _)| *d).collect();
        }
    }
    let rows = intervals(program, &evaluated, filter);
    Ok(Timeline { mode, dates, rows })
}

fn evaluate_at(
    program: &Program,
    scenario: &Scenario,
    sources: &Sources,
    options: &Options,
    dates: &[Date],
) -> Result<Vec<(Date, Evaluation)>, Vec<RunError>> {
    dates
        .par_iter()
        .map(|d| {
            let opts = Options { at: Some(*d), ..options.clone() };
            eval::evaluate(program, scenario, sources, &opts).map(|e| (*d, e))
        })
        .collect()
}

/// The first overdue day of every deadline found, where it is not already
/// an evaluation date (and lies inside the window).
fn overdue_days(evaluated: &[(Date, Evaluation)], dates: &[Date], from: Option<Date>, to: Option<Date>) -> Vec<Date> {
    let mut extra: Vec<Date> = evaluated
        .iter()
        .flat_map(|(_, e)| &e.findings)
        .filter_map(|f| match f.verdict {
            Verdict::Violation { overdue_since: Some(d) } => calendar::add(d, Duration::days(1)),
            _ => None,
        })
        .filter(|d| dates.binary_search(d).is_err())
        .filter(|d| from.is_none_or(|f| *d >= f) && to.is_none_or(|t| *d <= t))
        .collect();
    extra.sort();
    extra.dedup();
    extra
}

/// Rows with their intervals: a subject without a finding or a pending
/// obligation on a date holds on that date.
fn intervals(program: &Program, evaluated: &[(Date, Evaluation)], filter: &Filter) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut index: HashMap<(usize, String), usize> = HashMap::new();
    // Per date, what it said of each row (rows first seen later hold here).
    let mut per_date: Vec<HashMap<usize, Said<'_>>> = Vec::with_capacity(evaluated.len());
    for (_, e) in evaluated {
        let mut here = HashMap::new();
        let said = e.findings.iter().map(Said::Finding).chain(e.pending.iter().map(Said::Pending));
        for s in said.filter(|s| filter.keeps(program, s.clause(), s.subjects())) {
            let subject = eval::subject_key(s.subjects());
            let row = *index.entry((s.clause(), subject)).or_insert_with_key(|(clause, subject)| {
                rows.push(Row {
                    clause: *clause,
                    subject: subject.clone(),
                    subjects: s.subjects().to_vec(),
                    intervals: vec![],
                });
                rows.len() - 1
            });
            // One finding per clause and binding; the first wins if not.
            here.entry(row).or_insert(s);
        }
        per_date.push(here);
    }
    for (i, row) in rows.iter_mut().enumerate() {
        for ((date, _), here) in evaluated.iter().zip(&per_date) {
            extend(row, *date, here.get(&i).copied());
        }
    }
    // Clause order; within a clause, the order subjects first appeared.
    rows.sort_by_key(|r| r.clause);
    rows
}

/// Adds one date to a row: the last interval goes on, or a new one starts.
fn extend(row: &mut Row, date: Date, said: Option<Said<'_>>) {
    let (status, overdue_since, due, message) = match said {
        None => (Status::Holds, None, None, None),
        Some(Said::Pending(p)) => (Status::Pending, None, Some(p.due), None),
        Some(Said::Finding(f)) => {
            let overdue_since = match f.verdict {
                Verdict::Violation { overdue_since } => overdue_since,
                _ => None,
            };
            (Status::of(&f.verdict), overdue_since, None, Some(f.message.clone()))
        }
    };
    if let Some(last) = row.intervals.last_mut() {
        if last.status == status && last.overdue_since == overdue_since && last.due == due {
            return;
        }
        last.to = Some(date);
    }
    row.intervals.push(Interval { status, from: date, to: None, overdue_since, due, message });
}
