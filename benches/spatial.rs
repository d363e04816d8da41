//! `pacta-spatial`: a spatial clause, end to end, against the same
//! computation written by hand.
//!
//! ```text
//! cargo build --release --bin pacta --example pacta-spatial
//! target/release/examples/pacta-spatial [--sizes 1000,10000,100000] [--runs 3]
//! ```
//!
//! The workload: `N` deployments, most with a position (a point between the
//! Atlantic and the Urals), the others located by their host's capital,
//! owned by the United States, Russia or a third state, in a scenario that
//! includes the bundled reference data (`rules/data/states.yaml`: 64 states
//! with their outlines). The clause: draft A's 5.1, a deployment of one
//! party abroad within `threat_zone_km` (1,000 km) of the other party's
//! territory (`within_reach`, a geodesic distance to the nearest point of a
//! territory of thousands of vertices).
//!
//! Contenders, each its own process, run in turn:
//! - `pacta`: `pacta check rules FILE --clause us_russia_2021/5.1`;
//! - `hand`: serde-saphyr into plain structs (the scenario and the
//!   reference data), each territory prepared once (`pacta::area::Area`:
//!   a bounding box and an R-tree of edges, what a careful hand-written
//!   program would build with `geo` and `rstar`), the clause as a loop.
//!
//! Before timing, both must find the same deployments. The table gives
//! median wall times over `--runs` and the ratio the target of
//! docs/performance.md is stated in (pacta ÷ hand, at most 3×).
//!
//! `pacta-spatial hand FILE` runs the hand-written program once and prints
//! `findings F ids DIGEST`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use pacta::area::Area;
use serde::Deserialize;

const CLAUSE: &str = "us_russia_2021/5.1";
const THREAT_ZONE_KM: f64 = 1000.0;
const AS_OF: &str = "2022-01-15";
/// Hosts: states of the reference data with a capital.
const HOSTS: [&str; 16] =
    ["POL", "EST", "LVA", "LTU", "DEU", "ROU", "BGR", "NOR", "FIN", "UKR", "BLR", "GEO", "ARM", "KAZ", "TUR", "ITA"];
const OWNERS: [&str; 4] = ["USA", "RUS", "GBR", "USA"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("hand") {
        let Some(file) = args.get(1) else {
            eprintln!("usage: pacta-spatial hand FILE");
            return ExitCode::from(2);
        };
        let ids = hand(Path::new(file));
        println!("findings {} ids {}", ids.len(), digest(&ids));
        return ExitCode::SUCCESS;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let myself = std::env::current_exe().expect("own path");
    let pacta = myself.parent().and_then(Path::parent).expect("target dir").join("pacta");
    assert!(pacta.exists(), "no pacta binary at {}: cargo build --release --bin pacta", pacta.display());
    let (mut sizes, mut runs) = (vec![1_000, 10_000, 100_000], 3);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--sizes" => sizes = value.split(',').map(|n| n.parse().expect("--sizes N,N")).collect(),
            "--runs" => runs = value.parse().expect("--runs N"),
            other => panic!("unknown flag {other}"),
        }
    }
    let dir = root.join("target/spatial");
    std::fs::create_dir_all(&dir).expect("create target/spatial");
    println!("| deployments | findings | pacta (s) | hand (s) | pacta ÷ hand |");
    println!("|---:|---:|---:|---:|---:|");
    for n in sizes {
        let file = dir.join(format!("spatial-{n}.yaml"));
        std::fs::write(&file, scenario(n, &root)).expect("write the scenario");
        let pacta_cmd = |format: &str| {
            let mut c = Command::new(&pacta);
            c.args(["check", "rules", &file.display().to_string(), "--clause", CLAUSE, "--no-config"]);
            c.args(["--format", format]).current_dir(&root);
            c
        };
        let mut hand_cmd = Command::new(&myself);
        hand_cmd.args(["hand", &file.display().to_string()]).current_dir(&root);
        let expected = String::from_utf8(hand_cmd.output().expect("hand").stdout).expect("utf-8");
        let got = pacta_ids(&pacta_cmd("json").output().expect("pacta").stdout);
        assert_eq!(got, expected.trim_end(), "{n} deployments: pacta and the hand-written program disagree");
        let (mut p, mut h) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            p.push(time(&mut pacta_cmd("concise")));
            h.push(time(&mut hand_cmd));
        }
        let (p, h) = (median(p), median(h));
        let findings = got.split_whitespace().nth(1).unwrap_or("?").to_string();
        println!("| {n} | {findings} | {p:.3} | {h:.3} | {:.2}× |", p / h);
    }
    ExitCode::SUCCESS
}

