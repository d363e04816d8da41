//! `pacta fmt` over the repository's rule files and over generated
//! programs: every rule file is formatted (and stays so); formatting is
//! idempotent and keeps the tree (spans aside) and every comment.

use std::path::PathBuf;

use pacta::fmt::{FmtError, format_source};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

use crate::common::{root, shape};

/// The syntax-error cases: they do not parse, by design, so they are not
/// formatted (each must still fail to parse, see below).
const SYNTAX_ERROR_CASES: &str = "tests/syntax/errors/";

/// Every `*.pacta` file under `rules/`, `tests/` and `examples/`, sorted,
/// relative to the repository.
fn corpus() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending: Vec<PathBuf> = ["rules", "tests", "examples"].iter().map(|d| root().join(d)).collect();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|x| x == "pacta") {
                found.push(path.strip_prefix(root()).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

fn parse(text: &str) -> pacta::ast::Module {
    pacta::syntax::parse(pacta::span::FileId(0), text).unwrap()
}

/// The comment lines' texts, sorted: what `//` starts on each line (a
/// cheap stand-in for the formatter's own lexer; strings in the corpus
/// hold no `//` before a comment on the same line).
fn comments(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text.lines().filter_map(|l| l.find("//").map(|at| l[at..].trim_end())).collect();
    found.sort_unstable();
    found
}

#[test]
fn every_rule_file_is_formatted() {
    let (mut unformatted, mut skipped) = (Vec::new(), Vec::new());
    for path in corpus() {
        let text = std::fs::read_to_string(root().join(&path)).unwrap();
        let name = path.display().to_string();
        match format_source(&text) {
            Ok(formatted) if formatted == text => {}
            Ok(_) => unformatted.push(name),
            Err(FmtError::Syntax(_)) if name.starts_with(SYNTAX_ERROR_CASES) => skipped.push(name),
            Err(e) => panic!("{name}: {e}"),
        }
    }
    eprintln!("not formatted, as syntax-error cases that do not parse by design: {}", skipped.join(", "));
    let cases = corpus().iter().filter(|p| p.starts_with(SYNTAX_ERROR_CASES)).count();
    assert_eq!(skipped.len(), cases, "a syntax-error case parses: {skipped:?}");
    assert!(cases > 0 && corpus().len() > 40, "the corpus was not found: {:?}", corpus());
    assert!(unformatted.is_empty(), "not formatted (run `pacta fmt rules tests`):\n  {}", unformatted.join("\n  "));
}

#[test]
fn the_layout_comes_from_the_tree_not_from_the_text() {
    for path in corpus().iter().filter(|p| !p.starts_with(SYNTAX_ERROR_CASES)) {
        let text = std::fs::read_to_string(root().join(path)).unwrap();
        // Every line's indentation dropped and every blank line doubled,
        // and the file as `Display` prints it (no comments): each formats
        // to itself again, to the same tree.
        let flattened: String = text.lines().map(|l| format!("{}\n", l.trim_start())).collect();
        let spread = text.replace("\n\n", "\n\n\n\n");
        let reprinted = parse(&text).to_string();
        for (how, variant) in [("unindented", &flattened), ("spread", &spread), ("reprinted", &reprinted)] {
            let once = format_source(variant).unwrap_or_else(|e| panic!("{} {how}: {e}", path.display()));
            assert_eq!(format_source(&once).unwrap(), once, "{} {how}: not idempotent", path.display());
            assert_eq!(shape(&parse(&once)), shape(&parse(&text)), "{} {how}: another tree", path.display());
            if how != "reprinted" {
                assert_eq!(once, text, "{} {how}: another layout", path.display());
                assert_eq!(comments(&once), comments(&text), "{} {how}: comments", path.display());
            }
        }
    }
}

// ---------------------------------------------------------------- generated programs

/// A fixed seed, as `integration::differential`: the same cases every run.
/// More: `PROPTEST_CASES=5000 cargo test --test integration -- fmt_corpus`.
fn config() -> ProptestConfig {
    let env = ProptestConfig::default();
    let set = |name: &str| std::env::var_os(name).is_some();
    ProptestConfig {
        cases: if set("PROPTEST_CASES") { env.cases } else { 96 },
        rng_seed: if set("PROPTEST_RNG_SEED") { env.rng_seed } else { RngSeed::Fixed(0x666d_7421) },
        ..env
    }
}

type Tokens = Vec<String>;

fn tokens(words: &[&str]) -> Tokens {
    words.iter().map(|w| (*w).to_string()).collect()
}

/// Operands, literals written as the formatter must keep them.
fn leaf() -> impl Strategy<Value = Tokens> {
    prop_oneof![
        prop::sample::select(vec!["a", "b", "limit", "d.personnel", "d.host.in_europe", "as_of", "none", "true"]),
        prop::sample::select(vec![
            "5_000",
            "42",
            "1.50",
            "2021-12-17",
            "30 days",
            "1 week",
            "State::RUS",
            "500 nmi",
            "2.5 km"
        ]),
        prop::sample::select(vec!["State::\"a b\"", "\"x // not a comment\"", "\"q\\\"\"", "[]", "f()"]),
    ]
    .prop_map(|w| tokens(&[w]))
}

/// Expressions of every shape, as token lists; any such list parses.
fn expr() -> impl Strategy<Value = Tokens> {
    leaf().prop_recursive(4, 48, 4, |inner| {
        let op = prop::sample::select(vec!["and", "or", "implies", "==", "<=", "not in", "in", "??", "+", "*", "-"]);
        prop_oneof![
            4 => (inner.clone(), op, inner.clone()).prop_map(|(l, op, r)| [l, tokens(&[op]), r].concat()),
            1 => inner.clone().prop_map(|e| [tokens(&["("]), e, tokens(&[")"])].concat()),
            1 => inner.clone().prop_map(|e| [tokens(&["not"]), e].concat()),
            1 => inner.clone().prop_map(|e| [tokens(&["(", "-"]), e, tokens(&[")", ".", "x"])].concat()),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| [tokens(&["g", "("]), a, tokens(&[","]), b, tokens(&[")"])].concat()),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| [tokens(&["["]), a, tokens(&[","]), b, tokens(&["]"])].concat()),
            1 => inner.clone().prop_map(|c| [tokens(&["exists", "x", ":", "T", "where"]), c].concat()),
            1 => (inner.clone(), inner.clone()).prop_map(|(v, c)| [tokens(&["sum"]), v, tokens(&["for", "y", "in", "l", "where"]), c].concat()),
            1 => (inner.clone(), inner.clone(), inner).prop_map(|(c, t, e)| [tokens(&["if"]), c, tokens(&["then"]), t, tokens(&["else"]), e].concat()),
        ]
    })
}

