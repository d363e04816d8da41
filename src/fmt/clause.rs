//! Clauses and their statements. A rule goes on one line when it fits;
//! else `where` and `ensure` start lines of their own, one step in (the
//! rule and its `where` stay together when only `ensure` is too long).

use super::block::{Block, Entry, STATEMENTS};
use super::expr::template_text;
use super::printer::{INDENT, Printer};
use crate::ast::*;

impl Printer<'_> {
    pub(super) fn clause(&mut self, c: &Clause) {
        self.write("clause ");
        self.write(&c.id.value);
        self.write(" ");
        self.string(&c.title);
        let mut entries: Vec<Entry<'_>> = c.text.iter().map(Entry::Text).collect();
        entries.push(Entry::Rule(&c.rule));
        entries.extend(c.exceptions.iter().map(Entry::Unless));
        entries.extend(c.due.iter().map(Entry::Due));
        entries.extend(c.severity.map(|(s, span)| Entry::Severity(s, span)));
        entries.push(Entry::Message(&c.message));
        let after = c.title.span.end;
        self.block(&Block { span: c.span, after, entries, separators: STATEMENTS, inline_by_default: false });
    }

    pub(super) fn rule(&mut self, r: &Rule) {
        let head = |q: &mut Printer<'_>| {
            q.write(r.kind.keyword());
            q.write(" ");
            q.bindings(&r.bindings);
        };
        let with_filter = |q: &mut Printer<'_>| {
            head(q);
            if let Some(f) = &r.filter {
                q.write(" where ");
                q.expr(f);
            }
        };
        let whole = |q: &mut Printer<'_>| {
            with_filter(q);
            if let Some(e) = &r.ensure {
                q.write(" ensure ");
                q.expr(e);
            }
        };
        let bound = r.bindings.last().map_or(r.span.start, |b| self.end(b.span));
        let filter_gap = r.filter.as_ref().is_some_and(|f| self.comment_between(bound, f.span.start));
        let filtered = r.filter.as_ref().map_or(bound, |f| self.end(f.span));
        let ensure_gap = r.ensure.as_ref().is_some_and(|e| self.comment_between(filtered, e.span.start));
        if !filter_gap && !ensure_gap && self.fits(whole) {
            return whole(self);
        }
        let indent = self.line_indent + INDENT;
        if r.ensure.is_some() && !filter_gap && self.fits(with_filter) {
            with_filter(self);
        } else {
            head(self);
            if let Some(f) = &r.filter {
                self.break_at((bound, f.span.start), indent);
                self.write("where ");
                self.expr(f);
            }
        }
        if let Some(e) = &r.ensure {
            self.break_at((filtered, e.span.start), indent);
            self.write("ensure ");
            self.expr(e);
        }
    }

    pub(super) fn exception(&mut self, x: &Exception) {
        self.write("unless ");
        if let Some(label) = &x.label {
            self.string(label);
            self.write(": ");
        }
        self.expr(&x.cond);
    }

    /// A message template as written (its holes too), or rebuilt from the
    /// tree without source.
    pub(crate) fn template(&mut self, t: &Template) {
        if let Some(written) = self.source(t.span).filter(|w| w.starts_with('"')) {
            return self.write(written);
        }
        self.write("\"");
        for part in &t.parts {
            match part {
                TemplatePart::Text(text) => self.write(&template_text(text)),
                TemplatePart::Hole(e) => {
                    self.write("{");
                    self.expr(e);
                    self.write("}");
                }
            }
        }
        self.write("\"");
    }
}
