//! Reports: turning evaluations and errors into text for people (`human`)
//! and machines (`json`). Renderers are pure functions of their inputs, so
//! the same run gives the same bytes.

mod diagnostic;
mod files;
pub mod human;
pub mod json;

pub use diagnostic::{Diagnostic, Label, Level, sort};

use crate::eval::Evaluation;
use crate::span::FileId;

/// The result of evaluating one scenario.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    pub file: FileId,
    pub evaluation: Evaluation,
}

/// Everything a `check` run found, scenarios in the order given.
#[derive(Debug, Clone)]
pub struct RunReport<'a> {
    pub program: &'a crate::plan::Program,
    pub scenarios: Vec<ScenarioResult>,
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
}

impl RunReport<'_> {
    pub fn summary(&self) -> Summary {
        let mut s =
            Summary { scenarios: self.scenarios.len(), clauses: self.program.clauses.len(), ..Summary::default() };
        for r in &self.scenarios {
            let e = &r.evaluation;
            s.facts += e.facts;
            s.violations += e.count("violation");
            s.waived += e.count("waived");
            s.indeterminate += e.count("indeterminate");
            s.review += e.count("review");
        }
        s
    }
}
