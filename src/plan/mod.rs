//! The evaluation plan: checked rules with every name resolved to a slot,
//! every field to an index and every expression typed. The checker builds
//! it; [`scan`] then marks, for each quantifier and aggregate, which
//! conditions can be answered by a hash index and which subexpressions key
//! a memo table; the evaluator only follows it. Later tools (explain, diff,
//! the language server) read the same plan.

mod expr;
pub mod inline;
pub mod order;
pub mod scan;

pub use expr::{Builtin, Expr, ExprKind, IndexKey, Op, Scan, ScanSource};

use crate::ast::{RuleKind, Severity};
use crate::schema::{Schema, Type};
use crate::span::Span;

/// Rewrites a checked program for speed without changing a verdict: small
/// definitions inlined ([`inline`]), then scans hoisted, indexed and
/// memoised ([`scan`]), then conjunctions ordered cheapest first ([`order`]).
pub fn optimise(program: Program) -> Program {
    order::order_program(scan::plan_program(inline::inline_program(program)))
}

/// A whole checked rule set.
#[derive(Debug, Clone, Default)]
pub struct Program {
    pub schema: Schema,
    pub treaties: Vec<Treaty>,
    pub defs: Vec<Def>,
    pub clauses: Vec<Clause>,
    /// Every treaty parameter, in treaty order; `ExprKind::Param` indexes this.
    pub params: Vec<Param>,
}

#[derive(Debug, Clone)]
pub struct Treaty {
    pub id: String,
    pub title: String,
    /// A `list<Entity>` expression, if the treaty names its parties.
    pub parties: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub treaty: usize,
    pub name: String,
    pub ty: Type,
    pub default: Expr,
    pub span: Span,
}

/// A `def`: a constant (no params) or a pure function.
#[derive(Debug, Clone)]
pub struct Def {
    pub name: String,
    pub params: Vec<(String, Type)>,
    pub ret: Type,
    pub body: Expr,
    /// Slots the body needs (params first).
    pub frame: usize,
    pub span: Span,
    /// Whether calls are memoised by their arguments: set by the planner
    /// for every definition (small ones are inlined, so no call is left
    /// whose memo entry would cost more than the call); the unplanned
    /// reference does not memoise.
    pub memo: bool,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub name: String,
    /// The bound value's slot (a group's: its first key's).
    pub slot: usize,
    pub source: BindingSource,
    pub span: Span,
    /// For the second and later bindings of a clause: a filter conjunct
    /// `x.path == key` whose key reads only earlier bindings, so candidates
    /// come from a hash index (an equality join) instead of a full scan.
    pub index: Option<IndexKey>,
    /// Unique among scans and bindings, for the index cache.
    pub id: usize,
}

/// What a clause binding ranges over.
#[derive(Debug, Clone)]
pub enum BindingSource {
    /// Each fact of a table, or each element of a list.
    Each(ScanSource),
    /// Each group of facts (or elements) sharing a key.
    Group(Box<Group>),
}

impl BindingSource {
    pub fn scan_source(&self) -> Option<&ScanSource> {
        match self {
            BindingSource::Each(s) => Some(s),
            BindingSource::Group(_) => None,
        }
    }
}

/// `(k, …) in group m: T where cond by (key, …)`.
#[derive(Debug, Clone)]
pub struct Group {
    /// The members: `[m: T where cond]`, a comprehension planned like any
    /// other (hoisted, indexed); its scan's slot holds one member while
    /// the keys are computed.
    pub members: Expr,
    /// The key, read with a member bound.
    pub keys: Vec<Expr>,
    /// Where each part of a group's key is bound.
    pub key_slots: Vec<usize>,
    /// The names of the parts, where a subject that is not a fact points.
    pub key_spans: Vec<Span>,
    /// Where the group's members are bound, as a list in fact order.
    pub list_slot: usize,
}

impl Group {
    /// The members' scan.
    pub fn scan(&self) -> Option<&Scan> {
        match &self.members.kind {
            ExprKind::Quant { scan, .. } => Some(scan),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Exception {
    pub label: Option<String>,
    pub cond: Expr,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum TemplatePart {
    Text(String),
    Hole(Expr),
}

impl Clause {
    /// Whether a command line's `--clause ID` names this clause: its
    /// qualified id (`nato_russia_2021/4.1`) or its bare id (`4.1`).
    pub fn is_named(&self, id: &str) -> bool {
        self.qualified_id == id || self.id == id
    }
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub treaty: usize,
    /// `treaty/clause`, unique in the program.
    pub qualified_id: String,
    pub id: String,
    pub id_span: Span,
    pub article: String,
    pub article_title: String,
    pub title: String,
    pub text: Option<String>,
    pub kind: RuleKind,
    pub severity: Severity,
    pub bindings: Vec<Binding>,
    pub filter: Option<Expr>,
    pub ensure: Option<Expr>,
    pub exceptions: Vec<Exception>,
    pub due: Option<Expr>,
    pub message: Vec<TemplatePart>,
    pub frame: usize,
    pub span: Span,
    /// The rule statement (`forbid …`), the place labelled in reports.
    pub rule_span: Span,
}
