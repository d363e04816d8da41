//! The case files, one test each: every file (or directory) under
//! `tests/syntax/`, `tests/check/`, `tests/scenario/`, `tests/eval/`,
//! `tests/hostile/`, `examples/` and every line of `tests/explain/cases.txt`
//! is a test of its own, named after it
//! (`cargo test --test cases -- eval::open_world`), so that one case can be
//! run by name and one failure hides no other. The runners' other tests
//! are here too, as `module::function`.
//!
//! A `harness = false` binary on libtest-mimic (see `Cargo.toml`): the
//! trials are made at run time from the directories, with libtest's
//! command line (filters, `--exact`, `--list`, `--test-threads`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod check;
mod eval;
mod examples;
mod explain;
mod hostile;
mod paths;
mod scenario;
mod syntax;

use std::panic::{AssertUnwindSafe, catch_unwind};

use libtest_mimic::{Arguments, Failed, Trial};

/// A test named `name` that passes unless `f` panics (an `assert!`, an
/// insta snapshot that does not match).
pub fn trial(name: impl Into<String>, f: impl FnOnce() + Send + 'static) -> Trial {
    Trial::test(name, move || {
        catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
            let text = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_else(|| "panicked".into());
            Failed::from(text)
        })
    })
}

/// A plain test function as a trial named `module::function`.
#[macro_export]
macro_rules! plain {
    ($module:literal, $f:ident) => {
        $crate::trial(concat!($module, "::", stringify!($f)), $f)
    };
}

/// A case's name: its path under `dir`, extension dropped, `/` as `::`.
pub fn case_name(prefix: &str, dir: &std::path::Path, path: &std::path::Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path).with_extension("");
    let rel = rel.display().to_string().replace('/', "::");
    format!("{prefix}::{rel}")
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    trials.extend(syntax::trials());
    trials.extend(check::trials());
    trials.extend(scenario::trials());
    trials.extend(eval::trials());
    trials.extend(examples::trials());
    trials.extend(explain::trials());
    trials.extend(hostile::trials());
    trials.extend(paths::trials());
    libtest_mimic::run(&args, trials).exit();
}
