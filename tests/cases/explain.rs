//! `explain`: snapshots of explanations for each kind of verdict (cases in
//! `tests/explain/cases.txt`), and the property that explanations agree with
//! the verdicts on every example scenario. One test per line of
//! `cases.txt` (`explain::NAME`). Explanations are traced by the
//! interpreter alone (`eval::explain` never turns the compiled path on), so
//! a case has no `# paths:`; the agreement test below compares them with
//! the compiled path's verdicts, which the `examples::` tests compare with
//! the interpreter's.

use libtest_mimic::Trial;
use pacta::eval::{Explanation, Judgement, Selection};
use pacta::span::Sources;

use crate::{common, plain, trial};

pub fn trials() -> Vec<Trial> {
    let cases = std::fs::read_to_string(common::root().join("tests/explain/cases.txt")).unwrap();
    let mut out: Vec<Trial> = Vec::new();
    for line in cases.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let [name, scenario, clause, subject] = line.split('|').map(str::trim).collect::<Vec<_>>()[..] else {
            panic!("bad case line: {line}");
        };
        let (name, scenario, clause, subject) =
            (name.to_string(), scenario.to_string(), clause.to_string(), subject.to_string());
        out.push(trial(format!("explain::{name}"), move || explanation(&name, &scenario, &clause, &subject)));
    }
    assert!(!out.is_empty(), "no cases in tests/explain/cases.txt");
    out.push(plain!("explain", every_verdict_of_every_example_is_explained_and_the_explanation_agrees));
    out.push(plain!("explain", a_subject_is_explained_under_every_clause_that_judges_it_holds_included));
    out.push(plain!("explain", an_estimate_that_decides_nothing_is_explained_by_the_verdict_at_each_end));
    out.push(plain!("explain", a_period_is_explained_interval_by_interval));
    out.push(plain!("explain", an_unknown_subject_is_an_error_with_a_suggestion));
    out.push(plain!("explain", an_unknown_clause_is_matched_on_its_number_too));
    out.push(plain!("explain", an_indeterminate_verdict_is_explained_with_its_reason_kind));
    out
}

struct Loaded {
    sources: Sources,
    program: pacta::plan::Program,
    scenario: pacta::scenario::Scenario,
}

fn load(scenario: &str) -> Loaded {
    let root = common::root();
    let mut sources = Sources::new();
    let program = pacta::load_rules(&[root.join("rules")], &mut sources, &common::project()).unwrap().program;
    let scenario =
        pacta::scenario::load(&root.join(scenario), &program.schema, &mut sources, &common::project()).unwrap();
    Loaded { sources, program, scenario }
}

fn explain(l: &Loaded, select: &Selection) -> Vec<Explanation> {
    pacta::eval::explain(&l.program, &l.scenario, &l.sources, &Default::default(), select).unwrap()
}

fn explanation(name: &str, scenario: &str, clause: &str, subject: &str) {
    let l = load(scenario);
    let select = Selection { clause: Some(clause.into()), subject: Some(subject.into()) };
    let xs = explain(&l, &select);
    assert_eq!(xs.len(), 1, "{name}: one verdict for {clause} on {subject}");
    let text = common::filter_paths(&pacta::report::explain::human(&l.program, &l.sources, &xs));
    insta::assert_snapshot!(name.to_string(), text);
}

/// The step values an explanation shows must add up to its verdict.
fn consistent(x: &Explanation) -> Result<(), String> {
    let top = |label: &str| -> Vec<&str> {
        x.steps
            .iter()
            .filter(|s| s.label.starts_with(label))
            .flat_map(|s| s.nodes.iter().map(|n| n.value.as_str()))
            .collect()
    };
    let (wher, unless) = (top("where"), top("unless"));
    let ok = match (&x.judgement, x.judgement.name()) {
        (_, "violation" | "review") => wher.iter().all(|v| *v == "true") && unless.iter().all(|v| *v == "false"),
        (_, "waived") => wher.iter().all(|v| *v == "true") && unless.contains(&"true"),
        (_, "indeterminate") => x.steps.iter().flat_map(|s| &s.nodes).any(|n| !n.known),
        (Judgement::Holds, _) => wher == ["false"],
        (Judgement::Met, _) => top("ensure") == ["true"],
        _ => true,
    };
    if ok { Ok(()) } else { Err(format!("{} with where {wher:?}, unless {unless:?}", x.judgement.name())) }
}

fn every_verdict_of_every_example_is_explained_and_the_explanation_agrees() {
    for path in common::files(&common::root().join("examples"), "yaml") {
        let rel = path.strip_prefix(common::root()).unwrap().to_string_lossy().into_owned();
        let l = load(&rel);
        let evaluation = pacta::eval::evaluate(&l.program, &l.scenario, &l.sources, &Default::default()).unwrap();
        let xs = explain(&l, &Selection::default());
        let findings: Vec<(usize, String, &str)> =
            evaluation.findings.iter().map(|f| (f.clause, f.subject_key(), f.verdict.name())).collect();
        let explained: Vec<(usize, String, &str)> = xs
            .iter()
            .map(|x| (x.clause, x.subjects.iter().map(|s| &*s.id).collect::<Vec<_>>().join(","), x.judgement.name()))
            .collect();
        assert_eq!(explained, findings, "{rel}: explanations and verdicts differ");
        for (x, f) in xs.iter().zip(&evaluation.findings) {
            assert_eq!(x.judgement, Judgement::Finding(f.verdict.clone()), "{rel}");
            consistent(x).unwrap_or_else(|e| panic!("{rel}: {}: {e}", f.subject_key()));
        }
    }
}

