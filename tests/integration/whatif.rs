//! `pacta timeline` and `pacta diff` through the binary: the cases issue 5
//! names (a timeline across the 27 May 1997 baseline, an obligation
//! becoming overdue, the two article-4 readings on the bundled examples),
//! their exit codes, byte-for-byte determinism across thread counts, and
//! bad arguments. Text output is snapshotted (no colour, relative paths).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::process::Output;

use common::{code, pacta};
use serde_json::Value as Json;

fn stdout(o: &Output) -> String {
    common::filter_paths(&String::from_utf8_lossy(&o.stdout))
}

fn stderr(o: &Output) -> String {
    common::filter_paths(&String::from_utf8_lossy(&o.stderr))
}

fn json(o: &Output) -> Json {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

/// The intervals of one row of a JSON timeline, as `verdict from → to`.
fn intervals(t: &Json, clause: &str, subject: &str) -> Vec<String> {
    let rows = t["rows"].as_array().unwrap();
    let row = rows.iter().find(|r| r["clause"] == clause && r["subject"] == subject);
    let row = row.unwrap_or_else(|| panic!("no row {clause} {subject}"));
    row["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {} → {}",
                i["verdict"].as_str().unwrap(),
                i["from"].as_str().unwrap(),
                i["to"].as_str().unwrap_or("…")
            )
        })
        .collect()
}

const CRIMEA: [&str; 3] = ["timeline", "rules", "examples/black-sea-crimea-2022.yaml"];
const DUE: [&str; 3] = ["timeline", "tests/eval/require_due/rules.pacta", "tests/eval/require_due/scenario.yaml"];
/// A few examples, for the tests that run a diff many times.
const FEW: [&str; 7] = [
    "diff",
    "rules",
    "rules",
    "examples/allied-reinforcements-2022.yaml",
    "examples/baltic-2022.yaml",
    "--db",
    "article_4_reading=narrow",
];
const READINGS: [&str; 6] = ["diff", "rules", "rules", "examples/", "--db", "article_4_reading=narrow"];

#[test]
fn timeline_crosses_the_1997_baseline() {
    let o = pacta(&[&CRIMEA[..], &["--clause", "4.1"]].concat());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    insta::assert_snapshot!("timeline_crimea_4_1", stdout(&o));
    let t = json(&pacta(&[&CRIMEA[..], &["--clause", "nato_russia_2021/4.1", "--format", "json"]].concat()));
    assert_eq!(t["schema"], "pacta/timeline/v1");
    assert_eq!(t["dates"]["mode"], "breakpoints");
    let evaluated: Vec<&str> = t["dates"]["evaluated"].as_array().unwrap().iter().filter_map(Json::as_str).collect();
    // The baseline is an evaluation date: a treaty parameter of type date.
    assert!(evaluated.contains(&"1997-05-27"), "{evaluated:?}");
    assert!(evaluated.windows(2).all(|w| w[0] < w[1]), "dates ascend");
    assert!(t["rows"].as_array().unwrap().iter().all(|r| r["clause"] == "nato_russia_2021/4.1"));
}

#[test]
fn timeline_shows_an_obligation_becoming_overdue() {
    let o = pacta(&DUE);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    insta::assert_snapshot!("timeline_require_due", stdout(&o));
    let t = json(&pacta(&[&DUE[..], &["--format", "json"]].concat()));
    // The deadline is entry into force + 30 days; the day itself is in time.
    // Before it, the obligation is pending (not met, not yet due).
    assert_eq!(intervals(&t, "t/2.1", "POL,USA"), ["pending 1949-04-03 → 2022-02-01", "violation 2022-02-01 → …"]);
    let row = &t["rows"].as_array().unwrap().iter().find(|r| r["subject"] == "POL,USA").unwrap();
    assert_eq!(row["intervals"][0]["due"], "2022-01-31");
    assert_eq!(row["intervals"][1]["due"], Json::Null);
    assert_eq!(row["intervals"][1]["overdue_since"], "2022-01-31");
}

#[test]
fn timeline_on_a_grid_and_filtered_by_subject() {
    let grid = ["--from", "2022-01-01", "--to", "2022-04-01", "--step", "1month", "--subject", "POL,USA"];
    let o = pacta(&[&DUE[..], &grid[..]].concat());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    insta::assert_snapshot!("timeline_require_due_grid", stdout(&o));
    // A window without a step keeps the breakpoints inside it, and starts at
    // --from; the deadline the rule computes (`entry_into_force + 30 days`: 2022-01-31)
    // is one of them.
    let t = json(&pacta(&[&DUE[..], &["--from", "2022-01-01", "--to", "2022-03-01", "--format", "json"]].concat()));
    let evaluated: Vec<&str> = t["dates"]["evaluated"].as_array().unwrap().iter().filter_map(Json::as_str).collect();
    assert_eq!(evaluated, ["2022-01-01", "2022-01-10", "2022-01-31", "2022-02-01", "2022-02-20", "2022-03-01"]);
}

