//! The `pacta` binary: one test per documented exit code, the output
//! formats, colour rules and byte-for-byte determinism.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::process::Command;

use common::{code, pacta};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const VIOLATING: [&str; 3] =
    ["check", "tests/eval/forbid_unless/rules.pacta", "tests/eval/forbid_unless/scenario.yaml"];
const COMPLIANT: [&str; 3] =
    ["check", "tests/eval/require_due_pending/rules.pacta", "tests/eval/require_due_pending/scenario.yaml"];

#[test]
fn exit_0_when_rules_are_valid_and_scenarios_comply() {
    let o = pacta(&["check", "rules"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("0 errors"), "{}", text(&o.stdout));
    let o = pacta(&COMPLIANT);
    assert_eq!(code(&o), 0, "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(text(&o.stdout).contains(": 0 violations"), "{}", text(&o.stdout));
}

#[test]
fn exit_1_when_a_violation_is_found() {
    let o = pacta(&VIOLATING);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("error[t/1.1]: violation: No new foreign forces in Europe"), "{out}");
    assert!(out.contains("United States stations 4000 in Poland since 2017-01-01"), "{out}");
    assert!(out.contains("1 violation, 1 waived, 0 indeterminate"), "{out}");
}

#[test]
fn exit_2_on_invalid_rules_scenarios_or_arguments() {
    for args in [
        vec!["check", "tests/check/errors/types.pacta"],
        vec!["check", "tests/syntax/errors/unexpected.pacta"],
        vec!["check", "no/such/rules"],
        vec!["check", "rules", "--at", "2021-02-30"],
        vec!["check", "tests/eval/forbid_unless/rules.pacta", "tests/eval/forbid_unless/scenario.yaml", "-D", "nope=1"],
        vec![
            "check",
            "tests/eval/forbid_unless/rules.pacta",
            "tests/eval/forbid_unless/scenario.yaml",
            "-D",
            "baseline=soon",
        ],
        vec!["check", "tests/eval/forbid_unless/rules.pacta", "tests/scenario/errors"],
        vec!["frobnicate"],
    ] {
        let o = pacta(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}{}", text(&o.stdout), text(&o.stderr));
        assert!(!o.stderr.is_empty(), "{args:?}: no message");
        assert!(!text(&o.stderr).contains("panicked"), "{args:?}");
    }
}

#[test]
fn exit_3_on_an_internal_error() {
    let o = Command::new(env!("CARGO_BIN_EXE_pacta"))
        .args(["check", "rules"])
        .env("PACTA_INTERNAL_TEST_PANIC", "1")
        .output()
        .unwrap();
    assert_eq!(code(&o), 3);
    assert!(text(&o.stderr).contains("internal error"), "{}", text(&o.stderr));
}

#[test]
fn json_output_follows_the_documented_schema() {
    let o = pacta(&[&VIOLATING[..], &["--format", "json"]].concat());
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "pacta/check/v1");
    assert_eq!(v["ok"], false);
    let findings = v["scenarios"][0]["findings"].as_array().unwrap();
    let violation = findings.iter().find(|f| f["verdict"] == "violation").unwrap();
    assert_eq!(violation["clause"], "t/1.1");
    assert_eq!(violation["subjects"][0]["id"], "us-pol");
    assert_eq!(violation["subjects"][0]["location"]["line"], 4);
    let waived = findings.iter().find(|f| f["verdict"] == "waived").unwrap();
    assert_eq!(waived["waived"]["by"]["id"], "deu-ok");
    assert_eq!(v["summary"]["violations"], 1);
    let o = pacta(&["check", "tests/check/errors/types.pacta", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "pacta::bad-operands");
    assert_eq!(v["diagnostics"][0]["labels"][0]["location"]["line"], 10);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_and_never_with_no_color() {
    let o = pacta(&[&VIOLATING[..], &["--color", "always"]].concat());
    assert!(text(&o.stdout).contains('\u{1b}'), "no colour with --color always");
    // Piped output (not a terminal) gets no colour under `auto`.
    let o = pacta(&VIOLATING);
    assert!(!text(&o.stdout).contains('\u{1b}'));
    let o = Command::new(env!("CARGO_BIN_EXE_pacta"))
        .args(VIOLATING)
        .arg("--color=auto")
        .env("NO_COLOR", "1")
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(!text(&o.stdout).contains('\u{1b}'));
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    for args in [VIOLATING.to_vec(), [&VIOLATING[..], &["--format", "json"]].concat()] {
        let a = pacta(&args);
        let b = pacta(&args);
        assert_eq!(a.stdout, b.stdout, "{args:?}");
        assert_eq!(a.stderr, b.stderr, "{args:?}");
    }
}

#[test]
fn at_and_defines_change_the_evaluation() {
    // Before the deadline nothing is overdue; after it, the missing hotlines are.
    let rules = "tests/eval/require_due/rules.pacta";
    let scen = "tests/eval/require_due/scenario.yaml";
    assert_eq!(code(&pacta(&["check", rules, scen])), 1);
    assert_eq!(code(&pacta(&["check", rules, scen, "--at", "2022-01-20"])), 0);
    assert_eq!(code(&pacta(&["check", rules, scen, "-D", "entry_into_force=2022-06-01"])), 0);
    assert_eq!(code(&pacta(&["check", rules, scen, "-D", "t.entry_into_force=2022-06-01"])), 0);
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pacta"))
        .args(VIOLATING)
        .current_dir(common::root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 8];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is now closed; whatever pacta still writes hits a broken pipe.
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
}

#[test]
fn fail_on_review_makes_review_findings_fail_the_run() {
    let args = ["check", "tests/eval/join_bindings/rules.pacta", "tests/eval/join_bindings/scenario.yaml"];
    // One violation and one review finding: fails either way.
    assert_eq!(code(&pacta(&args)), 1);
    // Review findings alone pass by default, fail with --fail-on review.
    let review_only = ["check", "tests/eval/join_bindings/rules.pacta", "tests/eval/join_bindings/review_only.yaml"];
    assert_eq!(code(&pacta(&review_only)), 0);
    assert_eq!(code(&pacta(&[&review_only[..], &["--fail-on", "review"]].concat())), 1);
    assert_eq!(code(&pacta(&[&review_only[..], &["--fail-on", "violation"]].concat())), 0);
}

#[test]
fn test_reports_cases_and_coverage_and_fails_below_the_threshold() {
    let two = ["test", "rules", "examples/baltic-2022.yaml", "examples/nato-enlargement-2024.yaml"];
    let o = pacta(&[&two[..], &["--coverage"]].concat());
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_eq!(out.lines().last(), Some("23 passed, 0 failed"), "{out}");
    assert!(out.contains("nato_russia_2021/4.1  yes    yes   yes"), "{out}");
    assert!(out.contains("7 of 35 clauses covered (20.0%)"), "{out}");
    let o = pacta(&[&two[..], &["--coverage-threshold", "90"]].concat());
    assert_eq!(code(&o), 1);
    assert!(text(&o.stderr).contains("below the threshold of 90%"), "{}", text(&o.stderr));
    let o = pacta(&[&two[..], &["--coverage", "--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "pacta/test/v1");
    assert_eq!(v["summary"]["passed"], 23);
    let c41 =
        v["coverage"]["clauses"].as_array().unwrap().iter().find(|c| c["clause"] == "nato_russia_2021/4.1").unwrap();
    assert_eq!(
        (c41["fired"].as_bool(), c41["held"].as_bool(), c41["exception"].as_bool()),
        (Some(true), Some(true), Some(true))
    );
}

#[test]
fn test_fails_on_a_broken_expectation_and_shows_expected_versus_actual() {
    // The forbid_unless scenario checked against rules it was not written for.
    let o = pacta(&["test", "tests/eval/three_valued/rules.pacta", "tests/eval/forbid_unless/scenario.yaml"]);
    assert_eq!(code(&o), 1);
    let out = text(&o.stdout);
    assert!(out.contains("test tests/eval/forbid_unless/scenario.yaml ... FAILED (17 of 17 cases)"), "{out}");
    assert!(
        out.contains("error[pacta::expectation]: expected a violation of t/1.1 for `us-pol`, but there is none"),
        "{out}"
    );
    assert!(out.contains("= help: actual: indeterminate"), "{out}");
    assert_eq!(out.lines().last(), Some("0 passed, 17 failed"), "{out}");
}

#[test]
fn pacta_toml_supplies_rules_scenarios_and_params_and_flags_win() {
    // At the repository root, pacta.toml names the library and the examples.
    let o = pacta(&["test"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("test examples/baltic-2022.yaml ... ok"), "{}", text(&o.stdout));
    // Elsewhere: a project of its own, with a parameter default a flag overrides.
    let dir = std::env::temp_dir().join(format!("pacta-config-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let rules = common::root().join("tests/eval/require_due/rules.pacta");
    let scenario = common::root().join("tests/eval/require_due/scenario.yaml");
    std::fs::write(
        dir.join("pacta.toml"),
        format!(
            "rules = [{:?}]\nscenarios = [{:?}]\nformat = \"json\"\n[params]\nentry_into_force = \"2022-06-01\"\n",
            rules.display().to_string(),
            scenario.display().to_string()
        ),
    )
    .unwrap();
    // The rules and scenario live in the repository, outside this project:
    // their imports and includes may be read only with --allow-outside.
    let run_in = |args: &[&str]| {
        let (command, rest) = args.split_first().unwrap();
        Command::new(env!("CARGO_BIN_EXE_pacta"))
            .arg(command)
            .arg("--allow-outside")
            .args(rest)
            .current_dir(dir.join("sub"))
            .output()
            .unwrap()
    };
    // Found from a subdirectory; the deadline moved by the project default is not yet due.
    let o = run_in(&["check"]);
    assert_eq!(code(&o), 0, "{}{}", text(&o.stdout), text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // POL–RUS opened on 2022-02-20, in time for the later deadline; POL–USA is pending.
    assert_eq!(v["summary"]["pending"], 1);
    assert_eq!(v["summary"]["violations"], 0);
    let pending = &v["scenarios"][0]["pending"][0];
    assert_eq!((pending["clause"].as_str(), pending["due"].as_str()), (Some("t/2.1"), Some("2022-07-01")));
    assert_eq!(pending["subjects"][1]["id"], "USA");
    // The command line wins: -D over [params], --format over format.
    let o = run_in(&["check", "-D", "entry_into_force=2022-01-01", "--format", "human"]);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("2 violations"), "{}", text(&o.stdout));
    // explain judges with the same parameters as check: under the project's
    // later deadline no verdict is a finding; with -D both pairs are overdue.
    let (r, sc) = (rules.display().to_string(), scenario.display().to_string());
    let o = run_in(&["explain", &r, &sc]);
    assert_eq!(text(&o.stdout).lines().last(), Some("0 verdicts explained"), "{}", text(&o.stdout));
    let o = run_in(&["explain", &r, &sc, "-D", "entry_into_force=2022-01-01"]);
    assert_eq!(text(&o.stdout).lines().last(), Some("2 verdicts explained"), "{}", text(&o.stdout));
    // The file used is named once on stderr, however it was found.
    let o = run_in(&["check"]);
    assert_eq!(text(&o.stderr).matches("note: settings from ../pacta.toml").count(), 1, "{}", text(&o.stderr));
    // --no-config ignores it (no rules then); --config names another file.
    let o = run_in(&["check", "--no-config"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("no rule files"), "{}", text(&o.stderr));
    assert!(!text(&o.stderr).contains("settings from"), "{}", text(&o.stderr));
    std::fs::write(dir.join("other.toml"), "format = \"jsn\"\n").unwrap();
    let o = run_in(&["check", "--config", "../other.toml", &r, &sc]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("../other.toml:1:10: unknown format `jsn`"), "{}", text(&o.stderr));
    // A mistake in pacta.toml is invalid input, located at its line.
    std::fs::write(dir.join("pacta.toml"), "rules = [\"rules\"]\nrulez = [\"rules\"]\n").unwrap();
    let o = run_in(&["check"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("../pacta.toml:2:1: unknown field `rulez`"), "{}", text(&o.stderr));
    // No pacta.toml and no RULES: nothing to check.
    std::fs::remove_file(dir.join("pacta.toml")).unwrap();
    let o = run_in(&["check"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("no rule files"), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn scenario_globs_expand_and_a_pattern_matching_nothing_is_an_error() {
    let o = pacta(&["check", "tests/eval/forbid_unless/rules.pacta", "tests/eval/forbid_unless/scen*.yaml"]);
    assert_eq!(code(&o), 1);
    let o = pacta(&["check", "tests/eval/forbid_unless/rules.pacta", "tests/eval/forbid_unless/nothing*.yaml"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("no file matches"), "{}", text(&o.stderr));
}

#[test]
fn explain_prints_each_verdict_with_its_conditions_and_json_with_its_schema() {
    let o = pacta(&["explain", VIOLATING[1], VIOLATING[2]]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains(" violation ") && out.contains("to comply, any one of:"), "{out}");
    let o = pacta(&["explain", VIOLATING[1], VIOLATING[2], "--format", "json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["schema"], "pacta/explain/v1");
    let xs = j["explanations"].as_array().unwrap();
    assert!(!xs.is_empty());
    for x in xs {
        assert!(x["steps"][0]["conditions"][0]["value"].is_string(), "{x}");
    }
    // Each comparison evaluated on both sides gives the values it compared.
    fn comparisons(node: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
        if !node["compared"].is_null() {
            out.push(node["compared"].clone());
        }
        node["children"].as_array().into_iter().flatten().for_each(|c| comparisons(c, out));
    }
    let mut compared = Vec::new();
    for step in xs.iter().flat_map(|x| x["steps"].as_array().unwrap()) {
        step["conditions"].as_array().into_iter().flatten().for_each(|n| comparisons(n, &mut compared));
    }
    assert!(!compared.is_empty(), "no comparison with its values");
    for c in &compared {
        assert!(c["left"].is_string() && c["right"].is_string(), "{c}");
        assert!(["==", "!=", "<", "<=", ">", ">="].contains(&c["op"].as_str().unwrap()), "{c}");
    }
    // Same bytes every run.
    let again = pacta(&["explain", VIOLATING[1], VIOLATING[2], "--format", "json"]);
    assert_eq!(o.stdout, again.stdout);
}

#[test]
fn explain_rejects_an_unknown_clause_or_bad_flags_with_exit_2() {
    let o = pacta(&["explain", VIOLATING[1], VIOLATING[2], "--clause", "9.9"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("no clause `9.9`"), "{}", text(&o.stderr));
    let o = pacta(&["explain", VIOLATING[1], VIOLATING[2], "--at", "2021-02-30"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("--at"), "{}", text(&o.stderr));
    let o = pacta(&["explain", VIOLATING[1], "tests/eval/missing.yaml"]);
    assert_eq!(code(&o), 2);
    let o = pacta(&["explain", VIOLATING[1], VIOLATING[2], "-D", "nosuch=1"]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
}

#[test]
fn an_error_on_a_very_long_line_shows_a_window_of_it_at_the_right_column() {
    // A scenario as one line of JSON (valid YAML), 60 kB, with an unknown
    // field near the middle and multibyte names around it.
    let state = |i: usize, extra: &str| format!(r#"{{"id": "S{i:04}", "name": "Ülkë {i}", "in_europe": true{extra}}}"#);
    let states: Vec<String> = (0..800).map(|i| state(i, if i == 400 { r#", "colour": "red""# } else { "" })).collect();
    let line = format!(r#"{{"as_of": "2022-01-01", "State": [{}]}}"#, states.join(", "));
    let column = line[..line.find("colour").unwrap()].chars().count() + 1;
    let dir = std::env::temp_dir().join(format!("pacta-long-line-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("one-line.yaml");
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let o = pacta(&["check", "rules", file.to_str().unwrap()]);
    let err = text(&o.stderr);
    assert_eq!(code(&o), 2, "{err}");
    assert!(err.contains(&format!("one-line.yaml:1:{column}")), "{err}");
    // The window: the label and some context, cut with `…` on both sides.
    let shown = err.lines().find(|l| l.starts_with("1 │")).unwrap_or_default();
    assert!(shown.contains(r#""colour": "red""#) && shown.contains("1 │ …") && shown.ends_with('…'), "{err}");
    assert!(err.len() < 2_000, "{} bytes of diagnostics for one error", err.len());
    // The caret sits under the field name.
    let carets = err.lines().find(|l| l.contains('^')).unwrap_or_default();
    let under = shown.chars().skip(carets.chars().position(|c| c == '^').unwrap()).take(6).collect::<String>();
    assert_eq!(under, "colour", "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_clause_over_its_step_budget_stops_the_run_with_exit_2_and_a_hint() {
    // Three bindings over 300 items: 27 million combinations, no join.
    let dir = std::env::temp_dir().join(format!("pacta-budget-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("cross.pacta");
    std::fs::write(
        &rules,
        "entity Item { n: int }\ntreaty t \"T\" { }\narticle 1 \"A\" {\n  clause 1 \"Cross product\" {\n    \
         forbid a: Item, b: Item, c: Item where a.n + b.n + c.n < 0\n    message \"{a.n}\"\n  }\n  \
         clause 2 \"Cheap\" {\n    forbid a: Item where a.n < 0\n    message \"{a.n}\"\n  }\n}\n",
    )
    .unwrap();
    let items: String = (0..300).map(|i| format!("  - {{ id: i{i}, n: {i} }}\n")).collect();
    let scenario = dir.join("items.yaml");
    std::fs::write(&scenario, format!("as_of: 2022-01-01\nItem:\n{items}")).unwrap();
    let (r, s) = (rules.to_str().unwrap(), scenario.to_str().unwrap());
    let o = pacta(&["check", r, s, "--max-steps", "100000"]);
    let err = text(&o.stderr);
    assert_eq!(code(&o), 2, "{err}");
    assert!(err.contains("error[pacta::eval-budget]: clause t/1 was not decided"), "{err}");
    assert!(err.contains("cross.pacta:5:5"), "{err}");
    assert!(err.contains("--max-steps"), "{err}");
    assert!(text(&o.stdout).contains("; 1 error (see above)"), "{}", text(&o.stdout));
    // The cheap clause fits; only the cross product is named.
    assert!(!err.contains("t/2"), "{err}");
    // The same in the other commands that evaluate.
    for cmd in [&["explain", r, s][..], &["timeline", r, s], &["diff", r, r, s]] {
        let o = pacta(&[cmd, &["--max-steps", "100000"]].concat());
        assert_eq!(code(&o), 2, "{cmd:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("pacta::eval-budget"), "{cmd:?}: {}", text(&o.stderr));
    }
    // The bundled library fits the default budget, and fails a tiny one.
    assert_eq!(code(&pacta(&["check", "rules", "examples/baltic-2022.yaml"])), 1);
    let o = pacta(&["check", "rules", "examples/baltic-2022.yaml", "--max-steps", "10"]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert_eq!(code(&pacta(&["check", "rules", "examples/baltic-2022.yaml", "--max-steps", "0"])), 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pending_obligations_are_listed_one_line_per_clause_and_deadline() {
    let o = pacta(&["check", "rules", "examples/baltic-2022.yaml"]);
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("pending: ")).collect();
    // Thirty hotlines between Russia and each NATO party, all due on the same day.
    assert_eq!(
        lines,
        ["pending: nato_russia_2021/2.3 (Emergency hotlines): 30 obligations due 2022-05-30, not met yet: \
          ALB; BEL; BGR and 27 more"],
        "{out}"
    );
    assert!(out.ends_with("2 for review (30 obligations pending)\n"), "{out}");
}

#[test]
fn an_import_or_include_of_a_device_is_refused_not_read_forever() {
    // Found by fuzzing: `/dev/zero` was read until memory ran out, and
    // `/dev/stdin` blocked on a terminal.
    let dir = std::env::temp_dir().join(format!("pacta-devices-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (rules, scenario) = (dir.join("r.pacta"), dir.join("s.yaml"));
    std::fs::write(&rules, "import \"/dev/zero\"\n").unwrap();
    std::fs::write(&scenario, "as_of: 2022-01-15\ninclude: [/dev/zero]\n").unwrap();
    // Outside the project, it is not even looked at; allowed outside, it is
    // still no regular file.
    let o = pacta(&["check", rules.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("cannot import `/dev/zero`: outside the project"), "{}", text(&o.stderr));
    let o = pacta(&["check", "--allow-outside", rules.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("cannot import `/dev/zero`: not a regular file"), "{}", text(&o.stderr));
    let o = pacta(&["check", "--allow-outside", "rules", scenario.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("cannot read `/dev/zero`: not a regular file"), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("s.yaml:2:11"), "{}", text(&o.stderr));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_world_is_open_where_the_scenario_says_so_and_closed_with_the_flag() {
    let case =
        ["check", "tests/eval/open_world/rules.pacta", "tests/eval/open_world/scenario.yaml", "--format", "json"];
    let o = pacta(&case);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Hotlines: none recorded; consents: said to be incomplete.
    assert_eq!(v["scenarios"][0]["incomplete"], serde_json::json!(["Consent", "Hotline", "Launcher"]));
    assert_eq!((v["summary"]["violations"].as_u64(), v["summary"]["indeterminate"].as_u64()), (Some(2), Some(10)));
    assert_eq!(code(&o), 1);
    // Curated data: every type recorded completely, so no fact is a fact.
    let o = pacta(&[&case[..], &["--closed-world"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["scenarios"][0]["incomplete"], serde_json::json!([]));
    assert_eq!((v["summary"]["violations"].as_u64(), v["summary"]["indeterminate"].as_u64()), (Some(9), Some(0)));
}

/// A run that judges nothing fails: an empty directory, a rules directory
/// given as scenarios, a data file named as a scenario.
#[test]
fn nothing_to_judge_is_an_error_not_a_pass() {
    let empty = std::env::temp_dir().join(format!("pacta-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let o = pacta(&["check", "rules/", empty.to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("error[pacta::no-scenarios]"), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("holds no scenario (no `*.yaml`, `*.yml` or `*.json` file)"),
        "{}",
        text(&o.stderr)
    );
    let o = pacta(&["test", "rules/", empty.to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    std::fs::remove_dir_all(&empty).unwrap();
    // The library's own directory: rule files and include-only data only.
    let o = pacta(&["check", "rules/", "rules/"]);
    assert_eq!(code(&o), 2);
    let err = text(&o.stderr);
    assert!(
        err.contains("only 4 rule files and 2 include-only data files: a rules directory given as scenarios?"),
        "{err}"
    );
    // A data file named outright.
    let o = pacta(&["check", "rules/", "rules/data/states.yaml"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("error[pacta::include-only]"), "{}", text(&o.stderr));
}

/// A directory walk judges scenarios, not the data files they include.
#[test]
fn include_only_data_files_are_not_judged_as_scenarios() {
    let o = pacta(&["check", "rules/", "examples/", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = v["scenarios"].as_array().unwrap().iter().filter_map(|s| s["file"].as_str()).collect();
    assert!(names.iter().any(|n| n.ends_with("europe-2021/posture-2021.yaml")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("/data/")), "{names:?}");
    assert_eq!(names.len(), 18, "{names:?}");
}

#[test]
fn indeterminate_verdicts_fail_with_exit_4_unless_the_run_accepts_them() {
    let args = ["check", "tests/eval/undecided/rules.pacta", "tests/eval/undecided/scenario.yaml"];
    let o = pacta(&args);
    assert_eq!(code(&o), 4, "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("undecided: 1 verdict could not be decided (exit code 4)"), "{}", text(&o.stdout));
    let json = |extra: &[&str]| -> serde_json::Value {
        let o = pacta(&[&args[..], &["--format", "json"], extra].concat());
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let v = json(&[]);
    assert_eq!((v["ok"].as_bool(), v["outcome"].as_str()), (Some(false), Some("undecided")));
    assert_eq!(v["fail_on"], "violation,indeterminate");
    assert_eq!(v["scenarios"][0]["findings"][0]["indeterminate"]["kind"], "unrecorded");
    // Told to fail on violations only, the same run passes, and says so everywhere.
    for accept in [&["--fail-on", "violation"][..], &["--fail-on", "violation,review"], &["--fail-on=review"]] {
        assert_eq!(code(&pacta(&[&args[..], accept].concat())), 0, "{accept:?}");
    }
    let v = json(&["--fail-on", "violation"]);
    assert_eq!((v["ok"].as_bool(), v["outcome"].as_str()), (Some(true), Some("compliant")));
    // Repeated and comma-separated lists are the same.
    let o = pacta(&[&args[..], &["--fail-on", "violation", "--fail-on", "indeterminate"]].concat());
    assert_eq!(code(&o), 4);
    let o = pacta(&[&args[..], &["--fail-on", "violations"]].concat());
    assert_eq!(code(&o), 2);
    assert!(
        text(&o.stderr).contains("expected one of violation, indeterminate, review, warning"),
        "{}",
        text(&o.stderr)
    );
    // A violation is an answer even where other verdicts are unknown: 1, not 4.
    let both = ["check", "tests/eval/open_world/rules.pacta", "tests/eval/open_world/scenario.yaml"];
    assert_eq!(code(&pacta(&both)), 1);
    // pacta.toml: a list, a single name, or a mistake named with the file.
    let dir = std::env::temp_dir().join(format!("pacta-fail-on-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run_with = |toml: &str| {
        std::fs::write(dir.join("pacta.toml"), toml).unwrap();
        Command::new(env!("CARGO_BIN_EXE_pacta"))
            .arg("check")
            .arg("--allow-outside")
            .args(args[1..].iter().map(|a| common::root().join(a)))
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    assert_eq!(code(&run_with("fail_on = [\"violation\"]\n")), 0);
    assert_eq!(code(&run_with("fail_on = \"violation,indeterminate\"\n")), 4);
    let o = run_with("fail_on = [\"violation\", \"sometimes\"]\n");
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("pacta.toml:1:11: unknown fail_on `sometimes`"), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn deny_warnings_makes_lint_warnings_fail_the_run() {
    let args = ["check", "tests/check/errors/unused.pacta"];
    let o = pacta(&args);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("pacta::unused-definition"), "{}", text(&o.stderr));
    assert_eq!(code(&pacta(&[&args[..], &["--deny-warnings"]].concat())), 1);
    assert_eq!(code(&pacta(&[&args[..], &["--fail-on", "warning"]].concat())), 1);
    let o = pacta(&[&args[..], &["--deny-warnings", "--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["outcome"].as_str(), v["summary"]["warnings"].as_u64()), (Some("failed"), Some(1)));
}

#[test]
fn several_scenarios_stream_in_input_order_with_a_header_and_summary_each() {
    let args = [
        "check",
        "tests/eval/forbid_unless/rules.pacta",
        "tests/eval/undecided/scenario.yaml",
        "tests/eval/forbid_unless/scenario.yaml",
        "--color",
        "never",
    ];
    let one = pacta(&[&args[..], &["-j", "1"]].concat());
    let two = pacta(&[&args[..], &["-j", "2"]].concat());
    assert_eq!(one.stdout, two.stdout);
    let out = text(&one.stdout);
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("=== ")).collect();
    assert_eq!(headers, ["=== tests/eval/undecided/scenario.yaml", "=== tests/eval/forbid_unless/scenario.yaml"]);
    assert!(
        out.contains("tests/eval/undecided/scenario.yaml: 1 clause, 5 facts: 0 violations, 0 waived, 1 indeterminate"),
        "{out}"
    );
    assert!(
        out.ends_with("2 scenarios, 1 clause, 15 facts: 1 violation, 1 waived, 1 indeterminate, 0 for review\n"),
        "{out}"
    );
    // --quiet: the findings and the total only.
    let quiet = text(&pacta(&[&args[..], &["--quiet"]].concat()).stdout);
    assert!(!quiet.contains("=== ") && !quiet.contains("scenario.yaml: 1 clause"), "{quiet}");
    assert_eq!(quiet.matches("violation: No new foreign forces").count(), 1, "{quiet}");
    // --verbose: each scenario's time, nothing else changes.
    let verbose = text(&pacta(&[&args[..], &["-v"]].concat()).stdout);
    let timed: Vec<&str> = verbose.lines().filter(|l| l.contains(": judged in ")).collect();
    assert_eq!(timed.len(), 2, "{verbose}");
    let untimed: String = verbose.lines().filter(|l| !l.contains(": judged in ")).map(|l| format!("{l}\n")).collect();
    assert_eq!(untimed, out);
    // The same report written to a file has the same findings, in the same order.
    let file = std::env::temp_dir().join(format!("pacta-stream-{}.txt", std::process::id()));
    let o = pacta(&[&args[..], &["-o", &format!("human={}", file.display())]].concat());
    let written = std::fs::read_to_string(&file).unwrap();
    let _ = std::fs::remove_file(&file);
    assert_eq!(o.stdout, one.stdout);
    assert!(written.ends_with(&out), "{written}");
}

const NO_EXPECT: [&str; 3] =
    ["test", "tests/eval/join_bindings/rules.pacta", "tests/eval/join_bindings/review_only.yaml"];
const TWO: [&str; 4] = ["test", "rules", "examples/baltic-2022.yaml", "examples/nato-enlargement-2024.yaml"];

/// Runs pacta in `dir` (which has its own pacta.toml) on repository files.
fn pacta_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let (command, rest) = args.split_first().unwrap();
    Command::new(env!("CARGO_BIN_EXE_pacta"))
        .arg(command)
        .arg("--allow-outside")
        .args(rest.iter().map(|a| if a.starts_with('-') { (*a).into() } else { common::root().join(a) }))
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A run in which no scenario has an `expect:` block tests nothing: it
/// fails unless the flag or pacta.toml allows it.
#[test]
fn test_fails_when_nothing_was_tested_unless_that_is_allowed() {
    let o = pacta(&NO_EXPECT);
    assert_eq!(code(&o), 1, "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(err.contains("error: nothing was tested: no scenario has an `expect:` block"), "{err}");
    assert!(err.contains("--allow-no-expectations") && err.contains("allow_no_expectations = true"), "{err}");
    assert!(text(&o.stdout).contains("test result: FAILED. 0 passed; 0 failed; 1 skipped"), "{}", text(&o.stdout));
    let v: serde_json::Value =
        serde_json::from_slice(&pacta(&[&NO_EXPECT[..], &["--format", "json"]].concat()).stdout).unwrap();
    assert_eq!(v["ok"], false);
    let o = pacta(&[&NO_EXPECT[..], &["--allow-no-expectations"]].concat());
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(!text(&o.stderr).contains("error"), "{}", text(&o.stderr));
    // The same from pacta.toml; a mistake in the key is still an error.
    let dir = std::env::temp_dir().join(format!("pacta-no-expect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pacta.toml"), "allow_no_expectations = true\n").unwrap();
    assert_eq!(code(&pacta_in(&dir, &NO_EXPECT)), 0);
    std::fs::write(dir.join("pacta.toml"), "allow_no_expectations = false\n").unwrap();
    assert_eq!(code(&pacta_in(&dir, &NO_EXPECT)), 1);
    std::fs::write(dir.join("pacta.toml"), "allow_no_expectation = true\n").unwrap();
    assert_eq!(code(&pacta_in(&dir, &NO_EXPECT)), 2);
    let _ = std::fs::remove_dir_all(&dir);
    // No scenario at all, or a filter that selects none, tests nothing either.
    let o = pacta(&["test", "rules/"]);
    assert_eq!(code(&o), 1);
    assert!(text(&o.stderr).contains("nothing was tested: no scenario was given"), "{}", text(&o.stderr));
    let o = pacta(&[&TWO[..], &["--filter", "no-such-thing"]].concat());
    assert_eq!(code(&o), 1);
    assert!(text(&o.stderr).contains("`--filter no-such-thing` selects no scenario with an `expect:` block"));
    assert_eq!(text(&o.stdout).lines().last(), Some("0 passed, 0 failed, 23 filtered out"));
    assert_eq!(code(&pacta(&[&TWO[..], &["--filter", "no-such-thing", "--allow-no-expectations"]].concat())), 0);
}

#[test]
fn test_filter_selects_scenarios_by_path_and_cases_by_clause_id() {
    let o = pacta(&[&TWO[..], &["--filter", "baltic"]].concat());
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with("\nrunning 1 scenario\ntest examples/baltic-2022.yaml ... ok (6 cases)\n"), "{out}");
    assert!(out.contains("test result: ok. 6 passed; 0 failed; 0 skipped; 17 filtered out\n"), "{out}");
    assert_eq!(out.lines().last(), Some("6 passed, 0 failed, 17 filtered out"), "{out}");
    // By clause: in each scenario, only the cases of matching clauses.
    let o = pacta(&[&TWO[..], &["--filter", "us_russia_2021/", "--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cases: Vec<&str> = v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["cases"].as_array().unwrap())
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(!cases.is_empty() && cases.iter().all(|c| c.contains("us_russia_2021/")), "{cases:?}");
    let (passed, out) = (v["summary"]["passed"].as_u64().unwrap(), v["summary"]["filtered_out"].as_u64().unwrap());
    assert_eq!((passed + out, passed as usize), (23, cases.len()));
    // Without --filter the summary says nothing of filtering.
    let o = pacta(&TWO);
    assert_eq!(text(&o.stdout).lines().last(), Some("23 passed, 0 failed"));
}

#[test]
fn test_takes_at_and_defines_as_check_does_and_judges_by_the_expect_block() {
    let case = ["test", "tests/eval/require_due/rules.pacta", "tests/eval/require_due/scenario.yaml"];
    assert_eq!(code(&pacta(&case)), 0);
    // Before the deadline, the overdue hotlines the block expects are not found.
    for extra in [&["--at", "2022-01-20"][..], &["-D", "entry_into_force=2022-06-01"]] {
        let o = pacta(&[&case[..], extra].concat());
        assert_eq!(code(&o), 1, "{extra:?}: {}", text(&o.stdout));
        assert!(text(&o.stdout).contains("expected a violation of t/2.1"), "{extra:?}: {}", text(&o.stdout));
    }
    for bad in [&["--at", "2022-02-30"][..], &["-D", "nope=1"], &["-D", "novalue"]] {
        let o = pacta(&[&case[..], bad].concat());
        assert_eq!(code(&o), 2, "{bad:?}: {}", text(&o.stderr));
    }
}

#[test]
fn test_verbose_adds_timings_and_quiet_keeps_failures_and_the_last_line() {
    let o = pacta(&TWO);
    assert!(!text(&o.stdout).contains(" ms"), "timings without --verbose");
    let o = pacta(&[&TWO[..], &["--verbose"]].concat());
    let out = text(&o.stdout);
    let timed = |l: &&str| l.starts_with("test examples/") && l.ends_with(" ms") && l.contains("cases) in ");
    assert_eq!(out.lines().filter(timed).count(), 2, "{out}");
    assert!(out.contains("0 skipped; finished in "), "{out}");
    assert_eq!(code(&o), 0);
    let o = pacta(&[&TWO[..], &["-q"]].concat());
    assert_eq!(text(&o.stdout), "23 passed, 0 failed\n");
    let failing = ["test", "tests/eval/three_valued/rules.pacta", "tests/eval/forbid_unless/scenario.yaml", "--quiet"];
    let o = pacta(&failing);
    assert_eq!(code(&o), 1);
    let out = text(&o.stdout);
    assert!(out.starts_with("\nfailures:\n\n---- tests/eval/forbid_unless/scenario.yaml ----\n"), "{out}");
    assert!(!out.contains("running") && !out.contains("test result"), "{out}");
    assert!(out.ends_with("\n0 passed, 17 failed\n"), "{out}");
    assert_eq!(code(&pacta(&[&TWO[..], &["-q", "-v"]].concat())), 2);
}

/// No `1 scenarios`, `1 treaties` or `(s)` in what the commands print.
#[test]
fn counts_agree_with_their_nouns() {
    let rules = "tests/eval/forbid_unless/rules.pacta";
    let o = pacta(&["check", rules]);
    assert_eq!(text(&o.stdout), "1 treaty, 1 clause, 0 definitions: 0 errors, 0 warnings\n");
    let o = pacta(&["check", "rules/"]);
    assert!(text(&o.stdout).starts_with("2 treaties, 35 clauses, "), "{}", text(&o.stdout));
    let o = pacta(&["test", rules, "tests/eval/forbid_unless/scenario.yaml"]);
    assert!(text(&o.stdout).starts_with("\nrunning 1 scenario\n"), "{}", text(&o.stdout));
    let o = pacta(&["check", "tests/check/errors/def_cycle.pacta"]);
    assert!(text(&o.stderr).ends_with("\n1 error; nothing was evaluated\n"), "{}", text(&o.stderr));
    let o = pacta(&["check", "tests/check/errors/unused.pacta"]);
    assert_eq!(text(&o.stdout), "1 treaty, 1 clause, 2 definitions: 0 errors, 1 warning\n");
    let runs = [
        &NO_EXPECT[..],
        &["check", "tests/check/errors/arity_and_kinds.pacta"],
        &["check", rules, "tests/eval/forbid_unless/scenario.yaml"],
        &["explain", rules, "tests/eval/forbid_unless/scenario.yaml", "--subject", "us-pol"],
        &[
            "timeline",
            "rules",
            "examples/baltic-2022.yaml",
            "--from",
            "2022-01-01",
            "--to",
            "2022-03-01",
            "--step",
            "1month",
        ],
        &["diff", "rules", "rules", "examples/baltic-2022.yaml"],
    ];
    for args in runs {
        let o = pacta(args);
        let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
        for wrong in ["(s)", " 1 scenarios", "\n1 scenarios", " 1 treaties", " 1 clauses", " 1 verdicts", " 1 months"] {
            assert!(!all.contains(wrong), "{args:?}: `{wrong}` in\n{all}");
        }
    }
    let o = pacta(runs[5]);
    assert!(text(&o.stdout).contains("0 differences in 0 of 1 scenario compared"), "{}", text(&o.stdout));
    let o = pacta(runs[4]);
    assert!(text(&o.stdout).contains("3 dates every 1 month"), "{}", text(&o.stdout));
}

/// Runs pacta with extra environment variables (and `NO_COLOR`, `TERM`
/// and the forcing variables unset unless given).
fn pacta_env(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pacta"));
    c.args(args).current_dir(common::root());
    for v in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM"] {
        c.env_remove(v);
    }
    c.envs(env.iter().copied());
    text(&c.output().unwrap().stdout)
}

#[test]
fn test_colours_its_verdicts_where_colour_is_on_and_the_environment_can_force_it() {
    let passing = &TWO[..3];
    // Not a terminal: no colour by default.
    assert!(!pacta_env(passing, &[]).contains("\x1b["));
    for force in ["FORCE_COLOR", "CLICOLOR_FORCE"] {
        let out = pacta_env(passing, &[(force, "1")]);
        assert!(out.contains("... \x1b[32mok\x1b[0m (6 cases)"), "{force}: {out}");
        assert!(out.contains("test result: \x1b[32mok\x1b[0m."), "{force}: {out}");
        // Even on a dumb terminal; never over NO_COLOR, `0` or --color never.
        assert!(pacta_env(passing, &[(force, "1"), ("TERM", "dumb")]).contains("\x1b["), "{force}");
        assert!(!pacta_env(passing, &[(force, "0")]).contains("\x1b["), "{force}");
        assert!(!pacta_env(passing, &[(force, "1"), ("NO_COLOR", "1")]).contains("\x1b["), "{force}");
        assert!(!pacta_env(&[passing, &["--color", "never"]].concat(), &[(force, "1")]).contains("\x1b["));
    }
    let failing = ["test", "tests/eval/three_valued/rules.pacta", "tests/eval/forbid_unless/scenario.yaml"];
    let out = pacta_env(&[&failing[..], &["--color", "always"]].concat(), &[("NO_COLOR", "1")]);
    assert!(out.contains("... \x1b[31mFAILED\x1b[0m (17 of 17 cases)"), "{out}");
    // check colours under FORCE_COLOR too (its reports are codespan's).
    assert!(pacta_env(&VIOLATING, &[("FORCE_COLOR", "1")]).contains("\x1b["));
}

/// Scenario and rules swapped: every command says so instead of failing
/// to parse YAML as rules.
#[test]
fn a_scenario_given_where_the_rules_go_is_named_with_the_right_order() {
    let scenario = "examples/baltic-2022.yaml";
    for (args, usage) in [
        (vec!["check", scenario, "rules/"], "pacta check RULES SCENARIO…"),
        (vec!["test", scenario, "rules/"], "pacta test RULES SCENARIO…"),
        (vec!["explain", scenario, "rules/"], "pacta explain RULES SCENARIO"),
        (vec!["timeline", scenario, "rules/"], "pacta timeline RULES SCENARIO"),
        (vec!["diff", "rules/", scenario, "examples/"], "pacta diff A B SCENARIO…"),
    ] {
        let o = pacta(&args);
        assert_eq!(code(&o), 2, "{args:?}");
        let want = format!("`{scenario}` is a scenario; the rule files come first: {usage}");
        assert!(text(&o.stderr).contains(&want), "{args:?}: {}", text(&o.stderr));
    }
}

#[test]
fn a_scenario_piped_on_stdin_is_judged_with_its_includes_from_base_dir() {
    use std::io::Write as _;
    let yaml = std::fs::read(common::root().join("tests/eval/forbid_unless/scenario.yaml")).unwrap();
    let piped = |extra: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pacta"))
            .args(["check", "tests/eval/forbid_unless/rules.pacta", "-", "--format", "json"])
            .args(extra)
            .current_dir(common::root())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&yaml).unwrap();
        child.wait_with_output().unwrap()
    };
    let o = piped(&["--base-dir", "tests/eval/forbid_unless"]);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["scenarios"][0]["file"], "tests/eval/forbid_unless/<stdin>");
    assert_eq!((v["summary"]["violations"].as_u64(), v["summary"]["waived"].as_u64()), (Some(1), Some(1)));
    let location = &v["scenarios"][0]["findings"][0]["subjects"][0]["location"];
    assert_eq!(
        (location["file"].as_str(), location["line"].as_u64()),
        (Some("tests/eval/forbid_unless/<stdin>"), Some(4))
    );
    // Without --base-dir, includes are resolved from the working directory.
    let o = piped(&[]);
    assert_eq!(code(&o), 2);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let message = v["scenarios"][0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("cannot read `../states.yaml`"), "{message}");
}

/// Two scenarios of one run include the same data file, which is parsed
/// once and shared: the overrides of one must not reach the other, in
/// either order and on any number of threads.
#[test]
fn a_shared_include_carries_no_overrides_between_scenarios() {
    let dir = std::env::temp_dir().join(format!("pacta-shared-include-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let states = common::root().join("tests/eval/states.yaml");
    let deployments = "Deployment:\n  - { id: us-pol, owner: USA, host: POL, personnel: 1000, since: 2017-01-01 }\n  - { id: us-pol-2, owner: USA, host: POL, personnel: 500, since: 2018-01-01 }\n";
    let head = format!("as_of: 2022-01-15\ninclude: [{}]\n", states.display());
    let overrides =
        "overrides:\n  State:\n    - { id: DEU, in_europe: false }\n  Deployment:\n    - { id: us-pol, host: DEU }\n";
    std::fs::write(dir.join("a.yaml"), format!("{head}{overrides}{deployments}")).unwrap();
    std::fs::write(dir.join("b.yaml"), format!("{head}{deployments}")).unwrap();
    let rules = common::root().join("tests/eval/overrides/rules.pacta");
    let violated = |order: [&str; 2], jobs: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_pacta"))
            .args(["check", "--allow-outside", "--format", "json", "-j", jobs])
            .arg(&rules)
            .args(order.map(|f| dir.join(f)))
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut by_file: Vec<(String, Vec<String>)> = json["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let file = std::path::Path::new(s["file"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let ids = s["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["subjects"][0]["id"].as_str().unwrap().to_string());
                (file, ids.collect())
            })
            .collect();
        by_file.sort();
        by_file
    };
    let expected = vec![
        ("a.yaml".to_string(), vec!["us-pol-2".to_string()]),
        ("b.yaml".to_string(), vec!["us-pol".to_string(), "us-pol-2".to_string()]),
    ];
    for jobs in ["1", "2"] {
        assert_eq!(violated(["a.yaml", "b.yaml"], jobs), expected, "-j {jobs}, overrides first");
        assert_eq!(violated(["b.yaml", "a.yaml"], jobs), expected, "-j {jobs}, overrides last");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `--clause` keeps the clauses it names, in the run and the report; an id
/// that names none fails with the closest one instead of judging nothing.
#[test]
fn clause_selects_what_check_judges() {
    let run = |extra: &[&str]| {
        let o = pacta(
            &[&["check", "rules", "examples/baltic-2022.yaml", "--format", "json", "--no-config"], extra].concat(),
        );
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let clauses: std::collections::BTreeSet<String> = report["scenarios"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["clause"].as_str().unwrap().to_string())
            .collect();
        (code(&o), report["summary"]["clauses"].as_u64().unwrap(), clauses)
    };
    let (_, all, everything) = run(&[]);
    assert!(everything.len() > 1, "{everything:?}");
    let (status, kept, found) = run(&["--clause", "nato_russia_2021/4.1"]);
    assert_eq!((status, kept), (1, 1));
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["nato_russia_2021/4.1"]);
    // A bare id names that clause in every treaty.
    let (_, bare, _) = run(&["--clause", "4.1"]);
    assert!(bare > 1 && bare < all, "{bare} of {all}");
    let o = pacta(&["check", "rules", "examples/baltic-2022.yaml", "--clause", "nato_russia_2021/4.9", "--no-config"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("no clause `nato_russia_2021/4.9`"), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("did you mean `nato_russia_2021/4.1`?"), "{}", text(&o.stderr));
}

/// An error in a file several scenarios include is shown once, not once
/// per scenario; each scenario still says it was not judged, and the run
/// fails.
#[test]
fn an_error_several_scenarios_share_is_shown_once() {
    let dir = std::env::temp_dir().join(format!("pacta-shared-error-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write(
        "r.pacta",
        "entity E { x: int }\ntreaty a \"A\" {}\narticle 1 \"X\" { clause 1.1 \"C\" { forbid e: E where e.x > 1 message \"m\" } }\n",
    );
    write("data.yaml", "include_only: true\nE:\n  - { id: a, x: notanint }\n");
    write("s1.yaml", "include: [data.yaml]\nE:\n  - { id: b, x: 1 }\n");
    write("s2.yaml", "include: [data.yaml]\nE:\n  - { id: c, x: y }\n");
    let o = Command::new(env!("CARGO_BIN_EXE_pacta"))
        .args(["check", "r.pacta", "s1.yaml", "s2.yaml", "--no-config", "--color", "never"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code(&o), 2, "{err}");
    assert_eq!(err.matches("found `notanint`").count(), 1, "the shared error once:\n{err}");
    assert_eq!(err.matches("found `y`").count(), 1, "s2's own error:\n{err}");
    assert_eq!(out.matches("not judged: see the errors above").count(), 2, "{out}");
}

/// `pending:` is exhaustive and `holds:` takes `{clause, subject}` entries:
/// each way a scenario's expectations can miss is a failed case with its
/// own message (the require_due_pending case, its pairs swapped).
#[test]
fn test_checks_pending_obligations_and_subjects_that_hold() {
    let dir = std::env::temp_dir().join(format!("pacta-pending-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case = common::root().join("tests/eval/require_due_pending");
    let scenario = std::fs::read_to_string(case.join("scenario.yaml")).unwrap();
    let swapped = scenario
        .replace("- { clause: t/2.1, subject: [POL, USA] }", "- { clause: t/2.1, subject: [SWAP] }")
        .replace("- { clause: t/2.1, subject: [RUS, USA] }", "- { clause: t/2.1, subject: [POL, USA] }")
        .replace("[SWAP]", "[RUS, USA]")
        .replace(
            "include: [../states.yaml]",
            &format!("include: [{:?}]", case.join("../states.yaml").display().to_string()),
        );
    assert_ne!(swapped, scenario);
    std::fs::write(dir.join("s.yaml"), swapped).unwrap();
    let rules = case.join("rules.pacta").display().to_string();
    let s = dir.join("s.yaml").display().to_string();
    let o = pacta(&["test", &rules, &s, "--allow-outside", "--no-config", "--color", "never"]);
    std::fs::remove_dir_all(&dir).ok();
    let out = text(&o.stdout);
    assert_eq!(code(&o), 1, "{out}");
    assert!(out.contains("expected a pending obligation of t/2.1 for `RUS,USA`, but there is none"), "{out}");
    assert!(out.contains("expected t/2.1 to hold for `POL,USA`, but there is a pending obligation"), "{out}");
    assert!(out.contains("unexpected pending obligation of t/2.1 for `POL,USA`"), "{out}");
    // As written, the case passes (tests/cases runs it too).
    let o =
        pacta(&["test", "tests/eval/require_due_pending/rules.pacta", "tests/eval/require_due_pending/scenario.yaml"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stdout));
}

#[test]
fn a_library_directory_serves_pacta_imports_from_another_project() {
    let dir = std::env::temp_dir().join(format!("pacta-lib-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let library = common::root().join("rules");
    let scenario = common::root().join("examples/baltic-2022.yaml");
    let rules = "import \"pacta:schema/security\"\ntreaty mine \"Mine\" {}\narticle 1 \"A\" {\n  clause 1.1 \"No deployments in Estonia\" {\n    forbid d: Deployment where d.host.id == \"EST\"\n    message \"{d.id}\"\n  }\n}\n";
    std::fs::write(dir.join("rules.pacta"), rules).unwrap();
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_pacta")).args(args).current_dir(&dir).output().unwrap();
    let (lib, scenario) = (library.display().to_string(), scenario.display().to_string());
    // With --lib: the library's schema is found, and its unused definitions
    // (the importer uses few of them) are not the importer's warnings.
    let o = run(&["check", "rules.pacta", &scenario, "--lib", &lib, "--format", "concise"]);
    assert_eq!(code(&o), 1, "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(text(&o.stdout).contains("violation[mine/1.1] gbr-est-efp"), "{}", text(&o.stdout));
    assert!(!text(&o.stderr).contains("never used"), "{}", text(&o.stderr));
    // From pacta.toml, relative to it.
    std::fs::write(dir.join("pacta.toml"), format!("lib = [{lib:?}]\n")).unwrap();
    let o = run(&["check", "rules.pacta", &scenario, "--format", "concise"]);
    assert_eq!(code(&o), 1, "{}{}", text(&o.stdout), text(&o.stderr));
    std::fs::remove_file(dir.join("pacta.toml")).unwrap();
    // Without one: where the import is, and how to name a library.
    let o = run(&["check", "rules.pacta"]);
    assert_eq!(code(&o), 2);
    let err = text(&o.stderr);
    assert!(err.contains("error[pacta::import-not-found]: no library file `schema/security`"), "{err}");
    assert!(err.contains("rules.pacta:1:1") && err.contains("--lib DIR"), "{err}");
    // A `pacta:` path cannot climb out of the library.
    std::fs::write(dir.join("rules.pacta"), "import \"pacta:../rules/schema/security\"\n").unwrap();
    let o = run(&["check", "rules.pacta", "--lib", &lib]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("no library file `../rules/schema/security`"), "{}", text(&o.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn timeline_evaluates_on_the_dates_rules_compute_and_the_day_before_the_first() {
    let case = "tests/eval/computed_dates";
    let (rules, scenario) = (format!("{case}/rules.pacta"), format!("{case}/scenario.yaml"));
    let o = pacta(&["timeline", &rules, &scenario]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    // `as_of >= entry_into_force + 2 years`: from 2023-03-01, a date no fact
    // or parameter holds (not from the scenario's as_of, 2023-06-01).
    assert!(out.contains("t/1.1  us-pol  holds 1949-04-03 → 2023-03-01, violation 2023-03-01 → …"), "{out}");
    // A parameter's computed default (`entry_into_force + 1 year`).
    assert!(out.contains("t/1.2  us-pol  holds 1949-04-03 → 2022-03-01, violation 2022-03-01 → …"), "{out}");
    // `d.since + 30 days`, and the pending period before it; the first date
    // in the facts is 1949-04-04 (a membership): the day before is judged.
    assert!(
        out.contains(
            "pending 2020-05-01 → 2020-06-01 (due 2020-05-31), violation 2020-06-01 → … (overdue since 2020-05-31)"
        ),
        "{out}"
    );
}

#[test]
fn a_rule_directory_without_rule_files_is_an_error_never_a_green_run() {
    let dir = std::env::temp_dir().join(format!("pacta-empty-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(dir.join("rules/notes.txt"), "not a rule file\n").unwrap();
    // (No pacta.toml here or above the temporary directory.)
    let commands = [
        &["check", "rules"][..],
        &["test", "rules"],
        &["fmt", "--check", "rules"],
        &["schema", "--json-schema", "rules"],
    ];
    for args in commands {
        let o = Command::new(env!("CARGO_BIN_EXE_pacta")).args(args).current_dir(&dir).output().unwrap();
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o.stderr));
        let wanted = "error[pacta::no-files]: cannot read `rules`: holds no `*.pacta` file";
        assert!(text(&o.stderr).contains(wanted), "{args:?}: {}", text(&o.stderr));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
