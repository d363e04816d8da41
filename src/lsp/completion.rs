//! Completion: the fields of `x`'s type after `x.` (the type the checker
//! gives `x`), the variants of an enum after `Enum::`, and elsewhere the
//! names that may stand there (definitions, the treaty's parameters, the
//! bindings of the enclosing clause or definition, types, built-ins) and
//! keywords. Text being typed rarely parses (`d.` is not an expression),
//! so when the document does not load as it is, it is checked once more
//! with a name put at the cursor (`d.` as `d.x`: everything before the
//! cursor stays where it was, `d` with its type); failing that, the names
//! come from the last time the rules loaded, and `x`'s type from the
//! nearest `x` there.

use lsp_types::{CompletionItem, CompletionItemKind};

use super::analysis::Analysis;
use super::documents::{Document, Documents};
use super::workspace::{Found, Workspace};
use crate::check::NameKind;
use crate::schema::{Schema, Type};
use crate::span::FileId;

/// Words that start items, statements and expressions.
const KEYWORDS: [&str; 41] = [
    "import",
    "enum",
    "record",
    "entity",
    "treaty",
    "parties",
    "param",
    "def",
    "article",
    "clause",
    "text",
    "forbid",
    "require",
    "review",
    "where",
    "ensure",
    "unless",
    "due",
    "severity",
    "violation",
    "message",
    "exists",
    "all",
    "count",
    "sum",
    "min",
    "max",
    "for",
    "if",
    "then",
    "else",
    "and",
    "or",
    "not",
    "in",
    "implies",
    "has",
    "true",
    "false",
    "none",
    "as_of",
];

/// What the cursor follows.
enum Context {
    /// `base.` then the partial word; the dot's offset.
    Field {
        dot: usize,
    },
    /// `Type::` then the partial word; the type's name.
    Variant {
        name: String,
    },
    Name,
}

pub fn complete(workspace: &mut Workspace, doc: &Document, docs: &Documents, offset: usize) -> Vec<CompletionItem> {
    let text = &doc.text;
    let offset = floor(text, offset);
    let start = word_start(text, offset);
    let context = context(text, start);
    // `current`: the analysis places everything before the cursor where it is.
    let (found, current) = match loaded(workspace.rules(doc, docs)) {
        Some(found) => (found, true),
        None => {
            let mut patched = text.clone();
            patched.insert(offset, PLACEHOLDER);
            match loaded(workspace.rules_with(doc, docs, patched)) {
                Some(found) => (found, true),
                None => match workspace.last_loaded(doc) {
                    Some(found) => (found, false),
                    None => return Vec::new(),
                },
            }
        }
    };
    let Found { analysis, file, .. } = found;
    let Some(file) = file else { return Vec::new() };
    let schema = &analysis.names.schema;
    match context {
        Context::Field { dot } => {
            let at = u32::try_from(dot).unwrap_or(u32::MAX);
            let base =
                if current { analysis.names.ending_at(file, at) } else { nearest(&analysis, file, text, dot, at) };
            base.map(|b| fields(schema, &b.ty)).unwrap_or_default()
        }
        Context::Variant { name } => variants(schema, &name),
        Context::Name => names(&analysis, file, u32::try_from(start).unwrap_or(u32::MAX)),
    }
}

/// Put at the cursor when the text does not parse as it is.
const PLACEHOLDER: char = 'x';

/// The analysis, if the rules loaded (so that names were resolved).
fn loaded(found: Found) -> Option<Found> {
    (!found.analysis.names.refs.is_empty()).then_some(found)
}

