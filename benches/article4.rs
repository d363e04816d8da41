//! Clause 4.1 of draft B (no deployments beyond the 27 May 1997 baseline)
//! on generated scenarios of 10k, 100k and 1M facts. See
//! `docs/performance.md` for the targets, commands and figures.
//!
//! - `load/pacta/N`: `scenario::load_str` of the generated text (typed
//!   facts, spans, id index, references resolved) against `load/raw/N`:
//!   serde-saphyr's plain `from_str_with_options` of the same text, with
//!   pacta's options, into `#[derive(Deserialize)]` structs of the same
//!   shape (ids, references and dates left as strings). `load/raw-spanned/N`
//!   does the same with every node wrapped in serde-saphyr's `Spanned`, to
//!   tell the cost of locations (which pacta keeps) from pacta's own work.
//! - `eval/pacta/N`: `eval::evaluate` of the real `rules/` library, cut down
//!   to clause 4.1, on the loaded scenario, against `eval/baseline/N`: the
//!   clause hand-written as hash joins over plain structs (states and
//!   deployments as indices, dates as `jiff` dates, as pacta holds them).
//!   Both compute the same violations and waivers; that is asserted once
//!   per size, before timing.
//!
//! `PACTA_BENCH_FACTS=10000,100000` picks other sizes (default: 10000,
//! 100000, 1000000; 10000 alone under `cargo test --benches`); `PACTA_BENCH_SEED` another seed (default 7);
//! `PACTA_BENCH_CLOCK=cpu` measures the thread's CPU time instead of wall
//! time (groups `load-cpu`, `eval-cpu`), `both` measures both.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "baseline.rs"]
mod baseline;
#[path = "common.rs"]
mod common;
#[path = "cpu_time.rs"]
mod cpu_time;
#[allow(dead_code, reason = "pacta-gen uses more of the generator than the bench")]
#[path = "generator.rs"]
mod generator;

use criterion::measurement::Measurement;
use criterion::{BatchSize, BenchmarkId, Criterion};
use pacta::eval::{self, Verdict};
use pacta::plan::Program;
use pacta::scenario::Scenario;
use pacta::span::Sources;
use serde_saphyr::Options;

use baseline::{Outcome, World, baseline, raw};

/// pacta's serde-saphyr settings, so the raw baseline parses alike.
fn options(len: usize) -> Options {
    pacta::scenario::yaml_options(len)
}

fn raw_load(text: &str) -> raw::Scenario {
    serde_saphyr::from_str_with_options(text, options(text.len())).expect("raw deserialize")
}

/// The raw shape again with every node located, as pacta locates every fact
/// and value: what serde-saphyr's location protocol costs by itself.
#[allow(dead_code)]
mod spanned {
    use serde::Deserialize;
    use serde_saphyr::Spanned;