#[test]
fn diff_of_the_two_article_4_readings_on_the_examples() {
    let o = pacta(&READINGS);
    assert_eq!(code(&o), 1, "differences exit with 1: {}", stderr(&o));
    insta::assert_snapshot!("diff_article_4_readings", stdout(&o));
    let o = pacta(&[&READINGS[..], &["--format", "markdown"]].concat());
    assert_eq!(code(&o), 1);
    insta::assert_snapshot!("diff_article_4_readings_markdown", stdout(&o));
    let d = json(&pacta(&[&READINGS[..], &["--format", "json"]].concat()));
    assert_eq!(d["schema"], "pacta/diff/v1");
    assert_eq!(d["same"], false);
    assert_eq!(d["b"]["params"][0]["name"], "article_4_reading");
    let diffs: Vec<&Json> =
        d["scenarios"].as_array().unwrap().iter().flat_map(|s| s["differences"].as_array().unwrap()).collect();
    assert!(!diffs.is_empty());
    for x in &diffs {
        assert_eq!(x["clause"], "nato_russia_2021/4.1", "{x}");
        // The narrow reading only ever takes a finding away.
        assert!(matches!(x["a"].as_str(), Some("violation" | "indeterminate")), "{x}");
        assert_eq!(x["b"].as_str(), Some("holds"), "{x}");
        // The traced evaluations on both sides name the reading as the cause.
        let why = x["decided_by"].as_str().unwrap_or_default();
        assert!(why.starts_with("`protected_by_article_4(d.host)` is true in A, false in B"), "{x}");
        assert!(why.contains("because `article_4_reading == Article4Reading::broad` is true in A, false in B"), "{x}");
    }
    assert_eq!(d["summary"]["differences"].as_u64(), Some(diffs.len() as u64));
}

#[test]
fn diff_exits_0_when_nothing_differs() {
    let o = pacta(&["diff", "rules", "rules", "examples/baltic-2022.yaml", "--db", "article_4_reading=narrow"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("0 differences in 0 of 1 scenario compared"), "{}", stdout(&o));
    // --da and --db are symmetric: swapping the sides swaps the verdicts.
    let o = pacta(&[
        "diff",
        "rules",
        "rules",
        "examples/allied-reinforcements-2022.yaml",
        "--da",
        "article_4_reading=narrow",
    ]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("holds → violation: 2"), "{}", stdout(&o));
}

#[test]
fn diff_reports_clauses_only_in_one_rule_set() {
    // Two rule files sharing clause t/1.1; B adds four clauses.
    let o = pacta(&[
        "diff",
        "tests/eval/forbid_unless/rules.pacta",
        "tests/eval/three_valued/rules.pacta",
        "tests/eval/forbid_unless/scenario.yaml",
    ]);
    insta::assert_snapshot!("diff_two_rule_files", format!("exit {}\n{}{}", code(&o), stdout(&o), stderr(&o)));
}

#[test]
fn output_is_the_same_for_any_number_of_threads() {
    for args in
        [[&CRIMEA[..], &["--format", "json"]].concat(), DUE.to_vec(), [&FEW[..], &["--format", "json"]].concat()]
    {
        let one = pacta(&[&args[..], &["-j", "1"]].concat());
        let two = pacta(&[&args[..], &["-j", "2"]].concat());
        let again = pacta(&[&args[..], &["-j", "2"]].concat());
        assert_eq!(one.stdout, two.stdout, "{args:?}");
        assert_eq!(two.stdout, again.stdout, "{args:?}");
        assert_eq!(code(&one), code(&two));
    }
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    let cases: [(&[&str], &str); 13] = [
        (&[&DUE[..], &["--step", "1month"]].concat(), "--step needs both --from and --to"),
        (
            &[&DUE[..], &["--from", "2022-01-01", "--to", "2022-02-01", "--step", "0days"]].concat(),
            "--step must be at least",
        ),
        (
            &[&DUE[..], &["--from", "2022-01-01", "--to", "2022-02-01", "--step", "3 fortnights"]].concat(),
            "is not a number of days",
        ),
        (
            &[&DUE[..], &["--from", "2022-03-01", "--to", "2022-02-01"]].concat(),
            "--from 2022-03-01 is after --to 2022-02-01",
        ),
        (&[&DUE[..], &["--from", "2022-02-30"]].concat(), "--from:"),
        (
            &[&DUE[..], &["--from", "1000-01-01", "--to", "2000-01-01", "--step", "1day"]].concat(),
            "more than 10000 dates",
        ),
        (&[&DUE[..], &["--clause", "2.2"]].concat(), "--clause: no clause `2.2`"),
        (&[&DUE[..], &["-D", "entry_into_force=soon"]].concat(), "entry_into_force"),
        (&["timeline", "rules", "no/such.yaml"], "no/such.yaml"),
        (&[&READINGS[..], &["--db", "article_4_reading=wide"]].concat(), "article_4_reading"),
        (
            &["diff", "rules", "rules", "examples/baltic-2022.yaml", "--da", "article_4_readin=narrow"],
            "article_4_reading",
        ),
        (&["diff", "rules", "rules", "examples/nothing*.yaml"], "no file matches"),
        // Scenarios that cannot be read are reported; the run is invalid input.
        (
            &[
                "diff",
                "tests/eval/forbid_unless/rules.pacta",
                "tests/eval/forbid_unless/rules.pacta",
                "tests/scenario/errors",
            ],
            "error[pacta::",
        ),
    ];
    for (args, message) in cases {
        let o = pacta(args);
        assert_eq!(code(&o), 2, "{args:?}: {}{}", stdout(&o), stderr(&o));
        assert!(stderr(&o).contains(message), "{args:?}: wanted `{message}` in\n{}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}");
    }
}
