//! The library facade (`pacta::Engine`): rules and scenarios from text and
//! from files, typed and located errors, and the same verdicts the `pacta`
//! binary reports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use pacta::Diagnose;
use pacta::eval::VerdictKind;
use pacta::{Engine, Error, Options};
use serde_json::Value;

/// tests/eval/forbid_unless/rules.pacta, with the entities its schema
/// import would bring declared inline.
const RULES: &str = r#"entity State { name: text, in_europe: bool = false }
entity Deployment { owner: State, host: State, personnel: int, since: date }
entity Consent { deployment: Deployment, parties: list<State>, given: date }
treaty t "Forbid with an exception" { param baseline: date = 1997-05-27 }
article 1 "Foreign forces" {
  clause 1.1 "No new foreign forces in Europe" {
    forbid d: Deployment where d.host != d.owner and d.host.in_europe and d.since > baseline
    unless "consent of the host": exists c: Consent where c.deployment == d and d.host in c.parties
    message "{d.owner.name} stations {d.personnel} in {d.host.name} since {d.since}"
  }
}
"#;

const SCENARIO: &str = "as_of: 2022-01-15
State:
  - { id: USA, name: United States }
  - { id: POL, name: Poland, in_europe: true }
  - { id: DEU, name: Germany, in_europe: true }
Deployment:
  - { id: us-pol, owner: USA, host: POL, personnel: 4000, since: 2017-01-01 }
  - { id: us-deu, owner: USA, host: DEU, personnel: 500, since: 2020-06-01 }
Consent:
  - { id: deu-ok, deployment: us-deu, parties: [DEU], given: 2020-05-01 }
";

fn kinds(report: &pacta::Report) -> Vec<VerdictKind> {
    report.findings().iter().map(pacta::Finding::kind).collect()
}

#[test]
fn rules_and_a_scenario_from_text_give_typed_verdicts_with_locations() {
    let engine = Engine::from_text("<memory>", RULES).unwrap();
    let scenario = engine.scenario_text("<scenario>", SCENARIO).unwrap();
    let report = engine.evaluate(&scenario, &Options::new()).unwrap();
    assert_eq!(kinds(&report), [VerdictKind::Violation, VerdictKind::Waived]);
    let violation = &report.findings()[0];
    assert_eq!(violation.clause, "t/1.1");
    assert_eq!(
        violation.subjects.iter().map(|s| (s.entity.as_str(), s.id.as_str())).collect::<Vec<_>>(),
        [("Deployment", "us-pol")]
    );
    assert_eq!(violation.location, "<scenario>:7:5");
    assert_eq!(violation.rule, "<memory>:7:5");
    assert_eq!(violation.message, "United States stations 4000 in Poland since 2017-01-01");
    assert_eq!(report.count(VerdictKind::Holds), 0);
}

#[test]
fn options_set_the_date_and_override_parameters() {
    let engine = Engine::from_text("<memory>", RULES).unwrap();
    let scenario = engine.scenario_text("<scenario>", SCENARIO).unwrap();
    let later = Options::new().param("baseline", "2018-01-01");
    assert_eq!(kinds(&engine.evaluate(&scenario, &later).unwrap()), [VerdictKind::Waived]);
    let date = pacta::calendar::Date::new(2019, 1, 1).unwrap();
    let report = engine.evaluate(&scenario, &Options::new().at(date)).unwrap();
    assert_eq!(report.as_of(), Some(date));

    let errors = engine.evaluate(&scenario, &Options::new().param("baseline", "soon")).unwrap_err();
    assert!(matches!(errors.errors(), [Error::Setup(_)]), "{errors}");
    let errors = engine.evaluate(&scenario, &Options::new().param("basline", "2018-01-01")).unwrap_err();
    assert!(matches!(errors.errors(), [Error::Setup(_)]), "{errors}");
    assert!(errors.render().contains("`baseline`"), "no suggestion: {}", errors.render());
}

#[test]
fn a_syntax_error_in_rule_text_is_typed_and_located() {
    let text = "treaty t \"T\" {}\narticle 1 \"A\" {\n  clause 1.1 \"C\" { forbid d Deployment }\n}\n";
    let errors = Engine::from_text("<memory>", text).unwrap_err();
    let located: Vec<_> = errors.located().collect();
    assert!(matches!(located.as_slice(), [(Error::Syntax(_), Some(_))]), "{errors}");
    assert_eq!(located[0].1.as_deref(), Some("<memory>:3:29"));
    assert!(errors.to_string().starts_with("<memory>:3:29: error[pacta::"), "{errors}");
    // Each error's own `Display` says where and what was found, without
    // the renderer (which shows the message alone, beside its excerpt).
    assert_eq!(located[0].0.to_string(), "<memory>:3:29: expected an operator, found `Deployment`");
    assert_eq!(located[0].0.message(), "expected an operator, found `Deployment`");
    // The rendered report quotes the line it points at.
    assert!(errors.render().contains("forbid d Deployment"), "{}", errors.render());
}

#[test]
fn a_type_error_carries_the_types_not_their_names() {
    use pacta::check::{CheckErrorKind, Expected, Found};
    use pacta::schema::Type;
    let text = RULES.replace("d.host != d.owner and", "d.host.name and");
    let errors = Engine::from_text("<memory>", &text).unwrap_err();
    let [Error::Check(e)] = errors.errors() else { panic!("not one check error: {errors}") };
    let CheckErrorKind::TypeMismatch { expected: Expected::Types(wanted), found: Found::Type(found) } = &e.kind else {
        panic!("not a type mismatch: {e:?}");
    };
    assert_eq!((wanted[0].ty.clone(), found.ty.clone()), (Type::Bool, Type::Text));
    assert_eq!(e.to_string(), "<memory>:7:32: mismatched types: expected bool, found text");
}

