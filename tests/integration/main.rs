//! Every integration test that is not a case file (those are in
//! `tests/cases/`), one module per former test binary, so that the crate
//! and `tests/common/` are compiled and linked once for all of them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod api;
mod ci_docs;
mod cli;
mod differential;
mod editors;
mod features;
mod fmt;
mod fmt_corpus;
mod formats;
mod json;
mod json_schema;
mod lsp;
mod plan;
mod readings;
mod release;
mod split;
mod thresholds;
mod watch;
mod whatif;
