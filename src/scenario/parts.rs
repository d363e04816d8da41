//! Reading a file cut by `split.rs` (YAML) or `split_json.rs` (JSON) on
//! several cores: the head on this thread while the chunks of the longest
//! list are read on others, each as a list of its own, with every reference
//! left for the resolver; then the chunks join the head's facts in file
//! order (`merge.rs`). A YAML file's tail (what follows the list) is read
//! last, on the joined facts; a JSON file's is read with its head. The
//! result is what reading the file whole gives, error for error; where any
//! part does not parse on its own, the caller reads the file whole, so
//! that a syntax error reads as it always has.

use std::ops::Range;

use super::cx::{Cx, Found};
use super::document::{self, FileOut};
use super::load::Syntax;
use super::split::Plan;
use crate::schema::Schema;
use crate::span::FileId;

/// Reads the parts of `text` that `plan` gives into `found` (which holds
/// nothing yet); `None` if a part does not parse by itself.
pub(super) fn read(
    schema: &Schema,
    found: Found,
    (file, text, syntax): (FileId, &str, Syntax),
    plan: &Plan,
    (included, fast): (bool, bool),
) -> Option<(Found, FileOut)> {
    match syntax {
        Syntax::Yaml => read_yaml(schema, found, (file, text), plan, included, fast),
        Syntax::Json => read_json(schema, found, (file, text), plan, included),
    }
}

fn read_yaml(
    schema: &Schema,
    found: Found,
    (file, text): (FileId, &str),
    plan: &Plan,
    included: bool,
    fast: bool,
) -> Option<(Found, FileOut)> {
    let head = |found| read_document(schema, found, (file, text), plan.head.clone(), included, fast);
    let chunk = |range: &Range<usize>, part: Found| {
        let mut cx = Cx::new(schema, part, file, text, true);
        cx.fast = fast;
        cx.base = range.start;
        let part = text.get(range.clone())?;
        let options = super::load::yaml_options(part.len());
        let read = serde_saphyr::with_deserializer_from_str_with_options(part, options, |d| {
            document::read_list(&mut cx, d, plan.entity)
        });
        read.ok().filter(|&listed| listed).map(|_| cx.finish())
    };
    let (found, out) = in_waves(schema, found, plan, head, chunk)?;
    let mut out = out?;
    let (found, tail) = read_document(schema, found, (file, text), plan.tail.clone(), included, fast);
    out.merge(tail?);
    Some((found, out))
}

/// Reads a JSON file cut by `split_json.rs`: the head is the whole document
/// but for the list's elements from the first cut on, which the chunks
/// read; a list of one entity type holds no facts of another, so the text
/// after the list is read with the head and nothing is read twice.
fn read_json(
    schema: &Schema,
    found: Found,
    (file, text): (FileId, &str),
    plan: &Plan,
    included: bool,
) -> Option<(Found, FileOut)> {
    let skip = (plan.head.end, plan.tail.start);
    let head = |found| {
        let mut cx = Cx::new(schema, found, file, text, included);
        cx.fast = false;
        let read = super::json::with_skip(text, Some(skip), |d| document::read(&mut cx, d));
        (cx.finish(), read.ok())
    };
    let chunk = |range: &Range<usize>, part: Found| {
        let mut cx = Cx::new(schema, part, file, text, true);
        cx.fast = false;
        // The elements of a list in the top-level object.
        let read =
            super::json::with_elements(text, range.clone(), 2, |seq| document::read_items(&mut cx, seq, plan.entity));
        read.ok().filter(|&listed| listed).map(|_| cx.finish())
    };
    let (found, out) = in_waves(schema, found, plan, head, chunk)?;
    Some((found, out?))
}

/// Reads the head (with `head`) and the chunks (each with `chunk`, into a
/// `Found` of its own) and joins them in file order; `None` if a chunk was
/// not read. The chunks are read a wave at a time, one per thread of the
/// pool (`Plan::wave`), the first beside the head, and each wave joins
/// before the next is read: a chunk's facts are held twice only while they
/// join, and the next wave's tables take the memory the last one freed. Read all at once, half a
/// million facts' chunk tables were freed together under rows that had
/// joined, and the allocator kept them (87 MB more at the peak on two
/// cores than on one).
fn in_waves<O: Send>(
    schema: &Schema,
    found: Found,
    plan: &Plan,
    head: impl FnOnce(Found) -> (Found, O) + Send,
    chunk: impl Fn(&Range<usize>, Found) -> Option<Found> + Sync + Send,
) -> Option<(Found, O)> {
    let (found, fresh) = reserved(schema, found, plan);
    let e = plan.entity.0 as usize;
    let width = schema.entity(plan.entity).map_or(0, |d| d.fields.len());
    let read = |(range, &items): (&Range<usize>, &usize)| {
        let mut part = fresh.clone();
        if let Some(table) = part.store.tables.get_mut(e) {
            table.reserve(items, width);
            table.unindexed();
        }
        chunk(range, part)
    };
    let mut chunks = plan.chunks.iter().zip(plan.items.iter().skip(1));
    let first: Vec<_> = chunks.by_ref().take(plan.wave).collect();
    let ((found, out), wave) = both(|| head(found), || each(first, read));
    let mut found = join(schema, found, wave)?;
    loop {
        let wave: Vec<_> = chunks.by_ref().take(plan.wave).collect();
        if wave.is_empty() {
            return Some((found, out));
        }
        found = join(schema, found, each(wave, read))?;
    }
}

/// `found` with room for the whole list, and an empty `Found` to copy for
/// each chunk (made as the chunk is read).
fn reserved(schema: &Schema, mut found: Found, plan: &Plan) -> (Found, Found) {
    let width = schema.entity(plan.entity).map_or(0, |d| d.fields.len());
    let fresh = found.fresh(schema);
    if let Some(table) = found.store.tables.get_mut(plan.entity.0 as usize) {
        // The whole list, so that the chunks join without growing it.
        table.reserve(plan.items.iter().sum(), width);
    }
    (found, fresh)
}

/// The chunks joined to the head in file order; `None` if one was not read.
fn join(schema: &Schema, mut found: Found, chunks: Vec<Option<Found>>) -> Option<Found> {
    for part in chunks {
        super::merge::append(schema, &mut found, part?, |s| s);
    }
    Some(found)
}

/// Reads `range` of `text` as a document of its own, into `found`.
fn read_document(
    schema: &Schema,
    found: Found,
    (file, text): (FileId, &str),
    range: std::ops::Range<usize>,
    included: bool,
    fast: bool,
) -> (Found, Option<FileOut>) {
    let mut cx = Cx::new(schema, found, file, text, included);
    cx.fast = fast;
    cx.base = range.start;
    let Some(part) = text.get(range) else {
        return (cx.finish(), None);
    };
    let options = super::load::yaml_options(part.len());
    let read = serde_saphyr::with_deserializer_from_str_with_options(part, options, |d| document::read(&mut cx, d));
    (cx.finish(), read.ok())
}

/// Runs `a` here and `b` on another thread of the pool, if there is one.
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    return rayon::join(a, b);
    #[cfg(not(feature = "parallel"))]
    return (a(), b());
}

/// `f` of every item, in order, on the pool's threads if there are any.
fn each<T: Send, R: Send>(ts: Vec<T>, f: impl Fn(T) -> Option<R> + Sync + Send) -> Vec<Option<R>> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        ts.into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    ts.into_iter().map(f).collect()
}
