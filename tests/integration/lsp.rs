//! `pacta lsp` end to end: the built binary is started as an editor starts
//! it, spoken to in JSON-RPC over its standard input and output, and each
//! reply is checked — capabilities, diagnostics (codes, UTF-16 ranges,
//! cleared when fixed), hover, definition across an import, references,
//! completion, document symbols, scenario diagnostics, hostile messages —
//! and so are its exit codes. The documents are the project under
//! `tests/lsp/project`, sent with edits as an editor sends unsaved buffers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common;

/// Longer than any reply takes, even on a loaded machine: a server that
/// stops answering fails the test instead of hanging it.
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    from_server: Receiver<Value>,
    /// Messages read while waiting for another, in order.
    kept: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pacta"))
            .args(["lsp", "--stdio"])
            .current_dir(common::root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, from_server) = channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut out) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Client { child, stdin, from_server, kept: Vec::new(), next_id: 0 }
    }

    fn initialized() -> Client {
        let mut client = Client::start();
        let reply = client.request("initialize", json!({ "processId": null, "capabilities": {} }));
        assert!(reply["result"]["capabilities"].is_object(), "{reply}");
        client.notify("initialized", json!({}));
        client
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its reply (the whole message).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The first message (kept or new) that `wanted` accepts.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.kept.iter().position(&wanted) {
            return self.kept.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_server.recv_timeout(left) {
                Ok(m) if wanted(&m) => return m,
                Ok(m) => self.kept.push(m),
                Err(RecvTimeoutError::Timeout) => panic!("no awaited message in {PATIENCE:?}; got {:#?}", self.kept),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output; got {:#?}", self.kept),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        let doc = json!({ "uri": uri, "languageId": language, "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    fn replace(&mut self, uri: &str, version: i32, text: &str) {
        let params =
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] });
        self.notify("textDocument/didChange", params);
    }

    /// A request about a place in a document.
    fn at(&mut self, method: &str, uri: &str, position: Value) -> Value {
        let mut params = json!({ "textDocument": { "uri": uri }, "position": position });
        if method == "textDocument/references" {
            params["context"] = json!({ "includeDeclaration": true });
        }
        let reply = self.request(method, params);
        assert!(reply.get("error").is_none(), "{method}: {reply}");
        reply["result"].clone()
    }

    /// Ends the input and waits for the exit code.
    fn exit_code(mut self) -> i32 {
        drop(self.stdin.take());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test leaves no server running.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn project_file(rel: &str) -> std::path::PathBuf {
    common::root().join("tests/lsp/project").join(rel)
}

/// The `file:` URI of a project file, escaped as editors escape it.
fn uri(rel: &str) -> String {
    let path = project_file(rel);
    let mut out = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn text(rel: &str) -> String {
    std::fs::read_to_string(project_file(rel)).unwrap()
}

/// The LSP position of the `k`th byte into the first `needle` in `text`:
/// line, and column in UTF-16 units.
fn position(text: &str, needle: &str, k: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in the text")) + k;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": text[..at].matches('\n').count(), "character": text[line_start..at].encode_utf16().count() })
}

fn labels(items: &Value) -> Vec<String> {
    items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

#[test]
fn announces_what_it_can_do_and_exits_0_after_shutdown() {
    let mut client = Client::start();
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "a request before initialize: {early}");
    let reply = client.request("initialize", json!({ "processId": null, "capabilities": {} }));
    let caps = &reply["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{caps}");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync: {caps}");
    assert_eq!(caps["textDocumentSync"]["openClose"], true, "{caps}");
    for provider in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "documentFormattingProvider",
    ] {
        assert_eq!(caps[provider], true, "{provider}: {caps}");
    }
    assert_eq!(caps["completionProvider"]["triggerCharacters"], json!([".", ":"]), "{caps}");
    assert_eq!(reply["result"]["serverInfo"]["name"], "pacta");
    let again = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    let late = client.request("textDocument/hover", json!({}));
    assert_eq!(late["error"]["code"], -32600, "a request after shutdown: {late}");
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), 0);
}

#[test]
fn exit_without_shutdown_is_code_1_and_so_is_the_end_of_input() {
    let mut client = Client::initialized();
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), 1);
    let client = Client::initialized();
    assert_eq!(client.exit_code(), 1, "the input ended without shutdown");
}

