//! The facade for library users: an [`Engine`] holds a checked rule set,
//! loads [`Scenario`]s against its schema and evaluates them into a
//! [`Report`] of [`Finding`]s, each with a typed verdict and its places as
//! `file:line:col`; whatever goes wrong comes back as [`Errors`], typed
//! and located. It wraps the pipeline ([`crate::load_rules`],
//! [`crate::scenario::load_str`], [`crate::judge`]) and adds no behaviour
//! of its own: what it does not cover, the modules it wraps still offer.
//!
//! Rules and scenarios come from files or from text in memory. Paths
//! handed to the engine are trusted, like the command line's; what they
//! import or include must lie under the project root the engine was given
//! ([`Engine::from_paths`]), and an engine built from text reads no other
//! file at all ([`Engine::from_text`]).
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
//! let scenario = engine.scenario_text("scenario.yaml", "
//! as_of: 2022-01-15
//! State:
//!   - { id: USA, name: United States }
//!   - { id: POL, name: Poland, in_europe: true }
//!   - { id: DEU, name: Germany, in_europe: true }
//! Deployment:
//!   - { id: us-pol, owner: USA, host: POL, personnel: 4000, since: 2017-01-01 }
//!   - { id: us-deu, owner: USA, host: DEU, personnel: 500, since: 2020-06-01 }
//! Consent:
//!   - { id: deu-ok, deployment: us-deu, parties: [DEU], given: 2020-05-01 }
//! ")?;
//!
//! let report = engine.evaluate(&scenario, &Options::new())?;
//! let kinds: Vec<_> = report.findings().iter().map(|f| f.kind()).collect();
//! assert_eq!(kinds, [VerdictKind::Violation, VerdictKind::Waived]);
//! let violation = &report.findings()[0];
//! assert_eq!(violation.clause, "t/1.1");
//! assert_eq!(violation.subjects[0].id, "us-pol");
//! assert_eq!(violation.location, "scenario.yaml:8:5");
//! assert_eq!(violation.message, "United States stations 4000 in Poland since 2017-01-01");
//!
//! // A later baseline: the deployment in Poland predates it.
//! let report = engine.evaluate(&scenario, &Options::new().param("baseline", "2018-01-01"))?;
//! assert_eq!(report.count(VerdictKind::Violation), 0);
//! assert_eq!(report.count(VerdictKind::Waived), 1);
//! # Ok::<(), pacta::Errors>(())
//! ```

#![warn(missing_docs)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::calendar::Date;
use crate::check::{CheckError, Checked};
use crate::eval::{self, Verdict, VerdictKind};
use crate::input::Access;
use crate::report::Diagnostic;
use crate::span::{Sources, Span};

/// A checked rule set, ready to judge scenarios. Cheap to share: loading
/// and evaluating take `&self`.
#[derive(Debug, Clone)]
pub struct Engine {
    checked: Checked,
    sources: Sources,
    access: Access,
    /// Which rule set this is, so that a scenario loaded against another
    /// engine's schema is refused rather than misread.
    id: u64,
}

/// A scenario loaded against an engine's schema: its facts, and the text
/// of the rule and scenario files for locating them.
#[derive(Debug, Clone)]
pub struct Scenario {
    scenario: crate::scenario::Scenario,
    sources: Sources,
    engine: u64,
}

/// What an evaluation may change. The scenario's own `as_of:` and
/// `params:` apply unless overridden here.
#[derive(Debug, Clone, Default)]
pub struct Options {
    at: Option<Date>,
    params: Vec<(String, String)>,
}

/// The findings of one evaluation, in clause order, then in the order the
/// scenario lists the facts.
#[derive(Debug, Clone)]
pub struct Report {
    findings: Vec<Finding>,
    evaluation: eval::Evaluation,
}

/// One clause's verdict on one combination of subjects that did not
/// simply hold.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Finding {
    /// The verdict, with what it rests on; [`Finding::kind`] names it.
    pub verdict: Verdict,
    /// The clause's qualified id, `treaty/clause` (`t/1.1`).
    pub clause: String,
    /// The facts the clause was judged on, in binding order.
    pub subjects: Vec<Subject>,
    /// The clause's message, filled in for these subjects.
    pub message: String,
    /// `file:line:col` of the first subject's fact, else of the rule.
    pub location: String,
    /// `file:line:col` of the rule statement (`forbid …`).
    pub rule: String,
}

/// A fact a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Subject {
    /// The entity type (`Deployment`), or the value's type for a binding
    /// that is not a fact.
    pub entity: String,
    /// The fact's `id:`.
    pub id: String,
    /// `file:line:col` of the fact in the scenario.
    pub location: String,
}

