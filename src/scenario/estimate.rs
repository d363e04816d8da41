//! Uncertain values as a scenario writes them, following the field's
//! conventions (see `docs/scenarios.md`, "Uncertain values"):
//!
//! - `unknown` for any field but a text: the value is not known;
//! - a range `480..500` of ints or decimals; for dates `2021-03-01..2021-05-31`
//!   or the EDTF interval `2021-03-01/2021-05-31`;
//! - a date of reduced precision (ISO 8601): `2021-11` (a month), `2021`
//!   (a year), read as the range of days it covers; EDTF's `?`, `~` and `%`
//!   (uncertain, approximate) after it are accepted and read the same;
//! - a mapping `{low: 480, high: 500, declared: 480}`: the range, and the
//!   figure its owner declares where sources disagree.
//!
//! The loader decides by the field's type, not by YAML's guess (`2021` is
//! an int to YAML, a year to a date field).

use serde::de::MapAccess;

use super::ScenarioErrorKind;
use super::cx::Cx;
use super::node::{Located, Node, Shape};
use super::value::{Raw, ValueSeed};
use crate::calendar::{self, Date};
use crate::schema::Type;
use crate::value::{Estimate, Series, Value};

/// A number range `low..high` for an int or decimal field; `None` when
/// `s` is not one.
pub(super) fn number_range(ty: &Type, s: &str) -> Option<Raw> {
    let (low, high) = s.split_once("..")?;
    let parse = |t: &str| -> Option<Value> {
        let t = t.trim().replace('_', "");
        match ty {
            Type::Int => t.parse::<i64>().ok().map(Value::Int),
            _ => t.parse::<f64>().ok().filter(|x| x.is_finite()).map(Value::Decimal),
        }
    };
    Some(match (parse(low), parse(high)) {
        (Some(lo), Some(hi)) => ordered(lo, hi, None),
        _ => {
            Raw::Bad(ScenarioErrorKind::BadEstimate(format!("`{s}` is not a range of two numbers (write `480..500`)")))
        }
    })
}

/// A date, a date of reduced precision or a range of dates.
pub(super) fn date(s: &str) -> Raw {
    // The common case, a whole day, without looking for ranges and parts.
    if let Ok(day) = calendar::parse_date(s) {
        return Raw::Value(Estimate::value(Value::Date(day), Value::Date(day), None));
    }
    let range = s.split_once("..").or_else(|| s.split_once('/'));
    if let Some((low, high)) = range {
        return match (days(low.trim()), days(high.trim())) {
            (Ok((lo, _)), Ok((_, hi))) => ordered(Value::Date(lo), Value::Date(hi), None),
            (Err(e), _) | (_, Err(e)) => Raw::Bad(ScenarioErrorKind::BadDate(e)),
        };
    }
    match days(s) {
        Ok((lo, hi)) => Raw::Value(Estimate::value(Value::Date(lo), Value::Date(hi), None)),
        Err(e) => Raw::Bad(ScenarioErrorKind::BadDate(e)),
    }
}

/// The first and last day of a date, month, year or range of them
/// (`--during 2021`, `--during 2021-03..2021-05`).
pub fn days_of(text: &str) -> Result<(Date, Date), String> {
    let range = text.split_once("..").or_else(|| text.split_once('/'));
    match range {
        Some((low, high)) => {
            let ((lo, _), (_, hi)) = (days(low.trim())?, days(high.trim())?);
            if lo > hi { Err(format!("`{text}` starts after it ends")) } else { Ok((lo, hi)) }
        }
        None => days(text.trim()),
    }
}

/// A year written as a YAML int (`2021`) in a date field.
pub(super) fn year(n: i64) -> Raw {
    date(&n.to_string())
}

/// The first and last day a date of full or reduced precision covers.
fn days(text: &str) -> Result<(Date, Date), String> {
    let text = text.trim_end_matches(['?', '~', '%']);
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [_, _, _] => calendar::parse_date(text).map(|d| (d, d)),
        [y, m] if y.len() == 4 && m.len() == 2 => {
            let first = calendar::parse_date(&format!("{y}-{m}-01"))?;
            let next = calendar::add(first, calendar::Duration::months(1)).ok_or("date out of range")?;
            let last = calendar::add(next, calendar::Duration::days(-1)).ok_or("date out of range")?;
            Ok((first, last))
        }
        [y] if y.len() == 4 => {
            Ok((calendar::parse_date(&format!("{y}-01-01"))?, calendar::parse_date(&format!("{y}-12-31"))?))
        }
        _ => Err(format!("`{text}`: write YYYY-MM-DD, YYYY-MM, YYYY or a range `FROM..TO`")),
    }
}

/// `low..high`, refused when the ends are the wrong way round.
fn ordered(low: Value, high: Value, declared: Option<Value>) -> Raw {
    match low.compare(&high) {
        Some(std::cmp::Ordering::Greater) => {
            Raw::Bad(ScenarioErrorKind::BadEstimate(format!("the range starts at {low}, after its end {high}")))
        }
        _ => Raw::Value(Estimate::value(low, high, declared)),
    }
}

