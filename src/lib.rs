//! pacta checks scenarios against treaties.
pub mod ast;
pub mod calendar;
pub mod check;
pub mod scenario;
pub mod span;
pub mod suggest;
pub mod syntax;
pub mod value;
