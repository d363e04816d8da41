//! Evaluation cases: each directory under `tests/eval/` holds `rules.pacta`
//! and `scenario.yaml`, whose `expect:` block states the verdicts. The
//! runner checks them, checks that the planned evaluation (indexes, memo
//! tables) gives exactly the findings of plain loops, and snapshots the
//! human report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

#[test]
fn every_case_meets_its_expectations() {
    let root = common::root().join("tests/eval");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 5, "cases missing");
    let mut failures = Vec::new();
    for dir in dirs {
        let run = common::run_case(&dir.join("rules.pacta"), &dir.join("scenario.yaml"));
        assert_eq!(
            run.planned.findings,
            run.unplanned.findings,
            "{}: the planner or the compiled path changed verdicts",
            dir.display()
        );
        let mismatches = run.mismatches();
        if !mismatches.is_empty() {
            failures.push(format!("{}:\n  {}\n{}", dir.display(), mismatches.join("\n  "), run.report()));
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("eval__{name}"), run.report());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
