//! Reading one file as text, within a size cap, from a trusted or an
//! untrusted origin.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::Access;

/// What a file is for; each kind has its own size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A `*.pacta` rule file.
    Rules,
    /// A YAML scenario or a file it includes.
    Scenario,
    /// `pacta.toml`.
    Config,
}

impl Kind {
    /// The largest file of this kind pacta reads. Rule files: 8 MiB, far
    /// above the bundled library (30 kB). Scenarios: 1 GiB, ten times a
    /// million-fact scenario, whose evaluation needs ~7× the file in
    /// memory. Spans hold `u32` offsets, so no kind may exceed 4 GiB.
    pub fn max_bytes(self) -> u64 {
        match self {
            Kind::Rules => crate::syntax::MAX_RULE_FILE_BYTES as u64,
            Kind::Scenario => 1 << 30,
            Kind::Config => 1 << 20,
        }
    }

    pub(super) fn noun(self) -> &'static str {
        match self {
            Kind::Rules => "rule file",
            Kind::Scenario => "scenario file",
            Kind::Config => "pacta.toml",
        }
    }
}

/// Where a path came from, which decides what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Named on the command line: anything readable, a pipe included
    /// (`<(generate)`), wherever it is.
    CommandLine,
    /// Named in a file or found by a walk: a regular file inside the
    /// project. `/dev/zero` would be read forever, `/dev/stdin` would block.
    Untrusted,
}

/// Why a file was not read. None of these quotes the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    #[error("no such file or directory")]
    NotFound,
    #[error("it is a directory")]
    Directory,
    #[error("not a regular file (a device, pipe or socket)")]
    NotRegular,
    #[error("larger than the {limit} bytes a {noun} may have")]
    TooLarge { limit: u64, noun: &'static str },
    #[error("outside the project ({roots})")]
    Outside { roots: String },
    #[error("not UTF-8 text")]
    NotUtf8,
    #[error("{0}")]
    Io(String),
    /// A directory named on the command line in which a walk found no file
    /// of the kind wanted: a run over it would check nothing.
    #[error("holds no `*.{ext}` file")]
    NothingFound { ext: &'static str },
}

impl crate::Diagnose for ReadError {
    fn code(&self) -> &'static str {
        match self {
            ReadError::Outside { .. } => "pacta::outside-project",
            ReadError::TooLarge { .. } => "pacta::file-too-large",
            ReadError::NotRegular => "pacta::not-a-file",
            ReadError::NothingFound { .. } => "pacta::no-files",
            _ => "pacta::io",
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            ReadError::Outside { .. } => Some(
                "imports, includes and the files a directory walk finds stay inside the project: the directory \
                 of pacta.toml, and the paths given on the command line; `--allow-outside` lifts this"
                    .into(),
            ),
            ReadError::TooLarge { .. } => Some("split the file into several, joined by `import` or `include:`".into()),
            ReadError::NotRegular => {
                Some("name a regular file; a device or pipe can only be given on the command line".into())
            }
            ReadError::NotUtf8 => Some("save the file as UTF-8".into()),
            ReadError::NothingFound { .. } => {
                Some("name a directory that holds rule files, or the files themselves; nothing was checked".into())
            }
            _ => None,
        }
    }
}

impl ReadError {
    pub(super) fn of(e: &std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            std::io::ErrorKind::InvalidData => ReadError::NotUtf8,
            _ => ReadError::Io(e.to_string()),
        }
    }
}

/// Reads `path` as text. An untrusted path is checked against `access`
/// first and the file its links resolve to is the one read, so a link
/// swapped between check and read changes nothing. A byte-order mark is
/// dropped: editors on Windows write one, and it is no part of the text.
pub fn read(path: &Path, kind: Kind, origin: Origin, access: &Access) -> Result<String, ReadError> {
    if origin == Origin::CommandLine && kind == Kind::Scenario && is_stdin(path) {
        return stdin(kind);
    }
    let path: PathBuf = match origin {
        Origin::CommandLine => path.to_path_buf(),
        Origin::Untrusted => access.check(path)?,
    };
    let file = std::fs::File::open(&path).map_err(|e| ReadError::of(&e))?;
    let meta = file.metadata().map_err(|e| ReadError::of(&e))?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if origin == Origin::Untrusted && !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > kind.max_bytes() {
        return Err(ReadError::TooLarge { limit: kind.max_bytes(), noun: kind.noun() });
    }
    // The whole file in one allocation: a 100 MB scenario read into a
    // growing buffer would take 128 MB and copy itself on the way.
    let size = usize::try_from(meta.len()).unwrap_or(0);
    bounded(file, kind, size)
}

/// The text of `source`, at most the kind's cap, without a byte-order mark.
fn bounded(source: impl std::io::Read, kind: Kind, size: usize) -> Result<String, ReadError> {
    let limit = kind.max_bytes();
    let mut text = String::with_capacity(size);
    // `take`: a file that grows while it is read, or a pipe, still stops.
    source.take(limit + 1).read_to_string(&mut text).map_err(|e| ReadError::of(&e))?;
    if text.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, noun: kind.noun() });
    }
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// The file name that stands for standard input: `pacta check rules/ -`
/// judges the scenario piped in, named `<stdin>` in reports, its includes
/// resolved against the directory the name is placed in (`--base-dir`).
pub const STDIN_NAME: &str = "<stdin>";

/// Whether `path` names standard input ([`STDIN_NAME`]).
pub fn is_stdin(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == STDIN_NAME)
}

/// Standard input, read once per process however often it is asked for
/// (`diff` loads its scenarios once per rule set), within `kind`'s cap.
pub fn stdin(kind: Kind) -> Result<String, ReadError> {
    static TEXT: std::sync::OnceLock<Result<String, ReadError>> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| bounded(std::io::stdin().lock(), kind, 0)).clone()
}
