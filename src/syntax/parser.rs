//! The pest-derived parser. Kept private to the `syntax` module.

use pest::Parser;
use pest::iterators::Pairs;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/pacta.pest"]
pub(super) struct PactaParser;

/// Nesting beyond this many grammar calls is refused, so hostile input
/// cannot exhaust the stack.
const CALL_LIMIT: usize = 5_000_000;

pub(super) fn parse_file(text: &str) -> Result<Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT));
    PactaParser::parse(Rule::file, text).map_err(Box::new)
}
