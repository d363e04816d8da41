//! What the `article4` and `regorus` benches share: sizes, seed, the rule
//! library cut down to clause 4.1, loading a generated scenario, the clock
//! choice and the settings of every benchmark group.

use std::path::PathBuf;
use std::time::Duration;

use criterion::measurement::Measurement;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};
use pacta::plan::Program;
use pacta::scenario::{self, Scenario};
use pacta::span::Sources;

use super::cpu_time::CpuTime;

pub const CLAUSE: &str = "nato_russia_2021/4.1";

/// `PACTA_BENCH_FACTS=10000,100000`, else `default`; 10000 alone under
/// `cargo test --benches`, which runs each benchmark once, unoptimised,
/// without `--bench`: the smallest size is check enough.
pub fn sizes(default: &[usize]) -> Vec<usize> {
    match std::env::var("PACTA_BENCH_FACTS") {
        Ok(list) => list.split(',').map(|n| n.trim().replace('_', "").parse().expect("PACTA_BENCH_FACTS")).collect(),
        Err(_) if !std::env::args().any(|a| a == "--bench") => vec![10_000],
        Err(_) => default.to_vec(),
    }
}

pub fn seed() -> u64 {
    std::env::var("PACTA_BENCH_SEED").map_or(7, |s| s.parse().expect("PACTA_BENCH_SEED"))
}

/// The real rule library, with clause 4.1 alone.
pub fn program() -> Program {
    let mut sources = Sources::new();
    let rules = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"));
    let checked =
        pacta::load_rules(std::slice::from_ref(&rules), &mut sources, &pacta::input::Access::within([rules.as_path()]))
            .unwrap_or_else(|e| panic!("rules/ does not check: {e:?}"));
    let mut program = checked.program;
    program.clauses.retain(|c| c.qualified_id == CLAUSE);
    assert_eq!(program.clauses.len(), 1, "no clause {CLAUSE} in rules/");
    program
}

pub fn load_pacta(program: &Program, text: String) -> (Scenario, Sources) {
    let mut sources = Sources::new();
    let scenario = scenario::load_str(
        PathBuf::from("generated.yaml"),
        text,
        &program.schema,
        &mut sources,
        &pacta::input::Access::default(),
    )
    .unwrap_or_else(|e| panic!("the generated scenario does not load: {:?}", &e[..e.len().min(5)]));
    (scenario, sources)
}

/// `PACTA_BENCH_CLOCK`: `wall` (default), `cpu` (this thread's CPU time,
/// groups suffixed `-cpu`) or `both`, as (wall, cpu).
pub fn clocks() -> (bool, bool) {
    match std::env::var("PACTA_BENCH_CLOCK").unwrap_or_else(|_| "wall".into()).as_str() {
        "wall" => (true, false),
        "cpu" => (false, true),
        "both" => (true, true),
        other => panic!("PACTA_BENCH_CLOCK={other}: expected wall, cpu or both"),
    }
}

/// A group of ten flat samples, each one run, measured longer for the
/// larger sizes (criterion stretches it anyway when ten samples do not fit:
/// a group takes eleven runs, one to warm up and ten to measure).
pub fn group<'c, M: Measurement>(c: &'c mut Criterion<M>, name: String, facts: usize) -> BenchmarkGroup<'c, M> {
    let measurement = match facts {
        0..=20_000 => Duration::from_secs(3),
        20_001..=200_000 => Duration::from_secs(5),
        _ => Duration::from_secs(10),
    };
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(measurement)
        .throughput(Throughput::Elements(facts as u64));
    group
}

/// The benchmarks of one size, run under one clock (`suffix` tells the
/// clocks' groups apart).
pub trait Suite {
    fn run<M: Measurement>(&mut self, c: &mut Criterion<M>, suffix: &str);
}

/// For each size (`default` unless `PACTA_BENCH_FACTS` says otherwise):
/// builds its suite, then runs it under the clocks `PACTA_BENCH_CLOCK`
/// picks: wall time (groups as named), this thread's CPU time (groups
/// suffixed `-cpu`), or both.
pub fn run_sizes<S: Suite>(default: &[usize], mut suite: impl FnMut(usize) -> S) {
    let (wall, cpu) = clocks();
    let mut wall_clock = Criterion::default().configure_from_args();
    let mut cpu_clock = Criterion::default().with_measurement(CpuTime).configure_from_args();
    for facts in sizes(default) {
        let mut s = suite(facts);
        if wall {
            s.run(&mut wall_clock, "");
        }
        if cpu {
            s.run(&mut cpu_clock, "-cpu");
        }
    }
    if wall {
        wall_clock.final_summary();
    }
    if cpu {
        cpu_clock.final_summary();
    }
}
