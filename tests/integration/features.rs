//! The library without the command line: with `default-features = false`
//! none of the CLI's dependencies may reach a library user's build. Asked
//! of Cargo itself (`cargo tree`, offline: the lock file and the crates
//! the test build already fetched are all it needs).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::process::Command;

/// What only the `cli` feature may bring in (each with its own helper
/// crates: `clap_builder`, `rayon-core`, `toml_parser` …).
const CLI_ONLY: [&str; 11] = [
    "clap",
    "clap_complete",
    "clap_mangen",
    "rayon",
    "toml",
    "glob",
    "indicatif",
    "lsp-server",
    "lsp-types",
    "similar",
    "notify-debouncer-mini",
];

/// The names of the crates in pacta's normal dependency tree.
fn tree(features: &[&str]) -> BTreeSet<String> {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--locked", "--offline", "-e", "normal", "--prefix", "none", "--format", "{p}"])
        .args(features)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines().filter_map(|l| l.split_whitespace().next()).map(str::to_owned).collect()
}

/// The crates of `names` that are one of `CLI_ONLY` or its helpers.
fn cli_crates(names: &BTreeSet<String>) -> Vec<&str> {
    let of =
        |name: &str, dep: &str| name == dep || name.strip_prefix(dep).is_some_and(|rest| rest.starts_with(['_', '-']));
    names.iter().map(String::as_str).filter(|n| CLI_ONLY.iter().any(|dep| of(n, dep))).collect()
}

#[test]
fn the_library_alone_has_none_of_the_cli_dependencies() {
    let names = tree(&["--no-default-features"]);
    // The tree is read right: the engine's own dependencies are in it.
    for engine in ["pacta", "pest", "serde-saphyr", "geo"] {
        assert!(names.contains(engine), "`{engine}` missing from {names:?}");
    }
    assert_eq!(cli_crates(&names), Vec::<&str>::new(), "the CLI's dependencies crept into the library's tree");
}

#[test]
fn the_default_build_has_every_cli_dependency() {
    // Otherwise the test above could pass by reading names wrong.
    let names = tree(&[]);
    let found = cli_crates(&names);
    for dep in CLI_ONLY {
        assert!(found.contains(&dep), "`{dep}` missing from the default tree: {found:?}");
    }
}
