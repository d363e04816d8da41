//! The compiled path's caches for one run: compiled conditions and
//! definition bodies, memo tables keyed by scalars, and hash indexes keyed
//! by scalars. They mirror the interpreter's (`eval::memo`, `Ctx::indexes`)
//! with keys that hash as a few machine words instead of values.

use std::cell::RefCell;
use std::rc::Rc;

use hashbrown::HashMap;
use smallvec::SmallVec;

use super::compile::{Fixed, Node, ScanNode, compile};
use super::scalar::Scalar;
use crate::eval::context::Ctx;
use crate::plan::{Expr, Program};
use crate::value::Value;

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

/// The most key parts an index packs; scans keyed on more stay with the
/// interpreter.
const MAX_PARTS: usize = 4;

/// A key packed as machine words ([`Scalar::code`]), unused parts zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Code([u64; MAX_PARTS]);

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for word in self.0 {
            state.write_u64(word);
        }
    }
}

/// Hashes a [`Code`] as four words mixed by multiplication (the FxHash
/// scheme): the words are already well spread (rows, dates, enum
/// variants), and a general hasher costs more than the lookup. (`Code`
/// hashes words only; `write` is there for completeness.)
#[derive(Default, Clone, Copy)]
pub(super) struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    #[inline]
    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    #[inline]
    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }
}

type CodeMap<V> = HashMap<Code, V, std::hash::BuildHasherDefault<CodeHasher>>;

/// Packs a key; `None` when a part has no code (missing, a text, a decimal).
pub(super) fn pack(key: &[Scalar<'_>]) -> Option<Code> {
    let mut code = Code::default();
    for (slot, k) in code.0.iter_mut().zip(key) {
        *slot = k.code()?;
    }
    (key.len() <= MAX_PARTS).then_some(code)
}

/// Rows of a table grouped by their key at the scan's field paths, each
/// group in table order; rows whose key is missing or unreadable are kept
/// apart (they go through the whole condition, as with the interpreter's
/// index).
#[derive(Debug, Default)]
pub(super) struct Index {
    rows: Vec<u32>,
    groups: CodeMap<(u32, u32)>,
    pub unknown: Vec<u32>,
}

impl Index {
    /// The rows with this key, none if no row has it.
    pub fn rows_of(&self, key: &Code) -> &[u32] {
        let Some(&(start, len)) = self.groups.get(key) else { return &[] };
        self.rows.get(start as usize..(start + len) as usize).unwrap_or(&[])
    }

    /// `None` when a present key has no code: such scans stay with the
    /// interpreter.
    fn build(cx: &Ctx<'_>, n: &ScanNode<'_>) -> Option<Index> {
        let parts = n.index.as_ref()?;
        let table = cx.facts.table(n.entity)?;
        let mut group_by_key: CodeMap<(u32, u32)> =
            CodeMap::with_capacity_and_hasher(table.len() / 4, Default::default());
        let mut sizes: Vec<u32> = Vec::new();
        let mut group_of: Vec<u32> = Vec::with_capacity(table.len());
        let mut unknown = Vec::new();
        for row in 0..u32::try_from(table.len()).ok()? {
            let fields = table.fields(row)?;
            let mut key = Code::default();
            let mut known = true;
            for (i, (path, _)) in parts.iter().enumerate() {
                match follow(cx, fields, path)? {
                    Some(k) => *key.0.get_mut(i)? = k.code()?,
                    None => known = false,
                }
            }
            if !known {
                unknown.push(row);
                group_of.push(u32::MAX);
                continue;
            }
            let next = u32::try_from(sizes.len()).ok()?;
            let g = group_by_key.entry(key).or_insert((next, 0)).0;
            if g == next {
                sizes.push(0);
            }
            *sizes.get_mut(g as usize)? += 1;
            group_of.push(g);
        }
        // Counting sort: each group's rows contiguous, in table order.
        let mut starts = Vec::with_capacity(sizes.len());
        let mut start = 0u32;
        for n in &sizes {
            starts.push(start);
            start += n;
        }
        let mut next = starts.clone();
        let mut rows = vec![0u32; start as usize];
        for (row, g) in group_of.into_iter().enumerate() {
            if let Some(at) = next.get_mut(g as usize) {
                *rows.get_mut(*at as usize)? = u32::try_from(row).ok()?;
                *at += 1;
            }
        }
        // Each key's group number becomes its (start, len) in `rows`.
        let mut groups = group_by_key;
        for g in groups.values_mut() {
            let n = g.0 as usize;
            *g = (*starts.get(n)?, *sizes.get(n)?);
        }
        Some(Index { rows, groups, unknown })
    }
}

/// The value at a field path from a fact's fields: `Some(None)` when it is
/// missing or cannot be read (the row is then scanned with the whole
/// condition, as the interpreter's index does), `None` when it is not a
/// scalar.
fn follow<'a>(cx: &Ctx<'a>, fields: &'a [Value], path: &[usize]) -> Option<Option<Scalar<'a>>> {
    let Some((first, rest)) = path.split_first() else { return Some(None) };
    let Some(mut v) = fields.get(*first) else { return Some(None) };
    for slot in rest {
        let next = match v {
            Value::Fact(r) => cx.facts.field(*r, *slot),
            Value::Record(f) => f.get(*slot),
            _ => None,
        };
        let Some(next) = next else { return Some(None) };
        v = next;
    }
    match Scalar::of(v)? {
        Scalar::Missing => Some(None),
        k => Some(Some(k)),
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
    pub(super) memo: RefCell<HashMap<MemoKey<'a>, Scalar<'a>>>,
    indexes: RefCell<HashMap<usize, Option<Rc<Index>>>>,
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
}
