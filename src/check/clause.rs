//! Checking treaty headers, definitions and clauses into the plan.

use super::error::{CheckError, CheckErrorKind, Expected};
use super::expr::{self, binding_source, check, expect};
use super::scope::{Checker, DefState, Scope};
use crate::ast::{self, Item, RuleKind, Severity};
use crate::plan::{self, TemplatePart};
use crate::schema::Type;

/// Parameters and parties of every treaty.
pub(super) fn treaties(cx: &mut Checker<'_>) {
    let rules = cx.rules;
    for (m, module) in rules.modules.iter().enumerate() {
        let Some(t) = cx.treaty_of[m] else { continue };
        let Some(decl) = module.items.iter().find_map(|i| if let Item::Treaty(t) = i { Some(t) } else { None }) else {
            continue;
        };
        for p in &decl.params {
            param(cx, m, t, p);
        }
        if let Some(parties) = &decl.parties {
            let mut sc = Scope::new(m, Some(t));
            let e = check(cx, &mut sc, parties);
            if !matches!(e.ty.required(), Type::List(inner) if matches!(**inner, Type::Entity(_) | Type::Any))
                && e.ty != Type::Any
            {
                cx.mismatch_class(Expected::EntityList, &e.ty, parties.span);
            }
            cx.program.treaties[t].parties = Some(e);
        }
    }
}

fn param(cx: &mut Checker<'_>, module: usize, treaty: usize, p: &ast::ParamDecl) {
    if let Some(&first) = cx.param_index[treaty].get(&p.name.name) {
        let e = CheckError::new(CheckErrorKind::Duplicate { name: p.name.name.clone() }, p.name.span)
            .with_related(cx.program.params[first].span, "first declared here");
        cx.errors.push(e);
        return;
    }
    if let Some(d) = cx.defs.get(&p.name.name).copied() {
        let what = format!("definition `{}`", p.name.name);
        let e = CheckError::new(CheckErrorKind::Shadows { name: p.name.name.clone(), what }, p.name.span)
            .with_related(d.span, "defined here");
        cx.errors.push(e);
    }
    let ty = cx.resolve_type(module, &p.ty);
    // A default may use the parameters declared before it.
    let mut sc = Scope::new(module, Some(treaty));
    let default = expect(cx, &mut sc, &p.default, &ty);
    let index = cx.program.params.len();
    cx.name(p.name.span, p.name.span, super::names::NameKind::Param, &ty);
    cx.program.params.push(plan::Param { treaty, name: p.name.name.clone(), ty, default, span: p.name.span });
    cx.param_index[treaty].insert(p.name.name.clone(), index);
}

/// Checks every definition, used or not, so errors in unused ones show too.
pub(super) fn defs(cx: &mut Checker<'_>) {
    for i in 0..cx.def_asts.len() {
        if matches!(cx.def_state[i], DefState::Unchecked) {
            expr::check_def(cx, i);
        }
    }
}

pub(super) fn clauses(cx: &mut Checker<'_>) {
    let rules = cx.rules;
    let mut articles: std::collections::HashMap<(usize, String), crate::span::Span> = Default::default();
    for (m, module) in rules.modules.iter().enumerate() {
        for item in &module.items {
            let Item::Article(a) = item else { continue };
            let Some(t) = cx.treaty_of[m] else {
                cx.error(CheckErrorKind::NoTreaty, a.number.span.to(a.title.span));
                continue;
            };
            if let Some(first) = articles.get(&(t, a.number.value.clone())) {
                let e =
                    CheckError::new(CheckErrorKind::DuplicateArticle { number: a.number.value.clone() }, a.number.span)
                        .with_related(*first, "first here");
                cx.errors.push(e);
            } else {
                articles.insert((t, a.number.value.clone()), a.number.span);
            }
            for c in &a.clauses {
                clause(cx, m, t, a, c);
            }
        }
    }
}

fn clause(cx: &mut Checker<'_>, module: usize, treaty: usize, a: &ast::Article, c: &ast::Clause) {
    let qualified_id = format!("{}/{}", cx.program.treaties[treaty].id, c.id.value);
    if let Some(first) = cx.program.clauses.iter().find(|x| x.qualified_id == qualified_id) {
        let e = CheckError::new(CheckErrorKind::Duplicate { name: qualified_id.clone() }, c.id.span)
            .with_related(first.id_span, "first declared here");
        cx.errors.push(e);
        return;
    }
    let mut sc = Scope::new(module, Some(treaty));
    let mut bindings = Vec::new();
    for b in &c.rule.bindings {
        let (source, slot) = match &b.source {
            ast::BindingSource::Group(g) => {
                let (group, slot) = super::group::group(cx, &mut sc, g);
                (plan::BindingSource::Group(Box::new(group)), slot)
            }
            _ => {
                let (source, ty) = binding_source(cx, &mut sc, b);
                let slot = super::expr::bind(cx, &mut sc, &b.var, ty, super::names::NameKind::Local);
                (plan::BindingSource::Each(source), slot)
            }
        };
        let id = cx.next_scan_id();
        bindings.push(plan::Binding { name: b.var.name.clone(), slot, source, span: b.span, index: None, id });
    }
    let filter = c.rule.filter.as_ref().map(|f| expect(cx, &mut sc, f, &Type::Bool));
    let ensure = c.rule.ensure.as_ref().map(|f| expect(cx, &mut sc, f, &Type::Bool));
    let exceptions = c
        .exceptions
        .iter()
        .map(|x| plan::Exception {
            label: x.label.as_ref().map(|l| l.value.clone()),
            cond: expect(cx, &mut sc, &x.cond, &Type::Bool),
            span: x.span,
        })
        .collect();
    let due = c.due.as_ref().map(|d| expect(cx, &mut sc, d, &Type::Date));
    if c.due.is_some() && c.rule.kind != RuleKind::Require {
        let span = c.due.as_ref().map_or(c.span, |d| d.span);
        cx.error(CheckErrorKind::Misplaced("`due` applies only to `require` rules".into()), span);
    }
    let message = c
        .message
        .parts
        .iter()
        .map(|p| match p {
            ast::TemplatePart::Text(t) => TemplatePart::Text(t.clone()),
            ast::TemplatePart::Hole(e) => TemplatePart::Hole(check(cx, &mut sc, e)),
        })
        .collect();
    let severity = match (c.rule.kind, c.severity) {
        (_, Some((s, _))) => s,
        (RuleKind::Review, None) => Severity::Review,
        _ => Severity::Violation,
    };
    cx.program.clauses.push(plan::Clause {
        treaty,
        qualified_id,
        id: c.id.value.clone(),
        id_span: c.id.span,
        article: a.number.value.clone(),
        article_title: a.title.value.clone(),
        title: c.title.value.clone(),
        text: c.text.as_ref().map(|t| t.value.clone()),
        kind: c.rule.kind,
        severity,
        bindings,
        filter,
        ensure,
        exceptions,
        due,
        message,
        frame: sc.max_slot,
        span: c.span,
        rule_span: c.rule.span,
    });
}