#[test]
fn diagnostics_come_with_code_and_utf16_range_and_clear_when_fixed() {
    let mut client = Client::initialized();
    let treaty = uri("rules/treaty.pacta");
    // `𝄞` is two UTF-16 units (four bytes), `ö` and `ß` one each (two bytes).
    let broken = text("rules/treaty.pacta").replace("\"{d.owner.name} stations", "\"𝄞 Größe {d.hots} stations");
    client.open(&treaty, "pacta", &broken);
    let diags = client.diagnostics(&treaty);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "pacta::unknown-field");
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(diags[0]["source"], "pacta");
    assert!(diags[0]["message"].as_str().unwrap().contains("no field `hots`"), "{diags:#?}");
    let start = position(&broken, "hots}", 0);
    assert_eq!(start, json!({ "line": 10, "character": 25 }), "the test's own arithmetic");
    assert_eq!(diags[0]["range"], json!({ "start": start, "end": position(&broken, "hots}", 4) }));

    client.replace(&treaty, 2, &text("rules/treaty.pacta"));
    assert_eq!(client.diagnostics(&treaty), Vec::<Value>::new(), "fixed: the diagnostics are cleared");
    // Saving checks again (files on disk may have changed with it).
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": treaty } }));
    assert_eq!(client.diagnostics(&treaty), Vec::<Value>::new());

    // A warning, with its related label, in an incremental change: a
    // binding named like the treaty's parameter hides it.
    let shadowing =
        text("rules/treaty.pacta").replace("forbid d: Deployment", "forbid baseline: Deployment, d: Deployment");
    let first_line = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 13, "character": 0 } });
    let change = json!({ "textDocument": { "uri": treaty, "version": 3 }, "contentChanges": [{ "range": first_line, "text": shadowing }] });
    client.notify("textDocument/didChange", change);
    let diags = client.diagnostics(&treaty);
    let shadow =
        diags.iter().find(|d| d["code"] == "pacta::shadowed-parameter").unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(shadow["severity"], 2, "a warning");
    let related = &shadow["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], treaty.as_str());
    assert_eq!(related["location"]["range"]["start"], position(&shadowing, "baseline: date", 0));
    assert_eq!(related["message"], "the parameter");
}

#[test]
fn unsaved_imported_files_count_and_errors_elsewhere_are_pointed_at() {
    let mut client = Client::initialized();
    let (treaty, schema) = (uri("rules/treaty.pacta"), uri("rules/schema.pacta"));
    client.open(&treaty, "pacta", &text("rules/treaty.pacta"));
    assert_eq!(client.diagnostics(&treaty), Vec::<Value>::new());
    // The imported file, open and changed: `foreign` is gone from it.
    let renamed = text("rules/schema.pacta").replace("def foreign(", "def abroad(");
    client.open(&schema, "pacta", &renamed);
    let diags = client.diagnostics(&treaty);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "pacta::unknown-name");
    // An error in the imported file: said on the importer, pointing there.
    client.replace(&schema, 2, &text("rules/schema.pacta").replace("personnel: int", "personnel: int,,"));
    let diags = client.diagnostics(&treaty);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["range"]["start"], json!({ "line": 0, "character": 0 }));
    assert!(diags[0]["message"].as_str().unwrap().contains("schema.pacta:7:"), "{diags:#?}");
    assert_eq!(diags[0]["relatedInformation"][0]["location"]["uri"], schema.as_str());
    // Closing the changed file: the file on disk counts again.
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": schema } }));
    assert_eq!(client.diagnostics(&treaty), Vec::<Value>::new());
}

