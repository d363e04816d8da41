//! A YAML scenario cut into parts read on several cores (`split.rs`,
//! `parts.rs`) loads to exactly what reading it whole gives: the same facts
//! with the same values and spans, the same errors in the same order.

use std::path::{Path, PathBuf};

use pacta::scenario::{IncludeCache, Reading, Split, Syntax, load_cached};
use pacta::schema::Schema;
use pacta::span::Sources;

use crate::common;

use crate::json::generator;

/// Everything a load gives, as text: the scenario or the errors, with
/// every span placed.
fn load(schema: &Schema, path: &Path, split: Split) -> String {
    let mut sources = Sources::new();
    let cache = IncludeCache::new(schema, Reading::default()).with_split(split);
    let loaded = load_cached(path, &mut sources, &common::project(), &cache);
    match loaded {
        Ok(scenario) => format!("{scenario:#?}"),
        Err(errors) => {
            errors.iter().map(|e| format!("{} {e} {:?}\n", sources.locate(e.span), e.related)).collect::<String>()
        }
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn library() -> pacta::Engine {
    let root = common::root();
    pacta::Engine::from_paths(&root, &[root.join("rules")]).unwrap()
}

/// Every shipped scenario and every scenario test file (read against the
/// library's schema, so that most of the test files end in errors), cut
/// before every item, every second and every fifth.
#[test]
fn every_scenario_file_cut_loads_as_read_whole() {
    let root = common::root();
    let engine = library();
    let schema = &engine.program().schema;
    let mut files = Vec::new();
    for dir in ["examples", "rules", "tests/scenario", "tests/cases", "tests/hostile"] {
        yaml_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "{} files", files.len());
    let mut cut = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        if pacta::scenario::parts(schema, (&text, Syntax::Yaml), Split::Items(1), 2) == 1 {
            continue;
        }
        cut += 1;
        let whole = load(schema, path, Split::Off);
        for n in [1, 2, 5] {
            assert_eq!(load(schema, path, Split::Items(n)), whole, "{} cut every {n} items", path.display());
        }
    }
    assert!(cut >= 20, "only {cut} of {} files could be cut", files.len());
}

/// A scenario written to exercise what crosses a cut: references forward
/// and back, nested in lists, to facts left out; duplicate ids within a
/// part and across parts; unknown fields; settings after the list.
#[test]
fn what_crosses_a_cut_reads_as_in_place() {
    let dir = std::env::temp_dir().join(format!("pacta-split-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let engine = library();
    let schema = &engine.program().schema;
    let mut text = String::from("description: cuts\nState:\n");
    for i in 0..10 {
        text.push_str(&format!("  - {{ id: S{i}, name: State {i} }}\n"));
        if i % 4 == 2 {
            text.push_str(&format!("  - {{ id: L{i}, name: Left out {i}, confidence: E5 }}\n"));
        }
    }
    text.push_str("Deployment:\n");
    for i in 0..40 {
        // Duplicates within a part and across parts; references to states
        // read before, left out, or nowhere; an unknown field.
        let id = if i % 13 == 7 { "D3".to_string() } else { format!("D{i}") };
        let host = ["S1", "L2", "S11", "S4"][i % 4];
        text.push_str(&format!("  - id: {id}\n    owner: S{}\n    host: {host}\n", i % 10));
        text.push_str(&format!("    personnel: {}\n    since: 2020-01-{:02}\n", i * 10, i % 28 + 1));
        if i % 11 == 4 {
            text.push_str("    colour: blue\n");
        }
    }
    text.push_str("Consent:\n");
    for i in 0..12 {
        // References into every part, forward and nested.
        let parties = format!("[S{}, L6, S{}]", i % 10, (i * 3) % 13);
        text.push_str(&format!("  - {{ id: C{i}, deployment: D{}, parties: {parties}, given: 2020-02-01 }}\n", i * 4));
    }
    text.push_str("as_of: 2022-01-15\nparams:\n  x: 1\n");
    let path = dir.join("cuts.yaml");
    std::fs::write(&path, &text).unwrap();
    assert!(pacta::scenario::parts(schema, (&text, Syntax::Yaml), Split::Items(3), 2) > 5);
    let whole = load(schema, &path, Split::Off);
    assert!(whole.contains("duplicate"), "{whole}");
    for n in 1..8 {
        assert_eq!(load(schema, &path, Split::Items(n)), whole, "cut every {n} items");
    }
    // Cut inside a quoted value, a part is no YAML by itself: the file is
    // read whole and the answer is the same.
    let quoted = text.replace("    personnel: 200\n", "    note: \"in two\n  - id: parts\"\n    personnel: 200\n");
    std::fs::write(&path, &quoted).unwrap();
    assert_eq!(load(schema, &path, Split::Items(1)), load(schema, &path, Split::Off));
    std::fs::remove_dir_all(dir).unwrap();
}

/// A generated scenario large enough to be cut on its own, read on the
/// pool's threads.
#[test]
fn a_large_scenario_cut_on_its_own_loads_as_read_whole() {
    let engine = library();
    let schema = &engine.program().schema;
    let dir = std::env::temp_dir().join(format!("pacta-split-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gen.yaml");
    let text = generator::generate(4_000, 7);
    std::fs::write(&path, &text).unwrap();
    assert!(pacta::scenario::parts(schema, (&text, Syntax::Yaml), Split::Auto, 2) == 2, "{} bytes not cut", text.len());
    assert_eq!(load(schema, &path, Split::Auto), load(schema, &path, Split::Off));
    std::fs::remove_dir_all(dir).unwrap();
}

/// [`load`] of text under a name.
fn load_text(schema: &Schema, path: &Path, text: &str, split: Split) -> String {
    let mut sources = Sources::new();
    let cache = IncludeCache::new(schema, Reading::default()).with_split(split);
    let loaded = pacta::scenario::load_str_cached(path.into(), text.into(), &mut sources, &common::project(), &cache);
    match loaded {
        Ok(scenario) => format!("{scenario:#?}"),
        Err(errors) => {
            errors.iter().map(|e| format!("{} {e} {:?}\n", sources.locate(e.span), e.related)).collect::<String>()
        }
    }
}

/// Every example written as JSON, and the scenario built to cross cuts,
/// cut before every element, every second and every fifth, loads as read
/// whole; so does JSON that breaks inside a part.
#[test]
fn json_cut_loads_as_read_whole() {
    let engine = library();
    let schema = &engine.program().schema;
    let mut cut = 0;
    for yaml in common::examples() {
        let path = yaml.with_extension("json");
        let text = crate::json::as_json(&yaml);
        let whole = load_text(schema, &path, &text, Split::Off);
        assert!(!whole.contains("pacta::json"), "{whole}");
        if pacta::scenario::parts(schema, (&text, Syntax::Json), Split::Items(1), 2) == 1 {
            continue;
        }
        for n in [1, 2, 5] {
            assert_eq!(load_text(schema, &path, &text, Split::Items(n)), whole, "{} cut every {n}", path.display());
        }
        cut += 1;
        // Broken inside the longest list, before and after its first cut.
        let mut broke = 0;
        for bad in [text.replacen("\"id\"", "\"id\" 1", 3), text.replacen("},", "},,", 2), text.replacen("},", "}", 2)]
        {
            let whole = load_text(schema, &path, &bad, Split::Off);
            assert!(whole.contains("json"), "{whole}");
            assert_eq!(load_text(schema, &path, &bad, Split::Items(1)), whole, "{}", path.display());
            broke += usize::from(whole.contains("pacta::json") || whole.contains("JSON"));
        }
        assert!(broke >= 2, "{}: {broke} of 3 breaks refused", path.display());
    }
    assert!(cut >= 10);
}

/// A generated scenario as JSON, large enough to be cut on its own.
#[test]
fn a_large_json_scenario_cut_on_its_own_loads_as_read_whole() {
    let engine = library();
    let schema = &engine.program().schema;
    let text = generator::generate_as(generator::Style::Json, 4_000, 7);
    let path = Path::new("gen.json");
    assert_eq!(load_text(schema, path, &text, Split::Auto), load_text(schema, path, &text, Split::Off));
    assert_eq!(
        pacta::scenario::parts(schema, (&text, Syntax::Json), Split::Auto, 2),
        2,
        "{} bytes: not cut",
        text.len()
    );
}
