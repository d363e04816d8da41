//! `file:` URIs to paths and back. A document with another scheme
//! (`untitled:`, a remote file) has no path: it is checked from its text
//! alone, and nothing it names is read. Paths are made absolute and
//! normal (`a/./b/../c` → `a/c`) without resolving links, so a location
//! pacta reports names a file as the editor opened it.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The local path a `file:` URI names, if it is one.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let scheme_end = text.find(':')?;
    if !text[..scheme_end].eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = text[scheme_end + 1..].split(['?', '#']).next()?;
    let rest = rest.strip_prefix("//")?;
    let slash = rest.find('/')?;
    let (host, path) = rest.split_at(slash);
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let bytes = decode(path)?;
    if bytes.contains(&0) {
        return None;
    }
    from_bytes(bytes)
}

#[cfg(unix)]
fn from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/dir` is `C:/dir`.
    let text = match text.strip_prefix('/') {
        Some(rest) if rest.as_bytes().get(1) == Some(&b':') => rest.to_string(),
        _ => text,
    };
    Some(PathBuf::from(text))
}

/// `%XX` escapes decoded; a malformed escape makes no path.
fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of a path (made absolute from the working directory).
pub fn from_path(path: &Path) -> Option<Uri> {
    let absolute = normal(&std::path::absolute(path).ok()?);
    let mut text = String::from("file://");
    #[cfg(not(unix))]
    text.push('/');
    for &b in path_bytes(&absolute)?.iter() {
        let plain = b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~');
        if plain {
            text.push(char::from(b));
        } else {
            text.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&text).ok()
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    Some(path.as_os_str().as_bytes().to_vec())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Option<Vec<u8>> {
    Some(path.to_str()?.replace('\\', "/").into_bytes())
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub fn normal(path: &Path) -> PathBuf {
    crate::rules::normalize(path)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn uri(text: &str) -> Uri {
        Uri::from_str(text).unwrap()
    }

    #[test]
    #[cfg(unix)]
    fn file_uris_round_trip_through_paths() {
        for path in ["/tmp/rules/a.pacta", "/tmp/with space/é #1.pacta", "/tmp/per%cent"] {
            let u = from_path(Path::new(path)).unwrap();
            assert!(!u.as_str().contains(' '), "{}", u.as_str());
            assert_eq!(to_path(&u).unwrap(), PathBuf::from(path), "{}", u.as_str());
        }
        assert_eq!(from_path(Path::new("/a/./b/../c.pacta")).unwrap().as_str(), "file:///a/c.pacta");
        assert_eq!(to_path(&uri("file://localhost/x/y.pacta")).unwrap(), PathBuf::from("/x/y.pacta"));
        assert_eq!(to_path(&uri("FILE:///x/%C3%A9.pacta")).unwrap(), PathBuf::from("/x/é.pacta"));
    }

    #[test]
    fn other_uris_have_no_path() {
        for text in ["untitled:Untitled-1", "https://example.org/a.pacta", "file://server/share/a.pacta"] {
            assert_eq!(to_path(&uri(text)), None, "{text}");
        }
        assert_eq!(to_path(&uri("file:///a%00b")), None);
    }
}
