//! The compiled path's size-dependent branches, each reached on both sides
//! of its threshold by a generated fixture (`tests/common/fixtures.rs`),
//! and judged both ways: the planned rules on the compiled path and the
//! plain loops on the interpreter must give identical findings, locations
//! included. Every fixture has findings of every verdict kind (article 1),
//! on the rows at the edges of the 64-row words, checked against what the
//! generator put there.

use std::collections::BTreeSet;

use pacta::eval::{ClauseStats, Evaluation, Options};

use crate::common::fixtures::{self, Hot, Size};
use crate::common::{self, Paths, Prepared};

struct Judged {
    p: Prepared,
    compiled: Evaluation,
}

impl Judged {
    /// The compiled path's counts for `clause` (`"2.1"`).
    fn stats(&self, clause: &str) -> ClauseStats {
        let id = format!("t/{clause}");
        let i = self.p.planned.clauses.iter().position(|c| c.qualified_id == id).unwrap();
        self.compiled.stats[i]
    }

    /// The findings of `clause`, as `(verdict, subject)`.
    fn findings(&self, clause: &str) -> Vec<(&'static str, String)> {
        let id = format!("t/{clause}");
        self.compiled
            .findings
            .iter()
            .filter(|f| self.p.planned.clauses[f.clause].qualified_id == id)
            .map(|f| (f.verdict.name(), f.subject_key()))
            .collect()
    }
}

/// Judges the fixture both ways; fails if the paths disagree, if a verdict
/// kind is missing, or if article 1's findings are not those the generator
/// placed on the hot rows.
fn judge(clauses: &str, size: Size) -> Judged {
    let p = fixtures::prepare(clauses, size);
    let (compiled, interpreted) = p.judge(&Paths::Both, &Options::default());
    let (compiled, interpreted) = (compiled.unwrap(), interpreted.unwrap());
    if let Some(d) = common::disagreement(&p.sources, &p.planned, &compiled, &interpreted) {
        panic!("{size:?}: the compiled path and the interpreter disagree:\n{d}");
    }
    let kinds: BTreeSet<&str> = compiled.findings.iter().map(|f| f.verdict.name()).collect();
    for kind in ["violation", "waived", "indeterminate", "review"] {
        assert!(kinds.contains(kind), "{size:?}: no {kind} finding (vacuous fixture): {kinds:?}");
    }
    let j = Judged { p, compiled };
    let want: Vec<(&str, String)> = fixtures::hot_rows(size.rows)
        .iter()
        .enumerate()
        .map(|(n, row)| {
            let verdict = match fixtures::hot_kind(n) {
                Hot::Violation => "violation",
                Hot::Waived => "waived",
                Hot::Indeterminate => "indeterminate",
            };
            (verdict, format!("d{row}"))
        })
        .collect();
    assert_eq!(j.findings("1.1"), want, "{size:?}: article 1 on the word edges");
    j
}

fn indeterminate_hot_rows(rows: usize) -> usize {
    (0..fixtures::hot_rows(rows).len()).filter(|n| fixtures::hot_kind(*n) == Hot::Indeterminate).count()
}

/// `select.rs` / `typed.rs`: the prefilter tests kernels 64 rows (one
/// `u64` word) at a time, the last word masked by `typed::live` (`n >= 64`
/// or a partial mask), lifted conjuncts looked up per word
/// (`lift::Lookup::apply`). Tables of 3, 63, 64, 65, 127, 128, 129, 192
/// and 193 rows put a finding on each side of each word boundary.
#[test]
fn the_prefilter_at_each_64_row_word_boundary() {
    for rows in [3, 63, 64, 65, 127, 128, 129, 192, 193] {
        let j = judge("", Size { states: 4, rows, years: 3 });
        let s = j.stats("1.1");
        assert_eq!(s.considered, rows, "{rows} rows: {s:?}");
        // The branch is taken: the compiled path decides every row itself
        // except those whose `until` is missing where the kernels keep
        // them, which the interpreter takes over.
        assert_eq!(s.interpreted, indeterminate_hot_rows(rows), "{rows} rows: {s:?}");
        let r = j.stats("1.2");
        assert_eq!((r.review, r.interpreted), (fixtures::hot_rows(rows).len(), 0), "{rows} rows: {r:?}");
    }
}

/// `index.rs`: an index on two reference parts is dense (group number =
/// position in the product of the domains) while the product is at most
/// `fits_dense`: max(`DENSE_CELLS` (1 << 16), twice the rows), hashed past
/// it: 256 × 256 states is dense, 257 × 257 hashed. `lift.rs`: a conjunct
/// lifted over two references has a table of combinations while their
/// count (each domain plus one code for a missing value) fits the same
/// rule, and is tested row by row past it: 255 states fit, 256 and 257 do
/// not. (Neither choice shows in public counts; both
/// sides must judge with the compiled path alone.)
#[test]
fn dense_and_hashed_indexes_and_lifted_tables_either_side_of_1_16() {
    let clauses = r#"
  clause 2.1 "a count per pair, indexed on (owner, host)" {
    forbid d: Deployment where (count p: Deployment where p.owner == d.owner and p.host == d.host) >= 2
    message "{d.id}"
  }
  clause 2.2 "a conjunct lifted over (owner, host)" {
    forbid d: Deployment where d.personnel > 30 and (d.owner.in_europe and not d.host.in_europe)
    message "{d.id}"
  }
"#;
    for states in [255, 256, 257] {
        let j = judge(clauses, Size { states, rows: 300, years: 3 });
        for clause in ["2.1", "2.2"] {
            let s = j.stats(clause);
            assert!(s.violations > 0 && s.held() > 0, "{states} states, {clause}: {s:?}");
            assert_eq!(s.interpreted, 0, "{states} states, {clause}: the compiled path gave up: {s:?}");
        }
    }
}

