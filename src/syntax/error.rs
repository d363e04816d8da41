//! Errors of the syntax layer: the grammar did not match, or a construct
//! that parsed is malformed (a clause without a message, an int too large).

use pest::error::{ErrorVariant, InputLocation};

use super::parser::Rule;
use crate::span::{FileId, Place, Span, place_prefix};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{kind}", place_prefix(.place))]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub span: Span,
    /// `span` as `file:line:col`, once the error has left the syntax layer.
    pub place: Option<Box<Place>>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SyntaxErrorKind {
    /// The text does not follow the grammar, e.g. `forbid d Deployment`.
    #[error("expected {expected}, found {found}")]
    Unexpected { expected: String, found: String },
    /// A `{` never closed: the parser ran into `found` at `stopped`, still
    /// inside the block it opens (the error's span is the `{`).
    #[error("unclosed `{{`")]
    Unclosed { expected: String, found: String, stopped: Span },
    /// A reserved word where a name is wanted: `entity S { count: int }`.
    #[error("`{word}` is a reserved word, not a name")]
    Reserved { word: String },
    /// `clause 1 "t" { forbid … forbid … }`.
    #[error("more than one {what}")]
    Repeated { what: &'static str },
    /// `clause 1 "t" { text "…" }` with no rule or message.
    #[error("clause is missing its {what}")]
    Missing { what: &'static str },
    /// `99999999999999999999`, `2021-02-30`, `1000000000 years`.
    #[error("{0}")]
    BadLiteral(String),
    /// `((((…))))` nested deeper than the limit.
    #[error("expression nested too deeply (limit {limit} levels)")]
    TooDeep { limit: usize },
    /// `a or b or c …` with more operators than the limit in one expression.
    #[error("expression with more than {limit} operators")]
    TooLong { limit: usize },
    /// `forbid a: X, b: X, …` with more bindings than the limit.
    #[error("more than {limit} bindings in one clause")]
    TooManyBindings { limit: usize },
    /// `list<list<…>>` nested deeper than [`super::MAX_TYPE_NESTING`].
    #[error("type nested too deeply (limit {limit} levels of `list<…>`)")]
    TypeTooDeep { limit: usize },
    /// pest's budget of grammar calls ran out: text that makes the grammar
    /// backtrack exponentially (`[x in [x in …`), not a large file (the
    /// budget grows with the file).
    #[error("this text is too costly to parse (more than {limit} grammar steps for {bytes} bytes)")]
    TooCostly { limit: usize, bytes: usize },
    /// A parse-tree shape the lowering did not expect; a bug in pacta.
    #[error("internal: unexpected parse tree at `{0}`")]
    Internal(String),
}

impl SyntaxError {
    pub fn new(kind: SyntaxErrorKind, span: Span) -> Self {
        SyntaxError { kind, span, place: None }
    }
}

impl crate::Diagnose for SyntaxError {
    fn message(&self) -> String {
        self.kind.to_string()
    }

    /// Stable code users can search for.
    fn code(&self) -> &'static str {
        match self.kind {
            SyntaxErrorKind::Unexpected { .. } => "pacta::syntax",
            SyntaxErrorKind::Unclosed { .. } => "pacta::unclosed",
            SyntaxErrorKind::Reserved { .. } => "pacta::reserved-word",
            SyntaxErrorKind::Repeated { .. } => "pacta::repeated-statement",
            SyntaxErrorKind::Missing { .. } => "pacta::missing-statement",
            SyntaxErrorKind::BadLiteral(_) => "pacta::bad-literal",
            SyntaxErrorKind::TooDeep { .. } => "pacta::too-deep",
            SyntaxErrorKind::TooLong { .. } => "pacta::expression-too-long",
            SyntaxErrorKind::TypeTooDeep { .. } => "pacta::type-too-deep",
            SyntaxErrorKind::TooManyBindings { .. } => "pacta::too-many-bindings",
            SyntaxErrorKind::TooCostly { .. } => "pacta::parse-limit",
            SyntaxErrorKind::Internal(_) => "pacta::internal",
        }
    }

    fn span(&self) -> Option<Span> {
        Some(self.span)
    }

    fn related(&self) -> Vec<(Span, String)> {
        match &self.kind {
            SyntaxErrorKind::Unclosed { expected, found, stopped } => {
                vec![(*stopped, format!("still inside it here: expected {expected}, found {found}"))]
            }
            _ => Vec::new(),
        }
    }

    fn help(&self) -> Option<String> {
        match &self.kind {
            SyntaxErrorKind::Unexpected { .. } => None,
            SyntaxErrorKind::Unclosed { .. } => Some("close the block with `}` where it ends".into()),
            SyntaxErrorKind::Reserved { word } => Some(format!(
                "reserved words cannot name types, fields, definitions or bindings: rename it (`{word}_`, or a word that says what it holds); item and statement keywords such as `message` or `due` can be names"
            )),
            SyntaxErrorKind::Repeated { what: "parties" } => {
                Some("list every party in one `parties` expression, joined with `+`".into())
            }
            SyntaxErrorKind::Repeated { what } => {
                Some(format!("keep one {what} per clause; split the clause in two if both are meant"))
            }
            SyntaxErrorKind::Missing { what: "rule" } => {
                Some("add `forbid x: Type where …`, `require …` or `review …`".into())
            }
            SyntaxErrorKind::Missing { what: "message" } => Some("add `message \"…{x.field}…\"`".into()),
            SyntaxErrorKind::Missing { .. } => None,
            SyntaxErrorKind::BadLiteral(_) => None,
            SyntaxErrorKind::TooDeep { .. } => Some("split it into smaller named parts with `def`".into()),
            SyntaxErrorKind::TooLong { .. } => {
                Some("split it into named parts with `def` (`def a = …`, `def b = …`, then `a or b`)".into())
            }
            SyntaxErrorKind::TooManyBindings { .. } => Some(
                "each binding multiplies the work; bind the facts the clause is about, and reach the rest through `exists`"
                    .into(),
            ),
            SyntaxErrorKind::TypeTooDeep { .. } => {
                Some("no schema needs lists of lists this deep; use a record".into())
            }
            SyntaxErrorKind::TooCostly { .. } => {
                Some("brackets are probably left open here; close them, or split the expression with `def`".into())
            }
            SyntaxErrorKind::Internal(_) => Some("please report this with the rule file".into()),
        }
    }
}

impl SyntaxError {
    pub(super) fn from_pest(file: FileId, text: &str, err: &pest::error::Error<Rule>) -> Self {
        let (start, end) = match err.location {
            InputLocation::Pos(p) => (p, p),
            InputLocation::Span((s, e)) => (s, e),
        };
        let found = describe_found(text, start);
        let expected = match &err.variant {
            ErrorVariant::ParsingError { positives, .. } => expected_list(positives),
            // pest's own guards: its stack check (nesting the scan in
            // `nesting.rs` let through) and its budget of calls.
            ErrorVariant::CustomError { message } if message.contains("stack limit") => {
                let span = Span::new(file, start, next_token_end(text, start));
                return SyntaxError::new(SyntaxErrorKind::TooDeep { limit: super::MAX_NESTING }, span);
            }
            ErrorVariant::CustomError { message } if message.contains("call limit") => {
                let span = Span::new(file, start, next_token_end(text, start));
                let kind = SyntaxErrorKind::TooCostly { limit: super::call_limit(text.len()), bytes: text.len() };
                return SyntaxError::new(kind, span);
            }
            ErrorVariant::CustomError { message } => message.clone(),
        };
        let end = if end > start { end } else { next_token_end(text, start) };
        let stopped = Span::new(file, start, end);
        if let Some(open) = super::nesting::unclosed_brace(text).filter(|&open| open < start) {
            let kind = SyntaxErrorKind::Unclosed { expected, found, stopped };
            return SyntaxError::new(kind, Span::new(file, open, open + 1));
        }
        if let Some(word) = reserved_at(text, start).filter(|_| expected.contains("a name")) {
            let span = Span::new(file, start, start + word.len());
            return SyntaxError::new(SyntaxErrorKind::Reserved { word: word.to_string() }, span);
        }
        SyntaxError::new(SyntaxErrorKind::Unexpected { expected, found }, stopped)
    }
}

/// The words the grammar's `keyword` rule reserves: they cannot be names.
/// A test keeps this list and the grammar's the same.
pub const RESERVED: [&str; 23] = [
    "exists", "all", "count", "sum", "min", "max", "for", "if", "then", "else", "and", "or", "not", "in", "implies",
    "has", "true", "false", "none", "as_of", "where", "ensure", "unless",
];

/// The reserved word at `at`, if one is written there (as a whole word).
fn reserved_at(text: &str, at: usize) -> Option<&'static str> {
    let rest = text.get(at..)?;
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    let word = rest.get(..end)?;
    RESERVED.iter().copied().find(|r| *r == word)
}

