//! Hostile input, as data: every `tests/hostile/<class>/<case>.toml`
//! builds a small project in a temporary directory, runs the `pacta`
//! binary on it and states what must come out. See
//! `tests/hostile/README.md` for the case format. One test per case:
//! `hostile::CLASS::NAME`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use libtest_mimic::Trial;
use serde::Deserialize;

use crate::{common, trial};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    args: Vec<String>,
    exit: i32,
    /// Every `pacta::` error reported, as `code at file:line:col` (or the
    /// bare code when it has no location); `None`: not checked.
    errors: Option<Vec<String>>,
    #[serde(default)]
    stdout_has: Vec<String>,
    #[serde(default)]
    stdout_lacks: Vec<String>,
    #[serde(default)]
    stderr_has: Vec<String>,
    #[serde(default)]
    stderr_lacks: Vec<String>,
    /// The most bytes stdout may have.
    stdout_max_bytes: Option<usize>,
    /// Send stdout to this file instead of a pipe (`/dev/full`).
    stdout: Option<String>,
    #[serde(default)]
    files: Vec<File>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    path: String,
    #[serde(default)]
    text: String,
    /// A line repeated `count` times after `text`, with `{i}` (1, 2, …),
    /// `{p}` (`{i}` − 1) and `{n}` (`{i}` + 1) replaced.
    each: Option<String>,
    count: Option<usize>,
    /// This many files (a chain of includes), `{i}`, `{p}` and `{n}`
    /// replaced in path and text as in `each`.
    copies: Option<usize>,
    #[serde(default)]
    tail: String,
    /// A symbolic link to this target instead of a file.
    link: Option<String>,
    /// A sparse file of this many bytes instead of text.
    size: Option<u64>,
}

/// Where a case runs: `project/` (the working directory) and `outside/`,
/// which holds files no project input may read.
struct Sandbox {
    dir: PathBuf,
}

impl Sandbox {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("pacta-hostile-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("project")).unwrap();
        std::fs::create_dir_all(dir.join("outside")).unwrap();
        std::fs::write(dir.join("outside/secret.pacta"), "SECRET-RULES entity X { n: int }\n").unwrap();
        std::fs::write(dir.join("outside/secret.yaml"), "SECRET-CONTENT:\n  - id: s\n").unwrap();
        Sandbox { dir }
    }

    fn project(&self) -> PathBuf {
        self.dir.join("project")
    }

    /// `{root}`, `{outside}` and `{repo}` in a text.
    fn fill(&self, s: &str) -> String {
        s.replace("{root}", &self.project().display().to_string())
            .replace("{outside}", &self.dir.join("outside").display().to_string())
            .replace("{repo}", &common::root().display().to_string())
    }

    fn write(&self, f: &File) {
        match f.copies {
            Some(n) => (1..=n).for_each(|i| self.write_one(f, |s| numbered(s, i))),
            None => self.write_one(f, str::to_string),
        }
    }

