//! `pacta.toml`: project settings, so CI can run `pacta test` with no
//! arguments. Found in the current directory or the nearest parent; paths
//! in it are relative to the file. Command-line flags win over the file.
//!
//! ```toml
//! rules = ["rules"]
//! scenarios = ["examples/*.yaml"]
//! format = "human"          # or json, sarif, junit, github, gitlab, markdown, concise
//! fail_on = ["violation", "indeterminate"] # also review, warning
//! deny_warnings = false     # lint warnings fail the run
//! jobs = 2
//! max_steps = 1_000_000_000 # evaluation steps a clause may take
//! timeout = 300             # seconds evaluation may take (0: no limit)
//! allow_no_expectations = false # `pacta test` passes with nothing to test
//!
//! [params]                  # treaty parameters, as with -D
//! entry_into_force = "2022-03-01"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Error;
use crate::scenario::provenance::{CONFIDENCE_HELP, Confidence};

pub const FILE_NAME: &str = "pacta.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub rules: Vec<String>,
    #[serde(default)]
    pub scenarios: Vec<String>,
    /// Library directories for `import "pacta:…"` (`--lib`).
    #[serde(default)]
    pub lib: Vec<String>,
    format: Option<toml::Spanned<String>>,
    /// Results that fail the run: one name or a list (`--fail-on`).
    fail_on: Option<toml::Spanned<OneOrMany>>,
    /// Lint warnings fail the run (`--deny-warnings`).
    pub deny_warnings: Option<bool>,
    pub jobs: Option<usize>,
    /// The evaluation budget per clause (`--max-steps`).
    pub max_steps: Option<u64>,
    /// Seconds evaluation may take (`--timeout`).
    pub timeout: Option<u64>,
    /// The least confidence a fact needs to count (`--min-confidence`).
    min_confidence: Option<toml::Spanned<String>>,
    /// Every entity type recorded completely (`--closed-world`).
    pub closed_world: Option<bool>,
    /// `pacta test` may pass when no scenario has an `expect:` block
    /// (`--allow-no-expectations`).
    pub allow_no_expectations: Option<bool>,
    #[serde(default)]
    pub params: BTreeMap<String, toml::Value>,
    /// The directory the file is in; paths are relative to it.
    #[serde(skip)]
    pub root: PathBuf,
    /// The file read, if any: its directory is the project root.
    #[serde(skip)]
    pub file: Option<PathBuf>,
    /// The file's text, to locate errors in it.
    #[serde(skip)]
    text: String,
}

/// A setting that takes one name or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Config {
    /// `fail_on`, as a list of names, with where it is written.
    pub fn fail_on(&self) -> Option<(Vec<String>, String)> {
        let spanned = self.fail_on.as_ref()?;
        let names = match spanned.get_ref() {
            OneOrMany::One(s) => s.split(',').map(|s| s.trim().to_string()).collect(),
            OneOrMany::Many(v) => v.clone(),
        };
        Some((names, self.at(spanned.span().start)))
    }

    /// `format`, with where it is written.
    pub fn format(&self) -> Option<(&str, String)> {
        self.format.as_ref().map(|f| (f.get_ref().as_str(), self.at(f.span().start)))
    }

    /// `path:line:col` of a byte offset in the file, for messages.
    pub fn at(&self, offset: usize) -> String {
        let name = self.name();
        let file = crate::span::SourceFile::new(PathBuf::from(&name), self.text.clone());
        let lc = file.line_col(offset);
        format!("{name}:{}:{}", lc.line, lc.col)
    }

    /// The file's name for messages: its path, or `pacta.toml`.
    pub fn name(&self) -> String {
        self.file.as_ref().map_or_else(|| FILE_NAME.to_string(), |f| f.display().to_string())
    }

    /// The nearest `pacta.toml` from `dir` upwards, if any.
    /// Paths keep the relative form (`../rules`), so reports name files as
    /// the user sees them.
    pub fn discover(dir: &Path) -> Result<Option<Config>, Error> {
        for (up, d) in dir.ancestors().enumerate() {
            if d.join(FILE_NAME).is_file() {
                let relative: PathBuf = std::iter::repeat_n("..", up).collect();
                let mut config = Config::read(&relative.join(FILE_NAME))?;
                config.root = relative;
                return Ok(Some(config));
            }
        }
        Ok(None)
    }

    pub fn read(path: &Path) -> Result<Config, Error> {
        let access = crate::input::Access::unconfined();
        let text = crate::input::read(path, crate::input::Kind::Config, crate::input::Origin::Untrusted, &access)
            .map_err(|error| Error::Read { path: path.display().to_string(), error })?;
        let located = |offset: usize, message: &str| {
            let bare = Config { file: Some(path.to_path_buf()), text: text.clone(), ..Config::default() };
            Error::Usage(format!("{}: {message}", bare.at(offset)))
        };
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            located(offset, e.message().trim_end())
        })?;
        config.root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        config.file = Some(path.to_path_buf());
        config.text = text;
        if let Some(grade) = config.min_confidence.as_ref().filter(|g| Confidence::parse(g.get_ref()).is_none()) {
            let message = format!("min_confidence `{}`: expected {CONFIDENCE_HELP}", grade.get_ref());
            return Err(Error::Usage(format!("{}: {message}", config.at(grade.span().start))));
        }
        Ok(config)
    }

    /// `min_confidence`, checked when the file was read.
    pub fn min_confidence(&self) -> Option<Confidence> {
        self.min_confidence.as_ref().and_then(|g| Confidence::parse(g.get_ref()))
    }

    /// Rule paths, relative to the file.
    pub fn rule_paths(&self) -> Vec<PathBuf> {
        self.rules.iter().map(|r| self.relative(r)).collect()
    }

    /// Scenario patterns, relative to the file.
    pub fn scenario_patterns(&self) -> Vec<PathBuf> {
        self.scenarios.iter().map(|s| self.relative(s)).collect()
    }

    /// `[params]` as `name=value` overrides.
    pub fn overrides(&self) -> Vec<(String, String)> {
        self.params
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(x) => x.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    toml::Value::Datetime(d) => d.to_string(),
                    // Arrays and tables are no parameter values: passed on
                    // as text, they fail with a clear bad-value error.
                    other => format!("{other:?}"),
                };
                (k.clone(), text)
            })
            .collect()
    }

    fn relative(&self, p: &str) -> PathBuf {
        let path = Path::new(p);
        if path.is_absolute() || self.root.as_os_str().is_empty() { path.to_path_buf() } else { self.root.join(path) }
    }
}

/// Expands glob patterns (`examples/*.yaml`); other paths pass through,
/// and so does a path that exists, whatever it holds (`scenario[1].yaml`).
/// A pattern that matches nothing is an error, so a typo is not a silent
/// empty run.
pub fn expand(patterns: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in patterns {
        let text = p.to_string_lossy();
        if !text.contains(['*', '?', '[']) || p.exists() {
            out.push(p.clone());
            continue;
        }
        let paths = glob::glob(&text).map_err(|e| Error::Usage(format!("bad pattern `{text}`: {e}")))?;
        let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
        if matched.is_empty() {
            return Err(Error::Usage(format!("no file matches `{text}`")));
        }
        matched.sort();
        out.extend(matched);
    }
    Ok(out)
}
