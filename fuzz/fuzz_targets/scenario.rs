#![no_main]
//! The `scenario` target: see `harness/scenario.rs`, which `tests/fuzz_regressions.rs`
//! also compiles to replay `fuzz/regressions/scenario/`.

#[path = "common.rs"]
mod common;
#[path = "harness/scenario.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| harness::run(data));
