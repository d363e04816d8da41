//! One fuzzed expression (the input, as UTF-8) spliced into the `where` of
//! a clause with ONE binding over a fact table (`forbid d: Deployment
//! where …`), checked planned and unplanned and evaluated on a fixed
//! scenario of 150 deployments: planned with the compiled path, unplanned
//! with the interpreter alone. Must never panic, and the two evaluations
//! must give the same findings (verdicts, subjects, messages).
//!
//! A one-binding clause is where the compiled path prefilters the whole
//! table (`src/eval/fast/select.rs`): comparisons of the fact's own fields
//! with values that do not depend on it become kernels, typed against the
//! column and tested 64 rows at a time (`typed.rs`), and conjuncts that
//! read the fact only through up to three fields with small sets of values
//! (references, enum variants, booleans) are computed once per combination
//! of those values (`lift.rs`). 150 rows cross the 64-row word boundary
//! twice; optional fields are missing on some rows, so kernels meet rows
//! they cannot decide.

use std::fmt::Write as _;
use std::sync::OnceLock;

use crate::common;

const HEAD: &str = r#"enum Kind { garrison, rotation, exercise, advisory }
enum Region { eastern_europe, western_europe, other }
entity State {
  name: text
  in_europe: bool = false
  nato: bool = false
  region: Region?
  rank: int?
  neighbours: list<State> = []
}
entity Deployment {
  owner: State
  host: State
  kind: Kind
  active: bool = true
  flagged: bool?
  personnel: int
  since: date
  until: date?
  strength: decimal = 1.0
  lead: State?
  tier: Kind?
  note: text?
}
treaty t "fuzz" {
  parties [s: State where s.in_europe]
  param cutoff: date = 2000-01-01
  param limit: int = 100
  param kind: Kind = Kind::garrison
  param region: Region = Region::eastern_europe
  param ceiling: decimal = 2.5
}
def level(o: State, h: State): int = sum p.personnel for p: Deployment where p.owner == o and p.host == h
def allied(a: State, b: State): bool = a.nato and b.nato
def eastern(s: State): bool = s.region == Region::eastern_europe
article 1 "fuzz" {
  clause 1.1 "fuzz" {
    forbid d: Deployment where (
"#;

const TAIL: &str = r#"
    )
    message "{d.id}: {d.owner.name} in {d.host.name}, {d.personnel}"
  }
}
"#;

/// `(id, name, in_europe, nato, region, rank, neighbours)`.
type State = (&'static str, &'static str, bool, bool, Option<&'static str>, Option<i64>, &'static [&'static str]);

const STATES: [State; 9] = [
    ("RUS", "Russia", true, false, Some("eastern_europe"), Some(1), &["BLR", "EST", "POL"]),
    ("USA", "United States", false, true, None, Some(2), &["CAN"]),
    ("POL", "Poland", true, true, Some("eastern_europe"), None, &["DEU", "BLR", "RUS"]),
    ("DEU", "Germany", true, true, Some("western_europe"), Some(4), &["POL", "FRA"]),
    ("FRA", "France", true, true, Some("western_europe"), None, &["DEU"]),
    ("EST", "Estonia", true, true, Some("eastern_europe"), Some(6), &["RUS"]),
    ("TUR", "Turkey", false, true, Some("other"), None, &[]),
    ("CAN", "Canada", false, true, None, Some(8), &["USA"]),
    ("BLR", "Belarus", true, false, Some("eastern_europe"), None, &["RUS", "POL"]),
];

const KINDS: [&str; 4] = ["garrison", "rotation", "exercise", "advisory"];

/// Deployments in the scenario: more than two words of 64 rows.
pub const ROWS: usize = 150;

/// The fixed scenario: 9 states and [`ROWS`] deployments whose fields vary
/// with the row number (owners, hosts, kinds, booleans), with optional
/// fields missing on some rows.
pub fn scenario() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut s = String::from("as_of: 2022-01-15\nState:\n");
        for (id, name, europe, nato, region, rank, neighbours) in STATES {
            let _ = write!(s, "  - {{ id: {id}, name: {name}, neighbours: [{}]", neighbours.join(", "));
            if europe {
                s.push_str(", in_europe: true");
            }
            if nato {
                s.push_str(", nato: true");
            }
            if let Some(r) = region {
                let _ = write!(s, ", region: {r}");
            }
            if let Some(r) = rank {
                let _ = write!(s, ", rank: {r}");
            }
            s.push_str(" }\n");
        }
        s.push_str("Deployment:\n");
        for i in 0..ROWS {
            let state = |k: usize| STATES[k % STATES.len()].0;
            let _ = write!(
                s,
                "  - {{ id: d{i:03}, owner: {}, host: {}, kind: {}, personnel: {}, since: {}-{:02}-{:02}",
                state(i * 7),
                state(i * 5 + 3),
                KINDS[(i / 2) % KINDS.len()],
                (i * 137 % 1000) as i64 - 100,
                1985 + (i * 11) % 40,
                i % 12 + 1,
                (i * 7) % 28 + 1,
            );
            if i % 7 != 0 {
                let _ = write!(s, ", active: {}", i % 3 != 1);
            }
            if i % 3 != 0 {
                let _ = write!(s, ", flagged: {}", i % 2 == 0);
            }
            if i % 4 == 0 {
                let _ = write!(s, ", until: {}-06-30", 2000 + (i * 13) % 30);
            }
            if i % 5 == 2 {
                let _ = write!(s, ", strength: {}.{}", i % 7, i % 10);
            }
            if i % 6 == 1 {
                let _ = write!(s, ", lead: {}", state(i / 6));
            }
            if i % 8 == 3 {
                let _ = write!(s, ", tier: {}", KINDS[i % KINDS.len()]);
            }
            if i % 10 == 0 {
                let _ = write!(s, ", note: n{i}");
            }
            s.push_str(" }\n");
        }
        s
    })
}

/// The fixed rule file with `expr` in the clause's `where`.
pub fn rules(expr: &str) -> String {
    format!("{HEAD}{expr}{TAIL}")
}

pub fn run(data: &[u8]) {
    run_with(data, None);
}

/// [`run`] with a step budget per clause ([`pacta::eval::Options::max_steps`]).
pub fn run_with(data: &[u8], max_steps: Option<u64>) {
    let Ok(expr) = std::str::from_utf8(data) else { return };
    common::planned_vs_unplanned(&rules(expr), scenario(), max_steps);
}
