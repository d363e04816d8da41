//! Installing and releasing: `cargo install` gets the `pacta` binary
//! alone, `--version` names the commit, completions and man pages come
//! from the clap definitions, the release workflow builds every platform,
//! and (with `PACTA_DOCKER_TEST=1`) the Docker image runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::{code, pacta, root};
use serde_json::Value;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Cargo's own view of the package, auto-discovered targets included.
fn metadata() -> Value {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn cargo_install_installs_pacta_alone() {
    let meta = metadata();
    let package = meta["packages"].as_array().unwrap().iter().find(|p| p["name"] == "pacta").unwrap();
    let targets = package["targets"].as_array().unwrap();
    let of_kind = |kind: &str| -> Vec<&Value> {
        targets.iter().filter(|t| t["kind"].as_array().unwrap().iter().any(|k| k == kind)).collect()
    };
    // `cargo install` builds every binary whose required features are on by default.
    let installed: Vec<&str> = of_kind("bin")
        .into_iter()
        .filter(|t| t["required-features"].as_array().is_none_or(Vec::is_empty))
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(installed, ["pacta"], "`cargo install` would install more than pacta");
    // The bench scripts and docs run the generator as an example.
    assert!(of_kind("example").iter().any(|t| t["name"] == "pacta-gen"), "the pacta-gen example is gone");
}

/// `pacta X.Y.Z (REV DATE)` or `pacta X.Y.Z (unknown)`: the revision part.
fn revision(version_line: &str) -> &str {
    let rest = version_line.strip_prefix("pacta ").unwrap_or_else(|| panic!("{version_line:?}"));
    let (semver, rev) = rest.split_once(' ').unwrap_or_else(|| panic!("{version_line:?}"));
    assert_eq!(semver, env!("CARGO_PKG_VERSION"), "{version_line:?}");
    rev.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or_else(|| panic!("{version_line:?}"))
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).current_dir(root()).output().ok()?;
    out.status.success().then(|| text(&out.stdout).trim().to_owned())
}

#[test]
fn version_names_the_release_and_the_commit() {
    let o = pacta(&["--version"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let stdout = text(&o.stdout);
    let line = stdout.strip_suffix('\n').unwrap_or_else(|| panic!("{stdout:?}"));
    let rev = revision(line);
    if rev != "unknown" {
        let (hash, date) = rev.split_once(' ').unwrap_or_else(|| panic!("{line:?}"));
        assert!(hash.len() >= 7 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{line:?}");
        assert!(pacta::calendar::parse_date(date).is_ok(), "{line:?}");
    }
    // In a git checkout, the build names HEAD (unless told otherwise).
    let in_repo = root().join(".git").exists() && std::env::var_os("PACTA_REVISION").is_none();
    if let (true, Some(hash)) = (in_repo, git(&["rev-parse", "--short", "HEAD"])) {
        let date = git(&["log", "-1", "--date=short", "--format=%cd", "HEAD"]).unwrap();
        assert_eq!(rev, format!("{hash} {date}"), "{line:?}");
    }
}

#[test]
fn bash_completions_know_the_subcommands_and_flags() {
    let o = pacta(&["completions", "bash"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let script = text(&o.stdout);
    for word in ["pacta", "check", "explain", "--fail-on", "--min-confidence", "completions"] {
        assert!(script.contains(word), "bash completions lack {word}");
    }
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let o = pacta(&["completions", shell]);
        assert_eq!(code(&o), 0, "{shell}: {}", text(&o.stderr));
        assert!(text(&o.stdout).contains("--fail-on"), "{shell} completions lack --fail-on");
    }
    let o = pacta(&["completions", "tcsh"]);
    assert_eq!(code(&o), 2, "an unknown shell is an argument error");
}

#[test]
fn man_page_lists_the_subcommands() {
    let o = pacta(&["man"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let page = text(&o.stdout);
    assert!(page.contains(".TH pacta 1"), "{page}");
    assert!(page.contains(env!("CARGO_PKG_VERSION")), "the page does not name the version");
    for sub in ["check", "test", "timeline", "diff", "explain", "completions", "man"] {
        assert!(page.contains(&format!("pacta\\-{sub}(1)")), "the page does not list {sub}");
    }
}

#[test]
fn man_out_dir_writes_a_page_per_subcommand() {
    let dir = std::env::temp_dir().join(format!("pacta-man-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    let o = pacta(&["man", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(o.stdout.is_empty(), "pages went to standard output too");
    let page = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(page("pacta.1").contains(".TH pacta 1"));
    let check = page("pacta-check.1");
    assert!(check.contains(".TH pacta-check 1") && check.contains("fail\\-on"), "{check}");
    assert!(check.contains(env!("PACTA_REVISION")), "the check page does not name the build");
    for sub in ["test", "timeline", "diff", "explain", "completions", "man"] {
        assert!(dir.join(format!("pacta-{sub}.1")).is_file(), "no page for {sub}");
    }
    std::fs::remove_dir_all(&dir).ok();
    // A directory that cannot be made is reported, not a panic.
    let o = pacta(&["man", "--out-dir", "Cargo.toml/man"]);
    assert_eq!(code(&o), 3, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("cannot write the manual pages"), "{}", text(&o.stderr));
}

