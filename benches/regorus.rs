//! Clause 4.1 of draft B in Rego (`benches/article4.rego`), evaluated by
//! regorus, Microsoft's Rego interpreter in Rust, on the scenarios of the
//! `article4` bench (same generator, same seed). See `docs/performance.md`,
//! "Side by side with regorus".
//!
//! - `input/yaml-to-json/N`: the generated YAML read by serde-saphyr (with
//!   pacta's options) into a `serde_json::Value` and written out as JSON
//!   text; `input/json-to-regorus/N`: that text parsed by
//!   `regorus::Value::from_json_str`, the input regorus evaluates. Neither is
//!   part of the evaluation's timing.
//! - `eval/regorus/N`: `Engine::eval_rule("data.article4.outcome")` with the
//!   policy loaded and the input set once, before timing: the violating and
//!   the waived deployment ids. regorus clears its rule cache on every call,
//!   so each run evaluates the whole policy.
//! - `eval/regorus-inlined/N`: the same for `data.article4.outcome_inlined`,
//!   the policy with `counts` and `in_place` written out by hand in the
//!   rules that run once per deployment.
//!
//! Before timing, each size asserts that regorus (both entry points) finds exactly
//! the violations and waivers that pacta finds (`eval::evaluate` of the real
//! `rules/` library cut down to clause 4.1, as in `article4.rs`, which
//! asserts that pacta agrees with the hand-written baseline).
//!
//! `PACTA_BENCH_FACTS`, `PACTA_BENCH_SEED` and `PACTA_BENCH_CLOCK` work as
//! in `article4.rs` (default sizes 10000,100000; 10000 alone under `cargo
//! test --benches`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common.rs"]
mod common;
#[path = "cpu_time.rs"]
mod cpu_time;
#[allow(dead_code, reason = "pacta-gen uses more of the generator than the bench")]
#[path = "generator.rs"]
mod generator;

use criterion::measurement::Measurement;
use criterion::{BenchmarkId, Criterion};
use pacta::eval::{self, Verdict};
use pacta::plan::Program;
use regorus::{Engine, Value};

const POLICY: &str = include_str!("article4.rego");
const ENTRY: &str = "data.article4.outcome";
const ENTRY_INLINED: &str = "data.article4.outcome_inlined";

/// What clause 4.1 finds: deployment ids, sorted.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    violations: Vec<String>,
    waived: Vec<String>,
}

/// pacta's findings for the clause.
fn pacta_outcome(program: &Program, text: String) -> Outcome {
    let (scenario, sources) = common::load_pacta(program, text);
    let evaluation = eval::evaluate(program, &scenario, &sources, &eval::Options::default()).unwrap();
    let indeterminate: Vec<&eval::Finding> =
        evaluation.findings.iter().filter(|f| matches!(f.verdict, Verdict::Indeterminate { .. })).collect();
    assert!(indeterminate.is_empty(), "indeterminate: {indeterminate:?}");
    let ids = |name: &str| -> Vec<String> {
        let mut ids: Vec<String> = evaluation
            .findings
            .iter()
            .filter(|f| f.verdict.name() == name)
            .map(|f| f.subjects[0].id.to_string())
            .collect();
        ids.sort();
        ids
    };
    Outcome { violations: ids("violation"), waived: ids("waived") }
}

/// regorus's `outcome`, `{"violations": set, "waived": set}`.
fn regorus_outcome(value: &Value) -> Outcome {
    let ids = |key: &str| -> Vec<String> {
        let set = value[key].as_set().unwrap_or_else(|e| panic!("{key} is not a set: {e}"));
        let mut ids: Vec<String> = set.iter().map(|v| v.as_string().expect("an id").to_string()).collect();
        ids.sort();
        ids
    };
    Outcome { violations: ids("violations"), waived: ids("waived") }
}

/// The scenario's YAML as JSON text, through serde-saphyr with pacta's
/// options; optional fields stay absent, dates stay `YYYY-MM-DD` strings.
fn yaml_to_json(text: &str) -> String {
    let value: serde_json::Value =
        serde_saphyr::from_str_with_options(text, pacta::scenario::yaml_options(text.len())).expect("YAML to JSON");
    serde_json::to_string(&value).expect("JSON text")
}