fn describe_found(text: &str, at: usize) -> String {
    let rest = text.get(at..).unwrap_or("");
    let token: String = rest.chars().take_while(|c| !c.is_whitespace()).take(20).collect();
    if token.is_empty() { "end of file".to_string() } else { format!("`{token}`") }
}

fn next_token_end(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    let len = rest.chars().next().map_or(0, char::len_utf8);
    (at + len).min(text.len())
}

fn expected_list(rules: &[Rule]) -> String {
    let mut names: Vec<&str> = rules.iter().map(|r| token_name(*r)).collect();
    names.sort_unstable();
    names.dedup();
    match names.as_slice() {
        [] => "something else".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The user-facing name of a grammar rule in "expected …" messages.
fn token_name(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        EOI => "end of file",
        import | enum_decl | record_decl | entity_decl | treaty | def | article => {
            "an item (`import`, `enum`, `record`, `entity`, `treaty`, `def`, `article`)"
        }
        clause => "`clause`",
        clause_id | article_no => "a number such as `4.1`",
        text_stmt | forbid_stmt | require_stmt | review_stmt | unless_stmt | due_stmt | severity_stmt
        | message_stmt => {
            "a clause statement (`text`, `forbid`, `require`, `review`, `unless`, `due`, `severity`, `message`)"
        }
        parties_decl | param_decl => "`parties` or `param`",
        field_decl => "a field (`name: type`)",
        type_expr | list_type | type_name => "a type",
        ident | var => "a name",
        string | template => "a string",
        expr | postfix_expr | prefix_op | op_not | op_neg | paren | quantifier | aggregate | if_expr | call
        | entity_lit | list_lit | date | duration | distance | decimal | int | bool_lit | as_of | quantifier_kw
        | aggregate_kw => "an expression",
        infix_op | op_implies | op_or | op_and | op_not_in | op_in | op_eq | op_ne | op_le | op_ge | op_lt | op_gt
        | op_coalesce | op_add | op_sub | op_mul | op_div => "an operator",
        field_access | has_field => "`.field`",
        binding | bindings | group_binding | group_names => {
            "a binding (`x: Type`, `x in list` or `k in group x: Type by key`)"
        }
        kw_group => "`group`",
        kw_by | group_keys => "`by` and the key of the group",
        where_part | kw_where => "`where`",
        kw_ensure => "`ensure`",
        kw_for => "`for`",
        severity => "`violation` or `review`",
        def_params | def_param => "a parameter (`name: type`)",
        optional_mark => "`?`",
        duration_unit => "a duration unit (`days`, `weeks`, `months`, `years`)",
        distance_unit => "a distance unit (`km`, `m`, `nmi`, `mi`)",
        fact_id => "a fact id",
        _ => "a token",
    }
}

#[cfg(test)]
mod tests {
    /// The reserved words here are the grammar's, word for word.
    #[test]
    fn the_reserved_words_are_the_grammars() {
        let grammar = include_str!("../../grammar/pacta.pest");
        let rule = grammar.lines().find(|l| l.starts_with("keyword = ")).unwrap_or_default();
        let words: Vec<&str> = rule.split('"').skip(1).step_by(2).collect();
        assert_eq!(words, super::RESERVED);
    }
}
