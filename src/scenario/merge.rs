//! Adding a part of a scenario read on its own (an included file, or a run
//! of a long list read on another core) to the facts read so far, as if it
//! had been read in place: its rows take the next row numbers, a fact whose
//! id is taken already is left out and reported at its id, and nested
//! references and errors move along.
//!
//! A part is read with every reference left for the resolver (`Cx::included`),
//! since its row numbers change here.

use std::collections::HashMap;

use super::cx::{Found, NestedRef};
use super::store::Table;
use super::{ScenarioError, ScenarioErrorKind};
use crate::schema::Schema;
use crate::span::Span;
use crate::value::Value;

/// Moves `part` into `found`; `at` re-files the part's spans.
pub(super) fn append(schema: &Schema, found: &mut Found, part: Found, at: impl Fn(Span) -> Span) {
    let Found { errors, store, nested, pending, left_out, id_spans } = part;
    let mut moved = Moved::default();
    let mut nested = nested.into_iter();
    for (e, table) in store.tables.into_iter().enumerate() {
        let ids = id_spans.get(e).map_or(&[][..], Vec::as_slice);
        let rows = append_table(schema, found, e, table, ids, &at, &mut moved);
        if let (Some(refs), Some(theirs)) = (found.nested.get_mut(e), nested.next()) {
            // A fact left out as a duplicate takes its references along.
            refs.extend(theirs.into_iter().filter_map(|r| {
                let row = (*rows.get(r.row as usize)?)?;
                Some(NestedRef { row, field: r.field, span: at(r.span) })
            }));
        }
        if let Some(p) = found.pending.get_mut(e) {
            *p |= pending.get(e).copied().unwrap_or(false);
        }
    }
    found.errors.extend(errors.into_iter().map(|error| placed(error, &at, &moved)));
    for (mine, theirs) in found.left_out.ids.iter_mut().zip(left_out.ids) {
        mine.extend(theirs);
    }
    found.left_out.count += left_out.count;
}

/// Appends one table's facts; returns each of its rows' row in `found`
/// (`None`: a duplicate of a fact read before, left out and reported as
/// reading it in place would have).
fn append_table(
    schema: &Schema,
    found: &mut Found,
    e: usize,
    table: Table,
    ids: &[Span],
    at: &impl Fn(Span) -> Span,
    moved: &mut Moved,
) -> Vec<Option<u32>> {
    let (Some(mine), Some(my_ids)) = (found.store.tables.get_mut(e), found.id_spans.get_mut(e)) else {
        return Vec::new();
    };
    // Where `found` keeps its facts' id spans (an included file's do), the
    // part's join them, so that a later join reports at the id.
    let keep_ids = my_ids.len() == mine.len();
    let width = table.width();
    let (facts, values, spans, provenance) = table.into_rows();
    let mut provenance = provenance.into_iter().peekable();
    let mut values = values.into_iter();
    let mut placed_spans: Vec<Span> = Vec::with_capacity(width);
    let mut rows = Vec::with_capacity(facts.len());
    let mut buffer: Vec<Value> = Vec::with_capacity(width);
    for (row, mut fact) in facts.into_iter().enumerate() {
        let written = fact.span;
        fact.span = at(fact.span);
        buffer.clear();
        buffer.extend(values.by_ref().take(width));
        placed_spans.clear();
        let file = fact.span.file;
        placed_spans.extend(
            (row * width..(row + 1) * width).map(|i| Span { file, ..spans.get(i, written).unwrap_or(written) }),
        );
        let span = fact.span;
        let id_span = ids.get(row).copied().map_or(span, at);
        let given = provenance.next_if(|(r, _)| *r as usize == row).map(|(_, p)| p);
        match mine.insert((fact, given), &mut buffer, &mut placed_spans) {
            Ok(new) => {
                if keep_ids {
                    my_ids.push(id_span);
                }
                rows.push(Some(new));
            }
            Err(first) => {
                let first = mine.get(first);
                let entity = schema.entities.get(e).map_or_else(String::new, |d| d.name.clone());
                let id = first.map_or_else(String::new, |f| f.id.to_string());
                let mut error = ScenarioError::new(ScenarioErrorKind::DuplicateId { entity, id }, id_span);
                error.related = first.map(|f| f.span);
                if let Some(first) = error.related {
                    moved.insert(span, first);
                }
                found.errors.push(error);
                rows.push(None);
            }
        }
    }
    rows
}

/// The facts of the part left out as duplicates, each with the fact read
/// before that it duplicates (hashed: a hostile part may be all duplicates).
type Moved = HashMap<Span, Span, foldhash::fast::FixedState>;

/// An error of the part, placed where the part now is. A duplicate inside
/// the part whose first fact was itself a duplicate of one read before
/// names that earlier fact, as reading the part in place does.
fn placed(mut error: ScenarioError, at: &impl Fn(Span) -> Span, moved: &Moved) -> ScenarioError {
    error.span = at(error.span);
    error.related = error.related.map(|r| {
        let r = at(r);
        moved.get(&r).copied().unwrap_or(r)
    });
    error
}
