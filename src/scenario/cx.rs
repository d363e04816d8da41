//! The state of a load: what accumulates across files ([`Found`]: fact
//! tables, errors, pending references) and what reading one file needs
//! ([`Cx`]: the schema, the file's text, where reading is). Readers record
//! errors here and keep going, so one run reports every problem of a
//! scenario, not just the first.

use crate::value::ArcStr;

use super::position::At;

use super::provenance::LeftOut;
use super::store::FactStore;
use super::{ScenarioError, ScenarioErrorKind};
use crate::schema::Schema;
use crate::span::{FileId, Span};
use crate::value::{EntityId, Value};

/// A reference to a fact not yet known when it was read, inside a list or a
/// record (where the fact's `field_spans` cannot say where it was written).
/// The resolver meets these placeholders in the same order, per field.
#[derive(Debug, Clone, Copy)]
pub(super) struct NestedRef {
    pub row: u32,
    pub field: u32,
    pub span: Span,
}

/// The fact field being read, so nested references know where they live.
#[derive(Debug, Clone, Copy)]
pub(super) struct Site {
    pub entity: EntityId,
    pub row: u32,
    pub field: u32,
}

/// What loading accumulates across files.
#[derive(Default, Clone)]
pub(super) struct Found {
    pub errors: Vec<ScenarioError>,
    pub store: FactStore,
    /// Per entity table, the nested references left for the resolver.
    pub nested: Vec<Vec<NestedRef>>,
    /// Per entity table, whether any of its facts holds a placeholder: the
    /// resolver walks only those tables (references usually point back at
    /// facts read earlier, which leaves nothing to resolve).
    pub pending: Vec<bool>,
    pub left_out: LeftOut,
    /// Per entity table, where each fact's `id:` is written, row by row;
    /// kept for included files only, whose facts join a scenario's tables
    /// later (`cache.rs`), where a duplicate id is reported at its id.
    pub id_spans: Vec<Vec<Span>>,
}

impl Found {
    pub fn new(schema: &Schema) -> Self {
        let count = schema.entities.len();
        Found {
            errors: Vec::new(),
            store: FactStore::with_entities(count),
            nested: vec![Vec::new(); count],
            pending: vec![false; count],
            left_out: LeftOut::new(None, count),
            id_spans: vec![Vec::new(); count],
        }
    }

    /// An empty `Found` reading as `self` reads (for another part of the
    /// same load).
    pub fn fresh(&self, schema: &Schema) -> Found {
        let mut found = Found::new(schema);
        found.left_out.min = self.left_out.min;
        found
    }

    /// Whether nothing was read into it yet.
    pub fn is_fresh(&self) -> bool {
        self.store.is_empty() && self.errors.is_empty() && self.left_out.count == 0
    }
}

/// Reading one file.
pub(super) struct Cx<'a> {
    pub schema: &'a Schema,
    pub file: FileId,
    text: &'a str,
    pub errors: Vec<ScenarioError>,
    pub store: FactStore,
    pub nested: Vec<Vec<NestedRef>>,
    pub pending: Vec<bool>,
    pub left_out: LeftOut,
    pub id_spans: Vec<Vec<Span>>,
    pub site: Site,
    /// Whether this file is an included one (settings are main-file only).
    /// An included file is read on its own, for every scenario that
    /// includes it: its references all wait for the resolver, which sees
    /// the scenario's facts.
    pub included: bool,
    /// Whether text values may take the fast path of `peek.rs`.
    pub fast: bool,
    /// The furthest byte read so far in this file: the end of a container is
    /// the end of its last scalar, as serde-saphyr reports only node starts.
    pub last_end: usize,
    /// A fact's field buffer, emptied into its table and reused for the
    /// next fact (a million facts would otherwise allocate and free a
    /// million vectors).
    pub spare_fields: Vec<Value>,
    /// The same for the fields' spans.
    pub spare_spans: Vec<Span>,
    /// The ids references wait for, each allocated once (a chunk of a
    /// million deployments names the same few states again and again).
    waiting: hashbrown::HashSet<ArcStr, foldhash::fast::FixedState>,
    /// Where the text the parser reads starts in the file: a part of a
    /// file cut by `split.rs` is parsed alone, and the parser's byte
    /// offsets count from the part's start.
    pub base: usize,
}

impl<'a> Cx<'a> {
    pub fn new(schema: &'a Schema, found: Found, file: FileId, text: &'a str, included: bool) -> Self {
        let Found { errors, store, nested, pending, left_out, id_spans } = found;
        Cx {
            schema,
            file,
            text,
            errors,
            store,
            nested,
            pending,
            left_out,
            id_spans,
            site: Site { entity: EntityId(0), row: 0, field: 0 },
            included,
            fast: true,
            last_end: 0,
            spare_fields: Vec::new(),
            spare_spans: Vec::new(),
            waiting: hashbrown::HashSet::default(),
            base: 0,
        }
    }

