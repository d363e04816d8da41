//! Loading a scenario: the main file, then its includes depth-first in the
//! order listed (paths relative to the including file; a file reached twice
//! is read once; a file including one of its includers is an error), then
//! the references between facts. Errors of every file are collected and
//! returned together, sorted by file and position.
//!
//! An included file is read and parsed on its own, through an
//! [`IncludeCache`] (`cache.rs`) that a batch shares between its scenarios;
//! a single load uses one of its own, so both take the same path.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use serde_saphyr::{Budget, DuplicateKeyPolicy, MessageFormatter, NonFiniteFloatPolicy, Options, UserMessageFormatter};

use super::cache::IncludeCache;
use super::cx::{Cx, Found};
use super::document::{self, FileOut};
use super::resolve::resolve;
use super::split::Split;
use super::{Reading, Scenario, ScenarioError, ScenarioErrorKind};
use crate::input::{self, Access, Kind, Origin};
use crate::schema::Schema;
use crate::span::{FileId, Sources, Span};

/// Loads a scenario file and everything it includes; includes stay
/// inside the project (`access`).
pub fn load(
    path: &Path,
    schema: &Schema,
    sources: &mut Sources,
    access: &Access,
) -> Result<Scenario, Vec<ScenarioError>> {
    load_with(path, schema, sources, access, &Reading::default())
}

/// [`load`], keeping only the facts `reading` counts.
pub fn load_with(
    path: &Path,
    schema: &Schema,
    sources: &mut Sources,
    access: &Access,
    reading: &Reading,
) -> Result<Scenario, Vec<ScenarioError>> {
    load_cached(path, sources, access, &IncludeCache::new(schema, *reading))
}

/// [`load_with`] for one scenario of many: included files come from
/// `cache` (read and parsed by the first scenario that includes them), and
/// the schema and reading are the cache's.
pub fn load_cached(
    path: &Path,
    sources: &mut Sources,
    access: &Access,
    cache: &IncludeCache,
) -> Result<Scenario, Vec<ScenarioError>> {
    let text = match input::read(path, Kind::Scenario, Origin::CommandLine, access) {
        Ok(text) => text,
        Err(error) => {
            // An empty stand-in, so that the error can name the file.
            let file = sources.add(path.to_path_buf(), String::new());
            let kind = ScenarioErrorKind::Read { path: path.display().to_string(), error };
            return Err(vec![ScenarioError::new(kind, Span::new(file, 0, 0))]);
        }
    };
    load_text(path.to_path_buf(), text, sources, access, cache)
}

/// Loads a scenario from text already in memory.
pub fn load_str(
    path: PathBuf,
    text: String,
    schema: &Schema,
    sources: &mut Sources,
    access: &Access,
) -> Result<Scenario, Vec<ScenarioError>> {
    load_text(path, text, sources, access, &IncludeCache::new(schema, Reading::default()))
}

/// [`load_str`] through `cache`: its schema, reading and [`Split`], and the
/// included files it holds already.
pub fn load_str_cached(
    path: PathBuf,
    text: String,
    sources: &mut Sources,
    access: &Access,
    cache: &IncludeCache,
) -> Result<Scenario, Vec<ScenarioError>> {
    load_text(path, text, sources, access, cache)
}

/// The longest chain of includes, a file including a file including …
pub const MAX_INCLUDE_DEPTH: usize = 64;

