//! The compiled path's caches for one run: compiled conditions and
//! definition bodies, and, keyed by scalars instead of values, the same
//! memo tables and hash indexes the interpreter keeps (`eval::memo`,
//! `eval::index`).

use std::cell::RefCell;
use std::rc::Rc;

use hashbrown::HashMap;

use super::compile::{Fixed, Node, ScanNode, compile};
use super::index::ScalarIndex;
use super::scalar::Scalar;
use super::select::Compared;
use super::totals::Totals;
use crate::eval::context::Ctx;
use crate::eval::memo::Memo;
use crate::plan::{Expr, Program};

/// Memoised results on scalar keys ([`crate::eval::memo`]).
type ScalarMemo<'a> = Memo<Scalar<'a>, Scalar<'a>>;

/// Everything the compiled path caches during one run.
#[derive(Default)]
pub(in crate::eval) struct Fast<'a> {
    /// Off when the interpreter alone must judge (`Options::interpreter_only`,
    /// and explanations, which trace the interpreter).
    pub enabled: bool,
    /// Compiled conditions handed back to the interpreter so far.
    pub fallbacks: std::cell::Cell<usize>,
    /// The run's evaluation date and parameters, for compiling.
    pub(super) fixed: Fixed,
    conditions: RefCell<HashMap<*const Expr, Option<Rc<Node<'a>>>>>,
    defs: RefCell<HashMap<usize, Option<Rc<Node<'a>>>>>,
    /// Results of memoised definition calls and scans, as the
    /// interpreter's `Ctx::calls` and `Ctx::memo`.
    pub(super) calls: RefCell<ScalarMemo<'a>>,
    pub(super) scans: RefCell<ScalarMemo<'a>>,
    indexes: RefCell<HashMap<usize, Option<Rc<ScalarIndex<'a>>>>>,
    /// Whole-table totals per group, by scan and compared-with values, and
    /// how many passes each scan has had.
    totals: RefCell<HashMap<(usize, Compared<'a>), Rc<Totals<'a>>>>,
    passes: RefCell<HashMap<usize, usize>>,
}

impl<'a> Fast<'a> {
    /// `e` compiled, once per run; `None` when its value is not a scalar.
    pub(super) fn node(&self, e: &'a Expr) -> Option<Rc<Node<'a>>> {
        let key = std::ptr::from_ref(e);
        if let Some(n) = self.conditions.borrow().get(&key) {
            return n.clone();
        }
        let n = compile(e, &self.fixed).map(Rc::new);
        self.conditions.borrow_mut().insert(key, n.clone());
        n
    }

    pub(super) fn def_body(&self, program: &'a Program, def: usize) -> Option<Rc<Node<'a>>> {
        if let Some(n) = self.defs.borrow().get(&def) {
            return n.clone();
        }
        let n = program.defs.get(def).and_then(|d| compile(&d.body, &self.fixed)).map(Rc::new);
        self.defs.borrow_mut().insert(def, n.clone());
        n
    }

    pub(super) fn index(&self, cx: &Ctx<'a>, n: &ScanNode<'a>) -> Option<Rc<ScalarIndex<'a>>> {
        if let Some(ix) = self.indexes.borrow().get(&n.scan.id) {
            return ix.clone();
        }
        let ix = ScalarIndex::build(cx, n).map(Rc::new);
        self.indexes.borrow_mut().insert(n.scan.id, ix.clone());
        ix
    }

    /// The totals of scan `id` for these compared-with values, computed by
    /// `pass` unless the scan has had `limit` passes already.
    pub(super) fn totals(
        &self,
        id: usize,
        fixed: Compared<'a>,
        limit: usize,
        pass: impl FnOnce() -> Option<Totals<'a>>,
    ) -> Option<Rc<Totals<'a>>> {
        let key = (id, fixed);
        if let Some(t) = self.totals.borrow().get(&key) {
            return Some(t.clone());
        }
        let passes = self.passes.borrow().get(&id).copied().unwrap_or(0);
        if passes >= limit {
            return None;
        }
        self.passes.borrow_mut().insert(id, passes + 1);
        let t = Rc::new(pass()?);
        self.totals.borrow_mut().insert(key, t.clone());
        Some(t)
    }
}
