#![no_main]
//! The `rules` target: see `harness/rules.rs`, which `tests/fuzz_regressions.rs`
//! also compiles to replay `fuzz/regressions/rules/`.

#[path = "common.rs"]
mod common;
#[path = "harness/rules.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| harness::run(data));
