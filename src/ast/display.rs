//! Prints the AST back as pacta source. Parentheses are added exactly where
//! precedence needs them, so `parse(print(ast)) == ast` (tested).

use std::fmt::{self, Display, Formatter, Write};

use super::*;

impl Display for Module {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_char('\n')?;
            }
            writeln!(f, "{item}")?;
        }
        Ok(())
    }
}

impl Display for Item {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Item::Import(i) => write!(f, "import {}", quoted(&i.path.value)),
            Item::Enum(e) => {
                let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
                write!(f, "enum {} {{ {} }}", e.name.name, names.join(", "))
            }
            Item::Struct(s) => fmt_struct(f, s),
            Item::Treaty(t) => fmt_treaty(f, t),
            Item::Def(d) => fmt_def(f, d),
            Item::Article(a) => fmt_article(f, a),
        }
    }
}

fn fmt_struct(f: &mut Formatter<'_>, s: &StructDecl) -> fmt::Result {
    let kw = match s.kind {
        StructKind::Record => "record",
        StructKind::Entity => "entity",
    };
    writeln!(f, "{kw} {} {{", s.name.name)?;
    for field in &s.fields {
        write!(f, "  {}: {}", field.name.name, field.ty)?;
        if let Some(d) = &field.default {
            write!(f, " = {d}")?;
        }
        f.write_char('\n')?;
    }
    f.write_char('}')
}

fn fmt_treaty(f: &mut Formatter<'_>, t: &Treaty) -> fmt::Result {
    writeln!(f, "treaty {} {} {{", t.id.name, quoted(&t.title.value))?;
    if let Some(p) = &t.parties {
        writeln!(f, "  parties {p}")?;
    }
    for p in &t.params {
        writeln!(f, "  param {}: {} = {}", p.name.name, p.ty, p.default)?;
    }
    f.write_char('}')
}

fn fmt_def(f: &mut Formatter<'_>, d: &Def) -> fmt::Result {
    write!(f, "def {}", d.name.name)?;
    if let Some(params) = &d.params {
        let list: Vec<String> = params.iter().map(|p| format!("{}: {}", p.name.name, p.ty)).collect();
        write!(f, "({})", list.join(", "))?;
    }
    if let Some(ret) = &d.ret {
        write!(f, ": {ret}")?;
    }
    write!(f, " = {}", d.body)
}

fn fmt_article(f: &mut Formatter<'_>, a: &Article) -> fmt::Result {
    writeln!(f, "article {} {} {{", a.number.value, quoted(&a.title.value))?;
    for c in &a.clauses {
        fmt_clause(f, c)?;
    }
    f.write_char('}')
}

fn fmt_clause(f: &mut Formatter<'_>, c: &Clause) -> fmt::Result {
    writeln!(f, "  clause {} {} {{", c.id.value, quoted(&c.title.value))?;
    if let Some(t) = &c.text {
        writeln!(f, "    text {}", quoted(&t.value))?;
    }
    let r = &c.rule;
    write!(f, "    {} {}", r.kind.keyword(), Bindings(&r.bindings))?;
    if let Some(w) = &r.filter {
        write!(f, "\n      where {w}")?;
    }
    if let Some(e) = &r.ensure {
        write!(f, "\n      ensure {e}")?;
    }
    f.write_char('\n')?;
    for x in &c.exceptions {
        match &x.label {
            Some(l) => writeln!(f, "    unless {}: {}", quoted(&l.value), x.cond)?,
            None => writeln!(f, "    unless {}", x.cond)?,
        }
    }
    if let Some(d) = &c.due {
        writeln!(f, "    due {d}")?;
    }
    if let Some((s, _)) = c.severity {
        writeln!(f, "    severity {}", s.as_str())?;
    }
    writeln!(f, "    message {}", c.message)?;
    writeln!(f, "  }}")
}

struct Bindings<'a>(&'a [Binding]);

impl Display for Bindings<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{b}")?;
        }
        Ok(())
    }
}

impl Display for Binding {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.source {
            BindingSource::Entity(t) => write!(f, "{}: {}", self.var.name, t.name),
            BindingSource::Expr(e) => {
                write!(f, "{} in {}", self.var.name, Operand(e, PREC_POSTFIX))
            }
            BindingSource::Group(g) => fmt_group(f, g),
        }
    }
}

