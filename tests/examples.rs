//! The shipped library is a test: every rule file under `rules/` checks
//! without errors or warnings, and every scenario under `examples/` meets
//! the expectations written in it, with and without the planner.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use pacta::span::Sources;

#[test]
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

#[test]
fn every_example_meets_its_expectations_and_every_clause_is_exercised() {
    // Scenarios lie in `examples/` and in a folder per larger study
    // (`examples/europe-2021/`); `data/` folders hold included facts only.
    let dir = common::root().join("examples");
    let mut examples = common::files(&dir, "yaml");
    for study in std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())) {
        if study.is_dir() && !["data", "tools"].iter().any(|skip| study.ends_with(skip)) {
            examples.extend(common::files(&study, "yaml"));
        }
    }
    examples.sort();
    assert!(examples.iter().any(|p| p.ends_with("europe-2021/posture-2021.yaml")), "{examples:?}");
    assert!(!examples.is_empty(), "no examples");
    let mut failures = Vec::new();
    let mut exercised = std::collections::BTreeSet::new();
    let mut clauses = Vec::new();
    for path in examples {
        let run = common::run_case(&common::root().join("rules"), &path);
        clauses = run.program.clauses.iter().map(|c| c.qualified_id.clone()).collect();
        exercised.extend(run.planned.findings.iter().map(|f| run.program.clauses[f.clause].qualified_id.clone()));
        assert_eq!(
            run.planned.findings,
            run.unplanned.findings,
            "{}: the planner or the compiled path changed verdicts",
            path.display()
        );
        let mismatches = run.mismatches();
        if !mismatches.is_empty() {
            failures.push(format!("{}:\n  {}\n{}", path.display(), mismatches.join("\n  "), run.report()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A shipped clause that no example makes fire is a gap in the library.
    let gaps: Vec<&String> = clauses.iter().filter(|c| !exercised.contains(*c)).collect();
    assert!(gaps.is_empty(), "clauses no example exercises: {gaps:?}");
}
