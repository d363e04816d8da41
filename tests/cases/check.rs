//! Static-check cases: each `tests/check/errors/*.pacta` (or a directory of
//! files, for imports) fails with exactly the errors and warnings its header
//! lists, at those positions; `tests/check/ok/*.pacta` check cleanly. One
//! test per file: `check::errors::NAME`, `check::ok::NAME`.

use std::path::PathBuf;

use libtest_mimic::Trial;
use pacta::report::{self, Diagnostic};
use pacta::span::Sources;

use crate::{common, plain, trial};

pub fn trials() -> Vec<Trial> {
    let dir = common::root().join("tests/check");
    let ok = common::files(&dir.join("ok"), "pacta");
    let errors = common::files(&dir.join("errors"), "pacta");
    assert!(!ok.is_empty() && !errors.is_empty(), "no cases found in {}", dir.display());
    let mut out: Vec<Trial> = Vec::new();
    for path in errors {
        out.push(trial(crate::case_name("check", &dir, &path), move || {
            let report = common::check_error_case(&path, |path, _| run(&path.to_path_buf()));
            let name = common::case_name(&path);
            insta::assert_snapshot!(name.trim_start_matches("check__"), report);
        }));
    }
    for path in ok {
        out.push(trial(crate::case_name("check", &dir, &path), move || {
            let (sources, diags) = run(&path);
            assert!(diags.is_empty(), "{}:\n{}", path.display(), common::render(&sources, &diags));
        }));
    }
    out.push(plain!("check", a_library_file_keeps_its_warnings_to_itself_unless_named));
    out
}

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
