//! pacta checks scenarios against treaties.
//!
//! Library users start at the facade ([`api`]): an [`Engine`] checks a rule
//! set, loads scenarios against it and evaluates them into findings with
//! typed verdicts ([`eval::VerdictKind`]) and `file:line:col` locations.
//! Depend on `pacta = { version = "0.1", default-features = false }` for
//! the engine without the command line: the `cli` feature (on by default)
//! brings the `pacta` binary and clap, toml, glob and indicatif; `parallel`
//! (part of `cli`) judges scenarios and timeline dates on every core with
//! rayon, and one after the other without it. See `docs/library.md`.
//!
//! ```
//! use pacta::eval::VerdictKind;
//! use pacta::{Engine, Options};
//!
//! let engine = Engine::from_text("<memory>", r#"
//!     entity State { name: text, in_europe: bool = false }
//!     entity Deployment { owner: State, host: State, personnel: int, since: date }
//!     entity Consent { deployment: Deployment, parties: list<State>, given: date }
//!     treaty t "Forbid with an exception" { param baseline: date = 1997-05-27 }
//!     article 1 "Foreign forces" {
//!       clause 1.1 "No new foreign forces in Europe" {
//!         forbid d: Deployment where d.host != d.owner and d.host.in_europe and d.since > baseline
//!         unless "consent of the host": exists c: Consent where c.deployment == d and d.host in c.parties
//!         message "{d.owner.name} stations {d.personnel} in {d.host.name} since {d.since}"
//!       }
//!     }
//! "#)?;
//! let scenario = engine.scenario_text("<scenario>", "
//! as_of: 2022-01-15
//! State: [{ id: USA, name: United States }, { id: POL, name: Poland, in_europe: true },
//!         { id: DEU, name: Germany, in_europe: true }]
//! Deployment:
//!   - { id: us-pol, owner: USA, host: POL, personnel: 4000, since: 2017-01-01 }
//!   - { id: us-deu, owner: USA, host: DEU, personnel: 500, since: 2020-06-01 }
//! Consent: [{ id: deu-ok, deployment: us-deu, parties: [DEU], given: 2020-05-01 }]
//! ")?;
//! let report = engine.evaluate(&scenario, &Options::new())?;
//! let verdicts: Vec<_> = report.findings().iter().map(|f| (f.kind(), f.subjects[0].id.as_str())).collect();
//! assert_eq!(verdicts, [(VerdictKind::Violation, "us-pol"), (VerdictKind::Waived, "us-deu")]);
//! # Ok::<(), pacta::Errors>(())
//! ```
//!
//! The pipeline, one module per stage:
//! [`syntax`] (text → [`ast`]) → [`rules`] (files and imports) → [`check`]
//! (names, types → [`plan`]) → [`scenario`] (YAML → facts) → [`eval`]
//! (verdicts) → [`report`] (human, JSON) → `cli`. Across dates and rule
//! sets: [`timeline`] and [`diff`] evaluate the same scenario many times.
//!
//! ```no_run
//! use std::path::{Path, PathBuf};
//! let mut sources = pacta::span::Sources::new();
//! // Imports and includes may read files under the current directory only.
//! let project = pacta::input::Access::within([Path::new(".")]);
//! let checked = pacta::load_rules(&[PathBuf::from("rules")], &mut sources, &project).map_err(|_| "bad rules")?;
//! let scenario = Path::new("examples/baltic-2022.yaml");
//! let verdicts = pacta::check_scenario(&checked.program, scenario, &mut sources, &project, &Default::default())
//!     .map_err(|_| "bad scenario")?;
//! println!("{} violations", verdicts.count(pacta::eval::VerdictKind::Violation));
//! # Ok::<(), &str>(())
//! ```

pub mod api;
pub mod area;
pub mod ast;
pub mod batch;
pub mod calendar;
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod config;
pub mod coverage;
pub mod diagnose;
pub mod diff;
pub mod escape;
pub mod eval;
pub mod fmt;
pub mod input;
pub mod json_schema;
#[cfg(feature = "cli")]
pub mod lsp;
pub mod period;
pub mod plan;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod schema;
pub mod span;
pub mod suggest;
pub mod syntax;
pub mod testing;
pub mod timeline;
pub mod units;
pub mod value;

