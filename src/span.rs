//! Source files and locations. Every AST node and every scenario fact carries
//! a [`Span`]: a file id plus a byte range. [`Sources`] owns the text of every
//! file read in one run (rule files and scenarios alike), so that one
//! diagnostic can label places in both.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one file. Equality and hashing compare the place, so a
/// finding, a waiver or an indeterminate verdict at the wrong location
/// differs from the right one (differential tests rely on it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start: clamp_u32(start), end: clamp_u32(end) }
    }

    /// Whether two spans point at the same bytes of the same file.
    pub fn same_place(&self, other: &Span) -> bool {
        (self.file, self.start, self.end) == (other.file, other.start, other.end)
    }

    /// The smallest span covering both (which must be in one file).
    pub fn to(&self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Sort key: file, then start, then end.
    pub fn key(&self) -> (FileId, u32, u32) {
        (self.file, self.start, self.end)
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A file read during the run.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as shown to users (relative where it was given relative).
    pub name: String,
    pub text: String,
    /// Built on first use: most runs locate nothing in a large scenario, and
    /// the index (8 bytes a line) costs a pass over the text and megabytes.
    line_starts: OnceLock<Vec<usize>>,
    /// The characters before every [`CHUNK`]-byte boundary, built the first
    /// time a column is asked for on a line longer than a chunk (a JSON
    /// file is one line): columns then cost one chunk's scan, not the
    /// line's, and locating every finding stays linear.
    chunk_chars: OnceLock<Vec<u32>>,
    /// Whether the text holds a character a terminal would act on
    /// ([`crate::escape::is_unsafe`] other than newline and tab), found on
    /// first use: reports then show its lines escaped.
    has_controls: OnceLock<bool>,
}

/// Where an error is, as its reader needs it without the renderer:
/// `name:line:col`. Errors carry a [`Span`] (a file id and bytes, cheap and
/// exact); the place is resolved from [`Sources`] once, when the error
/// leaves its layer (`crate::Error::locate`), so that its `Display` alone
/// says where ("rules/a.pacta:3:7: expected a name").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", crate::escape::terminal(&self.file), self.line, self.col)
    }
}

/// `"place: "` before an error's message, or nothing when the error has
/// not been placed (inside its layer).
pub fn place_prefix(place: &Option<Box<Place>>) -> String {
    place.as_ref().map_or_else(String::new, |p| format!("{p}: "))
}

/// A one-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let name = path.display().to_string();
        SourceFile {
            path,
            name,
            text,
            line_starts: OnceLock::new(),
            chunk_chars: OnceLock::new(),
            has_controls: OnceLock::new(),
        }
    }

    /// The byte offset of every line's start.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(self.text.as_bytes()))
    }

    /// Whether any character of the text must be escaped to be shown.
    pub fn has_controls(&self) -> bool {
        *self.has_controls.get_or_init(|| controls(&self.text))
    }

    /// Line and column of a byte offset (clamped to the file).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = starts.get(line).copied().unwrap_or(0);
        let col = if offset - start <= CHUNK {
            char_starts(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        LineCol { line: line + 1, col: col + 1 }
    }

    /// The characters before byte `offset` (counted as the bytes that
    /// start one, so a chunk boundary inside a character is harmless).
    fn chars_before(&self, offset: usize) -> usize {
        let chunks = self.chunk_chars.get_or_init(|| {
            let mut total = 0u32;
            let mut out = vec![0];
            for chunk in self.text.as_bytes().chunks(CHUNK) {
                total = total.saturating_add(u32::try_from(char_starts(chunk)).unwrap_or(u32::MAX));
                out.push(total);
            }
            out
        });
        let k = offset / CHUNK;
        let before = chunks.get(k).map_or(0, |&n| n as usize);
        before + char_starts(self.text.as_bytes().get(k * CHUNK..offset).unwrap_or(&[]))
    }

    /// Byte offset of a one-based line and column, if inside the file.
    pub fn offset_of(&self, line: usize, col: usize) -> Option<usize> {
        let start = *self.line_starts().get(line.checked_sub(1)?)?;
        let rest = self.text.get(start..)?;
        let skip = col.checked_sub(1)?;
        let byte = rest.char_indices().nth(skip).map_or(rest.len(), |(i, _)| i);
        Some(start + byte)
    }
}

/// The byte offset of every line's start in `bytes`, by memchr's vectorised
/// search (a plain byte loop took ~7 instructions a byte; a 64-byte newline
/// mask built by a fold was not vectorised and took more).
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)).collect()
}

