//! Syntax cases: `tests/syntax/ok/*.pacta` parse, print back as pacta
//! (snapshotted) and re-parse to the same tree; `tests/syntax/errors/*.pacta`
//! fail with the errors their header lists, rendered in a snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use pacta::report::Diagnostic;
use pacta::span::Sources;

#[test]
fn ok_cases_parse_print_and_round_trip() {
    let cases = common::files(&common::root().join("tests/syntax/ok"), "pacta");
    assert!(!cases.is_empty(), "no cases found");
    for path in cases {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut sources = Sources::new();
        let file = sources.add(path.clone(), text.clone());
        let module = pacta::syntax::parse(file, &text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let printed = module.to_string();
        let again = pacta::syntax::parse(file, &printed)
            .unwrap_or_else(|e| panic!("{} reprint: {e:?}\n{printed}", path.display()));
        assert_eq!(module, again, "{}: printing and re-parsing changed the tree", path.display());
        insta::assert_snapshot!(common::case_name(&path), printed);
    }
}

#[test]
fn error_cases_report_exactly_their_expected_errors() {
    let cases = common::files(&common::root().join("tests/syntax/errors"), "pacta");
    assert!(!cases.is_empty(), "no cases found");
    let mut mismatches = Vec::new();
    for path in cases {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = common::expected_errors(&text);
        assert!(!expected.is_empty(), "{}: no `// expect:` header", path.display());
        let mut sources = Sources::new();
        let file = sources.add(path.clone(), text.clone());
        let errors = pacta::syntax::parse(file, &text).expect_err(&path.display().to_string());
        let diags: Vec<Diagnostic> = errors.into_iter().map(|e| Diagnostic::from(&pacta::Error::Syntax(e))).collect();
        let actual = common::actual_errors(&sources, &diags);
        if actual != expected {
            mismatches.push(format!("{}\n  expected {expected:?}\n  actual   {actual:?}", path.display()));
            continue;
        }
        insta::assert_snapshot!(common::case_name(&path), common::render(&sources, &diags));
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
