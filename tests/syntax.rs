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
        // Spans differ (the printed text is laid out anew); the tree must not.
        assert_eq!(shape(&module), shape(&again), "{}: printing and re-parsing changed the tree", path.display());
        insta::assert_snapshot!(common::case_name(&path), printed);
    }
}

#[test]
fn trees_at_different_places_differ_but_have_the_same_shape() {
    let text = "treaty t \"T\" { param baseline: date = 1997-05-27 }\n";
    let moved = format!("\n  {text}");
    let file = pacta::span::FileId(0);
    let (a, b) = (pacta::syntax::parse(file, text).unwrap(), pacta::syntax::parse(file, &moved).unwrap());
    assert_ne!(a, b, "spans take part in equality");
    assert_eq!(shape(&a), shape(&b));
}

/// A tree's structure without its locations: its `Debug` text with every
/// `Span { … }` replaced by `_` (spans compare by place, as they must for
/// findings; two layouts of one tree differ only there).
fn shape(tree: &impl std::fmt::Debug) -> String {
    let text = format!("{tree:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("Span { file: ") {
        out.push_str(&rest[..at]);
        out.push('_');
        let after = &rest[at..];
        rest = after.find(" }").map_or("", |end| &after[end + 2..]);
    }
    out.push_str(rest);
    out
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