pub use api::{Engine, Errors, Finding, Options, Report, Scenario, Subject};
pub use diagnose::Diagnose;

// docs/library.md's example runs as a doctest, so the page cannot drift
// from the facade.
#[cfg(doctest)]
#[doc = include_str!("../docs/library.md")]
struct LibraryDoc;

use std::path::{Path, PathBuf};

/// Reads, parses and checks the rule files under `paths`; imports stay
/// inside `access`.
pub fn load_rules(
    paths: &[PathBuf],
    sources: &mut span::Sources,
    access: &input::Access,
) -> Result<check::Checked, Vec<Error>> {
    let rules = rules::load(paths, sources, access).map_err(|e| located(e, sources))?;
    checked(&rules, sources)
}

/// [`load_rules`] for rule text already in memory, named `path` in
/// messages; imports are read relative to `path`, inside `access`.
pub fn load_rules_str(
    path: PathBuf,
    text: String,
    sources: &mut span::Sources,
    access: &input::Access,
) -> Result<check::Checked, Vec<Error>> {
    let rules = rules::load_str(path, text, sources, access).map_err(|e| located(e, sources))?;
    checked(&rules, sources)
}

fn checked(rules: &rules::RuleSet, sources: &span::Sources) -> Result<check::Checked, Vec<Error>> {
    check::check(rules, sources).map_err(|errors| errors.into_iter().map(|e| Error::Check(e).locate(sources)).collect())
}

/// Each error with its place, so `Display` alone says where.
fn located(errors: Vec<Error>, sources: &span::Sources) -> Vec<Error> {
    errors.into_iter().map(|e| e.locate(sources)).collect()
}

/// Loads a scenario against the checked schema and judges every clause.
pub fn check_scenario(
    program: &plan::Program,
    path: &Path,
    sources: &mut span::Sources,
    access: &input::Access,
    options: &eval::Options,
) -> Result<eval::Evaluation, Vec<Error>> {
    let scenario = scenario::load_with(path, &program.schema, sources, access, &options.reading)
        .map_err(|e| e.into_iter().map(|e| Error::Scenario(e).locate(sources)).collect::<Vec<_>>())?;
    judge(program, &scenario, sources, options)
}

/// Judges every clause on a loaded scenario: on one date, or over
/// `options.period`.
pub fn judge(
    program: &plan::Program,
    scenario: &scenario::Scenario,
    sources: &span::Sources,
    options: &eval::Options,
) -> Result<eval::Evaluation, Vec<Error>> {
    let judged = match options.period {
        Some(window) => period::evaluate(program, scenario, sources, options, window),
        None => eval::evaluate(program, scenario, sources, options),
    };
    judged.map_err(|e| e.into_iter().map(Error::Setup).collect())
}
/// Any error pacta reports, by layer.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Syntax(#[from] syntax::SyntaxError),
    #[error(transparent)]
    Check(#[from] check::CheckError),
    #[error(transparent)]
    Scenario(#[from] scenario::ScenarioError),
    #[error(transparent)]
    Setup(#[from] eval::RunError),
    /// A path named on the command line, or found in a directory, could
    /// not be read.
    #[error("cannot read `{path}`: {error}")]
    Read { path: String, error: input::ReadError },
    /// A scenario path that holds no scenario to judge: a run that checks
    /// nothing must not pass.
    #[error("`{path}` holds no scenario{}", what_it_holds(*data_files, *rule_files))]
    NoScenarios { path: String, data_files: usize, rule_files: usize },
    /// Command-line arguments that do not make sense together.
    #[error("{0}")]
    Usage(String),
}

fn what_it_holds(data_files: usize, rule_files: usize) -> String {
    use report::human::count;
    let (d, r) = (count(data_files, "include-only data file"), count(rule_files, "rule file"));
    match (data_files, rule_files) {
        (0, 0) => " (no `*.yaml`, `*.yml` or `*.json` file)".into(),
        (0, _) => format!(" (only {r}: a rules directory given as scenarios?)"),
        (_, 0) => format!(" (only {d})"),
        _ => format!(" (only {r} and {d}: a rules directory given as scenarios?)"),
    }
}
