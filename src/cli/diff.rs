//! `pacta diff A B [SCENARIO…]`: every scenario judged under rule set A and
//! rule set B (two drafts, or one with different `--da`/`--db` parameters),
//! and every clause and subject whose verdict differs.

use std::path::PathBuf;

use super::Exit;
use super::check::{date_flag, defines, fail_with};
use super::output::{Color, err_raw, out, out_raw};
use crate::config;
use crate::diff::{self, ScenarioDiff};
use crate::eval::{self, Options};
use crate::report::diff::{DiffReport, RuleSet};
use crate::report::{self, Diagnostic};
use crate::span::Sources;
use crate::{Error, batch};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rule set A: a rule file or a directory searched for `*.pacta`.
    a: PathBuf,
    /// Rule set B (may be the same path as A, with other parameters).
    b: PathBuf,
    /// Scenario files, directories or glob patterns (default: `scenarios`
    /// in pacta.toml).
    scenarios: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: DiffFormat,
    /// Override a parameter in rule set A only: `--da article_4_reading=narrow`.
    #[arg(long = "da", visible_alias = "define-a", value_name = "NAME=VALUE")]
    define_a: Vec<String>,
    /// Override a parameter in rule set B only.
    #[arg(long = "db", visible_alias = "define-b", value_name = "NAME=VALUE")]
    define_b: Vec<String>,
    /// Override a parameter on both sides (before --da / --db).
    #[arg(short = 'D', value_name = "NAME=VALUE")]
    define: Vec<String>,
    /// Evaluate as of this date (YYYY-MM-DD) on both sides.
    #[arg(long, value_name = "DATE")]
    at: Option<String>,
    /// When to colour error reports.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Scenarios evaluated at once (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    limits: super::Limits,
    #[command(flatten)]
    evidence: super::Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

/// What the flags and `pacta.toml` settle before any rule is read.
struct Settings {
    scenarios: Vec<PathBuf>,
    access: crate::input::Access,
    a: Options,
    b: Options,
    /// Each side's own flags, for the report (`-D` first, then `--da`/`--db`).
    params_a: Vec<(String, String)>,
    params_b: Vec<(String, String)>,
}

/// One side of a diff: rules, the scenario's result, the options.
type Side<'a> = (&'a crate::plan::Program, &'a crate::report::ScenarioResult, &'a Options, &'a crate::input::Access);

/// Fills each difference's deciding condition from traced evaluations of
/// its clause and subject on both sides (the scenario is loaded again, in a
/// copy of each side's sources).
fn explain_differences(differences: &mut [diff::Difference], a: Side<'_>, b: Side<'_>) {
    let (ka, kb) = (Explainer::new(a), Explainer::new(b));
    for d in differences {
        let (xa, xb) = (ka.as_ref().and_then(|k| k.explain(d)), kb.as_ref().and_then(|k| k.explain(d)));
        d.decided_by = diff::decided_by(xa.as_ref(), xb.as_ref());
    }
}

/// One side's scenario, loaded once, ready to explain differences.
struct Explainer<'a> {
    program: &'a crate::plan::Program,
    opts: &'a Options,
    sources: Sources,
    scenario: crate::scenario::Scenario,
}

impl<'a> Explainer<'a> {
    fn new((program, result, opts, access): Side<'a>) -> Option<Self> {
        let mut sources = result.sources.clone();
        let path = std::path::Path::new(&result.name);
        let scenario = crate::scenario::load_with(path, &program.schema, &mut sources, access, &opts.reading).ok()?;
        Some(Explainer { program, opts, sources, scenario })
    }

    /// The explanation of the difference's clause and subject on this side.
    fn explain(&self, d: &diff::Difference) -> Option<crate::eval::Explanation> {
        let subject = d.subject.split(',').next().map(str::to_string);
        let select = crate::eval::Selection { clause: Some(d.clause.clone()), subject };
        let xs = crate::eval::explain(self.program, &self.scenario, &self.sources, self.opts, &select).ok()?;
        let key = |x: &crate::eval::Explanation| x.subjects.iter().map(|s| &*s.id).collect::<Vec<_>>().join(",");
        xs.into_iter().find(|x| key(x) == d.subject)
    }
}

