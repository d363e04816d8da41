//! `pacta explain RULES SCENARIO [--clause ID] [--subject ID]`: how each
//! selected verdict was reached, from a traced evaluation.

use std::path::PathBuf;

use super::Exit;
use super::check::{fail_with, options};
use super::output::{Color, out, out_raw};
use crate::eval::Selection;
use crate::report::{self, Diagnostic};
use crate::span::Sources;
use crate::{Error, scenario};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule file or a directory searched for `*.pacta`.
    rules: PathBuf,
    /// The scenario whose verdicts to explain.
    scenario: PathBuf,
    /// Only this clause (`4.1` or `nato_russia_2021/4.1`).
    #[arg(long, value_name = "ID")]
    clause: Option<String>,
    /// Only verdicts about this fact (by id); verdicts that hold are then
    /// explained too.
    #[arg(long, value_name = "ID")]
    subject: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: ExplainFormat,
    /// Evaluate as of this date (YYYY-MM-DD) instead of the scenario's `as_of`.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to", "during"])]
    at: Option<String>,
    /// A period: each verdict that held in it is explained as of the first
    /// day of each interval it held.
    #[command(flatten)]
    period: super::Period,
    /// Override a treaty parameter: `-D baseline=1997-05-27`.
    #[arg(short = 'D', value_name = "NAME=VALUE")]
    define: Vec<String>,
    #[command(flatten)]
    limits: super::Limits,
    #[command(flatten)]
    evidence: super::Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExplainFormat {
    Human,
    Json,
}

pub fn run(args: &Args) -> Exit {
    let mut sources = Sources::new();
    let fail =
        |sources: &Sources, e: Vec<Error>| fail_with(Color::Auto, sources, e.iter().map(Diagnostic::from).collect());
    // Parameters as `pacta check` sets them (pacta.toml `[params]`, then
    // `-D`), so that an explanation is of the verdict `check` reports.
    let (opts, access) = match project_options(args) {
        Ok(o) => o,
        Err(e) => return fail(&sources, vec![e]),
    };
    let checked = match crate::load_rules(std::slice::from_ref(&args.rules), &mut sources, &access) {
        Ok(c) => c,
        Err(errors) => return fail(&sources, errors),
    };
    let program = &checked.program;
    if let Some(d) = args.clause.as_deref().and_then(|id| super::timeline::unknown_clause(program, id)) {
        return fail_with(Color::Auto, &sources, vec![d]);
    }
    let loaded = match scenario::load_with(&args.scenario, &program.schema, &mut sources, &access, &opts.reading) {
        Ok(s) => s,
        Err(errors) => return fail(&sources, errors.into_iter().map(Error::Scenario).collect()),
    };
    if let Some(d) = args.subject.as_deref().and_then(|s| super::timeline::unknown_subject(&loaded, s, false)) {
        return fail_with(Color::Auto, &sources, vec![d]);
    }
    let select = Selection { clause: args.clause.clone(), subject: args.subject.clone() };
    let window = match args.period.days() {
        Ok(w) => w,
        Err(e) => return fail(&sources, vec![e]),
    };
    let explained = match window {
        Some(window) => crate::period::explain(program, &loaded, &sources, &opts, window, &select),
        None => crate::eval::explain(program, &loaded, &sources, &opts, &select),
    };
    let explanations = match explained {
        Ok(x) => x,
        Err(errors) => return fail(&sources, errors.into_iter().map(Error::Setup).collect()),
    };
    match args.format {
        ExplainFormat::Human => out_raw!("{}", report::explain::human(program, &sources, &explanations)),
        ExplainFormat::Json => out!("{:#}", report::explain::json(program, &sources, &explanations)),
    }
    Exit::Compliant
}

fn project_options(args: &Args) -> Result<(crate::eval::Options, crate::input::Access), Error> {
    super::project::rules_first([&args.rules], "pacta explain RULES SCENARIO")?;
    let mut opts = options(args.at.as_ref(), &args.define)?;
    let config = super::project::config(&args.limits)?;
    opts.defaults = config.overrides();
    args.limits.apply(&config, &mut opts);
    args.evidence.apply(&config, &mut opts);
    Ok((opts, args.limits.access(&config, &[&args.rules, &args.scenario])))
}
