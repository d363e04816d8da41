//! Helpers shared by the data-driven test runners.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod fixtures;
pub mod json_schema;

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

/// A tree's structure without its locations: its `Debug` text with every
/// `Span { … }` replaced by `_` (spans compare by place, as they must for
/// findings; two layouts of one tree differ only there).
pub fn shape(tree: &impl std::fmt::Debug) -> String {
    let text = format!("{tree:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("Span { file: ") {
        out.push_str(&rest[..at]);
        out.push('_');
        let after = &rest[at..];
        rest = after.find(" }").map_or("", |end| &after[end + 2..]);
    }
    out.push_str(rest);
    out
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

/// Which evaluation paths a case runs on, from its `# paths:` header line
/// (default: both). A case may run on one path only with a reason:
///
/// ```yaml
/// # paths: both
/// # paths: interpreter: the compiled path has no kernel for X yet
/// # paths: compiled: the interpreter's budget is too small for this size
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paths {
    /// The compiled path (planned rules) and the interpreter (plain loops,
    /// `interpreter_only`), which must give identical findings.
    Both,
    /// Only the interpreter, for the reason given.
    Interpreter(String),
    /// Only the compiled path, for the reason given.
    Compiled(String),
}

impl Paths {
    /// The `# paths:` header of a case file's text; an error for an unknown
    /// path, a single path without a reason, or more than one such line.
    pub fn of(text: &str) -> Result<Paths, String> {
        let lines: Vec<&str> = text.lines().filter_map(|l| l.trim_start().strip_prefix("# paths:")).collect();
        let line = match lines[..] {
            [] => return Ok(Paths::Both),
            [one] => one.trim(),
            _ => return Err(format!("{} `# paths:` lines; one at most", lines.len())),
        };
        let (path, reason) = line.split_once(':').map_or((line, ""), |(p, r)| (p.trim(), r.trim()));
        match (path, reason) {
            ("both", _) => Ok(Paths::Both),
            ("interpreter" | "compiled", "") => {
                Err(format!("`# paths: {path}` without a reason: write `# paths: {path}: WHY`"))
            }
            ("interpreter", why) => Ok(Paths::Interpreter(why.to_string())),
            ("compiled", why) => Ok(Paths::Compiled(why.to_string())),
            (other, _) => Err(format!("`# paths: {other}`: the paths are `both`, `interpreter` and `compiled`")),
        }
    }

    pub fn compiled(&self) -> bool {
        !matches!(self, Paths::Interpreter(_))
    }

    pub fn interpreter(&self) -> bool {
        !matches!(self, Paths::Compiled(_))
    }
}

/// Rules loaded and checked twice (planned and as plain loops), a scenario
/// loaded against them, and the evaluations its `# paths:` header asks
/// for: the planned rules with the compiled path, the plain loops with the
/// interpreter alone.
pub struct Run {
    pub sources: Sources,
    pub program: pacta::plan::Program,
    pub paths: Paths,
    /// The planned rules judged with the compiled path.
    pub compiled: Option<pacta::eval::Evaluation>,
    /// The plain loops judged by the interpreter alone.
    pub interpreted: Option<pacta::eval::Evaluation>,
    pub scenario: pacta::scenario::Scenario,
}

/// Rules checked twice (planned and unplanned) and a scenario loaded
/// against them, all in one set of sources.
pub struct Prepared {
    pub sources: Sources,
    pub planned: pacta::plan::Program,
    pub unplanned: pacta::plan::Program,
    pub scenario: pacta::scenario::Scenario,
}

pub fn prepare(rules: &Path, scenario: &Path) -> Prepared {
    let mut sources = Sources::new();
    let set = pacta::rules::load(&[rules.to_path_buf()], &mut sources, &project())
        .unwrap_or_else(|e| panic!("{}: {e:?}", rules.display()));
    let planned = pacta::check::check(&set, &sources).unwrap_or_else(|e| panic!("{}: {e:?}", rules.display()));
    let unplanned = pacta::check::check_unplanned(&set, &sources).unwrap();
    let loaded = pacta::scenario::load(scenario, &planned.program.schema, &mut sources, &project())
        .unwrap_or_else(|e| panic!("{}: {e:#?}", scenario.display()));
    Prepared { sources, planned: planned.program, unplanned: unplanned.program, scenario: loaded }
}

/// Rules and a scenario from text (generated fixtures), prepared as
/// [`prepare`] does with files.
pub fn prepare_str(rules: &str, scenario: &str) -> Prepared {
    let mut sources = Sources::new();
    let access = project();
    let set = pacta::rules::load_str(PathBuf::from("generated.pacta"), rules.to_string(), &mut sources, &access)
        .unwrap_or_else(|e| panic!("generated rules: {e:?}\n{rules}"));
    let planned = pacta::check::check(&set, &sources).unwrap_or_else(|e| panic!("generated rules: {e:?}\n{rules}"));
    let unplanned = pacta::check::check_unplanned(&set, &sources).unwrap();
    let loaded = pacta::scenario::load_str(
        PathBuf::from("generated.yaml"),
        scenario.to_string(),
        &planned.program.schema,
        &mut sources,
        &access,
    )
    .unwrap_or_else(|e| panic!("generated scenario: {e:#?}"));
    Prepared { sources, planned: planned.program, unplanned: unplanned.program, scenario: loaded }
}

/// The reference evaluation: the unplanned rules (plain loops) judged by
/// the interpreter alone, without the compiled path. The planned rules,
/// judged with it, must give exactly the same findings.
pub fn reference(opts: &pacta::eval::Options) -> pacta::eval::Options {
    pacta::eval::Options { interpreter_only: true, ..opts.clone() }
}

impl Prepared {
    /// The planned rules with the compiled path, and the plain loops with
    /// the interpreter alone, as `paths` asks; over the period of the
    /// scenario's expectations, if they are of one.
    pub fn judge(
        &self,
        paths: &Paths,
        opts: &pacta::eval::Options,
    ) -> (Option<pacta::eval::Evaluation>, Option<pacta::eval::Evaluation>) {
        let judge = |program: &pacta::plan::Program, opts: &pacta::eval::Options| match self
            .scenario
            .expect
            .as_ref()
            .and_then(|x| x.period)
        {
            Some(window) => pacta::period::evaluate(program, &self.scenario, &self.sources, opts, window).unwrap(),
            None => pacta::eval::evaluate(program, &self.scenario, &self.sources, opts).unwrap(),
        };
        let compiled = paths.compiled().then(|| judge(&self.planned, opts));
        let interpreted = paths.interpreter().then(|| judge(&self.unplanned, &reference(opts)));
        (compiled, interpreted)
    }
}

/// Where two evaluations' findings (or pending obligations) first differ,
/// each finding shown with its verdict, clause, subjects and every
/// location it carries; `None` when they are identical.
pub fn disagreement(
    sources: &Sources,
    program: &pacta::plan::Program,
    compiled: &pacta::eval::Evaluation,
    interpreted: &pacta::eval::Evaluation,
) -> Option<String> {
    if compiled.findings == interpreted.findings && compiled.pending == interpreted.pending {
        return None;
    }
    let locate = |span| filter_paths(&sources.locate(span));
    let show = |f: Option<&pacta::eval::Finding>| -> String {
        let Some(f) = f else { return "(none)".into() };
        let subjects: Vec<String> =
            f.subjects.iter().map(|s| format!("{}/{} at {}", s.entity, s.id, locate(s.span))).collect();
        let at = match &f.verdict {
            pacta::eval::Verdict::Indeterminate { at, fact, .. } => format!(
                ", unknown at {}{}",
                locate(*at),
                fact.map(|s| format!(", fact at {}", locate(s))).unwrap_or_default()
            ),
            pacta::eval::Verdict::Waived { exception, by, .. } => format!(
                ", exception at {}{}",
                locate(*exception),
                by.as_ref().map(|b| format!(", by {} at {}", b.id, locate(b.span))).unwrap_or_default()
            ),
            _ => String::new(),
        };
        format!(
            "{} {} on [{}]{at}: {:?}",
            program.clauses[f.clause].qualified_id,
            f.verdict.name(),
            subjects.join(", "),
            f.message
        )
    };
    let (a, b) = (&compiled.findings, &interpreted.findings);
    let mut out = format!("the compiled path gave {} findings, the interpreter {}\n", a.len(), b.len());
    let mut shown = 0;
    for i in 0..a.len().max(b.len()) {
        if a.get(i) != b.get(i) && shown < 5 {
            shown += 1;
            out.push_str(&format!(
                "finding #{i}:\n  compiled:    {}\n  interpreter: {}\n",
                show(a.get(i)),
                show(b.get(i))
            ));
            if let (Some(x), Some(y)) = (a.get(i), b.get(i)) {
                if show(Some(x)) == show(Some(y)) {
                    out.push_str(&format!("  (they differ beyond that:\n   {x:?}\n   {y:?})\n"));
                }
            }
        }
    }
    if compiled.pending != interpreted.pending {
        out.push_str(&format!(
            "pending obligations differ: {} compiled, {} interpreted\n",
            compiled.pending.len(),
            interpreted.pending.len()
        ));
    }
    Some(out)
}

/// A case's rules and scenario judged on the paths its `# paths:` header
/// names (a header that cannot be read fails the case).
pub fn run_case(rules: &Path, scenario: &Path) -> Run {
    let text = std::fs::read_to_string(scenario).unwrap_or_else(|e| panic!("{}: {e}", scenario.display()));
    let paths = Paths::of(&text).unwrap_or_else(|e| panic!("{}: {e}", scenario.display()));
    let p = prepare(rules, scenario);
    let (compiled, interpreted) = p.judge(&paths, &pacta::eval::Options::default());
    Run { sources: p.sources, program: p.planned, paths, compiled, interpreted, scenario: p.scenario }
}

impl Run {
    /// The evaluation the report shows: the compiled path's, when it ran.
    pub fn evaluation(&self) -> &pacta::eval::Evaluation {
        self.compiled.as_ref().or(self.interpreted.as_ref()).expect("one path at least")
    }

    /// Both paths' evaluations, named, as far as they ran.
    pub fn evaluations(&self) -> impl Iterator<Item = (&'static str, &pacta::eval::Evaluation)> {
        [("compiled", &self.compiled), ("interpreter", &self.interpreted)]
            .into_iter()
            .filter_map(|(name, e)| e.as_ref().map(|e| (name, e)))
    }

    /// Where the two paths disagree, when both ran.
    pub fn disagreement(&self) -> Option<String> {
        match (&self.compiled, &self.interpreted) {
            (Some(a), Some(b)) => disagreement(&self.sources, &self.program, a, b),
            _ => None,
        }
    }

    /// Mismatches against the scenario's `expect:` block, as text, for
    /// each path that ran.
    pub fn mismatches(&self) -> Vec<String> {
        let Some(expect) = &self.scenario.expect else {
            return vec!["no `expect:` block".into()];
        };
        self.evaluations()
            .flat_map(|(path, e)| {
                pacta::eval::verify(&self.program, e, expect)
                    .into_iter()
                    .map(move |m| format!("{path}: {}: {m}", self.sources.locate(m.span)))
            })
            .collect()
    }

    /// Everything that is wrong with the case: the paths disagree, or an
    /// expectation is not met (with the report); `None` when it passes.
    pub fn failure(&self) -> Option<String> {
        if let Some(d) = self.disagreement() {
            return Some(format!("the compiled path and the interpreter disagree:\n{d}"));
        }
        let mismatches = self.mismatches();
        (!mismatches.is_empty()).then(|| format!("  {}\n{}", mismatches.join("\n  "), self.report()))
    }

    /// The human report, without colour and with paths filtered.
    pub fn report(&self) -> String {
        let result = pacta::report::ScenarioResult {
            name: String::new(),
            sources: self.sources.clone(),
            file: Some(self.scenario.file),
            expect: self.scenario.expect.clone(),
            evaluation: Some(self.evaluation().clone()),
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
    if let Some(d) = disagreement(&p.sources, &p.planned, &evaluation, &plain) {
        panic!("{}: the planner or the compiled path changed verdicts:\n{d}", scenario.display());
    }
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

/// Runs one case file through `produce` and checks its diagnostics against
/// the file's `expect:` header. Returns the rendered report, for the
/// calling test to snapshot (insta names snapshots after the file that
/// asserts them).
pub fn check_error_case(path: &Path, produce: impl Fn(&Path, &str) -> (Sources, Vec<Diagnostic>)) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let expected = expected_errors(&text);
    assert!(!expected.is_empty(), "{}: no `expect:` header", path.display());
    let (sources, diags) = produce(path, &text);
    let actual = actual_errors(&sources, &diags);
    assert!(
        actual == expected,
        "{}\n  expected {expected:?}\n  actual   {actual:?}\n{}",
        path.display(),
        render(&sources, &diags)
    );
    render(&sources, &diags)
}

/// The bundled example scenarios (`examples/*.yaml`), sorted.
#[allow(dead_code, reason = "not every test binary reads the examples")]
pub fn examples() -> Vec<PathBuf> {
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    examples
}
