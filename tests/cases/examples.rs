//! The shipped library is a test: every rule file under `rules/` checks
//! without errors or warnings, and every scenario under `examples/` meets
//! the expectations written in it, on the paths its `# paths:` header
//! names (default both, with identical findings). One test per scenario
//! (`examples::NAME`, `examples::STUDY::NAME`), and one that every clause
//! of the library fires in some example.

use std::path::PathBuf;

use libtest_mimic::Trial;
use pacta::span::Sources;

use crate::{common, plain, trial};

pub fn trials() -> Vec<Trial> {
    let dir = common::root().join("examples");
    let mut out: Vec<Trial> = examples()
        .into_iter()
        .map(|path| {
            trial(crate::case_name("examples", &dir, &path), move || {
                let run = common::run_case(&common::root().join("rules"), &path);
                if let Some(failure) = run.failure() {
                    panic!("{}:\n{failure}", path.display());
                }
            })
        })
        .collect();
    out.push(plain!("examples", rule_library_checks_cleanly));
    out.push(plain!("examples", every_clause_is_exercised_by_an_example));
    out
}

/// Scenarios lie in `examples/` and in a folder per larger study
/// (`examples/europe-2021/`); `data/` folders hold included facts only.
fn examples() -> Vec<PathBuf> {
    let dir = common::root().join("examples");
    let mut examples = common::files(&dir, "yaml");
    for study in std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())) {
        if study.is_dir() && !["data", "tools"].iter().any(|skip| study.ends_with(skip)) {
            examples.extend(common::files(&study, "yaml"));
        }
    }
    examples.sort();
    assert!(examples.iter().any(|p| p.ends_with("europe-2021/posture-2021.yaml")), "{examples:?}");
    examples
}

fn rule_library_checks_cleanly() {
    let mut sources = Sources::new();
    let checked =
        pacta::load_rules(&[common::root().join("rules")], &mut sources, &common::project()).unwrap_or_else(|e| {
            panic!("{}", common::render(&sources, &e.iter().map(pacta::report::Diagnostic::from).collect::<Vec<_>>()))
        });
    let warnings: Vec<_> =
        checked.warnings.into_iter().map(|w| pacta::report::Diagnostic::from(&pacta::Error::Check(w))).collect();
    assert!(warnings.is_empty(), "{}", common::render(&sources, &warnings));
    assert!(!checked.program.clauses.is_empty());
}

/// A shipped clause that no example makes fire is a gap in the library
/// (each example's own test checks its verdicts; this one only which
/// clauses fire, on the compiled path).
fn every_clause_is_exercised_by_an_example() {
    let mut exercised = std::collections::BTreeSet::new();
    let mut clauses = Vec::new();
    for path in examples() {
        let p = common::prepare(&common::root().join("rules"), &path);
        let (compiled, _) = p.judge(&common::Paths::Compiled("coverage only".into()), &Default::default());
        let evaluation = compiled.unwrap();
        clauses = p.planned.clauses.iter().map(|c| c.qualified_id.clone()).collect();
        exercised.extend(evaluation.findings.iter().map(|f| p.planned.clauses[f.clause].qualified_id.clone()));
    }
    let gaps: Vec<&String> = clauses.iter().filter(|c| !exercised.contains(*c)).collect();
    assert!(gaps.is_empty(), "clauses no example exercises: {gaps:?}");
}
