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
    let mut diags: Vec<Diagnostic> =
        match pacta::load_rules(std::slice::from_ref(path), &mut sources, &common::project()) {
            Ok(checked) => checked.warnings.into_iter().map(|w| Diagnostic::from(&pacta::Error::Check(w))).collect(),
            Err(errors) => errors.iter().map(Diagnostic::from).collect(),
        };
    report::sort(&mut diags);
    (sources, diags)
}

#[test]
fn error_cases_report_exactly_their_expected_errors() {
    let reports = common::check_error_cases("tests/check/errors", "pacta", |path, _| run(&path.to_path_buf()));
    for (name, report) in reports {
        insta::assert_snapshot!(name, report);
    }
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

#[test]
fn a_library_file_keeps_its_warnings_to_itself_unless_named() {
    let main = common::root().join("tests/check/ok/allowed_warnings.pacta");
    let lib = common::root().join("tests/check/ok/lib/spare.pacta");
    let warnings = |paths: &[PathBuf]| -> Vec<String> {
        let mut sources = Sources::new();
        let checked = pacta::load_rules(paths, &mut sources, &common::project()).unwrap();
        checked.warnings.iter().map(|w| w.to_string()).collect()
    };
    // Imported only: its unused definition is the library's business.
    assert!(warnings(std::slice::from_ref(&main)).is_empty());
    // Named on the command line too: it is checked as the user's own.
    assert_eq!(warnings(&[main, lib]), ["definition `library_spare` is never used"]);
}
