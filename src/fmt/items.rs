//! Items and the entries of their blocks: imports, enums, records and
//! entities, the treaty header, definitions and articles. An entry that
//! assigns a value (`def … =`, `param … =`, a field's default) keeps it on
//! its line when it fits, and otherwise moves it to the next line, one
//! step in.

use super::block::{Block, Entry, FIELDS, LISTED, STATEMENTS};
use super::expr::quoted;
use super::printer::{INDENT, Printer};
use crate::ast::*;

impl Printer<'_> {
    /// A file: its items, and the comments around them.
    pub(crate) fn module(&mut self, module: &Module) {
        let entries: Vec<Entry<'_>> = module.items.iter().map(Entry::Item).collect();
        let end = self.src.map_or(0, |s| s.len() as u32);
        self.body(&entries, (0, end), 0, "");
    }

    pub(super) fn entry(&mut self, entry: &Entry<'_>) {
        match *entry {
            Entry::Item(item) => {
                self.item(item);
            }
            Entry::Variant(v) => self.write(&v.name),
            Entry::Field(f) => {
                self.put(format_args!("{}: ", f.name.name));
                self.ty(&f.ty);
                if let Some(d) = &f.default {
                    self.assign(self.end(f.ty.span), d);
                }
            }
            Entry::Parties(e) => {
                self.write("parties ");
                self.expr(e);
            }
            Entry::Param(p) => {
                self.put(format_args!("param {}: ", p.name.name));
                self.ty(&p.ty);
                self.assign(self.end(p.ty.span), &p.default);
            }
            Entry::Clause(c) => {
                self.clause(c);
            }
            Entry::Text(s) => {
                self.write("text ");
                self.string(s);
            }
            Entry::Rule(r) => {
                self.rule(r);
            }
            Entry::Unless(x) => {
                self.exception(x);
            }
            Entry::Due(e) => {
                self.write("due ");
                self.expr(e);
            }
            Entry::Severity(s, _) => self.put(format_args!("severity {}", s.as_str())),
            Entry::Message(t) => {
                self.write("message ");
                self.template(t);
            }
        };
    }

    pub(crate) fn item(&mut self, item: &Item) {
        match item {
            Item::Import(i) => {
                self.write("import ");
                self.string(&i.path);
            }
            Item::Enum(e) => {
                self.put(format_args!("enum {}", e.name.name));
                let entries = e.variants.iter().map(Entry::Variant).collect();
                let block = Block {
                    span: e.span,
                    after: e.name.span.end,
                    entries,
                    separators: LISTED,
                    inline_by_default: true,
                };
                self.block(&block);
            }
            Item::Struct(s) => {
                let kw = match s.kind {
                    StructKind::Record => "record",
                    StructKind::Entity => "entity",
                };
                self.put(format_args!("{kw} {}", s.name.name));
                let entries = s.fields.iter().map(Entry::Field).collect();
                let block = Block {
                    span: s.span,
                    after: s.name.span.end,
                    entries,
                    separators: FIELDS,
                    inline_by_default: false,
                };
                self.block(&block);
            }
            Item::Treaty(t) => {
                self.put(format_args!("treaty {} ", t.id.name));
                self.string(&t.title);
                let entries = t.parties.iter().map(Entry::Parties).chain(t.params.iter().map(Entry::Param)).collect();
                let after = t.title.span.end;
                self.block(&Block { span: t.span, after, entries, separators: STATEMENTS, inline_by_default: false });
            }
            Item::Def(d) => {
                self.def(d);
            }
            Item::Article(a) => {
                self.put(format_args!("article {} ", a.number.value));
                self.string(&a.title);
                let entries = a.clauses.iter().map(Entry::Clause).collect();
                let after = a.title.span.end;
                self.block(&Block { span: a.span, after, entries, separators: STATEMENTS, inline_by_default: false });
            }
        };
    }

    fn def(&mut self, d: &Def) {
        self.put(format_args!("def {}", d.name.name));
        let mut head_end = d.name.span.end;
        if let Some(params) = &d.params {
            self.write("(");
            for (i, p) in params.iter().enumerate() {
                if i > 0 {
                    self.write(", ");
                }
                self.put(format_args!("{}: ", p.name.name));
                self.ty(&p.ty);
                head_end = self.end(p.ty.span);
            }
            self.write(")");
        }
        if let Some(ret) = &d.ret {
            self.write(": ");
            self.ty(ret);
            head_end = self.end(ret.span);
        }
        self.assign(head_end, &d.body);
    }

    /// ` = value`, on this line if it fits, else on the next, one step in;
    /// the header ends at `head_end` in the source.
    fn assign(&mut self, head_end: u32, value: &Expr) {
        self.write(" =");
        let gap = (self.token_end(head_end, value.span.start), value.span.start);
        let same_line = |q: &mut Printer<'_>| {
            q.write(" ");
            q.expr(value);
        };
        if !self.comment_between(gap.0, gap.1) && self.fits(same_line) {
            return same_line(self);
        }
        let indent = self.line_indent + INDENT;
        self.break_at(gap, indent);
        self.expr(value);
    }

    pub(crate) fn ty(&mut self, t: &TypeExpr) {
        match &t.kind {
            TypeKind::Named(n) => self.write(&n.name),
            TypeKind::List(inner) => {
                self.write("list<");
                self.ty(inner);
                self.write(">");
            }
        }
        if t.optional {
            self.write("?");
        }
    }

    /// A string literal as written, or quoted anew without source.
    pub(super) fn string(&mut self, s: &Str) {
        match self.source(s.span).filter(|w| w.starts_with('"')) {
            Some(written) => self.write(written),
            None => self.write(&quoted(&s.value)),
        }
    }
}
