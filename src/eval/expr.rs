//! The interpreter: evaluates plan expressions over a frame of slots.
//! `and`, `or` and `implies` follow Kleene's three-valued logic
//! ([`super::logic`]), the unknown being the error that explains it.

use super::context::{Ctx, Slot};
use super::error::{EvalError, Unknown};
use super::logic::{self, Connective};
use super::memo::Key;
use super::ops;
use crate::plan::{Def, Expr, ExprKind, Op};
use crate::value::Value;

impl Ctx<'_> {
    // The hot entry points are small wrappers: inlined, each node costs one
    // call (to `eval_node`) instead of two or three.
    #[inline]
    pub(super) fn eval(&self, e: &Expr, frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        if self.tracing {
            return self.traced(e, |cx| cx.eval_node(e, frame));
        }
        self.eval_node(e, frame)
    }

    /// Runs `work` (the evaluation of `e`) inside a trace node for `e`.
    pub(super) fn traced(
        &self,
        e: &Expr,
        work: impl FnOnce(&Self) -> Result<Value, EvalError>,
    ) -> Result<Value, EvalError> {
        let opened = self.tracer.borrow_mut().open(e);
        let v = work(self);
        if opened {
            self.tracer.borrow_mut().close(&v);
        }
        v
    }

    fn eval_node(&self, e: &Expr, frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        self.steps.set(self.steps.get() + 1);
        if self.exhausted() {
            return Err(EvalError::new(Unknown::Budget, "the evaluation budget is used up", e.span));
        }
        match &e.kind {
            ExprKind::Const(v) => Ok(v.clone()),
            ExprKind::Local(slot) | ExprKind::Hoisted { slot, .. } => {
                frame.get(*slot).cloned().unwrap_or_else(|| Err(self.internal(e, "unset slot")))
            }
            ExprKind::Param(i) => {
                self.params.get(*i).cloned().unwrap_or_else(|| Err(self.internal(e, "unknown parameter")))
            }
            ExprKind::AsOf => self.as_of.map(Value::Date).ok_or_else(|| {
                EvalError::new(
                    Unknown::NoDate,
                    "no evaluation date: set `as_of:` in the scenario or pass `--at`",
                    e.span,
                )
            }),
            ExprKind::Parties(t) => match self.parties.get(*t) {
                Some(Some(v)) => v.clone(),
                _ => Err(EvalError::new(Unknown::WrongValue, "the treaty does not name its parties", e.span)),
            },
            ExprKind::FactLit { entity, id } => {
                self.facts.lookup(*entity, id).map(Value::Fact).ok_or_else(|| {
                    EvalError::new(Unknown::WrongValue, format!("the scenario has no fact `{id}`"), e.span)
                })
            }
            ExprKind::Field { base, slot, .. } => self.known(e, self.field(base, *slot, frame)?, frame),
            ExprKind::Has { base, slot, .. } => {
                Ok(Value::Bool(!self.known(e, self.field(base, *slot, frame)?, frame)?.is_missing()))
            }
            ExprKind::Not(arg) => Ok(Value::Bool(!self.truth(arg, frame)?)),
            ExprKind::Neg(arg) => {
                let v = self.eval(arg, frame)?;
                super::estimate::negate(&v).ok_or_else(|| self.operand_error(arg, &v, frame))
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, e, frame),
            ExprKind::If { cond, then, otherwise } => {
                if self.truth(cond, frame)? {
                    self.eval(then, frame)
                } else {
                    self.eval(otherwise, frame)
                }
            }
            ExprKind::List(items) => {
                let values = items.iter().map(|i| self.eval(i, frame)).collect::<Result<Vec<_>, _>>()?;
                Ok(Value::list(values))
            }
            ExprKind::Call { def, args } => self.call(*def, args, e, frame),
            ExprKind::Conjunction(parts) => self.conjunction(parts, frame),
            ExprKind::Let { args, body, .. } => {
                for (slot, arg) in args {
                    let v = self.eval(arg, frame)?;
                    super::frame::set(frame, *slot, Ok(v));
                }
                self.eval(body, frame)
            }
            ExprKind::Builtin { func, args } => self.builtin(*func, args, e, frame),
            ExprKind::Quant { kind, scan } => self.quantifier(*kind, scan, e.span, frame),
            ExprKind::Agg { kind, scan } => self.aggregate(*kind, scan, e, frame),
        }
    }

    fn internal(&self, e: &Expr, what: &str) -> EvalError {
        EvalError::new(Unknown::Internal, format!("internal error: {what}; please report it"), e.span)
    }

    /// Evaluates a condition to a boolean.
    #[inline]
    pub(super) fn truth(&self, e: &Expr, frame: &mut Vec<Slot>) -> Result<bool, EvalError> {
        match self.eval(e, frame)? {
            Value::Bool(b) => Ok(b),
            other => Err(self.operand_error(e, &other, frame)),
        }
    }

    pub(super) fn field(&self, base: &Expr, slot: usize, frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        match self.eval(base, frame)? {
            Value::Fact(r) => {
                if self.tracing {
                    self.tracer.borrow_mut().read(r);
                }
                self.facts
                    .fields(r)
                    .and_then(|f| f.get(slot).cloned())
                    .ok_or_else(|| self.internal(base, "fact row out of range"))
            }
            Value::Record(fields) => fields.get(slot).cloned().ok_or_else(|| self.internal(base, "record slot")),
            Value::Missing => Ok(Value::Missing),
            other => Err(self.operand_error(base, &other, frame)),
        }
    }

    fn binary(&self, op: Op, lhs: &Expr, rhs: &Expr, e: &Expr, frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        match op {
            Op::And => self.kleene(Connective::And, lhs, rhs, frame),
            Op::Or => self.kleene(Connective::Or, lhs, rhs, frame),
            Op::Implies => self.kleene(Connective::Implies, lhs, rhs, frame),
            Op::Coalesce => match self.eval(lhs, frame)? {
                Value::Missing => self.eval(rhs, frame),
                v => Ok(v),
            },
            _ => {
                let l = self.present(lhs, frame)?;
                let r = self.present(rhs, frame)?;
                if self.tracing {
                    self.tracer.borrow_mut().operands(&l, &r);
                }
                ops::apply(op, &l, &r).map_err(|why| EvalError::new(arithmetic(&l, &r), why, e.span))
            }
        }
    }

    /// `a and b`, `a or b`, `a implies b`: `b` only when `a` cannot decide.
    fn kleene(&self, c: Connective, lhs: &Expr, rhs: &Expr, frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        let left = self.truth(lhs, frame);
        c.apply(left, || self.truth(rhs, frame)).map(Value::Bool)
    }

    /// A conjunction evaluated in cost order with the value of the written
    /// left-to-right chain: any false conjunct decides; otherwise the first
    /// unknown one as written (the error `kleene` would have kept).
    fn conjunction(&self, parts: &[(usize, Expr)], frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        let truths = parts.iter().map(|(written, c)| self.truth(c, frame).map_err(|e| (*written, e)));
        logic::all(truths, |a, b| a.0 < b.0).map(Value::Bool).map_err(|(_, e)| e)
    }

    /// Evaluates an operand that must be present.
    #[inline]
    pub(super) fn present(&self, e: &Expr, frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        let v = self.eval(e, frame)?;
        if v.is_missing() { Err(self.missing(e, frame)) } else { Ok(v) }
    }

    /// Explains a missing value: which expression, and which fact lacks what.
    pub(super) fn missing(&self, e: &Expr, frame: &mut Vec<Slot>) -> EvalError {
        if let ExprKind::Hoisted { from, .. } = &e.kind {
            return self.missing(from, frame);
        }
        let text = self.sources.snippet(e.span);
        let mut err = EvalError::new(Unknown::MissingField, format!("`{text}` is missing"), e.span);
        if let ExprKind::Field { base, slot, entity: Some(entity) } = &e.kind {
            if let Ok(Value::Fact(r)) = self.eval(base, frame) {
                let ty = self.program.schema.entity(*entity);
                let fact = self.facts.fact(r);
                if let (Some(ty), Some(fact)) = (ty, fact) {
                    let field = ty.fields.get(*slot).map_or("?", |f| f.name.as_str());
                    err.reason = format!("`{text}` is missing: {} `{}` has no `{field}`", ty.name, fact.id).into();
                    err.fact = Some(fact.span);
                }
            }
        }
        err
    }

    /// A field's value, unless the scenario records it as unknown: then
    /// why, and which fact says so.
    pub(super) fn known(&self, e: &Expr, v: Value, frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        let left_out = match v {
            Value::Unknown(left_out) => left_out,
            Value::Series(s) => {
                let on = self.as_of.ok_or_else(|| {
                    EvalError::new(
                        Unknown::NoDate,
                        "no evaluation date: set `as_of:` in the scenario or pass `--at`",
                        e.span,
                    )
                })?;
                return self.on_date(e, &s, on, frame);
            }
            v => return Ok(v),
        };
        let text = self.sources.snippet(e.span);
        let kind = if left_out.is_some() { Unknown::LeftOut } else { Unknown::UnknownValue };
        let mut err = EvalError::new(kind, format!("`{text}` is unknown"), e.span);
        if let ExprKind::Field { base, slot, entity: Some(entity) }
        | ExprKind::Has { base, slot, entity: Some(entity) } = &e.kind
        {
            if let Ok(Value::Fact(r)) = self.eval(base, frame) {
                let ty = self.program.schema.entity(*entity);
                if let (Some(ty), Some(fact)) = (ty, self.facts.fact(r)) {
                    let field = ty.fields.get(*slot).map_or("?", |f| f.name.as_str());
                    err.reason = match &left_out {
                        None => {
                            format!("`{text}` is unknown: {} `{}` records its `{field}` as unknown", ty.name, fact.id)
                        }
                        Some(id) => format!(
                            "`{text}` is unknown: {} `{}` refers to `{id}`, left out for its confidence",
                            ty.name, fact.id
                        ),
                    }
                    .into();
                    err.fact = Some(fact.span);
                }
            }
        }
        Err(err)
    }

    /// A series' value on `on` (itself known, or unknown).
    pub(super) fn on_date(
        &self,
        e: &Expr,
        s: &crate::value::Series,
        on: crate::calendar::Date,
        frame: &mut Vec<Slot>,
    ) -> Result<Value, EvalError> {
        match s.at(on) {
            Some(v) => self.known(e, v.clone(), frame),
            None => {
                let text = self.sources.snippet(e.span);
                let first = s.points.first().map_or_else(String::new, |(d, _)| d.to_string());
                Err(EvalError::new(
                    Unknown::BeforeSeries,
                    format!("`{text}` has no value before {first}, its first date"),
                    e.span,
                ))
            }
        }
    }

    fn operand_error(&self, e: &Expr, v: &Value, frame: &mut Vec<Slot>) -> EvalError {
        if v.is_missing() {
            return self.missing(e, frame);
        }
        EvalError::new(Unknown::WrongValue, format!("unexpected value `{}`", self.render(v)), e.span)
    }

    fn call(&self, def: usize, args: &[Expr], e: &Expr, frame: &mut Vec<Slot>) -> Result<Value, EvalError> {
        let Some(d) = self.program.defs.get(def) else {
            return Err(self.internal(e, "unknown definition"));
        };
        if args.is_empty() {
            if let Some(v) = self.constants.borrow().get(&def) {
                return v.clone();
            }
            let v = self.in_frame(d.frame, std::iter::empty(), |f| self.eval(&d.body, f));
            self.constants.borrow_mut().insert(def, v.clone());
            return v;
        }
        let mut values = Key::new();
        for a in args {
            values.push(self.eval(a, frame)?);
        }
        if !(d.memo && values.iter().all(cheap_to_hash)) {
            // No memo: the argument values become the callee's frame as they are.
            return self.run(d, values.into_iter());
        }
        if self.records() {
            let args = values.clone();
            return self.traced_memo(&self.traced_calls, def, values, || self.run(d, args.into_iter()));
        }
        if let Some(v) = self.calls.borrow().get(def, &values) {
            return v.clone();
        }
        let result = self.run(d, values.iter().cloned());
        self.calls.borrow_mut().insert(def, values, result.clone());
        result
    }

    /// Evaluates a definition's body in a frame holding `args`.
    fn run(&self, d: &Def, args: impl Iterator<Item = Value>) -> Result<Value, EvalError> {
        self.in_frame(d.frame, args, |callee| self.eval(&d.body, callee))
    }
}

/// Arguments worth memoising a call on: hashing them is cheap.
fn cheap_to_hash(v: &Value) -> bool {
    !matches!(v, Value::List(_) | Value::Record(_) | Value::Geometry(_))
}

/// What kind of gap an operator's failure is: a count of facts not recorded
/// completely (an estimate open at the top), a range it straddles, or
/// arithmetic (overflow, division by zero, values that cannot be ordered).
fn arithmetic(l: &Value, r: &Value) -> Unknown {
    let open = |v: &Value| matches!(v, Value::Estimate(e) if e.high == Value::Int(i64::MAX));
    if open(l) || open(r) {
        Unknown::Unrecorded
    } else if matches!(l, Value::Estimate(_)) || matches!(r, Value::Estimate(_)) {
        Unknown::Estimate
    } else {
        Unknown::Arithmetic
    }
}
