//! The checker's state: declarations by name, what each module can see, the
//! program being built, and the local scope of the expression being checked.

use std::collections::{BTreeSet, HashMap};

use super::error::{CheckError, CheckErrorKind, Expected, Found, ShownType};
use super::names::{NameKind, Names};
use crate::ast;
use crate::plan::{self, Program};
use crate::rules::RuleSet;
use crate::schema::{Schema, Type};
use crate::span::{Sources, Span};
use crate::value::{EntityId, EnumId, RecordId};

/// What a type name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TypeRef {
    Entity(EntityId),
    Record(RecordId),
    Enum(EnumId),
}

impl TypeRef {
    pub fn ty(self) -> Type {
        match self {
            TypeRef::Entity(id) => Type::Entity(id),
            TypeRef::Record(id) => Type::Record(id),
            TypeRef::Enum(id) => Type::Enum(id),
        }
    }

    pub fn kind(self) -> NameKind {
        match self {
            TypeRef::Entity(_) => NameKind::Entity,
            TypeRef::Record(_) => NameKind::Record,
            TypeRef::Enum(_) => NameKind::Enum,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Declared<T> {
    pub module: usize,
    pub what: T,
    pub span: Span,
}

/// Progress of a definition, for on-demand checking and cycle detection.
#[derive(Debug, Clone)]
pub(super) enum DefState {
    Unchecked,
    InProgress,
    Done(Type),
}

pub(super) struct Checker<'a> {
    pub rules: &'a RuleSet,
    pub sources: &'a Sources,
    /// For each module, the modules whose declarations it sees (itself and
    /// everything it imports, transitively).
    pub visible: Vec<BTreeSet<usize>>,
    pub types: HashMap<String, Declared<TypeRef>>,
    pub defs: HashMap<String, Declared<usize>>,
    /// The AST of each def, by def index.
    pub def_asts: Vec<(usize, &'a ast::Def)>,
    pub def_state: Vec<DefState>,
    /// Definitions each definition refers to.
    pub def_refs: Vec<BTreeSet<usize>>,
    /// Definitions referred to by clauses, parameters and parties.
    pub def_roots: BTreeSet<usize>,
    /// Defs being checked, innermost last, for cycle messages.
    pub def_stack: Vec<usize>,
    /// The treaty declared in each module, if any.
    pub treaty_of: Vec<Option<usize>>,
    /// Parameters by treaty, then name.
    pub param_index: Vec<HashMap<String, usize>>,
    /// The parameters some expression reads (by index in `Program::params`).
    pub params_read: BTreeSet<usize>,
    pub program: Program,
    pub defs_out: Vec<Option<plan::Def>>,
    pub errors: Vec<CheckError>,
    pub scan_ids: usize,
    /// Where each name resolves, when an editor asked ([`super::check_indexed`]).
    pub names: Option<Names>,
    /// The declared name of each variant, by enum: what `Enum::variant` resolves to.
    pub variant_spans: HashMap<EnumId, Vec<Span>>,
}

impl<'a> Checker<'a> {
    pub fn new(rules: &'a RuleSet, sources: &'a Sources) -> Self {
        let n = rules.modules.len();
        Checker {
            rules,
            sources,
            visible: vec![BTreeSet::new(); n],
            types: HashMap::new(),
            defs: HashMap::new(),
            def_asts: Vec::new(),
            def_state: Vec::new(),
            def_refs: Vec::new(),
            def_roots: BTreeSet::new(),
            def_stack: Vec::new(),
            treaty_of: vec![None; n],
            param_index: Vec::new(),
            params_read: BTreeSet::new(),
            program: Program { schema: Schema::default(), ..Program::default() },
            defs_out: Vec::new(),
            errors: Vec::new(),
            scan_ids: 0,
            names: None,
            variant_spans: HashMap::new(),
        }
    }

    /// Records that the name at `at` resolves to the one declared at
    /// `decl`, when names are being recorded.
    pub fn name(&mut self, at: Span, decl: Span, kind: NameKind, ty: &Type) {
        if let Some(names) = &mut self.names {
            names.record(at, decl, kind, ty.clone());
        }
    }

    /// Runs `work` without recording names: for names resolved again
    /// (a definition's parameter types, at each call).
    pub fn unrecorded<T>(&mut self, work: impl FnOnce(&mut Self) -> T) -> T {
        let names = self.names.take();
        let out = work(self);
        self.names = names;
        out
    }

    pub fn error(&mut self, kind: CheckErrorKind, span: Span) {
        self.errors.push(CheckError::new(kind, span));
    }

    pub fn finish(mut self) -> (Program, Vec<CheckError>, Option<Names>) {
        self.program.defs = self.defs_out.into_iter().flatten().collect();
        if let Some(names) = &mut self.names {
            names.schema = self.program.schema.clone();
        }
        (self.program, self.errors, self.names)
    }

    /// The display name of a module's file.
    pub fn module_name(&self, module: usize) -> String {
        self.rules
            .modules
            .get(module)
            .and_then(|m| self.sources.get(m.file))
            .map_or_else(|| "?".to_string(), |f| f.name.clone())
    }

    /// Reports `name` as not imported when `declared` is not visible from `module`.
    pub fn check_visible(&mut self, module: usize, declared: usize, name: &str, span: Span) {
        if self.visible.get(module).is_some_and(|v| v.contains(&declared)) {
            return;
        }
        let file = self.relative_import(module, declared);
        self.error(CheckErrorKind::NotImported { name: name.to_string(), file }, span);
    }

    /// The path to write in `import "…"` in `from` to reach `to`.
    fn relative_import(&self, from: usize, to: usize) -> String {
        let path_of = |m: usize| {
            self.rules.modules.get(m).and_then(|m| self.sources.get(m.file)).map(|f| f.path.clone()).unwrap_or_default()
        };
        let (from, to) = (path_of(from), path_of(to));
        let base = from.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
        relative(&base, &to)
    }

    /// Resolves a type written in a rule file.
    pub fn resolve_type(&mut self, module: usize, t: &ast::TypeExpr) -> Type {
        let base = match &t.kind {
            ast::TypeKind::List(inner) => Type::List(Box::new(self.resolve_type(module, inner))),
            ast::TypeKind::Named(name) => self.named_type(module, name),
        };
        if t.optional { Type::Optional(Box::new(base)) } else { base }
    }

    fn named_type(&mut self, module: usize, name: &ast::Ident) -> Type {
        if let Some(t) = Type::primitive(&name.name) {
            return t;
        }
        match self.types.get(&name.name).copied() {
            Some(d) => {
                self.check_visible(module, d.module, &name.name, name.span);
                let ty = d.what.ty();
                self.name(name.span, d.span, d.what.kind(), &ty);
                ty
            }
            None => {
                let candidates: Vec<&str> =
                    Type::PRIMITIVES.iter().copied().chain(self.types.keys().map(String::as_str)).collect();
                let suggestion = crate::suggest::did_you_mean(&name.name, candidates);
                self.error(CheckErrorKind::UnknownType { name: name.name.clone(), suggestion }, name.span);
                Type::Any
            }
        }
    }

    pub fn type_name(&self, t: &Type) -> String {
        self.program.schema.type_name(t)
    }

    /// `t` with its name, for an error's payload.
    pub fn shown(&self, t: &Type) -> ShownType {
        ShownType { ty: t.clone(), name: self.type_name(t).into() }
    }

    /// A mismatch where one type was wanted.
    pub fn mismatch(&mut self, expected: &Type, found: &Type, span: Span) {
        let kind = CheckErrorKind::TypeMismatch {
            expected: Expected::Types(vec![self.shown(expected)]),
            found: Found::Type(self.shown(found)),
        };
        self.error(kind, span);
    }

    /// A mismatch where a class of types was wanted.
    pub fn mismatch_class(&mut self, expected: Expected, found: &Type, span: Span) {
        let found = Found::Type(self.shown(found));
        self.error(CheckErrorKind::TypeMismatch { expected, found }, span);
    }

    /// Records a reference to definition `def` from whatever is being
    /// checked: another definition, or a root (clause, parameter, parties).
    pub fn use_def(&mut self, def: usize) {
        match self.def_stack.last() {
            Some(&from) => {
                if let Some(refs) = self.def_refs.get_mut(from) {
                    refs.insert(def);
                }
            }
            None => {
                self.def_roots.insert(def);
            }
        }
    }

    pub fn next_scan_id(&mut self) -> usize {
        self.scan_ids += 1;
        self.scan_ids
    }
}

/// `to` relative to the directory `base`, with `/` separators.
fn relative(base: &std::path::Path, to: &std::path::Path) -> String {
    let b: Vec<_> = base.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(t[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// A variable in scope: a binding or a definition's parameter.
#[derive(Debug, Clone)]
pub(super) struct Local {
    pub name: String,
    pub slot: usize,
    pub ty: Type,
    /// Where it is declared, and as what.
    pub decl: Span,
    pub kind: NameKind,
}

/// Variables in scope while checking one clause or definition.
#[derive(Debug, Clone)]
pub(super) struct Scope {
    pub module: usize,
    pub treaty: Option<usize>,
    /// Innermost last.
    pub locals: Vec<Local>,
    pub next_slot: usize,
    pub max_slot: usize,
}

impl Scope {
    pub fn new(module: usize, treaty: Option<usize>) -> Self {
        Scope { module, treaty, locals: Vec::new(), next_slot: 0, max_slot: 0 }
    }

    /// Binds a variable, declared at `decl`, in a new slot.
    pub fn push(&mut self, name: &str, ty: Type, decl: Span, kind: NameKind) -> usize {
        let slot = self.next_slot;
        self.locals.push(Local { name: name.to_string(), slot, ty, decl, kind });
        self.next_slot += 1;
        self.max_slot = self.max_slot.max(self.next_slot);
        slot
    }

    pub fn pop(&mut self) {
        if self.locals.pop().is_some() {
            self.next_slot -= 1;
        }
    }

    pub fn lookup(&self, name: &str) -> Option<&Local> {
        self.locals.iter().rev().find(|l| l.name == name)
    }
}