/// One clause, its statements in any order.
fn clause() -> impl Strategy<Value = Tokens> {
    let group = (expr(), expr(), proptest::bool::ANY).prop_map(|(member, key, two)| {
        let names = if two { tokens(&["(", "p", ",", "y", ")"]) } else { tokens(&["y"]) };
        let keys = if two { [tokens(&["(", "f", ".", "x", ","]), key, tokens(&[")"])].concat() } else { key };
        [names, tokens(&["in", "group", "f", ":", "D", "where"]), member, tokens(&["by"]), keys].concat()
    });
    let rule =
        (expr(), proptest::option::of(expr()), proptest::option::of(group)).prop_map(|(w, ensure, group)| {
            match (ensure, group) {
                (Some(e), _) => [tokens(&["require", "d", ":", "D", "where"]), w, tokens(&["ensure"]), e].concat(),
                (None, Some(g)) => [tokens(&["forbid", "d", ":", "D", ","]), g, tokens(&["where"]), w].concat(),
                (None, None) => [tokens(&["forbid", "d", ":", "D", ",", "e", "in", "l", "where"]), w].concat(),
            }
        });
    let unless = expr().prop_map(|c| [tokens(&["unless", "\"label\"", ":"]), c].concat());
    let due = expr().prop_map(|d| [tokens(&["due"]), d].concat());
    let message = tokens(&["message", "\"{d.x} // {f(\"//\")}\""]);
    (rule, unless, due)
        .prop_flat_map(move |(r, u, d)| {
            Just(vec![r, u, d, message.clone(), tokens(&["text", "\"t\""]), tokens(&["severity", "review"])])
                .prop_shuffle()
        })
        .prop_map(|statements| [tokens(&["clause", "1.1", "\"C\"", "{"]), statements.concat(), tokens(&["}"])].concat())
}