/// Everything that stopped a load or an evaluation, each error typed
/// ([`crate::Error`]) and located in the files it was found in.
#[derive(Debug, Clone)]
pub struct Errors {
    errors: Vec<crate::Error>,
    sources: Sources,
}

impl Engine {
    /// Reads and checks the rule files at `paths`: files, or directories
    /// searched for `*.pacta`. The paths are trusted, wherever they are;
    /// what they import, and what scenarios include, must resolve inside
    /// `root` (a directory, or a file standing for its directory).
    pub fn from_paths<P: AsRef<Path>>(root: impl AsRef<Path>, paths: &[P]) -> Result<Self, Errors> {
        Self::from_paths_with_library(root, paths, &[] as &[&Path])
    }

    /// As [`Engine::from_paths`], with library directories searched in
    /// order for `import "pacta:…"` (as `--lib` does).
    pub fn from_paths_with_library<P: AsRef<Path>, L: AsRef<Path>>(
        root: impl AsRef<Path>,
        paths: &[P],
        library: &[L],
    ) -> Result<Self, Errors> {
        let access = Access::within([root.as_ref()]).with_library(library.iter().map(AsRef::as_ref));
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        let mut sources = Sources::new();
        let checked = crate::load_rules(&paths, &mut sources, &access);
        Self::new(checked, sources, access)
    }

    /// Checks one rule file given as text, called `name` in messages
    /// (`<memory>`, or the path it came from). Reads no file: an `import`
    /// in the text, or an `include:` in a scenario, is refused as outside
    /// the project, so declare the entities the rules need in the text.
    pub fn from_text(name: &str, text: &str) -> Result<Self, Errors> {
        let access = Access::default();
        let mut sources = Sources::new();
        let checked = crate::load_rules_str(PathBuf::from(name), text.to_owned(), &mut sources, &access);
        Self::new(checked, sources, access)
    }

    fn new(checked: Result<Checked, Vec<crate::Error>>, sources: Sources, access: Access) -> Result<Self, Errors> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        match checked {
            Ok(checked) => Ok(Engine { checked, sources, access, id: NEXT.fetch_add(1, Ordering::Relaxed) }),
            Err(errors) => Err(Errors { errors, sources }),
        }
    }

    /// Loads the scenario file at `path` (trusted, like the rule paths)
    /// and what it includes (inside the project root).
    pub fn scenario_file(&self, path: impl AsRef<Path>) -> Result<Scenario, Errors> {
        let mut sources = self.sources.clone();
        let loaded = crate::scenario::load(path.as_ref(), &self.checked.program.schema, &mut sources, &self.access);
        self.scenario(loaded, sources)
    }

    /// Loads a scenario given as text, called `name` in messages: JSON if
    /// `name` ends in `.json`, YAML otherwise. Its includes are read
    /// relative to `name`, inside the project root.
    pub fn scenario_text(&self, name: &str, text: &str) -> Result<Scenario, Errors> {
        let mut sources = self.sources.clone();
        let schema = &self.checked.program.schema;
        let loaded =
            crate::scenario::load_str(PathBuf::from(name), text.to_owned(), schema, &mut sources, &self.access);
        self.scenario(loaded, sources)
    }

    fn scenario(
        &self,
        loaded: Result<crate::scenario::Scenario, Vec<crate::scenario::ScenarioError>>,
        sources: Sources,
    ) -> Result<Scenario, Errors> {
        match loaded {
            Ok(scenario) => Ok(Scenario { scenario, sources, engine: self.id }),
            Err(errors) => Err(Errors {
                errors: errors.into_iter().map(|e| crate::Error::Scenario(e).locate(&sources)).collect(),
                sources,
            }),
        }
    }

    /// Judges every clause on `scenario`, which must have been loaded by
    /// this engine (or a clone of it). Fails on an unknown or ill-typed
    /// parameter, or when a clause exceeds its step budget.
    pub fn evaluate(&self, scenario: &Scenario, options: &Options) -> Result<Report, Errors> {
        let failed = |errors| Errors { errors, sources: scenario.sources.clone() };
        if scenario.engine != self.id {
            let usage = "the scenario was loaded by another engine, against another schema";
            return Err(failed(vec![crate::Error::Usage(usage.into())]));
        }
        let options = eval::Options { at: options.at, overrides: options.params.clone(), ..eval::Options::default() };
        let evaluation =
            crate::judge(&self.checked.program, &scenario.scenario, &scenario.sources, &options).map_err(failed)?;
        Ok(Report { findings: self.findings(&evaluation, &scenario.sources), evaluation })
    }

    fn findings(&self, evaluation: &eval::Evaluation, sources: &Sources) -> Vec<Finding> {
        let clauses = &self.checked.program.clauses;
        let finding = |f: &eval::Finding| {
            let clause = clauses.get(f.clause)?;
            Some(Finding {
                verdict: f.verdict.clone(),
                clause: clause.qualified_id.clone(),
                subjects: f.subjects.iter().map(|s| Subject::new(s, sources)).collect(),
                message: f.message.clone(),
                location: sources.locate(f.subjects.first().map_or(clause.rule_span, |s| s.span)),
                rule: sources.locate(clause.rule_span),
            })
        };
        evaluation.findings.iter().filter_map(finding).collect()
    }

    /// The warnings (lints) the rule files gave; [`Engine::locate`] places
    /// them.
    pub fn warnings(&self) -> &[CheckError] {
        &self.checked.warnings
    }

    /// `file:line:col` of a place in the rule files.
    pub fn locate(&self, span: Span) -> String {
        self.sources.locate(span)
    }

    /// The checked program: clauses, parameters, schema.
    pub fn program(&self) -> &crate::plan::Program {
        &self.checked.program
    }
}

