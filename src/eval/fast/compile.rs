//! Lowers a plan expression to a [`Node`]: the same tree, specialised where
//! the value is a [`Scalar`], with each node the interpreter would take two
//! or three steps for (a field of a bound fact) fused into one. Whatever
//! the compiled path does not handle (texts, lists, geodesy, scans over
//! lists) stays a [`Node::Interpret`] leaf, evaluated by the interpreter
//! itself, so every expression compiles and no construct has a second
//! implementation that could disagree.

use super::scalar::Scalar;
use super::select::{Kernels, Within};
use crate::ast::{AggKind, QuantKind};
use crate::calendar::Date;
use crate::eval::logic::{Connective, Rest};
use crate::plan::{Builtin, Expr, ExprKind, Op, Scan, ScanSource};
use crate::schema::Type;
use crate::value::EntityId;

#[derive(Debug, Clone)]
pub(super) enum Node<'a> {
    Const(Scalar<'a>),
    /// A frame slot: a variable, an inlined argument or a hoisted value.
    Slot(usize),
    /// `x.field` where slot `slot` holds a fact.
    SlotField {
        slot: usize,
        field: usize,
    },
    Param(usize),
    AsOf,
    Field {
        base: Box<Node<'a>>,
        field: usize,
    },
    Has {
        base: Box<Node<'a>>,
        field: usize,
    },
    Not(Box<Node<'a>>),
    Neg(Box<Node<'a>>),
    Kleene {
        op: Connective,
        lhs: Box<Node<'a>>,
        rhs: Box<Node<'a>>,
    },
    Coalesce(Box<Node<'a>>, Box<Node<'a>>),
    Binary {
        op: Op,
        lhs: Box<Node<'a>>,
        rhs: Box<Node<'a>>,
    },
    If {
        cond: Box<Node<'a>>,
        then: Box<Node<'a>>,
        otherwise: Box<Node<'a>>,
    },
    /// Conjuncts in the plan's (cheapest first) order.
    Conjunction(Vec<Node<'a>>),
    Let {
        args: Vec<(usize, Node<'a>)>,
        body: Box<Node<'a>>,
    },
    Call {
        def: usize,
        args: Vec<Node<'a>>,
    },
    Scan(Box<ScanNode<'a>>),
    /// A quantifier over the items of a list.
    ListScan(Box<ListScan<'a>>),
    /// `x in list` (`negate`: `not in`).
    In {
        item: Box<Node<'a>>,
        list: Box<List<'a>>,
        negate: bool,
    },
    /// `x.id`: the id of a fact, a text.
    Id(Box<Node<'a>>),
    /// `at(value, date)`: `value` once `date` is known to be a date. A
    /// value over time (a series) has no scalar, so the node gives up on it
    /// and the interpreter reads the series.
    At {
        value: Box<Node<'a>>,
        date: Box<Node<'a>>,
    },
    /// Evaluated by the interpreter; its value must be a scalar.
    Interpret(&'a Expr),
}

impl<'a> Node<'a> {
    /// The operands of a node computed from its operands alone; `None` for
    /// leaves, bindings, calls, scans and lists.
    pub(super) fn operands(&self) -> Option<Vec<&Node<'a>>> {
        Some(match self {
            Node::Field { base: a, .. } | Node::Has { base: a, .. } | Node::Not(a) | Node::Neg(a) | Node::Id(a) => {
                vec![a]
            }
            Node::Kleene { lhs, rhs, .. }
            | Node::Coalesce(lhs, rhs)
            | Node::Binary { lhs, rhs, .. }
            | Node::At { value: lhs, date: rhs } => vec![lhs, rhs],
            Node::If { cond, then, otherwise } => vec![cond, then, otherwise],
            Node::Conjunction(parts) => parts.iter().collect(),
            _ => return None,
        })
    }

    /// Whether this node reads frame slot `slot` (a leaf left to the
    /// interpreter may read any). Scans and calls count as reading: their
    /// hoisted parts and arguments are not looked into.
    pub(super) fn reads(&self, slot: usize) -> bool {
        self.reads_where(&|s| s == slot)
    }

    /// Whether this node reads any frame slot.
    pub(super) fn reads_any(&self) -> bool {
        self.reads_where(&|_| true)
    }

    fn reads_where(&self, hit: &dyn Fn(usize) -> bool) -> bool {
        match self {
            Node::Const(_) | Node::Param(_) | Node::AsOf => false,
            Node::Slot(s) | Node::SlotField { slot: s, .. } => hit(*s),
            n => n.operands().is_none_or(|ops| ops.iter().any(|o| o.reads_where(hit))),
        }
    }

    /// Whether any part of this node is left to the interpreter.
    fn interprets(&self) -> bool {
        if let Some(ops) = self.operands() {
            return ops.iter().any(|o| o.interprets());
        }
        match self {
            Node::Interpret(_) => true,
            Node::Call { args, .. } => args.iter().any(Node::interprets),
            Node::Let { args, body } => args.iter().any(|(_, a)| a.interprets()) || body.interprets(),
            Node::ListScan(s) => {
                !s.scan.hoisted.is_empty() || s.list.interprets() || s.cond.iter().any(Node::interprets)
            }
            Node::In { item, list, .. } => item.interprets() || list.interprets(),
            Node::Scan(s) => {
                s.hoisted.iter().any(|(_, h)| h.interprets())
                    || s.index.iter().flatten().any(|(_, k)| k.interprets())
                    || [&s.cond, &s.residual]
                        .into_iter()
                        .flatten()
                        .any(|k| k.rest.iter().chain(&k.fixed).any(Node::interprets))
                    || s.value.iter().any(Node::interprets)
            }
            // Leaves (nodes with operands returned above).
            _ => false,
        }
    }
}

/// What a scan computes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fold {
    Exists,
    /// `exists`, returning the first fact that satisfies it.
    Witness,
    All,
    Count,
    Agg(AggKind),
}

/// Where a list comes from.
#[derive(Debug, Clone)]
pub(super) enum List<'a> {
    /// A treaty's parties.
    Parties(usize),
    /// A list field of a fact (`c.parties`).
    Field(Node<'a>, usize),
    /// A frame slot (a hoisted list).
    Slot(usize),
    Interpret(&'a Expr),
}

impl List<'_> {
    /// Whether the interpreter computes (part of) the list.
    fn interprets(&self) -> bool {
        match self {
            List::Parties(_) | List::Slot(_) => false,
            List::Field(base, _) => base.interprets(),
            List::Interpret(_) => true,
        }
    }
}

/// `exists` / `all` / `count` over a list's items.
#[derive(Debug, Clone)]
pub(super) struct ListScan<'a> {
    pub scan: &'a Scan,
    pub fold: Fold,
    pub list: List<'a>,
    pub cond: Option<Node<'a>>,
}

/// A quantifier or aggregate over an entity table, following its plan.
#[derive(Debug, Clone)]
pub(super) struct ScanNode<'a> {
    pub scan: &'a Scan,
    pub fold: Fold,
    pub entity: EntityId,
    pub hoisted: Vec<(usize, Node<'a>)>,
    /// With an index: each part's field path and key.
    pub index: Option<Vec<(&'a [usize], Node<'a>)>>,
    /// The condition and the residual one, split on the scanned fact.
    pub cond: Option<Kernels<'a>>,
    pub residual: Option<Kernels<'a>>,
    pub value: Option<Node<'a>>,
}

/// What stays fixed during a run: the evaluation date and the parameter
/// values. Compiled nodes read them as constants, so that conditions on
/// them fold away before the first binding is judged.
#[derive(Debug, Default, Clone)]
pub(super) struct Fixed {
    pub as_of: Option<Date>,
    /// Each parameter's value, `None` when it is not a scalar or failed
    /// (a node then reads it at run time, and gives up).
    pub params: Vec<Option<Scalar<'static>>>,
    /// Per entity type, whether the scenario records it completely; a
    /// scan over one it does not is the interpreter's (what it does not
    /// find proves nothing).
    pub complete: Vec<bool>,
}

/// Compiles `e`, whose value must be a scalar; `None` when it is not.
pub(super) fn compile<'a>(e: &'a Expr, fixed: &Fixed) -> Option<Node<'a>> {
    Compiler { fixed, subst: hashbrown::HashMap::new() }.compile(e)
}

/// Lowering state: the run's fixed values and the inlined arguments
/// substituted for their slots.
struct Compiler<'a, 'f> {
    fixed: &'f Fixed,
    /// Slot → the node read in its place (see [`Compiler::inline_args`]).
    subst: hashbrown::HashMap<usize, Node<'a>>,
}

impl<'a> Compiler<'a, '_> {
    fn compile(&mut self, e: &'a Expr) -> Option<Node<'a>> {
        if !Scalar::holds(&e.ty) {
            return None;
        }
        match self.lower(e) {
            Some(n) => Some(fold(n)),
            // The interpreter's texts do not outlive the run (see
            // `Scalar::of_owned`): a text it computes leaves its parent to it.
            None if matches!(e.ty.required(), Type::Text) => None,
            None => Some(Node::Interpret(e)),
        }
    }

    fn boxed(&mut self, e: &'a Expr) -> Option<Box<Node<'a>>> {
        self.compile(e).map(Box::new)
    }

    fn all(&mut self, es: impl IntoIterator<Item = &'a Expr>) -> Option<Vec<Node<'a>>> {
        es.into_iter().map(|e| self.compile(e)).collect()
    }

    /// The specialised node for `e`, or `None` to leave it to the interpreter.
    fn lower(&mut self, e: &'a Expr) -> Option<Node<'a>> {
        Some(match &e.kind {
            ExprKind::Const(v) => Node::Const(Scalar::of(v)?),
            // Texts are read from facts and the program, never from a frame.
            ExprKind::Local(_) | ExprKind::Hoisted { .. } if matches!(e.ty.required(), Type::Text) => return None,
            ExprKind::Local(slot) | ExprKind::Hoisted { slot, .. } => self.slot(*slot),
            ExprKind::Param(i) => match self.fixed.params.get(*i) {
                Some(Some(v)) => Node::Const(*v),
                _ => Node::Param(*i),
            },
            ExprKind::AsOf => self.fixed.as_of.map_or(Node::AsOf, |d| Node::Const(Scalar::Date(d))),
            ExprKind::Field { base, slot, entity: Some(_) } => match (&base.kind, self.fact_slot(base)) {
                (_, Some(b)) => Node::SlotField { slot: b, field: *slot },
                (ExprKind::Local(_) | ExprKind::Hoisted { .. }, None) => match self.slot_of(base) {
                    Some(inner) => Node::Field { base: Box::new(inner), field: *slot },
                    None => Node::Field { base: self.boxed(base)?, field: *slot },
                },
                _ => Node::Field { base: self.boxed(base)?, field: *slot },
            },
            ExprKind::Has { base, slot, entity: Some(_) } => Node::Has { base: self.boxed(base)?, field: *slot },
            ExprKind::Not(a) => Node::Not(self.boxed(a)?),
            ExprKind::Neg(a) => Node::Neg(self.boxed(a)?),
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs)?,
            ExprKind::If { cond, then, otherwise } => {
                Node::If { cond: self.boxed(cond)?, then: self.boxed(then)?, otherwise: self.boxed(otherwise)? }
            }
            ExprKind::Conjunction(parts) => Node::Conjunction(self.all(parts.iter().map(|(_, c)| c))?),
            ExprKind::Let { args, body, .. } => self.inline_args(args, body)?,
            ExprKind::Call { def, args } if !args.is_empty() => Node::Call { def: *def, args: self.all(args)? },
            ExprKind::Builtin { func: Builtin::Id, args } => Node::Id(self.boxed(args.first()?)?),
            ExprKind::Builtin { func: Builtin::At, args } => match args.as_slice() {
                [value, date] => match self.compile(date)? {
                    // A value that is no series is the same on every date.
                    Node::Const(Scalar::Date(_)) | Node::AsOf => self.compile(value)?,
                    date => Node::At { value: self.boxed(value)?, date: Box::new(date) },
                },
                _ => return None,
            },
            ExprKind::Quant { kind, scan } if matches!(scan.source, ScanSource::List(_)) => {
                let fold = match kind {
                    QuantKind::Exists => Fold::Exists,
                    QuantKind::All => Fold::All,
                    QuantKind::Count => Fold::Count,
                    QuantKind::Collect => return None,
                };
                let ScanSource::List(list) = &scan.source else { return None };
                let list = self.list(list);
                let cond = match scan.cond.as_deref() {
                    Some(c) => Some(self.compile(c)?),
                    None => None,
                };
                Node::ListScan(Box::new(ListScan { scan, fold, list, cond }))
            }
            ExprKind::Quant { kind, scan } => {
                let fold = match kind {
                    QuantKind::Exists => Fold::Exists,
                    QuantKind::All => Fold::All,
                    QuantKind::Count => Fold::Count,
                    QuantKind::Collect => return None,
                };
                Node::Scan(Box::new(self.scan_node(fold, scan)?))
            }
            ExprKind::Agg { kind, scan } => Node::Scan(Box::new(self.scan_node(Fold::Agg(*kind), scan)?)),
            _ => return None,
        })
    }

    /// A slot, or what was substituted for it.
    fn slot(&self, slot: usize) -> Node<'a> {
        self.subst.get(&slot).cloned().unwrap_or(Node::Slot(slot))
    }

    fn slot_of(&self, e: &Expr) -> Option<Node<'a>> {
        match &e.kind {
            ExprKind::Local(s) | ExprKind::Hoisted { slot: s, .. } => self.subst.get(s).cloned(),
            _ => None,
        }
    }

    /// The frame slot `e` reads a fact from directly, after substitution.
    fn fact_slot(&self, e: &Expr) -> Option<usize> {
        match &e.kind {
            ExprKind::Local(s) | ExprKind::Hoisted { slot: s, .. } => match self.subst.get(s) {
                None => Some(*s),
                Some(Node::Slot(t)) => Some(*t),
                Some(_) => None,
            },
            _ => None,
        }
    }

    /// An inlined call. Arguments that are a slot, a constant or a field of
    /// a bound fact cannot fail in the compiled path (their types are
    /// scalar, and every slot it reads holds a value), so the body reads
    /// them in place instead of through the frame: fewer nodes and no
    /// frame writes. Only when the body leaves nothing to the interpreter,
    /// which would read the frame.
    fn inline_args(&mut self, args: &'a [(usize, Expr)], body: &'a Expr) -> Option<Node<'a>> {
        let args: Vec<(usize, Node<'a>)> =
            args.iter().map(|(slot, a)| Some((*slot, self.compile(a)?))).collect::<Option<_>>()?;
        let in_place = |n: &Node<'_>| matches!(n, Node::Slot(_) | Node::Const(_) | Node::SlotField { .. });
        if args.iter().any(|(_, n)| in_place(n)) {
            let saved: Vec<(usize, Option<Node<'a>>)> = args
                .iter()
                .filter(|(_, n)| in_place(n))
                .map(|(slot, n)| (*slot, self.subst.insert(*slot, n.clone())))
                .collect();
            let substituted = self.compile(body);
            for (slot, old) in saved {
                match old {
                    Some(n) => self.subst.insert(slot, n),
                    None => self.subst.remove(&slot),
                };
            }
            if let Some(body) = substituted.filter(|b| !b.interprets()) {
                let kept: Vec<(usize, Node<'a>)> = args.into_iter().filter(|(_, n)| !in_place(n)).collect();
                return Some(if kept.is_empty() { body } else { Node::Let { args: kept, body: Box::new(body) } });
            }
        }
        Some(Node::Let { args, body: Box::new(self.compile(body)?) })
    }

    /// Where a list-valued expression's items come from.
    fn list(&mut self, e: &'a Expr) -> List<'a> {
        match &e.kind {
            ExprKind::Parties(t) => List::Parties(*t),
            ExprKind::Local(s) | ExprKind::Hoisted { slot: s, .. } if !self.subst.contains_key(s) => List::Slot(*s),
            ExprKind::Field { base, slot, entity: Some(_) } => match self.compile(base) {
                Some(b) => List::Field(b, *slot),
                None => List::Interpret(e),
            },
            _ => List::Interpret(e),
        }
    }

    fn binary(&mut self, op: Op, lhs: &'a Expr, rhs: &'a Expr) -> Option<Node<'a>> {
        if matches!(op, Op::In | Op::NotIn) {
            let item = self.boxed(lhs)?;
            return Some(Node::In { item, list: Box::new(self.list(rhs)), negate: op == Op::NotIn });
        }
        let (l, r) = (self.boxed(lhs)?, self.boxed(rhs)?);
        Some(match op {
            Op::And => Node::Kleene { op: Connective::And, lhs: l, rhs: r },
            Op::Or => Node::Kleene { op: Connective::Or, lhs: l, rhs: r },
            Op::Implies => Node::Kleene { op: Connective::Implies, lhs: l, rhs: r },
            Op::Coalesce => Node::Coalesce(l, r),
            // `in` has a list on its right, which `boxed` refused above.
            _ => Node::Binary { op, lhs: l, rhs: r },
        })
    }

    fn scan_node(&mut self, fold: Fold, scan: &'a Scan) -> Option<ScanNode<'a>> {
        let ScanSource::Entity(entity) = scan.source else { return None };
        if !self.fixed.complete.get(entity.0 as usize).copied().unwrap_or(true) {
            return None;
        }
        let hoisted = scan.hoisted.iter().map(|(slot, h)| Some((*slot, self.compile(h)?))).collect::<Option<_>>()?;
        let index = match &scan.index {
            Some(ix) => Some(
                ix.parts.iter().map(|(path, k)| Some((path.as_slice(), self.compile(k)?))).collect::<Option<_>>()?,
            ),
            None => None,
        };
        let cond = scan.cond.as_deref().map(|c| self.compile(c));
        let residual = scan.residual.as_deref().map(|c| self.compile(c));
        let value = scan.value.as_deref().map(|c| self.compile(c));
        Some(ScanNode {
            scan,
            fold,
            entity,
            hoisted,
            index,
            cond: cond.map_or(Some(None), |c| c.map(Some))?.map(|c| Kernels::split(&c, scan.slot, Within::Scan)),
            residual: residual
                .map_or(Some(None), |c| c.map(Some))?
                .map(|c| Kernels::split(&c, scan.slot, Within::Scan)),
            value: value.map_or(Some(None), |c| c.map(Some))?,
        })
    }
}

/// Folds what a node's constant operands decide, with the value the node
/// would compute: `x or false` is `x`, `false and …` is false (whatever
/// the other operands are: Kleene's table, [`crate::eval::logic`], with the
/// unknown operand a node), an operator on two constants is its result.
/// Nested conjunctions are flattened, which changes nothing under Kleene
/// logic either.
pub(super) fn fold(n: Node<'_>) -> Node<'_> {
    match n {
        Node::Binary { op, lhs, rhs } => match (&*lhs, &*rhs) {
            (Node::Const(l), Node::Const(r)) => {
                match super::ops::present(*l)
                    .zip(super::ops::present(*r))
                    .and_then(|(l, r)| super::ops::apply(op, l, r))
                {
                    Some(v) => Node::Const(v),
                    None => Node::Binary { op, lhs, rhs },
                }
            }
            _ => Node::Binary { op, lhs, rhs },
        },
        Node::Not(a) => match *a {
            Node::Const(Scalar::Bool(b)) => Node::Const(Scalar::Bool(!b)),
            a => Node::Not(Box::new(a)),
        },
        Node::Kleene { op, lhs, rhs } => {
            // The rest of the connective, and the operand that is not known.
            let (rest, other) = match (&*lhs, &*rhs) {
                (Node::Const(Scalar::Bool(l)), _) => (op.given_lhs(*l), rhs),
                (_, Node::Const(Scalar::Bool(r))) => (op.given_rhs(*r), lhs),
                _ => return Node::Kleene { op, lhs, rhs },
            };
            match rest {
                Rest::Decided(b) => Node::Const(Scalar::Bool(b)),
                Rest::Other => *other,
                Rest::NotOther => Node::Not(other),
            }
        }
        Node::If { cond, then, otherwise } => match *cond {
            Node::Const(Scalar::Bool(true)) => *then,
            Node::Const(Scalar::Bool(false)) => *otherwise,
            cond => Node::If { cond: Box::new(cond), then, otherwise },
        },
        Node::Conjunction(parts) => {
            let mut flat = Vec::with_capacity(parts.len());
            for p in parts {
                match p {
                    Node::Conjunction(inner) => flat.extend(inner),
                    p => flat.push(p),
                }
            }
            if flat.iter().any(|p| matches!(p, Node::Const(Scalar::Bool(false)))) {
                return Node::Const(Scalar::Bool(false));
            }
            flat.retain(|p| !matches!(p, Node::Const(Scalar::Bool(true))));
            match flat.len() {
                0 => Node::Const(Scalar::Bool(true)),
                1 => flat.pop().unwrap_or(Node::Const(Scalar::Bool(true))),
                _ => Node::Conjunction(flat),
            }
        }
        n => n,
    }
}
