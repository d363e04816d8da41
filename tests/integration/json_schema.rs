//! `pacta schema --json-schema`: the JSON Schema of scenarios accepts every
//! scenario the loader accepts (the examples against `rules/`, each
//! evaluation case against its rules, and, in `cases::scenario`, every
//! loader case), rejects what the loader rejects where it can say so, at
//! the place the editor should underline, and matches the loader's text
//! forms (dates, durations, ranges, grades) string for string.

use std::path::{Path, PathBuf};

use pacta::schema::{FieldDef, Schema, StructType, Type};
use pacta::span::{Sources, Span};
use serde_json::Value;

use crate::common::{self, json_schema as js};

/// The checked rules at `path` and their generated schema.
fn generated(paths: &[PathBuf]) -> (pacta::check::Checked, Value) {
    let mut sources = Sources::new();
    let checked = pacta::load_rules(paths, &mut sources, &common::project()).unwrap();
    let schema = pacta::json_schema::for_program(&checked.program, &sources);
    (checked, schema)
}

/// The files `scenario` reads (itself and its includes) when loaded
/// against `program`; `None` when the loader refuses it (then the schema
/// owes nothing).
fn files_read(program: &pacta::plan::Program, scenario: &Path) -> Option<Vec<PathBuf>> {
    let mut sources = Sources::new();
    let loaded = pacta::scenario::load(scenario, &program.schema, &mut sources, &common::project()).ok()?;
    Some(loaded.files.iter().map(|&id| sources.get(id).unwrap().path.clone()).collect())
}

/// Validates each file once (many scenarios include the same data).
fn validate_all(validator: &jsonschema::Validator, files: &std::collections::BTreeSet<PathBuf>) {
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let refused = js::violations(validator, path, &text);
        assert!(refused.is_empty(), "{} loads, but its schema refuses:\n{}", path.display(), refused.join("\n"));
    }
}

fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(scenario_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_example_validates_against_the_schema_of_the_library() {
    let (checked, schema) = generated(&[common::root().join("rules")]);
    let validator = js::validator(&schema);
    let examples: Vec<PathBuf> = scenario_files(&common::root().join("examples"))
        .into_iter()
        .filter(|p| !pacta::scenario::is_include_only(&std::fs::read_to_string(p).unwrap()))
        .collect();
    assert!(examples.len() >= 15, "examples: {examples:?}");
    let mut files = std::collections::BTreeSet::new();
    for path in &examples {
        files.extend(files_read(&checked.program, path).unwrap_or_else(|| panic!("{} does not load", path.display())));
    }
    // The reference data the examples include is validated too.
    assert!(files.len() > examples.len(), "{} files for {} examples", files.len(), examples.len());
    validate_all(&validator, &files);
}

#[test]
fn every_evaluation_case_that_loads_validates_against_the_schema_of_its_rules() {
    let mut validated = 0;
    for entry in std::fs::read_dir(common::root().join("tests/eval")).unwrap() {
        let dir = entry.unwrap().path();
        let (rules, scenario) = (dir.join("rules.pacta"), dir.join("scenario.yaml"));
        if !rules.exists() || !scenario.exists() {
            continue;
        }
        let (checked, schema) = generated(&[rules]);
        if let Some(files) = files_read(&checked.program, &scenario) {
            validate_all(&js::validator(&schema), &files.into_iter().collect());
            validated += 1;
        }
    }
    assert!(validated >= 15, "only {validated} evaluation cases validated");
}

/// A scenario for `rules/` that both the loader and the schema accept;
/// each invalid case below changes one line of it.
const VALID: &str = "\
as_of: 2022-01-15
State:
  - { id: USA, name: United States }
  - { id: POL, name: Poland, in_europe: true, capital: { lat: 52.2, lon: 21.0 } }
Deployment:
  - id: usa-pol
    owner: USA
    host: POL
    personnel: 4000
    since: 2017-01-01
    kind: rotational
    confidence: B2
expect:
  violations: [{ clause: nato_russia_2021/4.1, subject: usa-pol }]
";

/// Each case: a line of `VALID` replaced, the instance path the schema
/// reports, and the code the loader reports.
const INVALID: &[(&str, &str, &str, &str)] = &[
    ("    personnel: 4000", "    personnel: many", "/Deployment/0/personnel", "pacta::wrong-type"),
    ("    personnel: 4000", "    personnel: 500..400x", "/Deployment/0/personnel", "pacta::bad-estimate"),
    ("    since: 2017-01-01", "    since: 2017-02-30", "/Deployment/0/since", "pacta::bad-date"),
    ("    since: 2017-01-01", "    until: 2017-01-01", "/Deployment/0", "pacta::missing-field"),
    ("    kind: rotational", "    kind: rotatonal", "/Deployment/0/kind", "pacta::unknown-variant"),
    ("    kind: rotational", "    knd: rotational", "/Deployment/0", "pacta::unknown-field"),
    ("    confidence: B2", "    confidence: G7", "/Deployment/0/confidence", "pacta::bad-confidence"),
    ("Deployment:", "Deploymnet:", "", "pacta::unknown-entity"),
    ("as_of: 2022-01-15", "as_of: 2022-13-01", "/as_of", "pacta::bad-date"),
    ("  - id: usa-pol", "  - note: usa-pol", "/Deployment/0", "pacta::missing-id"),
    (
        "  - { id: POL, name: Poland, in_europe: true, capital: { lat: 52.2, lon: 21.0 } }",
        "  - { id: POL, name: Poland, in_europe: yes, capital: { lat: 52.2, lon: 21.0 } }",
        "/State/1/in_europe",
        "pacta::wrong-type",
    ),
    (
        "  - { id: POL, name: Poland, in_europe: true, capital: { lat: 52.2, lon: 21.0 } }",
        "  - { id: POL, name: Poland, in_europe: true, capital: { lat: 152.2, lon: 21.0 } }",
        "/State/1/capital",
        "pacta::wrong-type",
    ),
    (
        "  violations: [{ clause: nato_russia_2021/4.1, subject: usa-pol }]",
        "  violations: [{ subject: usa-pol }]",
        "/expect/violations/0",
        "pacta::bad-expectation",
    ),
    (
        "  violations: [{ clause: nato_russia_2021/4.1, subject: usa-pol }]",
        "  violation: [{ clause: nato_russia_2021/4.1, subject: usa-pol }]",
        "/expect",
        "pacta::bad-expectation",
    ),
];

fn load_codes(schema: &Schema, text: &str) -> Vec<String> {
    use pacta::Diagnose;
    let mut sources = Sources::new();
    let path = common::root().join("examples/inline.yaml");
    match pacta::scenario::load_str(path, text.into(), schema, &mut sources, &common::project()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.code().to_string()).collect(),
    }
}

#[test]
fn invalid_scenarios_are_rejected_where_the_loader_rejects_them() {
    let (checked, schema) = generated(&[common::root().join("rules")]);
    let validator = js::validator(&schema);
    let yaml = Path::new("inline.yaml");
    assert_eq!(js::violations(&validator, yaml, VALID), Vec::<String>::new());
    assert_eq!(load_codes(&checked.program.schema, VALID), Vec::<String>::new());
    for (line, replaced, at, code) in INVALID {
        assert!(VALID.contains(line), "{line}");
        let text = VALID.replacen(line, replaced, 1);
        let doc = js::document(yaml, &text);
        let paths: Vec<String> = validator.iter_errors(&doc).map(|e| e.instance_path().to_string()).collect();
        assert!(paths.iter().any(|p| p == at), "`{replaced}`: expected an error at `{at}`, got {paths:?}");
        assert!(paths.iter().all(|p| p.starts_with(at)), "`{replaced}`: errors elsewhere than `{at}`: {paths:?}");
        assert_eq!(load_codes(&checked.program.schema, &text), [*code], "`{replaced}`: the loader");
    }
}

/// One entity `T` with a field of each kind whose text forms the schema
/// spells out as patterns.
fn forms_schema() -> Schema {
    let opt = |ty| Type::Optional(Box::new(ty));
    let field = |name: &str, ty| FieldDef { name: name.into(), ty, default: None, span: Span::default() };
    let fields = vec![
        field("d", opt(Type::Date)),
        field("n", opt(Type::Int)),
        field("x", opt(Type::Decimal)),
        field("dur", opt(Type::Duration)),
    ];
    Schema { entities: vec![StructType::new("T".into(), fields, Span::default())], ..Schema::default() }
}

