//! Text from rule files and scenarios made safe for where a report shows
//! it. A fact's name can hold ESC (colour, cursor moves, an OSC 8 link or
//! a new window title on a terminal), CR or BS (text that overwrites the
//! line before), a newline (a forged diagnostic line), bidirectional
//! controls (text that reads other than it is), or, for a pull-request
//! comment, HTML and Markdown. Every renderer passes such text through
//! one of these functions; the JSON, SARIF and JUnit writers escape with
//! their own format's rules.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a terminal would act on `c` rather than show it: C0 and C1
/// controls, DEL, and the bidirectional formatting characters.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal, on one line: each unsafe character (newlines
/// and tabs included) written as an escape (`\n`, `\u{1b}`).
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`terminal`], but newlines stay: for text whose lines a renderer
/// laid out itself.
pub fn terminal_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' { out.push(c) } else { push_escaped(&mut out, c) }
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// Text for HTML element content and quoted attribute values: the five
/// characters HTML gives meaning to become entities; unsafe characters are
/// escaped as on a terminal.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in terminal(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for Markdown (a pull-request comment), on one line: HTML is shown,
/// not rendered; Markdown punctuation is literal; `@name` pings no one;
/// unsafe characters are escaped as on a terminal. Fit for table cells and
/// for `<code>` spans alike.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in terminal(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '@' => out.push_str("&#64;"),
            '|' => out.push_str("&#124;"),
            '`' => out.push_str("&#96;"),
            '\\' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '~' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text as Markdown inline code: `<code>` with the text escaped, which,
/// unlike backticks, no text can close early.
pub fn markdown_code(s: &str) -> String {
    let mut out = String::from("<code>");
    for c in terminal(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("&#64;"),
            '|' => out.push_str("&#124;"),
            '`' => out.push_str("&#96;"),
            '\\' => out.push_str("&#92;"),
            c => out.push(c),
        }
    }
    out.push_str("</code>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_controls_and_bidi_but_not_text() {
        assert_eq!(terminal("Estonia"), "Estonia");
        assert_eq!(terminal("Ex\u{1b}]0;pwned\u{7}\r\n\u{8}"), "Ex\\u{1b}]0;pwned\\u{7}\\r\\n\\u{8}");
        assert_eq!(terminal("a\u{202e}b\u{9b}c\0"), "a\\u{202e}b\\u{9b}c\\0");
        assert_eq!(terminal_lines("one\ntwo\u{1b}[2J"), "one\ntwo\\u{1b}[2J");
        assert_eq!(terminal("Łódź Україна"), "Łódź Україна");
    }

    #[test]
    fn markdown_shows_html_and_punctuation_as_text() {
        assert_eq!(markdown("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert\\(1\\)&gt;");
        assert_eq!(markdown("a|b `c` @team [x](y)\r\n"), "a&#124;b &#96;c&#96; &#64;team \\[x\\]\\(y\\)\\\\r\\\\n");
        assert_eq!(markdown_code("x`</code><b>"), "<code>x&#96;&lt;/code&gt;&lt;b&gt;</code>");
    }
}
