//! `--watch` (`check`, `test`): run, then wait for a change to any file
//! the run read (rule files and their imports, scenarios and their
//! includes, `pacta.toml`) or to a rule or scenario file added to a
//! directory named on the command line, and run again; the screen is
//! cleared first when stdout is a terminal. Events are debounced, so an
//! editor's burst of writes (a temporary file, a rename) is one re-run.
//! Ctrl-C ends the process (the default action of SIGINT: nothing is left
//! half-written, since a run writes its report before waiting).

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use super::Exit;
use super::output::err;
use crate::report::ScenarioResult;
use crate::report::human::count;
use crate::span::Sources;

/// How long the files must be quiet before a re-run.
const QUIET: Duration = Duration::from_millis(200);

/// Extensions of files whose arrival in a named directory is a change.
const WATCHED: [&str; 4] = ["pacta", "yaml", "yml", "json"];

/// The files one run read, canonical.
#[derive(Debug, Default)]
pub struct Read {
    files: BTreeSet<PathBuf>,
}

impl Read {
    pub fn path(&mut self, path: &Path) {
        // `<stdin>` and files gone since are not there to watch.
        if let Ok(p) = std::fs::canonicalize(path)
            && p.is_file()
        {
            self.files.insert(p);
        }
    }

    /// Every file in `sources` (rule files, or a scenario's files).
    pub fn sources(&mut self, sources: &Sources) {
        for (_, file) in sources.files() {
            self.path(&file.path);
        }
    }

    pub fn results(&mut self, results: &[ScenarioResult]) {
        for r in results {
            self.sources(&r.sources);
        }
    }
}

/// The rule and scenario paths a command names (or pacta.toml lists),
/// and pacta.toml itself. Standard input cannot be watched.
pub fn named(
    rules: Option<&PathBuf>,
    scenarios: &[PathBuf],
    limits: &super::Limits,
) -> Result<Vec<PathBuf>, crate::Error> {
    if scenarios.iter().any(|s| s.as_os_str() == "-") {
        return Err(crate::Error::Usage("--watch cannot watch standard input (`-`)".into()));
    }
    // Read quietly: the run itself reports the file and its errors.
    let config = if limits.no_config {
        None
    } else if let Some(path) = &limits.config {
        crate::config::Config::read(path).ok()
    } else {
        std::env::current_dir().ok().and_then(|here| crate::config::Config::discover(&here).ok().flatten())
    };
    let mut out = Vec::new();
    match (rules, &config) {
        (Some(rules), _) => {
            out.push(rules.clone());
            out.extend(scenarios.iter().cloned());
        }
        (None, Some(c)) => {
            out.extend(c.rule_paths());
            out.extend(c.scenario_patterns());
        }
        (None, None) => {}
    }
    out.extend(config.and_then(|c| c.file));
    Ok(out)
}

