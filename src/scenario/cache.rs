//! The files scenarios include, read and parsed once per run. A library of
//! scenarios includes the same reference data (states and their outlines,
//! weapon systems) again and again; an [`IncludeCache`] keeps each such
//! file as its text and the facts it parsed into, keyed by the file's
//! canonical path, for every scenario of the run and every thread judging
//! one. Geometry is shared with the facts, so an outline's index
//! (`area.rs`) is built once too.
//!
//! What stays per scenario: the project-boundary check (each includer's
//! path is checked before the cache is asked), the file's id in the
//! scenario's `Sources` (spans are rewritten to it as the facts join the
//! scenario's tables, so they point at the included file's own lines),
//! duplicate ids against the scenario's other files, references (resolved
//! against the whole scenario), and `overrides:`, which change the
//! scenario's copy of the rows, never the cached ones.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::Reading;
use super::cx::Found;
use super::load::Syntax;
use crate::input::{self, Access, Kind, Origin, ReadError};
use crate::schema::Schema;
use crate::span::{FileId, SourceFile, Span};

/// The file id the spans of a cached parse carry until they join a
/// scenario's `Sources`.
const UNPLACED: FileId = FileId(u32::MAX);

/// Included files read and parsed for one schema and one [`Reading`]
/// (a run's), shared by every scenario loaded through it.
pub struct IncludeCache<'s> {
    pub(super) schema: &'s Schema,
    pub(super) reading: Reading,
    /// Whether text values may take `peek.rs`'s fast path (tests turn it off).
    pub(super) fast: bool,
    /// How large files are cut to be read on several cores (tests force it).
    pub(super) split: super::Split,
    files: Mutex<HashMap<PathBuf, Arc<Slot>>>,
}

/// One file: parsed by the first scenario that includes it; the others
/// wait for that parse rather than repeat it.
#[derive(Default)]
struct Slot {
    parsed: OnceLock<Result<Arc<Parsed>, ReadError>>,
    /// The text under each path it was included by (usually one).
    named: Mutex<Vec<Arc<SourceFile>>>,
}

/// An included file read on its own: what it adds to every scenario that
/// includes it, with spans in [`UNPLACED`].
pub(super) struct Parsed {
    pub text: Arc<SourceFile>,
    pub found: Found,
    /// Its own `include:` entries.
    pub includes: Vec<(String, Span)>,
    /// Not YAML, or cut short: references into it cannot be checked.
    pub broken: bool,
}

impl<'s> IncludeCache<'s> {
    pub fn new(schema: &'s Schema, reading: Reading) -> Self {
        IncludeCache { schema, reading, fast: true, split: super::Split::Auto, files: Mutex::new(HashMap::new()) }
    }

    /// How files are cut to be read on several cores ([`Split::Auto`] unless
    /// set); what is read is the same either way.
    ///
    /// [`Split::Auto`]: super::Split::Auto
    #[must_use]
    pub fn with_split(mut self, split: super::Split) -> Self {
        self.split = split;
        self
    }

    /// The file `resolved` (a canonical path an includer may read), parsed,
    /// and its text under the name `shown`.
    pub(super) fn get(
        &self,
        resolved: &Path,
        shown: &Path,
        access: &Access,
    ) -> Result<(Arc<Parsed>, Arc<SourceFile>), ReadError> {
        let slot = {
            let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(files.entry(resolved.to_path_buf()).or_default())
        };
        let parsed = slot.parsed.get_or_init(|| self.read(resolved, shown, access)).clone()?;
        let text = slot.name(&parsed.text, shown);
        Ok((parsed, text))
    }

