//! Lowering of expressions. Operator precedence is declared once, in
//! [`pratt`], from loosest to tightest; it must agree with
//! `precedence` in `src/fmt/expr.rs` (the printer), which a round-trip test checks.

use std::sync::LazyLock;

use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::{Ctx, Result};
use crate::ast::*;
use crate::calendar::{self, Duration};
use crate::syntax::error::{SyntaxError, SyntaxErrorKind};
use crate::syntax::parser::Rule;

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
        PrattParser::new()
            .op(Op::infix(Rule::op_implies, Assoc::Right))
            .op(Op::infix(Rule::op_or, Assoc::Left))
            .op(Op::infix(Rule::op_and, Assoc::Left))
            .op(Op::prefix(Rule::op_not))
            .op(Op::infix(Rule::op_eq, Assoc::Left)
                | Op::infix(Rule::op_ne, Assoc::Left)
                | Op::infix(Rule::op_lt, Assoc::Left)
                | Op::infix(Rule::op_le, Assoc::Left)
                | Op::infix(Rule::op_gt, Assoc::Left)
                | Op::infix(Rule::op_ge, Assoc::Left)
                | Op::infix(Rule::op_in, Assoc::Left)
                | Op::infix(Rule::op_not_in, Assoc::Left))
            .op(Op::infix(Rule::op_coalesce, Assoc::Left))
            .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
            .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
            .op(Op::prefix(Rule::op_neg))
    });
    &PRATT
}

pub(super) fn expr(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Expr> {
    let depth = ctx.depth.get() + 1;
    if depth > super::MAX_DEPTH {
        return Err(SyntaxError::new(SyntaxErrorKind::TooDeep { limit: super::MAX_DEPTH }, ctx.span(&pair)));
    }
    let operators = pair.clone().into_inner().filter(|p| p.as_rule() != Rule::postfix_expr).count();
    if operators > MAX_OPERATORS {
        return Err(SyntaxError::new(SyntaxErrorKind::TooLong { limit: MAX_OPERATORS }, ctx.span(&pair)));
    }
    ctx.depth.set(depth);
    let result = fold(ctx, pair);
    ctx.depth.set(depth - 1);
    // The outermost expression checks the depth of the whole folded tree,
    // without recursion, so no later stage can overflow the stack on it.
    match result {
        Ok(e) if depth == 1 && tree_depth(&e) > MAX_TREE_DEPTH => {
            Err(SyntaxError::new(SyntaxErrorKind::TooLong { limit: MAX_TREE_DEPTH }, e.span))
        }
        other => other,
    }
}

/// Operators (prefix and infix) allowed in one flat expression.
const MAX_OPERATORS: usize = 256;
/// Depth allowed for a whole expression tree.
const MAX_TREE_DEPTH: usize = 512;

/// The depth of an expression tree, computed with an explicit stack.
fn tree_depth(root: &Expr) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root, 1usize)];
    while let Some((e, d)) = stack.pop() {
        deepest = deepest.max(d);
        stack.extend(children(e).into_iter().map(|c| (c, d + 1)));
    }
    deepest
}

fn source(b: &Binding) -> Option<&Expr> {
    if let BindingSource::Expr(src) = &b.source { Some(src) } else { None }
}

fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::List(items) | ExprKind::Call { args: items, .. } => items.iter().collect(),
        ExprKind::Field { base, .. } | ExprKind::Has { base, .. } | ExprKind::Unary { arg: base, .. } => vec![base],
        ExprKind::Binary { lhs, rhs, .. } => vec![lhs, rhs],
        ExprKind::If { cond, then, otherwise } => vec![cond, then, otherwise],
        ExprKind::Quant { binding, cond, .. } => source(binding).into_iter().chain(cond.as_deref()).collect(),
        ExprKind::Agg { value, binding, cond, .. } => {
            std::iter::once(&**value).chain(source(binding)).chain(cond.as_deref()).collect()
        }
        _ => Vec::new(),
    }
}

fn fold(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Expr> {
    pratt()
        .map_primary(|p| postfix_expr(ctx, p))
        .map_prefix(|op, arg| {
            let arg = arg?;
            let span = ctx.span(&op).to(arg.span);
            let op = if op.as_rule() == Rule::op_not { UnOp::Not } else { UnOp::Neg };
            Ok(Expr { kind: ExprKind::Unary { op, arg: Box::new(arg) }, span })
        })
        .map_infix(|lhs, op, rhs| {
            let (lhs, rhs) = (lhs?, rhs?);
            let op = bin_op(ctx, &op)?;
            let span = lhs.span.to(rhs.span);
            Ok(Expr { kind: ExprKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) }, span })
        })
        .parse(pair.into_inner())
}

