//! Arbitrary bytes as a YAML scenario (UTF-8 only), loaded with
//! `scenario::load_str` against the schema of the bundled `rules/` library;
//! if it loads, evaluated (with its `params:`), its `expect:` block
//! verified, and the run rendered as human, JSON and SARIF reports, as
//! `pacta check` does. The scenario sits at `fuzz/fixtures/examples/fuzz.yaml`,
//! so `include: [../rules/data/states.yaml]` reads a cut-down copy of the
//! reference data. Input that starts with `{` is loaded as
//! `fuzz.json` instead, through the JSON reader. Either is loaded a second
//! time cut before every item of its longest list (`Split::Items(1)`), and
//! must load to the same scenario or errors. Must never panic.

use std::sync::OnceLock;

use pacta::check::Checked;
use pacta::eval;
use pacta::report::{Diagnostic, ScenarioResult};
use pacta::span::Sources;

use crate::common;

fn rules() -> &'static (Sources, Checked) {
    static RULES: OnceLock<(Sources, Checked)> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut sources = Sources::new();
        let checked =
            pacta::load_rules(&[common::rules_dir()], &mut sources, &common::project()).expect("rules/ checks");
        (sources, checked)
    })
}

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (rule_sources, checked) = rules();
    let program = &checked.program;
    let mut sources = rule_sources.clone();
    let json = text.trim_start().starts_with('{');
    let path = common::fixtures_dir().join(if json { "examples/fuzz.json" } else { "examples/fuzz.yaml" });
    let loaded =
        pacta::scenario::load_str(path.clone(), text.to_owned(), &program.schema, &mut sources, &common::project());
    {
        let cache = pacta::scenario::IncludeCache::new(&program.schema, pacta::scenario::Reading::default())
            .with_split(pacta::scenario::Split::Items(1));
        let mut cut_sources = rule_sources.clone();
        let cut = pacta::scenario::load_str_cached(
            path.clone(),
            text.to_owned(),
            &mut cut_sources,
            &common::project(),
            &cache,
        );
        assert_eq!(format!("{cut:?}"), format!("{loaded:?}"), "cut before every item, the scenario reads differently");
    }
    let file = sources.find(&path);
    let name = path.display().to_string();
    let mut result = ScenarioResult { name, sources, file, expect: None, evaluation: None, diagnostics: Vec::new() };
    match loaded {
        Err(errors) => {
            result.diagnostics = errors.into_iter().map(|e| Diagnostic::from(&pacta::Error::Scenario(e))).collect();
        }
        Ok(scenario) => match eval::evaluate(program, &scenario, &result.sources, &eval::Options::default()) {
            Ok(evaluation) => {
                if let Some(expect) = &scenario.expect {
                    let _ = eval::verify(program, &evaluation, expect);
                }
                result.expect = scenario.expect.clone();
                result.evaluation = Some(evaluation);
            }
            Err(errors) => result.diagnostics = errors.iter().map(Diagnostic::from).collect(),
        },
    }
    pacta::report::sort(&mut result.diagnostics);
    common::render_run(program, rule_sources, result);
}