    fn read(&self, resolved: &Path, shown: &Path, access: &Access) -> Result<Arc<Parsed>, ReadError> {
        // `resolved` passed this includer's check; reading it checks again,
        // harmlessly, and applies the caps for untrusted files.
        let text = input::read(resolved, Kind::Scenario, Origin::Untrusted, access)?;
        let text = Arc::new(SourceFile::new(shown.to_path_buf(), text));
        let mut found = Found::new(self.schema);
        found.left_out.min = self.reading.min_confidence;
        let (found, out) = super::load::parse(
            self.schema,
            found,
            (UNPLACED, Syntax::of(shown)),
            &text.text,
            true,
            (self.fast, self.split),
        );
        let broken = out.is_none();
        let includes = out.map(|o| o.includes).unwrap_or_default();
        Ok(Arc::new(Parsed { text, found, includes, broken }))
    }
}

impl Slot {
    fn name(&self, first: &Arc<SourceFile>, shown: &Path) -> Arc<SourceFile> {
        if first.path == shown {
            return Arc::clone(first);
        }
        let mut named = self.named.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(file) = named.iter().find(|f| f.path == shown) {
            return Arc::clone(file);
        }
        let file = Arc::new(SourceFile::new(shown.to_path_buf(), first.text.clone()));
        named.push(Arc::clone(&file));
        file
    }
}

