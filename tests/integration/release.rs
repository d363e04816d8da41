//! Installing and releasing: `cargo install` gets the `pacta` binary
//! alone, `--version` names the commit, completions and man pages come
//! from the clap definitions, the release workflow builds every platform,
//! and (with `PACTA_DOCKER_TEST=1`) the Docker image runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

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
    let default = package["features"]["default"].as_array().cloned().unwrap_or_default();
    let installed: Vec<&str> = of_kind("bin")
        .into_iter()
        .filter(|t| t["required-features"].as_array().is_none_or(|r| r.iter().all(|f| default.contains(f))))
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

/// The release workflow as data (the YAML loader pacta itself uses).
fn workflow() -> Value {
    let path = root().join(".github/workflows/release.yml");
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn release_workflow_builds_every_platform_and_publishes_checksums() {
    let wf = workflow();
    assert_eq!(wf["on"]["push"]["tags"], serde_json::json!(["v*"]), "not released on v* tags");
    let build = &wf["jobs"]["build"];
    let targets: Vec<&str> = build["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&target), "no build for {target}");
    }
    let release = &wf["jobs"]["release"];
    assert_eq!(release["needs"], "build");
    assert_eq!(release["permissions"]["contents"], "write");
    let steps = release["steps"].as_array().unwrap();
    let runs: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    for needle in ["completions bash", "man --out-dir", "sha256sum", "tar -C", "zip -qr", "README.md", "LICENSE*"] {
        assert!(runs.contains(needle), "the release job does not run {needle:?}");
    }
    let publish = steps.iter().find(|s| s["uses"] == "softprops/action-gh-release@v2").unwrap();
    assert_eq!(publish["with"]["files"], "dist/*");
}

#[test]
fn release_workflow_uses_current_actions() {
    let wf = workflow();
    let uses: Vec<&str> = wf["jobs"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_array().unwrap())
        .filter_map(|s| s["uses"].as_str())
        .collect();
    for action in uses {
        let current = ["actions/checkout@v4", "actions/upload-artifact@v4", "actions/download-artifact@v4"];
        let (name, _) = action.split_once('@').unwrap_or_else(|| panic!("{action} is not pinned"));
        if let Some(want) = current.iter().find(|c| c.starts_with(&format!("{name}@"))) {
            assert_eq!(&action, want);
        }
    }
}

/// Builds the image and runs it; only with `PACTA_DOCKER_TEST=1` and a
/// reachable daemon, since the build pulls base images and takes minutes.
#[test]
fn docker_image_runs_pacta_on_the_bundled_library() {
    if std::env::var("PACTA_DOCKER_TEST").as_deref() != Ok("1") {
        println!("skipped: set PACTA_DOCKER_TEST=1 to build and run the Docker image");
        return;
    }
    let docker = |args: &[&str]| Command::new("docker").args(args).current_dir(root()).output();
    if !docker(&["info"]).is_ok_and(|o| o.status.success()) {
        println!("skipped: PACTA_DOCKER_TEST=1 but no docker daemon is reachable");
        return;
    }
    let tag = format!("pacta-test:{}", std::process::id());
    let revision = git(&["log", "-1", "--date=short", "--format=%h %cd"]).unwrap_or_default();
    let built = docker(&["build", "-t", &tag, "--build-arg", &format!("PACTA_REVISION={revision}"), "."]).unwrap();
    assert!(built.status.success(), "docker build failed:\n{}", text(&built.stderr));
    let version = docker(&["run", "--rm", &tag, "--version"]).unwrap();
    let checked = docker(&["run", "--rm", &tag, "check", "/usr/share/pacta/rules"]).unwrap();
    docker(&["rmi", &tag]).ok();
    assert_eq!(code(&version), 0, "{}", text(&version.stderr));
    assert!(text(&version.stdout).starts_with(&format!("pacta {} (", env!("CARGO_PKG_VERSION"))));
    assert_eq!(code(&checked), 0, "{}{}", text(&checked.stdout), text(&checked.stderr));
    assert!(text(&checked.stdout).contains("0 errors"), "{}", text(&checked.stdout));
}

#[test]
fn docker_context_keeps_what_the_build_needs() {
    let ignore = std::fs::read_to_string(root().join(".dockerignore")).unwrap();
    let patterns: Vec<&str> = ignore.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    assert!(patterns.contains(&".git") && patterns.contains(&"target/"), "{ignore}");
    // Cargo refuses a manifest whose declared targets are missing, so the
    // benches go in with the sources; the image ships rules/.
    for needed in ["Cargo.toml", "Cargo.lock", "build.rs", "src", "grammar", "benches", "rules"] {
        assert!(root().join(needed).exists(), "{needed} is gone");
        assert!(
            !patterns.iter().any(|p| p.trim_end_matches('/') == needed || *p == "*"),
            ".dockerignore leaves out {needed}"
        );
    }
}
