//! `pacta-e2e`: the whole `pacta check` command, end to end, against what a
//! user would pick instead, on generated scenarios of growing size.
//!
//! ```text
//! cargo build --release --bin pacta --example pacta-e2e
//! target/release/examples/pacta-e2e [--sizes 10000,100000,1000000] [--runs 3] [--seed 7] [--dir target/e2e]
//! ```
//!
//! For each size the generator of `pacta-gen` writes the scenario as YAML
//! and as JSON (the same facts; kept in `--dir` and reused), then each
//! contender runs `--runs` times, in turn, each run its own process (read
//! the file, parse, judge clause 4.1 of draft B, print the result):
//!
//! - `pacta yaml` / `pacta json`: `pacta check rules FILE --clause
//!   nato_russia_2021/4.1 --format concise`;
//! - `pacta json, all`: the same JSON file against the whole library (what
//!   a user runs; more clauses, more findings);
//! - `yaml+join`: serde-saphyr (pacta's own YAML parser, with its options)
//!   into plain structs, and the clause as hand-written hash joins
//!   (`baseline.rs`); `json+join`: serde_json into the same structs;
//! - `regorus`: the JSON file into regorus (Microsoft's Rego interpreter)
//!   and `benches/article4.rego`.
//!
//! Before timing, every contender's violating and waived deployment ids
//! are compared with the hand-written baseline's (pacta's from a
//! `--format json` run); a disagreement stops the bench. The table gives
//! the median wall time of each (and the peak RSS of the median run, from
//! `/usr/bin/time` where it exists) and the ratios the targets of
//! `docs/performance.md` are stated in.
//!
//! `pacta-e2e baseline yaml|json|regorus FILE` runs one contender once and
//! prints `violations V waived W ids DIGEST`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "baseline.rs"]
mod baseline;
#[allow(dead_code, reason = "the bench uses more of the generator than this binary")]
#[path = "generator.rs"]
mod generator;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use baseline::{World, raw};

const CLAUSE: &str = "nato_russia_2021/4.1";
const POLICY: &str = include_str!("article4.rego");

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("baseline") {
        let (Some(kind), Some(file)) = (args.get(1), args.get(2)) else {
            eprintln!("usage: pacta-e2e baseline yaml|json|regorus FILE");
            return ExitCode::from(2);
        };
        let text = std::fs::read_to_string(file).expect("read the scenario");
        let (violations, waived) = contender(kind, &text);
        println!("violations {} waived {} ids {}", violations.len(), waived.len(), digest(&violations, &waived));
        return ExitCode::SUCCESS;
    }
    let settings = Settings::parse(&args);
    std::fs::create_dir_all(&settings.dir).expect("create --dir");
    println!("{}", Row::header());
    for &facts in &settings.sizes {
        let row = measure(&settings, facts);
        println!("{}", row.render());
    }
    ExitCode::SUCCESS
}

/// Runs one hand-written contender on `text`: the ids it finds, sorted.
fn contender(kind: &str, text: &str) -> (Vec<String>, Vec<String>) {
    let sorted = |mut ids: Vec<String>| {
        ids.sort();
        ids
    };
    let outcome = |scenario: &raw::Scenario| {
        let world = World::new(scenario);
        let out = baseline::baseline(&world);
        let owned = |ids: Vec<&str>| sorted(ids.into_iter().map(String::from).collect());
        (owned(out.violations), owned(out.waived))
    };
    match kind {
        "yaml" => {
            let options = pacta::scenario::yaml_options(text.len());
            outcome(&serde_saphyr::from_str_with_options(text, options).expect("YAML"))
        }
        "json" => outcome(&serde_json::from_str(text).expect("JSON")),
        "regorus" => {
            let mut engine = regorus::Engine::new();
            engine.add_policy("article4.rego".into(), POLICY.into()).expect("article4.rego");
            engine.set_input(regorus::Value::from_json_str(text).expect("regorus reads JSON"));
            let value = engine.eval_rule("data.article4.outcome".into()).expect("regorus evaluates");
            let ids = |key: &str| {
                let set = value[key].as_set().expect("a set");
                sorted(set.iter().map(|v| v.as_string().expect("an id").to_string()).collect())
            };
            (ids("violations"), ids("waived"))
        }
        other => panic!("unknown contender `{other}`"),
    }
}

