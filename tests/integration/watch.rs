//! `pacta check --watch` and `pacta test --watch` on a temporary project:
//! each edit to a rule or scenario file the run read, and each scenario
//! added to a named directory, shows a new result. Every wait is bounded:
//! past it the process is killed and the test fails.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// The longest a re-run may take to show (a debug build, a busy machine).
const PATIENCE: Duration = Duration::from_secs(60);

const RULES: &str = r#"entity State { name: text }
treaty t "T" { }
article 1 "A" {
  clause 1.1 "No state named X" {
    forbid s: State where s.name == "X"
    message "{s.name} is named X"
  }
}
"#;

/// A project in a fresh temporary directory, removed at the end.
struct Project {
    dir: PathBuf,
}

impl Project {
    fn new(name: &str) -> Project {
        let dir = std::env::temp_dir().join(format!("pacta-watch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("rules")).unwrap();
        std::fs::create_dir_all(dir.join("scenarios")).unwrap();
        std::fs::write(dir.join("rules/t.pacta"), RULES).unwrap();
        Project { dir }
    }

    fn write(&self, path: &str, text: &str) {
        std::fs::write(self.dir.join(path), text).unwrap();
    }

    fn edit(&self, path: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.dir.join(path)).unwrap();
        assert!(text.contains(from), "{path} has no `{from}`");
        self.write(path, &text.replacen(from, to, 1));
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The watching process, killed when dropped (a failed assertion too),
/// with its stdout and stderr lines as they come.
struct Watching {
    child: Child,
    lines: Receiver<(bool, String)>,
    seen: Vec<String>,
    /// Runs whose stdout is complete, and the `[exit code …]` lines that
    /// ended runs on stderr: the two pipes are read apart, so either may
    /// come first, but each keeps its order, so the k-th of each belong
    /// together.
    outs: VecDeque<Vec<String>>,
    ends: VecDeque<String>,
    partial: Vec<String>,
}

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pacta"))
            .args(args)
            .arg("--no-config")
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        let out = BufReader::new(child.stdout.take().unwrap());
        let err = BufReader::new(child.stderr.take().unwrap());
        let tx2 = tx.clone();
        std::thread::spawn(move || out.lines().map_while(Result::ok).for_each(|l| drop(tx.send((true, l)))));
        std::thread::spawn(move || err.lines().map_while(Result::ok).for_each(|l| drop(tx2.send((false, l)))));
        let (outs, ends, partial) = (VecDeque::new(), VecDeque::new(), Vec::new());
        Watching { child, lines, seen: Vec::new(), outs, ends, partial }
    }

    /// The next run: its stdout lines, up to the one `last` recognises,
    /// and its `[exit code …]` line; fails after `PATIENCE`.
    fn next_run(&mut self, last: impl Fn(&str) -> bool) -> (Vec<String>, String) {
        let deadline = Instant::now() + PATIENCE;
        while self.outs.is_empty() || self.ends.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok((stdout, line)) = self.lines.recv_timeout(left) else {
                panic!("no result within {PATIENCE:?}; so far:\n{}", self.seen.join("\n"));
            };
            self.seen.push(line.clone());
            if stdout {
                let done = last(&line);
                self.partial.push(line);
                if done {
                    self.outs.push_back(std::mem::take(&mut self.partial));
                }
            } else if line.starts_with("[exit code") {
                self.ends.push_back(line);
            }
        }
        (self.outs.pop_front().unwrap_or_default(), self.ends.pop_front().unwrap_or_default())
    }

    /// The first run from now on that `wanted` accepts (an editor's save
    /// may show as more than one change, each a run).
    fn until(
        &mut self,
        last: impl Fn(&str) -> bool,
        wanted: impl Fn(&[String], &str) -> bool,
    ) -> (Vec<String>, String) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (out, end) = self.next_run(&last);
            if wanted(&out, &end) {
                return (out, end);
            }
            assert!(Instant::now() < deadline, "no run as wanted; so far:\n{}", self.seen.join("\n"));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The summary line closing a `check --format concise` run.
fn summary(line: &str) -> bool {
    line.contains(" for review")
}

/// The line closing a `pacta test` run.
fn tally(line: &str) -> bool {
    line.contains(" passed, ")
}

#[test]
fn check_watch_shows_each_change_to_the_rules_and_scenarios() {
    let project = Project::new("check");
    project.write("scenarios/one.yaml", "State:\n  - { id: a, name: X }\n");
    let mut watch = Watching::start(&project.dir, &["check", "rules", "scenarios", "--watch", "--format", "concise"]);
    let (out, end) = watch.next_run(summary);
    assert!(out.iter().any(|l| l.contains("violation[t/1.1] X is named X")), "{out:?}");
    assert!(end.starts_with("[exit code 1;"), "{end}");

    project.edit("rules/t.pacta", "s.name == \"X\"", "s.nme == \"X\"");
    let error = |l: &String| l.starts_with("rules/t.pacta:5:29: error[pacta::unknown-field]");
    let (_, end) = watch.until(summary, |out, _| out.iter().any(error));
    assert!(end.starts_with("[exit code 2;"), "{end}");

    // Fixed: the error clears, the violation is back.
    project.edit("rules/t.pacta", "s.nme == \"X\"", "s.name == \"X\"");
    let (out, end) = watch.until(summary, |out, _| !out.iter().any(error));
    assert!(!out.iter().any(|l| l.contains("error")), "{out:?}");
    assert!(out.iter().any(|l| l.contains("violation[t/1.1]")), "{out:?}");
    assert!(end.starts_with("[exit code 1;"), "{end}");

    // A scenario added to the directory named is judged too.
    project.write("scenarios/two.yaml", "State:\n  - { id: b, name: Y }\n");
    let two = |l: &String| l.starts_with("2 scenarios, 1 clause, 2 facts: 1 violation");
    watch.until(summary, |out, _| out.iter().any(two));
    // Not a terminal: the screen is never cleared.
    assert!(!watch.seen.iter().any(|l| l.contains("\u{1b}[")), "{:?}", watch.seen);
}

#[test]
fn test_watch_shows_an_expectation_failing_and_passing_again() {
    let project = Project::new("test");
    let scenario = "State:\n  - { id: a, name: X }\nexpect:\n  violations: [{ clause: t/1.1, subject: a }]\n";
    project.write("scenarios/one.yaml", scenario);
    let mut watch = Watching::start(&project.dir, &["test", "rules", "scenarios/one.yaml", "--watch"]);
    let (out, end) = watch.next_run(tally);
    assert_eq!(out.last().map(String::as_str), Some("1 passed, 0 failed"), "{out:?}");
    assert!(end.starts_with("[exit code 0;"), "{end}");

    project.edit("scenarios/one.yaml", "name: X", "name: Y");
    let failed = |out: &[String]| out.last().is_some_and(|l| l == "0 passed, 1 failed");
    let (_, end) = watch.until(tally, |out, _| failed(out));
    assert!(end.starts_with("[exit code 1;"), "{end}");

    project.edit("scenarios/one.yaml", "name: Y", "name: X");
    let (_, end) = watch.until(tally, |out, _| !failed(out));
    assert!(end.starts_with("[exit code 0;"), "{end}");
}

#[test]
fn watching_standard_input_is_refused() {
    let out = crate::common::pacta(&["check", "rules", "-", "--watch", "--no-config"]);
    assert_eq!(crate::common::code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--watch cannot watch standard input"));
}
