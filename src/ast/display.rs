//! Prints the AST back as pacta source with the formatter's printer
//! (`crate::fmt`), without the source text: no comments, literals as the
//! tree holds them, parentheses exactly where precedence needs them, so
//! `parse(print(ast)) == ast` (tested). A file prints in the canonical
//! layout; an expression, and every other node, on one line.

use std::fmt::{self, Display, Formatter};

use super::*;

impl Display for Module {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fmt::print_module(self))
    }
}

impl Display for Item {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fmt::print_with(|p| p.item(self)))
    }
}

impl Display for Binding {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fmt::print_with(|p| p.binding(self)))
    }
}

impl Display for TypeExpr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fmt::print_with(|p| p.ty(self)))
    }
}

impl Display for Template {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fmt::print_with(|p| p.template(self)))
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fmt::print_expr(self))
    }
}