pub fn run(args: &Args) -> Exit {
    let s = match settings(args) {
        Ok(s) => s,
        Err(errors) => return fail_with(args.color, &Sources::new(), errors.iter().map(Diagnostic::from).collect()),
    };
    let (mut sources_a, mut sources_b) = (Sources::new(), Sources::new());
    let checked_a = match load(&args.a, &mut sources_a, &s, &s.a, args.color.stderr()) {
        Ok(c) => c,
        Err(diags) => return fail_with(args.color, &sources_a, diags),
    };
    let checked_b = match load(&args.b, &mut sources_b, &s, &s.b, args.color.stderr()) {
        Ok(c) => c,
        Err(diags) => return fail_with(args.color, &sources_b, diags),
    };
    let (pa, pb) = (&checked_a.program, &checked_b.program);
    // Both sides at once: one large scenario would otherwise keep a core idle.
    let results = super::with_jobs(args.jobs, || {
        rayon::join(
            || batch::run_scenarios(pa, &sources_a, &s.scenarios, &s.access, &s.a),
            || batch::run_scenarios(pb, &sources_b, &s.scenarios, &s.access, &s.b),
        )
    });
    let (ra, rb) = match results {
        Ok(r) => r,
        Err(e) => return fail_with(args.color, &sources_a, vec![Diagnostic::from(&e)]),
    };
    let scenarios: Vec<ScenarioDiff> = ra
        .into_iter()
        .zip(rb)
        .map(|(a, b)| {
            let mut differences = match (&a.evaluation, &b.evaluation) {
                (Some(ea), Some(eb)) => diff::compare((pa, ea, &a.sources), (pb, eb, &b.sources)),
                _ => Vec::new(),
            };
            if !differences.is_empty() {
                explain_differences(&mut differences, (pa, &a, &s.a, &s.access), (pb, &b, &s.b, &s.access));
            }
            ScenarioDiff { a, b, differences }
        })
        .collect();
    let report = DiffReport {
        a: RuleSet { program: pa, rules: args.a.display().to_string(), params: s.params_a },
        b: RuleSet { program: pb, rules: args.b.display().to_string(), params: s.params_b },
        scenarios,
    };
    match args.format {
        DiffFormat::Human => {
            let (stdout, stderr) = report::diff::human(&report, args.color.stderr());
            err_raw!("{stderr}");
            out_raw!("{stdout}");
        }
        DiffFormat::Json => out!("{:#}", report::diff::json(&report)),
        DiffFormat::Markdown => out_raw!("{}", report::diff::markdown(&report)),
    }
    let t = report.totals();
    if t.errors > 0 {
        Exit::InvalidInput
    } else if t.differences > 0 {
        Exit::Violations
    } else {
        Exit::Compliant
    }
}

fn settings(args: &Args) -> Result<Settings, Vec<Error>> {
    let one = |e: Error| vec![e];
    super::project::rules_first([&args.a, &args.b], "pacta diff A B SCENARIO…").map_err(one)?;
    let at = date_flag("--at", args.at.as_ref()).map_err(one)?;
    let both = defines("-D", &args.define).map_err(one)?;
    let params_a = [both.clone(), defines("--da", &args.define_a).map_err(one)?].concat();
    let params_b = [both, defines("--db", &args.define_b).map_err(one)?].concat();
    let config = super::project::config(&args.limits).map_err(one)?;
    let patterns = if args.scenarios.is_empty() { config.scenario_patterns() } else { args.scenarios.clone() };
    let named = config::expand(&patterns).map_err(one)?;
    let roots: Vec<&std::path::Path> = [&args.a, &args.b].into_iter().chain(&named).map(PathBuf::as_path).collect();
    let access = args.limits.access(&config, &roots);
    let scenarios = batch::scenario_paths(&named, &access)?;
    if scenarios.is_empty() {
        return Err(one(Error::Usage(format!(
            "no scenarios to compare: name them (`pacta diff A B examples/`) or list `scenarios` in {}",
            config::FILE_NAME
        ))));
    }
    let side = |overrides: &[(String, String)]| {
        let mut options =
            Options { at, overrides: overrides.to_vec(), defaults: config.overrides(), ..Options::default() };
        args.limits.apply(&config, &mut options);
        args.evidence.apply(&config, &mut options);
        options
    };
    Ok(Settings { scenarios, access, a: side(&params_a), b: side(&params_b), params_a, params_b })
}

/// A rule set, checked, with its parameter flags validated against it so a
/// typo fails once here rather than once per scenario.
fn load(
    path: &PathBuf,
    sources: &mut Sources,
    settings: &Settings,
    options: &Options,
    color: bool,
) -> Result<crate::check::Checked, Vec<Diagnostic>> {
    let checked = crate::load_rules(std::slice::from_ref(path), sources, &settings.access)
        .map_err(|errors| errors.iter().map(Diagnostic::from).collect::<Vec<_>>())?;
    let bad: Vec<Diagnostic> = options
        .overrides
        .iter()
        .filter_map(|(k, v)| eval::parse_override(&checked.program, k, v).err())
        .map(|e| Diagnostic::from(&e))
        .collect();
    if !bad.is_empty() {
        return Err(bad);
    }
    let h = report::human::Human { sources, color };
    for w in &checked.warnings {
        err_raw!("{}", h.diagnostic(&Diagnostic::from(&Error::Check(w.clone()))));
    }
    Ok(checked)
}
