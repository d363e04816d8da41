//! Reports: turning evaluations and errors into text for people (`human`,
//! `markdown`, `concise`) and machines (`json`, `sarif`, `junit`, `github`,
//! `gitlab`), and the outputs of `pacta timeline` and `pacta diff`.
//! Renderers are pure functions of their inputs, so the same run gives the
//! same bytes.

pub mod concise;
mod diagnostic;
pub mod diff;
mod excerpt;
pub mod explain;
mod files;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
mod outcome;
mod paths;
pub mod sarif;
pub mod timeline;

pub use diagnostic::{Diagnostic, Label, Level, sort};
pub use outcome::{Fail, FailOn, Outcome};

use crate::eval::{Evaluation, VerdictKind};
use crate::plan::Program;
use crate::scenario::Expectations;
use crate::span::{FileId, Sources};

/// The result of one scenario: its own sources (the rule files plus the
/// scenario and its includes), so scenarios can be run in parallel and
/// still render their locations.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// The scenario path as given.
    pub name: String,
    pub sources: Sources,
    /// The scenario's main file, once read.
    pub file: Option<FileId>,
    pub expect: Option<Expectations>,
    /// `None` when the scenario could not be loaded or set up.
    pub evaluation: Option<Evaluation>,
    /// Errors of this scenario (located in `sources`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything a run found: rule-level diagnostics (located in `rules`), then
/// the scenarios in the order given.
#[derive(Debug, Clone)]
pub struct RunReport<'a> {
    pub program: &'a Program,
    pub rules: &'a Sources,
    pub diagnostics: Vec<Diagnostic>,
    pub scenarios: Vec<ScenarioResult>,
    /// Which results fail the run.
    pub fail_on: FailOn,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub scenarios: usize,
    pub clauses: usize,
    pub facts: usize,
    pub violations: usize,
    pub waived: usize,
    pub indeterminate: usize,
    pub review: usize,
    /// Obligations not yet met whose deadline has not passed.
    pub pending: usize,
    pub errors: usize,
    /// Warnings of the rule files and scenarios (lints).
    pub warnings: usize,
    /// Facts left out for their confidence (`--min-confidence`).
    pub left_out: usize,
    /// The period judged, when one was (`check --from … --to …`).
    pub period: Option<(crate::calendar::Date, crate::calendar::Date)>,
}

impl RunReport<'_> {
    pub fn summary(&self) -> Summary {
        let mut s =
            Summary { scenarios: self.scenarios.len(), clauses: self.program.clauses.len(), ..Summary::default() };
        let is_error = |d: &&Diagnostic| d.level == Level::Error;
        s.errors = self.diagnostics.iter().filter(is_error).count();
        s.warnings = self.diagnostics.len() - s.errors;
        for r in &self.scenarios {
            let errors = r.diagnostics.iter().filter(is_error).count();
            s.errors += errors;
            s.warnings += r.diagnostics.len() - errors;
            if let Some(e) = &r.evaluation {
                s.facts += e.facts;
                s.left_out += e.left_out;
                s.period = s.period.or(e.period);
                s.violations += e.count(VerdictKind::Violation);
                s.waived += e.count(VerdictKind::Waived);
                s.indeterminate += e.count(VerdictKind::Indeterminate);
                s.review += e.count(VerdictKind::Review);
                s.pending += e.stats.iter().map(|c| c.pending).sum::<usize>();
            }
        }
        s
    }

    /// What the run amounts to under its `fail_on`: the exit code and
    /// every format's verdict line.
    pub fn outcome(&self) -> Outcome {
        Outcome::of(&self.summary(), self.fail_on)
    }
}
