//! Finding nodes of a parsed rule file by place: the declaration a name
//! resolves to (by the span of its declared name, as the checker's side
//! table gives it), the clause whose id is under the cursor, the import
//! whose path is, and the comment lines that document a declaration.

use crate::ast::{
    Article, Clause, Def, DefParam, EnumDecl, FieldDecl, Ident, Import, Item, Module, ParamDecl, StructDecl, Treaty,
};
use crate::span::Span;

/// A declaration in the syntax tree.
pub enum Decl<'m> {
    Struct(&'m StructDecl),
    Field(&'m StructDecl, &'m FieldDecl),
    Enum(&'m EnumDecl),
    Variant(&'m EnumDecl, &'m Ident),
    Def(&'m Def),
    DefParam(&'m Def, &'m DefParam),
    Param(&'m Treaty, &'m ParamDecl),
}

/// The declaration whose name is at `name` (a local binding is none).
pub fn declaration(module: &Module, name: Span) -> Option<Decl<'_>> {
    let at = |span: &Span| span.same_place(&name);
    module.items.iter().find_map(|item| match item {
        Item::Struct(s) if at(&s.name.span) => Some(Decl::Struct(s)),
        Item::Struct(s) => s.fields.iter().find(|f| at(&f.name.span)).map(|f| Decl::Field(s, f)),
        Item::Enum(e) if at(&e.name.span) => Some(Decl::Enum(e)),
        Item::Enum(e) => e.variants.iter().find(|v| at(&v.span)).map(|v| Decl::Variant(e, v)),
        Item::Def(d) if at(&d.name.span) => Some(Decl::Def(d)),
        Item::Def(d) => d.params.iter().flatten().find(|p| at(&p.name.span)).map(|p| Decl::DefParam(d, p)),
        Item::Treaty(t) => t.params.iter().find(|p| at(&p.name.span)).map(|p| Decl::Param(t, p)),
        Item::Import(_) | Item::Article(_) => None,
    })
}

fn holds(span: &Span, offset: u32) -> bool {
    span.start <= offset && offset <= span.end
}

/// The clause whose id holds byte `offset`, with its article.
pub fn clause_id_at(module: &Module, offset: u32) -> Option<(&Article, &Clause)> {
    articles(module).find_map(|a| a.clauses.iter().find(|c| holds(&c.id.span, offset)).map(|c| (a, c)))
}

/// The clause that holds byte `offset`, if any.
pub fn clause_around(module: &Module, offset: u32) -> Option<&Clause> {
    articles(module).flat_map(|a| &a.clauses).find(|c| holds(&c.span, offset))
}

/// The definition that holds byte `offset`, if any.
pub fn def_around(module: &Module, offset: u32) -> Option<&Def> {
    module.items.iter().find_map(|i| match i {
        Item::Def(d) if holds(&d.span, offset) => Some(d),
        _ => None,
    })
}

fn articles(module: &Module) -> impl Iterator<Item = &Article> {
    module.items.iter().filter_map(|i| if let Item::Article(a) = i { Some(a) } else { None })
}

/// The import whose path holds byte `offset`.
pub fn import_at(module: &Module, offset: u32) -> Option<&Import> {
    module.items.iter().find_map(|i| match i {
        Item::Import(imp) if holds(&imp.path.span, offset) => Some(imp),
        _ => None,
    })
}

/// The comment that documents what is declared on the line holding
/// `offset`: the `//` lines just above it, then a comment ending that
/// line, as the bundled library writes them.
pub fn comment(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut above: Vec<&str> = text[..line_start]
        .lines()
        .rev()
        .map_while(|l| l.trim_start().strip_prefix("//"))
        .filter(|c| !c.trim_start().starts_with("pacta:"))
        .map(str::trim)
        .collect();
    above.reverse();
    let line = text[line_start..].lines().next().unwrap_or("");
    let trailing = line.find("//").map(|at| line[at + 2..].trim()).filter(|c| !c.is_empty());
    above.extend(trailing);
    above.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_the_lines_above_and_the_end_of_the_line() {
        let text = "x\n// Readings of article 4.\n// Two of them.\nenum R {\n  broad, // every state\n}\n";
        assert_eq!(comment(text, text.find("enum").unwrap_or(0) + 5), "Readings of article 4.\nTwo of them.");
        assert_eq!(comment(text, text.find("broad").unwrap_or(0)), "every state");
        assert_eq!(comment(text, 0), "");
    }
}