/// The scenario of `n` deployments, deterministic (splitmix64, seed 7).
fn scenario(n: usize, root: &Path) -> String {
    let states = root.join("rules/data/states.yaml");
    let mut out = format!("# pacta-spatial {n}\nas_of: {AS_OF}\ninclude: [{}]\nDeployment:\n", states.display());
    let mut state = 7u64;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in 0..n {
        let r = next();
        let owner = OWNERS[(r % 4) as usize];
        let host = HOSTS[((r >> 8) % HOSTS.len() as u64) as usize];
        let lat = 35.0 + ((r >> 16) % 3500) as f64 / 100.0;
        let lon = -10.0 + ((r >> 32) % 7000) as f64 / 100.0;
        let since = if (r >> 48) % 10 == 0 { "2023-01-01" } else { "2021-03-01" };
        let _ = write!(out, "  - {{ id: d{i:07}, owner: {owner}, host: {host}, personnel: 100, since: {since}");
        if (r >> 52) % 5 != 0 {
            let _ = write!(out, ", position: {{ lat: {lat:.2}, lon: {lon:.2} }}");
        }
        out.push_str(" }\n");
    }
    out
}

#[derive(Deserialize)]
struct Scenario {
    include: Vec<String>,
    #[serde(rename = "Deployment")]
    deployments: Vec<Deployment>,
}

#[derive(Deserialize)]
struct Deployment {
    id: String,
    owner: String,
    host: String,
    since: String,
    until: Option<String>,
    position: Option<LatLon>,
}

#[derive(Deserialize, Clone, Copy)]
struct LatLon {
    lat: f64,
    lon: f64,
}

#[derive(Deserialize)]
struct States {
    #[serde(rename = "State")]
    states: Vec<State>,
}

#[derive(Deserialize)]
struct State {
    id: String,
    capital: Option<LatLon>,
    territory: Option<Territory>,
}

#[derive(Deserialize)]
struct Territory {
    coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

/// The clause by hand: the ids of the deployments it finds, sorted.
fn hand(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).expect("read the scenario");
    // pacta's options: serde-saphyr's default budget stops at 250,000 nodes.
    let options = pacta::scenario::yaml_options(text.len());
    let scenario: Scenario = serde_saphyr::from_str_with_options(&text, options).expect("the scenario");
    let states_text = std::fs::read_to_string(&scenario.include[0]).expect("read the reference data");
    let states: States = serde_saphyr::from_str(&states_text).expect("the reference data");
    let capitals: HashMap<&str, LatLon> =
        states.states.iter().filter_map(|s| Some((s.id.as_str(), s.capital?))).collect();
    let area = |id: &str| {
        let state = states.states.iter().find(|s| s.id == id).expect("a party");
        let polygons = state.territory.as_ref().expect("a territory").coordinates.iter().map(|rings| {
            let ring = |r: &Vec<[f64; 2]>| geo::LineString::from(r.iter().map(|&[x, y]| (x, y)).collect::<Vec<_>>());
            geo::Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect())
        });
        Area::new(geo::MultiPolygon(polygons.collect()))
    };
    let (usa, rus) = (area("USA"), area("RUS"));
    let mut ids: Vec<String> = scenario
        .deployments
        .iter()
        .filter(|d| d.owner == "USA" || d.owner == "RUS")
        .filter(|d| d.host != d.owner && d.since.as_str() <= AS_OF && d.until.as_deref().is_none_or(|u| u > AS_OF))
        .filter(|d| {
            let Some(at) = d.position.or_else(|| capitals.get(d.host.as_str()).copied()) else { return false };
            let other = if d.owner == "USA" { &rus } else { &usa };
            other.distance_km(geo::Point::new(at.lon, at.lat)).is_some_and(|km| km <= THREAT_ZONE_KM)
        })
        .map(|d| d.id.clone())
        .collect();
    ids.sort();
    ids
}

/// The deployments of the clause's findings in pacta's JSON report.
fn pacta_ids(report: &[u8]) -> String {
    let report: serde_json::Value = serde_json::from_slice(report).expect("pacta's JSON report");
    let mut ids: Vec<String> = report["scenarios"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["clause"] == CLAUSE)
        .map(|f| f["subjects"][0]["id"].as_str().expect("an id").to_string())
        .collect();
    ids.sort();
    format!("findings {} ids {}", ids.len(), digest(&ids))
}

fn digest(ids: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in ids.iter().flat_map(|id| id.bytes().chain(std::iter::once(b'\n'))) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn time(command: &mut Command) -> f64 {
    let started = Instant::now();
    let out = command.output().expect("run");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    started.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
