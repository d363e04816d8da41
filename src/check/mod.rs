//! Static checks: name resolution, types, arity, cycles and lints, turning
//! parsed modules into a checked [`crate::plan::Program`].

pub mod schema;