/// `eval/index.rs` and `eval/memo.rs`: keys are slices of parts, held
/// inline up to four (`memo::Key`, a `SmallVec` of 4) and on the heap past
/// that. (Before the shared index layer, five parts left the scan to the
/// interpreter; now both sides are compiled and must agree.)
#[test]
fn index_keys_of_four_and_five_parts() {
    let four = "p.owner == d.owner and p.host == d.host and p.units == d.units and p.since == d.since";
    for (parts, key) in [(4, four.to_string()), (5, format!("{four} and p.via == d.via"))] {
        let clauses = format!(
            "  clause 2.1 \"a count keyed on {parts} parts\" {{\n    forbid d: Deployment where (count p: Deployment where {key}) >= 2\n    message \"{{d.id}}\"\n  }}\n"
        );
        let j = judge(&clauses, Size { states: 3, rows: 200, years: 2 });
        let s = j.stats("2.1");
        assert!(s.violations > 0 && s.held() > 0, "{parts} parts: {s:?}");
        assert_eq!(s.interpreted, 0, "{parts} parts: the compiled path gave up: {s:?}");
    }
}

/// `lift.rs`: a conjunct is lifted (computed once per combination of the
/// fields it reads) whatever the number of fields, while its table fits
/// `fits_dense`; three and four fields (the former `MAX_FIELDS` boundary)
/// must judge alike.
#[test]
fn lifted_conjuncts_of_three_and_four_fields() {
    let three = "d.owner.in_europe or d.host.in_europe or not d.active";
    // (Lifted or not, the compiled path decides: the choice shows in
    // speed only, so this checks agreement on both sides.)
    for (fields, cond) in [(3, three.to_string()), (4, format!("{three} or d.via.in_europe"))] {
        let clauses = format!(
            "  clause 2.1 \"a conjunct over {fields} fields\" {{\n    forbid d: Deployment where d.personnel > 30 and ({cond})\n    message \"{{d.id}}\"\n  }}\n"
        );
        let j = judge(&clauses, Size { states: 6, rows: 200, years: 2 });
        let s = j.stats("2.1");
        assert!(s.violations > 0 && s.held() > 0, "{fields} fields: {s:?}");
        assert_eq!(s.interpreted, 0, "{fields} fields: the compiled path gave up: {s:?}");
    }
}

/// `totals.rs`: sums per index group are computed for every group in one
/// pass per set of compared-with values (here each deployment's `since`),
/// at most `PASSES` (8) per scan; past that each group is scanned alone.
/// One, eight and nine distinct years.
#[test]
fn totals_per_group_up_to_and_past_eight_passes() {
    let clauses = r#"
  clause 2.1 "a total per host before each deployment" {
    forbid d: Deployment where (sum p.personnel for p: Deployment where p.host == d.host and p.since < d.since) > 150
    message "{d.id}"
  }
"#;
    for years in [1, 8, 9] {
        let j = judge(clauses, Size { states: 5, rows: 200, years });
        let s = j.stats("2.1");
        if years > 1 {
            assert!(s.violations > 0 && s.held() > 0, "{years} years: {s:?}");
        }
        assert_eq!(s.interpreted, 0, "{years} years: the compiled path gave up: {s:?}");
    }
}

/// `render.rs` / `fast/mod.rs`: a message is cut at `MAX_MESSAGE_BYTES`
/// (1024) with `…`; the compiled path renders holes itself
/// (`Ctx::render_hole`, `push_capped`), the interpreter through values.
/// Host names of 1020 to 1030 bytes, of two-byte characters (so that the
/// cut falls inside one, or not), put messages on both sides of the limit.
#[test]
fn messages_either_side_of_the_1024_byte_cut() {
    let clauses = r#"
  clause 2.1 "a message as long as a name" {
    forbid d: Deployment where d.personnel > 1000
    message "{d.host.name}"
  }
"#;
    let size = Size { states: 12, rows: 130, years: 2 };
    let mut scenario = fixtures::scenario(size);
    for s in 0..size.states {
        let bytes = 1020 + s;
        let name = format!("{}{}", "é".repeat(bytes / 2), "a".repeat(bytes % 2));
        scenario = scenario.replace(&format!("name: \"State {s}\""), &format!("name: \"{name}\""));
    }
    let p = common::prepare_str(&fixtures::rules(clauses), &scenario);
    let (compiled, interpreted) = p.judge(&Paths::Both, &Options::default());
    let (compiled, interpreted) = (compiled.unwrap(), interpreted.unwrap());
    if let Some(d) = common::disagreement(&p.sources, &p.planned, &compiled, &interpreted) {
        panic!("the compiled path and the interpreter disagree:\n{d}");
    }
    let id = p.planned.clauses.iter().position(|c| c.qualified_id == "t/2.1").unwrap();
    let lengths: BTreeSet<(usize, bool)> = compiled
        .findings
        .iter()
        .filter(|f| f.clause == id)
        .map(|f| (f.message.len(), f.message.ends_with('…')))
        .collect();
    assert!(lengths.iter().any(|(_, cut)| *cut), "no message was cut: {lengths:?}");
    assert!(lengths.iter().any(|(_, cut)| !cut), "every message was cut: {lengths:?}");
    assert!(lengths.iter().all(|(n, _)| *n <= 1024 + '…'.len_utf8()), "{lengths:?}");
}
