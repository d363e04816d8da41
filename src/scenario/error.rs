//! Errors of the scenario layer, each at a YAML location.

use crate::span::{Place, Span, place_prefix};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{kind}", place_prefix(.place))]
pub struct ScenarioError {
    pub kind: ScenarioErrorKind,
    pub span: Span,
    /// `span` as `file:line:col`, once the error has left the loader.
    pub place: Option<Box<Place>>,
    /// A second place worth showing (the first of two duplicates).
    pub related: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioErrorKind {
    /// The file could not be read, or may not be (outside the project).
    #[error("cannot read `{path}`: {error}")]
    Read { path: String, error: crate::input::ReadError },
    /// A chain of includes deeper than [`super::MAX_INCLUDE_DEPTH`].
    #[error("includes nested more than {limit} files deep")]
    IncludeTooDeep { limit: usize },
    /// Not well-formed YAML, a duplicate key, or a budget limit hit.
    #[error("invalid YAML: {0}")]
    Yaml(String),
    /// Not well-formed JSON (a `.json` scenario), or a duplicate key.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// A top-level key that is neither a setting nor an entity type.
    #[error("unknown entity type or setting `{name}`")]
    UnknownType { name: String, suggestion: Option<String> },
    /// A fact field the entity does not declare.
    #[error("`{entity}` has no field `{field}`")]
    UnknownField { entity: String, field: String, suggestion: Option<String> },
    /// A required field left out.
    #[error("`{entity}` fact `{id}` is missing required field `{field}`")]
    MissingField { entity: String, id: String, field: String },
    /// A fact without `id:`.
    #[error("`{entity}` fact has no `id`")]
    MissingId { entity: String },
    /// A value of the wrong type, e.g. `personnel: many`.
    #[error("expected {expected}, found {found}")]
    WrongType { expected: String, found: String },
    /// `since: 2021-02-30`.
    #[error("invalid date: {0}")]
    BadDate(String),
    /// `confidence: high` instead of an Admiralty grade.
    #[error("invalid confidence `{0}`")]
    BadConfidence(String),
    /// `range_km: 500..480`, `range_km: {low: 480}`.
    #[error("invalid estimate: {0}")]
    BadEstimate(String),
    /// An enum value that is not a variant.
    #[error("`{value}` is not a variant of `{enum_name}`")]
    UnknownVariant { enum_name: String, value: String, suggestion: Option<String> },
    /// Two facts of one type with the same id.
    #[error("duplicate `{entity}` id `{id}`")]
    DuplicateId { entity: String, id: String },
    /// A reference to an id that no fact of that type has.
    #[error("no `{entity}` fact has id `{id}`")]
    DanglingRef { entity: String, id: String, suggestion: Option<String> },
    /// An `include:` cycle.
    #[error("`{path}` includes itself")]
    IncludeCycle { path: String },
    /// `as_of`, `params` or `expect` in an included file.
    #[error("`{name}` is a setting of the main scenario file, not of included files")]
    SettingInInclude { name: String },
    /// A scenario, includes and all, without a single fact.
    #[error("the scenario holds no facts: nothing to judge")]
    Empty,
    /// A file marked `include_only: true` named as a scenario.
    #[error("this file is include-only data (`include_only: true`), not a scenario")]
    IncludeOnly,
    /// A type in both `complete:` and `incomplete:`.
    #[error("`{name}` is listed as both complete and incomplete")]
    CompleteAndNot { name: String },
    /// A malformed `expect:` block.
    #[error("invalid expectation: {0}")]
    BadExpect(String),
}

impl ScenarioError {
    pub fn new(kind: ScenarioErrorKind, span: Span) -> Self {
        ScenarioError { kind, span, place: None, related: None }
    }
}

impl crate::Diagnose for ScenarioError {
    fn message(&self) -> String {
        self.kind.to_string()
    }

    fn span(&self) -> Option<Span> {
        Some(self.span)
    }

    fn related(&self) -> Vec<(Span, String)> {
        self.related.iter().map(|s| (*s, "first here".to_string())).collect()
    }

    fn code(&self) -> &'static str {
        use ScenarioErrorKind::*;
        match self.kind {
            Read { ref error, .. } => error.code(),
            IncludeTooDeep { .. } => "pacta::include-too-deep",
            Yaml(_) => "pacta::yaml",
            Json(_) => "pacta::json",
            UnknownType { .. } => "pacta::unknown-entity",
            UnknownField { .. } => "pacta::unknown-field",
            MissingField { .. } => "pacta::missing-field",
            MissingId { .. } => "pacta::missing-id",
            WrongType { .. } => "pacta::wrong-type",
            BadDate(_) => "pacta::bad-date",
            BadEstimate(_) => "pacta::bad-estimate",
            BadConfidence(_) => "pacta::bad-confidence",
            UnknownVariant { .. } => "pacta::unknown-variant",
            DuplicateId { .. } => "pacta::duplicate-id",
            DanglingRef { .. } => "pacta::dangling-reference",
            IncludeCycle { .. } => "pacta::include-cycle",
            SettingInInclude { .. } => "pacta::setting-in-include",
            BadExpect(_) => "pacta::bad-expectation",
            Empty => "pacta::empty-scenario",
            IncludeOnly => "pacta::include-only",
            CompleteAndNot { .. } => "pacta::complete-and-not",
        }
    }

    fn help(&self) -> Option<String> {
        use ScenarioErrorKind::*;
        let mean = |s: &Option<String>| s.as_ref().map(|s| format!("did you mean `{s}`?"));
        match &self.kind {
            UnknownType { suggestion, .. } => mean(suggestion).or(Some(
                "top-level keys are `as_of`, `include`, `params`, `expect`, `description` or an entity type".into(),
            )),
            UnknownField { suggestion, .. } | UnknownVariant { suggestion, .. } | DanglingRef { suggestion, .. } => {
                mean(suggestion)
            }
            MissingField { field, .. } => {
                Some(format!("add `{field}:` or declare the field optional with `?` in the schema"))
            }
            MissingId { .. } => Some("every fact needs a unique `id:`".into()),
            BadDate(_) => Some(
                "dates are written YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known, or as a range \
                 `2021-03-01..2021-05-31`"
                    .into(),
            ),
            BadConfidence(_) => Some(format!("write {}", super::sources::help())),
            BadEstimate(_) => Some("a range is `low..high` or `{low: …, high: …, declared: …}`, low first".into()),
            DuplicateId { .. } => Some("ids must be unique within an entity type, across included files too".into()),
            SettingInInclude { name } => {
                Some(format!("move `{name}:` to the scenario that includes this file; included files hold facts"))
            }
            IncludeCycle { .. } => {
                Some("an included file may not include, directly or not, a file including it".into())
            }
            Read { error, .. } => error.help(),
            Empty => Some("list facts by entity type (`Deployment: [...]`), or `include:` files that do".into()),
            IncludeOnly => Some("judge the scenarios that include it; a directory walk skips such files".into()),
            IncludeTooDeep { .. } => {
                Some("include the shared files from the main scenario instead of through a chain".into())
            }
            Yaml(_) => Some("YAML 1.2: `yes`/`no` are strings, not booleans; keys must be unique".into()),
            Json(_) => {
                Some("JSON (RFC 8259): keys in double quotes, unique per object; no comments or trailing commas".into())
            }
            _ => None,
        }
    }
}
