//! Installing and releasing: `cargo install` gets the `pacta` binary
//! alone, `--version` names the commit, completions and man pages come
//! from the clap definitions, the release workflow builds every platform,
//! and (with `PACTA_DOCKER_TEST=1`) the Docker image runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::root;
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

