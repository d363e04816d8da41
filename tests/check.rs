//! Static-check cases: each `tests/check/errors/*.pacta` (or a directory of
//! files, for imports) fails with exactly the errors and warnings its header
//! lists, at those positions; `tests/check/ok/*.pacta` check cleanly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;

use pacta::report::{self, Diagnostic};
use pacta::span::Sources;

fn run(path: &PathBuf) -> (Sources, Vec<Diagnostic>) {
    let mut sources = Sources::new();
    let mut diags: Vec<Diagnostic> = match pacta::load_rules(std::slice::from_ref(path), &mut sources) {
        Ok(checked) => checked.warnings.into_iter().map(|w| Diagnostic::from(&pacta::Error::Check(w))).collect(),
        Err(errors) => errors.iter().map(Diagnostic::from).collect(),
    };
    report::sort(&mut diags);
    (sources, diags)
}

#[test]
fn error_cases_report_exactly_their_expected_errors() {
    let cases = common::files(&common::root().join("tests/check/errors"), "pacta");
    assert!(!cases.is_empty(), "no cases found");
    let mut mismatches = Vec::new();
    for path in cases {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = common::expected_errors(&text);
        assert!(!expected.is_empty(), "{}: no `// expect:` header", path.display());
        let (sources, diags) = run(&path);
        let actual = common::actual_errors(&sources, &diags);
        if actual != expected {
            mismatches.push(format!("{}\n  expected {expected:?}\n  actual   {actual:?}", path.display()));
            continue;
        }
        insta::assert_snapshot!(common::case_name(&path), common::render(&sources, &diags));
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn ok_cases_check_cleanly() {
    let cases = common::files(&common::root().join("tests/check/ok"), "pacta");
    assert!(!cases.is_empty(), "no cases found");
    for path in cases {
        let (sources, diags) = run(&path);
        assert!(diags.is_empty(), "{}:\n{}", path.display(), common::render(&sources, &diags));
    }
}
