//! Replays `fuzz/regressions/**`: every minimised input that once broke the
//! standard (a panic, a hang, unbounded memory, planned ≠ unplanned
//! findings) runs through the same harness as its fuzz target, compiled
//! here from `fuzz/fuzz_targets/` (the targets themselves only wrap these
//! harnesses in `fuzz_target!`), and `fuzz/regressions/cli/` runs through
//! the `pacta` binary, which must answer with exit code 1 or 2.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;
#[path = "../fuzz/fuzz_targets/harness/one_binding.rs"]
mod one_binding;
#[path = "../fuzz/fuzz_targets/harness/rules.rs"]
mod rules;
#[path = "../fuzz/fuzz_targets/harness/rules_and_eval.rs"]
mod rules_and_eval;
#[path = "../fuzz/fuzz_targets/harness/scenario.rs"]
mod scenario;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files of `fuzz/regressions/<target>/`, sorted, with their names
/// (none when the directory does not exist yet).
fn inputs(target: &str) -> Vec<(String, PathBuf)> {
    let dir = root().join("fuzz/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Runs `harness` on each input of `target`; a panic fails the test,
/// naming the input.
fn replay(target: &str, harness: impl Fn(&str, &[u8])) {
    for (name, path) in inputs(target) {
        let data = std::fs::read(&path).unwrap();
        let outcome = catch_unwind(AssertUnwindSafe(|| harness(&name, &data)));
        assert!(outcome.is_ok(), "fuzz/regressions/{target}/{name}: the {target} harness panicked (see above)");
    }
}

#[test]
fn rules_regressions() {
    replay("rules", |_, data| rules::run(data));
}

#[test]
fn scenario_regressions() {
    replay("scenario", |_, data| scenario::run(data));
}

/// Inputs whose evaluation is slow by design (they exist to show that a
/// budget stops it): replayed with this step budget per clause instead of
/// the default (1,000,000,000 steps, ~25 s in a release build), so that
/// they stop within milliseconds. Still checks that the run ends with an
/// error, not a panic, and that the budget is counted.
const SLOW: &[&str] = &["nested-exists-budget"];
const SMALL_BUDGET: u64 = 100_000;

#[test]
fn rules_and_eval_regressions() {
    replay("rules_and_eval", |name, data| {
        if SLOW.contains(&name) {
            rules_and_eval::run_with(data, Some(SMALL_BUDGET));
        } else {
            rules_and_eval::run(data);
        }
    });
}

#[test]
fn one_binding_regressions() {
    replay("one_binding", |name, data| {
        if SLOW.contains(&name) {
            one_binding::run_with(data, Some(SMALL_BUDGET));
        } else {
            one_binding::run(data);
        }
    });
}

/// The `one_binding` target's fixed rule file checks and its scenario
/// loads, with more than two words of 64 deployments: otherwise every
/// fuzzed input would stop at the harness's `expect`, or miss the
/// prefilter's word boundaries.
#[test]
fn one_binding_fixture() {
    const { assert!(one_binding::ROWS > 128) };
    let text = one_binding::rules("d.personnel > limit and d.host.in_europe");
    let mut sources = pacta::span::Sources::new();
    let file = sources.add(PathBuf::from("fuzz.pacta"), text.clone());
    let module = pacta::syntax::parse(file, &text).unwrap();
    let set = pacta::rules::RuleSet { modules: vec![module], imports: vec![Vec::new()], named: [0].into() };
    let program = pacta::check::check(&set, &sources).unwrap().program;
    let scenario = pacta::scenario::load_str(
        PathBuf::from("scenario.yaml"),
        one_binding::scenario().to_owned(),
        &program.schema,
        &mut sources,
        &common::project(),
    )
    .unwrap();
    let evaluation = pacta::eval::evaluate(&program, &scenario, &sources, &pacta::eval::Options::default()).unwrap();
    assert_eq!(evaluation.facts, 9 + one_binding::ROWS);
    assert!(!evaluation.findings.is_empty());
    // The fixture itself agrees planned and unplanned.
    one_binding::run(b"d.personnel > limit and d.host.in_europe");
}

/// How each `fuzz/regressions/cli/` input is run (the README's table):
/// the rule file, then the scenarios given with it, relative to
/// `fuzz/regressions/cli/`, and the answer required. Files that are only
/// given with others (the scenarios) have no row.
const CLI: &[(&str, &[&str], Answer)] = &[
    ("import-dev-zero.pacta", &[], Answer::Fails),
    (
        "list-doubling.pacta",
        &["one-fact.yaml"],
        Answer::Indeterminate("cannot decide (arithmetic): list longer than 10000000 items"),
    ),
    (
        "text-doubling.pacta",
        &["one-fact.yaml"],
        Answer::Indeterminate("cannot decide (arithmetic): text longer than 16777216 bytes"),
    ),
];

#[derive(Debug, Clone, Copy)]
enum Answer {
    /// Exit code 1 or 2, with a diagnostic.
    Fails,
    /// The run ends with an indeterminate finding that gives this reason:
    /// exit code 4 ("could not decide", `docs/cli.md`).
    Indeterminate(&'static str),
}

/// Longest a broken input may keep the binary running.
const CLI_LIMIT: Duration = Duration::from_secs(60);

/// Reads a child's pipe on a thread, so that a full pipe never blocks it.
fn drain(pipe: Option<impl std::io::Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    let mut pipe = pipe.unwrap();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    })
}

/// Each input under `fuzz/regressions/cli/` through `pacta check`, from the
/// repository root: it must end within [`CLI_LIMIT`], never by a signal
/// (an abort, the OOM killer) nor with exit code 3 (a panic), and give the
/// answer [`CLI`] says.
#[test]
fn cli_regressions() {
    let dir = Path::new("fuzz/regressions/cli");
    let companions: Vec<&str> = CLI.iter().flat_map(|(_, with, _)| with.iter().copied()).collect();
    for (name, _) in inputs("cli") {
        assert!(
            CLI.iter().any(|(n, _, _)| *n == name) || companions.contains(&name.as_str()),
            "fuzz/regressions/cli/{name}: say how it runs in CLI (tests/fuzz_regressions.rs) and in fuzz/README.md"
        );
    }
    for (name, with, answer) in CLI {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pacta"));
        cmd.current_dir(root()).arg("check").arg(dir.join(name));
        for w in *with {
            cmd.arg(dir.join(w));
        }
        cmd.args(["--color", "never"]).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let (stdout, stderr) = (drain(child.stdout.take()), drain(child.stderr.take()));
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > CLI_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("fuzz/regressions/cli/{name}: `pacta check` still running after {CLI_LIMIT:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let output = format!("{}{}", stdout.join().unwrap(), stderr.join().unwrap());
        let code = status.code();
        let ok = match answer {
            Answer::Fails => matches!(code, Some(1 | 2)),
            Answer::Indeterminate(reason) => {
                code == Some(4) && output.contains(reason) && output.contains(" 1 indeterminate")
            }
        };
        assert!(
            ok,
            "fuzz/regressions/cli/{name}: `pacta check` should answer {answer:?}, got {status}; output:\n{output}"
        );
    }
}
