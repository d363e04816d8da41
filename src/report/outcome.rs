//! What a run amounts to, for CI: the verdict kinds that fail it
//! ([`FailOn`]), and the one [`Outcome`] that the exit code, JSON's `ok`
//! and `outcome`, and every summary line agree on.

use super::Summary;
use crate::eval::VerdictKind;

/// A kind of result that can fail a run (`--fail-on`, `fail_on` in pacta.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fail {
    Violation,
    Indeterminate,
    Review,
    Warning,
}

impl Fail {
    pub const ALL: [Fail; 4] = [Fail::Violation, Fail::Indeterminate, Fail::Review, Fail::Warning];

    pub fn name(self) -> &'static str {
        match self {
            Fail::Violation => VerdictKind::Violation.name(),
            Fail::Indeterminate => VerdictKind::Indeterminate.name(),
            Fail::Review => VerdictKind::Review.name(),
            Fail::Warning => "warning",
        }
    }

    pub fn from_name(name: &str) -> Option<Fail> {
        Fail::ALL.into_iter().find(|f| f.name() == name.trim())
    }
}

/// The kinds that fail a run. Violations always do; the default adds
/// indeterminate verdicts, so a run that could not decide is never green
/// by accident (as Cedar's CLI, OPA's `--fail-defined` and Conftest's
/// `--fail-on-warn` make "no answer" an answer of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailOn {
    pub indeterminate: bool,
    pub review: bool,
    pub warning: bool,
}

impl Default for FailOn {
    fn default() -> Self {
        FailOn { indeterminate: true, review: false, warning: false }
    }
}

impl FailOn {
    /// Exactly the kinds listed (violations fail whatever is listed).
    pub fn of(kinds: impl IntoIterator<Item = Fail>) -> FailOn {
        let mut f = FailOn { indeterminate: false, review: false, warning: false };
        for kind in kinds {
            match kind {
                Fail::Violation => {}
                Fail::Indeterminate => f.indeterminate = true,
                Fail::Review => f.review = true,
                Fail::Warning => f.warning = true,
            }
        }
        f
    }

    /// The kinds that fail, as listed in reports: `violation,indeterminate`.
    pub fn names(&self) -> String {
        let on = [true, self.indeterminate, self.review, self.warning];
        Fail::ALL.iter().zip(on).filter(|(_, on)| *on).map(|(f, _)| f.name()).collect::<Vec<_>>().join(",")
    }
}

/// What a run amounts to; the exit code is [`Outcome::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing that fails the run.
    Compliant,
    /// Violations, or review findings or warnings that `--fail-on` names.
    Failed,
    /// No failing finding, but verdicts that could not be decided.
    Undecided,
    /// Rule, scenario or argument errors: the verdicts are not whole.
    Invalid,
}

impl Outcome {
    /// Errors first, then failing findings, then undecided verdicts: a
    /// violation found is an answer even where other verdicts are unknown.
    pub fn of(s: &Summary, fail_on: FailOn) -> Outcome {
        if s.errors > 0 {
            Outcome::Invalid
        } else if s.violations > 0 || (fail_on.review && s.review > 0) || (fail_on.warning && s.warnings > 0) {
            Outcome::Failed
        } else if fail_on.indeterminate && s.indeterminate > 0 {
            Outcome::Undecided
        } else {
            Outcome::Compliant
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Compliant => "compliant",
            Outcome::Failed => "failed",
            Outcome::Undecided => "undecided",
            Outcome::Invalid => "invalid",
        }
    }

    /// The exit code, as documented in `docs/cli.md`.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Compliant => 0,
            Outcome::Failed => 1,
            Outcome::Invalid => 2,
            Outcome::Undecided => 4,
        }
    }

    pub fn ok(self) -> bool {
        self == Outcome::Compliant
    }
}