    pub fn finish(self) -> Found {
        Found {
            errors: self.errors,
            store: self.store,
            nested: self.nested,
            pending: self.pending,
            left_out: self.left_out,
            id_spans: self.id_spans,
        }
    }

    /// The text of the file being read.
    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn error(&mut self, kind: ScenarioErrorKind, span: Span) {
        self.errors.push(ScenarioError::new(kind, span));
    }

    /// The span of a node's position. Byte offsets are there for text
    /// input; line and column are the fallback.
    pub fn span(&mut self, at: &At) -> Span {
        let (start, end) = match *at {
            At::Bytes { start, end } => (self.base + start, self.base + end),
            At::LineCol { line, column } => {
                let start = self.base + offset_of(self.text.get(self.base..).unwrap_or_default(), line, column);
                (start, start)
            }
        };
        self.last_end = self.last_end.max(end);
        Span::new(self.file, start, end)
    }

    /// The id a pending reference waits for, shared with the other
    /// references to it (up to [`MAX_WAITING`] distinct ids; beyond, each
    /// its own, so that a file of distinct references keeps no set).
    pub fn waiting_id(&mut self, id: &str) -> ArcStr {
        if let Some(shared) = self.waiting.get(id) {
            return shared.clone();
        }
        let id = ArcStr::from(id);
        if self.waiting.len() < MAX_WAITING {
            self.waiting.insert(id.clone());
        }
        id
    }

    /// Notes that the fact being read holds a placeholder.
    pub fn pending_ref(&mut self) {
        if let Some(pending) = self.pending.get_mut(self.site.entity.0 as usize) {
            *pending = true;
        }
    }

    /// Notes a reference that the resolver must find in a list or record.
    pub fn nested_ref(&mut self, span: Span) {
        let Site { entity, row, field } = self.site;
        if let Some(refs) = self.nested.get_mut(entity.0 as usize) {
            refs.push(NestedRef { row, field, span });
        }
    }

    /// The span of bytes `start..end` of this file, found without serde-saphyr.
    pub fn span_at(&mut self, start: usize, end: usize) -> Span {
        self.last_end = self.last_end.max(end);
        Span::new(self.file, start, end)
    }

    /// Widens a container's span (which starts at its first token) to the end
    /// of everything read inside it.
    pub fn close(&mut self, span: Span) -> Span {
        let mut end = self.last_end.max(span.end as usize);
        let bytes = self.text.as_bytes();
        // A flow collection ends at its bracket, just after its last item.
        if let Some(open @ (b'[' | b'{')) = bytes.get(span.start as usize) {
            let close = if *open == b'[' { b']' } else { b'}' };
            let rest = bytes.get(end..).unwrap_or_default();
            let skip = rest.iter().take_while(|b| b.is_ascii_whitespace() || **b == b',').count();
            if rest.get(skip) == Some(&close) {
                end += skip + 1;
                self.last_end = self.last_end.max(end);
            }
        }
        Span::new(span.file, span.start as usize, end)
    }
}

/// The most distinct ids [`Cx::waiting_id`] shares.
const MAX_WAITING: usize = 4096;

/// The byte offset of a one-based line and column (in characters); only
/// needed if serde-saphyr ever reports a location without byte offsets.
fn offset_of(text: &str, line: u64, col: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX))
        .map(str::len)
        .sum();
    let rest = text.get(line_start..).unwrap_or("");
    let skip = usize::try_from(col.saturating_sub(1)).unwrap_or(usize::MAX);
    line_start + rest.char_indices().nth(skip).map_or(rest.len(), |(i, _)| i)
}

/// An entity's name, for messages.
pub(super) fn entity_name(schema: &Schema, entity: EntityId) -> String {
    schema.entity(entity).map_or_else(|| "?".to_string(), |e| e.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_ids_are_shared_up_to_a_bound() {
        let schema = Schema::default();
        let mut cx = Cx::new(&schema, Found::new(&schema), FileId(0), "", false);
        let (a, b) = (cx.waiting_id("USA"), cx.waiting_id("USA"));
        assert!(ArcStr::ptr_eq(&a, &b), "one allocation for one id");
        for i in 0..MAX_WAITING {
            cx.waiting_id(&format!("id-{i}"));
        }
        assert_eq!(cx.waiting.len(), MAX_WAITING, "the set stops growing");
        let (c, d) = (cx.waiting_id("late"), cx.waiting_id("late"));
        assert_eq!((&*c, ArcStr::ptr_eq(&c, &d)), ("late", false), "beyond the bound, each its own");
        assert!(ArcStr::ptr_eq(&cx.waiting_id("USA"), &a), "the first ids stay shared");
    }
}
