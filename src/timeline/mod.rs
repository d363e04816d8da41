//! `pacta timeline`: one scenario evaluated at many dates, and for every
//! clause and subject the maximal intervals during which it held, was
//! violated, waived, indeterminate or routed to review.
//!
//! The scenario is loaded once and handed to [`eval::evaluate`] once per
//! date (`Options::at`); the dates run in parallel (with the `parallel`
//! feature) and come back in date order, so the output does not depend on
//! the number of threads.

mod build;
mod computed;
pub mod dates;

use std::collections::BTreeSet;

#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::calendar::{self, Date, Duration};
use crate::eval::{self, Evaluation, Finding, Options, Pending, RunError, Subject, Verdict};
use crate::plan::Program;
use crate::scenario::Scenario;
use crate::span::Sources;

/// What a clause said about a subject on one date: the verdict kinds
/// every command shares (`Holds`: no finding and nothing pending;
/// `Pending`: an obligation not met yet whose deadline is still ahead).
pub type Status = crate::eval::VerdictKind;

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
    pub due: Option<eval::Deadline>,
    /// What was found on `from`: the finding, or the pending obligation;
    /// neither for `Holds`.
    pub said: Option<Said>,
}

/// A finding or a pending obligation, as one date gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Said {
    Finding(Box<Finding>),
    Pending(Box<Pending>),
}

impl Interval {
    /// The finding's message on `from`; `None` for `Holds` and `Pending`.
    pub fn message(&self) -> Option<&str> {
        match &self.said {
            Some(Said::Finding(f)) => Some(&f.message),
            _ => None,
        }
    }
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
///
/// Dates are evaluated a chunk at a time (in parallel) and folded into the
/// rows at once, so memory holds the intervals and one chunk of
/// evaluations, not every finding of every date.
pub fn run(
    program: &Program,
    scenario: &Scenario,
    sources: &Sources,
    options: &Options,
    mode: Dates,
    dates: Vec<Date>,
    filter: &Filter,
) -> Result<Timeline, Vec<RunError>> {
    let mut rows = build::Rows::new(program, filter);
    let mut overdue = BTreeSet::new();
    for chunk in dates.chunks(CHUNK) {
        for (date, e) in evaluate_at(program, scenario, sources, options, chunk)? {
            overdue.extend(overdue_days(&e));
            rows.push(date, &e);
        }
    }
    let mut all = dates;
    if let Dates::Breakpoints { from, to } = mode {
        let inside = |d: &Date| from.is_none_or(|f| *d >= f) && to.is_none_or(|t| *d <= t);
        let extra: Vec<Date> = overdue.into_iter().filter(|d| all.binary_search(d).is_err() && inside(d)).collect();
        all.extend(&extra);
        all.sort_unstable();
        for chunk in extra.chunks(CHUNK) {
            for (date, e) in evaluate_at(program, scenario, sources, options, chunk)? {
                let next = all.get(all.partition_point(|d| *d <= date)).copied();
                rows.insert(date, next, &e);
            }
        }
    }
    Ok(Timeline { mode, dates: all, rows: rows.finish() })
}

/// Dates evaluated at once: enough to keep every core busy.
const CHUNK: usize = 32;

fn evaluate_at(
    program: &Program,
    scenario: &Scenario,
    sources: &Sources,
    options: &Options,
    dates: &[Date],
) -> Result<Vec<(Date, Evaluation)>, Vec<RunError>> {
    #[cfg(feature = "parallel")]
    let each = dates.par_iter();
    #[cfg(not(feature = "parallel"))]
    let each = dates.iter();
    each.map(|d| {
        let opts = Options { at: Some(*d), ..options.clone() };
        eval::evaluate(program, scenario, sources, &opts).map(|e| (*d, e))
    })
    .collect()
}

/// The first overdue day of every deadline passed in `e`, and the days
/// after the ends of every deadline still ahead: where an obligation's
/// verdict changes, though no fact has a date there.
fn overdue_days(e: &Evaluation) -> impl Iterator<Item = Date> + '_ {
    let passed = e.findings.iter().filter_map(|f| match f.verdict {
        Verdict::Violation { overdue_since: Some(d) } => Some(d),
        _ => None,
    });
    let ahead = e.pending.iter().flat_map(|p| [p.due.earliest, p.due.latest]);
    passed.chain(ahead).filter_map(|d| calendar::add(d, Duration::days(1)))
}