fn json_to_regorus(json: &str) -> Value {
    Value::from_json_str(json).expect("regorus reads the JSON")
}

/// The interpreter with the policy loaded and the input set.
fn engine(input: Value) -> Engine {
    let mut engine = Engine::new();
    engine.add_policy("article4.rego".into(), POLICY.into()).unwrap_or_else(|e| panic!("article4.rego: {e}"));
    engine.set_input(input);
    engine
}

/// One evaluation of the policy (the function callgrind counts).
#[inline(never)]
fn eval_with_regorus(engine: &mut Engine) -> Value {
    engine.eval_rule(ENTRY.into()).unwrap_or_else(|e| panic!("regorus: {e}"))
}

/// One evaluation of the hand-inlined variant (callgrind counts it apart).
#[inline(never)]
fn eval_with_regorus_inlined(engine: &mut Engine) -> Value {
    engine.eval_rule(ENTRY_INLINED.into()).unwrap_or_else(|e| panic!("regorus: {e}"))
}

/// Everything one size needs, built and checked before timing.
struct Fixture {
    facts: usize,
    text: String,
    json: String,
    engine: Engine,
}

impl Fixture {
    fn new(program: &Program, facts: usize) -> Fixture {
        let text = generator::generate(facts, common::seed());
        let json = yaml_to_json(&text);
        let input = json_to_regorus(&json);
        let mut engine = engine(input);
        // The comparison is honest only if both compute the same thing.
        let expected = pacta_outcome(program, text.clone());
        assert_eq!(regorus_outcome(&eval_with_regorus(&mut engine)), expected, "regorus and pacta disagree");
        assert_eq!(
            regorus_outcome(&eval_with_regorus_inlined(&mut engine)),
            expected,
            "regorus (inlined) and pacta disagree"
        );
        // A second run of the same engine gives the same (no state kept).
        assert_eq!(regorus_outcome(&eval_with_regorus(&mut engine)), expected, "regorus's second run differs");
        eprintln!(
            "{facts} facts, {} bytes of YAML, {} of JSON; clause 4.1: {} violations, {} waived (pacta and regorus agree)",
            text.len(),
            json.len(),
            expected.violations.len(),
            expected.waived.len()
        );
        Fixture { facts, text, json, engine }
    }
}

/// The benchmarks of one size, under one clock (`suffix` tells the clocks'
/// results apart).
fn regorus<M: Measurement>(c: &mut Criterion<M>, suffix: &str, fx: &mut Fixture) {
    let facts = fx.facts;
    let mut group = common::group(c, format!("input{suffix}"), facts);
    group
        .bench_function(BenchmarkId::new("yaml-to-json", facts), |b| b.iter_with_large_drop(|| yaml_to_json(&fx.text)));
    group.bench_function(BenchmarkId::new("json-to-regorus", facts), |b| {
        b.iter_with_large_drop(|| json_to_regorus(&fx.json))
    });
    group.finish();

    let mut group = common::group(c, format!("eval{suffix}"), facts);
    group.bench_function(BenchmarkId::new("regorus", facts), |b| {
        b.iter_with_large_drop(|| eval_with_regorus(&mut fx.engine))
    });
    group.bench_function(BenchmarkId::new("regorus-inlined", facts), |b| {
        b.iter_with_large_drop(|| eval_with_regorus_inlined(&mut fx.engine))
    });
    group.finish();
}

impl common::Suite for Fixture {
    fn run<M: Measurement>(&mut self, c: &mut Criterion<M>, suffix: &str) {
        regorus(c, suffix, self);
    }
}

/// `PACTA_BENCH_CLOCK`: `wall` (default), `cpu` (groups `input-cpu` and
/// `eval-cpu`) or `both`.
fn main() {
    let program = common::program();
    common::run_sizes(&[10_000, 100_000], |facts| Fixture::new(&program, facts));
}
