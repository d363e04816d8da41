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
    /// For scans: the candidates that decided the result, the first
    /// [`MAX_DECISIVE`] of them, and how many more there were.
    pub decisive: Vec<Value>,
    pub decisive_more: usize,
    /// For `a and b` (`Some(true)`) and `a or b` (`Some(false)`): how to
    /// flatten the conjuncts of a condition.
    pub and: Option<bool>,
    /// For comparisons: the operator, the operands' locations and, once
    /// evaluated, their values.
    pub compare: Option<(Op, Span, Span)>,
    pub operands: Option<(Value, Value)>,
    pub children: Vec<TraceNode>,
}

/// What an evaluation added to the open node: kept with a memoised result,
/// so that a hit shows the same derivation as the first computation.
#[derive(Debug, Default)]
pub(super) struct Recorded {
    children: Vec<TraceNode>,
    /// Nodes in `children`, their descendants included.
    size: usize,
    decisive: Vec<Value>,
    decisive_more: usize,
    reads: Vec<FactRef>,
}

/// How much the open node held when [`Tracer::mark`] was called.
pub(super) struct Mark(usize, usize, usize, usize);

/// The candidates an explanation names for one scan: a count over 4,000
/// facts is explained by its first few, not by 4,000 lines.
pub const MAX_DECISIVE: usize = 20;

/// The most nodes one judgement's trace records; past it the derivation
/// is cut (and says so). Definitions calling one another twice, 60 deep,
/// would otherwise record 2^60 calls.
pub const MAX_TRACE_NODES: usize = 2_000;

#[derive(Debug, Default)]
pub(super) struct Tracer {
    /// Open nodes, innermost last; the finished top-level nodes.
    stack: Vec<TraceNode>,
    pub roots: Vec<TraceNode>,
    /// Inside a scan's per-candidate work: record nothing.
    muted: usize,
    /// Nodes recorded since the last [`Tracer::take_all`], and whether
    /// [`MAX_TRACE_NODES`] cut the trace.
    recorded: usize,
    pub cut: bool,
}

impl Tracer {
    pub fn open(&mut self, e: &Expr) -> bool {
        if self.muted > 0 || !worth_a_node(e) {
            return false;
        }
        if self.recorded >= MAX_TRACE_NODES {
            self.cut = true;
            return false;
        }
        self.recorded += 1;
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
            decisive_more: 0,
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

    /// [`Tracer::take`] at the start of a judgement: the node count and
    /// the cut start again.
    pub fn take_all(&mut self) -> Vec<TraceNode> {
        self.recorded = 0;
        self.cut = false;
        self.take()
    }

    /// Whether nothing is being recorded (inside a scan's candidates).
    pub fn is_muted(&self) -> bool {
        self.muted > 0
    }

    pub fn mark(&self) -> Mark {
        self.stack
            .last()
            .map_or(Mark(0, 0, 0, 0), |n| Mark(n.children.len(), n.decisive.len(), n.decisive_more, n.reads.len()))
    }

    /// What the open node gained since `mark`.
    pub fn since(&self, mark: &Mark) -> Recorded {
        let Some(n) = self.stack.last() else { return Recorded::default() };
        let children = n.children.get(mark.0..).unwrap_or_default().to_vec();
        Recorded {
            size: children.iter().map(TraceNode::size).sum(),
            children,
            decisive: n.decisive.get(mark.1..).unwrap_or_default().to_vec(),
            decisive_more: n.decisive_more.saturating_sub(mark.2),
            reads: n.reads.get(mark.3..).unwrap_or_default().to_vec(),
        }
    }

    /// Adds to the open node what a memoised evaluation recorded.
    pub fn replay(&mut self, r: &Recorded) {
        if self.muted > 0 {
            return;
        }
        let Some(n) = self.stack.last_mut() else { return };
        if self.recorded + r.size > MAX_TRACE_NODES {
            self.cut = true;
        } else {
            self.recorded += r.size;
            n.children.extend(r.children.iter().cloned());
        }
        for v in &r.decisive {
            push_decisive(n, v.clone());
        }
        n.decisive_more += r.decisive_more;
        for fact in &r.reads {
            if !n.reads.contains(fact) {
                n.reads.push(*fact);
            }
        }
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
            push_decisive(node, v);
        }
    }
}

fn push_decisive(node: &mut TraceNode, v: Value) {
    if node.decisive.len() < MAX_DECISIVE {
        node.decisive.push(v);
    } else {
        node.decisive_more += 1;
    }
}

impl TraceNode {
    /// Nodes in this subtree.
    fn size(&self) -> usize {
        1 + self.children.iter().map(TraceNode::size).sum::<usize>()
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
            matches!(
                func,
                crate::plan::Builtin::DistanceKm | crate::plan::Builtin::Distance | crate::plan::Builtin::Within
            )
        }
        _ => false,
    }
}