/// A mapping in a number or date field: an estimate `{low: …, high: …,
/// declared: …}`, or, keyed by dates, a series of values over time
/// `{1997-05-27: 0, 2017: 1100}` (each from its date on; a month or a year
/// starts on its first day).
pub(super) fn mapping<'de, A: MapAccess<'de>>(cx: &mut Cx, ty: &Type, mut map: A) -> Result<Raw, A::Error> {
    let (mut low, mut high, mut declared) = (None, None, None);
    let mut points: Vec<(Date, Value)> = Vec::new();
    while let Some((key, loc)) = map.next_key_seed(Located(KeyNode))? {
        let read = map.next_value_seed(ValueSeed { cx: &mut *cx, ty, nested: true, peek: None })?;
        let value = read.value.unwrap_or(Value::Unknown(None));
        let key = key.unwrap_or_default();
        match key.as_str() {
            "low" => low = Some(end(&value, true)),
            "high" => high = Some(end(&value, false)),
            "declared" => declared = Some(value),
            _ => match days_of(&key) {
                Ok((from, _)) => points.push((from, value)),
                Err(_) => {
                    let span = cx.span(&loc);
                    let suggestion = crate::suggest::did_you_mean(&key, ["low", "high", "declared"]);
                    let kind = ScenarioErrorKind::UnknownField { entity: "estimate".into(), field: key, suggestion };
                    cx.error(kind, span);
                }
            },
        }
    }
    if !points.is_empty() {
        return Ok(series(points, low.is_some() || high.is_some() || declared.is_some()));
    }
    Ok(match (low, high, declared) {
        (Some(lo), Some(hi), declared) => ordered(lo, hi, declared),
        (None, None, Some(d)) => Raw::Value(d),
        _ => Raw::Bad(ScenarioErrorKind::BadEstimate("give `low` and `high` (and, if known, `declared`)".into())),
    })
}

/// Points of a series, sorted; two on one date, or estimate keys among
/// them, are errors.
fn series(mut points: Vec<(Date, Value)>, mixed: bool) -> Raw {
    if mixed {
        return Raw::Bad(ScenarioErrorKind::BadEstimate(
            "a mapping is a series (dates as keys) or an estimate (`low`, `high`, `declared`), not both".into(),
        ));
    }
    points.sort_by_key(|(d, _)| *d);
    if let Some(w) = points.windows(2).find(|w| w[0].0 == w[1].0) {
        return Raw::Bad(ScenarioErrorKind::BadEstimate(format!("two values from {} on", w[0].0)));
    }
    Raw::Value(Value::Series(std::sync::Arc::new(Series { points })))
}

/// The low (or high) end of a value that may itself be a range.
fn end(v: &Value, low: bool) -> Value {
    match v {
        Value::Estimate(e) if low => e.low.clone(),
        Value::Estimate(e) => e.high.clone(),
        v => v.clone(),
    }
}

/// A key of the mapping, as text.
struct KeyNode;

impl<'de> Node<'de> for KeyNode {
    type Out = Option<String>;

    fn scalar(self, shape: Shape<'_>) -> Option<String> {
        match shape {
            Shape::Str(s) => Some(s.to_string()),
            // A year as a key: `2017: 1100`.
            Shape::Int(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Value {
        Value::Date(calendar::parse_date(s).unwrap())
    }

    fn value(raw: Raw) -> Option<Value> {
        if let Raw::Value(v) = raw { Some(v) } else { None }
    }

    #[test]
    fn dates_of_reduced_precision_are_the_days_they_cover() {
        assert_eq!(value(date("2021-11")), Some(Estimate::value(d("2021-11-01"), d("2021-11-30"), None)));
        assert_eq!(value(date("2024-02")), Some(Estimate::value(d("2024-02-01"), d("2024-02-29"), None)));
        assert_eq!(value(year(2021)), Some(Estimate::value(d("2021-01-01"), d("2021-12-31"), None)));
        assert_eq!(value(date("2021-11~")), value(date("2021-11")));
        assert_eq!(value(date("2021-03-01/2021-05")), Some(Estimate::value(d("2021-03-01"), d("2021-05-31"), None)));
        assert_eq!(value(date("2021-03-04")), Some(d("2021-03-04")));
        assert!(matches!(date("2021-13"), Raw::Bad(_)));
        assert!(matches!(date("2021-05-01..2021-03-01"), Raw::Bad(_)));
    }

    #[test]
    fn number_ranges_need_two_numbers_in_order() {
        let r = |s| value(number_range(&Type::Int, s).unwrap());
        assert_eq!(r("480..500"), Some(Estimate::value(Value::Int(480), Value::Int(500), None)));
        assert_eq!(r("1_000..1_000"), Some(Value::Int(1000)));
        assert_eq!(r("5..1"), None);
        assert!(number_range(&Type::Int, "480").is_none());
        assert!(matches!(number_range(&Type::Decimal, "a..b"), Some(Raw::Bad(_))));
    }
}
