//! Byte offsets (pacta's spans) to LSP positions and back. LSP counts
//! lines split at `\n`, `\r\n` or `\r`, and columns in UTF-16 code units
//! (the encoding the server announces), so `é` is one unit and `𝄞` two
//! where pacta counts bytes. A position past a line's end means its end;
//! an offset inside a character means that character's start.

use lsp_types::{Position, Range};

/// The line starts of one text, to convert positions in it.
pub struct LineIndex<'t> {
    text: &'t str,
    /// The byte offset of each line's first character.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { text, starts }
    }

    /// The position of byte `offset` (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let units = self.text.get(start..offset).map_or(0, |s| s.encode_utf16().count());
        Position { line: saturate(line), character: saturate(units) }
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range { start: self.position(start), end: self.position(end) }
    }

    /// The byte offset of `pos`: past the last line, the text's end; past
    /// a line's end, the end of its content (before the line break).
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self.starts.get(pos.line as usize + 1).copied().unwrap_or(self.text.len());
        let line = self.text.get(start..end).unwrap_or("");
        let content = line.trim_end_matches(['\n', '\r']);
        let mut units = 0usize;
        for (i, c) in content.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + content.len()
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The start of the character holding byte `offset`.
fn floor_char(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn columns_count_utf16_units_not_bytes() {
        // `é` is 2 bytes and 1 unit, `𝄞` 4 bytes and 2 units.
        let text = "aé𝄞x\nsecond";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text.find('x').unwrap_or(0)), pos(0, 4));
        assert_eq!(index.offset(pos(0, 4)), text.find('x').unwrap_or(0));
        assert_eq!(index.position(text.find("second").unwrap_or(0)), pos(1, 0));
        assert_eq!(index.offset(pos(1, 3)), text.len() - 3);
    }

    #[test]
    fn every_line_break_ends_a_line() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        for (line, c) in ["a", "b", "c", "d"].iter().enumerate() {
            let at = text.find(c).unwrap_or(0);
            assert_eq!(index.position(at), pos(line as u32, 0), "{c}");
            assert_eq!(index.offset(pos(line as u32, 0)), at, "{c}");
        }
    }

    #[test]
    fn positions_out_of_range_are_clamped() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(pos(0, 99)), 2, "the end of the line's content");
        assert_eq!(index.offset(pos(7, 0)), text.len());
        assert_eq!(index.position(999), pos(1, 2));
        // Inside `é` (bytes 1..3): its start.
        assert_eq!(LineIndex::new("aéb").position(2), pos(0, 1));
        // Between the halves of a surrogate pair: after the character.
        assert_eq!(LineIndex::new("𝄞b").offset(pos(0, 1)), 4);
    }
}
