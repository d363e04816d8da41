//! The server loop: the protocol's life cycle (`initialize`, `shutdown`,
//! `exit`), document notifications, requests, and diagnostics published
//! when the input is idle — after a burst of keystrokes, once, for the
//! text as it ends up. Every message is handled whatever it holds: a
//! malformed one gets an error reply, an unknown method `MethodNotFound`,
//! a notification with bad parameters a log line; a bug that panics while
//! handling one is caught, answered as an internal error, and the server
//! goes on.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, TryRecvError};

use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    LogMessageParams, MessageType, PublishDiagnosticsParams, Uri,
};
use serde::de::DeserializeOwned;

use super::documents::{Document, Documents, Language, Refused};
use super::transport::{self, Incoming};
use super::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before `initialize`: requests are refused.
    Starting,
    Running,
    /// After `shutdown`: requests are refused, `exit` ends with 0.
    ShutDown,
}

pub struct Server<W: Write> {
    out: W,
    state: State,
    docs: Documents,
    workspace: Workspace,
    /// Documents whose diagnostics are due, by URI: `true` to send them
    /// even if unchanged (the document itself was opened, changed or saved).
    due: BTreeMap<String, bool>,
    /// What was last sent for each URI.
    published: HashMap<String, Vec<lsp_types::Diagnostic>>,
    /// Writing failed: the editor is gone.
    broken: bool,
}

/// Serves the messages from `input` until `exit` or the end of the input;
/// whether the end was clean (`shutdown` came first).
pub fn serve(input: Receiver<Incoming>, out: impl Write) -> bool {
    let mut server = Server {
        out,
        state: State::Starting,
        docs: Documents::default(),
        workspace: Workspace::default(),
        due: BTreeMap::new(),
        published: HashMap::new(),
        broken: false,
    };
    loop {
        let incoming = match input.try_recv() {
            Ok(m) => m,
            Err(TryRecvError::Empty) => {
                server.publish_due();
                match input.recv() {
                    Ok(m) => m,
                    Err(_) => break,
                }
            }
            Err(TryRecvError::Disconnected) => break,
        };
        if let Some(clean) = server.guarded(incoming) {
            return clean;
        }
        if server.broken {
            return false;
        }
    }
    server.state == State::ShutDown
}

