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

#[path = "common.rs"]
mod common;
#[path = "cpu_time.rs"]
mod cpu_time;
#[allow(dead_code, reason = "pacta-gen uses more of the generator than the bench")]
#[path = "generator.rs"]
mod generator;

use std::collections::HashMap;

use criterion::measurement::Measurement;
use criterion::{BatchSize, BenchmarkId, Criterion};
use pacta::calendar::{Date, parse_date};
use pacta::eval::{self, Verdict};
use pacta::plan::Program;
use pacta::scenario::Scenario;
use pacta::span::Sources;
use serde_saphyr::Options;

/// pacta's serde-saphyr settings, so the raw baseline parses alike.
fn options(len: usize) -> Options {
    pacta::scenario::yaml_options(len)
}

/// The raw shape of a scenario, as plain serde structs. Every field is
/// read, as pacta reads it, though the baseline needs only some.
#[allow(dead_code)]
mod raw {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Scenario {
        pub description: Option<String>,
        pub as_of: String,
        #[serde(rename = "State", default)]
        pub states: Vec<State>,
        #[serde(rename = "Deployment", default)]
        pub deployments: Vec<Deployment>,
        #[serde(rename = "Consent", default)]
        pub consents: Vec<Consent>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct State {
        pub id: String,
        pub name: String,
        #[serde(default)]
        pub in_europe: bool,
        #[serde(default)]
        pub memberships: Vec<Membership>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Membership {
        pub org: String,
        pub since: String,
        pub until: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Deployment {
        pub id: String,
        pub owner: String,
        pub host: String,
        pub personnel: i64,
        pub since: String,
        pub until: Option<String>,
        pub kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Kind {
        Permanent,
        Rotational,
        Exercise,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Consent {
        pub id: String,
        pub deployment: String,
        pub parties: Vec<String>,
        pub given: String,
    }
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

/// The baseline's input: the raw structs with references resolved to
/// indices and dates parsed, as any hand-written program would hold them.
struct World {
    as_of: Date,
    states: Vec<State>,
    deployments: Vec<Deployment>,
    consents: Vec<Consent>,
}

struct State {
    id: String,
    in_europe: bool,
    memberships: Vec<Membership>,
}

struct Membership {
    org: String,
    since: Date,
    until: Option<Date>,
}

struct Deployment {
    id: String,
    owner: u32,
    host: u32,
    personnel: i64,
    since: Date,
    until: Option<Date>,
    /// Exercise presence does not count under article 4 by default.
    exercise: bool,
}

struct Consent {
    deployment: u32,
    parties: Vec<u32>,
    given: Date,
}

fn date(s: &str) -> Date {
    parse_date(s).expect("date")
}

impl World {
    fn new(raw: &raw::Scenario) -> World {
        let index = |ids: Vec<&str>| -> HashMap<String, u32> {
            ids.into_iter().enumerate().map(|(i, id)| (id.to_string(), u32::try_from(i).unwrap())).collect()
        };
        let states = index(raw.states.iter().map(|s| s.id.as_str()).collect());
        let deployments = index(raw.deployments.iter().map(|d| d.id.as_str()).collect());
        World {
            as_of: date(&raw.as_of),
            states: raw
                .states
                .iter()
                .map(|s| State {
                    id: s.id.clone(),
                    in_europe: s.in_europe,
                    memberships: s
                        .memberships
                        .iter()
                        .map(|m| Membership {
                            org: m.org.clone(),
                            since: date(&m.since),
                            until: m.until.as_deref().map(date),
                        })
                        .collect(),
                })
                .collect(),
            deployments: raw
                .deployments
                .iter()
                .map(|d| Deployment {
                    id: d.id.clone(),
                    owner: states[&d.owner],
                    host: states[&d.host],
                    personnel: d.personnel,
                    since: date(&d.since),
                    until: d.until.as_deref().map(date),
                    exercise: matches!(d.kind, Some(raw::Kind::Exercise)),
                })
                .collect(),
            consents: raw
                .consents
                .iter()
                .map(|c| Consent {
                    deployment: deployments[&c.deployment],
                    parties: c.parties.iter().map(|p| states[p]).collect(),
                    given: date(&c.given),
                })
                .collect(),
        }
    }
}

/// What clause 4.1 finds: deployment ids, in file order.
#[derive(Debug, PartialEq, Eq)]
struct Outcome<'a> {
    violations: Vec<&'a str>,
    waived: Vec<&'a str>,
}

/// Clause 4.1 by hand: the same conditions, in plain loops and hash maps.
fn baseline(w: &World) -> Outcome<'_> {
    let baseline = date("1997-05-27");
    let signature = date("2021-12-17");
    let member_of = |s: &State, org: &str, at: Date| {
        s.memberships.iter().any(|m| m.org == org && m.since <= at && m.until.is_none_or(|u| u > at))
    };
    let in_place = |d: &Deployment, at: Date| d.since <= at && d.until.is_none_or(|u| u > at);
    // Bound by article 4: Russia and NATO's members on the baseline date.
    let bound: Vec<bool> = w.states.iter().map(|s| s.id == "RUS" || member_of(s, "NATO", baseline)).collect();
    // The treaty's parties: Russia and NATO's members on signature day.
    let parties: Vec<u32> = w
        .states
        .iter()
        .enumerate()
        .filter(|(_, s)| s.id == "RUS")
        .chain(w.states.iter().enumerate().filter(|(_, s)| member_of(s, "NATO", signature)))
        .map(|(i, _)| u32::try_from(i).unwrap())
        .collect();
    // Personnel stationed per (owner, host), now and on the baseline date.
    let mut now: HashMap<(u32, u32), i64> = HashMap::new();
    let mut then: HashMap<(u32, u32), i64> = HashMap::new();
    for d in w.deployments.iter().filter(|d| !d.exercise) {
        if in_place(d, w.as_of) {
            *now.entry((d.owner, d.host)).or_default() += d.personnel;
        }
        if in_place(d, baseline) {
            *then.entry((d.owner, d.host)).or_default() += d.personnel;
        }
    }
    let mut consents: HashMap<u32, Vec<&Consent>> = HashMap::new();
    for c in &w.consents {
        consents.entry(c.deployment).or_default().push(c);
    }
    let mut out = Outcome { violations: Vec::new(), waived: Vec::new() };
    for (row, d) in w.deployments.iter().enumerate() {
        let pair = (d.owner, d.host);
        let forbidden = bound[d.owner as usize]
            && !d.exercise
            && d.host != d.owner
            && w.states[d.host as usize].in_europe
            && in_place(d, w.as_of)
            && d.since > baseline
            && now.get(&pair).copied().unwrap_or(0) > then.get(&pair).copied().unwrap_or(0);
        if !forbidden {
            continue;
        }
        let consented = consents
            .get(&u32::try_from(row).unwrap())
            .is_some_and(|cs| cs.iter().any(|c| c.given <= d.since && parties.iter().all(|p| c.parties.contains(p))));
        if consented {
            out.waived.push(&d.id);
        } else {
            out.violations.push(&d.id);
        }
    }
    out
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
