//! Long lines cut down to a window around their label. A scenario written
//! as one line of JSON (valid YAML) can be megabytes long; a diagnostic on
//! it must not print the whole line. A label on a line longer than
//! [`MAX_LINE`] bytes is moved to an excerpt: a few dozen characters either
//! side of it, `…` where the line was cut, with the original file name,
//! line number and column numbers, so the report reads as before.
//!
//! A label in a file holding control characters moves to an excerpt too,
//! cut to its first line and escaped (`crate::escape`): codespan prints
//! source lines as they are, and an ESC or CR in a YAML string would act on
//! the terminal.

use std::ops::Range;

use codespan_reporting::diagnostic::Diagnostic;
use codespan_reporting::files::{Error as FilesError, Files};

use crate::span::{FileId, Sources};

/// Lines up to this many bytes are shown whole.
pub const MAX_LINE: usize = 240;
/// Bytes of context kept either side of a label on a long line.
const CONTEXT: usize = 60;
/// The longest stretch of a label shown on a long line.
const MAX_LABEL: usize = 80;
const CUT: &str = "…";

/// A file as codespan-reporting sees it: a source, or an excerpt of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewId {
    File(FileId),
    Excerpt(usize),
}

struct Excerpt {
    file: FileId,
    /// 1-based line number of the cut line.
    line: usize,
    text: String,
    /// Bytes of `text` before the original's first shown byte (the `…`).
    lead: usize,
    /// 1-based column, in the original line, of the first shown character.
    first_col: usize,
    /// Where the label starts in `text`, and its column in the original
    /// (escapes make `text` longer than what it shows).
    label_at: usize,
    label_col: usize,
}

/// The sources plus the excerpts made for one diagnostic.
pub struct View<'a> {
    sources: &'a Sources,
    excerpts: Vec<Excerpt>,
}

impl<'a> View<'a> {
    /// Moves each label of `d` that lies on a long line to an excerpt.
    pub fn of(sources: &'a Sources, d: Diagnostic<FileId>) -> (Self, Diagnostic<ViewId>) {
        let mut view = View { sources, excerpts: Vec::new() };
        let labels = d
            .labels
            .into_iter()
            .map(|l| {
                let (file_id, range) = view.place(l.file_id, l.range);
                codespan_reporting::diagnostic::Label { style: l.style, file_id, range, message: l.message }
            })
            .collect();
        let moved = Diagnostic { severity: d.severity, code: d.code, message: d.message, labels, notes: d.notes };
        (view, moved)
    }

    /// Where to label `range` of `file`: in place, or in a new excerpt.
    fn place(&mut self, file: FileId, range: Range<usize>) -> (ViewId, Range<usize>) {
        let Some(f) = self.sources.get(file) else { return (ViewId::File(file), range) };
        let text = f.text.as_str();
        let start = floor(text, range.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let escaped = f.has_controls();
        if line_end - line_start <= MAX_LINE && !escaped {
            return (ViewId::File(file), range);
        }
        let end = floor(text, range.end.clamp(start, line_end).min(start + MAX_LABEL));
        let from = floor(text, start.saturating_sub(CONTEXT).max(line_start));
        let to = ceil(text, (end + CONTEXT).min(line_end));
        let lead = if from > line_start { CUT } else { "" };
        let tail = if to < line_end { CUT } else { "" };
        let show = |s: &str| if escaped { crate::escape::terminal(s).into_owned() } else { s.to_string() };
        let (before, label) = (show(&text[from..start]), show(&text[start..end]));
        let excerpt = format!("{lead}{before}{label}{}{tail}", show(&text[end..to]));
        self.excerpts.push(Excerpt {
            file,
            line: f.line_col(start).line,
            text: excerpt,
            lead: lead.len(),
            first_col: text[line_start..from].chars().count() + 1,
            label_at: lead.len() + before.len(),
            label_col: text[line_start..start].chars().count() + 1,
        });
        let label_start = lead.len() + before.len();
        (ViewId::Excerpt(self.excerpts.len() - 1), label_start..label_start + label.len())
    }

    fn excerpt(&self, i: usize) -> Result<&Excerpt, FilesError> {
        self.excerpts.get(i).ok_or(FilesError::FileMissing)
    }
}

/// The nearest char boundary at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest char boundary at or after `at`.
fn ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl<'a> Files<'a> for View<'_> {
    type FileId = ViewId;
    type Name = std::borrow::Cow<'a, str>;
    type Source = &'a str;

    fn name(&'a self, id: ViewId) -> Result<Self::Name, FilesError> {
        let file = match id {
            ViewId::File(f) => f,
            ViewId::Excerpt(i) => self.excerpt(i)?.file,
        };
        self.sources.name(file).map(crate::escape::terminal)
    }

    fn source(&'a self, id: ViewId) -> Result<&'a str, FilesError> {
        match id {
            ViewId::File(f) => self.sources.source(f),
            ViewId::Excerpt(i) => Ok(self.excerpt(i)?.text.as_str()),
        }
    }

    fn line_index(&'a self, id: ViewId, byte_index: usize) -> Result<usize, FilesError> {
        match id {
            ViewId::File(f) => self.sources.line_index(f, byte_index),
            ViewId::Excerpt(_) => Ok(0),
        }
    }

    fn line_range(&'a self, id: ViewId, line_index: usize) -> Result<Range<usize>, FilesError> {
        match id {
            ViewId::File(f) => self.sources.line_range(f, line_index),
            ViewId::Excerpt(i) => Ok(0..self.excerpt(i)?.text.len()),
        }
    }

    fn line_number(&'a self, id: ViewId, line_index: usize) -> Result<usize, FilesError> {
        match id {
            ViewId::File(_) => Ok(line_index + 1),
            ViewId::Excerpt(i) => Ok(self.excerpt(i)?.line),
        }
    }

    fn column_number(&'a self, id: ViewId, line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        match id {
            ViewId::File(f) => self.sources.column_number(f, line_index, byte_index),
            ViewId::Excerpt(i) => {
                let x = self.excerpt(i)?;
                if byte_index == x.label_at {
                    return Ok(x.label_col);
                }
                let shown = x.text.get(x.lead..byte_index.max(x.lead)).map_or(0, |s| s.chars().count());
                Ok(x.first_col + shown)
            }
        }
    }
}
