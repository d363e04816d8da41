//! Build script: records which commit a binary was built from, for
//! `pacta --version` (`PACTA_REVISION`, e.g. `9438d18 2026-12-07`). A
//! build outside a git checkout (a crate tarball, a Docker context without
//! `.git`) says `unknown` unless `PACTA_REVISION` is set in the
//! environment, so that such builds can still name their source.

use std::path::{Path, PathBuf};
use std::process::Command;

const OVERRIDE: &str = "PACTA_REVISION";

fn main() {
    // Naming any file stops Cargo rerunning this on every source change.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed={OVERRIDE}");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let revision = match std::env::var(OVERRIDE) {
        Ok(given) if !given.trim().is_empty() => given.trim().to_owned(),
        _ => from_git(&dir).unwrap_or_else(|| "unknown".to_owned()),
    };
    println!("cargo:rustc-env={OVERRIDE}={revision}");
}

/// The short hash and commit date of HEAD, and the files to watch so the
/// script reruns only when HEAD moves (not on every source change).
fn from_git(dir: &Path) -> Option<String> {
    // Only this crate's own checkout counts: a tarball unpacked inside some
    // other repository must not report that repository's commit.
    if !dir.join(".git").exists() {
        return None;
    }
    watch_head(dir);
    let hash = git(dir, &["rev-parse", "--short", "HEAD"])?;
    let date = git(dir, &["log", "-1", "--date=short", "--format=%cd", "HEAD"])?;
    Some(format!("{hash} {date}"))
}

/// HEAD, the branch it points to and packed-refs; `--git-path` resolves
/// them for linked worktrees too, whose HEAD and refs live apart. Only
/// files that exist are named: Cargo reruns every build for a missing one.
fn watch_head(dir: &Path) {
    let mut paths = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    paths.extend(git(dir, &["symbolic-ref", "-q", "HEAD"]));
    for name in paths {
        let Some(path) = git(dir, &["rev-parse", "--git-path", &name]) else { continue };
        let path = dir.join(path);
        if path.is_file() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

/// One line of git's output, or `None` when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).current_dir(dir).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let line = text.trim();
    (out.status.success() && !line.is_empty()).then(|| line.to_owned())
}
