//! The top-level settings of a scenario (`scenario/document.rs`):
//! `description`, `as_of`, `include`, `include_only`, `params`,
//! `overrides`, `complete`, `incomplete` and the `expect:` block
//! (`scenario/expect.rs`).

use serde_json::{Map, Value as Json, json};

use super::{Gen, forms, values};

/// A parameter a scenario may set, with its description.
pub struct ParamDoc {
    pub name: String,
    pub description: String,
}

impl Gen<'_> {
    /// Every setting, by key, in the order `docs/scenarios.md` lists them.
    pub fn settings(&mut self, params: &[ParamDoc]) -> Map<String, Json> {
        let mut s = Map::new();
        s.insert("description".into(), json!({ "description": "Free text about the scenario.", "type": "string" }));
        s.insert(
            "as_of".into(),
            json!({
                "description": "The date the scenario is evaluated at (YYYY-MM-DD); `--at` overrides it.",
                "type": "string",
                "pattern": forms::whole_day()
            }),
        );
        s.insert("include".into(), include());
        s.insert(
            "include_only".into(),
            json!({
                "description": "`true`: reference data for scenarios to include, never judged on its own.",
                "type": "boolean"
            }),
        );
        s.insert("params".into(), self::params(params));
        s.insert("overrides".into(), self.overrides());
        s.insert(
            "complete".into(),
            self.kinds("The entity types the scenario records completely (finding no fact proves there is none)."),
        );
        s.insert(
            "incomplete".into(),
            self.kinds("The entity types the scenario does not record completely (finding no fact proves nothing)."),
        );
        s.insert("expect".into(), expect());
        s
    }

    /// `overrides:`: per entity type, entries naming a fact by id.
    fn overrides(&mut self) -> Json {
        let mut types = Map::new();
        for def in &self.schema.entities {
            let entry = self.entry(def);
            let list = json!({
                "description": format!("`{}` facts to change: each names one by `id` and gives the fields to replace.", def.name),
                "type": ["array", "null"],
                "items": entry
            });
            types.insert(def.name.clone(), list);
        }
        json!({
            "description": "Fields of included facts to replace, by entity type (main file only).",
            "type": ["object", "null"],
            "properties": types,
            "additionalProperties": false
        })
    }

    /// `complete:` / `incomplete:`: `all`, a type, or a list of types.
    fn kinds(&self, description: &str) -> Json {
        let names: Vec<&str> = self.schema.entities.iter().map(|e| e.name.as_str()).collect();
        let mut one = vec!["all"];
        one.extend(&names);
        json!({
            "description": description,
            "anyOf": [
                { "type": "null" },
                { "enum": one },
                { "type": "array", "items": { "enum": names } },
                { "const": ["all"] }
            ]
        })
    }
}

/// `include:` a path or a list of paths.
fn include() -> Json {
    json!({
        "description": "Files of shared facts, relative to this file: a path or a list of paths.",
        "anyOf": [
            { "type": "null" },
            { "type": "string" },
            { "type": "array", "items": { "type": "string" } }
        ]
    })
}

/// `params:` by name; values are typed against the declarations when the
/// scenario is judged, so any scalar is read here.
fn params(params: &[ParamDoc]) -> Json {
    let value = values::reference("param");
    let known: Map<String, Json> = params
        .iter()
        .map(|p| (p.name.clone(), json!({ "description": p.description, "$ref": "#/$defs/param" })))
        .collect();
    json!({
        "description": "Treaty parameters to override, `name: value` (or `treaty.name: value`); `-D` overrides these.",
        "type": ["object", "null"],
        "properties": known,
        "additionalProperties": value
    })
}

/// The `$defs` entries the settings and facts refer to; `clauses` are
/// offered where `expect:` names one.
pub fn shared(clauses: &[String]) -> Map<String, Json> {
    let mut defs = Map::new();
    defs.insert(
        "param".into(),
        json!({ "description": "A parameter value: a bool, a number, or text (dates as text).", "type": ["boolean", "number", "string"] }),
    );
    defs.insert("source".into(), source());
    defs.insert(
        "confidence".into(),
        json!({
            "description": crate::scenario::provenance::CONFIDENCE_HELP,
            "type": "string",
            "pattern": forms::confidence()
        }),
    );
    let mut clause = json!({ "type": "string", "pattern": forms::clause() });
    if !clauses.is_empty() {
        clause["examples"] = json!(clauses);
    }
    defs.insert("clause".into(), clause);
    defs
}

/// `source:`: a citation, `{text, url, accessed}`, or a list of them.
fn source() -> Json {
    let cited = json!({
        "type": "object",
        "properties": {
            "text": { "type": "string", "description": "The citation." },
            "url": { "type": "string" },
            "accessed": { "type": "string", "pattern": forms::whole_day(), "description": "When it was read (YYYY-MM-DD)." }
        },
        "additionalProperties": false,
        "anyOf": [{ "required": ["text"] }, { "required": ["url"] }]
    });
    let one = json!({ "anyOf": [{ "type": "string", "pattern": forms::not_blank() }, cited] });
    json!({
        "description": "Where the fact comes from: a citation or URL, `{text, url, accessed}`, or a list of them.",
        "anyOf": [one, { "type": "array", "items": one }]
    })
}

/// The `expect:` block.
fn expect() -> Json {
    let clause = json!({ "$ref": "#/$defs/clause", "description": "A clause, `treaty/clause`." });
    // A value that is not a fact (a group's year) is written as printed.
    let part = json!({ "type": ["string", "integer", "boolean"] });
    let subject = json!({
        "description": "The id of the fact the rule bound (or a value that is not a fact, as `pacta check` prints it), or a list of them when it binds several.",
        "anyOf": [part, { "type": "array", "items": part }]
    });
    let entry = json!({
        "type": "object",
        "properties": { "clause": clause, "subject": subject },
        "required": ["clause"],
        "additionalProperties": false
    });
    let findings = |what: &str| {
        json!({
            "description": format!("Every {what}, each `{{clause, subject}}`; when given, exactly these are expected."),
            "type": ["array", "null"],
            "items": entry
        })
    };
    let period = |what: &str| {
        json!({
            "description": what,
            "anyOf": [
                { "type": "string", "pattern": forms::date() },
                { "type": "integer", "minimum": 1000, "maximum": 9999 }
            ]
        })
    };
    json!({
        "description": "What the check must find (`pacta test`).",
        "type": ["object", "null"],
        "properties": {
            "violations": findings("violation"),
            "waived": findings("waived finding"),
            "indeterminate": findings("indeterminate verdict"),
            "review": findings("finding routed to review"),
            "pending": findings("obligation not met whose deadline is ahead"),
            "holds": {
                "description": "Clauses with no violation at all, and `{clause, subject}` with no finding and nothing pending.",
                "type": ["array", "null"],
                "items": { "anyOf": [clause, entry] }
            },
            "during": period("The period the expectations are of: a year, a month, a date or a range."),
            "from": period("The first day of the period the expectations are of."),
            "to": period("The last day of the period the expectations are of.")
        },
        "additionalProperties": false
    })
}
