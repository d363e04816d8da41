//! `pacta fmt`: files rewritten in place, directories walked, standard
//! input to standard output, `--check` with its diff and exit codes, files
//! that do not parse reported and left alone.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::code;

const MESSY: &str = "def  x=1 // one\n\n\n\ndef y = x  and  true\n";
const TIDY: &str = "def x = 1 // one\n\ndef y = x and true\n";

/// A fresh directory for one test, holding `files`.
fn sandbox(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pacta-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `pacta fmt ARGS` run in `dir`, with `stdin` piped in.
fn fmt(dir: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pacta"))
        .arg("fmt")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

#[test]
fn formats_files_and_directories_in_place() {
    let dir = sandbox("in-place", &[("a.pacta", MESSY), ("rules/b.pacta", MESSY), ("rules/c.txt", MESSY)]);
    let o = fmt(&dir, &["a.pacta", "rules"], "");
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!((text(&o.stdout), text(&o.stderr)), (String::new(), String::new()));
    assert_eq!(read(&dir, "a.pacta"), TIDY);
    assert_eq!(read(&dir, "rules/b.pacta"), TIDY);
    assert_eq!(read(&dir, "rules/c.txt"), MESSY, "a walk formats `*.pacta` files only");
    // A formatted file is not written again.
    let before = std::fs::metadata(dir.join("a.pacta")).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(code(&fmt(&dir, &["a.pacta"], "")), 0);
    assert_eq!(std::fs::metadata(dir.join("a.pacta")).unwrap().modified().unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_writes_nothing_and_prints_a_unified_diff() {
    let dir = sandbox("check", &[("a.pacta", MESSY), ("b.pacta", TIDY)]);
    let o = fmt(&dir, &["--check", "a.pacta", "b.pacta"], "");
    assert_eq!(code(&o), 1);
    let diff = text(&o.stdout);
    assert!(diff.starts_with("--- a.pacta\n+++ a.pacta\n@@ -1,5 +1,3 @@\n"), "{diff}");
    for line in ["-def  x=1 // one\n", "+def x = 1 // one\n", "-def y = x  and  true\n", "+def y = x and true\n"] {
        assert!(diff.contains(line), "{line:?} missing from\n{diff}");
    }
    assert!(!diff.contains("b.pacta"), "a formatted file has no diff:\n{diff}");
    assert_eq!(text(&o.stderr), "1 file would be reformatted\n");
    assert_eq!(read(&dir, "a.pacta"), MESSY, "--check writes nothing");
    let o = fmt(&dir, &["--check", "b.pacta"], "");
    assert_eq!((code(&o), text(&o.stdout), text(&o.stderr)), (0, String::new(), String::new()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn standard_input_goes_to_standard_output() {
    let dir = sandbox("stdin", &[]);
    std::fs::create_dir_all(&dir).unwrap();
    for args in [&[][..], &["-"][..]] {
        let o = fmt(&dir, args, MESSY);
        assert_eq!((code(&o), text(&o.stdout)), (0, TIDY.to_string()), "{args:?}: {}", text(&o.stderr));
    }
    let o = fmt(&dir, &["--check", "-"], MESSY);
    assert_eq!(code(&o), 1);
    assert!(text(&o.stdout).starts_with("--- <stdin>\n+++ <stdin>\n"), "{}", text(&o.stdout));
    let o = fmt(&dir, &["--check"], TIDY);
    assert_eq!((code(&o), text(&o.stdout)), (0, String::new()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_the_others_still_formatted() {
    let broken = "def x = 1\narticle 4 \"A\" {\n  clause 4.1 \"C\" { forbid d Deployment message \"x\" }\n}\n";
    let dir = sandbox("broken", &[("a.pacta", MESSY), ("b.pacta", broken)]);
    let o = fmt(&dir, &["a.pacta", "b.pacta"], "");
    assert_eq!(code(&o), 2);
    let err = text(&o.stderr);
    assert!(err.contains("error[pacta::syntax]: expected an operator, found `Deployment`"), "{err}");
    assert!(err.contains("b.pacta:3:29"), "the error is placed: {err}");
    assert_eq!(read(&dir, "b.pacta"), broken, "left as it was");
    assert_eq!(read(&dir, "a.pacta"), TIDY, "the other file is formatted");
    // With --check too, a syntax error outranks a file to reformat.
    std::fs::write(dir.join("a.pacta"), MESSY).unwrap();
    assert_eq!(code(&fmt(&dir, &["--check", "a.pacta", "b.pacta"], "")), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_path_that_does_not_exist_is_invalid_input() {
    let dir = sandbox("missing", &[]);
    std::fs::create_dir_all(&dir).unwrap();
    let o = fmt(&dir, &["nowhere.pacta"], "");
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("cannot read `nowhere.pacta`: no such file or directory"), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_walk_does_not_write_through_a_link_out_of_the_directory() {
    let outside = sandbox("outside", &[("victim.pacta", MESSY)]);
    let dir = sandbox("walk", &[("rules/a.pacta", MESSY)]);
    std::os::unix::fs::symlink(outside.join("victim.pacta"), dir.join("rules/link.pacta")).unwrap();
    let o = fmt(&dir, &["rules"], "");
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("pacta::outside-project"), "{}", text(&o.stderr));
    assert_eq!(read(&outside, "victim.pacta"), MESSY);
    assert_eq!(read(&dir, "rules/a.pacta"), TIDY);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&outside);
}
