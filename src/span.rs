//! Source files and locations. Every AST node and every scenario fact carries
//! a [`Span`]: a file id plus a byte range. [`Sources`] owns the text of every
//! file read in one run (rule files and scenarios alike), so that one
//! diagnostic can label places in both.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
        SourceFile { path, name, text, line_starts: OnceLock::new(), has_controls: OnceLock::new() }
    }

    /// The byte offset of every line's start.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            // A plain byte scan: scenario files run to millions of short
            // lines, where a search call per line costs several times more.
            let mut starts = vec![0];
            for (i, byte) in self.text.bytes().enumerate() {
                if byte == b'\n' {
                    starts.push(i + 1);
                }
            }
            starts
        })
    }

    /// Whether any character of the text must be escaped to be shown.
    pub fn has_controls(&self) -> bool {
        *self
            .has_controls
            .get_or_init(|| self.text.chars().any(|c| c != '\n' && c != '\t' && crate::escape::is_unsafe(c)))
    }

    /// Line and column of a byte offset (clamped to the file).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = starts.get(line).copied().unwrap_or(0);
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        LineCol { line: line + 1, col: col + 1 }
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

/// Every file read in one run.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let id = FileId(clamp_u32(self.files.len()));
        self.files.push(SourceFile::new(path, text));
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(|i| FileId(clamp_u32(i)))
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(clamp_u32(i)), f))
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
