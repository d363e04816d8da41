//! `pacta lsp`: a language server for rule files and scenarios, over
//! standard input and output (JSON-RPC with `Content-Length` framing, as
//! the Language Server Protocol has it). It checks what the editor shows
//! with the loader and checker `pacta check` runs — the same codes, lints
//! included — and answers hover, go to definition, references, completion
//! and document symbols from the checker's record of where each name
//! resolves. One thread reads the input (`transport.rs`); the loop
//! (`server.rs`) handles messages in order and publishes diagnostics when
//! no message is waiting. Behind the `cli` feature, like the binary.

mod analysis;
mod capabilities;
mod completion;
mod diagnostics;
mod documents;
mod format;
mod hover;
mod navigate;
mod position;
mod project;
mod requests;
mod scenario;
mod server;
mod symbols;
mod transport;
mod tree;
mod uri;
mod workspace;

use crate::cli::Exit;

/// `pacta lsp`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Speak over standard input and output: the only transport, and the
    /// default; accepted because editors' clients pass it.
    #[arg(long)]
    stdio: bool,
}

/// Messages read ahead of the loop at most: past this, reading waits.
const QUEUE: usize = 16;

/// Serves until `exit`: code 0 after `shutdown`, 1 without it (or when the
/// input ends first), as the protocol asks.
pub fn run(_: &Args) -> Exit {
    let (sender, receiver) = std::sync::mpsc::sync_channel(QUEUE);
    let reader = std::thread::Builder::new().name("pacta-lsp-reader".into()).spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            let incoming = match transport::read(&mut input) {
                Ok(Some(m)) => m,
                Ok(None) => return,
                Err(e) => transport::Incoming::Skipped(format!("standard input cannot be read: {e}")),
            };
            let last = matches!(&incoming, transport::Incoming::Skipped(why) if why.starts_with("standard input"));
            if sender.send(incoming).is_err() || last {
                return;
            }
        }
    });
    if let Err(e) = reader {
        eprintln!("error: cannot start the language server's reader thread: {e}");
        return Exit::Internal;
    }
    let stdout = std::io::stdout();
    if server::serve(receiver, stdout.lock()) { Exit::Compliant } else { Exit::Violations }
}
