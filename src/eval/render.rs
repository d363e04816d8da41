//! Values as text for messages: facts print as their id, enum values as
//! their variant, decimals without float noise.

use super::context::{Ctx, Slot};
use super::verdict::Subject;
use crate::plan::TemplatePart;
use crate::value::{Value, format_decimal};

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
                let parts: Vec<String> = items.iter().map(|i| self.render(i)).collect();
                format!("[{}]", parts.join(", "))
            }
            other => other.to_string(),
        }
    }

    /// A value as a subject: facts by id and YAML location, anything else
    /// rendered, located at `fallback`.
    pub(super) fn subject(&self, v: &Value, fallback: crate::span::Span) -> Subject {
        if let Value::Fact(r) = v {
            let entity = self.program.schema.entity(r.entity).map_or_else(String::new, |e| e.name.clone());
            if let Some(f) = self.facts.fact(*r) {
                return Subject { entity, id: f.id.to_string(), span: f.span };
            }
        }
        Subject { entity: String::new(), id: self.render(v), span: fallback }
    }

    /// Fills a message template; holes that cannot be evaluated show `?`.
    pub(super) fn message(&self, parts: &'a [TemplatePart], frame: &mut Vec<Slot>) -> String {
        let mut out = String::with_capacity(128);
        for p in parts {
            match p {
                TemplatePart::Text(t) => out.push_str(t),
                TemplatePart::Hole(e) if self.render_hole(e, frame, &mut out) => {}
                TemplatePart::Hole(e) => match self.eval(e, frame) {
                    Ok(v) => out.push_str(&self.render(&v)),
                    Err(_) => out.push('?'),
                },
            }
        }
        out
    }
}
