//! Which warnings the rule files silence. A warning is not shown when
//! - the comment lines just above its line, or above the header of the
//!   clause, definition, parameter or article it is in (or its own line)
//!   say `// pacta: allow(unused-definition)` — like clippy's `#[allow]`
//!   and ruff's `# noqa: CODE`, scoped to one definition or clause;
//! - its file says `// pacta: allow-file(unused-definition)`;
//! - its file is only imported, not named on the command line: a
//!   library's unused definitions are not the importer's to fix.
//!
//! Several codes may be listed, comma-separated, with or without the
//! `pacta::` prefix. Errors are never silenced.

use super::CheckError;
use crate::Diagnose;
use crate::rules::RuleSet;
use crate::span::Sources;

/// True when `warning` is silenced by its file or its place in it.
pub(super) fn silenced(rules: &RuleSet, sources: &Sources, warning: &CheckError) -> bool {
    let file = warning.span.file;
    let imported_only = rules.modules.iter().enumerate().any(|(i, m)| m.file == file && !rules.named.contains(&i));
    if imported_only {
        return true;
    }
    let Some(source) = sources.get(file) else { return false };
    let code = warning.code();
    if source.text.lines().any(|l| comment(l).is_some_and(|c| lists(c, "allow-file", code))) {
        return true;
    }
    let line = source.line_col(warning.span.start as usize).line;
    let lines: Vec<&str> = source.text.lines().take(line).collect();
    let (own, above) = lines.split_last().map_or((None, &[][..]), |(own, above)| (Some(*own), above));
    if own.and_then(comment).is_some_and(|c| lists(c, "allow", code)) {
        return true;
    }
    if above.iter().rev().map_while(|l| l.trim_start().strip_prefix("//")).any(|c| lists(c, "allow", code)) {
        return true;
    }
    // Inside a clause, a definition or a parameter: the comments above its
    // header silence it too (a lint on a clause's `where` line).
    let Some(header) = above.iter().rposition(|l| is_header(l)) else { return false };
    let before = &above[..header];
    before.iter().rev().map_while(|l| l.trim_start().strip_prefix("//")).any(|c| lists(c, "allow", code))
}

/// A line that opens an item warnings are scoped to.
fn is_header(line: &str) -> bool {
    let t = line.trim_start();
    ["clause ", "def ", "param ", "article "].iter().any(|k| t.starts_with(k))
}

/// The text after `//` on a line that is, or ends in, a comment.
fn comment(line: &str) -> Option<&str> {
    line.find("//").map(|at| &line[at + 2..])
}

/// Whether a comment says `pacta: WORD(…)` with `code` among the codes.
fn lists(comment: &str, word: &str, code: &str) -> bool {
    let Some(rest) = comment.trim_start().strip_prefix("pacta:") else { return false };
    let Some(args) = rest.trim_start().strip_prefix(word).and_then(|r| r.trim_start().strip_prefix('(')) else {
        return false;
    };
    let Some(args) = args.split(')').next() else { return false };
    let bare = code.trim_start_matches("pacta::");
    args.split(',').map(str::trim).any(|c| c == bare || c == code)
}
