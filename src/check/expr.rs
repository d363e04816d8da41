//! Checking expressions: resolving names to slots, parameters, definitions
//! and fields, and giving every expression a type. An ill-typed expression
//! reports once and gets type `Any`, which fits anywhere, so one mistake
//! does not cascade.

use super::error::{CheckErrorKind, Expected, Found};
use super::names::NameKind;
use super::scope::{Checker, DefState, Scope, TypeRef};
use super::{builtins, ops};
use crate::ast::{self, AggKind, QuantKind};
use crate::plan::{self, Expr, ExprKind, Scan, ScanSource};
use crate::schema::Type;
use crate::span::Span;
use crate::value::Value;

pub(super) fn error_expr(span: Span) -> Expr {
    Expr { kind: ExprKind::Const(Value::Missing), ty: Type::Any, span }
}

fn typed(kind: ExprKind, ty: Type, span: Span) -> Expr {
    Expr { kind, ty, span }
}

/// Whether a value of type `found` may stand where `expected` is wanted.
/// Optional values are accepted where a value is wanted: if one is missing
/// at run time, the verdict is indeterminate, never silently wrong.
pub(super) fn fits(found: &Type, expected: &Type) -> bool {
    match (found.required(), expected.required()) {
        (Type::Any, _) | (_, Type::Any) => true,
        (Type::Int, Type::Decimal) => true,
        (Type::List(a), Type::List(b)) => fits(a, b),
        (a, b) => a == b,
    }
}

/// Binds `name` (a binding, or a definition's parameter: `kind`) in a new
/// slot of `sc`, warning if it hides a parameter of the treaty in scope:
/// inside its scope `name` no longer reads the parameter, and a reading
/// that sets the parameter does not reach there.
pub(super) fn bind(cx: &mut Checker<'_>, sc: &mut Scope, name: &ast::Ident, ty: Type, kind: NameKind) -> usize {
    let param = sc.treaty.and_then(|t| cx.param_index.get(t)?.get(&name.name).copied());
    if let Some(p) = param.and_then(|p| cx.program.params.get(p)) {
        let kind = CheckErrorKind::ShadowsParam { name: name.name.clone() };
        let e = super::CheckError::new(kind, name.span).with_related(p.span, "the parameter");
        cx.errors.push(e);
    }
    cx.name(name.span, name.span, kind, &ty);
    sc.push(&name.name, ty, name.span, kind)
}

/// Reports `none` where a value is wanted, not an optional one: an optional
/// value fits there (it may be present at run time), `none` never is and
/// could only make the result unknown. True if it reported.
pub(super) fn reject_none(cx: &mut Checker<'_>, e: &Expr, expected: &Type) -> bool {
    // (An expression with an error is a missing constant too, of type `Any`.)
    let none =
        matches!(e.kind, ExprKind::Const(Value::Missing)) && matches!(&e.ty, Type::Optional(t) if **t == Type::Any);
    if none && !matches!(expected, Type::Optional(_) | Type::Any) {
        let expected = Expected::Types(vec![cx.shown(expected)]);
        cx.error(CheckErrorKind::TypeMismatch { expected, found: Found::Literal("none") }, e.span);
    }
    none && !matches!(expected, Type::Optional(_) | Type::Any)
}

/// Checks `e` and reports a mismatch unless its type fits `expected`.
pub(super) fn expect(cx: &mut Checker<'_>, sc: &mut Scope, e: &ast::Expr, expected: &Type) -> Expr {
    let out = check(cx, sc, e);
    if !reject_none(cx, &out, expected) && !fits(&out.ty, expected) {
        cx.mismatch(expected, &out.ty, e.span);
    }
    out
}

