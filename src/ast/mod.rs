//! The typed syntax tree of a rule file, as written: names are still strings
//! and nothing is resolved. Every node carries a [`Span`]. The tree prints
//! back as readable pacta (`display.rs`, which calls the printer of
//! `pacta fmt`, [`crate::fmt`]): what AST snapshots show.

mod display;

use crate::calendar::{Date, Duration};
use crate::span::{FileId, Span};

/// One parsed rule file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub file: FileId,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Import(Import),
    Enum(EnumDecl),
    Struct(StructDecl),
    Treaty(Treaty),
    Def(Def),
    Article(Article),
}

/// A name as written, with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal (quotes and escapes removed).
#[derive(Debug, Clone, PartialEq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub path: Str,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDecl {
    pub name: Ident,
    pub variants: Vec<Ident>,
    pub span: Span,
}

/// Records are values; entities are facts with an id that scenarios list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    Record,
    Entity,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructDecl {
    pub kind: StructKind,
    pub name: Ident,
    pub fields: Vec<FieldDecl>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub optional: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Named(Ident),
    List(Box<TypeExpr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Treaty {
    pub id: Ident,
    pub title: Str,
    pub parties: Option<Expr>,
    pub params: Vec<ParamDecl>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParamDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub default: Expr,
    pub span: Span,
}

/// `def name(params): ty = body`. `params` is `None` for a constant.
#[derive(Debug, Clone, PartialEq)]
pub struct Def {
    pub name: Ident,
    pub params: Option<Vec<DefParam>>,
    pub ret: Option<TypeExpr>,
    pub body: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DefParam {
    pub name: Ident,
    pub ty: TypeExpr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub number: Str,
    pub title: Str,
    pub clauses: Vec<Clause>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Violation,
    Review,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub id: Str,
    pub title: Str,
    /// The paraphrase of the treaty text.
    pub text: Option<Str>,
    pub rule: Rule,
    pub exceptions: Vec<Exception>,
    pub due: Option<Expr>,
    pub severity: Option<(Severity, Span)>,
    pub message: Template,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    Forbid,
    Require,
    Review,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub kind: RuleKind,
    pub bindings: Vec<Binding>,
    pub filter: Option<Expr>,
    /// The obligation of a `require` rule.
    pub ensure: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub var: Ident,
    pub source: BindingSource,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BindingSource {
    /// `x: Deployment`: every fact of an entity type.
    Entity(Ident),
    /// `x in expr`: every element of a list.
    Expr(Box<Expr>),
    /// `(k, …) in group m: T where cond by (key, …)`: a clause binding
    /// only. The binding's `var` is the first key name.
    Group(Box<GroupBy>),
}

/// A grouping binding: the members (a binding and its filter), the key
/// expressions (reading the member) and the names the key is bound to.
/// After it, the member's name holds the group's members as a list.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupBy {
    pub names: Vec<Ident>,
    pub member: Binding,
    pub filter: Option<Expr>,
    pub keys: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Exception {
    pub label: Option<Str>,
    pub cond: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(String),
    Hole(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Implies,
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Coalesce,
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantKind {
    Exists,
    All,
    Count,
    /// `[x: T where cond]`: the list of bindings satisfying cond.
    Collect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggKind {
    Sum,
    Min,
    Max,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    /// `none`: no value (an optional value left out).
    None,
    Int(i64),
    Decimal(f64),
    Text(String),
    Date(Date),
    Duration(Duration),
    /// `500 nmi`: the amount and the unit as written.
    Distance(f64, crate::units::DistanceUnit),
    /// The evaluation date.
    AsOf,
    List(Vec<Expr>),
    Var(Ident),
    /// `Type::id`: an enum variant or a fact by id; the checker decides which.
    Path {
        ty: Ident,
        id: Str,
    },
    Call {
        func: Ident,
        args: Vec<Expr>,
    },
    Field {
        base: Box<Expr>,
        field: Ident,
    },
    Has {
        base: Box<Expr>,
        field: Ident,
    },
    Unary {
        op: UnOp,
        arg: Box<Expr>,
    },
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    If {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Quant {
        kind: QuantKind,
        binding: Box<Binding>,
        cond: Option<Box<Expr>>,
    },
    Agg {
        kind: AggKind,
        value: Box<Expr>,
        binding: Box<Binding>,
        cond: Option<Box<Expr>>,
    },
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Implies => "implies",
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::NotIn => "not in",
            BinOp::Coalesce => "??",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

impl QuantKind {
    pub fn keyword(self) -> &'static str {
        match self {
            QuantKind::Exists => "exists",
            QuantKind::All => "all",
            QuantKind::Count => "count",
            QuantKind::Collect => "",
        }
    }
}

impl AggKind {
    pub fn keyword(self) -> &'static str {
        match self {
            AggKind::Sum => "sum",
            AggKind::Min => "min",
            AggKind::Max => "max",
        }
    }
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Violation => "violation",
            Severity::Review => "review",
        }
    }
}

impl RuleKind {
    pub fn keyword(self) -> &'static str {
        match self {
            RuleKind::Forbid => "forbid",
            RuleKind::Require => "require",
            RuleKind::Review => "review",
        }
    }
}