impl<W: Write> Server<W> {
    /// Handles one frame; a panic in it is answered and logged. `Some`
    /// when the server is to stop, with whether it stops cleanly.
    fn guarded(&mut self, incoming: Incoming) -> Option<bool> {
        let id = match &incoming {
            Incoming::Message(Message::Request(r)) => Some(r.id.clone()),
            _ => None,
        };
        match std::panic::catch_unwind(AssertUnwindSafe(|| self.handle(incoming))) {
            Ok(stop) => stop,
            Err(_) => {
                self.workspace.changed();
                if let Some(id) = id {
                    self.reply(Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        "internal error in pacta (a bug)".into(),
                    ));
                }
                self.log(
                    MessageType::ERROR,
                    "internal error in pacta (a bug): please report it with the file being edited",
                );
                None
            }
        }
    }

    fn handle(&mut self, incoming: Incoming) -> Option<bool> {
        match incoming {
            Incoming::Message(Message::Request(r)) => self.request(r),
            Incoming::Message(Message::Notification(n)) => return self.notification(n),
            // The server sends no requests, so expects no responses.
            Incoming::Message(Message::Response(_)) => {}
            Incoming::Malformed { id, code, message } => {
                self.log(MessageType::ERROR, &message);
                if transport::write_error(&mut self.out, id, code, &message).is_err() {
                    self.broken = true;
                }
            }
            Incoming::Skipped(why) => self.log(MessageType::ERROR, &why),
        }
        None
    }

    fn request(&mut self, r: Request) {
        let refuse = |code: ErrorCode, message: &str| Response::new_err(r.id.clone(), code as i32, message.into());
        let response = match (self.state, r.method.as_str()) {
            (State::Starting, "initialize") => {
                self.state = State::Running;
                Response::new_ok(r.id.clone(), super::capabilities::initialize_result())
            }
            (State::Starting, _) => refuse(ErrorCode::ServerNotInitialized, "the server is not initialized yet"),
            (State::ShutDown, _) => refuse(ErrorCode::InvalidRequest, "the server is shutting down"),
            (State::Running, "initialize") => refuse(ErrorCode::InvalidRequest, "the server is initialized already"),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                Response::new_ok(r.id.clone(), ())
            }
            (State::Running, method) => {
                match super::requests::answer(method, r.params.clone(), &self.docs, &mut self.workspace) {
                    Some(Ok(value)) => Response { id: r.id.clone(), response_result: Ok(value) },
                    Some(Err((code, message))) => refuse(code, &message),
                    None => refuse(ErrorCode::MethodNotFound, &format!("unknown method `{method}`")),
                }
            }
        };
        self.reply(response);
    }

    fn notification(&mut self, n: Notification) -> Option<bool> {
        if n.method == "exit" {
            return Some(self.state == State::ShutDown);
        }
        if self.state != State::Running {
            return None;
        }
        match n.method.as_str() {
            "textDocument/didOpen" => self.with(n, |s, p: DidOpenTextDocumentParams| {
                let uri = p.text_document.uri.clone();
                match s.docs.open(p.text_document) {
                    Ok(_) => s.changed(&uri),
                    Err(_) => {
                        s.log(MessageType::INFO, &format!("{}: not a rule file or scenario, not checked", uri.as_str()))
                    }
                }
            }),
            "textDocument/didChange" => self.with(n, |s, p: DidChangeTextDocumentParams| {
                let uri = p.text_document.uri;
                match s.docs.change(&uri, p.text_document.version, p.content_changes) {
                    Ok(_) => s.changed(&uri),
                    Err(Refused::Unknown | Refused::NotPacta) => {
                        s.log(MessageType::WARNING, &format!("{}: changed but not open", uri.as_str()));
                    }
                }
            }),
            "textDocument/didSave" => self.with(n, |s, p: DidSaveTextDocumentParams| s.changed(&p.text_document.uri)),
            "textDocument/didClose" => self.with(n, |s, p: DidCloseTextDocumentParams| {
                let uri = p.text_document.uri;
                if s.docs.close(&uri).is_some() {
                    s.workspace.changed();
                    s.due.remove(uri.as_str());
                    s.send_diagnostics(uri.clone(), Vec::new(), None);
                    s.published.remove(uri.as_str());
                    s.all_due();
                }
            }),
            "workspace/didChangeWatchedFiles" => {
                self.workspace.changed();
                self.all_due();
            }
            // `initialized`, `$/cancelRequest` (answers are never late),
            // `$/setTrace` and the like need nothing.
            _ => {}
        }
        None
    }

    /// Runs `work` on a notification's parameters, or logs why they are bad.
    fn with<P: DeserializeOwned>(&mut self, n: Notification, work: impl FnOnce(&mut Self, P)) {
        match serde_json::from_value::<P>(n.params) {
            Ok(p) => work(self, p),
            Err(e) => self.log(MessageType::ERROR, &format!("{}: bad parameters: {e}", n.method)),
        }
    }

    /// A document changed: every analysis is stale, its diagnostics are
    /// due, and so are the others' if they changed with it.
    fn changed(&mut self, uri: &Uri) {
        self.workspace.changed();
        self.all_due();
        self.due.insert(uri.as_str().to_string(), true);
    }

    fn all_due(&mut self) {
        for doc in self.docs.all() {
            self.due.entry(doc.uri.as_str().to_string()).or_insert(false);
        }
    }

    /// Sends the diagnostics that are due.
    fn publish_due(&mut self) {
        for (uri, forced) in std::mem::take(&mut self.due) {
            let Some(doc) = self.docs.all().find(|d| d.uri.as_str() == uri) else { continue };
            let (uri, version) = (doc.uri.clone(), doc.version);
            let (diagnostics, unchecked) = diagnostics(doc, &self.docs, &mut self.workspace);
            if let Some(why) = unchecked.filter(|_| forced) {
                self.log(MessageType::INFO, &why);
            }
            if forced || self.published.get(uri.as_str()) != Some(&diagnostics) {
                self.send_diagnostics(uri, diagnostics, Some(version));
            }
        }
    }

    fn send_diagnostics(&mut self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.published.insert(uri.as_str().to_string(), diagnostics.clone());
        let params = PublishDiagnosticsParams { uri, diagnostics, version };
        self.notify("textDocument/publishDiagnostics", params);
    }

    fn log(&mut self, typ: MessageType, message: &str) {
        self.notify("window/logMessage", LogMessageParams { typ, message: message.to_string() });
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(method.to_string(), params)));
    }

    fn reply(&mut self, response: Response) {
        self.send(Message::Response(response));
    }

    fn send(&mut self, message: Message) {
        if self.broken {
            return;
        }
        if transport::write(&mut self.out, message).is_err() {
            self.broken = true;
        }
    }
}

/// A document's diagnostics, and why it was not checked if it was not.
fn diagnostics(doc: &Document, docs: &Documents, ws: &mut Workspace) -> (Vec<lsp_types::Diagnostic>, Option<String>) {
    use super::diagnostics::{convert, of_document, too_large};
    if doc.too_large {
        return (vec![too_large(doc.language.max_bytes())], None);
    }
    match doc.language {
        Language::Rules => {
            let found = ws.rules(doc, docs);
            let a = &found.analysis;
            let mut out: Vec<_> = found.setup.iter().map(|d| convert(d, None, &a.sources)).collect();
            out.extend(of_document(&a.diagnostics, &a.sources, found.file, &doc.text));
            (out, None)
        }
        Language::Scenario => match super::scenario::check(doc, ws, docs) {
            super::scenario::Outcome::Checked(d) => (d, None),
            super::scenario::Outcome::Unchecked(why) => (Vec::new(), Some(why)),
        },
    }
}