impl Parsed {
    /// Adds this file's facts, errors and pending references to a
    /// scenario's, as file `file` of its `Sources`; returns its includes.
    pub(super) fn join(&self, schema: &Schema, found: &mut Found, file: FileId) -> Vec<(String, Span)> {
        let at = |s: Span| Span { file, ..s };
        super::merge::append(schema, found, self.found.clone(), at);
        self.includes.iter().map(|(path, span)| (path.clone(), at(*span))).collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

    use super::*;
    use crate::Diagnose;
    use crate::scenario::{Scenario, ScenarioError, load_cached};
    use crate::schema::{FieldDef, StructType, Type};
    use crate::span::Sources;
    use crate::value::{EntityId, Value};

    fn schema() -> Schema {
        let field = |name: &str, ty| FieldDef { name: name.into(), ty, default: None, span: Span::default() };
        let unit = || Box::new(Type::Entity(EntityId(0)));
        let fields = vec![
            field("size", Type::Int),
            field("tag", Type::Text),
            field("next", Type::Optional(unit())),
            field("peers", Type::Optional(Box::new(Type::List(unit())))),
        ];
        Schema { entities: vec![StructType::new("Unit".into(), fields, Span::default())], ..Schema::default() }
    }

    /// A directory of files for one test.
    fn files(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pacta-cache-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        dir
    }

    fn field<'a>(s: &'a Scenario, id: &str, slot: usize) -> &'a Value {
        let table = &s.facts.tables[0];
        table.field(table.row_of(id).unwrap(), slot).unwrap()
    }

    const DATA: &str = "Unit:\n  - { id: a, size: 1, tag: x, peers: [b] }\n  - { id: b, size: 2, tag: y, next: a }\n";

    /// Two scenarios share one parse of the file they include; one's
    /// overrides stay its own, references resolve in each, and the
    /// included facts keep their place in the included file.
    #[test]
    fn includers_share_the_parse_not_the_overrides() {
        let one = "include: [data.yaml]\noverrides:\n  Unit:\n    - { id: a, size: 10 }\nUnit:\n  - { id: c, size: 3, tag: z, next: b }\n";
        let two = "include: [data.yaml]\nUnit:\n  - { id: d, size: 4, tag: w, peers: [a, b] }\n";
        let dir = files("share", &[("data.yaml", DATA), ("one.yaml", one), ("two.yaml", two)]);
        let schema = schema();
        let cache = IncludeCache::new(&schema, Reading::default());
        let access = Access::within([dir.as_path()]);
        let (mut s1, mut s2) = (Sources::new(), Sources::new());
        let one = load_cached(&dir.join("one.yaml"), &mut s1, &access, &cache).unwrap();
        let two = load_cached(&dir.join("two.yaml"), &mut s2, &access, &cache).unwrap();
        assert_eq!(field(&one, "a", 0), &Value::Int(10));
        assert_eq!(field(&two, "a", 0), &Value::Int(1));
        for s in [&one, &two] {
            let a = s.facts.lookup(EntityId(0), "a").unwrap();
            let b = s.facts.lookup(EntityId(0), "b").unwrap();
            assert_eq!(field(s, "b", 2), &Value::Fact(a));
            assert_eq!(field(s, "a", 3), &Value::list(vec![Value::Fact(b)]));
        }
        let at = one.facts.lookup(EntityId(0), "a").unwrap();
        let a = one.facts.fact(at).unwrap();
        assert!(s1.locate(a.span).ends_with("data.yaml:2:5"), "{}", s1.locate(a.span));
        let span = one.facts.table(EntityId(0)).unwrap().field_span(at.row, 0).unwrap();
        assert!(s1.locate(span).ends_with("one.yaml:4:22"), "the override's place");
        let (f1, f2) = (s1.get(one.files[1]).unwrap(), s2.get(two.files[1]).unwrap());
        assert!(std::ptr::eq(f1, f2), "one text for both");
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// An error in an included file reaches every includer at its place;
    /// a duplicate of an includer's fact is reported at the included id.
    #[test]
    fn each_includer_hears_of_the_included_files_errors() {
        let data = "Unit:\n  - { id: a, size: many, tag: x }\n";
        let one = "include: [data.yaml]\nUnit:\n  - { id: a, size: 1, tag: y }\n";
        let two = "include: [data.yaml]\nUnit:\n  - { id: b, size: 1, tag: y }\n";
        let dir = files("errors", &[("data.yaml", data), ("one.yaml", one), ("two.yaml", two)]);
        let schema = schema();
        let cache = IncludeCache::new(&schema, Reading::default());
        let access = Access::within([dir.as_path()]);
        let (mut s1, mut s2) = (Sources::new(), Sources::new());
        let e1 = load_cached(&dir.join("one.yaml"), &mut s1, &access, &cache).unwrap_err();
        let e2 = load_cached(&dir.join("two.yaml"), &mut s2, &access, &cache).unwrap_err();
        let shown = |s: &Sources, e: &[ScenarioError]| {
            e.iter()
                .map(|e| format!("{} {}", e.code(), s.locate(e.span).rsplit('/').next().unwrap()))
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(&s1, &e1), ["pacta::duplicate-id data.yaml:2:11", "pacta::wrong-type data.yaml:2:20"]);
        assert!(s1.locate(e1[0].related.unwrap()).ends_with("one.yaml:3:5"));
        assert_eq!(shown(&s2, &e2), ["pacta::wrong-type data.yaml:2:20"]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// The boundary is each includer's: a file outside the project is
    /// refused, whatever the cache holds.
    #[test]
    fn the_boundary_is_checked_for_every_includer() {
        let inside = files("inside", &[("data.yaml", DATA), ("one.yaml", "include: [data.yaml]\n")]);
        let outside = files("outside", &[]);
        let schema = schema();
        let cache = IncludeCache::new(&schema, Reading::default());
        let shared = inside.join("data.yaml");
        let rel = format!("include: [{}]\nUnit:\n  - {{ id: z, size: 1, tag: t }}\n", shared.display());
        std::fs::write(outside.join("two.yaml"), rel).unwrap();
        let mut s1 = Sources::new();
        load_cached(&inside.join("one.yaml"), &mut s1, &Access::within([inside.as_path()]), &cache).unwrap();
        let mut s2 = Sources::new();
        let errors =
            load_cached(&outside.join("two.yaml"), &mut s2, &Access::within([outside.as_path()]), &cache).unwrap_err();
        assert_eq!(errors[0].code(), "pacta::outside-project");
        assert!(s2.locate(errors[0].span).ends_with("two.yaml:1:11"));
        std::fs::remove_dir_all(inside).unwrap();
        std::fs::remove_dir_all(outside).unwrap();
    }
}
