//! The `expect:` block of a scenario: the verdicts its author expects.
//!
//! ```yaml
//! expect:
//!   violations:
//!     - { clause: nato_russia_2021/4.1, subject: efp-est }
//!   waived:
//!     - { clause: nato_russia_2021/4.1, subject: exercise-x }
//!   indeterminate: []
//!   review: []
//!   pending:
//!     - { clause: us_russia_2021/2.3, subject: [RUS, USA] }
//!   holds:
//!     - nato_russia_2021/5.1
//!     - { clause: nato_russia_2021/4.1, subject: us-deu }
//! ```
//! `violations`, `waived`, `indeterminate`, `review` and `pending` are
//! exhaustive when present: the actual findings (or obligations pending)
//! of that kind must be exactly those listed. `holds` lists clauses that
//! must have no violation at all, and `{clause, subject}` entries that must
//! have no finding and no pending obligation for that subject.

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExpectedVerdict {
    Violation,
    Waived,
    Indeterminate,
    Review,
    /// An obligation not met, its deadline ahead.
    Pending,
    /// No finding and nothing pending, for one subject (`holds:` entries
    /// with a subject).
    Holds,
}

/// One expected finding: a clause (`treaty/clause`) and its subject (the ids
/// of the bound facts, joined by `,` when a rule binds several).
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub verdict: ExpectedVerdict,
    pub clause: String,
    pub subject: String,
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expectations {
    /// Findings listed, each with its kind.
    pub findings: Vec<Expectation>,
    /// Which kinds were given (an absent list is not checked).
    pub listed: Vec<ExpectedVerdict>,
    /// Clauses that must hold, with the span of each entry.
    pub holds: Vec<(String, Span)>,
    pub span: Span,
    /// The period the expectations are of (`during: 2021`, or `from:` and
    /// `to:`): the scenario is then judged over it, as by `check --from
    /// … --to …`.
    pub period: Option<(crate::calendar::Date, crate::calendar::Date)>,
}

