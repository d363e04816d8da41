//! The dates a timeline evaluates at: every date written in the scenario's
//! facts (where something begins or ends), the treaty parameters that are
//! dates (the baseline, entry into force), the scenario's `as_of`, the
//! dates the rules compute from these (`computed.rs`) and the day before
//! the first; or a regular grid from `--from` to `--to`.
//!
//! Rules compare dates as half-open intervals (`since <= at < until`), so a
//! verdict can only change on one of these dates: evaluating on each of
//! them, and nowhere else, finds every change.

use std::collections::BTreeSet;

use crate::calendar::{self, Date, Duration};
use crate::eval::Options;
use crate::plan::Program;
use crate::scenario::Scenario;
use crate::value::Value;

/// More evaluation dates than this is almost always a mistake (a step of
/// one day over centuries); each date is a whole evaluation.
pub const MAX_DATES: usize = 10_000;

/// Why a set of dates cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatesError {
    pub message: String,
    pub help: Option<String>,
}

impl DatesError {
    fn new(message: impl Into<String>, help: Option<&str>) -> Self {
        DatesError { message: message.into(), help: help.map(str::to_string) }
    }
}

/// Every date in the scenario's facts, the date parameters in effect and
/// `as_of`, sorted, kept to `[from, to]` when given (with `from` itself
/// added, so the window starts where asked).
pub fn breakpoints(
    program: &Program,
    scenario: &Scenario,
    options: &Options,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<Date>, DatesError> {
    let mut dates = BTreeSet::new();
    for table in &scenario.facts.tables {
        table.values().iter().for_each(|v| collect(v, &mut dates));
    }
    let params = crate::eval::parameter_values(program, scenario, options);
    dates.extend(params.iter().filter_map(|v| match v {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    }));
    dates.extend(scenario.as_of.map(|(d, _)| d));
    let computed = super::computed::shifted(program, scenario, &params, &dates);
    dates.extend(computed);
    // The day before the first date: what held before anything began (an
    // obligation pending before its deadline's first possible day).
    if from.is_none() {
        let before = dates.first().and_then(|d| calendar::add(*d, Duration::days(-1)));
        dates.extend(before);
    }
    dates.extend(from);
    let kept: Vec<Date> =
        dates.into_iter().filter(|d| from.is_none_or(|f| *d >= f) && to.is_none_or(|t| *d <= t)).collect();
    if kept.len() > MAX_DATES {
        return Err(DatesError::new(
            format!("the scenario has {} distinct dates, more than the limit of {MAX_DATES}", kept.len()),
            Some("narrow the window with --from and --to, or sample it with --step"),
        ));
    }
    Ok(kept)
}

/// `from`, `from + step`, `from + 2 × step` … up to `to`. Each date is
/// `from + k × step`, not the previous date plus `step`, so a monthly grid
/// from 31 January keeps returning to the 31st (or the month's last day).
pub fn grid(from: Date, to: Date, step: Duration) -> Result<Vec<Date>, DatesError> {
    if from > to {
        return Err(DatesError::new(format!("--from {from} is after --to {to}"), None));
    }
    let mut dates = Vec::new();
    for k in 0i32.. {
        let offset = Duration { months: step.months.saturating_mul(k), days: step.days.saturating_mul(k) };
        let Some(date) = calendar::add(from, offset) else { break };
        if date > to {
            break;
        }
        if dates.len() == MAX_DATES {
            return Err(DatesError::new(
                format!("--from {from} --to {to} --step {} gives more than {MAX_DATES} dates", show_step(step)),
                Some("use a larger --step or a shorter window"),
            ));
        }
        dates.push(date);
    }
    Ok(dates)
}

/// Parses `--step`: a positive count and a unit, `30days`, `1 month`,
/// `2 weeks`, `1 year`.
pub fn parse_step(text: &str) -> Result<Duration, DatesError> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (count, unit) = text.split_at(digits);
    let help = Some("write a count and a unit: `7days`, `1month`, `2 weeks`, `1 year`");
    let n: i64 = count.parse().map_err(|_| DatesError::new(format!("--step: `{text}` has no count"), help))?;
    if n == 0 {
        return Err(DatesError::new("--step must be at least one day or month", help));
    }
    Duration::from_amount(n, unit.trim()).ok_or_else(|| {
        DatesError::new(format!("--step: `{text}` is not a number of days, weeks, months or years"), help)
    })
}

/// `7 days`, `1 month`: a step as the user reads it.
pub fn show_step(step: Duration) -> String {
    use crate::report::human::count;
    let (months, days) =
        (count(step.months.unsigned_abs() as usize, "month"), count(step.days.unsigned_abs() as usize, "day"));
    match (step.months, step.days) {
        (0, _) => days,
        (_, 0) => months,
        _ => format!("{months} {days}"),
    }
}

pub(super) fn collect(v: &Value, out: &mut BTreeSet<Date>) {
    match v {
        Value::Date(d) => {
            out.insert(*d);
        }
        Value::List(items) | Value::Record(items) => items.iter().for_each(|v| collect(v, out)),
        // A date known to a range (`2021-11`): a comparison with it turns
        // unknown on its first day and decided on its last.
        Value::Estimate(e) => {
            collect(&e.low, out);
            collect(&e.high, out);
        }
        // A value over time changes on each of its dates.
        Value::Series(s) => {
            for (d, v) in &s.points {
                out.insert(*d);
                collect(v, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn date(s: &str) -> Date {
        calendar::parse_date(s).unwrap()
    }

    #[test]
    fn a_monthly_grid_returns_to_the_day_of_the_month() {
        let g = grid(date("2022-01-31"), date("2022-04-30"), Duration::months(1)).unwrap();
        let shown: Vec<String> = g.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["2022-01-31", "2022-02-28", "2022-03-31", "2022-04-30"]);
    }

    #[test]
    fn grids_are_limited_and_ordered() {
        assert!(grid(date("2022-02-01"), date("2022-01-01"), Duration::days(1)).is_err());
        assert_eq!(grid(date("2022-01-01"), date("2022-01-01"), Duration::days(1)).unwrap().len(), 1);
        let e = grid(date("1900-01-01"), date("2000-01-01"), Duration::days(1)).unwrap_err();
        assert!(e.message.contains("more than 10000 dates"), "{e:?}");
    }

    #[test]
    fn steps_read_a_count_and_a_unit() {
        assert_eq!(parse_step("30days"), Ok(Duration::days(30)));
        assert_eq!(parse_step("1 month"), Ok(Duration::months(1)));
        assert_eq!(parse_step("2weeks"), Ok(Duration::days(14)));
        assert_eq!(parse_step("1year"), Ok(Duration::months(12)));
        for bad in ["", "days", "0days", "3 fortnights", "-1days", "1.5months"] {
            assert!(parse_step(bad).is_err(), "{bad}");
        }
    }
}
