//! Hover: for a name, what it is, its type and its declaration (an
//! entity's or record's fields, a definition's signature, a parameter's
//! type and default, an enum's variants), with the comment above the
//! declaration and where it is; for a clause id, its article, title and
//! text. Names come from the checker's side table, so a hover says what
//! `pacta check` resolved, types included.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::analysis::Analysis;
use super::tree::{self, Decl};
use crate::check::{NameKind, NameRef};
use crate::span::FileId;

pub fn hover(analysis: &Analysis, file: FileId, offset: u32) -> Option<Hover> {
    let text = match analysis.module(file).and_then(|m| tree::clause_id_at(m, offset)) {
        Some((article, clause)) => clause_text(article, clause),
        None => name_text(analysis, analysis.names.at(file, offset)?),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }),
        range: None,
    })
}

fn clause_text(article: &crate::ast::Article, clause: &crate::ast::Clause) -> String {
    let mut out = format!("```pacta\nclause {} \"{}\"\n```\n", clause.id.value, clause.title.value);
    let _ = writeln!(out, "Article {}: {}", article.number.value, article.title.value);
    if let Some(t) = &clause.text {
        let _ = write!(out, "\n{}\n", t.value);
    }
    out
}

fn name_text(analysis: &Analysis, name: &NameRef) -> String {
    let ty = analysis.names.schema.type_name(&name.ty);
    let written = analysis.sources.snippet(name.decl);
    let decl = analysis.module(name.decl.file).and_then(|m| tree::declaration(m, name.decl));
    let (signature, what) = match decl {
        Some(decl) if declared_as(name.kind, &decl) => describe(&decl, &ty),
        _ => (format!("{written}: {ty}"), Some("binding".to_string())),
    };
    let mut out = format!("```pacta\n{signature}\n```\n");
    if let Some(what) = what {
        let _ = writeln!(out, "{what}");
    }
    if let Some(file) = analysis.sources.get(name.decl.file) {
        let doc = tree::comment(&file.text, name.decl.start as usize);
        if !doc.is_empty() {
            let _ = write!(out, "\n{doc}\n");
        }
        let line = file.line_col(name.decl.start as usize).line;
        let short = file.path.file_name().map_or_else(|| file.name.clone(), |n| n.to_string_lossy().into_owned());
        let _ = write!(out, "\ndeclared in `{short}` line {line}\n");
    }
    out
}

/// Whether the declaration found is of the kind the checker resolved.
fn declared_as(kind: NameKind, decl: &Decl<'_>) -> bool {
    matches!(
        (kind, decl),
        (NameKind::Entity | NameKind::Record, Decl::Struct(_))
            | (NameKind::Enum, Decl::Enum(_))
            | (NameKind::Field, Decl::Field(..))
            | (NameKind::Variant, Decl::Variant(..))
            | (NameKind::Def, Decl::Def(_))
            | (NameKind::DefParam, Decl::DefParam(..))
            | (NameKind::Param, Decl::Param(..))
    )
}

/// The declaration as written (a definition's result as the checker
/// typed it, `ty`, where none is written), and what it belongs to.
fn describe(decl: &Decl<'_>, ty: &str) -> (String, Option<String>) {
    match decl {
        Decl::Struct(s) => (structure(s), None),
        Decl::Enum(e) => {
            let variants: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
            (format!("enum {} {{ {} }}", e.name.name, variants.join(", ")), None)
        }
        Decl::Field(s, f) => {
            let default = f.default.as_ref().map(|d| format!(" = {d}")).unwrap_or_default();
            (format!("{}: {}{default}", f.name.name, f.ty), Some(format!("field of `{}`", s.name.name)))
        }
        Decl::Variant(e, v) => {
            (format!("{}::{}", e.name.name, v.name), Some(format!("variant of enum `{}`", e.name.name)))
        }
        Decl::Def(d) => (signature(d, ty), None),
        Decl::DefParam(d, p) => (format!("{}: {}", p.name.name, p.ty), Some(format!("parameter of `{}`", d.name.name))),
        Decl::Param(t, p) => (
            format!("param {}: {} = {}", p.name.name, p.ty, p.default),
            Some(format!("parameter of treaty `{}`", t.id.name)),
        ),
    }
}

fn structure(s: &crate::ast::StructDecl) -> String {
    let kw = match s.kind {
        crate::ast::StructKind::Entity => "entity",
        crate::ast::StructKind::Record => "record",
    };
    let mut out = format!("{kw} {} {{\n", s.name.name);
    for f in &s.fields {
        let default = f.default.as_ref().map(|d| format!(" = {d}")).unwrap_or_default();
        let _ = writeln!(out, "  {}: {}{default}", f.name.name, f.ty);
    }
    out.push('}');
    out
}

/// `def name(p: T, …): R`, with the checker's result type where none is written.
fn signature(d: &crate::ast::Def, checked: &str) -> String {
    let params = d.params.as_ref().map(|ps| {
        let list: Vec<String> = ps.iter().map(|p| format!("{}: {}", p.name.name, p.ty)).collect();
        format!("({})", list.join(", "))
    });
    let ret = d.ret.as_ref().map_or_else(|| checked.to_string(), ToString::to_string);
    format!("def {}{}: {ret}", d.name.name, params.unwrap_or_default())
}
