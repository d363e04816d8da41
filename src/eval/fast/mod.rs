//! The compiled path: clause conditions lowered to nodes over unboxed
//! scalars ([`compile`]), run without building, cloning or dropping values
//! ([`run`]), with memo tables and indexes keyed by scalars ([`store`]).
//!
//! It is an accelerator, not a second semantics: a node gives up (`None`)
//! wherever the interpreter would meet an unknown, and the binding is then
//! judged again by the interpreter, which alone produces reasons, traces
//! and explanations. Every test case is evaluated both ways and must give
//! identical findings (`Options::interpreter_only`).

mod compile;
mod index;
mod lift;
mod ops;
mod run;
mod scalar;
mod select;
mod store;
#[cfg(test)]
mod tests;
mod totals;
mod typed;

pub(super) use select::{Kept, Prefilter};
pub(super) use store::Fast;

use std::rc::Rc;

use compile::Node;
use scalar::Scalar;

use super::context::{Ctx, Slot};
use super::error::EvalError;
use super::render::push_capped;
use crate::plan::Expr;
use crate::value::Value;

/// A clause condition, compiled once for all the bindings it judges.
pub(super) struct Condition<'a> {
    expr: &'a Expr,
    node: Option<Rc<Node<'a>>>,
}

impl Condition<'_> {
    /// Whether the condition is compiled (else the interpreter judges it).
    pub(super) fn is_compiled(&self) -> bool {
        self.node.is_some()
    }
}

impl<'a> Ctx<'a> {
    /// Turns the compiled path on for this run (its fixed values are known
    /// once parameters are set).
    pub(super) fn compile_conditions(&mut self) {
        let params = self.params.iter().map(|p| p.as_ref().ok().and_then(Scalar::of_owned)).collect();
        self.fast.fixed = compile::Fixed { as_of: self.as_of, params, complete: self.complete.clone() };
        self.fast.enabled = true;
    }

    /// Compiles a clause condition (when the compiled path is on).
    pub(super) fn prepare(&self, expr: &'a Expr) -> Condition<'a> {
        let node = if self.fast.enabled && !self.tracing { self.fast.node(expr) } else { None };
        Condition { expr, node }
    }

    /// The truth of a clause condition: compiled when it can be decided
    /// without an unknown, else by the interpreter.
    pub(super) fn decide(&self, c: &Condition<'a>, frame: &mut Vec<Slot>) -> Result<bool, EvalError> {
        if let Some(node) = &c.node {
            if let Some(b) = self.compiled_truth(node, frame) {
                return Ok(b);
            }
            self.fast.fallbacks.set(self.fast.fallbacks.get() + 1);
        }
        self.truth(c.expr, frame)
    }

    /// [`Ctx::decide`] for a condition judged once per binding at most.
    pub(super) fn condition(&self, e: &'a Expr, frame: &mut Vec<Slot>) -> Result<bool, EvalError> {
        self.decide(&self.prepare(e), frame)
    }

    /// For an `unless exists …` exception: whether it applies, and through
    /// which fact, when the compiled path can tell.
    pub(super) fn waiver(&self, c: &Condition<'a>, frame: &mut Vec<Slot>) -> Option<Option<Value>> {
        if self.tracing {
            return None;
        }
        self.compiled_witness(c.node.as_deref()?, frame).map(|w| w.map(Value::Fact))
    }

    /// Appends a message hole's value to `out` as [`Ctx::render`] would;
    /// `false` when the compiled path cannot tell it.
    pub(super) fn render_hole(&self, hole: &Condition<'a>, frame: &mut Vec<Slot>, out: &mut String) -> bool {
        if self.tracing {
            return false;
        }
        let Some(v) = hole.node.as_ref().and_then(|n| self.compiled(n, frame)) else { return false };
        match v {
            Scalar::Text(t) => push_capped(out, t),
            Scalar::Int(n) => push_int(out, n),
            Scalar::Fact(r) => match self.facts.fact(r) {
                Some(f) => push_capped(out, &f.id),
                None => out.push('?'),
            },
            Scalar::Date(d) if push_date(out, d) => {}
            v => push_capped(out, &self.render(&v.value())),
        }
        true
    }
}

/// Appends `n` in decimal, as its `Display` does, without the formatting
/// machinery (itoa, serde_json's integer writer).
fn push_int(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Appends `d` as `YYYY-MM-DD`, as its `Display` prints years 1 to 9999,
/// without the formatting machinery; `false` (nothing appended) for other
/// years.
fn push_date(out: &mut String, d: crate::calendar::Date) -> bool {
    let year = d.year();
    if !(1..=9999).contains(&year) {
        return false;
    }
    let digit = |n: i16| b'0' + (n % 10) as u8;
    let (month, day) = (i16::from(d.month()), i16::from(d.day()));
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    out.push_str(std::str::from_utf8(&text).unwrap_or_default());
    true
}
