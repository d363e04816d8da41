//! Judging a period (`pacta check --from … --to …`, `--during 2021`): the
//! scenario is judged at every date of the window where a fact begins or
//! ends (the dates `pacta timeline` uses), and every verdict that held on
//! any of them is reported once, with the intervals in which it held.
//!
//! A dated event (a flight, a transit, a launch) is a fact with one date:
//! that date is an evaluation date, so a clause that asks whether the event
//! has happened (`f.on <= as_of`) judges it from its own date on.

use std::collections::BTreeMap;

use crate::calendar::Date;
use crate::eval::{
    ClauseStats, Evaluation, Explanation, Finding, Held, Options, Pending, RunError, Selection, Verdict,
};
use crate::plan::Program;
use crate::scenario::Scenario;
use crate::span::Sources;
use crate::timeline::{self, Dates, Filter, Interval, Row, Said, Status};

/// The verdicts of `[from, to]` as one evaluation: a finding (or pending
/// obligation) per clause, subject and kind of verdict, with the intervals
/// it held.
pub fn evaluate(
    program: &Program,
    scenario: &Scenario,
    sources: &Sources,
    options: &Options,
    (from, to): (Date, Date),
) -> Result<Evaluation, Vec<RunError>> {
    let mode = Dates::Breakpoints { from: Some(from), to: Some(to) };
    let dates = timeline::choose_dates(program, scenario, options, mode)
        .map_err(|e| vec![RunError::Dates { message: e.message, help: e.help }])?;
    let t = timeline::run(program, scenario, sources, options, mode, dates, &Filter::default())?;
    // What each clause considered, as on the last day (the counts of
    // verdicts are the period's).
    let last = crate::eval::evaluate(program, scenario, sources, &Options { at: Some(to), ..options.clone() })?;
    let stats = last.stats.iter().map(|s| ClauseStats {
        considered: s.considered,
        matched: s.matched,
        ..ClauseStats::default()
    });
    let mut out = Evaluation {
        stats: stats.collect(),
        facts: scenario.facts.len(),
        left_out: scenario.left_out,
        incomplete: scenario
            .complete
            .iter()
            .enumerate()
            .filter(|(_, c)| !**c)
            .map(|(e, _)| crate::value::EntityId(u32::try_from(e).unwrap_or(u32::MAX)))
            .collect(),
        period: Some((from, to)),
        as_of: Some(to),
        ..Evaluation::default()
    };
    for row in &t.rows {
        collect(row, &mut out);
    }
    Ok(out)
}

/// One finding (or pending obligation) per kind of verdict the row had,
/// as it was first found, with every interval of that kind.
fn collect(row: &Row, out: &mut Evaluation) {
    let mut kinds: Vec<Status> = Vec::new();
    for i in row.intervals.iter().filter(|i| i.status != Status::Holds) {
        if !kinds.contains(&i.status) {
            kinds.push(i.status);
        }
    }
    for kind in kinds {
        let of_kind: Vec<&Interval> = row.intervals.iter().filter(|i| i.status == kind).collect();
        let held: Vec<Held> = of_kind.iter().map(|i| Held { from: i.from, until: i.to }).collect();
        let stats = out.stats.get_mut(row.clause);
        match of_kind.first().and_then(|i| i.said.as_ref()) {
            Some(Said::Finding(f)) => {
                if let Some(s) = stats {
                    count(s, &f.verdict);
                }
                out.findings.push(Finding { held, ..(**f).clone() });
            }
            Some(Said::Pending(p)) => {
                if let Some(s) = stats {
                    s.pending += 1;
                }
                out.pending.push(Pending { held, ..(**p).clone() });
            }
            None => {}
        }
    }
}

fn count(s: &mut ClauseStats, v: &Verdict) {
    match v {
        Verdict::Violation { .. } => s.violations += 1,
        Verdict::Waived { .. } => s.waived += 1,
        Verdict::Indeterminate { .. } => s.indeterminate += 1,
        Verdict::Review => s.review += 1,
    }
}

/// The derivation of every selected verdict of `[from, to]`, as of the
/// first day of each interval it held (one traced evaluation per such
/// day; the days are the period's evaluation dates, so bounded by
/// [`timeline::dates::MAX_DATES`]). Ordered by clause, then by day.
pub fn explain(
    program: &Program,
    scenario: &Scenario,
    sources: &Sources,
    options: &Options,
    window: (Date, Date),
    select: &Selection,
) -> Result<Vec<Explanation>, Vec<RunError>> {
    let judged = evaluate(program, scenario, sources, options, window)?;
    let selected = |clause: usize, subjects: &[crate::eval::Subject]| {
        let clause_ok =
            select.clause.as_ref().is_none_or(|id| program.clauses.get(clause).is_some_and(|c| c.is_named(id)));
        let subject_ok = select.subject.as_ref().is_none_or(|id| subjects.iter().any(|s| *s.id == **id));
        clause_ok && subject_ok
    };
    let found = judged.findings.iter().map(|f| (f.clause, &f.subjects, f.verdict.name(), &f.held));
    let pending =
        judged.pending.iter().map(|p| (p.clause, &p.subjects, crate::eval::VerdictKind::Pending.name(), &p.held));
    let mut wanted: BTreeMap<Date, Vec<Wanted>> = BTreeMap::new();
    for (clause, subjects, verdict, held) in found.chain(pending).filter(|w| selected(w.0, w.1)) {
        for h in held {
            let key = (clause, crate::eval::subject_key(subjects), verdict);
            wanted.entry(h.from).or_default().push((key, held.clone()));
        }
    }
    let mut out = Vec::new();
    for (day, keys) in wanted {
        let opts = Options { at: Some(day), ..options.clone() };
        for mut x in crate::eval::explain(program, scenario, sources, &opts, select)? {
            let key = (x.clause, crate::eval::subject_key(&x.subjects), x.judgement.name());
            if let Some((_, held)) = keys.iter().find(|(k, _)| *k == key) {
                x.on = Some(day);
                x.held = held.clone();
                out.push(x);
            }
        }
    }
    out.sort_by_key(|x| x.clause);
    Ok(out)
}

/// (clause, subject key, verdict name), and the intervals it held.
type Wanted = ((usize, String, &'static str), Vec<Held>);