/// In an analysis of an older text: the name written like the one before
/// the dot at `dot` of `text`, nearest to `at`.
fn nearest<'a>(
    analysis: &'a Analysis,
    file: FileId,
    text: &str,
    dot: usize,
    at: u32,
) -> Option<&'a crate::check::NameRef> {
    let word = &text[word_start(text, dot)..dot];
    analysis
        .names
        .refs
        .iter()
        .filter(|r| r.at.file == file && !word.is_empty() && analysis.sources.snippet(r.at) == word)
        .min_by_key(|r| r.at.end.abs_diff(at))
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn floor(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn word_start(text: &str, offset: usize) -> usize {
    offset - text[..offset].bytes().rev().take_while(|b| is_word(*b)).count()
}

/// The context of a word starting at `start`.
fn context(text: &str, start: usize) -> Context {
    let before = &text[..start];
    if let Some(head) = before.strip_suffix("::") {
        let name = head[word_start(head, head.len())..].to_string();
        return Context::Variant { name };
    }
    if before.ends_with('.') && before[..before.len() - 1].bytes().next_back().is_some_and(|b| is_word(b) || b == b')')
    {
        return Context::Field { dot: start - 1 };
    }
    Context::Name
}

fn item(label: &str, kind: CompletionItemKind, detail: String) -> CompletionItem {
    CompletionItem { label: label.to_string(), kind: Some(kind), detail: Some(detail), ..CompletionItem::default() }
}

/// The fields of an entity or record type (and an entity's `id`).
fn fields(schema: &Schema, ty: &Type) -> Vec<CompletionItem> {
    let (st, entity) = match ty.required() {
        Type::Entity(id) => (schema.entity(*id), true),
        Type::Record(id) => (schema.record(*id), false),
        _ => return Vec::new(),
    };
    let Some(st) = st else { return Vec::new() };
    let mut out: Vec<CompletionItem> =
        st.fields.iter().map(|f| item(&f.name, CompletionItemKind::FIELD, schema.type_name(&f.ty))).collect();
    if entity {
        out.push(item("id", CompletionItemKind::FIELD, "text".into()));
    }
    out
}

fn variants(schema: &Schema, name: &str) -> Vec<CompletionItem> {
    let Some(e) = schema.enums.iter().find(|e| e.name == name) else { return Vec::new() };
    e.variants.iter().map(|v| item(v, CompletionItemKind::ENUM_MEMBER, e.name.clone())).collect()
}

/// Everything a name may be at `offset` of `file`, then keywords.
fn names(analysis: &Analysis, file: FileId, offset: u32) -> Vec<CompletionItem> {
    let module = analysis.module(file);
    let around = module.and_then(|m| {
        let clause = super::tree::clause_around(m, offset).map(|c| c.span);
        clause.or_else(|| super::tree::def_around(m, offset).map(|d| d.span))
    });
    let schema = &analysis.names.schema;
    let mut out = Vec::new();
    for r in analysis.names.refs.iter().filter(|r| r.at.same_place(&r.decl)) {
        let name = analysis.sources.snippet(r.decl);
        let ty = schema.type_name(&r.ty);
        let in_scope = |r: &crate::check::NameRef| {
            r.decl.file == file
                && r.decl.start < offset
                && around.is_some_and(|s| s.start <= r.decl.start && r.decl.end <= s.end)
        };
        let kind = match r.kind {
            NameKind::Entity => CompletionItemKind::CLASS,
            NameKind::Record => CompletionItemKind::STRUCT,
            NameKind::Enum => CompletionItemKind::ENUM,
            NameKind::Def if takes_arguments(analysis, r.decl) => CompletionItemKind::FUNCTION,
            NameKind::Def => CompletionItemKind::CONSTANT,
            NameKind::Param if r.decl.file == file => CompletionItemKind::CONSTANT,
            NameKind::Local | NameKind::DefParam if in_scope(r) => CompletionItemKind::VARIABLE,
            _ => continue,
        };
        out.push(item(name, kind, ty));
    }
    let builtins = crate::check::BUILTINS.iter().map(|b| item(b, CompletionItemKind::FUNCTION, "built-in".into()));
    let types = Type::PRIMITIVES.iter().map(|t| item(t, CompletionItemKind::KEYWORD, "type".into()));
    let keywords = KEYWORDS.iter().map(|k| item(k, CompletionItemKind::KEYWORD, "keyword".into()));
    out.extend(builtins.chain(types).chain(keywords));
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.label.clone()));
    out
}

fn takes_arguments(analysis: &Analysis, decl: crate::span::Span) -> bool {
    let module = analysis.module(decl.file);
    matches!(module.and_then(|m| super::tree::declaration(m, decl)), Some(super::tree::Decl::Def(d)) if d.params.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_context_is_read_from_the_text_before_the_word() {
        let text = "where d.ho";
        assert!(matches!(context(text, text.len() - 2), Context::Field { dot: 7 }));
        let text = "= Region::ea";
        assert!(matches!(context(text, text.len() - 2), Context::Variant { ref name } if name == "Region"));
        let text = "x = 5.";
        assert!(matches!(context(text, text.len()), Context::Field { dot: 5 }));
        let text = "where ex";
        assert!(matches!(context(text, text.len() - 2), Context::Name));
    }
}
