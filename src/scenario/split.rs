//! Where a large YAML scenario may be cut so that its parts parse on
//! several cores: inside its longest list of facts, at the start of an
//! item. A scenario of a million facts is nearly all one such list.
//!
//! The cut must never change what is read. YAML's block structure makes a
//! line at the list's own indentation that starts with `- ` the start of an
//! item, whatever came before it, in every file that parses: plain
//! multi-line values and block scalars (`|`, `>`) are indented past the
//! item that holds them, and a quoted or flow value cut in two leaves a
//! part that does not parse (then the file is read whole, see `parts.rs`).
//! Tags and anchors belong to the node they are written on. What ties
//! parts together is refused here, and the file is read whole: aliases
//! (`*`, which may name an anchor in another part: that part would not
//! parse, and the work would be done twice), directives and document
//! markers, complex or quoted top-level keys, and a top-level key written
//! twice (each part would see it once). The tests are crude: a `*` in a
//! comment costs the speed, never the answer.

use std::ops::Range;

use memchr::{memchr, memchr_iter};

use crate::schema::Schema;
use crate::value::EntityId;

/// How a scenario file is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Cut files worth it (at least [`MIN_BYTES`]) into one part per thread.
    Auto,
    /// Read every file whole.
    Off,
    /// Cut before every `n`th item of the longest list, whatever the size
    /// (to test that cutting changes nothing).
    Items(usize),
}

/// Below this a file is parsed faster than threads are handed work.
pub const MIN_BYTES: usize = 1 << 18;

/// About how much text a chunk takes: small enough that a wave of chunks,
/// held apart until they join the head's table, costs little (a chunk's
/// rows take about three times its text), large enough that starting a
/// part (a parser, a context) and waiting at a wave's join are lost in its
/// work (a YAML chunk is read in about 0.2 s, a JSON one in 0.03 s).
const CHUNK_BYTES: usize = 1 << 22;

/// A file cut in parts: `head` is the text up to the first cut, read as the
/// file's own document; `chunks` are runs of items of `entity`'s list,
/// each read as a sequence of its own; `tail` is what follows the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Plan {
    pub entity: EntityId,
    pub head: Range<usize>,
    pub chunks: Vec<Range<usize>>,
    pub tail: Range<usize>,
    /// Items of the list in the head, then in each chunk.
    pub items: Vec<usize>,
    /// Chunks read at a time (`parts.rs`): one per thread.
    pub wave: usize,
}

/// Where to cut `text` into `parts` parts of about the same work (or as
/// `split` says), if it can be cut safely.
pub(super) fn plan(schema: &Schema, text: &str, split: Split, parts: usize) -> Option<Plan> {
    let every = asked(split, parts, text.len())?;
    let bytes = text.as_bytes();
    if memchr(b'*', bytes).is_some() {
        return None;
    }
    let (entity, list) = longest_list(schema, text)?;
    let items = item_starts(bytes, list.clone())?;
    cut((entity, list, &items), every, text.len(), parts)
}

/// Whether `split` asks for a cut of a text of `len` bytes on `parts`
/// threads: `None` not, `Some(None)` balanced, `Some(Some(n))` before
/// every `n`th item.
pub(super) fn asked(split: Split, parts: usize, len: usize) -> Option<Option<usize>> {
    match split {
        Split::Off => None,
        Split::Auto if parts < 2 || len < MIN_BYTES => None,
        Split::Auto => Some(None),
        Split::Items(n) => Some(Some(n.max(1))),
    }
}

/// The plan cutting `list` of `entity` (its items starting at `items`) in
/// a text of `len` bytes; `None` if there is nothing to cut.
pub(super) fn cut(
    (entity, list, items): (EntityId, Range<usize>, &[usize]),
    every: Option<usize>,
    len: usize,
    parts: usize,
) -> Option<Plan> {
    let mut bounds: Vec<usize> = match every {
        Some(n) => items.iter().copied().skip(n).step_by(n).collect(),
        None => balanced(items, len, &list, parts),
    };
    bounds.dedup();
    let (&first, _) = bounds.split_first()?;
    let chunks: Vec<Range<usize>> =
        bounds.iter().zip(bounds.iter().skip(1).chain([&list.end])).map(|(&a, &b)| a..b).collect();
    let before = |at: usize| items.partition_point(|&s| s < at);
    let counts = std::iter::once(before(first)).chain(chunks.iter().map(|c| before(c.end) - before(c.start))).collect();
    Some(Plan { entity, head: 0..first, chunks, tail: list.end..len, items: counts, wave: parts.max(1) })
}

