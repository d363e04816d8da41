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
    std::fs::remove_file(&path).ok();
    let stats = run.stats("nato_russia_2021/4.1");
    assert!(
        stats.considered > 2_500 && stats.violations > 10 && stats.waived + stats.violations == stats.matched,
        "{stats:?}"
    );
    assert_eq!(stats.indeterminate, 0, "{stats:?}");
    assert_eq!(stats.interpreted, 0, "the interpreter judged conditions of clause 4.1: {stats:?}");
}
