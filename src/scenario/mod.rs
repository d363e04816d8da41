//! Scenario files (YAML) to facts. A scenario lists facts grouped by entity
//! type, may `include:` shared reference data, and may carry an `as_of` date,
//! parameter overrides and an `expect:` block. Every fact and every field
//! value keeps its YAML location, so verdicts and errors point at file:line:col.
//!
//! Loading is type-directed: the YAML is read with serde-saphyr straight into
//! fact tables shaped by the checked [`Schema`], with no intermediate value
//! tree. References between facts are resolved once all files are read.

mod cache;
mod column;
mod cx;
mod document;
mod error;
mod estimate;
mod expect;
mod fact;
mod field_spans;
mod geometry;
mod index;
mod json;
mod load;
mod merge;
mod node;
mod overrides;
mod parts;
mod peek;
mod position;
pub mod provenance;
mod resolve;
mod sources;
mod split;
mod split_json;
mod store;
mod value;

pub use cache::IncludeCache;
pub use column::{Column, ColumnData, date_code, date_of_code};
pub use error::{ScenarioError, ScenarioErrorKind};
pub use estimate::days_of;
pub use expect::{Expectation, Expectations, ExpectedVerdict};
pub use load::{MAX_INCLUDE_DEPTH, Syntax, load, load_cached, load_str, load_str_cached, load_with, yaml_options};
pub use split::{Split, parts};

/// The extensions of scenario files a directory walk reads: YAML, and
/// JSON (read by its own parser, see [`Syntax`]).
pub const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// Whether a file says it is include-only data (a line `include_only:
/// true` at the top level of YAML, `"include_only": true` in JSON):
/// reference data that scenarios include, never judged on its own. A
/// directory walk skips such files; naming one as a scenario is an error
/// (`pacta::include-only`).
pub fn is_include_only(text: &str) -> bool {
    text.lines().any(|line| {
        let json = line.trim_start().strip_prefix("\"include_only\"").map(str::trim_start);
        let Some(rest) = line.strip_prefix("include_only").or(json).and_then(|r| r.strip_prefix(':')) else {
            return false;
        };
        let value = rest.split(['#', ',', '}']).next().unwrap_or_default().trim();
        value == "true"
    })
}
pub use store::{Fact, FactStore, Table};

use std::collections::BTreeMap;

use crate::calendar::Date;
use crate::span::{FileId, Span};
use crate::value::Value;

/// A loaded scenario: facts plus run settings.
#[derive(Debug, Clone, Default)]
pub struct Scenario {
    /// The main file (includes are in `files` too).
    pub file: FileId,
    /// Every file read for this scenario, the main one first.
    pub files: Vec<FileId>,
    pub as_of: Option<(Date, Span)>,
    /// `params:` overrides, by name, with the span of the value. Values are
    /// kept as written and typed by the caller against the treaty params.
    pub params: BTreeMap<String, (ParamValue, Span)>,
    pub facts: FactStore,
    pub expect: Option<Expectations>,
    /// A free-text `description:`.
    pub description: Option<String>,
    /// Facts left out for their confidence (`Reading::min_confidence`).
    pub left_out: usize,
    /// Per entity type, whether the scenario records its facts completely:
    /// if not, finding no fact of it proves nothing (`complete:`).
    pub complete: Vec<bool>,
}

/// How a scenario is read: which facts count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    /// Facts graded below this (`confidence:`) are left out, and references
    /// to them read as unknown; ungraded facts count.
    pub min_confidence: Option<provenance::Confidence>,
    /// Every entity type is recorded completely, whatever the scenario
    /// says (`--closed-world`).
    pub closed_world: bool,
}

/// A parameter override as written in YAML.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    Bool(bool),
    Int(i64),
    Decimal(f64),
    Text(String),
}

impl ParamValue {
    pub fn as_text(&self) -> String {
        match self {
            ParamValue::Bool(b) => b.to_string(),
            ParamValue::Int(n) => n.to_string(),
            ParamValue::Decimal(x) => x.to_string(),
            ParamValue::Text(s) => s.clone(),
        }
    }
}

/// A fact value together with its location.
pub type Located = (Value, Span);
