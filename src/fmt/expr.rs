//! Expressions, the one printer of them (`Display for Expr` is this on one
//! line). Parentheses go exactly where precedence needs them, and where
//! the source wrote them; a chain of `and` or of `or` that does not fit
//! its line (or holds a comment between its operands) is broken before
//! each operator, the continued lines indented one step past the line the
//! chain starts on.

use super::printer::{INDENT, Printer};
use crate::ast::*;

/// Binding strength of an operator; higher binds tighter. The parser's
/// table (`syntax/lower/expr.rs`) must agree: the syntax cases print every
/// operator mix and parse it back to the same tree.
pub(crate) fn precedence(op: BinOp) -> u8 {
    match op {
        BinOp::Implies => 1,
        BinOp::Or => 2,
        BinOp::And => 3,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::In | BinOp::NotIn => 5,
        BinOp::Coalesce => 6,
        BinOp::Add | BinOp::Sub => 7,
        BinOp::Mul | BinOp::Div => 8,
    }
}

const PREC_NOT: u8 = 4;
const PREC_NEG: u8 = 9;
pub(super) const PREC_POSTFIX: u8 = 10;

fn expr_prec(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Binary { op, .. } => precedence(*op),
        ExprKind::Unary { op: UnOp::Not, .. } => PREC_NOT,
        ExprKind::Unary { op: UnOp::Neg, .. } => PREC_NEG,
        // Right-open forms swallow everything after them.
        ExprKind::Quant { kind: QuantKind::Collect, .. } => u8::MAX,
        ExprKind::If { .. } | ExprKind::Quant { .. } | ExprKind::Agg { .. } => 0,
        _ => u8::MAX,
    }
}

