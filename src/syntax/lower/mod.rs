//! Lowering: pest pairs to AST nodes. One function per grammar rule; an
//! unexpected tree shape becomes [`SyntaxErrorKind::Internal`] with a span,
//! never a panic.

mod clause;
mod expr;
mod items;

use std::iter::Peekable;

use pest::iterators::{Pair, Pairs};

use super::error::{SyntaxError, SyntaxErrorKind};
use super::parser::Rule;
use crate::ast::{Ident, Module, Str};
use crate::span::{FileId, Span};

type Result<T> = std::result::Result<T, SyntaxError>;

/// Lowers a whole file, collecting every error.
pub(super) fn module(file: FileId, mut pairs: Pairs<'_, Rule>) -> std::result::Result<Module, Vec<SyntaxError>> {
    let ctx = Ctx { file, depth: std::cell::Cell::new(0) };
    let Some(root) = pairs.next() else {
        return Err(vec![ctx.internal_at(Span::new(file, 0, 0), "file")]);
    };
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for pair in root.into_inner() {
        if pair.as_rule() == Rule::EOI {
            continue;
        }
        match items::item(&ctx, pair) {
            Ok(item) => items.push(item),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() { Ok(Module { file, items }) } else { Err(errors) }
}

/// What every lowering function needs: the file being lowered.
pub(super) struct Ctx {
    file: FileId,
    /// Current expression nesting, against [`MAX_DEPTH`].
    depth: std::cell::Cell<usize>,
}

/// Expressions nested deeper than this are refused: every later stage
/// recurses over the tree, and no treaty clause needs more.
pub const MAX_DEPTH: usize = 128;

impl Ctx {
    /// The pair's span without trailing whitespace, which pest includes
    /// when an optional part after the last token did not match.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let trimmed = pair.as_str().trim_end().len();
        Span::new(self.file, s.start(), s.start() + trimmed)
    }

    fn internal(&self, pair: &Pair<'_, Rule>) -> SyntaxError {
        SyntaxError::new(SyntaxErrorKind::Internal(format!("{:?}", pair.as_rule())), self.span(pair))
    }

    fn internal_at(&self, span: Span, what: &str) -> SyntaxError {
        SyntaxError::new(SyntaxErrorKind::Internal(what.to_string()), span)
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident { name: pair.as_str().to_string(), span: self.span(pair) }
    }

    /// A `string` pair: quotes stripped, escapes resolved.
    fn string(&self, pair: Pair<'_, Rule>) -> Str {
        let span = self.span(&pair);
        let raw = pair.into_inner().next().map_or("", |p| p.as_str());
        Str { value: unescape(raw), span }
    }

    /// The children of `pair`, read in order with [`Children`].
    fn children<'i>(&self, pair: Pair<'i, Rule>) -> Children<'_, 'i> {
        Children { ctx: self, span: self.span(&pair), rule: pair.as_rule(), iter: pair.into_inner().peekable() }
    }
}

/// Reads the children of one pair in grammar order.
pub(super) struct Children<'c, 'i> {
    ctx: &'c Ctx,
    span: Span,
    rule: Rule,
    iter: Peekable<Pairs<'i, Rule>>,
}

impl<'i> Children<'_, 'i> {
    /// The next child, which must be of rule `rule`.
    fn expect(&mut self, rule: Rule) -> Result<Pair<'i, Rule>> {
        match self.iter.next() {
            Some(p) if p.as_rule() == rule => Ok(p),
            Some(p) => Err(self.ctx.internal(&p)),
            None => Err(self.ctx.internal_at(self.span, &format!("{:?} without {rule:?}", self.rule))),
        }
    }

    /// The next child if it is of rule `rule`.
    fn optional(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        if self.iter.peek().is_some_and(|p| p.as_rule() == rule) { self.iter.next() } else { None }
    }

    fn ident(&mut self) -> Result<Ident> {
        let p = self.expect(Rule::ident)?;
        Ok(self.ctx.ident(&p))
    }

    fn string(&mut self) -> Result<Str> {
        let p = self.expect(Rule::string)?;
        Ok(self.ctx.string(p))
    }

    /// The remaining children.
    fn rest(self) -> Peekable<Pairs<'i, Rule>> {
        self.iter
    }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
