//! The state of one evaluation run: the program, the facts, parameter values
//! and the caches (indexes, memo tables, constant definitions) that make
//! repeated work happen once.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use hashbrown::HashMap;

use super::error::{EvalError, RunError};
use super::memo::{Key, Memo};
use crate::calendar::Date;
use crate::plan::Program;
use crate::scenario::FactStore;
use crate::span::Sources;
use crate::value::Value;

pub(super) type Slot = Result<Value, EvalError>;

/// The interpreter's hash indexes, keyed by values.
pub(super) type ValueIndex = super::index::Index<super::index::Hashed<Value>>;

pub(super) struct Ctx<'a> {
    pub program: &'a Program,
    pub facts: &'a FactStore,
    pub sources: &'a Sources,
    pub as_of: Option<Date>,
    pub params: Vec<Slot>,
    pub parties: Vec<Option<Slot>>,
    pub constants: RefCell<HashMap<usize, Slot>>,
    /// Results of memoised definition calls, by definition and arguments.
    pub calls: RefCell<Memo<Value, Slot>>,
    /// The same while tracing, each result with its trace (see
    /// [`Ctx::traced_memo`]).
    pub traced_calls: RefCell<Memo<Value, Traced>>,
    pub traced_scans: RefCell<Memo<Value, Traced>>,
    /// Hash indexes by scan (`None`: the table cannot be indexed).
    pub indexes: RefCell<HashMap<usize, Option<Rc<ValueIndex>>>>,
    /// Results of memoised scans, by scan and hoisted values.
    pub memo: RefCell<Memo<Value, Slot>>,
    /// Callee frames, reused so that a call allocates nothing (see
    /// `eval::frame`).
    pub frames: RefCell<Vec<Vec<Slot>>>,
    /// Whether evaluation is traced (for explanations); memo tables are then
    /// bypassed so that every result shows how it was reached.
    pub tracing: bool,
    /// Interpreter steps taken by the clause being judged, and the most it
    /// may take (`u64::MAX`: no limit).
    pub steps: Cell<u64>,
    pub budget: u64,
    /// The step count at which the budget and the clock are looked at next
    /// (at most the budget), so the hot test stays one comparison.
    checkpoint: Cell<u64>,
    /// When the run must stop (`--timeout`), and whether it has.
    pub deadline: Option<std::time::Instant>,
    pub timed_out: Cell<bool>,
    /// Per entity type, whether the scenario records it completely
    /// (`Scenario::complete`); a type not listed counts as complete.
    pub complete: Vec<bool>,
    pub tracer: RefCell<super::trace::Tracer>,
    /// The compiled path's caches (see `eval::fast`).
    pub fast: super::fast::Fast<'a>,
    /// Entity names by `EntityId`, shared by every finding's subjects.
    pub entity_names: Vec<crate::value::ArcStr>,
}

/// A memoised result and what evaluating it added to the trace.
pub type Traced = (Slot, std::rc::Rc<super::trace::Recorded>);

/// Steps between two looks at the clock: ~40 ms of interpretation.
const CLOCK_EVERY: u64 = 1 << 20;

