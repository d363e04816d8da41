//! Shared by the targets: paths of the bundled library and fixtures, and
//! rendering of errors and reports (the CLI renders both, so bad input must
//! survive rendering too).

#![allow(dead_code)]

use std::path::{Component, Path, PathBuf};

use pacta::plan::Program;
use pacta::report::{self, Diagnostic, RunReport, ScenarioResult};
use pacta::span::Sources;

/// `/…/pacta/rules`.
pub fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules")
}

/// `/…/pacta/fuzz/fixtures`: a cut-down copy of the reference data that
/// scenarios include (see make_seeds.py).
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// What fuzzed files may import and include: the repository.
pub fn project() -> pacta::input::Access {
    pacta::input::Access::within([Path::new(env!("CARGO_MANIFEST_DIR")).join("..").as_path()])
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
    let run = RunReport { program, rules, diagnostics: Vec::new(), scenarios: vec![result] };
    let _ = report::human::run(&run, false, false);
    let _ = report::json::run(&run).to_string();
    let _ = report::sarif::run(&run).to_string();
    let _ = run.summary();
}
