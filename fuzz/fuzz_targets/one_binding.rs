#![no_main]
//! The `one_binding` target: see `harness/one_binding.rs`, which `tests/fuzz_regressions.rs`
//! also compiles to replay `fuzz/regressions/one_binding/`.

#[path = "common.rs"]
mod common;
#[path = "harness/one_binding.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| harness::run(data));
