//! Documentation of declarations, from the comments a modeller wrote
//! beside them: the `//` lines directly above a declaration (no blank
//! line between) and a `//` comment after it on its own line. pacta keeps
//! no comments in its tree, so they are read from the source by span.
//!
//! ```pacta
//! // Consent to a deployment, given by the listed states.
//! entity Consent {
//!   given: date    // the day the last party signed
//! }
//! ```

use crate::span::{Sources, Span};

/// The text of the source file a span points into, if known.
fn text(sources: Option<&Sources>, span: Span) -> Option<&str> {
    let file = sources?.get(span.file)?;
    file.text.get(..span.range().end).map(|_| file.text.as_str())
}

/// The comment lines directly above the line `span` starts on, provided
/// the span is the first name on that line after a keyword or nothing
/// (`entity Consent`, `param baseline`, `  given`).
pub fn leading(sources: Option<&Sources>, span: Span) -> Option<String> {
    let text = text(sources, span)?;
    let start = span.range().start;
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..start)?;
    if !before.split_whitespace().all(is_keyword) || before.split_whitespace().count() > 1 {
        return None;
    }
    let above = text.get(..line_start)?.strip_suffix('\n').unwrap_or_default();
    let mut lines: Vec<&str> = Vec::new();
    for line in above.lines().rev() {
        let Some(comment) = line.trim().strip_prefix("//") else { break };
        // `// pacta: allow(…)` silences a lint; it documents nothing.
        if !comment.trim_start().starts_with("pacta:") {
            lines.push(comment.trim());
        }
    }
    lines.reverse();
    join(lines)
}

fn is_keyword(word: &str) -> bool {
    matches!(word, "entity" | "record" | "enum" | "param")
}

/// The `//` comment ending the line `span` is on, unless `next` (the
/// following declaration of the same kind) starts on that line too, so
/// that in `a: int, b: int // …` the comment is `b`'s.
pub fn trailing(sources: Option<&Sources>, span: Span, next: Option<Span>) -> Option<String> {
    let text = text(sources, span)?;
    let end = span.range().end;
    let line_end = text.get(end..)?.find('\n').map_or(text.len(), |i| end + i);
    if next.is_some_and(|n| n.file == span.file && (end..line_end).contains(&n.range().start)) {
        return None;
    }
    let rest = text.get(end..line_end)?;
    let at = comment_start(rest)?;
    join(vec![rest.get(at + 2..)?.trim()])
}

/// The declaration starting at `span` as written on its line, without
/// its comment: `baseline: date = 1997-05-27`.
pub fn declaration(sources: &Sources, span: Span) -> Option<String> {
    let text = text(Some(sources), span)?;
    let start = span.range().start;
    let line = text.get(start..)?.lines().next()?;
    let code = comment_start(line).and_then(|at| line.get(..at)).unwrap_or(line);
    Some(code.trim().trim_end_matches(',').trim_end().to_string())
}

/// Where `//` starts outside a string literal.
fn comment_start(line: &str) -> Option<usize> {
    let (mut in_string, mut escaped) = (false, false);
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Comment lines as one paragraph; `None` when there is no text.
fn join(lines: Vec<&str>) -> Option<String> {
    let text = lines.into_iter().filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::path::PathBuf;

    fn at(sources: &Sources, needle: &str) -> Span {
        let file = sources.get(crate::span::FileId(0)).unwrap();
        let start = file.text.find(needle).unwrap();
        Span::new(crate::span::FileId(0), start, start + needle.len())
    }

    #[test]
    fn comments_above_and_after_a_declaration_are_its_documentation() {
        let mut sources = Sources::new();
        let text = "// header\n\n// Consent to a deployment,\n// given by states.\n// pacta: allow(x)\nentity Consent {\n  // the day\n  \
                    given: date // signed\n  a: int, b: int // of b\n  note: text = \"http://x\"\n}\n";
        sources.add(PathBuf::from("x.pacta"), text.into());
        let s = Some(&sources);
        assert_eq!(leading(s, at(&sources, "Consent {")).as_deref(), Some("Consent to a deployment, given by states."));
        assert_eq!(leading(s, at(&sources, "given:")).as_deref(), Some("the day"));
        assert_eq!(trailing(s, at(&sources, "given:"), None).as_deref(), Some("signed"));
        assert_eq!(trailing(s, at(&sources, "a:"), Some(at(&sources, "b:"))), None);
        assert_eq!(trailing(s, at(&sources, "b:"), None).as_deref(), Some("of b"));
        assert_eq!(trailing(s, at(&sources, "note"), None), None);
        assert_eq!(leading(s, at(&sources, "b:")), None);
        assert_eq!(leading(None, at(&sources, "given:")), None);
        assert_eq!(declaration(&sources, at(&sources, "given:")).as_deref(), Some("given: date"));
        assert_eq!(declaration(&sources, at(&sources, "note")).as_deref(), Some("note: text = \"http://x\""));
    }
}
