//! Helpers shared by the data-driven test runners.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use pacta::report::{Diagnostic, human::Human};
use pacta::span::Sources;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What the tests may read: the repository.
pub fn project() -> pacta::input::Access {
    pacta::input::Access::within([root().as_path()])
}

/// Runs the `pacta` binary in the repository root, with `NO_COLOR` unset so
/// that each test decides the colour rules it checks.
pub fn pacta(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pacta"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// A process's exit code (-1 when it was killed by a signal).
pub fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// `(code, line, col)` expectations written in a case file's header as
/// `// expect: pacta::code at LINE:COL` (or `# expect:` in YAML).
pub fn expected_errors(text: &str) -> Vec<(String, usize, usize)> {
    text.lines()
        .filter_map(|l| l.trim_start_matches(['/', '#', ' ']).strip_prefix("expect:"))
        .filter_map(|rest| {
            let (code, pos) = rest.trim().split_once(" at ")?;
            let (line, col) = pos.trim().split_once(':')?;
            Some((code.trim().to_string(), line.parse().ok()?, col.parse().ok()?))
        })
        .collect()
}

/// The `(code, line, col)` of each diagnostic's primary label.
pub fn actual_errors(sources: &Sources, diags: &[Diagnostic]) -> Vec<(String, usize, usize)> {
    diags
        .iter()
        .map(|d| {
            let (line, col) = d
                .span()
                .and_then(|s| sources.get(s.file).map(|f| f.line_col(s.start as usize)))
                .map_or((0, 0), |lc| (lc.line, lc.col));
            (d.code.clone(), line, col)
        })
        .collect()
}

/// Diagnostics rendered without colour, with the repository path removed.
pub fn render(sources: &Sources, diags: &[Diagnostic]) -> String {
    let h = Human { sources, color: false };
    let text: String = diags.iter().map(|d| h.diagnostic(d)).collect();
    filter_paths(&text)
}

pub fn filter_paths(text: &str) -> String {
    let root = root().display().to_string();
    text.replace(&format!("{root}/"), "").replace(&root, ".")
}

/// Files under `dir` with extension `ext`, sorted.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == ext)).collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The snapshot name for a case file: its path relative to `tests/`.
pub fn case_name(path: &Path) -> String {
    let rel = path.strip_prefix(root().join("tests")).unwrap_or(path);
    rel.with_extension("").display().to_string().replace('/', "__")
}

/// Rules loaded and checked twice (planned and as plain loops), a scenario
/// loaded against them, and both evaluations: the planned rules with the
/// compiled path, the plain loops with the interpreter alone.
pub struct Run {
    pub sources: Sources,
    pub program: pacta::plan::Program,
    pub planned: pacta::eval::Evaluation,
    pub unplanned: pacta::eval::Evaluation,
    pub scenario: pacta::scenario::Scenario,
}

/// Rules checked twice (planned and unplanned) and a scenario loaded
/// against them, all in one set of sources.
struct Prepared {
    sources: Sources,
    planned: pacta::plan::Program,
    unplanned: pacta::plan::Program,
    scenario: pacta::scenario::Scenario,
}

fn prepare(rules: &Path, scenario: &Path) -> Prepared {
    let mut sources = Sources::new();
    let set = pacta::rules::load(&[rules.to_path_buf()], &mut sources, &project())
        .unwrap_or_else(|e| panic!("{}: {e:?}", rules.display()));
    let planned = pacta::check::check(&set, &sources).unwrap_or_else(|e| panic!("{}: {e:?}", rules.display()));
    let unplanned = pacta::check::check_unplanned(&set, &sources).unwrap();
    let loaded = pacta::scenario::load(scenario, &planned.program.schema, &mut sources, &project())
        .unwrap_or_else(|e| panic!("{}: {e:#?}", scenario.display()));
    Prepared { sources, planned: planned.program, unplanned: unplanned.program, scenario: loaded }
}

/// The reference evaluation: the unplanned rules (plain loops) judged by
/// the interpreter alone, without the compiled path. The planned rules,
/// judged with it, must give exactly the same findings.
fn reference(opts: &pacta::eval::Options) -> pacta::eval::Options {
    pacta::eval::Options { interpreter_only: true, ..opts.clone() }
}

pub fn run_case(rules: &Path, scenario: &Path) -> Run {
    let p = prepare(rules, scenario);
    let opts = pacta::eval::Options::default();
    // A scenario whose expectations are of a period is judged over it.
    let judge = |program: &pacta::plan::Program, opts: &pacta::eval::Options| match p
        .scenario
        .expect
        .as_ref()
        .and_then(|x| x.period)
    {
        Some(window) => pacta::period::evaluate(program, &p.scenario, &p.sources, opts, window).unwrap(),
        None => pacta::eval::evaluate(program, &p.scenario, &p.sources, opts).unwrap(),
    };
    let a = judge(&p.planned, &opts);
    let b = judge(&p.unplanned, &reference(&opts));
    Run { sources: p.sources, program: p.planned, planned: a, unplanned: b, scenario: p.scenario }
}

impl Run {
    /// Mismatches against the scenario's `expect:` block, as text.
    pub fn mismatches(&self) -> Vec<String> {
        let Some(expect) = &self.scenario.expect else {
            return vec!["no `expect:` block".into()];
        };
        pacta::eval::verify(&self.program, &self.planned, expect)
            .iter()
            .map(|m| format!("{}: {m}", self.sources.locate(m.span)))
            .collect()
    }

    /// The human report, without colour and with paths filtered.
    pub fn report(&self) -> String {
        let result = pacta::report::ScenarioResult {
            name: String::new(),
            sources: self.sources.clone(),
            file: Some(self.scenario.file),
            expect: self.scenario.expect.clone(),
            evaluation: Some(self.planned.clone()),
            diagnostics: Vec::new(),
        };
        let run = pacta::report::RunReport {
            program: &self.program,
            rules: &self.sources,
            diagnostics: Vec::new(),
            scenarios: vec![result],
            fail_on: Default::default(),
        };
        filter_paths(&pacta::report::human::run(&run, false, false).0)
    }
}

/// A scenario evaluated once with explicit options (a reading, another
/// date), by the planned rules; the plain-loop rules must agree.
pub struct Evaluated {
    pub program: pacta::plan::Program,
    pub evaluation: pacta::eval::Evaluation,
}

pub fn evaluate_with(rules: &Path, scenario: &Path, opts: &pacta::eval::Options) -> Evaluated {
    let p = prepare(rules, scenario);
    let evaluation = pacta::eval::evaluate(&p.planned, &p.scenario, &p.sources, opts)
        .unwrap_or_else(|e| panic!("{}: {e:?}", scenario.display()));
    let plain = pacta::eval::evaluate(&p.unplanned, &p.scenario, &p.sources, &reference(opts)).unwrap();
    assert_eq!(
        evaluation.findings,
        plain.findings,
        "{}: the planner or the compiled path changed verdicts",
        scenario.display()
    );
    Evaluated { program: p.planned, evaluation }
}

impl Evaluated {
    /// Every finding as `(verdict, clause, subject)`, e.g.
    /// `("violation", "nato_russia_2021/4.1", "usa-nor-mrfe")`.
    pub fn findings(&self) -> std::collections::BTreeSet<(String, String, String)> {
        self.evaluation
            .findings
            .iter()
            .map(|f| {
                (f.verdict.name().to_string(), self.program.clauses[f.clause].qualified_id.clone(), f.subject_key())
            })
            .collect()
    }

    /// The finding of `clause` for `subject`.
    pub fn finding(&self, clause: &str, subject: &str) -> Option<&pacta::eval::Finding> {
        self.evaluation
            .findings
            .iter()
            .find(|f| self.program.clauses[f.clause].qualified_id == clause && f.subject_key() == subject)
    }

    /// The counts of `clause`.
    pub fn stats(&self, clause: &str) -> pacta::eval::ClauseStats {
        let i = self
            .program
            .clauses
            .iter()
            .position(|c| c.qualified_id == clause)
            .unwrap_or_else(|| panic!("no clause {clause}"));
        self.evaluation.stats[i]
    }
}

/// Runs every case file in `dir` (extension `ext`) through `produce` and
/// checks its diagnostics against the file's `expect:` header; all
/// mismatches are reported together. Returns (snapshot name, rendered
/// report) per case, for the calling test to snapshot (insta names
/// snapshots after the file that asserts them).
pub fn check_error_cases(
    dir: &str,
    ext: &str,
    produce: impl Fn(&Path, &str) -> (Sources, Vec<Diagnostic>),
) -> Vec<(String, String)> {
    let cases = files(&root().join(dir), ext);
    assert!(!cases.is_empty(), "no cases found in {dir}");
    let mut mismatches = Vec::new();
    let mut reports = Vec::new();
    for path in cases {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = expected_errors(&text);
        assert!(!expected.is_empty(), "{}: no `expect:` header", path.display());
        let (sources, diags) = produce(&path, &text);
        let actual = actual_errors(&sources, &diags);
        if actual != expected {
            mismatches.push(format!("{}\n  expected {expected:?}\n  actual   {actual:?}", path.display()));
            continue;
        }
        reports.push((case_name(&path), render(&sources, &diags)));
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    reports
}