    type S<T> = Spanned<T>;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Scenario {
        pub description: Option<S<String>>,
        pub as_of: S<String>,
        #[serde(rename = "State", default)]
        pub states: Vec<S<State>>,
        #[serde(rename = "Deployment", default)]
        pub deployments: Vec<S<Deployment>>,
        #[serde(rename = "Consent", default)]
        pub consents: Vec<S<Consent>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct State {
        pub id: S<String>,
        pub name: S<String>,
        pub in_europe: Option<S<bool>>,
        #[serde(default)]
        pub memberships: Option<S<Vec<S<Membership>>>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Membership {
        pub org: S<String>,
        pub since: S<String>,
        pub until: Option<S<String>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Deployment {
        pub id: S<String>,
        pub owner: S<String>,
        pub host: S<String>,
        pub personnel: S<i64>,
        pub since: S<String>,
        pub until: Option<S<String>>,
        pub kind: Option<S<super::raw::Kind>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Consent {
        pub id: S<String>,
        pub deployment: S<String>,
        pub parties: S<Vec<S<String>>>,
        pub given: S<String>,
    }
}

fn raw_spanned_load(text: &str) -> spanned::Scenario {
    serde_saphyr::from_str_with_options(text, options(text.len())).expect("raw deserialize")
}

/// pacta's findings for the clause, in the baseline's terms.
fn outcome(evaluation: &eval::Evaluation) -> Outcome<'_> {
    let ids = |name: &str| -> Vec<&str> {
        evaluation.findings.iter().filter(|f| f.verdict.name() == name).map(|f| &*f.subjects[0].id).collect()
    };
    let indeterminate: Vec<&eval::Finding> =
        evaluation.findings.iter().filter(|f| matches!(f.verdict, Verdict::Indeterminate { .. })).collect();
    assert!(indeterminate.is_empty(), "indeterminate: {indeterminate:?}");
    Outcome { violations: ids("violation"), waived: ids("waived") }
}

/// Everything one size needs, built and checked before timing.
struct Fixture {
    facts: usize,
    text: String,
    world: World,
    scenario: Scenario,
    sources: Sources,
}

impl Fixture {
    fn new(program: &Program, facts: usize) -> Fixture {
        let text = generator::generate(facts, common::seed());
        let raw = raw_load(&text);
        let world = World::new(&raw);
        let (scenario, sources) = common::load_pacta(program, text.clone());
        assert_eq!(scenario.facts.len(), facts);
        assert_eq!(raw.states.len() + raw.deployments.len() + raw.consents.len(), facts);
        // The comparison is honest only if both compute the same thing.
        let evaluation = eval::evaluate(program, &scenario, &sources, &eval::Options::default()).unwrap();
        let expected = baseline(&world);
        assert_eq!(outcome(&evaluation), expected, "pacta and the baseline disagree");
        eprintln!(
            "{facts} facts, {} bytes: {} deployments, {} consents; clause 4.1: {} violations, {} waived",
            text.len(),
            raw.deployments.len(),
            raw.consents.len(),
            expected.violations.len(),
            expected.waived.len()
        );
        Fixture { facts, text, world, scenario, sources }
    }
}

/// The four benchmarks of one size, under one clock (`suffix` tells the
/// clocks' results apart).
fn article4<M: Measurement>(c: &mut Criterion<M>, suffix: &str, program: &Program, fx: &Fixture) {
    let options = eval::Options::default();
    let facts = fx.facts;
    let mut group = common::group(c, format!("load{suffix}"), facts);
    group.bench_function(BenchmarkId::new("pacta", facts), |b| {
        b.iter_batched(|| fx.text.clone(), |text| common::load_pacta(program, text), BatchSize::PerIteration)
    });
    group.bench_function(BenchmarkId::new("raw", facts), |b| b.iter_with_large_drop(|| raw_load(&fx.text)));
    // Diagnostic, not a target: the raw load with locations.
    group.bench_function(BenchmarkId::new("raw-spanned", facts), |b| {
        b.iter_with_large_drop(|| raw_spanned_load(&fx.text))
    });
    group.finish();

    let mut group = common::group(c, format!("eval{suffix}"), facts);
    group.bench_function(BenchmarkId::new("pacta", facts), |b| {
        b.iter_with_large_drop(|| eval::evaluate(program, &fx.scenario, &fx.sources, &options).unwrap())
    });
    group.bench_function(BenchmarkId::new("baseline", facts), |b| b.iter_with_large_drop(|| baseline(&fx.world)));
    group.finish();
}

/// One size's fixture with the program it is evaluated against.
struct Article4<'p> {
    program: &'p Program,
    fixture: Fixture,
}

impl common::Suite for Article4<'_> {
    fn run<M: Measurement>(&mut self, c: &mut Criterion<M>, suffix: &str) {
        article4(c, suffix, self.program, &self.fixture);
    }
}

/// `PACTA_BENCH_CLOCK`: `wall` (default), `cpu` (groups `load-cpu` and
/// `eval-cpu`) or `both`.
fn main() {
    let program = common::program();
    common::run_sizes(&[10_000, 100_000, 1_000_000], |facts| Article4 {
        program: &program,
        fixture: Fixture::new(&program, facts),
    });
}
