//! Machine formats: SARIF validates against the OASIS 2.1.0 schema, JUnit
//! against the Jenkins xUnit JUnit XSD (with `xmllint`), GitHub workflow
//! commands and Markdown have the expected shape; every format is
//! byte-for-byte the same across runs and thread counts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::process::Command;

use common::pacta;

/// The treaty library on one example (each extra scenario re-reads the
/// reference data, which is slow in debug builds).
const LIBRARY: [&str; 3] = ["check", "rules", "examples/baltic-2022.yaml"];

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    for args in [
        [&LIBRARY[..], &["--format", "sarif"]].concat(),
        vec![
            "check",
            "tests/eval/three_valued/rules.pacta",
            "tests/eval/three_valued/scenario.yaml",
            "--format",
            "sarif",
        ],
        vec![
            "check",
            "tests/eval/forbid_unless/rules.pacta",
            "tests/eval/forbid_unless/scenario.yaml",
            "tests/scenario/errors/dangling.yaml",
            "--format",
            "sarif",
        ],
        vec!["check", "tests/syntax/errors/unclosed_brace.pacta", "--format", "sarif"],
    ] {
        let o = pacta(&args);
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        let errors: Vec<String> =
            validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{args:?}:\n{}", errors.join("\n"));
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty(), "{args:?}: no results");
        for r in results {
            let rule = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(doc["runs"][0]["tool"]["driver"]["rules"][rule]["id"], r["ruleId"]);
            assert!(r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
            // Errors are results of their code's rule, at the error.
            if r["ruleId"].as_str().unwrap().starts_with("pacta::") {
                assert_eq!(r["level"], "error");
                continue;
            }
            assert!(
                r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .ends_with(".pacta")
            );
        }
    }
    // A waived finding is a suppressed result; an indeterminate one a warning.
    let o = pacta(&[
        "check",
        "tests/eval/forbid_unless/rules.pacta",
        "tests/eval/forbid_unless/scenario.yaml",
        "--format",
        "sarif",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let waived: Vec<_> =
        doc["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r["suppressions"].is_array()).collect();
    assert_eq!(waived.len(), 1);
    assert!(waived[0]["suppressions"][0]["justification"].as_str().unwrap().contains("deu-ok"));
    let o = pacta(&[
        "check",
        "tests/eval/three_valued/rules.pacta",
        "tests/eval/three_valued/scenario.yaml",
        "--format",
        "sarif",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let levels: Vec<&str> =
        doc["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert_eq!(levels.iter().filter(|l| **l == "warning").count(), 7, "{levels:?}");
    assert_eq!(levels.iter().filter(|l| **l == "error").count(), 4, "{levels:?}");
    // An error's other labels are related locations, as the human report
    // draws them: where an unclosed block was still open.
    let o = pacta(&["check", "tests/syntax/errors/unclosed_brace.pacta", "--format", "sarif"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = &doc["runs"][0]["results"][0];
    assert_eq!(
        (r["ruleId"].as_str(), r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64()),
        (Some("pacta::unclosed"), Some(5))
    );
    let related = &r["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 8, "{r}");
    assert!(related["message"]["text"].as_str().unwrap().starts_with("still inside it here"), "{r}");
}

/// `xmllint`, which CI installs (`libxml2-utils`). Outside CI a missing
/// `xmllint` is reported and the XSD check skipped; in CI it is an error.
fn xmllint() -> Option<&'static str> {
    let found = Command::new("xmllint").arg("--version").output().is_ok();
    if !found && std::env::var_os("CI").is_some() {
        panic!("xmllint is missing: install libxml2-utils");
    }
    if !found {
        eprintln!("xmllint not found: JUnit XSD validation skipped (apt-get install libxml2-utils)");
    }
    found.then_some("xmllint")
}

/// The published Jenkins schema, plus the one attribute it lacks and
/// quick-junit (nextest's writer; Testmo's "common JUnit format" has it
/// too) writes: `skipped` on `<testsuites>`. Everything else validates
/// against the published file unchanged.
fn junit_schema() -> std::path::PathBuf {
    let published = std::fs::read_to_string(common::root().join("tests/schemas/junit-10.xsd")).unwrap();
    let anchor = "<xs:attribute name=\"errors\" type=\"xs:string\" />\n        </xs:complexType>\n    </xs:element>\n";
    assert_eq!(published.matches(anchor).count(), 1, "the schema changed: the extension no longer applies");
    let skipped = "<xs:attribute name=\"errors\" type=\"xs:string\" />\n            <xs:attribute name=\"skipped\" type=\"xs:string\" />\n        </xs:complexType>\n    </xs:element>\n";
    let path = std::env::temp_dir().join(format!("pacta-junit-{}.xsd", std::process::id()));
    std::fs::write(&path, published.replace(anchor, skipped)).unwrap();
    path
}

#[test]
fn junit_validates_against_the_published_xsd() {
    let outputs = [
        pacta(&[&LIBRARY[..], &["--format", "junit"]].concat()),
        pacta(&["test", "rules", "examples/baltic-2022.yaml", "--format", "junit"]),
        pacta(&[
            "test",
            "tests/eval/three_valued/rules.pacta",
            "tests/eval/forbid_unless/scenario.yaml",
            "--format",
            "junit",
        ]),
    ];
    for (i, o) in outputs.iter().enumerate() {
        let xml = String::from_utf8(o.stdout.clone()).unwrap();
        assert!(xml.starts_with("<?xml"), "output {i}: {xml}");
        assert!(xml.contains("<testsuite "), "output {i}");
        let Some(lint) = xmllint() else { continue };
        let path = std::env::temp_dir().join(format!("pacta-junit-{}-{i}.xml", std::process::id()));
        std::fs::write(&path, &xml).unwrap();
        let v = Command::new(lint).args(["--noout", "--schema"]).arg(junit_schema()).arg(&path).output().unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(v.status.success(), "output {i} does not validate:\n{}\n{xml}", String::from_utf8_lossy(&v.stderr));
    }
    // Failures carry their message: the mismatched expectations.
    let xml = String::from_utf8(outputs[2].stdout.clone()).unwrap();
    assert!(xml.contains("<failure message=\"unexpected"), "{xml}");
}

#[test]
fn github_annotations_point_at_the_fact_and_escape_their_text() {
    let o = pacta(&[
        "check",
        "tests/eval/forbid_unless/rules.pacta",
        "tests/eval/forbid_unless/scenario.yaml",
        "--format",
        "github",
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("::error file=tests/eval/forbid_unless/scenario.yaml,line=4,col=5,"), "{}", lines[0]);
    assert!(lines[0].contains("title=t/1.1 (violation)%3A No new foreign forces in Europe::"), "{}", lines[0]);
    assert!(lines[1].starts_with("::notice "), "{}", lines[1]);
    // Last, the totals and the outcome.
    assert_eq!(
        lines[2],
        "::notice title=pacta::failed: 1 violation, 0 indeterminate, 0 for review, 0 pending, 0 errors, 0 warnings."
    );
}

#[test]
fn markdown_summarises_for_a_pull_request() {
    let o = pacta(&[
        "check",
        "tests/eval/forbid_unless/rules.pacta",
        "tests/eval/forbid_unless/scenario.yaml",
        "--format",
        "markdown",
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("### pacta: ❌ not compliant"), "{text}");
    assert!(text.contains("| 1 | 1 | 10 | 1 | 1 | 0 | 0 | 0 |"), "{text}");
    assert!(text.contains("| violation | <code>t/1.1</code> | <code>us-pol</code> |"), "{text}");
}

#[test]
fn every_format_is_identical_across_runs_and_thread_counts() {
    // Findings, a scenario that fails to load, and findings again: the
    // order must follow the arguments whatever thread finishes first.
    let scenarios = ["examples/baltic-2022.yaml", "tests/scenario/errors/dangling.yaml", "examples/baltic-2022.yaml"];
    for format in ["human", "json", "sarif", "junit", "github", "markdown", "html"] {
        let base = [&["check", "rules"][..], &scenarios[..], &["--format", format]].concat();
        let one = pacta(&[&base[..], &["-j", "1"]].concat());
        let two = pacta(&[&base[..], &["-j", "2"]].concat());
        let again = pacta(&[&base[..], &["-j", "2"]].concat());
        assert!(!one.stdout.is_empty(), "{format}: no output");
        assert_eq!(one.stdout, two.stdout, "{format}: 1 vs 2 threads");
        assert_eq!(one.stderr, two.stderr, "{format}: 1 vs 2 threads (stderr)");
        assert_eq!(two.stdout, again.stdout, "{format}: two runs");
        assert_eq!(one.status.code(), two.status.code());
    }
}

#[test]
fn streamed_json_and_sarif_are_their_trees_byte_for_byte() {
    let root = common::root();
    let mut sources = pacta::span::Sources::new();
    let checked = pacta::load_rules(&[root.join("rules")], &mut sources, &common::project()).unwrap();
    // Scenarios with findings, without, and one that does not load.
    let paths: Vec<std::path::PathBuf> = ["examples/baltic-2022.yaml", "examples/consultations-2022.yaml"]
        .iter()
        .map(|p| root.join(p))
        .chain(common::files(&root.join("tests/scenario/errors"), "yaml").into_iter().take(1))
        .collect();
    let scenarios =
        pacta::batch::run_scenarios(&checked.program, &sources, &paths, &common::project(), &Default::default());
    assert!(scenarios.iter().any(|s| s.evaluation.is_none()), "one scenario fails to load");
    let run = pacta::report::RunReport {
        program: &checked.program,
        rules: &sources,
        diagnostics: vec![],
        scenarios,
        fail_on: Default::default(),
    };
    let mut streamed = Vec::new();
    pacta::report::json::write_run(&run, &mut streamed).unwrap();
    assert_eq!(String::from_utf8(streamed).unwrap(), format!("{:#}\n", pacta::report::json::run(&run)));
    let mut streamed = Vec::new();
    pacta::report::sarif::write(&run, &root, &mut streamed).unwrap();
    let tree = pacta::report::sarif::run(&run, &root);
    assert_eq!(String::from_utf8(streamed).unwrap(), format!("{tree:#}\n"));
    // Every finding and the failed scenario's error are results, in order:
    // the first scenario's findings first, the error after the findings.
    let findings: usize = run.scenarios.iter().flat_map(|s| &s.evaluation).map(|e| e.findings.len()).sum();
    let results = tree["runs"][0]["results"].as_array().unwrap();
    assert!(findings > 0 && results.len() > findings, "{} results for {findings} findings", results.len());
    let uri = |r: &serde_json::Value| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().map(str::to_owned)
    };
    assert_eq!(uri(&results[0]).as_deref(), Some("examples/baltic-2022.yaml"));
    assert!(
        uri(results.last().unwrap()).is_some_and(|u| u.starts_with("tests/scenario/errors/")),
        "{:#}",
        results.last().unwrap()
    );
}

#[test]
fn every_format_shows_the_sources_of_a_finding() {
    let case = ["tests/eval/provenance/rules.pacta", "tests/eval/provenance/scenario.yaml"];
    for format in ["human", "json", "sarif", "junit", "github", "markdown", "html"] {
        let o = pacta(&["check", case[0], case[1], "--format", format]);
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.contains("The Military Balance 2022, p. 112"), "{format}: {out}");
        assert!(out.contains("B2"), "{format}: confidence missing: {out}");
        assert!(out.contains("https://www.europeafrica.army.mil/"), "{format}: {out}");
    }
    let o = pacta(&["explain", case[0], case[1], "--subject", "usa-pol"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("  sources:\n    - usa-pol: IISS, The Military Balance 2022, p. 112 (confidence B2)"),
        "{out}"
    );
}

#[test]
fn facts_below_the_minimum_confidence_are_left_out_and_every_format_says_how_many() {
    let case = ["tests/eval/provenance/rules.pacta", "tests/eval/provenance/scenario.yaml"];
    // Without a minimum, the doubtful deployment (E5) counts; with B2 it,
    // and the deployment graded C3, are left out, and the consent that
    // refers to the first is undecided.
    let o = pacta(&["check", case[0], case[1], "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["summary"]["facts_left_out"].as_u64(), v["summary"]["violations"].as_u64()), (Some(0), Some(4)));
    let o = pacta(&["check", case[0], case[1], "--format", "json", "--min-confidence", "B2"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["facts_left_out"], 2);
    assert_eq!((v["summary"]["violations"].as_u64(), v["summary"]["indeterminate"].as_u64()), (Some(2), Some(1)));
    let wanted = [
        ("human", "2 facts below the minimum confidence left out"),
        ("sarif", "\"factsLeftOutForConfidence\": 2"),
        ("junit", "<property name=\"facts_left_out_for_confidence\" value=\"2\"/>"),
        ("github", "::notice title=pacta::2 facts below the minimum confidence were left out"),
        ("markdown", "2 facts below the minimum confidence were left out."),
        ("html", "<p>2 facts below the minimum confidence were left out.</p>"),
    ];
    for (format, text) in wanted {
        let o = pacta(&["check", case[0], case[1], "--format", format, "--min-confidence", "B2"]);
        assert!(String::from_utf8_lossy(&o.stdout).contains(text), "{format}: {}", String::from_utf8_lossy(&o.stdout));
    }
    let o = pacta(&["check", case[0], case[1], "--min-confidence", "high"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("an Admiralty grade"));
}

#[test]
fn a_period_is_judged_and_every_format_gives_the_intervals_each_verdict_held() {
    let case = ["tests/eval/period/rules.pacta", "tests/eval/period/scenario.yaml"];
    let o = pacta(&["check", case[0], case[1], "--during", "2021", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["scenarios"][0]["period"], serde_json::json!({"from": "2021-01-01", "to": "2021-12-31"}));
    let spring =
        v["scenarios"][0]["findings"].as_array().unwrap().iter().find(|f| f["subjects"][0]["id"] == "ex-spring");
    assert_eq!(spring.unwrap()["held"], serde_json::json!([{"from": "2021-03-01", "until": "2021-05-31"}]));
    for (format, text) in [
        ("human", "held 2021-03-01 → 2021-05-31"),
        ("sarif", "2021-03-01 → 2021-05-31"),
        ("junit", "(held 2021-03-01 → 2021-05-31)"),
        ("github", "(held 2021-03-01 → 2021-05-31)"),
        ("markdown", "held 2021-03-01 → 2021-05-31"),
        ("html", "<small>held 2021-03-01 → 2021-05-31</small>"),
    ] {
        let o = pacta(&["check", case[0], case[1], "--from", "2021-01-01", "--to", "2021-12-31", "--format", format]);
        assert!(String::from_utf8_lossy(&o.stdout).contains(text), "{format}: {}", String::from_utf8_lossy(&o.stdout));
    }
    // One day, the scenario's `as_of`: the exercise of the spring is over.
    let o = pacta(&["check", case[0], case[1], "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["violations"], 1);
    let o = pacta(&["check", case[0], case[1], "--from", "2022-01-01", "--to", "2021-01-01"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_deadline_known_to_a_range_of_days_is_pending_with_both_ends() {
    let case = ["tests/eval/require_due_estimate/rules.pacta", "tests/eval/require_due_estimate/scenario.yaml"];
    let o = pacta(&["check", case[0], case[1], "--at", "2022-01-10", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let pending = v["scenarios"][0]["pending"].as_array().unwrap();
    let march = pending.iter().find(|p| p["subjects"][0]["id"] == "march").unwrap();
    assert_eq!(
        (&march["due"], &march["due_latest"]),
        (&serde_json::json!("2022-01-18"), &serde_json::json!("2022-02-17"))
    );
    let april = pending.iter().find(|p| p["subjects"][0]["id"] == "april-6").unwrap();
    assert_eq!(
        (&april["due"], &april["due_latest"]),
        (&serde_json::json!("2022-02-23"), &serde_json::json!("2022-02-23"))
    );
    let o = pacta(&["check", case[0], case[1], "--at", "2022-01-10"]);
    let human = String::from_utf8_lossy(&o.stdout);
    assert!(human.contains("2 obligations due 2022-01-18..2022-02-17, not met yet: march; march-maybe"), "{human}");
    // Between the ends, the deadline may have passed: indeterminate, not pending.
    let o = pacta(&["check", case[0], case[1], "--at", "2022-02-01", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let march = v["scenarios"][0]["findings"].as_array().unwrap().iter().find(|f| f["subjects"][0]["id"] == "march");
    assert_eq!(march.unwrap()["verdict"], "indeterminate");
}

#[test]
fn rule_errors_reach_every_machine_format_never_an_empty_report() {
    let args = ["check", "tests/check/errors/unknown_names.pacta", "examples/baltic-2022.yaml", "--format"];
    let wanted = [
        ("json", "\"code\": \"pacta::unknown-name\""),
        ("sarif", "\"ruleId\": \"pacta::unknown-name\""),
        ("junit", "<testcase name=\"pacta::unknown-name\" classname=\"rules\""),
        ("github", "::error file=tests/check/errors/unknown_names.pacta,line=14,col=23,"),
        ("markdown", "- error **pacta::unknown-name**"),
        ("html", "<li class=\"error\">error <b>pacta::unknown-name</b>"),
    ];
    for (format, text) in wanted {
        let o = pacta(&[&args[..], &[format]].concat());
        assert_eq!(common::code(&o), 2, "{format}");
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.contains(text), "{format}: no `{text}` in\n{out}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("4 errors; nothing was evaluated"), "{format}");
    }
    // The SARIF is valid, with each error a result at its place.
    let o = pacta(&[&args[..], &["sarif"]].concat());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    assert!(jsonschema::draft4::new(&schema).unwrap().is_valid(&doc));
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let codes: Vec<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
    assert_eq!(codes, ["pacta::unknown-type", "pacta::unknown-field", "pacta::unknown-name", "pacta::unknown-variant"]);
    assert_eq!(results[2]["locations"][0]["physicalLocation"]["region"]["startLine"], 14);
    assert_eq!(doc["runs"][0]["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn github_annotations_are_capped_per_level_and_the_step_summary_has_everything() {
    // 18 violations and 12 indeterminate verdicts: 10 of each are shown.
    let summary = std::env::temp_dir().join(format!("pacta-step-summary-{}.md", std::process::id()));
    let _ = std::fs::remove_file(&summary);
    let o = Command::new(env!("CARGO_BIN_EXE_pacta"))
        .args(["check", "tests/eval/compiled/rules.pacta", "tests/eval/compiled/scenario.yaml", "--format", "github"])
        .current_dir(common::root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(common::code(&o), 1);
    let text = String::from_utf8(o.stdout).unwrap();
    let count = |level: &str| text.lines().filter(|l| l.starts_with(level)).count();
    assert_eq!((count("::error "), count("::warning ")), (10, 10), "{text}");
    // Errors come first, and the last line gives the totals and what was left out.
    assert!(text.starts_with("::error "), "{text}");
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("::notice title=pacta::failed: 18 violations, 12 indeterminate,"), "{last}");
    assert!(last.contains("10 more annotations were not shown"), "{last}");
    let md = std::fs::read_to_string(&summary).unwrap();
    std::fs::remove_file(&summary).unwrap();
    assert!(md.starts_with("### pacta: ❌ not compliant"), "{md}");
    assert_eq!(md.lines().filter(|l| l.starts_with("| violation |")).count(), 18, "{md}");
    // Annotations on stdout and in a file too: the job summary still once.
    let file = std::env::temp_dir().join(format!("pacta-annotations-{}.txt", std::process::id()));
    let o = Command::new(env!("CARGO_BIN_EXE_pacta"))
        .args(["check", "tests/eval/compiled/rules.pacta", "tests/eval/compiled/scenario.yaml", "--format", "github"])
        .arg("-o")
        .arg(format!("github={}", file.display()))
        .current_dir(common::root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), o.stdout);
    let md = std::fs::read_to_string(&summary).unwrap();
    let _ = std::fs::remove_file(&summary);
    let _ = std::fs::remove_file(&file);
    assert_eq!(md.matches("### pacta:").count(), 1, "{md}");
}

#[test]
fn indeterminate_verdicts_carry_their_reason_kind_in_every_format() {
    let case = ["check", "tests/eval/undecided/rules.pacta", "tests/eval/undecided/scenario.yaml", "--format"];
    let run = |format: &str, extra: &[&str]| {
        let o = pacta(&[&case[..], &[format], extra].concat());
        assert_eq!(common::code(&o), if extra.is_empty() { 4 } else { 0 }, "{format} {extra:?}");
        String::from_utf8(o.stdout).unwrap()
    };
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif", &[])).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["properties"]["indeterminate"]["kind"], "unrecorded");
    assert_eq!(sarif["runs"][0]["invocations"][0]["properties"]["outcome"], "undecided");
    assert!(run("github", &[]).contains("::warning file=tests/eval/states.yaml,line=2,"));
    assert!(run("github", &[]).contains("cannot decide (unrecorded)"));
    assert!(run("markdown", &[]).starts_with("### pacta: ❓ undecided"));
    assert!(run("markdown", &[]).contains("cannot decide (unrecorded)"));
    assert!(run("html", &[]).contains("<h1>pacta: undecided"));
    assert!(run("html", &[]).contains("cannot decide (unrecorded)"));
    // JUnit: a failure while the run fails on them, else skipped with the reason.
    assert!(run("junit", &[]).contains("type=\"indeterminate\""));
    let accepted = run("junit", &["--fail-on", "violation"]);
    assert!(
        accepted.contains("<skipped message=\"RUS,USA: no hotline between RUS and USA (cannot decide (unrecorded)")
    );
    // The whole reason, lines and all, as the element's body.
    assert!(accepted.contains("(cannot decide (unrecorded)") && accepted.contains("</skipped>"), "{accepted}");
    assert!(accepted.contains("failures=\"0\""));
    assert!(run("markdown", &["--fail-on", "violation"]).starts_with("### pacta: ✅ compliant"));
}

#[test]
fn pending_obligations_appear_in_markdown_and_github() {
    let case = ["check", "tests/eval/require_due_pending/rules.pacta", "tests/eval/require_due_pending/scenario.yaml"];
    let md = String::from_utf8(pacta(&[&case[..], &["--format", "markdown"]].concat()).stdout).unwrap();
    assert!(md.contains("Pending (not met yet, deadline ahead):"), "{md}");
    assert!(md.lines().any(|l| l.starts_with("- <code>t/") && l.contains("due ")), "{md}");
    let gh = String::from_utf8(pacta(&[&case[..], &["--format", "github"]].concat()).stdout).unwrap();
    assert!(gh.lines().any(|l| l.starts_with("::notice title=t/") && l.contains("(pending)")), "{gh}");
}

#[test]
fn sarif_uris_are_relative_to_a_stated_root_and_findings_have_stable_fingerprints() {
    let case = ["check", "tests/eval/forbid_unless/rules.pacta", "tests/eval/forbid_unless/scenario.yaml"];
    let sarif = |extra: &[&str]| -> serde_json::Value {
        let o = pacta(&[&case[..], &["--format", "sarif"], extra].concat());
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let doc = sarif(&[]);
    let run = &doc["runs"][0];
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    let root = common::root().canonicalize().unwrap();
    assert_eq!(base, format!("file://{}/", root.display()));
    let location = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        (location["uri"].as_str(), location["uriBaseId"].as_str()),
        (Some("tests/eval/forbid_unless/scenario.yaml"), Some("%SRCROOT%"))
    );
    // Another root: URIs follow it; a file outside it is named absolutely.
    let doc = sarif(&["--root", "tests/eval"]);
    let run = &doc["runs"][0];
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap().ends_with("/tests/eval/"));
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "forbid_unless/scenario.yaml"
    );
    let doc = sarif(&["--root", "tests/eval/forbid_unless/nowhere"]);
    let outside = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert!(outside["uri"].as_str().unwrap().starts_with("file:///"), "{outside}");
    assert!(outside["uriBaseId"].is_null());
    // Fingerprints: one per finding, different between findings, the same
    // across runs and roots (they do not depend on where a file lies).
    let prints = |doc: &serde_json::Value| -> Vec<String> {
        doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["pactaFinding/v1"].as_str().unwrap().to_string())
            .collect()
    };
    let a = prints(&sarif(&[]));
    assert_eq!(a.len(), 2);
    assert_ne!(a[0], a[1]);
    assert_eq!(a, prints(&sarif(&["--root", "tests"])));
    // Rule metadata: the clause's title, its article, tags.
    let rule = &sarif(&[])["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(rule["properties"]["articleTitle"], "Foreign forces");
    assert_eq!(rule["properties"]["tags"][1], "article 1");
}

#[test]
fn one_evaluation_writes_every_output_asked_for_byte_for_byte_as_alone() {
    let case = ["check", "tests/eval/three_valued/rules.pacta", "tests/eval/three_valued/scenario.yaml"];
    let dir = std::env::temp_dir().join(format!("pacta-outputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str| dir.join(name).display().to_string();
    let formats = ["json", "sarif", "junit", "gitlab", "markdown", "concise"];
    let outputs: Vec<String> = formats.iter().map(|f| format!("{f}={}", file(f))).collect();
    let mut args: Vec<&str> = case.to_vec();
    for o in &outputs {
        args.extend(["--output", o]);
    }
    let together = pacta(&[&args[..], &["--color", "never"]].concat());
    // The human report still goes to the terminal, and the exit code is the run's.
    assert_eq!(common::code(&together), 1);
    assert!(String::from_utf8_lossy(&together.stdout).contains("4 violations"));
    for f in formats {
        let alone = pacta(&[&case[..], &["--format", f]].concat());
        let written = std::fs::read(file(f)).unwrap();
        assert_eq!(String::from_utf8_lossy(&written), String::from_utf8_lossy(&alone.stdout), "{f}");
    }
    // A bare -o PATH takes the --format report off stdout.
    let o = pacta(&[&case[..], &["--format", "sarif", "-o", &file("bare.sarif")]].concat());
    assert!(o.stdout.is_empty());
    let sarif: serde_json::Value = serde_json::from_slice(&std::fs::read(file("bare.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    // Errors that stop the run still reach every file.
    let broken = ["check", "tests/check/errors/unknown_names.pacta", "examples/baltic-2022.yaml"];
    let o = pacta(
        &[&broken[..], &["-o", &format!("sarif={}", file("err.sarif")), "-o", &format!("junit={}", file("err.xml"))]]
            .concat(),
    );
    assert_eq!(common::code(&o), 2);
    assert!(std::fs::read_to_string(file("err.sarif")).unwrap().contains("\"ruleId\": \"pacta::unknown-name\""));
    assert!(std::fs::read_to_string(file("err.xml")).unwrap().contains("type=\"error\""));
    // A file that cannot be written is an error, named.
    let o = pacta(&[&case[..], &["-o", "json=/nonexistent-dir/x.json"]].concat());
    assert_eq!(common::code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write the json report to /nonexistent-dir/x.json"));
    let o = pacta(&[&case[..], &["-o", "json="]].concat());
    assert_eq!(common::code(&o), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn gitlab_code_quality_lists_findings_and_errors_with_unique_fingerprints() {
    let o = pacta(&[
        "check",
        "tests/eval/three_valued/rules.pacta",
        "tests/eval/three_valued/scenario.yaml",
        "--format",
        "gitlab",
    ]);
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let severities: Vec<&str> = issues.iter().map(|i| i["severity"].as_str().unwrap()).collect();
    assert_eq!(severities.iter().filter(|s| **s == "major").count(), 4, "{severities:?}");
    assert_eq!(severities.iter().filter(|s| **s == "minor").count(), 7, "{severities:?}");
    let prints: std::collections::BTreeSet<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(prints.len(), issues.len());
    for i in &issues {
        assert_eq!(i["type"], "issue");
        assert!(!i["location"]["path"].as_str().unwrap().starts_with('/'), "{i}");
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    let o =
        pacta(&["check", "tests/check/errors/unknown_names.pacta", "examples/baltic-2022.yaml", "--format", "gitlab"]);
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(issues.len(), 4);
    assert_eq!(
        (issues[0]["severity"].as_str(), issues[0]["check_name"].as_str()),
        (Some("blocker"), Some("pacta::unknown-type"))
    );
    assert_eq!(issues[0]["location"]["path"], "tests/check/errors/unknown_names.pacta");
}

#[test]
fn concise_is_one_line_per_finding_then_the_summary() {
    let o = pacta(&[
        "check",
        "tests/eval/forbid_unless/rules.pacta",
        "tests/eval/forbid_unless/scenario.yaml",
        "--format",
        "concise",
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "tests/eval/forbid_unless/scenario.yaml:4:5: violation[t/1.1] United States stations 4000 in Poland since 2017-01-01",
            "tests/eval/forbid_unless/scenario.yaml:14:5: waived[t/1.1] United States stations 500 in Germany since 2020-06-01",
            "1 clause, 10 facts: 1 violation, 1 waived, 0 indeterminate, 0 for review",
        ]
    );
}

#[test]
fn every_verdict_word_in_every_format_is_one_of_the_verdict_kinds() {
    use pacta::eval::VerdictKind;
    let case = ["check", "tests/eval/three_valued/rules.pacta", "tests/eval/three_valued/scenario.yaml", "--format"];
    let json: serde_json::Value = serde_json::from_slice(&pacta(&[&case[..], &["json"]].concat()).stdout).unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&pacta(&[&case[..], &["sarif"]].concat()).stdout).unwrap();
    let words = json["scenarios"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["verdict"].clone())
        .chain(sarif["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["properties"]["verdict"].clone()));
    let mut seen = std::collections::BTreeSet::new();
    for w in words {
        let w = w.as_str().unwrap().to_string();
        assert!(VerdictKind::from_name(&w).is_some(), "{w}");
        seen.insert(w);
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["indeterminate", "violation"]);
    // The timeline speaks the same words, pending and holds included.
    let o = pacta(&[
        "timeline",
        "tests/eval/require_due_pending/rules.pacta",
        "tests/eval/require_due_pending/scenario.yaml",
        "--format",
        "json",
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut statuses = Vec::new();
    collect_key(&doc, "verdict", &mut statuses);
    assert!(!statuses.is_empty(), "{text}");
    for s in statuses {
        assert!(VerdictKind::from_name(&s).is_some(), "{s}");
    }
}

fn collect_key(v: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                match x.as_str() {
                    Some(s) if k == key => out.push(s.to_string()),
                    _ => collect_key(x, key, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| collect_key(x, key, out)),
        _ => {}
    }
}

#[test]
fn html_is_one_self_contained_page_with_every_finding_and_its_clause() {
    let args = ["check", "rules", "examples/baltic-2022.yaml", "--format"];
    let o = pacta(&[&args[..], &["json"]].concat());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = json["scenarios"][0]["findings"].as_array().unwrap();
    let o = pacta(&[&args[..], &["html"]].concat());
    assert_eq!(common::code(&o), 1, "violations found: exit 1 as in every format");
    let page = String::from_utf8(o.stdout).unwrap();
    assert!(page.starts_with("<!doctype html>") && page.ends_with("</html>\n"), "{page}");
    // Nothing loaded from anywhere, and the page says so to the browser.
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'"), "{page}");
    for outside in ["<script", "src=", "http://", "https://", "@import", "url("] {
        assert!(!page.contains(outside), "`{outside}` in the page");
    }
    // A row per finding, each with its verdict, subject, place and a link
    // to its clause's text, which the page holds.
    let rows: Vec<&str> = page.lines().filter(|l| l.starts_with("<tr class=")).collect();
    assert_eq!(rows.len(), findings.len(), "{page}");
    for (row, f) in rows.iter().zip(findings) {
        let verdict = f["verdict"].as_str().unwrap();
        assert!(row.starts_with(&format!("<tr class=\"{verdict}\"><td>{verdict}</td>")), "{row}");
        let subjects: Vec<&str> = f["subjects"].as_array().unwrap().iter().filter_map(|s| s["id"].as_str()).collect();
        assert!(row.contains(&format!("<code>{}</code>", subjects.join(","))), "{row}");
        let anchor = row.split("href=\"#").nth(1).and_then(|r| r.split('"').next()).unwrap();
        assert!(page.contains(&format!("<dt id=\"{anchor}\">")), "no clause text for {anchor}");
    }
    assert!(page.contains("<code>examples/baltic-2022.yaml:12:5</code>"), "{page}");
    assert!(page.contains("<h3>Pending (not met yet, deadline ahead)</h3>"), "{page}");
}

#[test]
fn html_escapes_every_text_from_a_file() {
    let rules = "treaty t \"<b>T</b>\" {}\nentity S { name: text }\narticle 1 \"A & B\" {\n  clause 1.1 \"<script>alert(1)</script>\" {\n    forbid s: S\n    message \"{s.name} <img src=x onerror=alert(2)>\"\n  }\n}\n";
    let scenario = "S:\n  - { id: \"a'b\", name: \"<iframe>\" }\n";
    let dir = std::env::temp_dir().join(format!("pacta-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("r.pacta"), rules).unwrap();
    std::fs::write(dir.join("s.yaml"), scenario).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pacta"))
        .args(["check", "r.pacta", "s.yaml", "--format", "html", "--no-config"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let page = String::from_utf8(o.stdout).unwrap();
    for raw in ["<script>", "<img", "<iframe>", "<b>T</b>", "a'b"] {
        assert!(!page.contains(raw), "`{raw}` unescaped in\n{page}");
    }
    assert!(page.contains("&lt;iframe&gt; &lt;img src=x onerror=alert(2)&gt;"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && page.contains("a&#39;b"), "{page}");
    std::fs::remove_dir_all(&dir).unwrap();
}
