//! pacta checks scenarios against treaties.
pub mod ast;
pub mod eval;
pub mod calendar;
pub mod check;
pub mod scenario;
pub mod span;
pub mod suggest;
pub mod syntax;
pub mod value;
pub mod plan;
pub mod rules;

/// Any error pacta reports, by layer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Syntax(#[from] syntax::SyntaxError),
    #[error(transparent)]
    Check(#[from] check::CheckError),
    #[error(transparent)]
    Scenario(#[from] scenario::ScenarioError),
    /// A rule path named on the command line could not be read.
    #[error("cannot read `{path}`: {reason}")]
    Io { path: String, reason: String },
}