pub(super) fn check(cx: &mut Checker<'_>, sc: &mut Scope, e: &ast::Expr) -> Expr {
    use ast::ExprKind as K;
    let span = e.span;
    match &e.kind {
        K::Bool(b) => typed(ExprKind::Const(Value::Bool(*b)), Type::Bool, span),
        // Optional of anything: it joins with the other branch of an `if`.
        K::None => typed(ExprKind::Const(Value::Missing), Type::Optional(Box::new(Type::Any)), span),
        K::Int(n) => typed(ExprKind::Const(Value::Int(*n)), Type::Int, span),
        K::Decimal(x) => typed(ExprKind::Const(Value::Decimal(*x)), Type::Decimal, span),
        K::Text(s) => typed(ExprKind::Const(Value::text(s)), Type::Text, span),
        K::Date(d) => typed(ExprKind::Const(Value::Date(*d)), Type::Date, span),
        K::Duration(d) => typed(ExprKind::Const(Value::Duration(*d)), Type::Duration, span),
        K::Distance(x, unit) => {
            let km = crate::units::to_km(*x, *unit).map_or(Value::Missing, Value::Distance);
            typed(ExprKind::Const(km), Type::Distance, span)
        }
        K::AsOf => typed(ExprKind::AsOf, Type::Date, span),
        K::List(items) => list(cx, sc, items, span),
        K::Var(name) => var(cx, sc, name),
        K::Path { ty, id } => path(cx, sc, ty, id, span),
        K::Call { func, args } => call(cx, sc, func, args, span),
        K::Field { base, field: f } => field(cx, sc, base, f, span, false),
        K::Has { base, field: f } => field(cx, sc, base, f, span, true),
        K::Unary { op: ast::UnOp::Not, arg } => {
            let arg = expect(cx, sc, arg, &Type::Bool);
            typed(ExprKind::Not(Box::new(arg)), Type::Bool, span)
        }
        K::Unary { op: ast::UnOp::Neg, arg } => {
            let arg = check(cx, sc, arg);
            if !matches!(arg.ty.required(), Type::Int | Type::Decimal | Type::Duration | Type::Distance | Type::Any) {
                cx.mismatch_class(Expected::Number, &arg.ty, arg.span);
            }
            let ty = arg.ty.clone();
            typed(ExprKind::Neg(Box::new(arg)), ty, span)
        }
        K::Binary { op, lhs, rhs } => {
            let (l, r) = (check(cx, sc, lhs), check(cx, sc, rhs));
            ops::binary(cx, *op, l, r, span)
        }
        K::If { cond, then, otherwise } => if_expr(cx, sc, cond, then, otherwise, span),
        K::Quant { kind, binding, cond } => quantifier(cx, sc, *kind, binding, cond.as_deref(), span),
        K::Agg { kind, value, binding, cond } => aggregate(cx, sc, *kind, value, binding, cond.as_deref(), span),
    }
}

fn list(cx: &mut Checker<'_>, sc: &mut Scope, items: &[ast::Expr], span: Span) -> Expr {
    let out: Vec<Expr> = items.iter().map(|i| check(cx, sc, i)).collect();
    let mut elem = Type::Any;
    for x in &out {
        match join(&elem, x.ty.required()) {
            Some(t) => elem = t,
            None => {
                cx.mismatch(&elem, &x.ty, x.span);
            }
        }
    }
    typed(ExprKind::List(out), Type::List(Box::new(elem)), span)
}

