//! `editors/vscode`: its node tests tokenise a sample with the TextMate
//! grammar (vscode-textmate on oniguruma, as VS Code does) and check the
//! scopes of each kind of token, and load the extension against a stand-in
//! for VS Code. Where node or the packages are missing the test says so
//! and passes, except in CI (`CI=true`), where `.ci/run` installs them.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;

/// Longer than the node tests ever take; past it they are killed.
const LIMIT: Duration = Duration::from_secs(120);

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Skips (with a notice) locally, fails in CI.
fn missing(what: &str) {
    assert!(!in_ci(), "{what}; CI must have it (.ci/run installs it)");
    eprintln!("note: skipping the editor grammar's tests: {what}");
}

#[test]
fn the_grammar_and_the_extension_pass_their_node_tests() {
    let dir = common::root().join("editors/vscode");
    if Command::new("node").arg("--version").output().is_err() {
        return missing("node is not installed");
    }
    if !dir.join("node_modules/vscode-textmate").is_dir() {
        return missing("its packages are not installed (`npm ci --prefix editors/vscode`)");
    }
    let mut child = Command::new("npm")
        .args(["test", "--silent"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("npm");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("the node tests took over {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let passed = stdout.lines().find_map(|l| l.strip_prefix("# pass ")).and_then(|n| n.trim().parse::<u32>().ok());
    assert!(passed.is_some_and(|n| n >= 13), "{stdout}");
    assert!(stdout.lines().any(|l| l == "# fail 0"), "{stdout}");
}

/// The words of a `name = @{ ("a" | "b" …) … }` rule of the pest grammar.
fn words_of(pest: &str, rule: &str) -> Vec<String> {
    let line = pest.lines().find(|l| l.starts_with(&format!("{rule} ="))).unwrap_or_else(|| panic!("no rule {rule}"));
    line.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

/// Every reserved word, duration unit and item keyword of the language is
/// in some rule of the TextMate grammar, as a whole word of a `match`.
#[test]
fn the_grammar_knows_every_keyword_of_the_language() {
    let pest = std::fs::read_to_string(common::root().join("grammar/pacta.pest")).unwrap();
    let grammar = common::root().join("editors/vscode/syntaxes/pacta.tmLanguage.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&grammar).unwrap()).unwrap();
    let mut patterns = Vec::new();
    collect_matches(&json, &mut patterns);
    let items = ["import", "enum", "record", "entity", "treaty", "parties", "param", "def", "article", "clause"];
    let statements = ["text", "forbid", "require", "review", "unless", "due", "severity", "message", "ensure", "where"];
    let mut words = words_of(&pest, "keyword");
    words.extend(words_of(&pest, "duration_unit"));
    words.extend(items.iter().chain(&statements).map(|w| w.to_string()));
    assert!(words.len() > 40, "{words:?}");
    let missing: Vec<&String> = words.iter().filter(|w| !patterns.iter().any(|p| has_word(p, w))).collect();
    assert!(
        missing.is_empty(),
        "{} lacks {missing:?}",
        Path::new("editors/vscode/syntaxes/pacta.tmLanguage.json").display()
    );
}

/// The `match` and `begin` regexes of a grammar, everywhere in it.
fn collect_matches(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("match" | "begin", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => collect_matches(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_matches(v, out)),
        _ => {}
    }
}

/// Whether `word` is an alternative of `pattern` (between `(`, `|`, `)`
/// or `\b`), or a `days?`-style optional plural of one.
fn has_word(pattern: &str, word: &str) -> bool {
    let plural = format!("{}s?", word.strip_suffix('s').unwrap_or(word));
    let alternatives = pattern.split(['(', ')', '|']).map(|a| a.trim_start_matches("\\b").trim_end_matches("\\b"));
    alternatives.map(|a| a.trim_start_matches("?:")).any(|a| a == word || a == plural)
}