#[test]
fn hover_definition_references_and_symbols() {
    let mut client = Client::initialized();
    let treaty = uri("rules/treaty.pacta");
    let source = text("rules/treaty.pacta");
    client.open(&treaty, "pacta", &source);
    let at = |needle: &str| position(&source, needle, 1);

    let hover = client.at("textDocument/hover", &treaty, at("foreign(d)"));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("def foreign(d: Deployment): bool"), "{shown}");
    assert!(shown.contains("Whether the forces are on another state's territory."), "the comment above it: {shown}");
    let hover = client.at("textDocument/hover", &treaty, at("1.1"));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("clause 1.1 \"No new foreign forces\""), "{shown}");
    assert!(shown.contains("Article 1: Foreign forces"), "{shown}");
    assert!(shown.contains("after the baseline."), "the clause's text: {shown}");
    let hover = client.at("textDocument/hover", &treaty, at("baseline and"));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("param baseline: date = 1997-05-27"), "{hover}");
    let hover = client.at("textDocument/hover", &treaty, at("since >"));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("since: date") && shown.contains("field of `Deployment`"), "{shown}");
    let hover = client.at("textDocument/hover", &treaty, at("east"));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("variant of enum `Region`"), "{hover}");
    let hover = client.at("textDocument/hover", &treaty, at("d: Deployment"));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("d: Deployment"), "a binding: {hover}");
    assert_eq!(client.at("textDocument/hover", &treaty, json!({ "line": 0, "character": 0 })), Value::Null);

    // Across the import: the definition is in schema.pacta.
    let schema = text("rules/schema.pacta");
    let target = client.at("textDocument/definition", &treaty, at("foreign(d)"));
    assert_eq!(target["uri"], uri("rules/schema.pacta"));
    assert_eq!(target["range"]["start"], position(&schema, "foreign(d: Deployment)", 0));
    let target = client.at("textDocument/definition", &treaty, at("schema.pacta\""));
    assert_eq!(target["uri"], uri("rules/schema.pacta"), "an import goes to its file");

    let refs = client.at("textDocument/references", &treaty, at("baseline and"));
    let starts: Vec<&Value> = refs.as_array().unwrap().iter().map(|l| &l["range"]["start"]).collect();
    assert_eq!(starts, [&position(&source, "baseline:", 0), &position(&source, "baseline and", 0)]);
    let refs = client.at("textDocument/references", &treaty, at("Deployment where"));
    let files: Vec<&str> = refs.as_array().unwrap().iter().map(|l| l["uri"].as_str().unwrap()).collect();
    // Declared in schema.pacta, used there by `foreign` and in treaty.pacta.
    assert_eq!(files, [uri("rules/schema.pacta"), uri("rules/schema.pacta"), treaty.clone()]);

    let reply = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": treaty } }));
    let symbols = reply["result"].as_array().unwrap();
    let names: Vec<&str> = symbols.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["t", "article 1"]);
    let clauses = symbols[1]["children"].as_array().unwrap();
    assert_eq!(clauses.len(), 1);
    assert_eq!(clauses[0]["name"], "clause 1.1");
    assert_eq!(clauses[0]["detail"], "No new foreign forces");
    assert_eq!(clauses[0]["selectionRange"]["start"], position(&source, "1.1", 0));
}

#[test]
fn completion_of_fields_variants_and_names() {
    let mut client = Client::initialized();
    let treaty = uri("rules/treaty.pacta");
    let source = text("rules/treaty.pacta");
    // Being typed: `d.` does not parse; the fields of `d`'s type come.
    let typing = source.replace("d.since > baseline", "d. > baseline");
    client.open(&treaty, "pacta", &typing);
    let items = client.at("textDocument/completion", &treaty, position(&typing, "d. >", 2));
    assert_eq!(labels(&items), ["owner", "host", "personnel", "since", "region", "id"]);
    assert_eq!(items[2]["detail"], "int");
    // A field's field: `d.host.` is a State.
    let typing = source.replace("d.since > baseline", "d.host. > baseline");
    client.replace(&treaty, 2, &typing);
    let items = client.at("textDocument/completion", &treaty, position(&typing, "host. >", 5));
    assert_eq!(labels(&items), ["name", "in_europe", "id"]);
    let typing = source.replace("Region::east", "Region::");
    client.replace(&treaty, 3, &typing);
    let items = client.at("textDocument/completion", &treaty, position(&typing, "Region::", 8));
    assert_eq!(labels(&items), ["east", "west"]);
    client.replace(&treaty, 4, &source);
    let items = client.at("textDocument/completion", &treaty, position(&source, "baseline and", 4));
    let names = labels(&items);
    for wanted in ["foreign", "baseline", "d", "Deployment", "Region", "forbid", "exists", "distance_km", "date"] {
        assert!(names.iter().any(|n| n == wanted), "`{wanted}` missing from {names:?}");
    }
    assert!(!names.iter().any(|n| n == "owner"), "fields only after a dot: {names:?}");
}

#[test]
fn scenarios_are_checked_against_the_project_schema() {
    let mut client = Client::initialized();
    let scenario = uri("scenarios/ok.yaml");
    let bad = text("scenarios/ok.yaml")
        .replace("personnel: 4000", "personnel: many")
        .replace("as_of:", "params: { nope: 1 }\nas_of:");
    client.open(&scenario, "yaml", &bad);
    let diags = client.diagnostics(&scenario);
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["pacta::wrong-type"], "{diags:#?}");
    assert_eq!(diags[0]["range"]["start"], position(&bad, "many", 0));
    // Loaded: the parameter settings are checked against the treaty.
    let unknown_param = text("scenarios/ok.yaml").replace("as_of:", "params: { nope: 1 }\nas_of:");
    client.replace(&scenario, 2, &unknown_param);
    let diags = client.diagnostics(&scenario);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "pacta::unknown-param");
    assert_eq!(diags[0]["range"]["start"], position(&unknown_param, "1 }", 0));
    client.replace(&scenario, 3, &text("scenarios/ok.yaml"));
    assert_eq!(client.diagnostics(&scenario), Vec::<Value>::new());
    // Reference data is checked as data, not as a scenario.
    let data = uri("scenarios/states.yaml");
    client.open(&data, "yaml", "include_only: true\nState:\n  - { id: FRA, name: France, in_europe: yes }\n");
    let diags = client.diagnostics(&data);
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["pacta::wrong-type"], "{diags:#?}");
}

