//! The compiled path's caches for one run: compiled conditions and
//! definition bodies, memo tables keyed by scalars, and hash indexes keyed
//! by scalars. They mirror the interpreter's (`eval::memo`, `Ctx::indexes`)
//! with keys that hash as a few machine words instead of values.

use std::cell::RefCell;
use std::rc::Rc;

use hashbrown::HashMap;
use smallvec::SmallVec;

use super::compile::{Fixed, Node, ScanNode, compile};
use super::index::{Code, CodeHasher, Index, pack};
use super::scalar::Scalar;
use super::select::Compared;
use super::totals::Totals;
use crate::eval::context::Ctx;
use crate::plan::{Expr, Program};
use std::hash::BuildHasherDefault;

type Parts<'a> = SmallVec<[Scalar<'a>; 4]>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum MemoId {
    Def(usize),
    Scan(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct MemoKey<'a> {
    pub id: MemoId,
    pub parts: Parts<'a>,
}

impl MemoKey<'_> {
    pub fn new(id: MemoId) -> Self {
        MemoKey { id, parts: Parts::new() }
    }
}

/// Results of memoised calls and scans. Keys whose parts all pack into
/// machine words (facts, dates, numbers, enum values: nearly all) are
/// hashed as words; the others (texts, decimals, missing values) as
/// scalars.
#[derive(Default)]
pub(super) struct Memo<'a> {
    packed: HashMap<Packed, Scalar<'a>, BuildHasherDefault<CodeHasher>>,
    general: HashMap<MemoKey<'a>, Scalar<'a>>,
}

/// A [`MemoKey`] as words: which memo, each part's kind, each part's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Packed {
    id: u64,
    kinds: u64,
    code: Code,
}

impl Packed {
    fn of(key: &MemoKey<'_>) -> Option<Packed> {
        let id = match key.id {
            MemoId::Def(d) => (d as u64) << 1,
            MemoId::Scan(s) => (s as u64) << 1 | 1,
        };
        let kinds = key.parts.iter().fold(0u64, |k, p| k << 4 | p.kind());
        Some(Packed { id, kinds, code: pack(&key.parts)? })
    }
}

impl<'a> Memo<'a> {
    #[inline]
    pub fn get(&self, key: &MemoKey<'a>) -> Option<Scalar<'a>> {
        match Packed::of(key) {
            Some(p) => self.packed.get(&p).copied(),
            None => self.general.get(key).copied(),
        }
    }

    pub fn insert(&mut self, key: MemoKey<'a>, v: Scalar<'a>) {
        match Packed::of(&key) {
            Some(p) => self.packed.insert(p, v),
            None => self.general.insert(key, v),
        };
    }
}

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
    pub(super) memo: RefCell<Memo<'a>>,
    indexes: RefCell<HashMap<usize, Option<Rc<Index>>>>,
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

    pub(super) fn index(&self, cx: &Ctx<'a>, n: &ScanNode<'a>) -> Option<Rc<Index>> {
        if let Some(ix) = self.indexes.borrow().get(&n.scan.id) {
            return ix.clone();
        }
        let ix = Index::build(cx, n).map(Rc::new);
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
