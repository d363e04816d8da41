//! The CI workflows in docs/ci.md work: their `pacta` commands, run on a
//! copy of the repository's rules and examples, exit with a documented
//! verdict code and write every file the workflows upload, well formed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The ```yaml blocks of docs/ci.md, parsed.
fn workflows() -> Vec<Value> {
    let text = std::fs::read_to_string(common::root().join("docs/ci.md")).unwrap();
    text.split("```yaml\n")
        .skip(1)
        .map(|block| serde_saphyr::from_str(block.split("```").next().unwrap()).unwrap())
        .collect()
}

/// A job's `pacta` commands and the files it uploads.
#[derive(Debug, Default)]
struct Job {
    commands: Vec<String>,
    uploads: Vec<String>,
}

fn github(workflow: &Value) -> Vec<Job> {
    let jobs = workflow["jobs"].as_object().unwrap();
    jobs.values()
        .map(|job| {
            let mut out = Job::default();
            for step in job["steps"].as_array().unwrap() {
                if let Some(run) = step["run"].as_str().filter(|r| r.starts_with("pacta ")) {
                    out.commands.push(run.to_string());
                }
                for key in ["sarif_file", "path"] {
                    let files = step["with"][key].as_str().unwrap_or("");
                    out.uploads.extend(files.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from));
                }
            }
            out
        })
        .collect()
}

fn gitlab(workflow: &Value) -> Vec<Job> {
    let jobs = workflow.as_object().unwrap();
    jobs.values()
        .map(|job| {
            let script = job["script"].as_array().unwrap();
            let commands =
                script.iter().filter_map(Value::as_str).filter(|c| c.starts_with("pacta ")).map(String::from);
            let reports = job["artifacts"]["reports"].as_object().unwrap();
            let uploads = reports.values().filter_map(Value::as_str).map(String::from);
            Job { commands: commands.collect(), uploads: uploads.collect() }
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A project like a user's: the library, the examples and pacta.toml.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pacta-ci-docs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["rules", "examples"] {
        copy_dir(&common::root().join(sub), &dir.join(sub));
    }
    std::fs::copy(common::root().join("pacta.toml"), dir.join("pacta.toml")).unwrap();
    dir
}

fn run_job(dir: &Path, job: &Job) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_pacta"));
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let summary = dir.join("step-summary.md");
    for command in &job.commands {
        let o = Command::new("bash")
            .args(["-c", command])
            .current_dir(dir)
            .env("PATH", &path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        // A verdict (0 compliant, 1 violations, 4 undecided), never broken input or a crash.
        let code = o.status.code();
        assert!(
            matches!(code, Some(0 | 1 | 4)),
            "`{command}` exited {code:?}:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    for file in &job.uploads {
        let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file} not written: {e}"));
        match Path::new(file).extension().and_then(|e| e.to_str()) {
            Some("sarif" | "json") => {
                let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert!(doc.is_array() || doc["version"] == "2.1.0", "{file}");
            }
            Some("xml") => assert!(text.starts_with("<?xml") && text.contains("<testsuites"), "{file}"),
            other => panic!("{file}: an upload of unknown kind {other:?}"),
        }
    }
}

#[test]
fn the_github_workflow_writes_everything_it_uploads() {
    let docs = workflows();
    let jobs = github(&docs[0]);
    assert!(jobs.iter().map(|j| j.commands.len()).sum::<usize>() >= 2, "{jobs:?}");
    let dir = project("github");
    for job in &jobs {
        run_job(&dir, job);
    }
    // The annotations' full report went to the job summary.
    let summary = std::fs::read_to_string(dir.join("step-summary.md")).unwrap();
    assert!(summary.starts_with("### pacta: "), "{summary}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_gitlab_pipeline_writes_every_report_it_declares() {
    let docs = workflows();
    let jobs = gitlab(&docs[1]);
    assert_eq!(jobs.len(), 2, "{jobs:?}");
    let dir = project("gitlab");
    for job in &jobs {
        assert!(!job.uploads.is_empty(), "{job:?}");
        run_job(&dir, job);
    }
    let quality: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("gl-code-quality.json")).unwrap()).unwrap();
    assert!(quality.iter().any(|i| i["severity"] == "major"));
    let _ = std::fs::remove_dir_all(&dir);
}