/// The common type of two values that may stand side by side (list
/// elements, `if` branches): equal types, or an int with a decimal.
pub(super) fn join(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Any, t) | (t, Type::Any) => Some(t.clone()),
        (Type::Int, Type::Decimal) | (Type::Decimal, Type::Int) => Some(Type::Decimal),
        (Type::Optional(x), y) | (y, Type::Optional(x)) => join(x, y.required()).map(|t| Type::Optional(Box::new(t))),
        (Type::List(x), Type::List(y)) => join(x, y).map(|t| Type::List(Box::new(t))),
        (x, y) if x == y => Some(x.clone()),
        _ => None,
    }
}
fn var(cx: &mut Checker<'_>, sc: &mut Scope, name: &ast::Ident) -> Expr {
    let span = name.span;
    if let Some(local) = sc.lookup(&name.name) {
        let (slot, ty, decl, kind) = (local.slot, local.ty.clone(), local.decl, local.kind);
        cx.name(span, decl, kind, &ty);
        return typed(ExprKind::Local(slot), ty, span);
    }
    if let Some(t) = sc.treaty {
        if name.name == "parties" {
            let ty = cx.program.treaties[t].parties.as_ref().map_or(Type::Any, |p| p.ty.clone());
            return typed(ExprKind::Parties(t), ty, span);
        }
        if let Some(&p) = cx.param_index.get(t).and_then(|m| m.get(&name.name)) {
            cx.params_read.insert(p);
            let ty = cx.program.params[p].ty.clone();
            cx.name(span, cx.program.params[p].span, NameKind::Param, &ty);
            return typed(ExprKind::Param(p), ty, span);
        }
    }
    if let Some(d) = cx.defs.get(&name.name).copied() {
        cx.check_visible(sc.module, d.module, &name.name, span);
        cx.use_def(d.what);
        let takes = cx.def_asts[d.what].1.params.is_some();
        if takes {
            let what = "a function; call it with arguments".to_string();
            cx.error(CheckErrorKind::WrongKind { name: name.name.clone(), what }, span);
            return error_expr(span);
        }
        let ty = def_type(cx, d.what, span);
        cx.name(span, d.span, NameKind::Def, &ty);
        return typed(ExprKind::Call { def: d.what, args: Vec::new() }, ty, span);
    }
    if cx.types.contains_key(&name.name) {
        cx.error(CheckErrorKind::TypeAsValue { name: name.name.clone() }, span);
        return error_expr(span);
    }
    let suggestion = suggest_name(cx, sc, &name.name);
    cx.error(CheckErrorKind::UnknownName { name: name.name.clone(), suggestion }, span);
    error_expr(span)
}

fn suggest_name(cx: &Checker<'_>, sc: &Scope, name: &str) -> Option<String> {
    let mut candidates: Vec<&str> = sc.locals.iter().map(|l| l.name.as_str()).collect();
    if let Some(t) = sc.treaty {
        candidates.push("parties");
        candidates.extend(cx.param_index[t].keys().map(String::as_str));
    }
    candidates.extend(cx.defs.keys().map(String::as_str));
    candidates.extend(builtins::NAMES);
    crate::suggest::did_you_mean(name, candidates)
}

fn path(cx: &mut Checker<'_>, sc: &Scope, ty: &ast::Ident, id: &ast::Str, span: Span) -> Expr {
    let Some(d) = cx.types.get(&ty.name).copied() else {
        let suggestion = crate::suggest::did_you_mean(&ty.name, cx.types.keys().map(String::as_str));
        cx.error(CheckErrorKind::UnknownType { name: ty.name.clone(), suggestion }, ty.span);
        return error_expr(span);
    };
    cx.check_visible(sc.module, d.module, &ty.name, ty.span);
    cx.name(ty.span, d.span, d.what.kind(), &d.what.ty());
    match d.what {
        TypeRef::Enum(eid) => {
            let Some(enum_type) = cx.program.schema.enum_type(eid) else {
                return error_expr(span);
            };
            match enum_type.variant(&id.value) {
                Some(v) => {
                    let decl = cx.variant_spans.get(&eid).and_then(|spans| spans.get(v as usize)).copied();
                    if let Some(decl) = decl {
                        cx.name(id.span, decl, NameKind::Variant, &Type::Enum(eid));
                    }
                    typed(ExprKind::Const(Value::Enum(eid, v)), Type::Enum(eid), span)
                }
                None => {
                    let suggestion =
                        crate::suggest::did_you_mean(&id.value, enum_type.variants.iter().map(String::as_str));
                    let kind =
                        CheckErrorKind::UnknownVariant { ty: ty.name.clone(), variant: id.value.clone(), suggestion };
                    cx.error(kind, id.span);
                    error_expr(span)
                }
            }
        }
        TypeRef::Entity(entity) => {
            typed(ExprKind::FactLit { entity, id: id.value.as_str().into() }, Type::Entity(entity), span)
        }
        TypeRef::Record(_) => {
            cx.error(CheckErrorKind::TypeAsValue { name: ty.name.clone() }, ty.span);
            error_expr(span)
        }
    }
}