/// Numbers from a fixed seed (a xorshift): the same samples every run.
fn rng() -> impl FnMut() -> u64 {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Strings made of `tokens`, drawn from a fixed seed, and the tokens
/// themselves.
fn samples(tokens: &[&str], count: usize) -> Vec<String> {
    let mut next = rng();
    let mut out: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
    for _ in 0..count {
        let len = 1 + (next() % 6) as usize;
        out.push((0..len).map(|_| tokens[(next() % tokens.len() as u64) as usize]).collect());
    }
    out.sort();
    out.dedup();
    out
}

/// For each sample written (single-quoted) as `key`'s value: whether the
/// loader and the schema accept it. Returns the samples on which they
/// differ, with the loader's message, and how many both accept.
fn disagreements(key: &str, samples: &[String]) -> (Vec<String>, usize) {
    let schema = forms_schema();
    let validator = js::validator(&pacta::json_schema::for_schema(&schema));
    let (mut differ, mut accepted) = (Vec::new(), 0);
    for s in samples {
        let text = format!("T:\n  - id: a\n    {key}: '{}'\n", s.replace('\'', "''"));
        let mut sources = Sources::new();
        let path = common::root().join("inline.yaml");
        let loaded = pacta::scenario::load_str(path, text.clone(), &schema, &mut sources, &common::project());
        let by_schema = validator.is_valid(&js::document(Path::new("x.yaml"), &text));
        match (&loaded, by_schema) {
            (Ok(_), false) => differ.push(format!("{key}: `{s}`: the loader accepts it, the schema does not")),
            (Err(e), true) => differ.push(format!("{key}: `{s}`: only the schema accepts it ({})", e[0])),
            (Ok(_), true) => accepted += 1,
            (Err(_), false) => {}
        }
    }
    (differ, accepted)
}

/// Dates of full and reduced precision, flags and ranges, well and
/// badly formed, put together from their parts.
fn date_samples(count: usize) -> Vec<String> {
    let years = ["2021", "2020", "1900", "2000", "0000", "21", "20211", ""];
    let months = ["-01", "-02", "-04", "-12", "-13", "-00", "-1", "", "-"];
    let days = ["-28", "-29", "-30", "-31", "-00", "-1", "", "-"];
    let flags = ["", "", "?", "~%", " "];
    let joins = ["..", "/", " .. ", "...", " / ", "-"];
    let one = |r: &mut dyn FnMut(usize) -> usize| {
        format!("{}{}{}{}", years[r(years.len())], months[r(months.len())], days[r(days.len())], flags[r(flags.len())])
    };
    let mut r = rng();
    let mut pick = |n: usize| (r() % n as u64) as usize;
    let mut out = Vec::new();
    for i in 0..count {
        let first = one(&mut pick);
        out.push(if i % 2 == 0 { first } else { format!("{first}{}{}", joins[pick(joins.len())], one(&mut pick)) });
    }
    out.sort();
    out.dedup();
    out
}

/// Ranges `a..b` whose ends are made of `tokens`, and stray dots.
fn range_samples(tokens: &[&str], count: usize) -> Vec<String> {
    let joins = ["..", "..", " .. ", "...", "."];
    let mut r = rng();
    let mut pick = move |n: usize| (r() % n as u64) as usize;
    let end = |pick: &mut dyn FnMut(usize) -> usize| {
        let len = 1 + pick(3);
        (0..len).map(|_| tokens[pick(tokens.len())]).collect::<String>()
    };
    let mut out: Vec<String> =
        (0..count).map(|_| format!("{}{}{}", end(&mut pick), joins[pick(joins.len())], end(&mut pick))).collect();
    out.sort();
    out.dedup();
    out
}

/// `30 days` and its near misses.
fn duration_samples() -> Vec<String> {
    let amounts = ["1", "30", "+1", "-2", "1.5", "", "x", "007", "1_0"];
    let gaps = [" ", "  ", "", "\t"];
    let units = ["day", "days", "weekss", "month", "years", "s", "dayx", "Day", "fortnight"];
    let ends = ["", " ", " x"];
    let mut out = Vec::new();
    for a in amounts {
        for g in gaps {
            for u in units {
                out.extend(ends.iter().map(|e| format!("{a}{g}{u}{e}")));
            }
        }
    }
    out
}

#[test]
fn text_forms_match_the_loader_string_for_string() {
    let date =
        ["2021", "-", "02", "29", "2020", "13", "1", "..", "/", "?", "~", "%", " ", "30", "31", "04", "0000", "1900"];
    let number = ["1", "0", "_", "+", "-", ".", "..", "e", "E", "5", " ", "x", "inf", "9"];
    // Ends of ranges: mostly digits, some of everything a number may hold.
    let ends = ["1", "5", "0", "9", "12", "3", "_", "+", "-", ".", "e", "E", " ", "x"];
    let duration = ["1", "30", "+", "-", " ", "day", "days", "s", "week", "month", "year", "x", "\t"];
    let mut all = Vec::new();
    let mut dates = samples(&date, 2000);
    dates.extend(date_samples(6000));
    let cases = [
        ("d", dates, 250),
        ("n", [samples(&number, 1000), range_samples(&ends, 5000)].concat(), 150),
        ("x", [samples(&number, 1000), range_samples(&ends, 5000)].concat(), 200),
        ("dur", [samples(&duration, 1000), duration_samples()].concat(), 100),
    ];
    for (key, samples, least) in cases {
        let (differ, accepted) = disagreements(key, &samples);
        // Both sides of each pattern are exercised: many accepted, more refused.
        assert!(accepted >= least, "{key}: only {accepted} of {} samples accepted", samples.len());
        assert!(accepted * 2 < samples.len(), "{key}: {accepted} of {} samples accepted", samples.len());
        all.extend(differ);
    }
    // What a pattern cannot say: the order of a range's ends.
    all.retain(|d| !d.contains("after its end") && !d.contains("starts after it ends"));
    assert!(all.is_empty(), "{} disagreements:\n{}", all.len(), all.join("\n"));
}

#[test]
fn the_command_writes_the_same_documented_schema_every_time() {
    let run = || common::pacta(&["schema", "--json-schema", "rules/", "--no-config"]);
    let (first, second) = (run(), run());
    assert_eq!(common::code(&first), 0, "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(first.stdout, second.stdout);
    let schema: Value = serde_json::from_slice(&first.stdout).unwrap();
    js::validator(&schema);
    let (_, from_library) = generated(&[common::root().join("rules")]);
    assert_eq!(schema, from_library);
    let props = &schema["properties"];
    // Descriptions from the comments beside the declarations.
    let deployment = props["Deployment"]["items"]["description"].as_str().unwrap();
    assert!(deployment.starts_with("A `Deployment` fact. Forces and weaponry of one state"), "{deployment}");
    let npt = props["State"]["items"]["properties"]["npt_nws"]["description"].as_str().unwrap();
    assert_eq!(npt, "a nuclear-weapon state under the NPT `npt_nws: bool`, default false. `true` or `false`.");
    assert_eq!(props["State"]["items"]["properties"]["in_europe"]["default"], Value::Bool(false));
    let baseline = props["params"]["properties"]["baseline"]["description"].as_str().unwrap();
    assert!(baseline.contains("`param baseline: date = 1997-05-27`"), "{baseline}");
    let kinds = &schema["$defs"]["enum:DeploymentKind"]["anyOf"][0]["enum"];
    assert_eq!(kinds, &serde_json::json!(["permanent", "rotational", "exercise"]));
    assert!(schema["$defs"]["clause"]["examples"].as_array().unwrap().iter().any(|c| c == "nato_russia_2021/4.1"));
}

#[test]
fn the_command_refuses_bad_rules_and_a_missing_format() {
    let dir = std::env::temp_dir().join(format!("pacta-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.pacta");
    std::fs::write(&bad, "entity T { a: nosuchtype }\n").unwrap();
    let out = common::pacta(&["schema", "--json-schema", bad.to_str().unwrap(), "--no-config"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(common::code(&out), 2, "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("bad.pacta:1:15"), "{stderr}");
    let out = common::pacta(&["schema", "rules/", "--no-config"]);
    assert_eq!(common::code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--json-schema"));
    std::fs::remove_dir_all(&dir).unwrap();
}
