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
    let reports = common::check_error_cases("tests/syntax/errors", "pacta", |path, text| {
        let mut sources = Sources::new();
        let file = sources.add(path.to_path_buf(), text.to_string());
        let errors = pacta::syntax::parse(file, text).expect_err(&path.display().to_string());
        let diags: Vec<Diagnostic> = errors.into_iter().map(|e| Diagnostic::from(&pacta::Error::Syntax(e))).collect();
        (sources, diags)
    });
    for (name, report) in reports {
        insta::assert_snapshot!(name, report);
    }
}