/// Reading the block.
mod read {
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess};

    use super::{Expectation, Expectations, ExpectedVerdict};
    use crate::calendar::Date;
    use crate::scenario::ScenarioErrorKind;
    use crate::scenario::cx::Cx;
    use crate::scenario::node::{Located, Node, NodeSeed, Shape, Text};
    use crate::scenario::position::located;
    use crate::span::Span;
    use crate::suggest::did_you_mean;
    use crate::value::Value;

    const LISTS: [&str; 9] =
        ["violations", "waived", "indeterminate", "review", "pending", "holds", "during", "from", "to"];
    const ENTRY: &str = "an entry `{ clause: treaty/clause, subject: id }`";

    fn bad(cx: &mut Cx, message: String, span: Span) {
        cx.error(ScenarioErrorKind::BadExpect(message), span);
    }

    /// The value of `expect:`.
    pub(in crate::scenario) struct ExpectSeed<'a, 's> {
        pub cx: &'a mut Cx<'s>,
    }

    impl<'de> DeserializeSeed<'de> for ExpectSeed<'_, '_> {
        type Value = Expectations;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Expectations, D::Error> {
            let cx = self.cx;
            let mut out = Expectations::default();
            let (found, loc) = located(d, NodeSeed(Block { cx: &mut *cx, out: &mut out }))?;
            let start = cx.span(&loc);
            out.span = cx.close(start);
            if let Some(found) = found {
                bad(
                    cx,
                    format!("`expect:` must be a mapping of lists ({}), found {found}", LISTS.join(", ")),
                    out.span,
                );
            }
            Ok(out)
        }
    }

    struct Block<'a, 's> {
        cx: &'a mut Cx<'s>,
        out: &'a mut Expectations,
    }

    impl<'de> Node<'de> for Block<'_, '_> {
        /// What was found instead of a mapping.
        type Out = Option<String>;

        fn scalar(self, shape: Shape<'_>) -> Option<String> {
            match shape {
                Shape::Null => None,
                other => Some(other.describe()),
            }
        }

        fn map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Option<String>, A::Error> {
            while let Some((key, loc)) = map.next_key_seed(Located(Text))? {
                let span = self.cx.span(&loc);
                let key = key.unwrap_or_else(|found| found);
                let verdict = match key.as_str() {
                    "violations" => ExpectedVerdict::Violation,
                    "waived" => ExpectedVerdict::Waived,
                    "indeterminate" => ExpectedVerdict::Indeterminate,
                    "review" => ExpectedVerdict::Review,
                    "pending" => ExpectedVerdict::Pending,
                    "holds" => {
                        let holds = map.next_value_seed(Located(List { cx: &mut *self.cx, verdict: None }))?;
                        self.settle(holds, "holds", |out, found| {
                            out.holds.extend(found.1);
                            out.findings.extend(found.0);
                        });
                        continue;
                    }
                    "during" | "from" | "to" => {
                        let (range, loc) = map.next_value_seed(Located(Days))?;
                        let at = self.cx.span(&loc);
                        self.window(&key, range, at);
                        continue;
                    }
                    _ => {
                        let hint =
                            did_you_mean(&key, LISTS).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                        bad(
                            self.cx,
                            format!("unknown list `{key}` (expected one of {}){hint}", LISTS.join(", ")),
                            span,
                        );
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                };
                let found = map.next_value_seed(Located(List { cx: &mut *self.cx, verdict: Some(verdict) }))?;
                self.out.listed.push(verdict);
                self.settle(found, &key, |out, found| out.findings.extend(found.0));
            }
            Ok(None)
        }
    }

    type Listed = (Vec<Expectation>, Vec<(String, Span)>);

    /// A date, a month, a year or a range of dates, as the days it covers.
    struct Days;

    impl<'de> Node<'de> for Days {
        type Out = Result<(Date, Date), String>;

        fn scalar(self, shape: Shape<'_>) -> Self::Out {
            let raw = match shape {
                Shape::Str(s) => crate::scenario::estimate::date(s),
                Shape::Int(n) => crate::scenario::estimate::year(n),
                other => return Err(other.describe()),
            };
            match raw {
                crate::scenario::value::Raw::Value(Value::Date(d)) => Ok((d, d)),
                crate::scenario::value::Raw::Value(Value::Estimate(e)) => match (&e.low, &e.high) {
                    (Value::Date(lo), Value::Date(hi)) => Ok((*lo, *hi)),
                    _ => Err("a range that is not of dates".into()),
                },
                _ => Err(shape.describe()),
            }
        }
    }

    impl Block<'_, '_> {
        /// `during:` sets the window; `from:` and `to:` its ends.
        fn window(&mut self, key: &str, range: Result<(Date, Date), String>, at: Span) {
            let (lo, hi) = match range {
                Ok(r) => r,
                Err(found) => {
                    let help = "a date, a month (2021-11), a year (2021) or a range";
                    return bad(self.cx, format!("`{key}` must be {help}, found {found}"), at);
                }
            };
            let (from, to) = self.out.period.unwrap_or((lo, hi));
            self.out.period = Some(match key {
                "from" => (lo, to.max(lo)),
                "to" => (from.min(hi), hi),
                _ => (lo, hi),
            });
        }
        /// Keeps a list's entries, or reports that it was not a list.
        fn settle(
            &mut self,
            (read, loc): (Result<Listed, String>, crate::scenario::position::At),
            key: &str,
            keep: impl FnOnce(&mut Expectations, Listed),
        ) {
            let span = self.cx.span(&loc);
            match read {
                Ok(found) => keep(self.out, found),
                Err(found) => bad(self.cx, format!("`{key}` must be a list, found {found}"), span),
            }
        }
    }

    /// A list of findings (`verdict` given) or of clauses (`holds`).
    struct List<'a, 's> {
        cx: &'a mut Cx<'s>,
        verdict: Option<ExpectedVerdict>,
    }

    impl<'de> Node<'de> for List<'_, '_> {
        type Out = Result<Listed, String>;

        fn scalar(self, shape: Shape<'_>) -> Self::Out {
            match shape {
                Shape::Null => Ok((Vec::new(), Vec::new())),
                other => Err(other.describe()),
            }
        }

        fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
            let mut out: Listed = (Vec::new(), Vec::new());
            match self.verdict {
                Some(verdict) => {
                    while let Some((entry, loc)) = seq.next_element_seed(Located(Entry { cx: &mut *self.cx }))? {
                        let start = self.cx.span(&loc);
                        let span = self.cx.close(start);
                        out.0.extend(finding(self.cx, verdict, entry, span));
                    }
                }
                None => {
                    while let Some((entry, loc)) = seq.next_element_seed(Located(HoldsEntry { cx: &mut *self.cx }))? {
                        let start = self.cx.span(&loc);
                        match entry {
                            Held::Clause(clause) => {
                                out.1.extend(checked_clause(self.cx, clause, start).map(|c| (c, start)));
                            }
                            Held::For(entry) => {
                                let span = self.cx.close(start);
                                out.0.extend(finding(self.cx, ExpectedVerdict::Holds, entry, span));
                            }
                        }
                    }
                }
            }
            Ok(Ok(out))
        }
    }

    fn finding(cx: &mut Cx, verdict: ExpectedVerdict, entry: EntryOut, span: Span) -> Option<Expectation> {
        let entry = match entry {
            Err(found) => {
                bad(cx, format!("expected {ENTRY}, found {found}"), span);
                return None;
            }
            Ok(entry) => entry?,
        };
        match entry {
            (Some(clause), subject) => {
                Some(Expectation { verdict, clause, subject: subject.unwrap_or_default(), span })
            }
            (None, _) => {
                bad(cx, format!("this entry has no `clause:`; expected {ENTRY}"), span);
                None
            }
        }
    }

    /// A clause reference `treaty/clause`, or `None` when reported.
    fn checked_clause(cx: &mut Cx, read: Result<String, String>, span: Span) -> Option<String> {
        let valid = |c: &str| {
            c.split_once('/').is_some_and(|(treaty, number)| {
                !treaty.is_empty() && !number.is_empty() && !c.contains(char::is_whitespace)
            })
        };
        match read {
            Ok(clause) if valid(&clause) => Some(clause),
            Ok(clause) => {
                let message =
                    format!("`{clause}` is not a clause reference; write `treaty/clause`, e.g. `nato_russia_2021/4.1`");
                bad(cx, message, span);
                None
            }
            Err(found) => {
                bad(cx, format!("expected a clause `treaty/clause`, found {found}"), span);
                None
            }
        }
    }

    /// One finding entry: `Ok(None)` when its problems are reported already.
    type EntryOut = Result<Option<(Option<String>, Option<String>)>, String>;

    struct Entry<'a, 's> {
        cx: &'a mut Cx<'s>,
    }

    impl<'de> Node<'de> for Entry<'_, '_> {
        type Out = EntryOut;

        fn scalar(self, shape: Shape<'_>) -> EntryOut {
            Err(shape.describe())
        }

        fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<EntryOut, A::Error> {
            let (mut clause, mut subject) = (None, None);
            let errors_before = self.cx.errors.len();
            while let Some((key, loc)) = map.next_key_seed(Located(Text))? {
                let key_span = self.cx.span(&loc);
                let key = key.unwrap_or_else(|found| found);
                match key.as_str() {
                    "clause" => {
                        let (read, loc) = map.next_value_seed(Located(Text))?;
                        let span = self.cx.span(&loc);
                        clause = checked_clause(self.cx, read, span);
                    }
                    "subject" => {
                        let (read, loc) = map.next_value_seed(Located(Subject))?;
                        let span = self.cx.span(&loc);
                        subject = read
                            .map_err(|found| {
                                let message =
                                    format!("a subject is a fact id or a value (or a list of them), found {found}");
                                bad(self.cx, message, span);
                            })
                            .ok();
                    }
                    _ => {
                        let hint = did_you_mean(&key, ["clause", "subject"])
                            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                        bad(self.cx, format!("unknown key `{key}` in {ENTRY}{hint}"), key_span);
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            let ok = self.cx.errors.len() == errors_before;
            Ok(Ok(ok.then_some((clause, subject))))
        }
    }

    /// A `holds:` entry: a clause (`treaty/clause`: no violation at all) or
    /// `{ clause, subject }` (no finding and nothing pending for it).
    struct HoldsEntry<'a, 's> {
        cx: &'a mut Cx<'s>,
    }

    enum Held {
        Clause(Result<String, String>),
        For(EntryOut),
    }

    impl<'de> Node<'de> for HoldsEntry<'_, '_> {
        type Out = Held;

        fn scalar(self, shape: Shape<'_>) -> Held {
            Held::Clause(Text.scalar(shape))
        }

        fn map<A: MapAccess<'de>>(self, map: A) -> Result<Held, A::Error> {
            Entry { cx: self.cx }.map(map).map(Held::For)
        }
    }

    /// `subject: efp-est` or `subject: [efp-est, EST]` (joined with `,`).
    struct Subject;

    /// One subject: a fact id, or a value that is not a fact written as
    /// `pacta check` prints it (`2021` for a group's year, `true`).
    struct SubjectPart;

    impl<'de> Node<'de> for SubjectPart {
        type Out = Result<String, String>;

        fn scalar(self, shape: Shape<'_>) -> Self::Out {
            match shape {
                Shape::Str(s) => Ok(s.to_string()),
                Shape::Int(n) => Ok(n.to_string()),
                Shape::BigInt(n) => Ok(n.to_string()),
                Shape::Bool(b) => Ok(b.to_string()),
                other => Err(other.describe()),
            }
        }
    }

    impl<'de> Node<'de> for Subject {
        type Out = Result<String, String>;

        fn scalar(self, shape: Shape<'_>) -> Self::Out {
            SubjectPart.scalar(shape)
        }

        fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
            let mut ids = Vec::new();
            let mut wrong = None;
            while let Some(id) = seq.next_element_seed(NodeSeed(SubjectPart))? {
                match id {
                    Ok(id) => ids.push(id),
                    Err(found) => wrong = wrong.or(Some(found)),
                }
            }
            Ok(wrong.map_or_else(|| Ok(ids.join(",")), Err))
        }
    }
}

pub(super) use read::ExpectSeed;