fn load_text(
    path: PathBuf,
    text: String,
    sources: &mut Sources,
    access: &Access,
    cache: &IncludeCache,
) -> Result<Scenario, Vec<ScenarioError>> {
    let mut found = Found::new(cache.schema);
    found.left_out.min = cache.reading.min_confidence;
    let closed_world = cache.reading.closed_world;
    let mut run = Run { cache, access, found, files: Vec::new(), broken: false, closed_world };
    let identity = identity(&path);
    let main = sources.add(path.clone(), text);
    let out = run.read(sources, main).unwrap_or_default();
    let first = Frame { identity: identity.clone(), dir: directory(&path), includes: out.includes.clone().into_iter() };
    let mut stack = vec![first];
    // The files on the stack, to find a cycle in one look-up.
    let mut open = HashSet::from([identity.clone()]);
    let mut loaded = HashSet::from([identity]);
    while let Some(top) = stack.last_mut() {
        let Some((written, span)) = top.includes.next() else {
            if let Some(done) = stack.pop() {
                open.remove(&done.identity);
            }
            continue;
        };
        let path = normalize(&top.dir.join(&written));
        let identity = self::identity(&path);
        if open.contains(&identity) {
            run.error(ScenarioErrorKind::IncludeCycle { path: path.display().to_string() }, span);
        } else if loaded.contains(&identity) {
            // Read once: its facts are in already.
        } else if stack.len() >= MAX_INCLUDE_DEPTH {
            run.broken = true;
            run.error(ScenarioErrorKind::IncludeTooDeep { limit: MAX_INCLUDE_DEPTH }, span);
        } else {
            loaded.insert(identity.clone());
            open.insert(identity.clone());
            let includes = run.include(sources, &path, span);
            stack.push(Frame { identity, dir: directory(&path), includes: includes.into_iter() });
        }
    }
    run.finish(main, out)
}

/// A file whose includes are being loaded.
struct Frame {
    identity: PathBuf,
    dir: PathBuf,
    includes: std::vec::IntoIter<(String, Span)>,
}

struct Run<'a> {
    cache: &'a IncludeCache<'a>,
    access: &'a Access,
    found: Found,
    files: Vec<FileId>,
    /// A file could not be read or parsed: references into the facts it
    /// would have held cannot be checked.
    broken: bool,
    /// `--closed-world`: every type is recorded completely.
    closed_world: bool,
}

impl Run<'_> {
    fn error(&mut self, kind: ScenarioErrorKind, span: Span) {
        self.found.errors.push(ScenarioError::new(kind, span));
    }

    /// Adds an included file (parsed once per cache) to the scenario;
    /// returns its own includes. The boundary is this includer's to check.
    fn include(&mut self, sources: &mut Sources, path: &Path, span: Span) -> Vec<(String, Span)> {
        let shared = self.access.check(path).and_then(|resolved| self.cache.get(&resolved, path, self.access));
        match shared {
            Ok((parsed, text)) => {
                let file = sources.add_shared(text);
                self.files.push(file);
                self.broken |= parsed.broken;
                parsed.join(self.cache.schema, &mut self.found, file)
            }
            Err(error) => {
                self.broken = true;
                self.error(ScenarioErrorKind::Read { path: path.display().to_string(), error }, span);
                Vec::new()
            }
        }
    }

    /// Parses the main file into the facts found so far.
    fn read(&mut self, sources: &Sources, file: FileId) -> Option<FileOut> {
        self.files.push(file);
        let (text, syntax) = sources.get(file).map_or(("", Syntax::Yaml), |f| (f.text.as_str(), Syntax::of(&f.path)));
        let found = std::mem::take(&mut self.found);
        let (found, out) =
            parse(self.cache.schema, found, (file, syntax), text, false, (self.cache.fast, self.cache.split));
        self.found = found;
        self.broken |= out.is_none();
        out
    }

    fn finish(self, file: FileId, mut main: FileOut) -> Result<Scenario, Vec<ScenarioError>> {
        let schema = self.cache.schema;
        let Found { mut errors, mut store, nested, pending, left_out, .. } = self.found;
        super::overrides::apply(schema, &mut store, std::mem::take(&mut main.overrides), &mut errors);
        if !self.broken {
            resolve(schema, &mut store, nested, &pending, &left_out, &mut errors);
        }
        if let Some(at) = main.include_only {
            errors.push(ScenarioError::new(ScenarioErrorKind::IncludeOnly, at));
        }
        // Nothing to judge is no verdict: a CI job must not go green on an
        // empty (or comment-only) file.
        if errors.is_empty() && store.is_empty() {
            errors.push(ScenarioError::new(ScenarioErrorKind::Empty, Span::new(file, 0, 0)));
        }
        let complete = completeness(schema, &store, &main, self.closed_world, file, &mut errors);
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.span.key());
            return Err(errors);
        }
        store.build_columns();
        Ok(Scenario {
            complete,
            file,
            files: self.files,
            as_of: main.as_of,
            params: main.params,
            facts: store,
            expect: main.expect,
            description: main.description,
            left_out: left_out.count,
        })
    }
}

