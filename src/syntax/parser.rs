//! The pest-derived parser. Kept private to the `syntax` module.

use pest::Parser;
use pest::iterators::Pairs;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/pacta.pest"]
pub(super) struct PactaParser;

/// pest's budget of grammar calls for one parse. pest keeps it in one
/// process-wide setting, read when a parse starts: it is set once, on
/// the first parse, and an embedder that sets its own shares it.
///
/// A rule file needs at most ~40 calls a byte (measured on the bundled
/// library and on flat files: long strings, lists, definitions), so a file
/// of [`MAX_RULE_FILE_BYTES`] fits; what runs out of calls before that is
/// backtracking that grows exponentially with nesting (`[x in [x in …`).
pub const CALL_LIMIT: usize = 400_000_000;

/// The largest rule file pacta parses.
pub const MAX_RULE_FILE_BYTES: usize = 8 << 20;

pub(super) fn parse_file(text: &str) -> Result<Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    static SET: std::sync::Once = std::sync::Once::new();
    SET.call_once(|| pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT)));
    PactaParser::parse(Rule::file, text).map_err(Box::new)
}