#[test]
fn a_scenario_with_an_unknown_field_is_refused() {
    let engine = Engine::from_text("<memory>", RULES).unwrap();
    let text = "State:\n  - { id: USA, name: United States, colour: blue }\n";
    let errors = engine.scenario_text("<scenario>", text).unwrap_err();
    let located: Vec<_> = errors.located().collect();
    let [(Error::Scenario(e), Some(at))] = located.as_slice() else {
        panic!("not one located scenario error: {errors}");
    };
    assert_eq!(e.code(), "pacta::unknown-field");
    assert!(at.starts_with("<scenario>:2:"), "{at}");
}

#[test]
fn an_engine_from_text_reads_no_file() {
    let text = format!("import \"{}/tests/eval/schema.pacta\"\n", env!("CARGO_MANIFEST_DIR"));
    let errors = Engine::from_text("<memory>", &text).unwrap_err();
    assert!(errors.to_string().contains("pacta::outside-project"), "{errors}");

    let engine = Engine::from_text("<memory>", RULES).unwrap();
    let include = format!("include: [{}/tests/eval/states.yaml]\n", env!("CARGO_MANIFEST_DIR"));
    let errors = engine.scenario_text("<scenario>", &include).unwrap_err();
    assert!(errors.to_string().contains("pacta::outside-project"), "{errors}");
}

#[test]
fn a_scenario_belongs_to_the_engine_that_loaded_it() {
    let engine = Engine::from_text("<memory>", RULES).unwrap();
    let other = Engine::from_text("<memory>", RULES).unwrap();
    let scenario = other.scenario_text("<scenario>", SCENARIO).unwrap();
    let errors = engine.evaluate(&scenario, &Options::new()).unwrap_err();
    assert!(matches!(errors.errors(), [Error::Usage(_)]), "{errors}");
    assert!(engine.clone().evaluate(&engine.scenario_text("s", SCENARIO).unwrap(), &Options::new()).is_ok());
}

#[test]
fn files_under_the_project_root_load_with_their_imports_and_includes() {
    let root = common::root();
    let engine = Engine::from_paths(&root, &[root.join("tests/eval/forbid_unless/rules.pacta")]).unwrap();
    let scenario = engine.scenario_file(root.join("tests/eval/forbid_unless/scenario.yaml")).unwrap();
    let report = engine.evaluate(&scenario, &Options::new()).unwrap();
    assert_eq!(kinds(&report), [VerdictKind::Violation, VerdictKind::Waived]);

    // The same files with a root that does not hold the imported schema.
    let dir = root.join("tests/eval/forbid_unless");
    let errors = Engine::from_paths(&dir, &[dir.join("rules.pacta")]).unwrap_err();
    assert!(errors.to_string().contains("pacta::outside-project"), "{errors}");
}

/// (verdict, clause, subject ids, location) of each finding.
type Seen = (String, String, Vec<String>, String);

#[test]
fn the_bundled_library_gives_what_pacta_check_gives() {
    let root = common::root();
    let scenario_path = "examples/baltic-2022.yaml";
    let out = common::pacta(&["check", "rules/", scenario_path, "--format", "json"]);
    assert_eq!(common::code(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let from_cli: Vec<Seen> = json["scenarios"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let subjects = f["subjects"].as_array().unwrap();
            let l = &subjects[0]["location"];
            (
                f["verdict"].as_str().unwrap().to_owned(),
                f["clause"].as_str().unwrap().to_owned(),
                subjects.iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect(),
                format!("{}:{}:{}", l["file"].as_str().unwrap(), l["line"], l["column"]),
            )
        })
        .collect();

    let engine = Engine::from_paths(&root, &[root.join("rules")]).unwrap();
    let report = engine.evaluate(&engine.scenario_file(root.join(scenario_path)).unwrap(), &Options::new()).unwrap();
    // Files are named as given: here absolute, on the command line relative.
    let prefix = format!("{}/", root.display());
    let from_api: Vec<Seen> = report
        .findings()
        .iter()
        .map(|f| {
            let ids = f.subjects.iter().map(|s| s.id.clone()).collect();
            let location = f.location.strip_prefix(&prefix).unwrap_or(&f.location).to_owned();
            (f.kind().name().to_owned(), f.clause.clone(), ids, location)
        })
        .collect();

    let violations = json["summary"]["violations"].as_u64().unwrap();
    assert!(violations > 0, "the example has violations");
    assert_eq!(report.count(VerdictKind::Violation) as u64, violations);
    assert_eq!(from_api, from_cli);
}

#[test]
fn an_engine_is_shared_between_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<Engine>();
    shareable::<pacta::Scenario>();
    let engine = Engine::from_text("<memory>", RULES).unwrap();
    let scenario = engine.scenario_text("<scenario>", SCENARIO).unwrap();
    let counts: Vec<usize> = std::thread::scope(|s| {
        let judge = || engine.evaluate(&scenario, &Options::new()).unwrap().findings().len();
        let threads: Vec<_> = (0..2).map(|_| s.spawn(judge)).collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    assert_eq!(counts, [2, 2]);
}
