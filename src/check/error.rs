//! Errors and warnings of the static checks. Each has a stable code, a
//! primary span, optional related spans and a help line.

use crate::report::human::{count, were};
use crate::schema::Type;
use crate::span::{Place, Span, place_prefix};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{kind}", place_prefix(.place))]
pub struct CheckError {
    pub kind: CheckErrorKind,
    pub span: Span,
    /// `span` as `file:line:col`, once the error has left the checker.
    pub place: Option<Box<Place>>,
    /// Other places worth showing, each with a label.
    pub related: Box<[(Span, String)]>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckErrorKind {
    /// `d.hots` where no local, parameter or definition is called that.
    #[error("unknown name `{name}`")]
    UnknownName { name: String, suggestion: Option<String> },
    /// `x: Deploymnet`, `f: txt`.
    #[error("unknown type `{name}`")]
    UnknownType { name: String, suggestion: Option<String> },
    /// `d.personel` on an entity without that field.
    #[error("`{ty}` has no field `{field}`")]
    UnknownField { ty: String, field: String, suggestion: Option<String> },
    /// `Region::nowhere`.
    #[error("`{ty}` has no variant `{variant}`")]
    UnknownVariant { ty: String, variant: String, suggestion: Option<String> },
    /// `d.personnel and true`, `if c then 1 else "x"`.
    #[error("mismatched types: expected {expected}, found {found}")]
    TypeMismatch { expected: Expected, found: Found },
    /// `d.owner + 1`, `d.since > 5`.
    #[error("`{}` cannot be applied to {lhs} and {rhs}", .op.symbol())]
    BadOperands { op: crate::ast::BinOp, lhs: ShownType, rhs: ShownType },
    /// `nato_member(d.owner)`.
    #[error("`{name}` takes {} but {found} {} given", count(*expected, "argument"), were(*found))]
    Arity { name: String, expected: usize, found: usize },
    /// Two declarations with one name.
    #[error("`{name}` is declared twice")]
    Duplicate { name: String },
    /// `import "a.pacta"` from a file that `a.pacta` imports.
    #[error("import cycle: {path}")]
    ImportCycle { path: String },
    /// `def a = b` and `def b = a`.
    #[error("definition cycle: {path}")]
    DefCycle { path: String },
    /// A name declared in a file this one does not import.
    #[error("`{name}` is declared in `{file}`, which this file does not import")]
    NotImported { name: String, file: String },
    /// `import "missing.pacta"`, `import "/etc/passwd"` (outside the
    /// project), a file too large.
    #[error("cannot import `{path}`: {error}")]
    Import { path: String, error: crate::input::ReadError },
    /// A chain of imports deeper than [`crate::rules::MAX_IMPORT_DEPTH`].
    #[error("imports nested more than {limit} files deep")]
    ImportTooDeep { limit: usize },
    /// A definition that calls one that calls one … deeper than
    /// [`crate::check::MAX_CALL_DEPTH`].
    #[error("`{name}` calls definitions {depth} deep (limit {limit})")]
    CallTooDeep { name: String, depth: usize, limit: usize },
    /// An article in a file without a `treaty` header.
    #[error("article outside a treaty")]
    NoTreaty,
    /// Two `treaty` headers in one file.
    #[error("a file may declare only one treaty")]
    SecondTreaty,
    /// A field default that is not a literal.
    #[error("a default must be a constant value")]
    NotConstant,
    /// A constant used as a function or a function used as a value.
    #[error("`{name}` is {what}")]
    WrongKind { name: String, what: String },
    /// `Deployment` as a value.
    #[error("`{name}` is a type, not a value")]
    TypeAsValue { name: String },
    /// `due` on a forbid rule.
    #[error("{0}")]
    Misplaced(String),
    /// `def len(…)`, `param x` beside `def x`, `entity int`.
    #[error("`{name}` would hide {what}")]
    Shadows { name: String, what: String },
    /// Two articles with one number in a treaty.
    #[error("article {number} appears twice in this treaty")]
    DuplicateArticle { number: String },
    /// A definition never used (warning).
    #[error("definition `{name}` is never used")]
    UnusedDef { name: String },
    /// A binding or a definition's parameter with the name of a treaty
    /// parameter (warning): inside it, the name no longer reads the
    /// parameter.
    #[error("`{name}` hides the treaty parameter `{name}`")]
    ShadowsParam { name: String },
    /// A treaty parameter no clause, definition or other parameter reads
    /// (warning): `-D name=…` would change nothing.
    #[error("parameter `{name}` is never used")]
    UnusedParam { name: String },
    /// `import "pacta:schema/x"` found in no library directory, or
    /// written with `..` or as an absolute path.
    #[error("no library file `{name}`{}", if searched.is_empty() { String::new() } else { format!(" in {searched}") })]
    NoLibraryFile { name: String, searched: String },
    /// A condition the same whatever the facts (warning).
    #[error("this `{part}` is always {value}")]
    ConstantCondition { part: String, value: bool },
    /// `as_of - d.since > 12 months` (warning).
    #[error("days compared with months or years: never decided")]
    MonthDayComparison,
    /// A clause over facts that hold for a period that never reads the
    /// evaluation date (warning).
    #[error("this rule judges `{entity}` facts, which hold for a period, but never reads `as_of`")]
    AsOfUnread { entity: String },
    /// `(a, b) in group f: T by f.x`: a name per part of the key.
    #[error("{} for a key of {}", count(*names, "name"), count(*keys, "part"))]
    GroupKeys { names: usize, keys: usize },
}

/// A type as a message shows it: the checker's [`Type`], for code to match
/// on, and its name as rule files spell it (`list<Deployment>`), so the
/// message needs no schema.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownType {
    pub ty: Type,
    pub name: Box<str>,
}

