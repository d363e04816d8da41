//! Kleene's three-valued logic, the one truth table of `and`, `or`, `not`
//! and `implies` that the interpreter, the compiled path and the compiler's
//! constant folding all follow. A truth value is `Result<bool, U>`: the
//! interpreter's unknown is the error that explains it, the compiled
//! path's is `()` (it gives up and hands the binding back), and 64 rows'
//! truths at once are [`Words`].

/// A binary connective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Connective {
    And,
    Or,
    /// `a implies b` is `not a or b`.
    Implies,
}

/// What a connective comes to once one operand is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rest {
    /// The known operand decides: the result is this, whatever the other.
    Decided(bool),
    /// The result is the other operand.
    Other,
    /// The result is the other operand negated (`x implies false`).
    NotOther,
}

impl Connective {
    /// The operand value that decides the result alone (`true` decides an
    /// `or`), after `implies` negates its left side.
    fn decisive(self) -> bool {
        self != Connective::And
    }

    /// The connective with its left operand known.
    pub fn given_lhs(self, lhs: bool) -> Rest {
        if (lhs != (self == Connective::Implies)) == self.decisive() {
            Rest::Decided(self.decisive())
        } else {
            Rest::Other
        }
    }

    /// The connective with its right operand known.
    pub fn given_rhs(self, rhs: bool) -> Rest {
        match self {
            _ if rhs == self.decisive() => Rest::Decided(rhs),
            Connective::Implies => Rest::NotOther,
            _ => Rest::Other,
        }
    }

    /// The connective on `lhs` and, unless `lhs` decides, `rhs()`: an
    /// unknown operand leaves the result unknown only when the other
    /// cannot decide it; of two unknowns, the left one is kept.
    #[inline]
    pub fn apply<U>(self, lhs: Result<bool, U>, rhs: impl FnOnce() -> Result<bool, U>) -> Result<bool, U> {
        match lhs {
            Ok(l) => match self.given_lhs(l) {
                Rest::Decided(b) => Ok(b),
                _ => rhs(),
            },
            Err(e) => match rhs() {
                Ok(r) if r == self.decisive() => Ok(r),
                _ => Err(e),
            },
        }
    }
}

/// `and` over conjuncts computed in turn: false as soon as one is (the rest
/// are not computed), else the unknown `prefer` ranks first among those
/// met, else true.
#[inline]
pub(super) fn all<U>(
    conjuncts: impl IntoIterator<Item = Result<bool, U>>,
    prefer: impl Fn(&U, &U) -> bool,
) -> Result<bool, U> {
    let mut unknown: Option<U> = None;
    for c in conjuncts {
        match c {
            Ok(false) => return Ok(false),
            Ok(true) => {}
            Err(u) => {
                if unknown.as_ref().is_none_or(|kept| prefer(&u, kept)) {
                    unknown = Some(u);
                }
            }
        }
    }
    unknown.map_or(Ok(true), Err)
}

/// The truths of 64 rows, one bit each: the rows found false, and those
/// whose truth is unknown (never both); the rest are true.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Words {
    pub falsy: u64,
    pub unknown: u64,
}

impl Words {
    /// `self and other`, row by row: a false operand decides whatever the
    /// other is.
    #[inline]
    pub fn and(self, other: Words) -> Words {
        let falsy = self.falsy | other.falsy;
        Words { falsy, unknown: (self.unknown | other.unknown) & !falsy }
    }

    /// `and` with one row's truth (`None`: unknown).
    #[inline]
    pub fn and_row(&mut self, bit: u32, truth: Option<bool>) {
        let one = 1u64 << bit;
        *self = self.and(match truth {
            Some(false) => Words { falsy: one, unknown: 0 },
            Some(true) => Words::default(),
            None => Words { falsy: 0, unknown: one },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{Connective, Words, all};

    /// Kleene's tables, with `None` for unknown.
    fn table(c: Connective, l: Option<bool>, r: Option<bool>) -> Option<bool> {
        let known = |v: Option<bool>| v.ok_or(());
        c.apply(known(l), || known(r)).ok()
    }

    #[test]
    fn truth_tables() {
        use Connective::*;
        let (t, f, u) = (Some(true), Some(false), None);
        for (c, rows) in [
            (And, [t, f, u, f, f, f, u, f, u]),
            (Or, [t, t, t, t, f, u, t, u, u]),
            (Implies, [t, f, u, t, t, t, t, u, u]),
        ] {
            let mut i = 0;
            for l in [t, f, u] {
                for r in [t, f, u] {
                    assert_eq!(table(c, l, r), rows[i], "{c:?} {l:?} {r:?}");
                    i += 1;
                }
            }
        }
    }

    #[test]
    fn all_stops_at_false_and_keeps_the_preferred_unknown() {
        assert_eq!(all([Err(2), Ok(false), Err(1)], |a, b| a < b), Ok(false));
        assert_eq!(all([Err(2), Ok(true), Err(1)], |a, b| a < b), Err(1));
        assert_eq!(all::<u8>([Ok(true)], |_, _| false), Ok(true));
    }

    #[test]
    fn words_and_row_by_row() {
        let w = Words { falsy: 0b0011, unknown: 0b0100 }.and(Words { falsy: 0b0100, unknown: 0b1001 });
        assert_eq!((w.falsy, w.unknown), (0b0111, 0b1000));
    }
}
