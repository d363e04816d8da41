//! Evaluation cases: each directory under `tests/eval/` holds `rules.pacta`
//! and `scenario.yaml`, whose `expect:` block states the verdicts. One test
//! per directory (`eval::NAME`): the case is judged on the paths its
//! `# paths:` header names (default both: the planned rules on the compiled
//! path, the plain loops on the interpreter alone, which must give
//! identical findings, locations included); every path that ran must meet
//! the expectations; the human report is snapshotted.

use libtest_mimic::Trial;

use crate::{common, plain, trial};

#[allow(dead_code, reason = "the bench and pacta-gen use more of the generator")]
#[path = "../../benches/generator.rs"]
mod generator;

pub fn trials() -> Vec<Trial> {
    let root = common::root().join("tests/eval");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 5, "cases missing");
    let mut out: Vec<Trial> = dirs
        .into_iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            trial(format!("eval::{name}"), move || {
                let run = common::run_case(&dir.join("rules.pacta"), &dir.join("scenario.yaml"));
                if let Some(failure) = run.failure() {
                    panic!("{}:\n{failure}", dir.display());
                }
                insta::assert_snapshot!(name, run.report());
            })
        })
        .collect();
    out.push(plain!("eval", the_compiled_path_judges_clause_4_1_without_the_interpreter));
    out.push(plain!("eval", the_compiled_path_hands_back_only_what_the_data_leaves_open));
    out
}

/// The compiled path judges clause 4.1 on its own: on a generated scenario
/// with complete data (the benchmark's generator, as `pacta-gen` writes
/// it), the interpreter never has to take a condition over. A change that
/// made the compiled path give up would keep every verdict right (the
/// interpreter takes over) and quietly lose the speed; this keeps that
/// visible.
fn the_compiled_path_judges_clause_4_1_without_the_interpreter() {
    let path = std::env::temp_dir().join(format!("pacta-generated-{}.yaml", std::process::id()));
    std::fs::write(&path, generator::generate(3000, 7)).unwrap();
    let run = common::evaluate_with(&common::root().join("rules"), &path, &pacta::eval::Options::default());
    // Read as complete, no clause of the library hands a condition back on
    // it (the types it has no facts of are then known to be empty).
    let mut p = common::prepare(&common::root().join("rules"), &path);
    p.scenario.complete = vec![true; p.scenario.complete.len()];
    let closed = pacta::eval::evaluate(&p.planned, &p.scenario, &p.sources, &pacta::eval::Options::default()).unwrap();
    for (clause, stats) in p.planned.clauses.iter().zip(&closed.stats) {
        assert!(left_open(stats), "{} hands back what it could decide: {stats:?}", clause.qualified_id);
    }
    std::fs::remove_file(&path).ok();
    let stats = run.stats("nato_russia_2021/4.1");
    assert!(
        stats.considered > 2_500 && stats.violations > 10 && stats.waived + stats.violations == stats.matched,
        "{stats:?}"
    );
    assert_eq!(stats.indeterminate, 0, "{stats:?}");
    assert_eq!(stats.interpreted, 0, "the interpreter judged conditions of clause 4.1: {stats:?}");
}

/// Whether every binding the compiled path handed to the interpreter ended
/// open (indeterminate, or pending before its deadline): what the data
/// leaves undecided, not what the compiled path could have decided.
fn left_open(stats: &pacta::eval::ClauseStats) -> bool {
    stats.interpreted <= stats.indeterminate + stats.pending
}

/// Clauses that read a value known to a range (`400..500`) in an example:
/// the compiled path holds single values and hands such bindings back, and
/// the interpreter decides those where the whole range agrees (a missile
/// of 400..500 km is within 300 km either way), so they need not end open.
const RANGES: [(&str, &str); 1] = [("kaliningrad-missiles-2022.yaml", "nato_russia_2021/5")];

/// Every shipped clause on every example scenario, read as complete
/// (`--closed-world`): the compiled path hands a condition to the
/// interpreter only where the scenario leaves the verdict open (an
/// estimate, an `unknown`), never on data it could decide itself. Read as
/// written instead, clause 2.3 hands back its `exists h: Hotline` for
/// every party of a scenario that records no hotline, rightly: the open
/// world makes it unknown.
fn the_compiled_path_hands_back_only_what_the_data_leaves_open() {
    let root = common::root();
    let examples = common::examples();
    let mut failures = Vec::new();
    let mut handed_back = 0;
    for example in &examples {
        let mut p = common::prepare(&root.join("rules"), example);
        p.scenario.complete = vec![true; p.scenario.complete.len()];
        let options = pacta::eval::Options::default();
        let evaluation = pacta::eval::evaluate(&p.planned, &p.scenario, &p.sources, &options).unwrap();
        for (clause, stats) in p.planned.clauses.iter().zip(&evaluation.stats) {
            handed_back += stats.interpreted;
            let name = example.file_name().unwrap().to_string_lossy();
            let ranges = RANGES.contains(&(&*name, clause.qualified_id.as_str()));
            if !left_open(stats) && !ranges {
                failures.push(format!("{name}: {} handed back {stats:?}", clause.qualified_id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The examples do hold estimates the compiled path cannot decide.
    assert!(handed_back > 0, "no example exercises a hand-back");
}