/// How a scenario file is written: `.json` files are JSON, every other
/// file YAML (of which JSON is a subset, but a JSON reader is many times
/// faster on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Json,
}

impl Syntax {
    pub fn of(path: &Path) -> Syntax {
        match path.extension() {
            Some(e) if e.eq_ignore_ascii_case("json") => Syntax::Json,
            _ => Syntax::Yaml,
        }
    }
}

/// Parses one file's text into `found`; `None` where the YAML or JSON gave
/// out.
pub(super) fn parse(
    schema: &Schema,
    found: Found,
    (file, syntax): (FileId, Syntax),
    text: &str,
    included: bool,
    (fast, split): (bool, Split),
) -> (Found, Option<FileOut>) {
    let mut found = found;
    if found.is_fresh()
        && let Some(plan) = super::split::plan_for(schema, (text, syntax), split, threads())
    {
        let whole = found.fresh(schema);
        if let Some((found, out)) = super::parts::read(schema, found, (file, text, syntax), &plan, (included, fast)) {
            return (found, Some(out));
        }
        // A part does not parse by itself: the whole file says why.
        found = whole;
    }
    let mut cx = Cx::new(schema, found, file, text, included);
    let out = match syntax {
        Syntax::Yaml => {
            cx.fast = fast;
            let options = yaml_options(text.len());
            let parsed =
                serde_saphyr::with_deserializer_from_str_with_options(text, options, |d| document::read(&mut cx, d));
            parsed.map_err(|e| yaml_error(&mut cx, &e)).ok()
        }
        Syntax::Json => {
            // The peeking fast path reads YAML's text; JSON's reader locates
            // every value at no extra cost.
            cx.fast = false;
            let parsed = super::json::with_deserializer(text, |d| document::read(&mut cx, d));
            parsed.map_err(|e| json_error(&mut cx, e)).ok()
        }
    };
    (cx.finish(), out)
}

/// The threads a file's parts may be read on: the pool's.
fn threads() -> usize {
    #[cfg(feature = "parallel")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    return 1;
}

/// Which entity types the scenario records completely: those it says are
/// (`complete:`), else those it does not say are not (`incomplete:`) and
/// has facts of; every type under `--closed-world`. A type named in both
/// lists is an error.
fn completeness(
    schema: &Schema,
    store: &crate::scenario::FactStore,
    main: &FileOut,
    closed_world: bool,
    file: FileId,
    errors: &mut Vec<ScenarioError>,
) -> Vec<bool> {
    let start = Span::new(file, 0, 0);
    (0..schema.entities.len())
        .map(|e| {
            let said = main.complete.as_ref().and_then(|k| k.names(e, start));
            let unsaid = main.incomplete.as_ref().and_then(|k| k.names(e, start));
            if let (Some(_), Some(at)) = (said, unsaid) {
                let name = schema.entities[e].name.clone();
                errors.push(ScenarioError::new(ScenarioErrorKind::CompleteAndNot { name }, at));
            }
            let recorded = store.tables.get(e).is_some_and(|t| !t.is_empty());
            closed_world || said.is_some() || (unsaid.is_none() && recorded)
        })
        .collect()
}