#[test]
fn hostile_messages_get_errors_and_the_server_goes_on() {
    let mut client = Client::initialized();
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let reply = client.wait_for(|m| m["error"]["code"] == -32700);
    assert_eq!(reply["id"], Value::Null, "{reply}");
    client.send(&json!({ "jsonrpc": "2.0", "id": 77, "params": {} }));
    let reply = client.wait_for(|m| m["id"] == 77);
    assert_eq!(reply["error"]["code"], -32600, "no method: {reply}");
    let reply = client.request("pacta/frobnicate", json!({}));
    assert_eq!(reply["error"]["code"], -32601, "{reply}");
    let reply = client.request("textDocument/hover", json!({ "textDocument": 3 }));
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
    let nowhere =
        json!({ "textDocument": { "uri": "file:///nowhere/x.pacta" }, "position": { "line": 0, "character": 0 } });
    let reply = client.request("textDocument/hover", nowhere);
    assert_eq!(reply["error"]["code"], -32602, "a document never opened: {reply}");
    client.send_raw(b"Content-Length: 1e9\r\n\r\n");
    client.notify("textDocument/didOpen", json!({ "textDocument": "nothing" }));
    let logged = client.wait_for(|m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().unwrap().contains("didOpen")
    });
    assert_eq!(logged["params"]["type"], 1, "an error: {logged}");
    // A file outside any project that imports a file outside it; a
    // position far past the end of it.
    let outside = "untitled:Untitled-1";
    client.open(outside, "pacta", "import \"/etc/passwd\"\nentity S { n: int }\n");
    let diags = client.diagnostics(outside);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "pacta::outside-project", "{diags:#?}");
    let far = client.at("textDocument/hover", outside, json!({ "line": 9999, "character": 9999 }));
    assert_eq!(far, Value::Null);
    // A rule file past the 8 MiB a rule file may have is not checked.
    let huge = "untitled:huge.pacta";
    client.open(huge, "pacta", &"// padding\n".repeat(800_000));
    let diags = client.diagnostics(huge);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "pacta::file-too-large");
    // A scenario in no project: nothing to check it with, said in the log.
    client.open("untitled:scenario.yaml", "yaml", "State: []\n");
    let logged = client.wait_for(|m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().unwrap().contains("scenario.yaml")
    });
    assert!(logged["params"]["message"].as_str().unwrap().contains("in no project"), "{logged}");
    assert_eq!(client.diagnostics("untitled:scenario.yaml"), Vec::<Value>::new());
    // Still serving.
    let reply = client.request("shutdown", Value::Null);
    assert!(reply.get("error").is_none(), "{reply}");
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), 0);
}

#[test]
fn formatting_lays_out_the_document_as_pacta_fmt_does() {
    let mut client = Client::initialized();
    let treaty = uri("rules/treaty.pacta");
    let formatted = text("rules/treaty.pacta");
    // Squeezed onto fewer lines and with stray spaces: one edit back to the file.
    let messy =
        formatted.replace("\n    message", "  message").replace("forbid d: Deployment", "forbid   d:Deployment");
    assert_ne!(messy, formatted, "the test's own edit");
    client.open(&treaty, "pacta", &messy);
    let params = json!({ "textDocument": { "uri": treaty }, "options": { "tabSize": 2, "insertSpaces": true } });
    let reply = client.request("textDocument/formatting", params.clone());
    let edits = reply["result"].as_array().unwrap_or_else(|| panic!("{reply}"));
    assert_eq!(edits.len(), 1, "{reply}");
    assert_eq!(edits[0]["newText"], formatted.as_str());
    assert_eq!(edits[0]["range"]["start"], json!({ "line": 0, "character": 0 }));
    // Formatted already: no edit. Not parsing: no edit either.
    client.replace(&treaty, 2, &formatted);
    assert_eq!(client.request("textDocument/formatting", params.clone())["result"], json!([]));
    client.replace(&treaty, 3, "treaty t \"T\" {");
    assert_eq!(client.request("textDocument/formatting", params)["result"], json!([]));
}
