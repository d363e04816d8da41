//! Typed columns: a table's scalar fields copied out of its rows into plain
//! vectors (integers, dates as ordered codes, references as rows, enum
//! values as variants), built once a scenario is loaded.
//!
//! The rows stay the source of truth; a column is a read-only copy for the
//! compiled evaluator, whose kernels, index builds and sums then read a few
//! bytes per row instead of a 24-byte `Value` inside a row of them. A field
//! gets a column only when every present value has one kind (and one entity
//! or enum); a field that is missing everywhere, or mixes kinds, has none.

use crate::calendar::Date;
use crate::value::{EntityId, EnumId, Value};

/// One field's values, row by row.
#[derive(Debug, Clone)]
pub struct Column {
    pub data: ColumnData,
    /// Rows whose value is missing, as a bit set; empty when none is. The
    /// data holds zero at those rows.
    missing: Vec<u64>,
}

#[derive(Debug, Clone)]
pub enum ColumnData {
    Bool(Vec<bool>),
    Int(Vec<i64>),
    /// [`date_code`]s.
    Date(Vec<i32>),
    /// Rows in the referenced entity's table.
    Fact(EntityId, Vec<u32>),
    /// Variant indexes of one enum.
    Enum(EnumId, Vec<u32>),
}

/// A date as an `i32` that orders as the date does: year, month and day in
/// bit fields. Index keys and column comparisons use it.
#[inline]
pub fn date_code(d: Date) -> i32 {
    i32::from(d.year()) << 9 | i32::from(d.month()) << 5 | i32::from(d.day())
}

/// The date of a [`date_code`].
pub fn date_of_code(code: i32) -> Option<Date> {
    let (year, month, day) = (code >> 9, (code >> 5) & 0xf, code & 0x1f);
    Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

impl Column {
    /// The column of the field at `slot` in rows of `width` values; `None`
    /// when the field has no single scalar kind.
    pub fn build(values: &[Value], width: usize, slot: usize) -> Option<Column> {
        let cells = values.get(slot..).unwrap_or(&[]).iter().step_by(width.max(1));
        let rows = cells.len();
        let mut data = kind_of(cells.clone(), rows)?;
        let mut missing = Vec::new();
        for (row, v) in cells.enumerate() {
            if v.is_missing() {
                missing.resize(rows.div_ceil(64), 0);
                *missing.get_mut(row / 64)? |= 1 << (row % 64);
            }
            if !data.push(v) {
                return None;
            }
        }
        Some(Column { data, missing })
    }

    /// Whether the value at `row` is missing (rows past the end are not
    /// checked here: the data's own bounds are).
    #[inline(always)]
    pub fn is_missing(&self, row: u32) -> bool {
        let row = row as usize;
        !self.missing.is_empty() && self.missing.get(row / 64).is_some_and(|word| word >> (row % 64) & 1 == 1)
    }

    /// The missing bits of rows `64 * word ..`, one bit per row.
    #[inline]
    pub fn missing_word(&self, word: usize) -> u64 {
        self.missing.get(word).copied().unwrap_or(0)
    }

    /// Whether some row's value is missing.
    pub fn has_missing(&self) -> bool {
        !self.missing.is_empty()
    }
}

/// The empty column, room for `rows`, for the first present value's kind.
fn kind_of<'v>(mut cells: impl Iterator<Item = &'v Value>, rows: usize) -> Option<ColumnData> {
    Some(match cells.find(|v| !v.is_missing())? {
        Value::Bool(_) => ColumnData::Bool(Vec::with_capacity(rows)),
        Value::Int(_) => ColumnData::Int(Vec::with_capacity(rows)),
        Value::Date(_) => ColumnData::Date(Vec::with_capacity(rows)),
        Value::Fact(r) => ColumnData::Fact(r.entity, Vec::with_capacity(rows)),
        Value::Enum(e, _) => ColumnData::Enum(*e, Vec::with_capacity(rows)),
        _ => return None,
    })
}

impl ColumnData {
    /// Appends `v`; `false` when it is of another kind.
    fn push(&mut self, v: &Value) -> bool {
        match (self, v) {
            (ColumnData::Bool(c), Value::Bool(b)) => c.push(*b),
            (ColumnData::Int(c), Value::Int(n)) => c.push(*n),
            (ColumnData::Date(c), Value::Date(d)) => c.push(date_code(*d)),
            (ColumnData::Fact(e, c), Value::Fact(r)) if r.entity == *e => c.push(r.row),
            (ColumnData::Enum(e, c), Value::Enum(f, x)) if f == e => c.push(*x),
            (ColumnData::Bool(c), Value::Missing) => c.push(false),
            (ColumnData::Int(c), Value::Missing) => c.push(0),
            (ColumnData::Date(c), Value::Missing) => c.push(0),
            (ColumnData::Fact(_, c) | ColumnData::Enum(_, c), Value::Missing) => c.push(0),
            _ => return false,
        }
        true
    }

    pub fn len(&self) -> usize {
        match self {
            ColumnData::Bool(c) => c.len(),
            ColumnData::Int(c) => c.len(),
            ColumnData::Date(c) => c.len(),
            ColumnData::Fact(_, c) | ColumnData::Enum(_, c) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::FactRef;

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap_or_default()
    }

    #[test]
    fn date_codes_order_as_dates_and_round_trip() {
        let dates = [
            date(-9999, 1, 1),
            date(-1, 12, 31),
            date(0, 1, 1),
            date(1997, 5, 27),
            date(1997, 5, 28),
            date(9999, 12, 31),
        ];
        for pair in dates.windows(2) {
            assert!(date_code(pair[0]) < date_code(pair[1]), "{pair:?}");
        }
        for d in dates {
            assert_eq!(date_of_code(date_code(d)), Some(d));
        }
    }

    #[test]
    fn columns_keep_kinds_and_missing_rows() {
        let fact = |row| Value::Fact(FactRef { entity: EntityId(2), row });
        // Two fields per row: a reference and an optional date.
        let values = [fact(5), Value::Missing, fact(7), Value::Date(date(2020, 2, 29))];
        let refs = Column::build(&values, 2, 0);
        assert!(matches!(&refs, Some(Column { data: ColumnData::Fact(EntityId(2), rows), .. }) if rows == &[5, 7]));
        let dates = Column::build(&values, 2, 1);
        assert!(dates.as_ref().is_some_and(|c| c.is_missing(0) && !c.is_missing(1) && c.has_missing()));
        let code = date_code(date(2020, 2, 29));
        assert!(matches!(dates.map(|c| c.data), Some(ColumnData::Date(c)) if c == [0, code]));
    }

    #[test]
    fn no_column_for_mixed_kinds_or_foreign_entities() {
        let other = Value::Fact(FactRef { entity: EntityId(3), row: 0 });
        let first = Value::Fact(FactRef { entity: EntityId(2), row: 0 });
        assert!(Column::build(&[first, other], 1, 0).is_none());
        assert!(Column::build(&[Value::Int(1), Value::Bool(true)], 1, 0).is_none());
        assert!(Column::build(&[Value::Missing, Value::Missing], 1, 0).is_none());
        assert!(Column::build(&[Value::text("a")], 1, 0).is_none());
    }
}