fn call(cx: &mut Checker<'_>, sc: &mut Scope, func: &ast::Ident, args: &[ast::Expr], span: Span) -> Expr {
    let Some(d) = cx.defs.get(&func.name).copied() else {
        if builtins::NAMES.contains(&func.name.as_str()) {
            let args: Vec<Expr> = args.iter().map(|a| check(cx, sc, a)).collect();
            return builtins::check(cx, func, args, span);
        }
        let suggestion = suggest_name(cx, sc, &func.name);
        cx.error(CheckErrorKind::UnknownName { name: func.name.clone(), suggestion }, func.span);
        return error_expr(span);
    };
    cx.check_visible(sc.module, d.module, &func.name, func.span);
    cx.use_def(d.what);
    let ast_def = cx.def_asts[d.what].1;
    let Some(params) = &ast_def.params else {
        let what = "a constant; use it without parentheses".to_string();
        cx.error(CheckErrorKind::WrongKind { name: func.name.clone(), what }, func.span);
        return error_expr(span);
    };
    if params.len() != args.len() {
        let kind = CheckErrorKind::Arity { name: func.name.clone(), expected: params.len(), found: args.len() };
        cx.errors.push(super::CheckError::new(kind, span).with_related(ast_def.name.span, "defined here"));
        return error_expr(span);
    }
    let def_module = cx.def_asts[d.what].0;
    let mut out = Vec::with_capacity(args.len());
    for (param, arg) in params.iter().zip(args) {
        let ty = cx.unrecorded(|cx| cx.resolve_type(def_module, &param.ty));
        out.push(expect(cx, sc, arg, &ty));
    }
    let ty = def_type(cx, d.what, span);
    cx.name(func.span, d.span, NameKind::Def, &ty);
    typed(ExprKind::Call { def: d.what, args: out }, ty, span)
}

/// The type of definition `index`, checking it now if needed.
pub(super) fn def_type(cx: &mut Checker<'_>, index: usize, used_at: Span) -> Type {
    cx.use_def(index);
    match cx.def_state[index].clone() {
        DefState::Done(t) => t,
        DefState::InProgress => {
            let start = cx.def_stack.iter().position(|&d| d == index).unwrap_or(0);
            let mut names: Vec<String> =
                cx.def_stack[start..].iter().map(|&d| cx.def_asts[d].1.name.name.clone()).collect();
            names.push(cx.def_asts[index].1.name.name.clone());
            cx.error(CheckErrorKind::DefCycle { path: names.join(" → ") }, used_at);
            Type::Any
        }
        // The checker recurses into a definition it meets before its
        // declaration; past the call depth `graph::call_depth` reports, it
        // stops, and the definition is checked later on its own.
        DefState::Unchecked if cx.def_stack.len() > super::graph::MAX_CALL_DEPTH => Type::Any,
        DefState::Unchecked => check_def(cx, index),
    }
}

pub(super) fn check_def(cx: &mut Checker<'_>, index: usize) -> Type {
    let (module, def) = cx.def_asts[index];
    cx.def_state[index] = DefState::InProgress;
    cx.def_stack.push(index);
    let mut sc = Scope::new(module, cx.treaty_of[module]);
    let mut params = Vec::new();
    for p in def.params.iter().flatten() {
        let ty = cx.resolve_type(module, &p.ty);
        bind(cx, &mut sc, &p.name, ty.clone(), NameKind::DefParam);
        params.push((p.name.name.clone(), ty));
    }
    let body = check(cx, &mut sc, &def.body);
    let ret = match &def.ret {
        Some(t) => {
            let declared = cx.resolve_type(module, t);
            if !fits(&body.ty, &declared) {
                cx.mismatch(&declared, &body.ty, def.body.span);
            }
            declared
        }
        None => body.ty.clone(),
    };
    cx.def_stack.pop();
    cx.def_state[index] = DefState::Done(ret.clone());
    cx.name(def.name.span, def.name.span, NameKind::Def, &ret);
    let name = def.name.name.clone();
    cx.defs_out[index] =
        Some(plan::Def { name, params, ret: ret.clone(), body, frame: sc.max_slot, span: def.name.span, memo: false });
    ret
}