fn fmt_group(f: &mut Formatter<'_>, g: &GroupBy) -> fmt::Result {
    let names: Vec<&str> = g.names.iter().map(|n| n.name.as_str()).collect();
    match names.as_slice() {
        [one] => write!(f, "{one} in group {}", g.member)?,
        many => write!(f, "({}) in group {}", many.join(", "), g.member)?,
    }
    if let Some(w) = &g.filter {
        write!(f, " where {w}")?;
    }
    let keys: Vec<String> = g.keys.iter().map(ToString::to_string).collect();
    match keys.as_slice() {
        [one] => write!(f, " by {one}"),
        many => write!(f, " by ({})", many.join(", ")),
    }
}

impl Display for TypeExpr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TypeKind::Named(n) => f.write_str(&n.name)?,
            TypeKind::List(inner) => write!(f, "list<{inner}>")?,
        }
        if self.optional {
            f.write_char('?')?;
        }
        Ok(())
    }
}

impl Display for Template {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for part in &self.parts {
            match part {
                TemplatePart::Text(t) => {
                    let escaped = escape(t).replace('{', "{{").replace('}', "}}");
                    f.write_str(&escaped)?;
                }
                TemplatePart::Hole(e) => write!(f, "{{{e}}}")?,
            }
        }
        f.write_char('"')
    }
}

/// Binding strength of an operator; higher binds tighter.
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
const PREC_POSTFIX: u8 = 10;

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

/// An expression printed in a position that needs at least `min` precedence.
struct Operand<'a>(&'a Expr, u8);

impl Display for Operand<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if expr_prec(self.0) < self.1 { write!(f, "({})", self.0) } else { write!(f, "{}", self.0) }
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::None => f.write_str("none"),
            ExprKind::Int(n) => write!(f, "{n}"),
            ExprKind::Decimal(x) => write!(f, "{x:?}"),
            ExprKind::Text(s) => f.write_str(&quoted(s)),
            ExprKind::Date(d) => write!(f, "{d}"),
            ExprKind::Duration(d) => write!(f, "{d}"),
            ExprKind::Distance(amount, unit) => write!(f, "{amount} {}", unit.symbol()),
            ExprKind::AsOf => f.write_str("as_of"),
            ExprKind::List(items) => {
                let parts: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "[{}]", parts.join(", "))
            }
            ExprKind::Var(v) => f.write_str(&v.name),
            ExprKind::Path { ty, id } => write!(f, "{}::{}", ty.name, fact_id(&id.value)),
            ExprKind::Call { func, args } => {
                let parts: Vec<String> = args.iter().map(ToString::to_string).collect();
                write!(f, "{}({})", func.name, parts.join(", "))
            }
            ExprKind::Field { base, field } => {
                write!(f, "{}.{}", Operand(base, PREC_POSTFIX), field.name)
            }
            ExprKind::Has { base, field } => {
                write!(f, "{} has {}", Operand(base, PREC_POSTFIX), field.name)
            }
            ExprKind::Unary { op: UnOp::Not, arg } => write!(f, "not {}", Operand(arg, PREC_NOT)),
            ExprKind::Unary { op: UnOp::Neg, arg } => write!(f, "-{}", Operand(arg, PREC_NEG)),
            ExprKind::Binary { op, lhs, rhs } => {
                let p = precedence(*op);
                // Left-associative, except `implies`, which groups to the right.
                let (lp, rp) = if *op == BinOp::Implies { (p + 1, p) } else { (p, p + 1) };
                write!(f, "{} {} {}", Operand(lhs, lp), op.symbol(), Operand(rhs, rp))
            }
            ExprKind::If { cond, then, otherwise } => write!(f, "if {cond} then {then} else {otherwise}"),
            ExprKind::Quant { kind: QuantKind::Collect, binding, cond } => {
                write!(f, "[{binding}")?;
                cond.as_ref().map_or(Ok(()), |c| write!(f, " where {c}"))?;
                f.write_char(']')
            }
            ExprKind::Quant { kind, binding, cond } => {
                write!(f, "{} {binding}", kind.keyword())?;
                cond.as_ref().map_or(Ok(()), |c| write!(f, " where {c}"))
            }
            ExprKind::Agg { kind, value, binding, cond } => {
                write!(f, "{} {} for {binding}", kind.keyword(), Operand(value, 1))?;
                cond.as_ref().map_or(Ok(()), |c| write!(f, " where {c}"))
            }
        }
    }
}

fn fact_id(id: &str) -> String {
    let bare = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { id.to_string() } else { quoted(id) }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\t', "\\t")
}

pub(crate) fn quoted(s: &str) -> String {
    format!("\"{}\"", escape(s))
}