fn a_subject_is_explained_under_every_clause_that_judges_it_holds_included() {
    let l = load("examples/baltic-2022.yaml");
    let xs = explain(&l, &Selection { clause: None, subject: Some("usa-deu-1955".into()) });
    assert!(xs.iter().any(|x| x.judgement == Judgement::Holds), "the 1955 deployment holds under 4.1");
    for x in &xs {
        assert!(x.subjects.iter().any(|s| &*s.id == "usa-deu-1955"));
        consistent(x).unwrap();
    }
}

fn an_estimate_that_decides_nothing_is_explained_by_the_verdict_at_each_end() {
    let explain = |subject: &str| {
        let (rules, scenario) = ("tests/eval/estimates/rules.pacta", "tests/eval/estimates/scenario.yaml");
        let o = common::pacta(&["explain", rules, scenario, "--clause", "1.1", "--subject", subject]);
        String::from_utf8(o.stdout).unwrap()
    };
    let out = explain("l-480-500");
    assert!(
        out.contains("unknown: depends on the estimate: `480..500 >= 500` is false at 480 and true at 500"),
        "{out}"
    );
    assert!(
        out.contains("- at 480, the low end of the estimate: holds\n    - at 500, the high end: violation"),
        "{out}"
    );
    // A range wholly above the threshold is no estimate question: it is violated.
    let out = explain("l-600-700");
    assert!(out.starts_with("t/1.1 violation"), "{out}");
    assert!(!out.contains("depending on the unknown"), "{out}");
}

/// Over a period, each verdict is explained as of the first day of each
/// interval it held, and says which intervals those were.
fn a_period_is_explained_interval_by_interval() {
    let case = ["tests/eval/require_due_estimate/rules.pacta", "tests/eval/require_due_estimate/scenario.yaml"];
    let args = ["explain", case[0], case[1], "--during", "2022", "--subject", "march", "--format", "json"];
    let o = common::pacta(&args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let seen: Vec<(String, String, String)> = v["explanations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let held = x["held"].as_array().unwrap();
            let first = held[0]["from"].as_str().unwrap().to_string();
            (x["verdict"].as_str().unwrap().into(), x["on"].as_str().unwrap().into(), first)
        })
        .collect();
    let want = [("pending", "2022-01-01"), ("indeterminate", "2022-01-19"), ("violation", "2022-02-18")];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(v, d)| ((*v).into(), (*d).into(), (*d).into())).collect();
    assert_eq!(seen, want);
    // The indeterminate one says why: the deadline may have passed.
    let human = common::pacta(&args[..7]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("as of 2022-01-19; held 2022-01-19 → 2022-02-18"), "{text}");
    assert!(text.contains("may or may not have passed on 2022-01-19"), "{text}");
    // --at and a period exclude each other.
    let o = common::pacta(&["explain", case[0], case[1], "--during", "2022", "--at", "2022-01-01"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A `--subject` that names no fact is an error with the closest fact id,
/// in `explain` and `timeline` alike, not an empty report with exit 0.
fn an_unknown_subject_is_an_error_with_a_suggestion() {
    let scenario = "examples/baltic-2022.yaml";
    for (command, typo, want) in [
        ("explain", "usa-deu-195", "usa-deu-1955"),
        ("timeline", "usa-deu-195", "usa-deu-1955"),
        ("timeline", "POL,USX", "POL,USA"),
    ] {
        let o = common::pacta(&[command, "rules", scenario, "--subject", typo]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{command} {typo}: {err}");
        assert!(err.contains(&format!("--subject: no fact `{typo}` in the scenario")), "{err}");
        assert!(err.contains(&format!("did you mean `{want}`?")), "{err}");
    }
    // Known subjects, one id or joined ids, still run.
    for (command, subject) in [("explain", "usa-deu-1955"), ("timeline", "POL,USA")] {
        let o = common::pacta(&[command, "rules", scenario, "--subject", subject]);
        assert_eq!(o.status.code(), Some(0), "{command}: {}", String::from_utf8_lossy(&o.stderr));
    }
}

/// `--clause 4.11` is one typo from the bare `4.1`: the suggestion is
/// matched on the clause number as well as on the qualified id.
fn an_unknown_clause_is_matched_on_its_number_too() {
    for command in ["explain", "timeline"] {
        for (typo, want) in [("4.11", "nato_russia_2021/4.1"), ("nato_russia_2021/4.11", "nato_russia_2021/4.1")] {
            let o = common::pacta(&[command, "rules", "examples/baltic-2022.yaml", "--clause", typo]);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{command} {typo}: {err}");
            assert!(err.contains(&format!("did you mean `{want}`?")), "{command} {typo}: {err}");
        }
    }
}

fn an_indeterminate_verdict_is_explained_with_its_reason_kind() {
    let args = ["explain", "tests/eval/undecided/rules.pacta", "tests/eval/undecided/scenario.yaml"];
    let o = common::pacta(&args);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("unknown (unrecorded): the scenario does not record `Hotline` facts completely"), "{text}");
    let o = common::pacta(&[&args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["explanations"][0]["verdict"], "indeterminate");
    assert_eq!(v["explanations"][0]["unknown"], "unrecorded");
}
