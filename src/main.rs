//! The `pacta` binary: a thin shell around [`pacta::cli::main`]. A panic
//! is a bug: it is reported as such with exit code 3.

use std::process::ExitCode;

fn main() -> ExitCode {
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => {
            eprintln!("error: internal error in pacta (a bug); please report it with the inputs that caused it");
            ExitCode::from(pacta::cli::Exit::Internal as u8)
        }
    }
}

#[allow(clippy::panic, reason = "the test hook for the internal-error exit code must panic")]
fn run() -> ExitCode {
    // Lets the test suite exercise the internal-error path (exit code 3).
    if std::env::var_os("PACTA_INTERNAL_TEST_PANIC").is_some() {
        std::panic::panic_any("internal test panic");
    }
    pacta::cli::main()
}