    fn write_one(&self, f: &File, copy: impl Fn(&str) -> String) {
        let path = self.project().join(self.fill(&copy(&f.path)));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if let Some(target) = &f.link {
            std::os::unix::fs::symlink(self.fill(target), &path).unwrap();
            return;
        }
        if let Some(size) = f.size {
            std::fs::File::create(&path).unwrap().set_len(size).unwrap();
            return;
        }
        let mut text = self.fill(&copy(&f.text));
        if let Some(each) = &f.each {
            for i in 1..=f.count.unwrap_or(1) {
                text.push_str(&numbered(each, i));
            }
        }
        text.push_str(&self.fill(&copy(&f.tail)));
        std::fs::write(&path, text).unwrap();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `{i}`, `{p}` (i − 1) and `{n}` (i + 1) replaced.
fn numbered(s: &str, i: usize) -> String {
    s.replace("{i}", &i.to_string()).replace("{p}", &(i - 1).to_string()).replace("{n}", &(i + 1).to_string())
}

struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs pacta, killing it past `limit` (a hang is a failure, not a
/// measurement: the limit is far above any case's run time).
fn run(sandbox: &Sandbox, case: &Case, limit: Duration) -> Result<Output, String> {
    let stdout = match &case.stdout {
        Some(path) => Stdio::from(std::fs::OpenOptions::new().write(true).open(path).unwrap()),
        None => Stdio::piped(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_pacta"))
        .args(case.args.iter().map(|a| sandbox.fill(a)))
        .current_dir(sandbox.project())
        .env_remove("NO_COLOR")
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = r.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = child.stdout.take().map(|s| drain(Box::new(s)));
    let err = child.stderr.take().map(|s| drain(Box::new(s)));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            return Err(format!("still running after {limit:?}: killed"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let text = |h: Option<std::thread::JoinHandle<String>>| h.map(|h| h.join().unwrap()).unwrap_or_default();
    Ok(Output { code: status.code(), stdout: text(out), stderr: text(err) })
}

/// The `pacta::` errors of a human report: `code at file:line:col`, the
/// location being the first `┌─` after the `error[code]` header.
fn errors(report: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut open: Option<String> = None;
    for line in report.lines() {
        if let Some(code) = line.strip_prefix("error[pacta::").and_then(|r| r.split_once(']')).map(|(c, _)| c) {
            found.extend(open.take());
            open = Some(format!("pacta::{code}"));
        } else if let Some(at) = line.trim_start().strip_prefix("┌─ ") {
            if let Some(code) = open.take() {
                found.push(format!("{code} at {}", at.trim()));
            }
        } else if line.starts_with("error[") || line.starts_with("warning[") {
            found.extend(open.take());
        }
    }
    found.extend(open);
    found.sort();
    found
}

fn check(name: &str, case: &Case) -> Vec<String> {
    let sandbox = Sandbox::new(&name.replace('/', "-"));
    for f in &case.files {
        sandbox.write(f);
    }
    let o = match run(&sandbox, case, Duration::from_secs(120)) {
        Ok(o) => o,
        Err(e) => return vec![e],
    };
    let mut failures = Vec::new();
    if o.code != Some(case.exit) {
        failures.push(format!("exit code {:?}, expected {}", o.code, case.exit));
    }
    if let Some(want) = &case.errors {
        let mut want: Vec<String> = want.iter().map(|w| sandbox.fill(w)).collect();
        want.sort();
        let got = errors(&format!("{}\n{}", o.stderr, o.stdout));
        if got != want {
            failures.push(format!("errors {got:?}, expected {want:?}"));
        }
    }
    let lists = [
        (&case.stdout_has, &o.stdout, true, "stdout"),
        (&case.stdout_lacks, &o.stdout, false, "stdout"),
        (&case.stderr_has, &o.stderr, true, "stderr"),
        (&case.stderr_lacks, &o.stderr, false, "stderr"),
    ];
    for (texts, stream, wanted, which) in lists {
        for t in texts.iter().map(|t| sandbox.fill(t)) {
            if stream.contains(t.as_str()) != wanted {
                let how = if wanted { "lacks" } else { "has" };
                failures.push(format!("{which} {how} {t:?}"));
            }
        }
    }
    if let Some(max) = case.stdout_max_bytes {
        if o.stdout.len() > max {
            failures.push(format!("stdout has {} bytes, more than {max}", o.stdout.len()));
        }
    }
    if !failures.is_empty() {
        let cut = |s: &str| s.chars().take(3000).collect::<String>();
        failures.push(format!("--- stdout ---\n{}\n--- stderr ---\n{}", cut(&o.stdout), cut(&o.stderr)));
    }
    failures
}

pub fn trials() -> Vec<Trial> {
    let root = common::root().join("tests/hostile");
    let mut cases: Vec<PathBuf> = glob::glob(&format!("{}/*/*.toml", root.display())).unwrap().flatten().collect();
    cases.sort();
    let classes: std::collections::BTreeSet<_> =
        cases.iter().filter_map(|c| c.parent().and_then(Path::file_name)).collect();
    assert!(classes.len() >= 7, "a case file for every class of defect: {classes:?}");
    cases
        .into_iter()
        .map(|path| {
            let name = path.strip_prefix(&root).unwrap().with_extension("").display().to_string();
            trial(format!("hostile::{}", name.replace('/', "::")), move || {
                let case: Case = toml::from_str(&std::fs::read_to_string(&path).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let failures = check(&name, &case);
                assert!(failures.is_empty(), "{name}:\n  {}", failures.join("\n  "));
            })
        })
        .collect()
}