/// FNV-1a over the sorted ids, to compare contenders in one line.
fn digest(violations: &[String], waived: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for id in violations.iter().chain(std::iter::once(&String::from("|"))).chain(waived) {
        for byte in id.bytes().chain(std::iter::once(b'\n')) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

struct Settings {
    sizes: Vec<usize>,
    runs: usize,
    seed: u64,
    dir: PathBuf,
    pacta: PathBuf,
    myself: PathBuf,
    root: PathBuf,
}

impl Settings {
    fn parse(args: &[String]) -> Settings {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let myself = std::env::current_exe().expect("own path");
        // target/release/examples/pacta-e2e → target/release/pacta
        let pacta = myself.parent().and_then(Path::parent).expect("target dir").join("pacta");
        let mut s = Settings {
            sizes: vec![10_000, 100_000, 1_000_000],
            runs: 3,
            seed: 7,
            dir: root.join("target/e2e"),
            pacta,
            myself,
            root,
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
            match flag.as_str() {
                "--sizes" => s.sizes = value.split(',').map(|n| n.parse().expect("--sizes N,N")).collect(),
                "--runs" => s.runs = value.parse().expect("--runs N"),
                "--seed" => s.seed = value.parse().expect("--seed N"),
                "--dir" => s.dir = PathBuf::from(value),
                "--pacta" => s.pacta = PathBuf::from(value),
                other => panic!("unknown flag {other}"),
            }
        }
        assert!(s.pacta.exists(), "no pacta binary at {}: cargo build --release --bin pacta", s.pacta.display());
        s
    }

    /// The scenario of `facts` facts in `style`, generated unless present.
    fn scenario(&self, facts: usize, style: generator::Style) -> PathBuf {
        let ext = if style == generator::Style::Json { "json" } else { "yaml" };
        let path = self.dir.join(format!("s{facts}-{}.{ext}", self.seed));
        if !path.exists() {
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create scenario"));
            generator::write_as(style, &mut out, facts, self.seed).expect("write scenario");
        }
        path
    }
}

/// One contender's command line.
struct Run {
    name: &'static str,
    command: Vec<String>,
}

impl Run {
    fn pacta(s: &Settings, name: &'static str, file: &Path, all: bool) -> Run {
        let mut command =
            vec![s.pacta.display().to_string(), "check".into(), s.root.join("rules").display().to_string()];
        command.push(file.display().to_string());
        if !all {
            command.extend(["--clause".into(), CLAUSE.into()]);
        }
        command.extend(["--format".into(), "concise".into(), "--no-config".into()]);
        Run { name, command }
    }

    fn baseline(s: &Settings, name: &'static str, kind: &str, file: &Path) -> Run {
        let command = vec![s.myself.display().to_string(), "baseline".into(), kind.into(), file.display().to_string()];
        Run { name, command }
    }

    /// Wall time (s) and peak RSS (KiB, when `/usr/bin/time` exists) of one run.
    fn time(&self, cwd: &Path) -> (f64, Option<u64>) {
        let timer = Path::new("/usr/bin/time");
        let mut command = if timer.exists() {
            let mut c = Command::new(timer);
            c.args(["-f", "rss %M"]).args(&self.command);
            c
        } else {
            let mut c = Command::new(&self.command[0]);
            c.args(&self.command[1..]);
            c
        };
        let started = Instant::now();
        let out = command.current_dir(cwd).output().expect("run");
        let wall = started.elapsed().as_secs_f64();
        // pacta exits 1 on violations, which every workload has.
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}: {}", self.name, String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let rss = stderr.lines().rev().find_map(|l| l.strip_prefix("rss ")).and_then(|n| n.trim().parse().ok());
        (wall, rss)
    }
}

/// The ids `pacta check --format json` reports for the clause.
fn pacta_ids(s: &Settings, file: &Path) -> String {
    let out = Command::new(&s.pacta)
        .args(["check", "rules", &file.display().to_string(), "--clause", CLAUSE, "--format", "json", "--no-config"])
        .current_dir(&s.root)
        .output()
        .expect("pacta");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("pacta's JSON report");
    let ids = |verdict: &str| {
        let mut ids: Vec<String> = report["scenarios"][0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["clause"] == CLAUSE && f["verdict"] == verdict)
            .map(|f| f["subjects"][0]["id"].as_str().expect("an id").to_string())
            .collect();
        ids.sort();
        ids
    };
    let (violations, waived) = (ids("violation"), ids("waived"));
    format!("violations {} waived {} ids {}", violations.len(), waived.len(), digest(&violations, &waived))
}

/// The figures of one size.
struct Row {
    facts: usize,
    yaml_mb: f64,
    json_mb: f64,
    /// Median wall time and peak RSS per contender, in `CONTENDERS` order.
    medians: Vec<(f64, Option<u64>)>,
}

const CONTENDERS: [&str; 6] = ["pacta yaml", "yaml+join", "pacta json", "json+join", "regorus", "pacta json, all"];

fn measure(s: &Settings, facts: usize) -> Row {
    let yaml = s.scenario(facts, generator::Style::Yaml);
    let json = s.scenario(facts, generator::Style::Json);
    let runs = [
        Run::pacta(s, CONTENDERS[0], &yaml, false),
        Run::baseline(s, CONTENDERS[1], "yaml", &yaml),
        Run::pacta(s, CONTENDERS[2], &json, false),
        Run::baseline(s, CONTENDERS[3], "json", &json),
        Run::baseline(s, CONTENDERS[4], "regorus", &json),
        Run::pacta(s, CONTENDERS[5], &json, true),
    ];
    // The comparison is honest only if all compute the same thing.
    let expected = stdout_of(&runs[1], &s.root);
    for (name, got) in [
        ("pacta yaml", pacta_ids(s, &yaml)),
        ("pacta json", pacta_ids(s, &json)),
        ("json+join", stdout_of(&runs[3], &s.root)),
        ("regorus", stdout_of(&runs[4], &s.root)),
    ] {
        assert_eq!(got, expected, "{facts} facts: {name} disagrees with the hand-written baseline");
    }
    eprintln!("{facts} facts: all agree ({expected})");
    let mut samples: Vec<Vec<(f64, Option<u64>)>> = vec![Vec::new(); runs.len()];
    for _ in 0..s.runs {
        for (run, out) in runs.iter().zip(&mut samples) {
            out.push(run.time(&s.root));
        }
    }
    let medians = samples
        .into_iter()
        .map(|mut runs| {
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            runs[runs.len() / 2]
        })
        .collect();
    let mb = |p: &Path| std::fs::metadata(p).map_or(0.0, |m| m.len() as f64 / 1e6);
    Row { facts, yaml_mb: mb(&yaml), json_mb: mb(&json), medians }
}

fn stdout_of(run: &Run, cwd: &Path) -> String {
    let out = Command::new(&run.command[0]).args(&run.command[1..]).current_dir(cwd).output().expect("run");
    assert!(out.status.success(), "{}: {}", run.name, String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

impl Row {
    fn header() -> String {
        let names: Vec<String> = CONTENDERS.iter().map(|c| format!("{c} (s, RSS)")).collect();
        format!(
            "| facts | YAML MB | JSON MB | {} | pacta yaml ÷ yaml+join | pacta json ÷ json+join | pacta json ÷ regorus | RSS ÷ file (yaml, json) |\n|{}",
            names.join(" | "),
            "---|".repeat(CONTENDERS.len() + 7)
        )
    }

    fn render(&self) -> String {
        let cell = |(wall, rss): (f64, Option<u64>)| match rss {
            Some(kib) => format!("{wall:.3} ({:.0} MB)", megabytes(kib)),
            None => format!("{wall:.3}"),
        };
        let wall = |i: usize| self.medians[i].0;
        // Both in MB (10^6 bytes), as the files are measured.
        let rss_ratio = |i: usize, mb: f64| {
            self.medians[i].1.map_or_else(|| "–".to_string(), |kib| format!("{:.2}", megabytes(kib) / mb))
        };
        let cells: Vec<String> = self.medians.iter().map(|m| cell(*m)).collect();
        format!(
            "| {} | {:.1} | {:.1} | {} | {:.2}× | {:.2}× | {:.2}× | {}, {} |",
            self.facts,
            self.yaml_mb,
            self.json_mb,
            cells.join(" | "),
            wall(0) / wall(1),
            wall(2) / wall(3),
            wall(2) / wall(4),
            rss_ratio(0, self.yaml_mb),
            rss_ratio(2, self.json_mb),
        )
    }
}

/// GNU time's `%M` (KiB) in MB (10^6 bytes). Until December 2026 the
/// table divided MiB by MB, and gave ratios 4.9% too small.
fn megabytes(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1e6
}
