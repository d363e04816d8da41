//! Scenario loader cases, as data: every `tests/scenario/ok/*` and
//! `tests/scenario/errors/*` case (a `.yaml` file, or a directory whose
//! `main.yaml` is loaded) states what it expects in `#` header lines:
//!
//! - `# expect: pacta::code at [file:]line:col ["text"]`: one line per error,
//!   at the start of its span (file relative to the case directory, default
//!   the main file); the text, if given, must occur in message or help.
//! - `# expect-facts: State=3 Deployment=2`: fact counts (types not named
//!   must have none).
//! - `# expect-value: Deployment/efp-est.owner = @State/GBR`: a field value.
//! - `# expect-span: Deployment/efp-est.owner = 12:12 GBR`: where a field
//!   (or, without `.field`, a fact) starts, and optionally the text there.
//! - `# expect-files: 3`: files read.
//!
//! JSON has no comments: a `NAME.json` case keeps those lines in `NAME.expect`
//! beside it.
//!
//! The test schema is built here by hand, as the checker is not written yet.
//! One test per case: `scenario::ok::NAME`, `scenario::errors::NAME`.

use libtest_mimic::Trial;
use pacta::Diagnose;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pacta::scenario::{self, Scenario, ScenarioError};
use pacta::schema::{EnumType, FieldDef, Schema, StructType, Type};
use pacta::span::{Sources, Span};
use pacta::value::{EntityId, EnumId, RecordId, Value};

use crate::{common, plain, trial};

pub fn trials() -> Vec<Trial> {
    let mut out = Vec::new();
    for (name, path) in cases("errors") {
        out.push(trial(format!("scenario::errors::{}", case_name(&name)), move || error_case(&name, &path)));
    }
    for (name, path) in cases("ok") {
        out.push(trial(format!("scenario::ok::{}", case_name(&name)), move || ok_case(&name, &path)));
    }
    out.push(plain!("scenario", settings));
    out
}

/// Where the cases are (absolute: the binary may run anywhere).
fn cases_dir() -> PathBuf {
    common::root().join("tests/scenario")
}
/// Generous for a debug build; the alias bomb must fail well within it.
const SLOW: Duration = Duration::from_secs(10);

fn field(name: &str, ty: Type, default: Option<Value>) -> FieldDef {
    FieldDef { name: name.into(), ty, default, span: Span::default() }
}

fn opt(ty: Type) -> Type {
    Type::Optional(Box::new(ty))
}

fn list(ty: Type) -> Type {
    Type::List(Box::new(ty))
}

fn schema() -> Schema {
    let (state, deployment) = (Type::Entity(EntityId(0)), Type::Entity(EntityId(1)));
    let region = Type::Enum(EnumId(0));
    let membership = Type::Record(RecordId(0));
    let st = |name: &str, fields| StructType::new(name.into(), fields, Span::default());
    let empty = || Some(Value::list(Vec::new()));
    Schema {
        entities: vec![
            st(
                "State",
                vec![
                    field("name", Type::Text, None),
                    field("in_europe", Type::Bool, Some(Value::Bool(false))),
                    field("regions", list(region), empty()),
                    field("memberships", list(membership), empty()),
                    field("capital", opt(Type::Point), None),
                    field("territory", opt(Type::Geometry), None),
                ],
            ),
            st(
                "Deployment",
                vec![
                    field("owner", state.clone(), None),
                    field("host", state.clone(), None),
                    field("personnel", Type::Int, None),
                    field("since", Type::Date, None),
                    field("until", opt(Type::Date), None),
                ],
            ),
            st("Consent", vec![field("deployment", deployment, None), field("parties", list(state.clone()), None)]),
            // Beyond the State/Deployment/Consent core: the remaining types.
            st(
                "Exercise",
                vec![
                    field("host", state, None),
                    field("length", opt(Type::Duration), None),
                    field("scale", opt(Type::Decimal), None),
                    field("reach", opt(Type::Distance), None),
                ],
            ),
        ],
        records: vec![st(
            "Membership",
            vec![
                field("org", Type::Text, None),
                field("since", Type::Date, None),
                field("until", opt(Type::Date), None),
            ],
        )],
        enums: vec![EnumType {
            name: "Region".into(),
            variants: ["eastern_europe", "south_caucasus", "central_asia", "western_europe"].map(String::from).into(),
            span: Span::default(),
        }],
    }
}

/// A case's test name: its file name without `.yaml` (a JSON case keeps
/// its extension, beside the YAML case it mirrors).
fn case_name(file: &str) -> String {
    file.trim_end_matches(".yaml").replace('.', "_")
}

/// The header lines of a case: in its text, or for JSON in `NAME.expect`.
fn header_text(path: &Path) -> String {
    let sidecar = path.with_extension("expect");
    let from = if path.extension().is_some_and(|e| e == "json") { sidecar } else { path.to_path_buf() };
    std::fs::read_to_string(&from).unwrap_or_else(|e| panic!("{}: {e}", from.display()))
}

