//! Lowering of articles and clauses. Clause statements may come in any
//! order; repeats and missing rule or message are reported here, all at once.

use pest::iterators::Pair;

use super::{Ctx, Result, expr};
use crate::ast::*;
use crate::span::Span;
use crate::syntax::error::{SyntaxError, SyntaxErrorKind};
use crate::syntax::parser::Rule;

pub(super) fn article(ctx: &Ctx, pair: Pair<'_, Rule>) -> std::result::Result<Article, Vec<SyntaxError>> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let head = (|| Ok((c.expect(Rule::article_no)?, c.string()?)))();
    let (number, title) = head.map_err(|e: SyntaxError| vec![e])?;
    let number = Str { value: number.as_str().to_string(), span: ctx.span(&number) };
    let mut clauses = Vec::new();
    let mut errors = Vec::new();
    for p in c.rest() {
        match clause(ctx, p) {
            Ok(cl) => clauses.push(cl),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() { Ok(Article { number, title, clauses, span }) } else { Err(errors) }
}

/// Statements gathered before they are checked for repeats.
#[derive(Default)]
struct Parts {
    text: Option<Str>,
    rule: Option<Rule_>,
    exceptions: Vec<Exception>,
    due: Option<Expr>,
    severity: Option<(Severity, Span)>,
    message: Option<Template>,
}

type Rule_ = crate::ast::Rule;

fn clause(ctx: &Ctx, pair: Pair<'_, Rule>) -> std::result::Result<Clause, Vec<SyntaxError>> {
    let span = ctx.span(&pair);
    let mut c = ctx.children(pair);
    let id_pair = c.expect(Rule::clause_id).map_err(|e| vec![e])?;
    let id = Str { value: id_pair.as_str().to_string(), span: ctx.span(&id_pair) };
    let title = c.string().map_err(|e| vec![e])?;
    let mut parts = Parts::default();
    let mut errors = Vec::new();
    // A statement written but in error is not missing: saying so would
    // add a wrong error before the right one.
    let (mut wrote_rule, mut wrote_message) = (false, false);
    for stmt in c.rest() {
        let kind = stmt.as_rule();
        wrote_rule |= matches!(kind, Rule::forbid_stmt | Rule::require_stmt | Rule::review_stmt);
        wrote_message |= kind == Rule::message_stmt;
        if let Err(e) = statement(ctx, stmt, &mut parts) {
            errors.push(e);
        }
    }
    let missing = |what| SyntaxError::new(SyntaxErrorKind::Missing { what }, id.span.to(title.span));
    if !wrote_rule {
        errors.push(missing("rule"));
    }
    if !wrote_message {
        errors.push(missing("message"));
    }
    match (parts.rule, parts.message, errors.is_empty()) {
        (Some(rule), Some(message), true) => Ok(Clause {
            id,
            title,
            text: parts.text,
            rule,
            exceptions: parts.exceptions,
            due: parts.due,
            severity: parts.severity,
            message,
            span,
        }),
        _ => Err(errors),
    }
}

fn statement(ctx: &Ctx, pair: Pair<'_, Rule>, parts: &mut Parts) -> Result<()> {
    let span = ctx.span(&pair);
    let repeated = |what| SyntaxError::new(SyntaxErrorKind::Repeated { what }, span);
    match pair.as_rule() {
        Rule::text_stmt => {
            let s = ctx.children(pair).string()?;
            set_once(&mut parts.text, s).ok_or_else(|| repeated("text"))
        }
        Rule::forbid_stmt | Rule::require_stmt | Rule::review_stmt => {
            let r = rule(ctx, pair)?;
            set_once(&mut parts.rule, r).ok_or_else(|| repeated("rule"))
        }
        Rule::unless_stmt => {
            let mut c = ctx.children(pair);
            let label = c.optional(Rule::string).map(|p| ctx.string(p));
            let cond = expr::expr(ctx, c.expect(Rule::expr)?)?;
            parts.exceptions.push(Exception { label, cond, span });
            Ok(())
        }
        Rule::due_stmt => {
            let e = expr::expr(ctx, ctx.children(pair).expect(Rule::expr)?)?;
            set_once(&mut parts.due, e).ok_or_else(|| repeated("due date"))
        }
        Rule::severity_stmt => {
            let s = ctx.children(pair).expect(Rule::severity)?;
            let level = if s.as_str() == "review" { Severity::Review } else { Severity::Violation };
            set_once(&mut parts.severity, (level, ctx.span(&s))).ok_or_else(|| repeated("severity"))
        }
        Rule::message_stmt => {
            let t = template(ctx, ctx.children(pair).expect(Rule::template)?)?;
            set_once(&mut parts.message, t).ok_or_else(|| repeated("message"))
        }
        _ => Err(ctx.internal(&pair)),
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

fn rule(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Rule_> {
    let span = ctx.span(&pair);
    let kind = match pair.as_rule() {
        Rule::forbid_stmt => RuleKind::Forbid,
        Rule::require_stmt => RuleKind::Require,
        _ => RuleKind::Review,
    };
    let mut c = ctx.children(pair);
    let bindings = expr::bindings(ctx, c.expect(Rule::bindings)?)?;
    let filter = c.optional(Rule::where_part).map(|p| expr::where_part(ctx, p)).transpose()?;
    let ensure = match c.optional(Rule::kw_ensure) {
        Some(_) => Some(expr::expr(ctx, c.expect(Rule::expr)?)?),
        None => None,
    };
    Ok(Rule_ { kind, bindings, filter, ensure, span })
}

fn template(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Template> {
    let span = ctx.span(&pair);
    let mut parts = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::template_text => {
                let text = super::unescape(p.as_str()).replace("{{", "{").replace("}}", "}");
                parts.push(TemplatePart::Text(text));
            }
            Rule::template_hole => {
                let inner = ctx.children(p).expect(Rule::expr)?;
                parts.push(TemplatePart::Hole(expr::expr(ctx, inner)?));
            }
            _ => return Err(ctx.internal(&p)),
        }
    }
    Ok(Template { parts, span })
}
