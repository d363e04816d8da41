//! Generated rule/scenario pairs sized to reach the compiled path's
//! size-dependent branches (`src/eval/fast/`) on both sides of each
//! threshold, for `tests/integration/thresholds.rs`.
//!
//! Every fixture has the same two "verdict" clauses (article 1), whose
//! findings sit on the first rows and on the edges of the 64-row words (0,
//! 1, 2, 62, 63, 64, 65, 126, 127, 128, 129, 191, 192, the last row) and cover every
//! verdict kind, plus the clauses of the branch a test is after
//! (article 2).

use std::fmt::Write as _;

use super::Prepared;

pub const SCHEMA: &str = "entity State { name: text, in_europe: bool = false }
entity Deployment {
  owner: State, host: State, via: State, active: bool = true,
  personnel: int, units: int, since: date, until: date?
}
";

/// Article 1: a prefiltered forbid (kernels `d.personnel > 1000` and
/// `d.until < cutoff`, a lifted `d.host.in_europe`) that is violated,
/// waived and indeterminate, one waived through the first of the facts an
/// `exists` finds (its location is part of the finding), and a review.
pub const VERDICTS: &str = r#"article 1 "Verdicts" {
  clause 1.1 "prefiltered, over the words" {
    forbid d: Deployment where d.personnel > 1000 and d.host.in_europe and d.until < cutoff
    unless "exempt": d.personnel == 2001
    message "{d.id}"
  }
  clause 1.3 "waived through a fact, found by a scan" {
    forbid d: Deployment where d.personnel > 1000 and d.host.in_europe
    unless "paired": exists e: Deployment where e.units == d.units and e.since == d.since and e.personnel < 40
    message "{d.id}"
  }
  clause 1.2 "routed to review" {
    review d: Deployment where d.personnel > 1000 and d.host.in_europe and d.since < cutoff
    message "{d.id}"
  }
}
"#;

/// The rules: the schema, the treaty, article 1 and `clauses` (the body of
/// article 2).
pub fn rules(clauses: &str) -> String {
    format!(
        "{SCHEMA}treaty t \"Generated\" {{ param cutoff: date = 2005-01-01 }}\n{VERDICTS}article 2 \"Branch\" {{\n{clauses}}}\n"
    )
}

/// The size of a generated scenario.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// `State` facts: the domain of each reference key part.
    pub states: usize,
    /// `Deployment` rows: the table the words and indexes are over.
    pub rows: usize,
    /// How many distinct `since` years the rows have (2000, 2001, …).
    pub years: usize,
}

/// The rows at the edges of the 64-row words that article 1 judges.
pub fn hot_rows(rows: usize) -> Vec<usize> {
    let mut hot: Vec<usize> =
        [0, 1, 2, 62, 63, 64, 65, 126, 127, 128, 129, 191, 192].into_iter().filter(|r| *r < rows).collect();
    if rows > 0 && !hot.contains(&(rows - 1)) {
        hot.push(rows - 1);
    }
    hot
}

/// What article 1 finds on hot row number `j` (in [`hot_rows`] order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hot {
    Violation,
    Waived,
    Indeterminate,
}

pub fn hot_kind(j: usize) -> Hot {
    [Hot::Violation, Hot::Waived, Hot::Indeterminate][j % 3]
}

/// The scenario: states `S0 …` (even ones in Europe) and deployments
/// `d0 …`. Deployments come in pairs with the same owner and host (so
/// counts per pair reach 2); hot rows have 2000 (2001 when waived)
/// personnel, a host in Europe and an `until` before the cutoff (none when
/// indeterminate), other rows 10 to 59 and every fifth no `until`.
pub fn scenario(size: Size) -> String {
    let Size { states, rows, years } = size;
    let mut text = String::from("as_of: 2022-01-01\nState:\n");
    for s in 0..states {
        let _ = writeln!(text, "  - {{ id: S{s}, name: \"State {s}\", in_europe: {} }}", s % 2 == 0);
    }
    if rows == 0 {
        return text;
    }
    let hot = hot_rows(rows);
    text.push_str("Deployment:\n");
    for i in 0..rows {
        let pair = i / 2;
        let (mut owner, mut host) = (pair % states, (pair * 13 + pair / 4 + 1) % states);
        let via = (i * 5) % states;
        let since = 2000 + i % years.max(1);
        let (personnel, until) = match hot.iter().position(|h| *h == i).map(hot_kind) {
            Some(kind) => {
                // Host in Europe (even), owner anything.
                (owner, host) = (owner, (host / 2 * 2) % states);
                match kind {
                    Hot::Violation => (2000, Some(2000)),
                    Hot::Waived => (2001, Some(2001)),
                    Hot::Indeterminate => (2000, None),
                }
            }
            None => (10 + (i % 50), (i % 5 != 0).then_some(2010)),
        };
        owner %= states;
        let until = until.map(|y| format!(", until: {y}-06-30")).unwrap_or_default();
        let _ = writeln!(
            text,
            "  - {{ id: d{i}, owner: S{owner}, host: S{host}, via: S{via}, active: {}, personnel: {personnel}, units: {}, since: {since}-03-01{until} }}",
            i % 3 != 0,
            i % 4,
        );
    }
    text
}

/// A fixture prepared: rules checked planned and unplanned, the scenario
/// loaded.
pub fn prepare(clauses: &str, size: Size) -> Prepared {
    super::prepare_str(&rules(clauses), &scenario(size))
}
