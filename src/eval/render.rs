//! Values as text for messages: facts print as their id, enum values as
//! their variant, decimals without float noise. A message is cut at
//! [`MAX_MESSAGE_BYTES`] and a list at [`MAX_LIST_ITEMS`] items: a fact
//! with a 2 MiB name, named in a thousand findings, would otherwise make
//! gigabytes of report.

use super::context::{Ctx, Slot};
use super::fast::Condition;
use super::verdict::Subject;
use crate::plan::{Expr, TemplatePart};
use crate::value::ArcStr;
use crate::value::{Value, format_decimal};
use ecow::EcoString;
use std::sync::Arc;

/// The most bytes of a finding's message; the rest is cut, with `…`.
pub const MAX_MESSAGE_BYTES: usize = 1024;
/// The most items of a list a message shows.
pub const MAX_LIST_ITEMS: usize = 32;

/// Appends `s`, or as much of it as keeps `out` within one byte past
/// [`MAX_MESSAGE_BYTES`] (enough for [`Ctx::message`] to see it was cut).
pub(super) fn push_capped(out: &mut String, s: &str) {
    let room = (MAX_MESSAGE_BYTES + 1).saturating_sub(out.len());
    if s.len() <= room {
        out.push_str(s);
    } else {
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&s[..end]);
        out.push('…');
    }
}

/// `s` cut to [`MAX_MESSAGE_BYTES`], with `…` where it was cut.
fn cut(mut s: String) -> String {
    if s.len() > MAX_MESSAGE_BYTES {
        let mut end = MAX_MESSAGE_BYTES;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
    s
}

impl<'a> Ctx<'a> {
    pub(super) fn render(&self, v: &Value) -> String {
        match v {
            Value::Fact(r) => self.facts.fact(*r).map_or_else(|| "?".into(), |f| f.id.to_string()),
            Value::Enum(id, variant) => self
                .program
                .schema
                .enum_type(*id)
                .and_then(|e| e.variants.get(*variant as usize))
                .cloned()
                .unwrap_or_else(|| "?".into()),
            Value::Decimal(x) => format_decimal(*x),
            Value::List(items) => {
                let parts: Vec<String> = items.iter().take(MAX_LIST_ITEMS).map(|i| self.render(i)).collect();
                let more = items.len().saturating_sub(MAX_LIST_ITEMS);
                let more = if more > 0 { format!(", … and {more} more") } else { String::new() };
                format!("[{}{more}]", parts.join(", "))
            }
            other => other.to_string(),
        }
    }

    /// A value as a subject: facts by id and YAML location, anything else
    /// rendered, located at `fallback`.
    pub(super) fn subject(&self, v: &Value, fallback: crate::span::Span) -> Subject {
        let mut s = self.unfilled_subject(v, fallback);
        self.fill_subject(&mut s);
        s
    }

    /// [`Ctx::subject`] without a fact's id and location, which
    /// [`Ctx::fill_subjects`] adds later.
    pub(super) fn unfilled_subject(&self, v: &Value, fallback: crate::span::Span) -> Subject {
        if let Value::Fact(r) = v {
            if let Some(entity) = self.entity_names.get(r.entity.0 as usize) {
                let id = EcoString::new();
                return Subject { entity: entity.clone(), id, span: fallback, fact: Some(*r), notes: None };
            }
        }
        Subject { entity: ArcStr::new(), id: EcoString::from(self.render(v)), span: fallback, fact: None, notes: None }
    }

    /// Adds the ids and locations of subjects, all at once: one fact row
    /// apart from the next, these reads miss the cache, and in one short
    /// loop the processor overlaps the misses that it would wait for one by
    /// one between the judging of two bindings.
    pub(super) fn fill_subjects<'s>(&self, subjects: impl Iterator<Item = &'s mut Subject>) {
        for s in subjects {
            self.fill_subject(s);
        }
    }

    fn fill_subject(&self, s: &mut Subject) {
        let Some(r) = s.fact else { return };
        match self.facts.fact(r) {
            Some(f) => {
                s.id = f.id.clone();
                s.span = f.span;
                let table = self.facts.table(r.entity);
                let replaced = table.and_then(|t| t.overridden(r.row));
                let provenance = table.and_then(|t| t.provenance(r.row)).cloned();
                if provenance.is_some() || replaced.is_some() {
                    let overridden = replaced.map(|slots| {
                        let fields = self.program.schema.entity(r.entity).map(|t| &t.fields[..]).unwrap_or(&[]);
                        let names: Vec<&str> =
                            slots.iter().filter_map(|(s, _)| fields.get(*s)).map(|f| f.name.as_str()).collect();
                        ArcStr::from(names.join(", "))
                    });
                    s.notes = Some(Arc::new(crate::eval::SubjectNotes { provenance, overridden }));
                }
            }
            None => s.id = EcoString::from(self.render(&Value::Fact(r))),
        }
    }

    /// A message template's holes, compiled once for every message.
    pub(super) fn prepare_holes(&self, parts: &'a [TemplatePart]) -> Vec<Condition<'a>> {
        let holes = parts.iter().filter_map(|p| match p {
            TemplatePart::Hole(e) => Some(e),
            TemplatePart::Text(_) => None,
        });
        holes.map(|e| self.prepare(e)).collect()
    }

    /// Fills a message template whose holes are `holes` ([`Ctx::prepare_holes`]);
    /// holes that cannot be evaluated show `?`.
    pub(super) fn message(&self, parts: &'a [TemplatePart], holes: &[Condition<'a>], frame: &mut Vec<Slot>) -> String {
        let mut out = String::with_capacity(128);
        let mut holes = holes.iter();
        for p in parts {
            if out.len() > MAX_MESSAGE_BYTES {
                break;
            }
            match p {
                TemplatePart::Text(t) => push_capped(&mut out, t),
                TemplatePart::Hole(e) => match holes.next() {
                    Some(h) if self.render_hole(h, frame, &mut out) => {}
                    _ => self.render_evaluated(e, frame, &mut out),
                },
            }
        }
        cut(out)
    }

    /// A value as text, cut like a message: for explanations.
    pub(super) fn render_short(&self, v: &Value) -> String {
        cut(self.render(v))
    }

    fn render_evaluated(&self, e: &'a Expr, frame: &mut Vec<Slot>, out: &mut String) {
        match self.eval(e, frame) {
            Ok(v) => push_capped(out, &self.render(&v)),
            Err(_) => out.push('?'),
        }
    }
}