impl Scenario {
    /// The scenario's own evaluation date (`as_of:`), if it gives one.
    pub fn as_of(&self) -> Option<Date> {
        self.scenario.as_of.map(|(date, _)| date)
    }

    /// `file:line:col` of a place in the scenario, its includes or the
    /// rule files (the spans a [`Verdict`] carries).
    pub fn locate(&self, span: Span) -> String {
        self.sources.locate(span)
    }

    /// The loaded scenario: facts, parameters, expectations.
    pub fn loaded(&self) -> &crate::scenario::Scenario {
        &self.scenario
    }
}

impl Options {
    /// No overrides: the scenario's own date and parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Evaluates as of `date` instead of the scenario's `as_of:`.
    pub fn at(mut self, date: Date) -> Self {
        self.at = Some(date);
        self
    }

    /// Sets a treaty parameter to a value written as on the command line
    /// (`-D baseline=2018-01-01`): `name` sets it in every treaty that
    /// has one so called, `treaty.name` in that treaty alone. Wins over
    /// the scenario's `params:`.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }
}

impl Report {
    /// Every finding: violations, waived violations, indeterminate
    /// verdicts and reviews.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// How many judgements had this verdict; for [`VerdictKind::Holds`]
    /// and [`VerdictKind::Pending`], which make no finding, how many
    /// bindings held or have an obligation still due.
    pub fn count(&self, kind: VerdictKind) -> usize {
        match kind {
            VerdictKind::Holds => self.evaluation.stats.iter().map(eval::ClauseStats::held).sum(),
            VerdictKind::Pending => self.evaluation.pending.len(),
            _ => self.evaluation.count(kind),
        }
    }

    /// The date the scenario was judged on, if it had one.
    pub fn as_of(&self) -> Option<Date> {
        self.evaluation.as_of
    }

    /// The evaluation as the pipeline gives it: pending obligations,
    /// per-clause counts, spans.
    pub fn evaluation(&self) -> &eval::Evaluation {
        &self.evaluation
    }
}

impl Finding {
    /// The verdict's kind: violation, waived, indeterminate or review.
    pub fn kind(&self) -> VerdictKind {
        self.verdict.kind()
    }
}

impl Subject {
    fn new(s: &eval::Subject, sources: &Sources) -> Self {
        Subject { entity: s.entity.to_string(), id: s.id.to_string(), location: sources.locate(s.span) }
    }
}

impl Errors {
    /// The errors (and, when rules fail, their warnings), in the order found.
    pub fn errors(&self) -> &[crate::Error] {
        &self.errors
    }

    /// Each error with the `file:line:col` it points at, if it points
    /// anywhere (an unreadable path does not).
    pub fn located(&self) -> impl Iterator<Item = (&crate::Error, Option<String>)> {
        self.errors.iter().map(|e| (e, Diagnostic::from(e).span().map(|s| self.sources.locate(s))))
    }

    /// The errors as `pacta check` prints them: rustc-style, with the
    /// lines they point at, without colour.
    pub fn render(&self) -> String {
        let diagnostics: Vec<Diagnostic> = self.errors.iter().map(Diagnostic::from).collect();
        crate::report::human::diagnostics(&self.sources, &diagnostics, false)
    }
}

/// One line per error: `file:line:col: error[code] message`.
impl std::fmt::Display for Errors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        for e in &self.errors {
            crate::report::concise::diagnostic(&mut out, &self.sources, &Diagnostic::from(e));
        }
        f.write_str(out.trim_end())
    }
}

impl std::error::Error for Errors {}
