//! Dates and durations shared by the language and the evaluator.
//! Dates are `jiff::civil::Date` (proleptic Gregorian, validated: 2021-02-30
//! is rejected). A [`Duration`] keeps calendar months apart from days, since
//! a month has no fixed number of days.

use std::fmt;

pub use jiff::civil::Date;

/// A calendar duration: `months` then `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    pub months: i32,
    pub days: i32,
}

impl Duration {
    pub fn days(days: i32) -> Self {
        Duration { months: 0, days }
    }

    pub fn months(months: i32) -> Self {
        Duration { months, days: 0 }
    }

    /// Parses `30 days`, `2 weeks`, `6 months`, `1 year`.
    pub fn from_amount(amount: i64, unit: &str) -> Option<Duration> {
        let n = i32::try_from(amount).ok()?;
        match unit.trim_end_matches('s') {
            "day" => Some(Duration::days(n)),
            "week" => n.checked_mul(7).map(Duration::days),
            "month" => Some(Duration::months(n)),
            "year" => n.checked_mul(12).map(Duration::months),
            _ => None,
        }
    }

    pub fn negate(self) -> Duration {
        Duration { months: -self.months, days: -self.days }
    }

    pub fn checked_add(self, other: Duration) -> Option<Duration> {
        Some(Duration { months: self.months.checked_add(other.months)?, days: self.days.checked_add(other.days)? })
    }

    /// Durations are ordered only when both are pure day counts (or both
    /// pure month counts); `1 month` versus `30 days` has no answer.
    pub fn compare(self, other: Duration) -> Option<std::cmp::Ordering> {
        match (self.months, other.months, self.days, other.days) {
            (0, 0, a, b) => Some(a.cmp(&b)),
            (a, b, 0, 0) => Some(a.cmp(&b)),
            _ => None,
        }
    }
}

/// `date + duration`, months first; `None` outside the supported range.
pub fn add(date: Date, d: Duration) -> Option<Date> {
    // Days alone: plain day arithmetic, far cheaper than a calendar span.
    if d.months == 0 {
        return date.checked_add(jiff::SignedDuration::from_hours(24 * i64::from(d.days))).ok();
    }
    let span = jiff::Span::new().try_months(d.months).ok()?.try_days(d.days).ok()?;
    date.checked_add(span).ok()
}

/// Whole days from `a` to `b`.
pub fn days_between(a: Date, b: Date) -> Option<i32> {
    let span = a.until((jiff::Unit::Day, b)).ok()?;
    Some(span.get_days())
}

/// Parses `YYYY-MM-DD`, rejecting impossible dates.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<i16>().ok()).unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let month = i8::try_from(m).map_err(|_| format!("month {m} is out of range"))?;
    let day = i8::try_from(d).map_err(|_| format!("day {d} is out of range"))?;
    Date::new(y, month, day).map_err(|_| format!("`{text}` is not a calendar date"))
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.months, self.days) {
            (0, d) => write!(f, "{d} {}", if d.abs() == 1 { "day" } else { "days" }),
            (m, 0) if m % 12 == 0 => write!(f, "{} {}", m / 12, if m.abs() == 12 { "year" } else { "years" }),
            (m, 0) => write!(f, "{m} {}", if m.abs() == 1 { "month" } else { "months" }),
            (m, d) => write!(f, "{m} months + {d} days"),
        }
    }
}
