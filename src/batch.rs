//! Many scenarios against one checked program: each scenario gets its own
//! copy of the rule sources, so scenarios load and evaluate in parallel
//! (rayon, with the `parallel` feature; one after the other without it),
//! and results come back in the order the paths were given — the same
//! bytes whatever the number of threads. The files scenarios include are
//! read and parsed once per run, in an [`IncludeCache`] all threads share.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::Error;
use crate::eval::{self, Options};
use crate::input::{Access, ReadError};
use crate::plan::Program;
use crate::report::{Diagnostic, ScenarioResult, sort};
use crate::scenario::IncludeCache;
use crate::span::Sources;

/// Loads and evaluates every scenario.
pub fn run_scenarios(
    program: &Program,
    rules: &Sources,
    paths: &[PathBuf],
    access: &Access,
    options: &Options,
) -> Vec<ScenarioResult> {
    run_scenarios_timed(program, rules, paths, access, options).into_iter().map(|(r, _)| r).collect()
}

/// [`run_scenarios`], with the wall time each scenario took to load and
/// judge (`pacta test --verbose`). Times differ run to run; nothing else
/// does.
pub fn run_scenarios_timed(
    program: &Program,
    rules: &Sources,
    paths: &[PathBuf],
    access: &Access,
    options: &Options,
) -> Vec<(ScenarioResult, Duration)> {
    let cache = IncludeCache::new(&program.schema, options.reading);
    let timed = |p: &PathBuf| {
        let start = Instant::now();
        let result = run_one(program, rules, p, access, options, &cache);
        (result, start.elapsed())
    };
    // Without rayon a library user still gets every result, in order: a
    // loop costs time, never a different answer.
    #[cfg(feature = "parallel")]
    let each = paths.par_iter();
    #[cfg(not(feature = "parallel"))]
    let each = paths.iter();
    each.map(timed).collect()
}

/// Like [`run_scenarios`] on `pool`, handing each result to `done` as soon
/// as it and every scenario before it have finished: output streams in
/// the order given, the same whatever the threads, while later scenarios
/// are still being judged.
#[cfg(feature = "parallel")]
pub fn run_scenarios_streamed(
    pool: &rayon::ThreadPool,
    program: &Program,
    rules: &Sources,
    paths: &[PathBuf],
    access: &Access,
    options: &Options,
    mut done: impl FnMut(&ScenarioResult, Duration),
) -> Vec<ScenarioResult> {
    let (tx, rx) = std::sync::mpsc::channel();
    let cache = IncludeCache::new(&program.schema, options.reading);
    let cache = &cache;
    std::thread::scope(|s| {
        // The pool judges; this thread only waits for it, so that the
        // calling thread is free to print (with -j1 the pool's one thread
        // must not be the one blocked on the channel).
        s.spawn(move || {
            pool.install(|| {
                paths.par_iter().enumerate().for_each_with(tx, |tx, (i, p)| {
                    // A closed channel means the receiver is gone: nothing to report to.
                    let start = Instant::now();
                    let result = run_one(program, rules, p, access, options, cache);
                    let _ = tx.send((i, (result, start.elapsed())));
                });
            });
        });
        let mut finished = std::collections::BTreeMap::new();
        let mut results = Vec::with_capacity(paths.len());
        for (i, result) in rx {
            finished.insert(i, result);
            while let Some((next, took)) = finished.remove(&results.len()) {
                done(&next, took);
                results.push(next);
            }
        }
        results
    })
}

fn run_one(
    program: &Program,
    rules: &Sources,
    path: &Path,
    access: &Access,
    options: &Options,
    cache: &IncludeCache,
) -> ScenarioResult {
    let mut sources = rules.clone();
    let name = path.display().to_string();
    let loaded = crate::scenario::load_cached(path, &mut sources, access, cache);
    let file = sources.find(path);
    let mut result = ScenarioResult { name, sources, file, expect: None, evaluation: None, diagnostics: Vec::new() };
    match loaded {
        Err(errors) => result.diagnostics = errors.into_iter().map(|e| Diagnostic::from(&Error::Scenario(e))).collect(),
        Ok(scenario) => {
            result.expect = scenario.expect.clone();
            let expected = scenario.expect.as_ref().and_then(|x| x.period).filter(|_| options.expected_period);
            let period = options.period.or(expected);
            let judged = match period {
                Some(window) => crate::period::evaluate(program, &scenario, &result.sources, options, window),
                None => eval::evaluate(program, &scenario, &result.sources, options),
            };
            match judged {
                Ok(evaluation) => result.evaluation = Some(evaluation),
                Err(errors) => result.diagnostics = errors.iter().map(Diagnostic::from).collect(),
            }
        }
    }
    sort(&mut result.diagnostics);
    result
}

/// Scenario files: files as given, directories searched recursively for
/// `*.yaml` and `*.yml` (sorted; see [`crate::input::walk`] for what a
/// walk keeps), less the include-only data files a walk finds
/// (`include_only: true`). Every path that cannot be used is reported, and
/// so is a directory that yields no scenario.
pub fn scenario_paths(args: &[PathBuf], access: &Access) -> Result<Vec<PathBuf>, Vec<Error>> {
    let mut out = Vec::new();
    let mut unusable = Vec::new();
    let mut errors = Vec::new();
    for p in args {
        if crate::input::is_stdin(p) {
            out.push(p.clone());
        } else if p.is_dir() {
            let found = crate::input::walk(p, &crate::scenario::EXTENSIONS, access, &mut unusable);
            let (scenarios, data_files) = without_data(found, access);
            if scenarios.is_empty() {
                let rule_files = crate::input::walk(p, &["pacta"], access, &mut Vec::new()).len();
                errors.push(Error::NoScenarios { path: p.display().to_string(), data_files, rule_files });
            }
            out.extend(scenarios);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            unusable.push((p.clone(), ReadError::NotFound));
        }
    }
    errors.extend(unusable.into_iter().map(|(p, error)| Error::Read { path: p.display().to_string(), error }));
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The files of a walk that are scenarios, and how many are include-only
/// data. A file that cannot be read stays: loading it reports why.
fn without_data(found: Vec<PathBuf>, access: &Access) -> (Vec<PathBuf>, usize) {
    let mut data_files = 0;
    let mut scenarios = Vec::with_capacity(found.len());
    for f in found {
        let text = crate::input::read(&f, crate::input::Kind::Scenario, crate::input::Origin::Untrusted, access);
        if text.is_ok_and(|t| crate::scenario::is_include_only(&t)) {
            data_files += 1;
        } else {
            scenarios.push(f);
        }
    }
    (scenarios, data_files)
}
