//! Syntax cases: `tests/syntax/ok/*.pacta` parse, print back as pacta
//! (snapshotted) and re-parse to the same tree; `tests/syntax/errors/*.pacta`
//! fail with the errors their header lists, rendered in a snapshot. One test
//! per file: `syntax::ok::NAME`, `syntax::errors::NAME`.

use std::path::PathBuf;

use libtest_mimic::Trial;
use pacta::report::Diagnostic;
use pacta::span::Sources;

use crate::common::{self, shape};
use crate::{plain, trial};

pub fn trials() -> Vec<Trial> {
    let dir = common::root().join("tests/syntax");
    let ok = common::files(&dir.join("ok"), "pacta");
    let errors = common::files(&dir.join("errors"), "pacta");
    assert!(!ok.is_empty() && !errors.is_empty(), "no cases found in {}", dir.display());
    let mut out: Vec<Trial> = Vec::new();
    for path in ok {
        out.push(trial(crate::case_name("syntax", &dir, &path), move || parses_prints_and_round_trips(path)));
    }
    for path in errors {
        out.push(trial(crate::case_name("syntax", &dir, &path), move || reports_its_expected_errors(path)));
    }
    out.push(plain!("syntax", trees_at_different_places_differ_but_have_the_same_shape));
    out
}

/// The snapshot name of a case: `ok__NAME` or `errors__NAME`.
fn snapshot_name(path: &std::path::Path) -> String {
    common::case_name(path).trim_start_matches("syntax__").to_string()
}

fn parses_prints_and_round_trips(path: PathBuf) {
    let text = std::fs::read_to_string(&path).unwrap();
    let mut sources = Sources::new();
    let file = sources.add(path.clone(), text.clone());
    let module = pacta::syntax::parse(file, &text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    let printed = module.to_string();
    let again =
        pacta::syntax::parse(file, &printed).unwrap_or_else(|e| panic!("{} reprint: {e:?}\n{printed}", path.display()));
    // Spans differ (the printed text is laid out anew); the tree must not.
    assert_eq!(shape(&module), shape(&again), "{}: printing and re-parsing changed the tree", path.display());
    insta::assert_snapshot!(snapshot_name(&path), printed);
}

fn reports_its_expected_errors(path: PathBuf) {
    let report = common::check_error_case(&path, |path, text| {
        let mut sources = Sources::new();
        let file = sources.add(path.to_path_buf(), text.to_string());
        let errors = pacta::syntax::parse(file, text).expect_err(&path.display().to_string());
        let diags: Vec<Diagnostic> = errors.into_iter().map(|e| Diagnostic::from(&pacta::Error::Syntax(e))).collect();
        (sources, diags)
    });
    insta::assert_snapshot!(snapshot_name(&path), report);
}

fn trees_at_different_places_differ_but_have_the_same_shape() {
    let text = "treaty t \"T\" { param baseline: date = 1997-05-27 }\n";
    let moved = format!("\n  {text}");
    let file = pacta::span::FileId(0);
    let (a, b) = (pacta::syntax::parse(file, text).unwrap(), pacta::syntax::parse(file, &moved).unwrap());
    assert_ne!(a, b, "spans take part in equality");
    assert_eq!(shape(&a), shape(&b));
}
