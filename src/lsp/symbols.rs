//! Document symbols: a rule file's outline, from its own text (other
//! files play no part, so it shows while they have errors): the treaty
//! and its parameters, articles with their clauses, entities and records
//! with their fields, enums with their variants, definitions. A file that
//! does not parse has no outline.

#![allow(deprecated, reason = "DocumentSymbol::deprecated must be written, and is deprecated")]

use lsp_types::{DocumentSymbol, SymbolKind};

use super::position::LineIndex;
use crate::ast::{Item, StructKind};
use crate::span::{FileId, Span};

pub fn outline(text: &str) -> Vec<DocumentSymbol> {
    let Ok(module) = crate::syntax::parse(FileId(0), text) else { return Vec::new() };
    let index = LineIndex::new(text);
    let symbol =
        |name: &str, detail: Option<String>, kind, whole: Span, name_span: Span, children: Vec<DocumentSymbol>| {
            DocumentSymbol {
                name: name.to_string(),
                detail,
                kind,
                tags: None,
                deprecated: None,
                range: index.range(whole.start as usize, whole.end as usize),
                selection_range: index.range(name_span.start as usize, name_span.end as usize),
                children: (!children.is_empty()).then_some(children),
            }
        };
    let mut out = Vec::new();
    for item in &module.items {
        let s = match item {
            Item::Treaty(t) => {
                let params = t
                    .params
                    .iter()
                    .map(|p| {
                        symbol(&p.name.name, Some(p.ty.to_string()), SymbolKind::PROPERTY, p.span, p.name.span, vec![])
                    })
                    .collect();
                symbol(&t.id.name, Some(t.title.value.clone()), SymbolKind::PACKAGE, t.span, t.id.span, params)
            }
            Item::Article(a) => {
                let clauses = a
                    .clauses
                    .iter()
                    .map(|c| {
                        let name = format!("clause {}", c.id.value);
                        symbol(&name, Some(c.title.value.clone()), SymbolKind::EVENT, c.span, c.id.span, vec![])
                    })
                    .collect();
                let name = format!("article {}", a.number.value);
                symbol(&name, Some(a.title.value.clone()), SymbolKind::NAMESPACE, a.span, a.number.span, clauses)
            }
            Item::Struct(st) => {
                let fields = st
                    .fields
                    .iter()
                    .map(|f| {
                        symbol(&f.name.name, Some(f.ty.to_string()), SymbolKind::FIELD, f.span, f.name.span, vec![])
                    })
                    .collect();
                let kind = if st.kind == StructKind::Entity { SymbolKind::CLASS } else { SymbolKind::STRUCT };
                symbol(&st.name.name, None, kind, st.span, st.name.span, fields)
            }
            Item::Enum(e) => {
                let variants = e
                    .variants
                    .iter()
                    .map(|v| symbol(&v.name, None, SymbolKind::ENUM_MEMBER, v.span, v.span, vec![]))
                    .collect();
                symbol(&e.name.name, None, SymbolKind::ENUM, e.span, e.name.span, variants)
            }
            Item::Def(d) => {
                let kind = if d.params.is_some() { SymbolKind::FUNCTION } else { SymbolKind::CONSTANT };
                symbol(&d.name.name, d.ret.as_ref().map(ToString::to_string), kind, d.span, d.name.span, vec![])
            }
            Item::Import(_) => continue,
        };
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_hold_their_clauses() {
        let text = "entity S { n: int }\ntreaty t \"T\" { param p: int = 1 }\narticle 4 \"A\" {\n  clause 4.1 \"C\" {\n    forbid s: S where s.n > p\n    message \"m\"\n  }\n}\n";
        let symbols = outline(text);
        let names: Vec<&str> = symbols.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["S", "t", "article 4"]);
        let clauses = symbols[2].children.as_deref().unwrap_or_default();
        assert_eq!(clauses.len(), 1);
        assert_eq!((clauses[0].name.as_str(), clauses[0].detail.as_deref()), ("clause 4.1", Some("C")));
        assert_eq!(clauses[0].selection_range.start, lsp_types::Position::new(3, 9));
        assert!(outline("article {").is_empty());
    }
}