impl std::fmt::Display for ShownType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// What a place in a rule accepts.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Expected {
    /// One of these types (`int or decimal`).
    Types(Vec<ShownType>),
    /// `parties`: a list of facts.
    EntityList,
    /// `-x`: an int, a decimal or a duration.
    Number,
    /// `x in e`, a comprehension's source.
    List,
    /// The base of `.field`.
    EntityOrRecord,
    /// What `sum`, `min` and `max` range over.
    Ordered,
    /// `at(…)`'s first argument: a field of a fact.
    FieldAccess,
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::Types(types) => {
                let names: Vec<&str> = types.iter().map(|t| &*t.name).collect();
                f.write_str(&names.join(" or "))
            }
            Expected::EntityList => f.write_str("a list of entities"),
            Expected::Number => f.write_str("a number"),
            Expected::List => f.write_str("a list"),
            Expected::EntityOrRecord => f.write_str("an entity or a record"),
            Expected::Ordered => f.write_str("a number, date or duration"),
            Expected::FieldAccess => f.write_str("a field, as in `at(d.personnel, baseline)`"),
        }
    }
}

/// What the place held instead.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Found {
    /// An expression of this type.
    Type(ShownType),
    /// A literal in a field default, where types are not inferred yet:
    /// `int`, `a list`.
    Literal(&'static str),
    /// Anything but what was asked (`at(d.a + 1, …)`).
    Expression,
}

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Found::Type(t) => t.fmt(f),
            Found::Literal(what) => f.write_str(what),
            Found::Expression => f.write_str("an expression"),
        }
    }
}

impl CheckError {
    pub fn new(kind: CheckErrorKind, span: Span) -> Self {
        CheckError { kind, span, place: None, related: Box::default() }
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        let mut related = std::mem::take(&mut self.related).into_vec();
        related.push((span, label.into()));
        self.related = related.into_boxed_slice();
        self
    }

    pub fn is_warning(&self) -> bool {
        matches!(
            self.kind,
            CheckErrorKind::UnusedDef { .. }
                | CheckErrorKind::UnusedParam { .. }
                | CheckErrorKind::ShadowsParam { .. }
                | CheckErrorKind::ConstantCondition { .. }
                | CheckErrorKind::MonthDayComparison
                | CheckErrorKind::AsOfUnread { .. }
        )
    }
}

const DISTANCE_HELP: &str =
    "a distance meets only distances: write its unit (`500 km`, `270 nmi`); `d / 1 km` is the number of kilometres";

/// A distance where a number is, or the reverse.
fn dimension_clash(a: &Type, b: &Type) -> bool {
    a.required() == &Type::Distance && matches!(b.required(), Type::Int | Type::Decimal)
}

impl crate::Diagnose for CheckError {
    fn message(&self) -> String {
        self.kind.to_string()
    }

    fn span(&self) -> Option<Span> {
        Some(self.span)
    }

    fn related(&self) -> Vec<(Span, String)> {
        self.related.to_vec()
    }

    fn is_warning(&self) -> bool {
        CheckError::is_warning(self)
    }