/// The cases in one folder: `.yaml` and `.json` files and directories with
/// `main.yaml`.
fn cases(folder: &str) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(cases_dir().join(folder)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            out.push((name, path.join("main.yaml")));
        } else if name.ends_with(".yaml") || name.ends_with(".json") {
            out.push((name, path));
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no cases in {folder}");
    out
}

/// The header lines starting with `# {tag}:`.
fn headers<'a>(text: &'a str, tag: &str) -> Vec<&'a str> {
    let prefix = format!("# {tag}:");
    text.lines().filter_map(|l| l.strip_prefix(&prefix)).map(str::trim).collect()
}

fn load(path: &Path) -> (Result<Scenario, Vec<ScenarioError>>, Sources, Duration) {
    let mut sources = Sources::new();
    let started = Instant::now();
    let result = scenario::load(path, &schema(), &mut sources, &common::project());
    (result, sources, started.elapsed())
}

/// `file:line:col` of a span's start, the file relative to the case.
fn place(sources: &Sources, span: Span, main: &Path) -> String {
    let file = sources.get(span.file).unwrap();
    let lc = file.line_col(span.start as usize);
    if file.path == main {
        format!("{}:{}", lc.line, lc.col)
    } else {
        let dir = main.parent().unwrap();
        let rel = file.path.strip_prefix(dir).unwrap_or(&file.path);
        format!("{}:{}:{}", rel.display(), lc.line, lc.col)
    }
}

