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
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
mod outcome;
mod paths;
mod plain;
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

impl Summary {
    /// The counts a summary table shows (Markdown, HTML), with their headings.
    pub fn table(&self) -> [(&'static str, usize); 10] {
        [
            ("scenarios", self.scenarios),
            ("clauses", self.clauses),
            ("facts", self.facts),
            ("violations", self.violations),
            ("waived", self.waived),
            ("indeterminate", self.indeterminate),
            ("review", self.review),
            ("pending", self.pending),
            ("errors", self.errors),
            ("warnings", self.warnings),
        ]
    }

    /// Adds one scenario's errors, warnings and verdicts.
    pub fn add(&mut self, r: &ScenarioResult) {
        let errors = r.diagnostics.iter().filter(|d| d.level == Level::Error).count();
        self.errors += errors;
        self.warnings += r.diagnostics.len() - errors;
        if let Some(e) = &r.evaluation {
            self.facts += e.facts;
            self.left_out += e.left_out;
            self.period = self.period.or(e.period);
            self.violations += e.count(VerdictKind::Violation);
            self.waived += e.count(VerdictKind::Waived);
            self.indeterminate += e.count(VerdictKind::Indeterminate);
            self.review += e.count(VerdictKind::Review);
            self.pending += e.stats.iter().map(|c| c.pending).sum::<usize>();
        }
    }
}

impl RunReport<'_> {
    pub fn summary(&self) -> Summary {
        let mut s =
            Summary { scenarios: self.scenarios.len(), clauses: self.program.clauses.len(), ..Summary::default() };
        let errors = self.diagnostics.iter().filter(|d| d.level == Level::Error).count();
        s.errors = errors;
        s.warnings = self.diagnostics.len() - errors;
        for r in &self.scenarios {
            s.add(r);
        }
        s
    }

    /// What the run amounts to under its `fail_on`: the exit code and
    /// every format's verdict line.
    pub fn outcome(&self) -> Outcome {
        Outcome::of(&self.summary(), self.fail_on)
    }
}
