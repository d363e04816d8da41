//! Typed, resolved expressions.

use std::sync::Arc;

use crate::ast::{AggKind, QuantKind};
use crate::schema::Type;
use crate::span::Span;
use crate::value::{EntityId, Value};

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub span: Span,
}

/// Binary operators: the syntax's own. After type checking, arithmetic and
/// comparison dispatch on the operand values at run time, which the
/// checker has made compatible.
pub use crate::ast::BinOp as Op;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `distance_km(point, point | geometry)`: geodesic km; 0 inside an area.
    DistanceKm,
    /// `distance(a, b)`: as `distance_km`, but a `distance`.
    Distance,
    /// `within(point, geometry)`.
    Within,
    /// `len(list)`.
    Len,
    /// `year(date)`.
    Year,
    /// `days_between(date, date)`: whole days from the first to the second.
    DaysBetween,
    /// `abs(number)`.
    Abs,
    /// `low(x)`, `high(x)`: the ends of an estimate (a plain value is both).
    Low,
    High,
    /// `undecided("why")`: unknown, for the reason given (a reading that
    /// leaves a question open); fits any type.
    Undecided,
    /// `at(d.field, date)`: a field that changes over time, on that date
    /// (a field read alone is read on `as_of`).
    At,
    /// `declared(x)`: the figure an estimate's owner declares; `x` itself
    /// where none is declared (a plain value, or a bare range).
    Declared,
    /// `x.id`: the id of a fact.
    Id,
    /// `text(x)`: a value as text, as a message shows it.
    Text,
}

/// Where a quantifier's variable ranges.
#[derive(Debug, Clone)]
pub enum ScanSource {
    Entity(EntityId),
    List(Box<Expr>),
}

/// A quantifier or aggregate: the binding, the condition, and the plan
/// `scan::plan` computed for it.
#[derive(Debug, Clone)]
pub struct Scan {
    pub var: String,
    pub slot: usize,
    pub source: ScanSource,
    pub cond: Option<Box<Expr>>,
    /// For aggregates: the summed / compared value.
    pub value: Option<Box<Expr>>,
    /// Subexpressions that depend only on outer variables, each with the
    /// frame slot it is stored in. They are evaluated once before the scan
    /// (lazily failing: an error is stored, and raised only if read) and
    /// read inside as `ExprKind::Local(slot)`; their values key the memo
    /// table, so a correlated aggregate is computed once per distinct group,
    /// not once per outer row.
    pub hoisted: Vec<(usize, Expr)>,
    /// A `x.path == key` conjunct answerable by a hash index over the entity
    /// table: the field path from the bound fact and the hoisted slot (or
    /// constant expression) holding the key.
    pub index: Option<IndexKey>,
    /// With an index: the condition without the conjuncts the index
    /// answers (`None` when nothing is left), for candidates the index found
    /// by their key, where those conjuncts are known to hold.
    pub residual: Option<Box<Expr>>,
    /// Whether results may be memoised by the hoisted values.
    pub memo: bool,
    /// Unique id of this scan in the program, for memo and index caches.
    pub id: usize,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Const(Value),
    /// A variable in the current frame.
    Local(usize),
    /// A subexpression hoisted out of a scan (`Scan::hoisted`), read from
    /// its slot like `Local`; `from` is what it was, kept to explain a
    /// missing value as the row-by-row evaluation would ("State `RUS` has
    /// no `territory`"). `from` is not a child: it is never evaluated here.
    Hoisted {
        slot: usize,
        from: Box<Expr>,
    },
    /// A treaty parameter (index into `Program::params`).
    Param(usize),
    AsOf,
    /// The parties of a treaty.
    Parties(usize),
    /// `Type::id`: a fact, looked up when the scenario is known.
    FactLit {
        entity: EntityId,
        id: Arc<str>,
    },
    /// A field of a fact (`entity` set) or of a record (`entity` is `None`).
    Field {
        base: Box<Expr>,
        slot: usize,
        entity: Option<EntityId>,
    },
    Has {
        base: Box<Expr>,
        slot: usize,
        entity: Option<EntityId>,
    },
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary {
        op: Op,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    If {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    List(Vec<Expr>),
    Call {
        def: usize,
        args: Vec<Expr>,
    },
    /// `c1 and c2 and …`, evaluated cheapest first (see `plan/order.rs`);
    /// each conjunct keeps its written position. The value is that of the
    /// written chain under Kleene logic: false if any conjunct is false,
    /// else the error of the first unknown one as written, else true.
    Conjunction(Vec<(usize, Expr)>),
    /// An inlined call: each argument is evaluated into its slot, in order
    /// (an error stops there, as a call would), then the body, which reads
    /// them. `def` names the definition, for explanations.
    Let {
        def: usize,
        args: Vec<(usize, Expr)>,
        body: Box<Expr>,
    },
    Builtin {
        func: Builtin,
        args: Vec<Expr>,
    },
    Quant {
        kind: QuantKind,
        scan: Box<Scan>,
    },
    Agg {
        kind: AggKind,
        scan: Box<Scan>,
    },
}

/// How an indexed scan finds its candidates.
#[derive(Debug, Clone)]
pub struct IndexKey {
    /// One part per `x.path == key` conjunct: the field slots from the bound
    /// fact (`[owner]` for `x.owner`) and the expression giving the key
    /// (reading hoisted slots or constants). The index is on all the parts
    /// at once: `p.owner == o and p.host == h` looks up (owner, host).
    pub parts: Vec<(Vec<usize>, Expr)>,
}