fn field(cx: &mut Checker<'_>, sc: &mut Scope, base: &ast::Expr, f: &ast::Ident, span: Span, has: bool) -> Expr {
    let base = check(cx, sc, base);
    let optional_base = matches!(base.ty, Type::Optional(_));
    let (st, entity) = match base.ty.required() {
        Type::Entity(id) => (cx.program.schema.entity(*id).cloned(), Some(*id)),
        Type::Record(id) => (cx.program.schema.record(*id).cloned(), None),
        Type::Any => return error_expr(span),
        other => {
            cx.mismatch_class(Expected::EntityOrRecord, other, base.span);
            return error_expr(span);
        }
    };
    let Some(st) = st else {
        return error_expr(span);
    };
    if f.name == "id" && entity.is_some() && !has {
        return typed(ExprKind::Builtin { func: plan::Builtin::Id, args: vec![base] }, Type::Text, span);
    }
    let Some(slot) = st.field(&f.name) else {
        let suggestion = crate::suggest::did_you_mean(&f.name, st.field_names());
        cx.error(CheckErrorKind::UnknownField { ty: st.name.clone(), field: f.name.clone(), suggestion }, f.span);
        return error_expr(span);
    };
    let declared = &st.fields[slot];
    cx.name(f.span, declared.span, NameKind::Field, &declared.ty);
    let base = Box::new(base);
    if has {
        return typed(ExprKind::Has { base, slot, entity }, Type::Bool, span);
    }
    let mut ty = st.fields[slot].ty.clone();
    if optional_base && !matches!(ty, Type::Optional(_)) {
        ty = Type::Optional(Box::new(ty));
    }
    typed(ExprKind::Field { base, slot, entity }, ty, span)
}

fn if_expr(cx: &mut Checker<'_>, sc: &mut Scope, c: &ast::Expr, t: &ast::Expr, o: &ast::Expr, span: Span) -> Expr {
    let cond = expect(cx, sc, c, &Type::Bool);
    let then = check(cx, sc, t);
    let otherwise = check(cx, sc, o);
    let ty = join(&then.ty, &otherwise.ty).unwrap_or_else(|| {
        cx.mismatch(&then.ty, &otherwise.ty, otherwise.span);
        Type::Any
    });
    typed(ExprKind::If { cond: Box::new(cond), then: Box::new(then), otherwise: Box::new(otherwise) }, ty, span)
}
/// Checks a binding's source and returns it with the element type.
pub(super) fn binding_source(cx: &mut Checker<'_>, sc: &mut Scope, b: &ast::Binding) -> (ScanSource, Type) {
    match &b.source {
        ast::BindingSource::Entity(name) => match cx.types.get(&name.name).copied() {
            Some(d) => {
                cx.check_visible(sc.module, d.module, &name.name, name.span);
                cx.name(name.span, d.span, d.what.kind(), &d.what.ty());
                if let TypeRef::Entity(id) = d.what {
                    (ScanSource::Entity(id), Type::Entity(id))
                } else {
                    let what = "not an entity; only entity types can be ranged over".to_string();
                    cx.error(CheckErrorKind::WrongKind { name: name.name.clone(), what }, name.span);
                    (ScanSource::List(Box::new(error_expr(name.span))), Type::Any)
                }
            }
            None => {
                let names = cx.program.schema.entities.iter().map(|e| e.name.as_str());
                let suggestion = crate::suggest::did_you_mean(&name.name, names);
                cx.error(CheckErrorKind::UnknownType { name: name.name.clone(), suggestion }, name.span);
                (ScanSource::List(Box::new(error_expr(name.span))), Type::Any)
            }
        },
        ast::BindingSource::Expr(e) => {
            let list = check(cx, sc, e);
            let elem = match list.ty.required() {
                Type::List(t) => (**t).clone(),
                Type::Any => Type::Any,
                other => {
                    cx.mismatch_class(Expected::List, other, e.span);
                    Type::Any
                }
            };
            (ScanSource::List(Box::new(list)), elem)
        }
        // The grammar allows a group only among a clause's bindings, which
        // do not come here.
        ast::BindingSource::Group(_) => {
            cx.error(CheckErrorKind::Misplaced("a group binds only in a clause's rule".into()), b.span);
            (ScanSource::List(Box::new(error_expr(b.span))), Type::Any)
        }
    }
}

