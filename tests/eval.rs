//! Evaluation cases: each directory under `tests/eval/` holds `rules.pacta`
//! and `scenario.yaml`, whose `expect:` block states the verdicts. The
//! runner checks them, checks that the planned evaluation (indexes, memo
//! tables) gives exactly the findings of plain loops, and snapshots the
//! human report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[allow(dead_code, reason = "the bench and pacta-gen use more of the generator")]
#[path = "../benches/generator.rs"]
mod generator;

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

/// The compiled path judges clause 4.1 on its own: on a generated scenario
/// with complete data (the benchmark's generator, as `pacta-gen` writes
/// it), the interpreter never has to take a condition over. A change that
/// made the compiled path give up would keep every verdict right (the
/// interpreter takes over) and quietly lose the speed; this keeps that
/// visible.
#[test]
fn the_compiled_path_judges_clause_4_1_without_the_interpreter() {
    let path = std::env::temp_dir().join(format!("pacta-generated-{}.yaml", std::process::id()));
    std::fs::write(&path, generator::generate(3000, 7)).unwrap();
    let run = common::evaluate_with(&common::root().join("rules"), &path, &pacta::eval::Options::default());
    std::fs::remove_file(&path).ok();
    let stats = run.stats("nato_russia_2021/4.1");
    assert!(
        stats.considered > 2_500 && stats.violations > 10 && stats.waived + stats.violations == stats.matched,
        "{stats:?}"
    );
    assert_eq!(stats.indeterminate, 0, "{stats:?}");
    assert_eq!(stats.interpreted, 0, "the interpreter judged conditions of clause 4.1: {stats:?}");
}
