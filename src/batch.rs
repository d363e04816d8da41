//! Many scenarios against one checked program: each scenario gets its own
//! copy of the rule sources, so scenarios load and evaluate in parallel
//! (rayon), and results come back in the order the paths were given —
//! the same bytes whatever the number of threads.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Error;
use crate::eval::{self, Options};
use crate::plan::Program;
use crate::report::{Diagnostic, ScenarioResult, sort};
use crate::span::Sources;

/// Loads and evaluates every scenario.
pub fn run_scenarios(program: &Program, rules: &Sources, paths: &[PathBuf], options: &Options) -> Vec<ScenarioResult> {
    paths.par_iter().map(|p| run_one(program, rules, p, options)).collect()
}

fn run_one(program: &Program, rules: &Sources, path: &Path, options: &Options) -> ScenarioResult {
    let mut sources = rules.clone();
    let name = path.display().to_string();
    let loaded = crate::scenario::load(path, &program.schema, &mut sources);
    let file = sources.find(path);
    let mut result = ScenarioResult { name, sources, file, expect: None, evaluation: None, diagnostics: Vec::new() };
    match loaded {
        Err(errors) => result.diagnostics = errors.into_iter().map(|e| Diagnostic::from(&Error::Scenario(e))).collect(),
        Ok(scenario) => {
            result.expect = scenario.expect.clone();
            match eval::evaluate(program, &scenario, &result.sources, options) {
                Ok(evaluation) => result.evaluation = Some(evaluation),
                Err(errors) => result.diagnostics = errors.iter().map(Diagnostic::from).collect(),
            }
        }
    }
    sort(&mut result.diagnostics);
    result
}

/// Scenario files: files as given, directories searched recursively for
/// `*.yaml` and `*.yml`, sorted.
pub fn scenario_paths(args: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in args {
        if p.is_dir() {
            collect_yaml(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(Error::Io { path: p.display().to_string(), reason: "no such file or directory".into() });
        }
    }
    Ok(out)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io { path: dir.display().to_string(), reason: e.to_string() };
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(io)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_yaml(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
    Ok(())
}
