//! Traced evaluation: while a [`Tracer`] is installed, the interpreter
//! records a tree of the conditions, calls and scans it evaluates, with the
//! value each took and the facts it read. Explanations are built from this
//! tree, so they come from the very evaluation that gives the verdict, not
//! from a second interpreter that could disagree.
//!
//! Values and fields are leaves: they show up as the facts a node read.
//! Scans record the candidates that decided them (the facts summed, the
//! witness of an `exists`, the counterexample of an `all`), not the
//! condition for every candidate.

use crate::plan::{Expr, ExprKind, Op};
use crate::span::Span;
use crate::value::{FactRef, Value};

/// One evaluated condition, call or scan.
#[derive(Debug, Clone)]
pub struct TraceNode {
    /// The expression, located in its rule file.
    pub span: Span,
    pub value: Result<Value, super::EvalError>,
    /// Facts whose fields this node read directly, in reading order.
    pub reads: Vec<FactRef>,
    /// For scans: the candidates that decided the result.
    pub decisive: Vec<Value>,
    /// For `a and b` (`Some(true)`) and `a or b` (`Some(false)`): how to
    /// flatten the conjuncts of a condition.
    pub and: Option<bool>,
    /// For comparisons: the operator, the operands' locations and, once
    /// evaluated, their values.
    pub compare: Option<(Op, Span, Span)>,
    pub operands: Option<(Value, Value)>,
    pub children: Vec<TraceNode>,
}

#[derive(Debug, Default)]
pub(super) struct Tracer {
    /// Open nodes, innermost last; the finished top-level nodes.
    stack: Vec<TraceNode>,
    pub roots: Vec<TraceNode>,
    /// Inside a scan's per-candidate work: record nothing.
    muted: usize,
}

impl Tracer {
    pub fn open(&mut self, e: &Expr) -> bool {
        if self.muted > 0 || !worth_a_node(e) {
            return false;
        }
        let (and, compare) = match &e.kind {
            ExprKind::Binary { op: Op::And, .. } | ExprKind::Conjunction(_) => (Some(true), None),
            ExprKind::Binary { op: Op::Or, .. } => (Some(false), None),
            ExprKind::Binary { op, lhs, rhs } if is_comparison(*op) => (None, Some((*op, lhs.span, rhs.span))),
            _ => (None, None),
        };
        let node = TraceNode {
            span: e.span,
            value: Ok(Value::Missing),
            reads: Vec::new(),
            decisive: Vec::new(),
            and,
            compare,
            operands: None,
            children: Vec::new(),
        };
        self.stack.push(node);
        true
    }

    pub fn close(&mut self, value: &Result<Value, super::EvalError>) {
        let Some(mut node) = self.stack.pop() else { return };
        node.value = value.clone();
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => self.roots.push(node),
        }
    }

    pub fn read(&mut self, fact: FactRef) {
        if self.muted > 0 {
            return;
        }
        if let Some(node) = self.stack.last_mut() {
            if !node.reads.contains(&fact) {
                node.reads.push(fact);
            }
        }
    }

    /// The operand values of the innermost open comparison.
    pub fn operands(&mut self, l: &Value, r: &Value) {
        if self.muted > 0 {
            return;
        }
        if let Some(node) = self.stack.last_mut().filter(|n| n.compare.is_some()) {
            node.operands = Some((l.clone(), r.clone()));
        }
    }

    /// The finished top-level nodes so far, leaving none.
    pub fn take(&mut self) -> Vec<TraceNode> {
        std::mem::take(&mut self.roots)
    }

    pub fn mute(&mut self) {
        self.muted += 1;
    }

    pub fn unmute(&mut self) {
        self.muted = self.muted.saturating_sub(1);
    }

    /// A candidate that decided the innermost open scan.
    pub fn decisive(&mut self, v: Value) {
        if self.muted > 0 {
            return;
        }
        if let Some(node) = self.stack.last_mut() {
            node.decisive.push(v);
        }
    }
}

pub(super) fn is_comparison(op: Op) -> bool {
    matches!(op, Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge)
}

/// Conditions, calls and scans get a node; values, fields and arithmetic
/// are read through.
fn worth_a_node(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Binary { op, .. } => !matches!(op, Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Coalesce),
        ExprKind::Not(_)
        | ExprKind::Has { .. }
        | ExprKind::If { .. }
        | ExprKind::Call { .. }
        | ExprKind::Let { .. }
        | ExprKind::Conjunction(_)
        | ExprKind::Quant { .. }
        | ExprKind::Agg { .. } => true,
        ExprKind::Builtin { func, .. } => {
            matches!(func, crate::plan::Builtin::DistanceKm | crate::plan::Builtin::Within)
        }
        _ => false,
    }
}