/// serde-saphyr settings: YAML 1.2 booleans, duplicate keys rejected, and
/// resource limits that scale with the input (so a 100 MB scenario of a
/// million facts loads). Alias expansion stays capped by the default
/// `alias_limits` (a million replayed events) and `max_aliases`: that is
/// what stops "billion laughs" documents early, whatever the file's size.
pub fn yaml_options(len: usize) -> Options {
    let mut budget = Budget::default();
    // No node or event takes less than one byte of text, bar the few a
    // whole document may synthesize; aliases are capped apart.
    let linear = len.saturating_add(1024);
    budget.max_events = budget.max_events.max(linear.saturating_mul(2));
    budget.max_nodes = budget.max_nodes.max(linear);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(linear);
    // One anchor merged into many facts (`<<: *defaults`) is ordinary in a
    // scenario; the caps above bound what aliases can cost.
    budget.enforce_alias_anchor_ratio = false;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    // Non-finite floats become text, so a decimal field reports them itself.
    options.non_finite_float_policy = NonFiniteFloatPolicy::AsString;
    options.with_snippet = false;
    options.emit_comments = false;
    options
}

/// Records a YAML-level error (the file is abandoned at that point).
fn yaml_error(cx: &mut Cx, e: &serde_saphyr::Error) {
    let span = match e.location() {
        Some(loc) => cx.span(&super::position::At::from(loc)),
        None => Span::new(cx.file, 0, 0),
    };
    // The user-facing wording, without serde-saphyr's "at line …" suffix:
    // the span says where.
    let message = UserMessageFormatter.format_message(e.without_snippet());
    cx.error(ScenarioErrorKind::Yaml(message.into_owned()), span);
}

/// Records a JSON syntax error (the file is abandoned at that point).
fn json_error(cx: &mut Cx, e: super::json::JsonError) {
    let at = e.at.unwrap_or(0);
    let span = cx.span_at(at, at);
    cx.error(ScenarioErrorKind::Json(e.message), span);
}

/// Which file a path is, to find cycles and files included twice.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| normalize(&std::path::absolute(path).unwrap_or_else(|_| path.into())))
}

fn directory(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Removes `.` and resolves `..` where the text allows, for display.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::Diagnose;
    use crate::schema::{FieldDef, StructType, Type};

    fn schema() -> Schema {
        let field = |name: &str, ty| FieldDef { name: name.into(), ty, default: None, span: Span::default() };
        let fact =
            StructType::new("Unit".into(), vec![field("size", Type::Int), field("tag", Type::Text)], Span::default());
        Schema { entities: vec![fact], ..Schema::default() }
    }

    /// Many facts may merge one anchor (serde-saphyr's alias/anchor ratio
    /// heuristic is off).
    #[test]
    fn one_anchor_serves_many_facts() {
        let mut text = String::from("Unit:\n  - &base { id: u0, size: 1, tag: x }\n");
        for i in 1..500 {
            text.push_str(&format!("  - {{ <<: *base, id: u{i} }}\n"));
        }
        let scenario = load_str("many.yaml".into(), text, &schema(), &mut Sources::new(), &Access::default()).unwrap();
        assert_eq!(scenario.facts.len(), 500);
    }

    #[test]
    fn a_missing_file_is_named() {
        let mut sources = Sources::new();
        sources.add("rules.pacta".into(), "entity X {}".into());
        let errors =
            load(Path::new("/no/such/scenario.yaml"), &schema(), &mut sources, &Access::default()).unwrap_err();
        assert_eq!(errors[0].code(), "pacta::io");
        assert_eq!(sources.locate(errors[0].span), "/no/such/scenario.yaml:1:1");
    }

    #[test]
    fn normalizes_paths_for_display() {
        assert_eq!(normalize(Path::new("a/./b/../c.yaml")), PathBuf::from("a/c.yaml"));
        assert_eq!(normalize(Path::new("../x/../y.yaml")), PathBuf::from("../y.yaml"));
    }
}
