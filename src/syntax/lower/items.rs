//! Lowering of top-level items: imports, schema, treaty header, definitions.

use pest::iterators::Pair;

use super::{Ctx, Result, clause, expr};
use crate::ast::*;
use crate::syntax::error::{SyntaxError, SyntaxErrorKind};
use crate::syntax::parser::Rule;

pub(super) fn item(ctx: &Ctx, pair: Pair<'_, Rule>) -> std::result::Result<Item, Vec<SyntaxError>> {
    let one = |r: Result<Item>| r.map_err(|e| vec![e]);
    match pair.as_rule() {
        Rule::import => one(import(ctx, pair)),
        Rule::enum_decl => one(enum_decl(ctx, pair)),
        Rule::record_decl => one(struct_decl(ctx, pair, StructKind::Record)),
        Rule::entity_decl => one(struct_decl(ctx, pair, StructKind::Entity)),
        Rule::treaty => one(treaty(ctx, pair)),
        Rule::def => one(def(ctx, pair)),
        Rule::article => clause::article(ctx, pair).map(Item::Article),
        _ => Err(vec![ctx.internal(&pair)]),
    }
}

fn import(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Item> {
    let span = ctx.span(&pair);
    let path = ctx.children(pair).string()?;
    Ok(Item::Import(Import { path, span }))
}

fn enum_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Item> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let name = c.ident()?;
    let variants = c.rest().map(|p| ctx.ident(&p)).collect();
    Ok(Item::Enum(EnumDecl { name, variants, span }))
}

fn struct_decl(ctx: &Ctx, pair: Pair<'_, Rule>, kind: StructKind) -> Result<Item> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let name = c.ident()?;
    let fields = c.rest().map(|p| field_decl(ctx, p)).collect::<Result<_>>()?;
    Ok(Item::Struct(StructDecl { kind, name, fields, span }))
}

fn field_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<FieldDecl> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let name = c.ident()?;
    let ty = type_expr(ctx, c.expect(Rule::type_expr)?)?;
    let default = c.optional(Rule::expr).map(|p| expr::expr(ctx, p)).transpose()?;
    Ok(FieldDecl { name, ty, default, span })
}

pub(super) fn type_expr(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<TypeExpr> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let kind = if let Some(list) = c.optional(Rule::list_type) {
        let inner = ctx.children(list).expect(Rule::type_expr)?;
        TypeKind::List(Box::new(type_expr(ctx, inner)?))
    } else {
        let name = c.expect(Rule::type_name)?;
        TypeKind::Named(ctx.children(name).ident()?)
    };
    let optional = c.optional(Rule::optional_mark).is_some();
    Ok(TypeExpr { kind, optional, span })
}

fn treaty(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Item> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let id = c.ident()?;
    let title = c.string()?;
    let mut parties = None;
    let mut params = Vec::new();
    for entry in c.rest() {
        match entry.as_rule() {
            Rule::parties_decl if parties.is_some() => {
                return Err(SyntaxError::new(SyntaxErrorKind::Repeated { what: "parties" }, ctx.span(&entry)));
            }
            Rule::parties_decl => parties = Some(expr::expr(ctx, ctx.children(entry).expect(Rule::expr)?)?),
            Rule::param_decl => params.push(param_decl(ctx, entry)?),
            _ => return Err(ctx.internal(&entry)),
        }
    }
    Ok(Item::Treaty(Treaty { id, title, parties, params, span }))
}

fn param_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<ParamDecl> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let name = c.ident()?;
    let ty = type_expr(ctx, c.expect(Rule::type_expr)?)?;
    let default = expr::expr(ctx, c.expect(Rule::expr)?)?;
    Ok(ParamDecl { name, ty, default, span })
}

fn def(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Item> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let name = c.ident()?;
    let params = c.optional(Rule::def_params).map(|p| def_params(ctx, p)).transpose()?;
    let ret = c.optional(Rule::type_expr).map(|p| type_expr(ctx, p)).transpose()?;
    let body = expr::expr(ctx, c.expect(Rule::expr)?)?;
    Ok(Item::Def(Def { name, params, ret, body, span }))
}

fn def_params(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Vec<DefParam>> {
    ctx.children(pair)
        .rest()
        .map(|p| {
            let mut c = ctx.children(p);
            let name = c.ident()?;
            let ty = type_expr(ctx, c.expect(Rule::type_expr)?)?;
            Ok(DefParam { name, ty })
        })
        .collect()
}