/// Whether `text` holds a character a terminal would act on, newline and
/// tab aside. Printable ASCII is checked 64 bytes at a time, and only the other characters decoded: scenarios
/// run to tens of megabytes, nearly all ASCII, and decoding each
/// character cost several times more.
fn controls(text: &str) -> bool {
    let plain = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t';
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let block = &bytes[at..bytes.len().min(at + 64)];
        // Without an early exit, so that it is vectorised.
        if block.iter().fold(true, |ok, &b| ok & plain(b)) {
            at += block.len();
            continue;
        }
        let skip = block.iter().position(|&b| !plain(b)).unwrap_or(block.len());
        // The bytes before `skip` are ASCII, so it starts a character.
        let Some(c) = text.get(at + skip..).and_then(|rest| rest.chars().next()) else { return false };
        if crate::escape::is_unsafe(c) {
            return true;
        }
        at += skip + c.len_utf8();
    }
    false
}

/// Bytes per checkpoint of [`SourceFile::chars_before`]: 4 bytes of index
/// per 256 of text (1.6%), at most 256 bytes counted per column.
const CHUNK: usize = 256;

/// How many characters start in `bytes` (UTF-8 continuation bytes do not).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// Every file read in one run. Files are shared, not copied: each
/// scenario of a batch starts from the rule files, and a file many
/// scenarios include is one text (and one line index) for all of them.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<Arc<SourceFile>>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.add_shared(Arc::new(SourceFile::new(path, text)))
    }

    /// Adds a file another run's `Sources` may hold too.
    pub fn add_shared(&mut self, file: Arc<SourceFile>) -> FileId {
        let id = FileId(clamp_u32(self.files.len()));
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize).map(|f| &**f)
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(|i| FileId(clamp_u32(i)))
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(clamp_u32(i)), &**f))
    }

    /// `name:line:col` of a span's start.
    pub fn locate(&self, span: Span) -> String {
        self.place(span).map_or_else(|| "<unknown>".to_string(), |p| p.to_string())
    }

    /// The [`Place`] of a span's start, if its file is here.
    pub fn place(&self, span: Span) -> Option<Place> {
        let f = self.get(span.file)?;
        let lc = f.line_col(span.start as usize);
        Some(Place { file: f.name.clone(), line: lc.line, col: lc.col })
    }

    /// The text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        self.get(span.file).and_then(|f| f.text.get(span.range())).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block scan finds the newlines a plain scan finds, at every
    /// position in and across 64-byte blocks.
    #[test]
    fn line_starts_match_a_plain_scan() {
        let plain = |bytes: &[u8]| {
            let mut starts = vec![0];
            starts.extend(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1));
            starts
        };
        let mut seed = 7u64;
        for len in [0, 1, 63, 64, 65, 127, 128, 129, 1000] {
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    if seed >> 61 == 0 { b'\n' } else { b'x' }
                })
                .collect();
            assert_eq!(line_starts(&text), plain(&text), "{len} bytes");
        }
        assert_eq!(line_starts(&[b'\n'; 130]), plain(&[b'\n'; 130]));
    }

    /// Columns on lines longer than a chunk (through the checkpoints) are
    /// those a plain count from the line's start gives, multi-byte
    /// characters across chunk boundaries included.
    #[test]
    fn columns_on_long_lines_match_a_plain_count() {
        let line: String = (0..3000)
            .map(|i| {
                if i % 7 == 0 {
                    'é'
                } else if i % 11 == 0 {
                    '漢'
                } else {
                    'a'
                }
            })
            .collect();
        let text = format!("short\n{line}\n{line}");
        let file = SourceFile::new(PathBuf::from("one-line.json"), text.clone());
        for (offset, _) in text.char_indices().step_by(37).chain([(text.len(), ' ')]) {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = LineCol {
                line: text[..offset].matches('\n').count() + 1,
                col: text[start..offset].chars().count() + 1,
            };
            assert_eq!(file.line_col(offset), expected, "at byte {offset}");
        }
    }

    /// The byte scan finds what decoding every character finds.
    #[test]
    fn controls_are_found_past_ascii_and_other_characters() {
        for (text, unsafe_) in [
            ("plain text\n\twith tabs", false),
            ("Łódź Україна 漢字", false),
            ("a\u{1b}[2J", true),
            ("é\r\n", true),
            ("abc\u{202e}", true),
            ("Łódź\u{9b}", true),
            ("x\u{7f}", true),
        ] {
            let expected = text.chars().any(|c| c != '\n' && c != '\t' && crate::escape::is_unsafe(c));
            assert_eq!((controls(text), expected), (unsafe_, unsafe_), "{text:?}");
        }
    }
}
