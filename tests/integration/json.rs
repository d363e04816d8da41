//! JSON scenarios: every bundled example, written as JSON, is judged as
//! its YAML is — same verdicts, subjects and messages — with each finding
//! located in the JSON text.

use std::path::Path;

use pacta::eval::VerdictKind;
use pacta::{Engine, Options};

use crate::common;

#[allow(dead_code, reason = "the bench and pacta-gen use more of the generator")]
#[path = "../../benches/generator.rs"]
pub(crate) mod generator;

/// The YAML scenario as JSON text: anchors and merges resolved, dates as
/// the strings YAML 1.2 reads them as, includes kept as written.
pub(crate) fn as_json(yaml: &Path) -> String {
    let value: serde_json::Value = serde_saphyr::from_str(&std::fs::read_to_string(yaml).unwrap()).unwrap();
    serde_json::to_string_pretty(&value).unwrap()
}

/// What a finding says, without where.
fn said(report: &pacta::Report) -> Vec<(VerdictKind, String, Vec<String>, String)> {
    let subjects = |f: &pacta::Finding| f.subjects.iter().map(|s| format!("{}/{}", s.entity, s.id)).collect();
    report.findings().iter().map(|f| (f.kind(), f.clause.clone(), subjects(f), f.message.clone())).collect()
}

#[test]
fn every_example_as_json_is_judged_as_its_yaml() {
    let root = common::root();
    let engine = Engine::from_paths(&root, &[root.join("rules")]).unwrap();
    let examples = common::examples();
    assert!(examples.len() >= 10, "examples/ holds {} scenarios", examples.len());
    let mut located = 0;
    for yaml in &examples {
        let from_yaml = engine.evaluate(&engine.scenario_file(yaml).unwrap(), &Options::new()).unwrap();
        let name = yaml.with_extension("json");
        let text = as_json(yaml);
        let scenario = engine
            .scenario_text(&name.display().to_string(), &text)
            .unwrap_or_else(|e| panic!("{}: {}", name.display(), e.render()));
        let from_json = engine.evaluate(&scenario, &Options::new()).unwrap();
        assert_eq!(said(&from_json), said(&from_yaml), "{}", name.display());
        for kind in VerdictKind::ALL {
            assert_eq!(from_json.count(kind), from_yaml.count(kind), "{}: {kind:?}", name.display());
        }
        // A finding on a fact of the JSON file points at its object's `{`,
        // and the object is the subject's.
        let lines: Vec<&str> = text.lines().collect();
        for finding in from_json.findings() {
            let Some(place) = finding.location.strip_prefix(&format!("{}:", name.display())) else { continue };
            let (line, col) = place.split_once(':').unwrap();
            let (line, col): (usize, usize) = (line.parse().unwrap(), col.parse().unwrap());
            let rest = &lines[line - 1][col - 1..];
            assert!(rest.starts_with('{'), "{}: {place} is `{rest}`", name.display());
            let id = &finding.subjects[0].id;
            let object = lines[line..].iter().take_while(|l| !l.trim_start().starts_with('}'));
            assert!(object.clone().any(|l| l.contains(&format!("\"id\": \"{id}\""))), "{place} is not {id}");
            located += 1;
        }
    }
    assert!(located > 100, "only {located} findings located in JSON files");
}

/// A directory walk finds `*.json` scenarios; `check` and `test` judge
/// them as they do YAML.
#[test]
fn a_directory_of_json_scenarios_is_walked_and_judged() {
    let root = common::root();
    let dir = std::env::temp_dir().join(format!("pacta-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let states = root.join("rules/data/states.yaml").display().to_string();
    let text = as_json(&root.join("examples/baltic-2022.yaml")).replace("../rules/data/states.yaml", &states);
    assert!(text.contains(&states), "the include was not rewritten");
    std::fs::write(dir.join("baltic.json"), text).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a scenario").unwrap();
    // Reference data says so, and a walk leaves it to the scenarios.
    let data = "{\n  \"include_only\": true,\n  \"State\": [{\"id\": \"XXA\", \"name\": \"Nowhere\"}]\n}\n";
    std::fs::write(dir.join("data.json"), data).unwrap();
    let walked = dir.display().to_string();
    let o = common::pacta(&["check", "rules", &walked, "--format", "json", "--no-config"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(common::code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let scenarios = report["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 1);
    assert!(scenarios[0]["file"].as_str().unwrap().ends_with("baltic.json"));
    assert!(report["summary"]["violations"].as_u64().unwrap() > 0);
    let o = common::pacta(&["test", "rules", &walked, "--no-config"]);
    assert_eq!(common::code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The bench's generator writes the same scenario as YAML and as JSON
/// (`pacta-gen --json`, `pacta-e2e`): both are judged alike, the JSON one
/// at its own lines.
#[test]
fn the_generated_scenario_is_judged_alike_in_both_styles() {
    let root = common::root();
    let engine = Engine::from_paths(&root, &[root.join("rules")]).unwrap();
    let judge = |name: &str, style| {
        let text = generator::generate_as(style, 3000, 11);
        let scenario = engine.scenario_text(name, &text).unwrap_or_else(|e| panic!("{name}: {}", e.render()));
        engine.evaluate(&scenario, &Options::new()).unwrap()
    };
    let (yaml, json) = (judge("g.yaml", generator::Style::Yaml), judge("g.json", generator::Style::Json));
    assert!(yaml.count(VerdictKind::Violation) > 10, "too few violations to compare");
    assert_eq!(said(&json), said(&yaml));
    // Located in the JSON text, not at the YAML's places.
    let first = &json.findings()[0];
    assert!(first.location.starts_with("g.json:"), "{}", first.location);
    assert_ne!(first.location, yaml.findings()[0].location.replace("g.yaml", "g.json"));
}