impl Printer<'_> {
    pub(crate) fn expr(&mut self, e: &Expr) {
        self.operand(e, 0);
    }

    /// `e` in a position that needs at least precedence `min`.
    pub(super) fn operand(&mut self, e: &Expr, min: u8) {
        if self.overflow {
            return;
        }
        if expr_prec(e) < min || self.in_parens(e) {
            self.write("(");
            self.bare(e);
            self.write(")");
        } else {
            self.bare(e);
        }
    }

    /// Whether the source wrote `e` in parentheses: a parenthesised
    /// expression's span is that of its parentheses, and no expression
    /// starts with `(` of its own unless its first operand does.
    fn in_parens(&self, e: &Expr) -> bool {
        let Some(src) = self.src else { return false };
        if src.as_bytes().get(e.span.start as usize) != Some(&b'(') {
            return false;
        }
        match &e.kind {
            ExprKind::Binary { lhs: first, .. }
            | ExprKind::Field { base: first, .. }
            | ExprKind::Has { base: first, .. } => first.span.start != e.span.start,
            _ => true,
        }
    }

    /// `e` without parentheses around it.
    fn bare(&mut self, e: &Expr) {
        if let Some(text) = self.literal(e) {
            return self.write(&text);
        }
        match &e.kind {
            ExprKind::Bool(b) => self.put(format_args!("{b}")),
            ExprKind::None => self.write("none"),
            ExprKind::Int(n) => self.put(format_args!("{n}")),
            ExprKind::Decimal(x) => self.put(format_args!("{x:?}")),
            ExprKind::Text(s) => self.put(format_args!("{}", quoted(s))),
            ExprKind::Date(d) => self.put(format_args!("{d}")),
            ExprKind::Duration(d) => self.put(format_args!("{d}")),
            ExprKind::Distance(x, unit) => self.put(format_args!("{x} {}", unit.symbol())),
            ExprKind::AsOf => self.write("as_of"),
            ExprKind::List(items) => {
                self.write("[");
                self.list(items);
                self.write("]");
            }
            ExprKind::Var(v) => self.write(&v.name),
            ExprKind::Path { ty, id } => {
                let id = self.source(id.span).map_or_else(|| fact_id(&id.value), str::to_string);
                self.put(format_args!("{}::{id}", ty.name));
            }
            ExprKind::Call { func, args } => {
                self.put(format_args!("{}(", func.name));
                self.list(args);
                self.write(")");
            }
            ExprKind::Field { base, field } => {
                self.operand(base, PREC_POSTFIX);
                self.put(format_args!(".{}", field.name));
            }
            ExprKind::Has { base, field } => {
                self.operand(base, PREC_POSTFIX);
                self.put(format_args!(" has {}", field.name));
            }
            ExprKind::Unary { op: UnOp::Not, arg } => {
                self.write("not ");
                self.operand(arg, PREC_NOT);
            }
            ExprKind::Unary { op: UnOp::Neg, arg } => {
                self.write("-");
                self.operand(arg, PREC_NEG);
            }
            ExprKind::Binary { op: op @ (BinOp::And | BinOp::Or), .. } => {
                self.chain(e, *op);
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let p = precedence(*op);
                // Left-associative, except `implies`, which groups to the right.
                let (lp, rp) = if *op == BinOp::Implies { (p + 1, p) } else { (p, p + 1) };
                self.operand(lhs, lp);
                self.put(format_args!(" {} ", op.symbol()));
                self.operand(rhs, rp);
            }
            ExprKind::If { .. } => self.conditional(e),
            ExprKind::Quant { kind: QuantKind::Collect, binding, cond } => {
                self.write("[");
                self.binding(binding);
                self.filter(cond.as_deref());
                self.write("]");
            }
            ExprKind::Quant { kind, binding, cond } => {
                self.put(format_args!("{} ", kind.keyword()));
                self.binding(binding);
                self.filter(cond.as_deref());
            }
            ExprKind::Agg { kind, value, binding, cond } => {
                self.put(format_args!("{} ", kind.keyword()));
                self.operand(value, 1);
                self.write(" for ");
                self.binding(binding);
                self.filter(cond.as_deref());
            }
        }
    }

    /// A literal as the source wrote it (`5_000`, `1 week`, `"\u{41}"`
    /// kept), when there is source and no parentheses around it.
    fn literal(&self, e: &Expr) -> Option<String> {
        let written = match e.kind {
            ExprKind::Int(_)
            | ExprKind::Decimal(_)
            | ExprKind::Text(_)
            | ExprKind::Date(_)
            | ExprKind::Duration(_)
            | ExprKind::Distance(..) => self.source(e.span)?,
            _ => return None,
        };
        if written.starts_with('(') {
            return None;
        }
        // A duration may be written across spaces or lines: `30\n  days`.
        match e.kind {
            ExprKind::Duration(_) | ExprKind::Distance(..) => {
                Some(written.split_whitespace().collect::<Vec<_>>().join(" "))
            }
            _ => Some(written.to_string()),
        }
    }

    fn filter(&mut self, cond: Option<&Expr>) {
        if let Some(c) = cond {
            self.write(" where ");
            self.expr(c);
        }
    }

    fn list(&mut self, items: &[Expr]) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.write(", ");
            }
            self.expr(item);
        }
    }

    pub(crate) fn binding(&mut self, b: &Binding) {
        match &b.source {
            BindingSource::Entity(t) => self.put(format_args!("{}: {}", b.var.name, t.name)),
            BindingSource::Expr(e) => {
                self.put(format_args!("{} in ", b.var.name));
                self.operand(e, PREC_POSTFIX);
            }
            BindingSource::Group(g) => self.group(g),
        };
    }

    /// `(party, y) in group f: Flight where … by (f.over, year(f.on))`.
    fn group(&mut self, g: &GroupBy) {
        let names: Vec<&str> = g.names.iter().map(|n| n.name.as_str()).collect();
        match names.as_slice() {
            [one] => self.put(format_args!("{one} in group ")),
            many => self.put(format_args!("({}) in group ", many.join(", "))),
        }
        self.binding(&g.member);
        self.filter(g.filter.as_ref());
        self.write(" by ");
        match g.keys.as_slice() {
            [one] => self.expr(one),
            many => {
                self.write("(");
                self.list(many);
                self.write(")");
            }
        }
    }

    pub(crate) fn bindings(&mut self, bindings: &[Binding]) {
        for (i, b) in bindings.iter().enumerate() {
            if i > 0 {
                self.write(", ");
            }
            self.binding(b);
        }
    }

    /// `a and b and c`: on one line if it fits and no comment sits between
    /// its operands, else one operand a line, each after the first
    /// starting with the operator.
    fn chain(&mut self, e: &Expr, op: BinOp) {
        let operands = self.operands(e, op);
        let p = precedence(op);
        let min = |i: usize| if i == 0 { p } else { p + 1 };
        let flat = |q: &mut Printer<'_>| {
            for (i, x) in operands.iter().enumerate() {
                if i > 0 {
                    q.write(if op == BinOp::And { " and " } else { " or " });
                }
                q.operand(x, min(i));
            }
        };
        let gaps = operands.windows(2).any(|w| self.comment_between(self.end(w[0].span), w[1].span.start));
        let mut prev_end = 0;
        if !gaps && self.fits(flat) {
            return flat(self);
        }
        let indent = (self.line_indent + INDENT).max(self.floor);
        let floor = std::mem::replace(&mut self.floor, indent + INDENT);
        for (i, x) in operands.iter().enumerate() {
            if i > 0 {
                self.break_at((prev_end, x.span.start), indent);
                self.write(op.symbol());
                self.write(" ");
            }
            self.operand(x, min(i));
            prev_end = self.end(x.span);
        }
        self.floor = floor;
    }

    /// `if a then b else if c then d else e`: on one line if it fits and
    /// no comment sits before an `else`, else each `else` starts a line,
    /// under the `if` when the `if` starts its line, else one step in.
    fn conditional(&mut self, e: &Expr) {
        let (branches, last) = self.branches(e);
        let flat = |q: &mut Printer<'_>| {
            for (i, (cond, then)) in branches.iter().enumerate() {
                q.write(if i == 0 { "if " } else { " else if " });
                q.expr(cond);
                q.write(" then ");
                q.expr(then);
            }
            q.write(" else ");
            q.expr(last);
        };
        let starts = branches.iter().skip(1).map(|b| b.0).chain([last]);
        let gaps: Vec<(u32, u32)> =
            branches.iter().zip(starts).map(|((_, then), next)| (self.end(then.span), next.span.start)).collect();
        if !gaps.iter().any(|&(lo, hi)| self.comment_between(lo, hi)) && self.fits(flat) {
            return flat(self);
        }
        let indent = if self.column() == self.line_indent { self.line_indent } else { self.line_indent + INDENT };
        for (i, (cond, then)) in branches.iter().enumerate() {
            if i > 0 {
                self.break_at(gaps[i - 1], indent);
                self.write("else ");
            }
            self.write("if ");
            self.expr(cond);
            self.write(" then ");
            self.expr(then);
        }
        self.break_at(gaps[gaps.len() - 1], indent);
        self.write("else ");
        self.expr(last);
    }

    /// The conditions and branches of `if … else if …`, and the last `else`.
    #[allow(clippy::type_complexity)]
    fn branches<'e>(&self, e: &'e Expr) -> (Vec<(&'e Expr, &'e Expr)>, &'e Expr) {
        let mut branches = Vec::new();
        let mut at = e;
        while let ExprKind::If { cond, then, otherwise } = &at.kind {
            if !std::ptr::eq(at, e) && self.in_parens(at) {
                break;
            }
            branches.push((&**cond, &**then));
            at = otherwise;
        }
        (branches, at)
    }

    /// The operands of a left-leaning chain of `op` (`(a and b) and c`
    /// written with its parentheses is a chain of two).
    fn operands<'e>(&self, e: &'e Expr, op: BinOp) -> Vec<&'e Expr> {
        let mut rest = Vec::new();
        let mut at = e;
        while let ExprKind::Binary { op: o, lhs, rhs } = &at.kind {
            if *o != op || (!std::ptr::eq(at, e) && self.in_parens(at)) {
                break;
            }
            rest.push(&**rhs);
            at = lhs;
        }
        rest.push(at);
        rest.reverse();
        rest
    }
}

pub(crate) fn fact_id(id: &str) -> String {
    let bare = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { id.to_string() } else { quoted(id) }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\t', "\\t")
}

pub(crate) fn quoted(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

/// A template as the tree holds it: text escaped, `{` and `}` doubled.
pub(super) fn template_text(t: &str) -> String {
    escape(t).replace('{', "{{").replace('}', "}}")
}