fn error_case(name: &str, path: &Path) {
    let text = header_text(path);
    let expected = headers(&text, "expect");
    assert!(!expected.is_empty(), "{name}: no `# expect:` lines");
    let (result, sources, took) = load(path);
    assert!(took < SLOW, "{name}: took {took:?}");
    let errors = match result {
        Ok(_) => panic!("{name}: loaded without errors"),
        Err(errors) => errors,
    };
    let mut failures = String::new();
    let actual: Vec<String> =
        errors.iter().map(|e| format!("{} at {}", e.code(), place(&sources, e.span, path))).collect();
    let wanted: Vec<&str> = expected.iter().map(|e| e.split(" \"").next().unwrap_or(e)).collect();
    if actual != wanted {
        let messages: Vec<String> = errors.iter().map(|e| format!("  {}: {}", sources.locate(e.span), e)).collect();
        panic!("{name}:\n expected {wanted:#?}\n actual   {actual:#?}\n{}", messages.join("\n"));
    }
    for (line, error) in expected.iter().zip(&errors) {
        if let Some((_, quoted)) = line.split_once(" \"") {
            let needle = quoted.trim_end_matches('"');
            let said = format!("{error} {}", error.help().unwrap_or_default());
            if !said.contains(needle) {
                writeln!(failures, "{name}: `{said}` does not say `{needle}`").unwrap();
            }
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

fn ok_case(name: &str, path: &Path) {
    let schema = schema();
    {
        let text = header_text(path);
        let (result, sources, _) = load(path);
        let scenario = match result {
            Ok(s) => s,
            Err(errors) => {
                let list: Vec<String> =
                    errors.iter().map(|e| format!("{}: {} [{}]", sources.locate(e.span), e, e.code())).collect();
                panic!("{name}: errors\n{}", list.join("\n"));
            }
        };
        let counts = headers(&text, "expect-facts");
        assert_eq!(counts.len(), 1, "{name}: needs one `# expect-facts:` line");
        assert_eq!(fact_counts(&schema, &scenario), counts[0], "{name}: fact counts");
        for line in headers(&text, "expect-value") {
            let (what, want) = line.split_once(" = ").unwrap();
            assert_eq!(render(&schema, &scenario, &field_value(&schema, &scenario, what)), want, "{name}: {what}");
        }
        for line in headers(&text, "expect-span") {
            let (what, want) = line.split_once(" = ").unwrap();
            let span = field_span(&schema, &scenario, what);
            let (at, snippet) = want.split_once(' ').unwrap_or((want, ""));
            assert_eq!(place(&sources, span, path), at, "{name}: span of {what}");
            assert!(sources.snippet(span).starts_with(snippet), "{name}: {what} spans `{}`", sources.snippet(span));
        }
        for line in headers(&text, "expect-files") {
            assert_eq!(scenario.files.len().to_string(), line, "{name}: files");
            assert_eq!(scenario.files[0], scenario.file, "{name}: main file first");
        }
        // What loads, an editor validating against the generated JSON
        // Schema accepts too (every file read, includes and all).
        let validator = common::json_schema::validator(&pacta::json_schema::for_schema(&schema));
        let refused = common::json_schema::scenario_violations(&validator, &sources, &scenario);
        assert!(refused.is_empty(), "{name}: the JSON Schema refuses it:\n{}", refused.join("\n"));
    }
}

fn fact_counts(schema: &Schema, scenario: &Scenario) -> String {
    let counts: Vec<String> = schema
        .entities
        .iter()
        .zip(&scenario.facts.tables)
        .filter(|(_, t)| !t.is_empty())
        .map(|(e, t)| format!("{}={}", e.name, t.len()))
        .collect();
    counts.join(" ")
}

/// `Type/id` or `Type/id.field`.
fn find<'a>(schema: &Schema, scenario: &'a Scenario, what: &str) -> (&'a scenario::Fact, Option<usize>) {
    let (fact, field) = what.split_once('.').map_or((what, None), |(f, x)| (f, Some(x)));
    let (ty, id) = fact.split_once('/').unwrap();
    let entity = schema.entity_by_name(ty).unwrap();
    let r = scenario.facts.lookup(entity, id).unwrap_or_else(|| panic!("no fact {what}"));
    let slot = field.map(|f| schema.entity(entity).unwrap().field(f).unwrap_or_else(|| panic!("no field {f}")));
    (scenario.facts.fact(r).unwrap(), slot)
}

fn field_value(schema: &Schema, scenario: &Scenario, what: &str) -> Value {
    let (fact, slot) = find(schema, scenario, what);
    let ty = what.split_once('/').unwrap().0;
    let r = scenario.facts.lookup(schema.entity_by_name(ty).unwrap(), &fact.id).unwrap();
    scenario.facts.fields(r).unwrap()[slot.unwrap()].clone()
}

fn field_span(schema: &Schema, scenario: &Scenario, what: &str) -> Span {
    let (fact, slot) = find(schema, scenario, what);
    let r = scenario.facts.lookup(schema.entity_by_name(what.split_once('/').unwrap().0).unwrap(), &fact.id).unwrap();
    slot.map_or(fact.span, |i| scenario.facts.table(r.entity).unwrap().field_span(r.row, i).unwrap())
}

/// A value as written in `expect-value` lines.
fn render(schema: &Schema, scenario: &Scenario, value: &Value) -> String {
    let all = |items: &[Value]| items.iter().map(|v| render(schema, scenario, v)).collect::<Vec<_>>().join(", ");
    match value {
        Value::Missing => "missing".into(),
        Value::Fact(r) => {
            let name = &schema.entity(r.entity).unwrap().name;
            format!("@{name}/{}", scenario.facts.fact(*r).unwrap().id)
        }
        Value::Enum(e, v) => schema.enums[e.0 as usize].variants[*v as usize].clone(),
        Value::List(items) => format!("[{}]", all(items)),
        Value::Record(fields) => format!("{{{}}}", all(fields)),
        Value::Geometry(g) => {
            let rings: Vec<String> = g.shape().0.iter().map(|p| p.exterior().0.len().to_string()).collect();
            format!("polygons with {} points", rings.join("+"))
        }
        Value::Duration(d) => format!("{}m{}d", d.months, d.days),
        other => other.to_string(),
    }
}

/// The settings of `ok/baltic.yaml`.
fn settings() {
    use pacta::scenario::{ExpectedVerdict, ParamValue};
    let path = cases_dir().join("ok/baltic.yaml");
    let (result, sources, _) = load(&path);
    let s = result.unwrap();
    assert_eq!(s.description.as_deref(), Some("Baltic posture, January 2022"));
    let (as_of, span) = s.as_of.unwrap();
    assert_eq!((as_of.to_string(), sources.snippet(span)), ("2022-01-15".into(), "2022-01-15"));
    let params: Vec<(String, ParamValue, &str)> =
        s.params.iter().map(|(k, (v, span))| (k.clone(), v.clone(), sources.snippet(*span))).collect();
    assert_eq!(
        params,
        vec![
            ("ceiling".into(), ParamValue::Int(1500), "1500"),
            ("entry_into_force".into(), ParamValue::Text("2022-03-01".into()), "2022-03-01"),
            ("ratio".into(), ParamValue::Decimal(0.5), "0.5"),
            ("strict".into(), ParamValue::Bool(true), "true"),
        ]
    );
    let expect = s.expect.unwrap();
    assert_eq!(
        expect.listed,
        vec![ExpectedVerdict::Violation, ExpectedVerdict::Waived, ExpectedVerdict::Indeterminate]
    );
    let findings: Vec<(ExpectedVerdict, &str, &str, String)> = expect
        .findings
        .iter()
        .map(|f| (f.verdict, f.clause.as_str(), f.subject.as_str(), place(&sources, f.span, &path)))
        .collect();
    assert_eq!(
        findings,
        vec![
            (ExpectedVerdict::Violation, "nato_russia_2021/4.1", "efp-est", "67:16".to_string()),
            (ExpectedVerdict::Waived, "nato_russia_2021/4.2", "efp-lva,LVA", "69:7".to_string()),
        ]
    );
    let holds: Vec<(&str, &str)> = expect.holds.iter().map(|(c, span)| (c.as_str(), sources.snippet(*span))).collect();
    assert_eq!(holds, vec![("nato_russia_2021/5", "nato_russia_2021/5")]);
    assert_eq!(place(&sources, expect.span, &path), "67:3");
}