fn scan(
    cx: &mut Checker<'_>,
    sc: &mut Scope,
    b: &ast::Binding,
    cond: Option<&ast::Expr>,
    value: Option<&ast::Expr>,
) -> Scan {
    let (source, elem) = binding_source(cx, sc, b);
    let slot = bind(cx, sc, &b.var, elem, NameKind::Local);
    let cond = cond.map(|c| Box::new(expect(cx, sc, c, &Type::Bool)));
    let value = value.map(|v| Box::new(check(cx, sc, v)));
    sc.pop();
    let id = cx.next_scan_id();
    Scan {
        var: b.var.name.clone(),
        slot,
        source,
        cond,
        value,
        hoisted: Vec::new(),
        index: None,
        residual: None,
        memo: false,
        id,
    }
}

fn quantifier(
    cx: &mut Checker<'_>,
    sc: &mut Scope,
    kind: QuantKind,
    b: &ast::Binding,
    cond: Option<&ast::Expr>,
    span: Span,
) -> Expr {
    let scan = scan(cx, sc, b, cond, None);
    let ty = match kind {
        QuantKind::Count => Type::Int,
        QuantKind::Collect => Type::List(Box::new(elem_type(&scan))),
        QuantKind::Exists | QuantKind::All => Type::Bool,
    };
    typed(ExprKind::Quant { kind, scan: Box::new(scan) }, ty, span)
}

fn aggregate(
    cx: &mut Checker<'_>,
    sc: &mut Scope,
    kind: AggKind,
    value: &ast::Expr,
    b: &ast::Binding,
    cond: Option<&ast::Expr>,
    span: Span,
) -> Expr {
    let scan = scan(cx, sc, b, cond, Some(value));
    let vty = scan.value.as_ref().map_or(Type::Any, |v| v.ty.required().clone());
    let ok = match kind {
        AggKind::Sum => matches!(vty, Type::Int | Type::Decimal | Type::Duration | Type::Distance | Type::Any),
        AggKind::Min | AggKind::Max => {
            matches!(
                vty,
                Type::Int | Type::Decimal | Type::Date | Type::Duration | Type::Distance | Type::Text | Type::Any
            )
        }
    };
    if !ok {
        cx.mismatch_class(Expected::Ordered, &vty, value.span);
    }
    // The minimum of nothing is missing; the sum of nothing is zero.
    let ty = match kind {
        AggKind::Sum => vty,
        AggKind::Min | AggKind::Max => Type::Optional(Box::new(vty)),
    };
    typed(ExprKind::Agg { kind, scan: Box::new(scan) }, ty, span)
}

/// The element type a scan ranges over.
fn elem_type(scan: &Scan) -> Type {
    match &scan.source {
        ScanSource::Entity(id) => Type::Entity(*id),
        ScanSource::List(e) => match e.ty.required() {
            Type::List(t) => (**t).clone(),
            _ => Type::Any,
        },
    }
}