fn bin_op(ctx: &Ctx, op: &Pair<'_, Rule>) -> Result<BinOp> {
    Ok(match op.as_rule() {
        Rule::op_implies => BinOp::Implies,
        Rule::op_or => BinOp::Or,
        Rule::op_and => BinOp::And,
        Rule::op_eq => BinOp::Eq,
        Rule::op_ne => BinOp::Ne,
        Rule::op_lt => BinOp::Lt,
        Rule::op_le => BinOp::Le,
        Rule::op_gt => BinOp::Gt,
        Rule::op_ge => BinOp::Ge,
        Rule::op_in => BinOp::In,
        Rule::op_not_in => BinOp::NotIn,
        Rule::op_coalesce => BinOp::Coalesce,
        Rule::op_add => BinOp::Add,
        Rule::op_sub => BinOp::Sub,
        Rule::op_mul => BinOp::Mul,
        Rule::op_div => BinOp::Div,
        _ => return Err(ctx.internal(op)),
    })
}

/// An operand followed by `.field` and `has field`.
fn postfix_expr(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Expr> {
    let mut inner = pair.into_inner();
    let Some(first) = inner.next() else {
        return Err(ctx.internal_at(crate::span::Span::default(), "empty operand"));
    };
    let mut e = primary(ctx, first)?;
    for op in inner {
        let mut c = ctx.children(op.clone());
        c.optional(Rule::kw_has);
        let field = c.ident()?;
        let span = e.span.to(ctx.span(&op));
        let base = Box::new(e);
        let kind = match op.as_rule() {
            Rule::field_access => ExprKind::Field { base, field },
            Rule::has_field => ExprKind::Has { base, field },
            _ => return Err(ctx.internal(&op)),
        };
        e = Expr { kind, span };
    }
    Ok(e)
}

fn primary(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = ctx.span(&pair);
    let kind = match pair.as_rule() {
        Rule::paren => {
            // The parentheses belong to the expression: `(a or b) and c`
            // then spans from `(` to `c`, and explanations quote it whole.
            let mut inner = expr(ctx, ctx.children(pair).expect(Rule::expr)?)?;
            inner.span = span;
            return Ok(inner);
        }
        Rule::quantifier => quantifier(ctx, pair)?,
        Rule::aggregate => aggregate(ctx, pair)?,
        Rule::if_expr => if_expr(ctx, pair)?,
        Rule::date => ExprKind::Date(calendar::parse_date(pair.as_str()).map_err(|m| bad(span, m))?),
        Rule::duration => ExprKind::Duration(duration(ctx, pair)?),
        Rule::distance => distance(ctx, pair)?,
        Rule::decimal => match pair.as_str().parse::<f64>() {
            Ok(x) if x.is_finite() => ExprKind::Decimal(x),
            _ => return Err(bad(span, "decimal out of range (at most about 1.8e308)".into())),
        },
        Rule::int => ExprKind::Int(int(ctx, &pair)?),
        Rule::bool_lit => ExprKind::Bool(pair.as_str() == "true"),
        Rule::none_lit => ExprKind::None,
        Rule::as_of => ExprKind::AsOf,
        Rule::string => ExprKind::Text(ctx.string(pair).value),
        Rule::comprehension => {
            let mut c = ctx.children(pair);
            let binding = Box::new(binding(ctx, c.expect(Rule::binding)?)?);
            let cond = c.optional(Rule::where_part).map(|p| where_part(ctx, p).map(Box::new)).transpose()?;
            ExprKind::Quant { kind: QuantKind::Collect, binding, cond }
        }
        Rule::list_lit => ExprKind::List(pair.into_inner().map(|p| expr(ctx, p)).collect::<Result<_>>()?),
        Rule::entity_lit => path(ctx, pair)?,
        Rule::call => call(ctx, pair)?,
        Rule::var => ExprKind::Var(ctx.children(pair).ident()?),
        _ => return Err(ctx.internal(&pair)),
    };
    Ok(Expr { kind, span })
}

fn bad(span: crate::span::Span, message: String) -> SyntaxError {
    SyntaxError::new(SyntaxErrorKind::BadLiteral(message), span)
}

fn int(ctx: &Ctx, pair: &Pair<'_, Rule>) -> Result<i64> {
    let digits: String = pair.as_str().chars().filter(|c| *c != '_').collect();
    digits.parse().map_err(|_| bad(ctx.span(pair), format!("`{}` does not fit in a 64-bit integer", pair.as_str())))
}

fn duration(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Duration> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let amount = int(ctx, &c.expect(Rule::int)?)?;
    let unit = c.expect(Rule::duration_unit)?;
    Duration::from_amount(amount, unit.as_str()).ok_or_else(|| bad(span, "duration out of range".into()))
}

/// `1_000 km`: the amount (an int or a decimal) and its unit.
fn distance(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let span = ctx.span(&pair);
    let mut parts = pair.into_inner();
    let (Some(amount), Some(unit)) = (parts.next(), parts.next()) else {
        return Err(ctx.internal_at(span, "a distance without amount or unit"));
    };
    let unit = crate::units::DistanceUnit::parse(unit.as_str()).ok_or_else(|| ctx.internal(&unit))?;
    let value = amount.as_str().replace('_', "").parse::<f64>().ok();
    match value.and_then(|x| crate::units::to_km(x, unit).map(|_| x)) {
        Some(x) => Ok(ExprKind::Distance(x, unit)),
        None => Err(bad(span, "distance out of range".into())),
    }
}

fn path(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let mut c = ctx.children(pair);
    let ty = c.ident()?;
    let id = match c.optional(Rule::string) {
        Some(s) => ctx.string(s),
        None => {
            let p = c.expect(Rule::fact_id)?;
            Str { value: p.as_str().to_string(), span: ctx.span(&p) }
        }
    };
    Ok(ExprKind::Path { ty, id })
}

fn call(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let mut c = ctx.children(pair);
    let func = c.ident()?;
    let args = c.rest().map(|p| expr(ctx, p)).collect::<Result<_>>()?;
    Ok(ExprKind::Call { func, args })
}

fn if_expr(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let mut parts = pair.into_inner().filter(|p| p.as_rule() == Rule::expr);
    let mut next = || parts.next().map(|p| expr(ctx, p).map(Box::new));
    match (next(), next(), next()) {
        (Some(cond), Some(then), Some(otherwise)) => {
            Ok(ExprKind::If { cond: cond?, then: then?, otherwise: otherwise? })
        }
        _ => Err(ctx.internal_at(crate::span::Span::default(), "if without three parts")),
    }
}

fn quantifier(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let mut c = ctx.children(pair);
    let kind = match c.expect(Rule::quantifier_kw)?.as_str() {
        "exists" => QuantKind::Exists,
        "all" => QuantKind::All,
        _ => QuantKind::Count,
    };
    let binding = Box::new(binding(ctx, c.expect(Rule::binding)?)?);
    let cond = c.optional(Rule::where_part).map(|p| where_part(ctx, p).map(Box::new)).transpose()?;
    Ok(ExprKind::Quant { kind, binding, cond })
}

fn aggregate(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let mut c = ctx.children(pair);
    let kind = match c.expect(Rule::aggregate_kw)?.as_str() {
        "sum" => AggKind::Sum,
        "min" => AggKind::Min,
        _ => AggKind::Max,
    };
    let value = Box::new(expr(ctx, c.expect(Rule::expr)?)?);
    c.expect(Rule::kw_for)?;
    let binding = Box::new(binding(ctx, c.expect(Rule::binding)?)?);
    let cond = c.optional(Rule::where_part).map(|p| where_part(ctx, p).map(Box::new)).transpose()?;
    Ok(ExprKind::Agg { kind, value, binding, cond })
}

pub(super) fn where_part(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Expr> {
    let mut c = ctx.children(pair);
    c.expect(Rule::kw_where)?;
    expr(ctx, c.expect(Rule::expr)?)
}

/// Bindings one clause may have: each is a loop nested in the one
/// before (a cross product), planned against all the others. Treaty
/// clauses bind two or three facts.
pub const MAX_BINDINGS: usize = 16;

pub(super) fn bindings(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Vec<Binding>> {
    let span = ctx.span(&pair);
    let all: Vec<Pair<'_, Rule>> = pair.into_inner().collect();
    if all.len() > MAX_BINDINGS {
        return Err(SyntaxError::new(SyntaxErrorKind::TooManyBindings { limit: MAX_BINDINGS }, span));
    }
    all.into_iter()
        .map(|p| if p.as_rule() == Rule::group_binding { group_binding(ctx, p) } else { binding(ctx, p) })
        .collect()
}

/// `(k, …) in group m: T where cond by (key, …)`.
fn group_binding(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Binding> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let names: Vec<Ident> = c.expect(Rule::group_names)?.into_inner().map(|p| ctx.ident(&p)).collect();
    c.expect(Rule::op_in)?;
    c.expect(Rule::kw_group)?;
    let member = binding(ctx, c.expect(Rule::binding)?)?;
    let filter = c.optional(Rule::where_part).map(|w| where_part(ctx, w)).transpose()?;
    c.expect(Rule::kw_by)?;
    let keys = c.expect(Rule::group_keys)?.into_inner().map(|p| expr(ctx, p)).collect::<Result<Vec<_>>>()?;
    let var = names.first().cloned().ok_or_else(|| ctx.internal_at(span, "a group without names"))?;
    let group = GroupBy { names, member, filter, keys };
    Ok(Binding { var, source: BindingSource::Group(Box::new(group)), span })
}

pub(super) fn binding(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Binding> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let var = c.ident()?;
    let source = if let Some(ty) = c.optional(Rule::type_name) {
        BindingSource::Entity(ctx.children(ty).ident()?)
    } else {
        c.expect(Rule::op_in)?;
        BindingSource::Expr(Box::new(expr(ctx, c.expect(Rule::expr)?)?))
    };
    Ok(Binding { var, source, span })
}
