//! Where each name is resolved, for editors: a side table the checker
//! fills as it resolves names (only when asked, [`super::check_indexed`]),
//! so hover, go to definition and find references read the checker's own
//! answers instead of resolving names a second time. Every declaration is
//! recorded too, as a use of itself, so a name's declaration and its uses
//! are found the same way.

use crate::schema::Type;
use crate::span::{FileId, Span};

/// What a declared name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    Entity,
    Record,
    Enum,
    /// A field of an entity or a record.
    Field,
    /// A variant of an enum.
    Variant,
    /// A definition (`def`), constant or function.
    Def,
    /// A treaty parameter (`param`).
    Param,
    /// A parameter of a function definition.
    DefParam,
    /// A binding of a clause, quantifier, aggregate or comprehension.
    Local,
}

/// One name as written, and the declaration it resolves to.
#[derive(Debug, Clone, PartialEq)]
pub struct NameRef {
    /// The name where it is written.
    pub at: Span,
    /// The declared name (for a declaration, `at` itself).
    pub decl: Span,
    pub kind: NameKind,
    /// The type of the value the name stands for (a definition's result);
    /// for a type name, the type.
    pub ty: Type,
}

/// Every resolved name of a checked rule set, in the order met, and the
/// schema they were resolved against (kept even when the rules have
/// errors, which is when an editor asks most).
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub refs: Vec<NameRef>,
    pub schema: crate::schema::Schema,
}

impl Names {
    pub(super) fn record(&mut self, at: Span, decl: Span, kind: NameKind, ty: Type) {
        self.refs.push(NameRef { at, decl, kind, ty });
    }

    /// The name written around byte `offset` of `file`: the cursor may
    /// stand just past its last character. The innermost one when
    /// several hold it.
    pub fn at(&self, file: FileId, offset: u32) -> Option<&NameRef> {
        self.refs
            .iter()
            .filter(|r| r.at.file == file && r.at.start <= offset && offset <= r.at.end)
            .min_by_key(|r| (r.at.end - r.at.start, r.at.start))
    }

    /// The name ending exactly at byte `offset` of `file` (the `x` of
    /// `x.` with the cursor after the dot).
    pub fn ending_at(&self, file: FileId, offset: u32) -> Option<&NameRef> {
        self.refs.iter().find(|r| r.at.file == file && r.at.end == offset)
    }

    /// The declaration and every use of the name declared at `decl`, in
    /// file order, each place once.
    pub fn uses(&self, decl: Span) -> Vec<&NameRef> {
        let mut out: Vec<&NameRef> = self.refs.iter().filter(|r| r.decl.same_place(&decl)).collect();
        out.sort_by_key(|r| r.at.key());
        out.dedup_by_key(|r| r.at.key());
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn span(start: u32, end: u32) -> Span {
        Span { file: FileId(0), start, end }
    }

    #[test]
    fn finds_a_name_under_or_just_after_the_cursor() {
        let mut names = Names::default();
        names.record(span(0, 3), span(0, 3), NameKind::Local, Type::Int);
        names.record(span(10, 13), span(0, 3), NameKind::Local, Type::Int);
        names.record(span(10, 13), span(0, 3), NameKind::Local, Type::Int);
        assert_eq!(names.at(FileId(0), 13).unwrap().at, span(10, 13));
        assert_eq!(names.at(FileId(0), 10).unwrap().at, span(10, 13));
        assert!(names.at(FileId(0), 7).is_none());
        assert!(names.at(FileId(1), 11).is_none());
        assert_eq!(names.ending_at(FileId(0), 3).unwrap().at, span(0, 3));
        // A place recorded twice (a definition checked on demand) is one use.
        let uses: Vec<Span> = names.uses(span(0, 3)).iter().map(|r| r.at).collect();
        assert_eq!(uses, [span(0, 3), span(10, 13)]);
    }
}