/// A file of every kind of item.
fn program() -> impl Strategy<Value = Tokens> {
    let def = expr().prop_map(|e| [tokens(&["def", "f", "(", "p", ":", "int", ")", ":", "bool", "="]), e].concat());
    let param = expr().prop_map(|e| {
        [tokens(&["treaty", "t", "\"T\"", "{", "param", "q", ":", "int", "="]), e, tokens(&["}"])].concat()
    });
    let entity = expr().prop_map(|e| {
        [
            tokens(&["entity", "E", "{", "a", ":", "int", ",", "b", ":", "list", "<", "int", ">", "?", "="]),
            e,
            tokens(&["}"]),
        ]
        .concat()
    });
    let article = prop::collection::vec(clause(), 1..3)
        .prop_map(|c| [tokens(&["article", "1", "\"A\"", "{"]), c.concat(), tokens(&["}"])].concat());
    let items = vec![
        def.boxed(),
        param.boxed(),
        entity.boxed(),
        article.boxed(),
        Just(tokens(&["enum", "K", "{", "x", ",", "y", "}"])).boxed(),
    ];
    items.prop_shuffle().prop_map(|items| [tokens(&["import", "\"x.pacta\""]), items.concat()].concat())
}

/// What goes between two tokens: spaces, line breaks, blank lines, comments.
const GAPS: [&str; 8] = [" ", " ", " ", "  ", "\n", "\n\n\n  ", " // after\n", "\n  // above\n"];

/// The tokens laid out with the gaps drawn.
fn laid_out(words: &[String], gaps: &[usize]) -> String {
    let mut text = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            text.push_str(GAPS[gaps[i % gaps.len()] % GAPS.len()]);
        }
        text.push_str(w);
    }
    text
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_programs_format_idempotently_to_the_same_tree(
        words in program(),
        gaps in prop::collection::vec(0..GAPS.len(), 1..97),
    ) {
        let text = laid_out(&words, &gaps);
        let tree = pacta::syntax::parse(pacta::span::FileId(0), &text);
        prop_assert!(tree.is_ok(), "the generator wrote a text that does not parse:\n{text}\n{tree:?}");
        let once = format_source(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&format_source(&once).unwrap(), &once, "not idempotent:\n{}", text);
        prop_assert_eq!(shape(&parse(&once)), shape(&parse(&text)), "another tree:\n{}", text);
        let count = |t: &str| (t.matches("// after").count(), t.matches("// above").count());
        prop_assert_eq!(count(&once), count(&text), "comments lost or added:\n{}\n{}", text, once);
        prop_assert!(once.lines().all(|l| l == l.trim_end()), "trailing blanks:\n{}", once);
    }
}

#[test]
fn the_gaps_test_what_they_should() {
    // The generated texts do carry comments between tokens and blank lines.
    let words = tokens(&["def", "x", "=", "a", "and", "b"]);
    let text = laid_out(&words, &[6, 7, 5]);
    assert!(text.contains("// after") && text.contains("// above") && text.contains("\n\n"), "{text}");
    assert!(format_source(&text).is_ok(), "{text}");
}