/// How many parts `split` cuts a scenario written in `syntax` into, on
/// `threads` threads (1: read whole).
pub fn parts(schema: &Schema, text: (&str, super::Syntax), split: Split, threads: usize) -> usize {
    plan_for(schema, text, split, threads).map_or(1, |p| p.chunks.len() + 1)
}

/// Where to cut a scenario written in `syntax` into `parts` parts, if
/// anywhere: by lines (YAML, [`plan`]) or by brackets (JSON, `split_json.rs`).
pub(super) fn plan_for(
    schema: &Schema,
    (text, syntax): (&str, super::Syntax),
    split: Split,
    parts: usize,
) -> Option<Plan> {
    match syntax {
        super::Syntax::Yaml => plan(schema, text, split, parts),
        super::Syntax::Json => super::split_json::plan(schema, text, split, parts),
    }
}

/// Cuts in pieces of about [`CHUNK_BYTES`] (smaller in a file of less than
/// `parts` of them, so that every thread has one): the head (what precedes
/// the list, and its first items) and the chunks, which `parts.rs` reads a
/// wave at a time.
fn balanced(items: &[usize], len: usize, list: &Range<usize>, parts: usize) -> Vec<usize> {
    let piece = (len / parts).clamp(1, CHUNK_BYTES);
    let outside = len - (list.end - list.start);
    let first = list.start + piece.saturating_sub(outside);
    let rest = list.end.saturating_sub(first);
    let chunks = ((rest + piece / 2) / piece).max(parts - 1);
    (0..chunks)
        .filter_map(|i| {
            let at = first + rest * i / chunks;
            items.get(items.partition_point(|&s| s < at)).copied()
        })
        .collect()
}

/// The entity list with the most text, as its key's entity and the byte
/// range of its items (from the line after the key to the next top-level
/// key); `None` where the top level is not plainly a mapping of distinct
/// keys.
fn longest_list(schema: &Schema, text: &str) -> Option<(EntityId, Range<usize>)> {
    let keys = top_level_keys(text)?;
    let mut best: Option<(EntityId, Range<usize>)> = None;
    for (i, (key, line)) in keys.iter().enumerate() {
        let end = keys.get(i + 1).map_or(text.len(), |(_, next)| next.start);
        let Some(entity) = schema.entity_by_name(key) else { continue };
        // `Name:` alone on its line: a block list follows.
        if !blank_or_comment(line_text(text, line)?.strip_prefix(key)?.strip_prefix(':')?) {
            continue;
        }
        let body = (line.end + 1).min(end)..end;
        if best.as_ref().is_none_or(|(_, b)| b.len() < body.len()) {
            best = Some((entity, body));
        }
    }
    best
}

/// Each top-level key with its line (without the line break); `None` for
/// a top level this scan does not vouch for.
fn top_level_keys(text: &str) -> Option<Vec<(&str, Range<usize>)>> {
    let bytes = text.as_bytes();
    let mut keys: Vec<(&str, Range<usize>)> = Vec::new();
    let starts = std::iter::once(0).chain(memchr_iter(b'\n', bytes).map(|i| i + 1));
    for start in starts.filter(|&s| s < bytes.len()) {
        let end = memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = text.get(start..end)?;
        match line.as_bytes().first() {
            None | Some(b' ' | b'#' | b'\r') => continue,
            Some(b'-') if item_line(line) => continue,
            _ => {}
        }
        let key = line.split(':').next()?;
        let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        // `key:` then a blank or the line's end; `key:x` is one plain scalar.
        let colon = matches!(line.as_bytes().get(key.len()..), Some([b':'] | [b':', b' ' | b'\t' | b'\r', ..]));
        if !plain || !colon || keys.iter().any(|(k, _)| *k == key) {
            return None;
        }
        keys.push((key, start..end));
    }
    Some(keys)
}

/// The starts of the items of the block list in `body`: every line at the
/// first item's indentation. Any other line there, bar comments and blank
/// lines, is refused.
fn item_starts(bytes: &[u8], body: Range<usize>) -> Option<Vec<usize>> {
    let mut indent = None;
    let mut starts = Vec::new();
    let mut at = body.start;
    while at < body.end {
        let end = memchr(b'\n', bytes.get(at..body.end)?).map_or(body.end, |i| at + i);
        let line = std::str::from_utf8(bytes.get(at..end)?).ok()?;
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let content = &line[spaces..];
        let next = end + 1;
        if blank_or_comment(content) {
            at = next;
            continue;
        }
        let indent = *indent.get_or_insert(spaces);
        if spaces == indent && item_line(content) {
            starts.push(at);
        } else if spaces <= indent {
            return None;
        }
        at = next;
    }
    Some(starts)
}

