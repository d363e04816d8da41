//! The text forms the scenario loader accepts, as ECMA-262 regular
//! expressions for JSON Schema `pattern`s. Each mirrors one parser:
//! [`crate::calendar::parse_date`] (a whole day), `scenario/estimate.rs`
//! (reduced precision, EDTF flags, ranges of dates and numbers),
//! `scenario/value.rs` (durations), `scenario/expect.rs` (clause
//! references) and `scenario/provenance.rs` (Admiralty grades).
//! `tests/integration/json_schema.rs` checks each against the loader on
//! thousands of generated strings.
//!
//! What a pattern cannot say, the loader still checks: the order of a
//! range's ends, and numbers past 64 bits.
//!
//! Digits are written `[0-9]` rather than `\d`, which some regex engines
//! read as any Unicode digit.

/// Months of 28 days or more, of 29 or 30, and of 31.
const MONTH_DAY: &str =
    "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)";

/// Gregorian leap years of four digits, 0000 included (jiff's calendar).
const LEAP_YEAR: &str = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)";

/// `YYYY-MM-DD`, a real calendar day (`2021-02-29` is not one).
pub fn day() -> String {
    format!("(?:[0-9]{{4}}-{MONTH_DAY}|{LEAP_YEAR}-02-29)")
}

/// A day, a month (`2021-11`) or a year (`2021`), with EDTF's
/// uncertainty flags after it (`2021?`, `2021-11~`).
fn part() -> String {
    format!("(?:{}|[0-9]{{4}}-(?:0[1-9]|1[0-2])|[0-9]{{4}})[?~%]*", day())
}

/// A range `FROM..TO` or `FROM/TO` of such parts, spaces allowed around them.
fn range() -> String {
    let p = part();
    format!(r"\s*{p}\s*(?:\.\.|/)\s*{p}\s*")
}

/// What a `date` field accepts as text: a part, or a range of parts.
pub fn date() -> String {
    format!("^(?:{}|{})$", part(), range())
}

/// `as_of:` and `accessed:`: a whole day.
pub fn whole_day() -> String {
    format!("^{}$", day())
}

/// The dates keying a series (`{1997-05-27: 0, 2017: 1100}`): as a date
/// field's text, spaces around a single date allowed.
pub fn series_key() -> String {
    format!(r"^(?:\s*{}\s*|{})$", part(), range())
}

/// An integer as `estimate.rs` reads a range's end: underscores anywhere
/// are dropped, then a sign and digits.
const INT: &str = "_*[+-]?[0-9_]*[0-9][0-9_]*";

/// Digits with underscores anywhere, at least one digit.
const DIGITS: &str = "[0-9_]*[0-9][0-9_]*";

/// A decimal as Rust reads one once underscores are dropped:
/// `5`, `5.`, `.5`, `5.5`, with an exponent.
fn decimal() -> String {
    format!(r"_*[+-]?(?:{DIGITS}(?:\.[0-9_]*)?|[0-9_]*\.{DIGITS})(?:[eE]_*[+-]?{DIGITS})?")
}

/// `480..500` in an int field.
pub fn int_range() -> String {
    format!(r"^\s*{INT}\s*\.\.\s*{INT}\s*$")
}

/// `0.5..1.5e3` in a decimal field. The loader splits at the first `..`,
/// so a low end directly before it may not end in a dot (`1...5` is
/// `1` to `.5`).
pub fn decimal_range() -> String {
    let d = decimal();
    format!(r"^\s*(?:{d}(?<!\.)|{d}\s+)\.\.\s*{d}\s*$")
}

/// `30 days`, `2 weeks`, `6 months`, `1 year`: an amount and a unit.
pub fn duration() -> String {
    r"^\s*[+-]?[0-9]+\s+(?:day|week|month|year)s*\s*$".into()
}

/// `500 km`, `270 nmi`, `2.5 km`, `1_000 m` (`crate::units::parse_distance`:
/// an amount Rust reads as a float once `_` is dropped, whitespace, a unit).
pub fn distance() -> String {
    r"^\s*[+-]?(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9]+)?\s+(?:km|m|nmi|mi)\s*$".into()
}

/// `treaty/clause`: both parts non-empty, no spaces.
pub fn clause() -> String {
    r"^[^/\s]+/\S+$".into()
}

/// An Admiralty grade: `B2`, `b2`.
pub fn confidence() -> String {
    r"^\s*[A-Fa-f][1-6]\s*$".into()
}

/// Text with something besides spaces in it.
pub fn not_blank() -> String {
    r"\S".into()
}
