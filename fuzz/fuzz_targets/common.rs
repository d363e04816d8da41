//! Shared by the harnesses: paths of the bundled library and fixtures,
//! rendering of errors and reports (the CLI renders both, so bad input must
//! survive rendering too), and the planned = unplanned comparison.
//!
//! Compiled into the fuzz crate (`fuzz/`) and into the main crate's test
//! `tests/fuzz_regressions.rs`: it must not depend on libfuzzer, and finds
//! the repository from either crate's manifest directory.

#![allow(dead_code)]

use std::path::{Component, Path, PathBuf};

use pacta::eval;
use pacta::plan::Program;
use pacta::report::{self, Diagnostic, RunReport, ScenarioResult};
use pacta::rules::RuleSet;
use pacta::span::Sources;

/// The repository root: the parent of the fuzz crate, or the main crate
/// itself when the harnesses are compiled into its tests.
pub fn root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    match dir.parent() {
        Some(parent) if dir.join("fuzz_targets").is_dir() => parent.to_path_buf(),
        _ => dir.to_path_buf(),
    }
}

/// `/…/pacta/rules`.
pub fn rules_dir() -> PathBuf {
    root().join("rules")
}

/// `/…/pacta/fuzz/fixtures`: a cut-down copy of the reference data that
/// scenarios include (see make_seeds.py).
pub fn fixtures_dir() -> PathBuf {
    root().join("fuzz/fixtures")
}

/// What fuzzed files may import and include: the repository.
pub fn project() -> pacta::input::Access {
    pacta::input::Access::within([root().as_path()])
}

/// `a/./b/../c` → `a/c`, textually (as pacta's loaders do).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Renders errors as `pacta` does when a run stops before evaluation.
pub fn render_errors(sources: &Sources, mut diags: Vec<Diagnostic>) {
    report::sort(&mut diags);
    let human = report::human::Human { sources, color: false };
    for d in &diags {
        let _ = human.diagnostic(d);
    }
    let _ = report::json::errors(sources, &diags).to_string();
}

/// Renders one scenario's result in the human, JSON and SARIF formats.
pub fn render_run(program: &Program, rules: &Sources, result: ScenarioResult) {
    let run =
        RunReport { program, rules, diagnostics: Vec::new(), scenarios: vec![result], fail_on: Default::default() };
    let _ = report::human::run(&run, false, false);
    let _ = report::json::run(&run).to_string();
    let _ = report::sarif::run(&run, std::path::Path::new(".")).to_string();
    let _ = run.summary();
}

/// Checks the rule file `rules` planned (`check::check`) and unplanned
/// (`check::check_unplanned`); if both check, evaluates the fixed scenario
/// `scenario` with each, the planned program with the compiled path and the
/// unplanned one with the interpreter alone, and asserts that the findings
/// (verdicts, subjects, messages) are the same; then renders the run.
/// `max_steps` is [`eval::Options::max_steps`] for both evaluations.
pub fn planned_vs_unplanned(rules: &str, scenario: &str, max_steps: Option<u64>) {
    let mut sources = Sources::new();
    let file = sources.add(PathBuf::from("fuzz.pacta"), rules.to_owned());
    let Ok(module) = pacta::syntax::parse(file, rules) else { return };
    let set = RuleSet { modules: vec![module], imports: vec![Vec::new()], named: [0].into() };
    let (planned, unplanned) =
        match (pacta::check::check(&set, &sources), pacta::check::check_unplanned(&set, &sources)) {
            (Ok(p), Ok(u)) => (p.program, u.program),
            (Err(errors), _) | (_, Err(errors)) => {
                let diags = errors.into_iter().map(|e| Diagnostic::from(&pacta::Error::Check(e))).collect();
                return render_errors(&sources, diags);
            }
        };
    let rule_sources = sources.clone();
    let path = PathBuf::from("scenario.yaml");
    let scenario =
        pacta::scenario::load_str(path.clone(), scenario.to_owned(), &planned.schema, &mut sources, &project())
            .expect("the fixed scenario loads");
    let options = eval::Options { max_steps, ..eval::Options::default() };
    let reference = eval::Options { max_steps, interpreter_only: true, ..eval::Options::default() };
    let (Ok(a), Ok(b)) = (
        eval::evaluate(&planned, &scenario, &sources, &options),
        eval::evaluate(&unplanned, &scenario, &sources, &reference),
    ) else {
        return;
    };
    assert_eq!(a.findings, b.findings, "the planner or the compiled path changed the findings");
    let file = sources.find(&path);
    let result = ScenarioResult {
        name: "scenario.yaml".into(),
        sources,
        file,
        expect: None,
        evaluation: Some(a),
        diagnostics: Vec::new(),
    };
    render_run(&planned, &rule_sources, result);
}
