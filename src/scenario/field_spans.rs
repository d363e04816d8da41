//! Where each field of a table's facts was written, in four bytes a field:
//! a field's value lies inside its fact's text, so it is kept as its offset
//! from the fact's start and its length, 16 bits each. A field that takes
//! the fact's span (a default, a field left out) is marked as such; the
//! rare field beyond 64 kB into its fact, or longer (a long outline), is
//! kept whole in a list of its own. A million facts of eight fields take
//! 32 MB instead of 64 MB (8 bytes a field as start and end).

use crate::span::Span;

/// The fact's own span.
const FACT: u32 = u32::MAX;
/// In `wide`.
const WIDE: u32 = u32::MAX - 1;

/// Field spans, row after row, as a table keeps its values.
#[derive(Debug, Clone, Default)]
pub struct FieldSpans {
    packed: Vec<u32>,
    /// `(index, start, end)` of the fields that do not pack, by index.
    wide: Vec<(usize, u32, u32)>,
}

impl FieldSpans {
    pub fn reserve_exact(&mut self, fields: usize) {
        self.packed.reserve_exact(fields);
    }

    /// Adds the span of the next field of a fact written at `fact`.
    pub fn push(&mut self, fact: Span, field: Span) {
        let offset = field.start.wrapping_sub(fact.start);
        let len = field.end.wrapping_sub(field.start);
        let code = if field == fact {
            FACT
        } else if field.file == fact.file && field.start >= fact.start && offset < 0xFFFF && len <= 0xFFFF {
            (offset << 16) | len
        } else {
            self.wide.push((self.packed.len(), field.start, field.end));
            WIDE
        };
        self.packed.push(code);
    }

    /// The span of the field at `index` of a fact written at `fact` (the
    /// field's file is the fact's).
    pub fn get(&self, index: usize, fact: Span) -> Option<Span> {
        let (start, end) = match *self.packed.get(index)? {
            FACT => (fact.start, fact.end),
            WIDE => {
                let i = self.wide.binary_search_by_key(&index, |w| w.0).ok()?;
                let (_, start, end) = *self.wide.get(i)?;
                (start, end)
            }
            code => {
                let start = fact.start + (code >> 16);
                (start, start + (code & 0xFFFF))
            }
        };
        Some(Span { file: fact.file, start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    fn at(file: u32, start: u32, end: u32) -> Span {
        Span { file: FileId(file), start, end }
    }

    #[test]
    fn every_kind_of_field_span_reads_back() {
        let fact = at(1, 1_000, 200_000);
        let fields = [
            at(1, 1_010, 1_020),                            // packed
            fact,                                           // the fact's own
            at(1, 1_000 + 0xFFFE, 1_000 + 0xFFFE + 0xFFFF), // packed, at both limits
            at(1, 1_000 + 0xFFFF, 1_000 + 0xFFFF + 1),      // too far in: wide
            at(1, 2_000, 2_000 + 0x1_0000),                 // too long: wide
            at(1, 999, 1_005),                              // before the fact: wide
            at(1, 1_000, 1_000),                            // empty, at the start
        ];
        let mut spans = FieldSpans::default();
        for f in fields {
            spans.push(fact, f);
        }
        let got: Vec<Span> = (0..fields.len()).filter_map(|i| spans.get(i, fact)).collect();
        assert_eq!(got, fields);
        assert_eq!(spans.wide.len(), 3);
        assert_eq!(spans.get(fields.len(), fact), None);
    }
}
