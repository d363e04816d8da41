#![no_main]
//! The `rules_and_eval` target: see `harness/rules_and_eval.rs`, which `tests/fuzz_regressions.rs`
//! also compiles to replay `fuzz/regressions/rules_and_eval/`.

#[path = "common.rs"]
mod common;
#[path = "harness/rules_and_eval.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| harness::run(data));
