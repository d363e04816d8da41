//! Where a large JSON scenario may be cut so that its parts are read on
//! several cores: inside its longest top-level list of facts, at element
//! starts. One pass over the text finds them, knowing only strings (and
//! their escapes) and brackets; it trusts nothing else, so a file it
//! misjudges (it is not JSON) fails in a part, and is read whole, where it
//! fails as it always has (`parts.rs`).
//!
//! The head is the whole document with the list's elements from the first
//! cut on skipped (`json::with_skip`); each chunk is a run of elements
//! (`json::with_elements`).

use std::ops::Range;

use memchr::memchr2;

use super::split::{Plan, Split, asked, cut};
use crate::schema::Schema;
use crate::value::EntityId;

/// Where to cut `text` into `parts` parts (or as `split` says), if worth it.
pub(super) fn plan(schema: &Schema, text: &str, split: Split, parts: usize) -> Option<Plan> {
    let every = asked(split, parts, text.len())?;
    let (entity, list, items) = longest_list(schema, text.as_bytes(), text)?;
    cut((entity, list, &items), every, text.len(), parts)
}

/// The top-level list of an entity's facts with the most text: its entity,
/// its range from the first element to the closing bracket, and the start of
/// each element.
fn longest_list(schema: &Schema, b: &[u8], text: &str) -> Option<(EntityId, Range<usize>, Vec<usize>)> {
    let mut i = blanks(b, if text.starts_with('\u{feff}') { 3 } else { 0 });
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut best: Option<(EntityId, Range<usize>, Vec<usize>)> = None;
    let mut first = true;
    i += 1;
    loop {
        i = blanks(b, i);
        match b.get(i)? {
            b'}' => return best,
            b',' if !first => i = blanks(b, i + 1),
            _ if first => {}
            _ => return None,
        }
        first = false;
        let key_end = string_end(b, i)?;
        let entity = text.get(i + 1..key_end - 1).and_then(|k| schema.entity_by_name(k));
        i = blanks(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = blanks(b, i + 1);
        match (entity, b.get(i)) {
            (Some(entity), Some(b'[')) => {
                let (close, starts) = elements(b, i)?;
                let list = starts.first().copied().unwrap_or(close)..close;
                if best.as_ref().is_none_or(|(_, r, _)| r.len() < list.len()) {
                    best = Some((entity, list, starts));
                }
                i = close + 1;
            }
            _ => i = value_end(b, i)?,
        }
    }
}

/// The list opened at `open`: where it closes, and where each element starts.
fn elements(b: &[u8], open: usize) -> Option<(usize, Vec<usize>)> {
    let mut starts = Vec::new();
    let mut i = blanks(b, open + 1);
    loop {
        match b.get(i)? {
            b']' => return Some((i, starts)),
            b',' if !starts.is_empty() => i = blanks(b, i + 1),
            _ if starts.is_empty() => {}
            _ => return None,
        }
        starts.push(i);
        i = blanks(b, value_end(b, i)?);
    }
}

/// Past the value starting at `i`: a string, a bracketed value (however
/// nested: a count, not recursion), or a bare word or number.
fn value_end(b: &[u8], mut i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            loop {
                match b.get(i)? {
                    b'"' => i = string_end(b, i)?,
                    b'{' | b'[' => {
                        depth += 1;
                        i += 1;
                    }
                    b'}' | b']' => {
                        depth -= 1;
                        i += 1;
                        if depth == 0 {
                            return Some(i);
                        }
                    }
                    _ => i += 1,
                }
            }
        }
        _ => {
            let len = b.get(i..)?.iter().position(|c| matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'));
            Some(i + len.unwrap_or(b.len() - i).max(1))
        }
    }
}

/// Past the string whose opening quote is at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut at = i + 1;
    loop {
        let next = at + memchr2(b'"', b'\\', b.get(at..)?)?;
        if b.get(next) == Some(&b'"') {
            return Some(next + 1);
        }
        at = next + 2;
    }
}

fn blanks(b: &[u8], i: usize) -> usize {
    i + b.get(i..).unwrap_or_default().iter().take_while(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r')).count()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::scenario::split::tests::schema;

    const TEXT: &str = r#"{"as_of": "2021-12-17", "Unit": [{"id": "a", "n": "]\"["}, {"id": "b", "l": [1, {"x": []}]},
        {"id": "c"}], "Base": [{"id": "x"}], "d": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}"#;

    #[test]
    fn cuts_the_longest_list_at_elements() {
        let plan = plan(&schema(), TEXT, Split::Items(1), 2).unwrap();
        let cut = |r: Range<usize>| &TEXT[r];
        assert_eq!(plan.entity, EntityId(0));
        assert!(cut(plan.head.clone()).ends_with(r#""Unit": [{"id": "a", "n": "]\"["}, "#));
        let chunks: Vec<&str> = plan.chunks.iter().map(|r| cut(r.clone())).collect();
        assert_eq!(
            chunks,
            [
                r#"{"id": "b", "l": [1, {"x": []}]},
        "#,
                r#"{"id": "c"}"#
            ]
        );
        assert!(cut(plan.tail.clone()).starts_with(r#"], "Base""#));
        assert_eq!(plan.items, [1, 1, 1]);
    }

    #[test]
    fn refuses_what_is_not_plainly_json() {
        let refused = |text: &str| plan(&schema(), text, Split::Items(1), 2).is_none();
        assert!(!refused(TEXT));
        for bad in
            ["[1, 2]", "{\"Unit\": [{}, {}] ", "{\"Unit\": [{}, {} }", "{\"Unit\" [{}, {}]}", "{\"Unit\": [{}, {\"a\"}"]
        {
            assert!(refused(bad), "{bad}");
        }
        assert!(refused(r#"{"Unit": [{"id": "a"}]}"#), "one element: no cut");
        assert!(refused(r#"{"Other": [{"id": "a"}, {"id": "b"}]}"#), "not an entity");
    }
}