/// What to watch besides the files read: the directories named on the
/// command line (or in pacta.toml), each with what lies below it, and the
/// directory a glob pattern starts in.
struct Named {
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl Named {
    fn of(paths: &[PathBuf]) -> Named {
        let (mut dirs, mut files) = (Vec::new(), Vec::new());
        for path in paths {
            let base = glob_base(path);
            match std::fs::canonicalize(&base) {
                Ok(p) if p.is_dir() => dirs.push(p),
                Ok(p) => files.push(p),
                Err(_) => {}
            }
        }
        Named { dirs, files }
    }

    fn covers(&self, dir: &Path) -> bool {
        self.dirs.iter().any(|d| dir.starts_with(d))
    }
}

/// The part of a path before its first glob character.
fn glob_base(path: &Path) -> PathBuf {
    if path.exists() {
        return path.to_path_buf();
    }
    let plain = path.components().take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']));
    let base: PathBuf = plain.collect();
    if base.as_os_str().is_empty() { PathBuf::from(".") } else { base }
}

/// Runs `once` again after every change until the process is stopped.
/// `named` are the rule and scenario paths of the command (or of
/// pacta.toml), with pacta.toml itself. Returns only when watching fails.
pub fn run(named: &[PathBuf], mut once: impl FnMut(&mut Read) -> Exit) -> Exit {
    let named = Named::of(named);
    let mut changed: Option<PathBuf> = None;
    loop {
        if std::io::stdout().is_terminal() {
            super::output::out_raw!("\x1b[2J\x1b[3J\x1b[H");
        }
        if let Some(path) = changed.take() {
            err!("[{} changed]", crate::escape::terminal(&shown(&path).display().to_string()));
        }
        let started = SystemTime::now();
        let mut read = Read::default();
        named.files.iter().for_each(|f| read.path(f));
        let exit = once(&mut read);
        let _ = super::output::write_failure();
        let (tx, rx) = channel();
        let watcher = new_debouncer(QUIET, tx).map_err(|e| e.to_string()).and_then(|d| watch(d, &named, &read));
        let _watcher = match watcher {
            Ok(w) => w,
            Err(e) => {
                err!("error: cannot watch the files: {e}");
                return Exit::InvalidInput;
            }
        };
        let (files, dirs) = (count(read.files.len(), "file"), count(named.dirs.len(), "directory"));
        err!("[exit code {}; watching {files} read and {dirs} named; Ctrl-C to stop]", exit as u8);
        // A change made while the run read the files, before they were watched.
        changed = modified_since(&read, started);
        if changed.is_none() {
            changed = match next_change(&rx, &named, &read) {
                Some(path) => Some(path),
                None => return Exit::Internal,
            };
        }
    }
}

/// A path relative to the working directory, where it is below it.
fn shown(path: &Path) -> PathBuf {
    let here = std::env::current_dir().and_then(std::fs::canonicalize).unwrap_or_default();
    path.strip_prefix(&here).map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// Watches the named directories (recursively) and the directory of every
/// file read (for editors that save by writing a new file and renaming it).
fn watch(
    mut debouncer: Debouncer<RecommendedWatcher>,
    named: &Named,
    read: &Read,
) -> Result<Debouncer<RecommendedWatcher>, String> {
    let mut dirs: BTreeSet<&Path> = read.files.iter().filter_map(|f| f.parent()).collect();
    dirs.extend(named.files.iter().filter_map(|f| f.parent()));
    let watcher = debouncer.watcher();
    for dir in &named.dirs {
        watcher.watch(dir, RecursiveMode::Recursive).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    for dir in dirs.into_iter().filter(|d| !named.covers(d)) {
        watcher.watch(dir, RecursiveMode::NonRecursive).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(debouncer)
}

/// A file read that changed after `since`.
fn modified_since(read: &Read, since: SystemTime) -> Option<PathBuf> {
    let changed = |f: &&PathBuf| std::fs::metadata(f).and_then(|m| m.modified()).is_ok_and(|t| t > since);
    read.files.iter().find(changed).cloned()
}

/// Waits for a change that matters; `None` when the watcher is gone.
fn next_change(rx: &Receiver<DebounceEventResult>, named: &Named, read: &Read) -> Option<PathBuf> {
    loop {
        match rx.recv().ok()? {
            Ok(events) => {
                if let Some(e) = events.into_iter().find(|e| matters(&e.path, named, read)) {
                    return Some(e.path);
                }
            }
            Err(e) => err!("warning: watching: {e}"),
        }
    }
}

/// A file read, or a rule or scenario file in a named directory.
fn matters(path: &Path, named: &Named, read: &Read) -> bool {
    if read.files.contains(path) || named.files.iter().any(|f| f == path) {
        return true;
    }
    let kind = path.extension().and_then(|e| e.to_str()).is_some_and(|e| WATCHED.contains(&e));
    kind && path.parent().is_some_and(|dir| named.covers(dir))
}
