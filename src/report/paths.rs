//! File paths as machine formats name them: absolute, with `.` and `..`
//! resolved by name, and relative to a project root (SARIF's
//! `%SRCROOT%`, GitLab's repository-relative `path`), and the
//! fingerprints that identify a finding whatever its path or line.

use std::path::{Path, PathBuf};

/// `file:///abs/root/`, with the trailing slash SARIF requires of a base.
pub(super) fn directory_uri(root: &Path) -> String {
    let text = escape_uri(&normalise(root).to_string_lossy());
    let text = if text.starts_with('/') { text } else { format!("/{text}") };
    if text.ends_with('/') { format!("file://{text}") } else { format!("file://{text}/") }
}

/// An absolute path with `.` and `..` resolved by name (not by following
/// links: the file is named as the user named it).
pub(super) fn normalise(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A URI path: forward slashes; `%`, spaces and characters URIs reserve escaped.
pub(super) fn escape_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for ch in path.replace('\\', "/").chars() {
        match ch {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' => out.push(ch),
            c => {
                for b in c.encode_utf8(&mut [0; 4]).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// `path` relative to `root` (both made absolute), if it lies inside it.
pub(super) fn relative_to(root: &Path, path: &Path) -> Option<PathBuf> {
    normalise(path).strip_prefix(normalise(root)).ok().map(Path::to_path_buf)
}

/// A stable hash of `parts` (FNV-1a, 64 bits, hex): the same on every
/// platform and Rust version, unlike `DefaultHasher`.
pub(super) fn fingerprint(parts: &[&str]) -> String {
    let mut hash = Fnv::new();
    for part in parts {
        hash.part(part);
    }
    format!("{:016x}", hash.finish())
}

/// FNV-1a, 64 bits, fed a piece at a time: a report hashes a finding's
/// parts where they are instead of joining them first.
pub(super) struct Fnv(u64);

impl Fnv {
    pub fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// A part of [`fingerprint`]: its bytes and a NUL.
    pub fn part(&mut self, text: &str) {
        self.write(text.as_bytes());
        self.write(&[0]);
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}
