//! The pest-derived parser. Kept private to the `syntax` module.

use std::sync::Mutex;

use pest::Parser;
use pest::iterators::Pairs;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/pacta.pest"]
pub(super) struct PactaParser;

/// pest's budget of grammar calls for one parse, per byte of the file
/// (plus [`BASE_CALLS`]). Real files need up to ~44 calls a byte (measured
/// on the bundled library and on flat files: long lists of identifiers are
/// the most); what runs out before that is backtracking that grows
/// exponentially with nesting (`[x in [x in …`), stopped in time
/// proportional to the file instead of after seconds.
pub const CALLS_PER_BYTE: usize = 64;
pub const BASE_CALLS: usize = 1_000_000;

/// The largest rule file pacta parses: 8 MiB (~540 million calls at most).
pub const MAX_RULE_FILE_BYTES: usize = 8 << 20;

/// pest keeps its call limit in one process-wide setting, read when a
/// parse starts. The limit is set and the parse started under this lock,
/// so that two threads parsing at once each get their own file's limit.
/// An embedder calling pest itself, or setting the limit, shares the
/// setting and should do the same.
static PARSING: Mutex<()> = Mutex::new(());

/// The call budget for a file of `len` bytes.
pub fn call_limit(len: usize) -> usize {
    len.saturating_mul(CALLS_PER_BYTE).saturating_add(BASE_CALLS)
}

pub(super) fn parse_file(text: &str) -> Result<Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    let _one_at_a_time = PARSING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    pest::set_call_limit(std::num::NonZeroUsize::new(call_limit(text.len())));
    PactaParser::parse(Rule::file, text).map_err(Box::new)
}
