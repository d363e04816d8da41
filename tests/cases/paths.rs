//! The `# paths:` header of evaluation cases (`tests/eval/*/scenario.yaml`,
//! `examples/**/*.yaml`): which paths a case runs on, and the runner's
//! refusal of a single path without a reason.

use libtest_mimic::Trial;

use crate::common::Paths;
use crate::plain;

pub fn trials() -> Vec<Trial> {
    vec![
        plain!("paths", both_is_the_default),
        plain!("paths", one_path_needs_a_reason),
        plain!("paths", unknown_paths_and_second_headers_are_refused),
    ]
}

fn both_is_the_default() {
    assert_eq!(Paths::of("as_of: 2022-01-01\n"), Ok(Paths::Both));
    assert_eq!(Paths::of("# paths: both\nas_of: 2022-01-01\n"), Ok(Paths::Both));
    let both = Paths::Both;
    assert!(both.compiled() && both.interpreter());
}

fn one_path_needs_a_reason() {
    let why = "the compiled path has no kernel for series yet";
    let interpreter = Paths::of(&format!("# paths: interpreter: {why}\n")).unwrap();
    assert_eq!(interpreter, Paths::Interpreter(why.into()));
    assert!(interpreter.interpreter() && !interpreter.compiled());
    let compiled = Paths::of(&format!("  # paths: compiled: {why}\n")).unwrap();
    assert!(compiled.compiled() && !compiled.interpreter());
    for text in ["# paths: interpreter\n", "# paths: compiled:\n", "# paths: interpreter:   \n"] {
        let e = Paths::of(text).unwrap_err();
        assert!(e.contains("without a reason"), "{text:?}: {e}");
    }
}

fn unknown_paths_and_second_headers_are_refused() {
    assert!(Paths::of("# paths: fast: because\n").unwrap_err().contains("the paths are"));
    assert!(Paths::of("# paths: both\n# paths: compiled: x\n").unwrap_err().contains("one at most"));
}
