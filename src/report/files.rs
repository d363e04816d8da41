//! Lets codespan-reporting read our [`Sources`] directly.

use codespan_reporting::files::{Error as FilesError, Files};

use crate::span::{FileId, Sources};

impl<'a> Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.get(id).map(|f| f.name.as_str()).ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.get(id).map(|f| f.text.as_str()).ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.get(id).ok_or(FilesError::FileMissing)?;
        Ok(f.line_col(byte_index).line - 1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<std::ops::Range<usize>, FilesError> {
        let f = self.get(id).ok_or(FilesError::FileMissing)?;
        let start = f.offset_of(line_index + 1, 1).ok_or(FilesError::LineTooLarge { given: line_index, max: 0 })?;
        let end = f.offset_of(line_index + 2, 1).unwrap_or(f.text.len());
        Ok(start..end)
    }
}