impl Ctx<'_> {
    /// Whether the clause being judged has used up its steps, or the run
    /// its time.
    #[inline]
    pub fn exhausted(&self) -> bool {
        self.steps.get() > self.checkpoint.get() && self.past_checkpoint()
    }

    #[cold]
    fn past_checkpoint(&self) -> bool {
        if self.steps.get() > self.budget || self.timed_out.get() || self.late() {
            return true;
        }
        self.checkpoint.set(self.steps.get().saturating_add(CLOCK_EVERY).min(self.budget));
        false
    }

    /// Whether the deadline has passed (remembered once it has).
    fn late(&self) -> bool {
        if self.deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            self.timed_out.set(true);
        }
        self.timed_out.get()
    }

    /// Whether this evaluation records a trace now (tracing, and not inside
    /// a scan's candidates, which record nothing): memo tables then keep
    /// each result's trace with it.
    pub fn records(&self) -> bool {
        self.tracing && !self.tracer.borrow().is_muted()
    }

    /// A memoised evaluation while recording: a hit replays the trace the
    /// first computation made, so memo tables serve `explain` as they
    /// serve `check` (without them, a scan per binding is quadratic).
    pub fn traced_memo(
        &self,
        table: &RefCell<Memo<Value, Traced>>,
        id: usize,
        key: Key,
        compute: impl FnOnce() -> Slot,
    ) -> Slot {
        if let Some((value, recorded)) = table.borrow().get(id, &key) {
            self.tracer.borrow_mut().replay(recorded);
            return value.clone();
        }
        let mark = self.tracer.borrow().mark();
        let value = compute();
        // Only values are shared, as in the untraced memo: an error names
        // the fact lacking a value, which the key need not show.
        if value.is_ok() {
            let recorded = std::rc::Rc::new(self.tracer.borrow().since(&mark));
            table.borrow_mut().insert(id, key, (value.clone(), recorded));
        }
        value
    }

    /// Resets the step count for the next clause; false when the run is
    /// already out of time.
    pub fn start_clause(&self) -> bool {
        self.steps.set(0);
        self.checkpoint.set(CLOCK_EVERY.min(self.budget));
        !self.late()
    }
}

impl<'a> Ctx<'a> {
    pub fn new(
        program: &'a Program,
        facts: &'a FactStore,
        sources: &'a Sources,
        as_of: Option<Date>,
        overrides: &std::collections::BTreeMap<usize, Value>,
    ) -> Self {
        let mut cx = Ctx {
            program,
            facts,
            sources,
            as_of,
            params: Vec::new(),
            parties: vec![None; program.treaties.len()],
            constants: RefCell::default(),
            calls: RefCell::default(),
            traced_calls: RefCell::default(),
            traced_scans: RefCell::default(),
            indexes: RefCell::default(),
            memo: RefCell::default(),
            frames: RefCell::default(),
            tracing: false,
            steps: Cell::new(0),
            budget: u64::MAX,
            checkpoint: Cell::new(CLOCK_EVERY),
            deadline: None,
            timed_out: Cell::new(false),
            complete: Vec::new(),
            tracer: RefCell::default(),
            fast: super::fast::Fast::default(),
            entity_names: program.schema.entities.iter().map(|e| crate::value::ArcStr::from(e.name.as_str())).collect(),
        };
        // Parameters in declaration order: a default may read earlier ones.
        for (i, p) in program.params.iter().enumerate() {
            let value = match overrides.get(&i) {
                Some(v) => Ok(v.clone()),
                None => cx.eval(&p.default, &mut Vec::new()),
            };
            cx.params.push(value);
        }
        for (t, treaty) in program.treaties.iter().enumerate() {
            cx.parties[t] = treaty.parties.as_ref().map(|e| cx.eval(e, &mut Vec::new()));
        }
        cx
    }
}

/// Turns `-D name=value` text into a typed value for every parameter called
/// `name` (in any treaty) or `treaty.name`, each read with its own type.
/// Returns `(parameter index, value)` pairs.
pub fn parse_override(program: &Program, name: &str, text: &str) -> Result<Vec<(usize, Value)>, RunError> {
    let matching: Vec<usize> = (0..program.params.len())
        .filter(|&i| {
            let p = &program.params[i];
            p.name == name || program.treaties.get(p.treaty).is_some_and(|t| format!("{}.{}", t.id, p.name) == name)
        })
        .collect();
    if matching.is_empty() {
        let mut known: Vec<String> = program.params.iter().map(|p| p.name.clone()).collect();
        let suggestion = crate::suggest::did_you_mean(name, known.iter().map(String::as_str));
        known.sort();
        known.dedup();
        return Err(RunError::UnknownParam { name: name.to_string(), suggestion, known, span: None });
    }
    matching
        .into_iter()
        .map(|i| {
            let ty = &program.params[i].ty;
            let value =
                super::parse::value_of_type(&program.schema, ty, text).ok_or_else(|| RunError::BadParamValue {
                    name: name.to_string(),
                    expected: program.schema.type_name(ty),
                    value: text.to_string(),
                    span: None,
                })?;
            Ok((i, value))
        })
        .collect()
}