/// A line starting a list item: `-` then a space or the line's end.
fn item_line(line: &str) -> bool {
    matches!(line.as_bytes(), [b'-'] | [b'-', b' ' | b'\r', ..])
}

fn blank_or_comment(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\r']);
    rest.is_empty() || rest.starts_with('#')
}

fn line_text<'t>(text: &'t str, line: &Range<usize>) -> Option<&'t str> {
    text.get(line.clone()).map(|l| l.trim_end_matches('\r'))
}

#[cfg(test)]
pub(super) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::schema::StructType;
    use crate::span::Span;

    /// Two entity types, `Unit` and `Base` (shared with `split_json.rs`).
    pub(in crate::scenario) fn schema() -> Schema {
        let def = |name: &str| StructType::new(name.into(), vec![], Span::default());
        Schema { entities: vec![def("Unit"), def("Base")], ..Schema::default() }
    }

    const TEXT: &str = "as_of: 2021-12-17\nUnit:\n  - id: a\n    size: 1\n  # note\n  - id: b\n  - id: c\n\
                        Base:\n- id: x\n";

    #[test]
    fn cuts_the_longest_list_at_items() {
        let plan = plan(&schema(), TEXT, Split::Items(1), 2).unwrap();
        let cut = |r: Range<usize>| &TEXT[r];
        assert_eq!(plan.entity, EntityId(0));
        assert_eq!(cut(plan.head.clone()), "as_of: 2021-12-17\nUnit:\n  - id: a\n    size: 1\n  # note\n");
        let chunks: Vec<&str> = plan.chunks.iter().map(|r| cut(r.clone())).collect();
        assert_eq!(chunks, ["  - id: b\n", "  - id: c\n"]);
        assert_eq!(cut(plan.tail), "Base:\n- id: x\n");
    }

    #[test]
    fn refuses_what_the_text_cannot_settle() {
        let refused = |text: &str| plan(&schema(), text, Split::Items(1), 2).is_none();
        assert!(!refused(TEXT));
        for fine in ["x: &a 1\n", "x: !!str 1\n", "x: |\n  a\n  - b\n", "x: >\n  a\n"] {
            assert!(!refused(&format!("{fine}{TEXT}")), "{fine}");
        }
        for bad in ["x: &a 1\ny: *a\n", "%YAML 1.2\n---\n", "%YAML 1.2\n"] {
            assert!(refused(&format!("{bad}{TEXT}")), "{bad}");
        }
        assert!(refused(&format!("---\n{TEXT}")));
        assert!(refused(&format!("{TEXT}Unit:\n  - id: d\n")), "a key written twice");
        assert!(refused(&format!("\"q\": 1\n{TEXT}")), "a quoted key");
        assert!(refused(&format!("{TEXT}sonnel:r 300 }}\n")), "a plain scalar, not a key (found by fuzzing)");
        assert!(refused("Unit:\n  - id: a\n - id: b\n  - id: c\n"), "an item out of line");
        assert!(refused("Unit: [{id: a}, {id: b}]\n"), "a flow list");
        assert!(refused("Other:\n  - id: a\n  - id: b\n"), "not an entity");
    }

    #[test]
    fn balances_parts_by_bytes() {
        let mut text = String::from("Unit:\n");
        for i in 0..1000 {
            text.push_str(&format!("  - id: u{i:04}\n"));
        }
        let plan = plan(&schema(), &text, Split::Auto, 4);
        assert_eq!(plan, None, "too small to be worth it");
        text.push_str(&"  - id: v\n".repeat(MIN_BYTES / 10));
        let plan = super::plan(&schema(), &text, Split::Auto, 4).unwrap();
        assert_eq!(plan.chunks.len(), 3);
        let sizes: Vec<usize> = std::iter::once(plan.head.len()).chain(plan.chunks.iter().map(Range::len)).collect();
        let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(max - min <= 20, "{sizes:?}");
    }

    #[test]
    fn cuts_a_large_list_in_chunks_of_a_few_megabytes() {
        let mut text = String::from("Unit:\n");
        while text.len() < 5 * CHUNK_BYTES {
            text.push_str("  - id: u\n");
        }
        let plan = super::plan(&schema(), &text, Split::Auto, 2).unwrap();
        assert_eq!(plan.chunks.len(), 4, "the head and four chunks, not one chunk per thread");
        let sizes: Vec<usize> = std::iter::once(plan.head.len()).chain(plan.chunks.iter().map(Range::len)).collect();
        assert!(sizes.iter().all(|&n| n.abs_diff(CHUNK_BYTES) <= 20), "{sizes:?}");
        assert_eq!(plan.items.iter().sum::<usize>() * 10, text.len() - 6);
    }
}
