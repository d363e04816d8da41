//! pacta checks scenarios against treaties.
pub mod ast;
pub mod calendar;
pub mod span;
pub mod syntax;
