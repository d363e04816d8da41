//! Generated rule/scenario pairs: every clause shape the planner and the
//! compiled path treat specially (kernels over optional fields, joins that
//! waive, totals per group, counts per pair, maxima, negated scans), with
//! constants and tables drawn at random — up to 150 rows, past the 64-row
//! word boundaries of the compiled path — must give exactly the findings
//! of the plain interpreter, locations included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::fmt::Write as _;
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// `cargo test` draws the same cases every run (a fixed seed), so a
/// failure is reproducible and a pass is not luck. Longer or other runs:
/// `PROPTEST_CASES=10000 cargo test --test integration -- differential`,
/// with `PROPTEST_RNG_SEED=N` for another seed.
const SEED: u64 = 0x7061_6374_6131;
const CASES: u32 = 48;

fn config() -> ProptestConfig {
    // The default reads the PROPTEST_* variables.
    let env = ProptestConfig::default();
    let set = |name: &str| std::env::var_os(name).is_some();
    ProptestConfig {
        cases: if set("PROPTEST_CASES") { env.cases } else { CASES },
        rng_seed: if set("PROPTEST_RNG_SEED") { env.rng_seed } else { RngSeed::Fixed(SEED) },
        ..env
    }
}

const SCHEMA: &str = "entity State { name: text, in_europe: bool = false }
entity Deployment { owner: State, host: State, personnel: int, since: date, until: date? }
";

/// The clause shapes, with drawn constants.
fn rules(min: i64, cap: i64, cutoff: i32) -> String {
    format!(
        "{SCHEMA}treaty t \"Generated\" {{ param cutoff: date = {cutoff}-01-01 }}
article 1 \"Shapes\" {{
  clause 1.1 \"kernel over an optional field\" {{
    forbid d: Deployment where d.until < cutoff and d.personnel > {min}
    message \"{{d.id}}\"
  }}
  clause 1.2 \"a join that waives\" {{
    forbid d: Deployment where d.host != d.owner and d.personnel >= {min}
    unless \"reciprocal\": exists e: Deployment where e.owner == d.host and e.host == d.owner
    message \"{{d.id}}\"
  }}
  clause 1.3 \"a total per group\" {{
    forbid s: State where (sum d.personnel for d: Deployment where d.host == s and d.since < cutoff) > {cap}
    message \"{{s.id}}\"
  }}
  clause 1.4 \"a count per pair\" {{
    forbid d: Deployment where (count p: Deployment where p.owner == d.owner and p.host == d.host and p.since <= d.since) >= 2
    message \"{{d.id}}\"
  }}
  clause 1.5 \"a maximum over optional values\" {{
    forbid s: State where (exists p: Deployment where p.host == s)
      and (max p.until for p: Deployment where p.host == s) > cutoff
    message \"{{s.id}}\"
  }}
  clause 1.6 \"a negated scan\" {{
    forbid s: State where s.in_europe and not (exists d: Deployment where d.host == s and d.personnel > {min})
    message \"{{s.id}}\"
  }}
}}
"
    )
}

#[derive(Debug, Clone)]
struct Row {
    owner: usize,
    host: usize,
    personnel: i64,
    since: i32,
    until: Option<i32>,
}

fn row(states: usize) -> impl Strategy<Value = Row> {
    (0..states, 0..states, 0i64..3000, 1990i32..2022, proptest::option::of(1995i32..2030))
        .prop_map(|(owner, host, personnel, since, until)| Row { owner, host, personnel, since, until })
}

fn scenario(europe: &[bool], rows: &[Row]) -> String {
    let mut text = String::from("as_of: 2022-01-01\nState:\n");
    for (i, e) in europe.iter().enumerate() {
        let _ = writeln!(text, "  - {{ id: S{i}, name: \"State {i}\", in_europe: {e} }}");
    }
    if rows.is_empty() {
        return text;
    }
    text.push_str("Deployment:\n");
    for (i, r) in rows.iter().enumerate() {
        let until = r.until.map(|y| format!(", until: {y}-06-30")).unwrap_or_default();
        let _ = writeln!(
            text,
            "  - {{ id: d{i}, owner: S{}, host: S{}, personnel: {}, since: {}-03-01{until} }}",
            r.owner, r.host, r.personnel, r.since
        );
    }
    text
}

/// Judges both ways; returns the clause ids that had findings.
fn agree(rules_text: String, scenario_text: String) -> Result<std::collections::BTreeSet<String>, TestCaseError> {
    let mut sources = pacta::span::Sources::new();
    let access = common::project();
    let set = pacta::rules::load_str(PathBuf::from("generated.pacta"), rules_text, &mut sources, &access).unwrap();
    let planned = pacta::check::check(&set, &sources).unwrap().program;
    let plain = pacta::check::check_unplanned(&set, &sources).unwrap().program;
    let scenario = pacta::scenario::load_str(
        PathBuf::from("generated.yaml"),
        scenario_text,
        &planned.schema,
        &mut sources,
        &access,
    )
    .unwrap();
    let options = pacta::eval::Options::default();
    let fast = pacta::eval::evaluate(&planned, &scenario, &sources, &options).unwrap();
    let reference = pacta::eval::Options { interpreter_only: true, ..options };
    let slow = pacta::eval::evaluate(&plain, &scenario, &sources, &reference).unwrap();
    let fired = fast.findings.iter().map(|f| planned.clauses[f.clause].qualified_id.clone()).collect();
    // Where they differ, located (file:line:col of every span), before
    // the whole findings.
    if let Some(d) = common::disagreement(&sources, &planned, &fast, &slow) {
        return Err(TestCaseError::fail(format!("the compiled path and the interpreter disagree:\n{d}")));
    }
    prop_assert_eq!(fast.findings, slow.findings);
    Ok(fired)
}

/// The shapes are not vacuous: on a table past one 64-row word, every
/// clause finds something (so the generated runs compare real findings).
#[test]
fn every_shape_fires_on_a_large_enough_table() {
    let rows: Vec<Row> = (0..90)
        .map(|i| Row {
            owner: i % 3,
            host: (i * 7) % 5,
            personnel: (i as i64 * 137) % 3000,
            since: 1990 + (i as i32 % 32),
            until: (i % 4 != 0).then_some(1995 + (i as i32 % 35)),
        })
        .collect();
    let fired = agree(rules(1500, 4000, 2010), scenario(&[true, false, true, true, false, true], &rows))
        .unwrap_or_else(|e| panic!("{e}"));
    let all: Vec<String> = (1..=6).map(|i| format!("t/1.{i}")).collect();
    assert_eq!(fired.into_iter().collect::<Vec<_>>(), all);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn planned_and_compiled_agree_with_the_interpreter(
        (europe, rows) in (2usize..7).prop_flat_map(|n| {
            (proptest::collection::vec(any::<bool>(), n), proptest::collection::vec(row(n), 0..150))
        }),
        min in 0i64..3000,
        cap in 0i64..6000,
        cutoff in 1995i32..2025,
    ) {
        agree(rules(min, cap, cutoff), scenario(&europe, &rows))?;
    }
}
