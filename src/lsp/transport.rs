//! JSON-RPC over a byte stream: `Content-Length` framed messages in,
//! framed messages out. The reading is ours, not lsp-server's: its reader
//! ends the connection at the first message that is not JSON-RPC and
//! allocates whatever length a header claims, where a server must answer
//! a malformed message with an error and go on, and bound what it holds.
//! Header lines, header counts and bodies are bounded; a frame that breaks
//! a bound is skipped whole (its body read and dropped), so the next one
//! is read from its start.

use std::io::{self, BufRead, Read, Write};

use lsp_server::{ErrorCode, Message};
use serde_json::{Value, json};

/// The largest message body read: a didOpen carries a whole document, and
/// rule files may have 8 MiB ([`crate::syntax::MAX_RULE_FILE_BYTES`]);
/// scenarios past this are checked with `pacta check`.
pub const MAX_BODY_BYTES: usize = 64 << 20;
/// The longest header line, and the most header lines of one message.
const MAX_HEADER_LINE: usize = 1024;
const MAX_HEADERS: usize = 32;

/// What one frame of input held.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// JSON that is no message, or no JSON: answered with `code`, under
    /// the request's id when one could be read (else `null`).
    Malformed {
        id: Option<Value>,
        code: ErrorCode,
        message: String,
    },
    /// A frame whose headers or size break a bound: nothing to answer.
    Skipped(String),
}

/// Reads the next frame; `None` at the end of the input.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let length = match headers(input)? {
        None => return Ok(None),
        Some(Err(why)) => return Ok(Some(Incoming::Skipped(why))),
        Some(Ok(length)) => length,
    };
    if length > MAX_BODY_BYTES {
        let dropped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        if dropped < length as u64 {
            return Ok(None);
        }
        let why = format!("a message of {length} bytes was skipped: the most one may have is {MAX_BODY_BYTES}");
        return Ok(Some(Incoming::Skipped(why)));
    }
    let mut body = vec![0; length];
    match input.read_exact(&mut body) {
        Ok(()) => Ok(Some(parse(&body))),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}

/// The body's length from the header block; an error message when the
/// block breaks a bound or has no usable `Content-Length`.
fn headers(input: &mut impl BufRead) -> io::Result<Option<Result<usize, String>>> {
    let mut length = None;
    let mut problem = None;
    let mut line = Vec::new();
    let mut seen = 0usize;
    loop {
        line.clear();
        let n = input.by_ref().take(MAX_HEADER_LINE as u64).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") {
            problem.get_or_insert_with(|| format!("a header line longer than {MAX_HEADER_LINE} bytes"));
            skip_line(input)?;
            seen += 1;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            // Blank lines between messages are no header block.
            if seen == 0 {
                continue;
            }
            break;
        }
        seen += 1;
        if seen > MAX_HEADERS {
            problem.get_or_insert_with(|| format!("more than {MAX_HEADERS} header lines"));
            continue;
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("Content-Length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => problem = Some(format!("a Content-Length that is no length: `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => {
                problem.get_or_insert_with(|| format!("a header line without `:`: `{}`", shorten(text)));
            }
        }
    }
    Ok(Some(match (problem, length) {
        (Some(why), _) => Err(format!("a message was skipped: {why}")),
        (None, None) => Err("a message was skipped: it has no Content-Length header".into()),
        (None, Some(n)) => Ok(n),
    }))
}

/// Drops the rest of an over-long line.
fn skip_line(input: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

fn shorten(text: &str) -> String {
    text.chars().take(80).collect()
}

/// A body as a message, or why it is none.
fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Malformed { id: None, code: ErrorCode::ParseError, message: format!("not JSON: {e}") };
        }
    };
    let id = value.get("id").filter(|id| id.is_number() || id.is_string()).cloned();
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => {
            Incoming::Malformed { id, code: ErrorCode::InvalidRequest, message: format!("not a JSON-RPC message: {e}") }
        }
    }
}

/// Writes one message, framed.
pub fn write(out: &mut impl Write, message: Message) -> io::Result<()> {
    message.write(out)
}

/// Writes an error reply to a message whose id may be unreadable (`null`),
/// which lsp-server's `Response` cannot hold.
pub fn write_error(out: &mut impl Write, id: Option<Value>, code: ErrorCode, message: &str) -> io::Result<()> {
    let reply = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code as i32, "message": message } });
    let text = reply.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn all(input: &str) -> Vec<Incoming> {
        let mut input = io::Cursor::new(input.as_bytes().to_vec());
        std::iter::from_fn(|| read(&mut input).unwrap()).collect()
    }

    #[test]
    fn reads_messages_and_goes_on_past_malformed_ones() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"params":{}}"#),
            "X-Junk\r\n\r\n".to_string(),
            "Content-Length: 5\r\nContent-Type: utf-8\r\n\r\nnull!".to_string(),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
        ]
        .concat();
        let got = all(&input);
        assert_eq!(got.len(), 6, "{got:?}");
        assert!(matches!(&got[0], Incoming::Message(Message::Request(r)) if r.method == "shutdown"));
        assert!(matches!(&got[1], Incoming::Malformed { id: None, code: ErrorCode::ParseError, .. }));
        assert!(
            matches!(&got[2], Incoming::Malformed { id: Some(id), code: ErrorCode::InvalidRequest, .. } if id == 7)
        );
        assert!(matches!(&got[3], Incoming::Skipped(why) if why.contains("without `:`")));
        assert!(matches!(&got[4], Incoming::Malformed { code: ErrorCode::ParseError, .. }));
        assert!(matches!(&got[5], Incoming::Message(Message::Notification(n)) if n.method == "exit"));
    }

    #[test]
    fn bounds_lengths_and_header_lines() {
        let huge = format!("Content-Length: {}\r\n\r\n", MAX_BODY_BYTES + 1);
        let body = "x".repeat(MAX_BODY_BYTES + 1);
        let long = format!("{}\r\n\r\n", "H".repeat(MAX_HEADER_LINE * 3));
        let exit = frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let got = all(&[huge, body, long, "Content-Length: -3\r\n\r\n".into(), exit].concat());
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(matches!(&got[0], Incoming::Skipped(why) if why.contains("bytes was skipped")));
        assert!(matches!(&got[1], Incoming::Skipped(why) if why.contains("longer than")));
        assert!(matches!(&got[2], Incoming::Skipped(why) if why.contains("no length")));
        assert!(matches!(&got[3], Incoming::Message(Message::Notification(n)) if n.method == "exit"));
    }

    #[test]
    fn a_message_cut_short_ends_the_input() {
        assert!(all("Content-Length: 40\r\n\r\n{\"jsonrpc\"").is_empty());
    }

    #[test]
    fn error_replies_carry_a_null_id_when_none_was_read() {
        let mut out = Vec::new();
        write_error(&mut out, None, ErrorCode::ParseError, "bad").unwrap();
        let text = String::from_utf8(out).unwrap();
        let body = text.split("\r\n\r\n").nth(1).unwrap();
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["id"], Value::Null);
        assert_eq!(v["error"]["code"], -32700);
        assert!(text.starts_with(&format!("Content-Length: {}\r\n", body.len())));
    }
}