    fn code(&self) -> &'static str {
        use CheckErrorKind::*;
        match self.kind {
            UnknownName { .. } => "pacta::unknown-name",
            UnknownType { .. } => "pacta::unknown-type",
            UnknownField { .. } => "pacta::unknown-field",
            UnknownVariant { .. } => "pacta::unknown-variant",
            TypeMismatch { .. } => "pacta::type-mismatch",
            BadOperands { .. } => "pacta::bad-operands",
            Arity { .. } => "pacta::arity",
            Duplicate { .. } => "pacta::duplicate",
            ImportCycle { .. } => "pacta::import-cycle",
            DefCycle { .. } => "pacta::definition-cycle",
            NotImported { .. } => "pacta::not-imported",
            Import { error: crate::input::ReadError::NotFound, .. } => "pacta::import-not-found",
            Import { ref error, .. } => error.code(),
            ImportTooDeep { .. } => "pacta::import-too-deep",
            CallTooDeep { .. } => "pacta::call-too-deep",
            NoTreaty => "pacta::no-treaty",
            SecondTreaty => "pacta::second-treaty",
            NotConstant => "pacta::not-constant",
            WrongKind { .. } => "pacta::wrong-kind",
            TypeAsValue { .. } => "pacta::type-as-value",
            Misplaced(_) => "pacta::misplaced",
            Shadows { .. } => "pacta::shadowing",
            DuplicateArticle { .. } => "pacta::duplicate",
            UnusedDef { .. } => "pacta::unused-definition",
            UnusedParam { .. } => "pacta::unused-parameter",
            ShadowsParam { .. } => "pacta::shadowed-parameter",
            GroupKeys { .. } => "pacta::group-keys",
            ConstantCondition { .. } => "pacta::constant-condition",
            MonthDayComparison => "pacta::month-day-comparison",
            AsOfUnread { .. } => "pacta::as-of-unread",
            NoLibraryFile { .. } => "pacta::import-not-found",
        }
    }

    fn help(&self) -> Option<String> {
        use CheckErrorKind::*;
        let mean = |s: &Option<String>| s.as_ref().map(|s| format!("did you mean `{s}`?"));
        match &self.kind {
            UnknownName { suggestion, .. }
            | UnknownType { suggestion, .. }
            | UnknownField { suggestion, .. }
            | UnknownVariant { suggestion, .. } => mean(suggestion),
            NotImported { file, .. } => Some(format!("add `import \"{file}\"` (path relative to this file)")),
            Import { error, .. } => error.help(),
            ImportTooDeep { .. } => Some("import the shared files from one place instead of through a chain".into()),
            CallTooDeep { .. } => Some("call fewer definitions through each other; inline the short ones".into()),
            ImportCycle { .. } => Some("move the shared declarations into a file both can import".into()),
            DefCycle { .. } => Some("definitions may not refer to themselves, directly or through others".into()),
            NoTreaty => Some("declare `treaty id \"title\" { … }` in this file".into()),
            NotConstant => {
                Some("use a literal: a number, text, date, duration, `true`/`false`, `[]` or `Enum::variant`".into())
            }
            TypeAsValue { .. } => Some("to range over facts, bind a variable: `exists x: Type where …`".into()),
            UnusedDef { .. } => Some(
                "remove it, use it in a clause, or keep it with `// pacta: allow(unused-definition)` above it".into(),
            ),
            UnusedParam { .. } => Some(
                "read it in a clause, remove it (a reading `-D` could set would change nothing), or keep it with `// pacta: allow(unused-parameter)` above it"
                    .into(),
            ),
            Shadows { .. } => Some("choose another name".into()),
            ShadowsParam { name } => Some(format!(
                "rename the binding; `{name}` here is not the parameter, and `-D {name}=…` does not change it"
            )),
            DuplicateArticle { .. } => Some("put all clauses of an article in one `article` block".into()),
            NoLibraryFile { searched, .. } if searched.is_empty() => Some(
                "name a library directory with `--lib DIR` or `lib = [\"DIR\"]` in pacta.toml; `pacta:` paths are relative to it, without `..`".into(),
            ),
            NoLibraryFile { .. } => Some("`pacta:` paths are relative to a library directory, without `..`; `.pacta` may be left out".into()),
            ConstantCondition { part, value: false } if part == "where" => Some(
                "the clause can never fire: no facts satisfy this (check the bounds and the values compared)".into(),
            ),
            ConstantCondition { part, value } => Some(format!(
                "this `{part}` decides nothing, being always {value}: remove it, or compare what you meant to compare"
            )),
            MonthDayComparison => Some(
                "a date difference is in days and a month has no fixed number of days: compare dates (`d.since + 12 months <= as_of`) or use days (`365 days`)".into(),
            ),
            AsOfUnread { entity } => Some(format!(
                "a `{entity}` that ended is judged as if it held today: test the period (`d.since <= as_of and (not d has until or as_of < d.until)`), or keep it with `// pacta: allow(as-of-unread)` above the clause"
            )),
            GroupKeys { .. } => Some("name each part of the key: `(a, b) in group f: T by (f.x, f.y)`".into()),
            BadOperands { lhs, rhs, .. } if dimension_clash(&lhs.ty, &rhs.ty) || dimension_clash(&rhs.ty, &lhs.ty) => {
                Some(DISTANCE_HELP.into())
            }
            TypeMismatch { expected: Expected::Types(wanted), found: Found::Type(found) }
                if matches!(wanted.as_slice(), [t] if dimension_clash(&t.ty, &found.ty)) =>
            {
                Some(DISTANCE_HELP.into())
            }
            TypeMismatch { expected: Expected::Types(wanted), found: Found::Literal("int" | "decimal") }
                if matches!(wanted.as_slice(), [t] if t.ty == Type::Distance) =>
            {
                Some(DISTANCE_HELP.into())
            }
            TypeMismatch { expected: Expected::Types(wanted), found: Found::Type(found) }
                if matches!(wanted.as_slice(), [t] if t.ty == Type::Bool) && matches!(found.ty, Type::Optional(_)) =>
            {
                Some("an optional value may be missing: test it with `has` or give a fallback with `??`".into())
            }
            _ => None,
        }
    }
}
