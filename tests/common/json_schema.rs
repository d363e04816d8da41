//! Validating scenario files against the JSON Schema `pacta schema
//! --json-schema` writes, read as an editor reads them: YAML 1.2 or JSON
//! into a JSON value.

use std::path::Path;

use pacta::scenario::Scenario;
use pacta::span::Sources;
use serde_json::Value;

/// A validator for a generated schema (which must itself be valid).
pub fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::meta::validate(schema).unwrap_or_else(|e| panic!("not a valid 2020-12 schema: {e}"));
    jsonschema::draft202012::new(schema).unwrap()
}

/// A scenario file's text as a JSON value.
pub fn document(path: &Path, text: &str) -> Value {
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    } else {
        // As the loader and yaml-language-server read it: YAML 1.2, where
        // `yes` is text.
        let options = pacta::scenario::yaml_options(text.len());
        serde_saphyr::from_str_with_options(text, options).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// `instance path: message` for each violation in `text`.
pub fn violations(validator: &jsonschema::Validator, path: &Path, text: &str) -> Vec<String> {
    let doc = document(path, text);
    validator.iter_errors(&doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// The violations in every file a loaded scenario read (the main file and
/// its includes), each line prefixed by the file.
pub fn scenario_violations(validator: &jsonschema::Validator, sources: &Sources, scenario: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    for &id in &scenario.files {
        let file = sources.get(id).unwrap();
        for v in violations(validator, &file.path, &file.text) {
            out.push(format!("{}: {v}", file.path.display()));
        }
    }
    out
}
