//! The command line: clap definitions, one file per subcommand, and the
//! documented exit codes. `main.rs` only calls [`main`].

mod check;
mod diff;
mod explain;
mod output;
mod project;
mod test;
mod timeline;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit codes, documented in `docs/cli.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every scenario complies (or the rules are valid).
    Compliant = 0,
    /// At least one violation.
    Violations = 1,
    /// Rule, scenario or argument errors.
    InvalidInput = 2,
    /// A bug in pacta.
    Internal = 3,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

#[derive(Debug, Parser)]
#[command(name = "pacta", version, about = "Checks scenarios against treaties")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check rule files, and scenarios against them.
    Check(check::Args),
    /// Check every scenario's `expect:` block; a cargo-test-like report.
    Test(test::Args),
    /// Judge one scenario at every date where a fact begins or ends; the
    /// intervals of each verdict per clause and subject.
    Timeline(timeline::Args),
    /// Judge scenarios under two rule sets (or parameter settings); list
    /// every verdict that differs.
    Diff(diff::Args),
    /// Explain how verdicts were reached: each condition, its value, the
    /// facts it read.
    Explain(explain::Args),
}

/// `--max-steps`, for every command that evaluates.
#[derive(Debug, clap::Args)]
pub struct Steps {
    /// The most interpreter steps one clause may take; past it the run
    /// stops with an error (default: `max_steps` in pacta.toml, else
    /// 1000000000; 0: no limit).
    #[arg(long, value_name = "N")]
    max_steps: Option<u64>,
}

impl Steps {
    /// The flag, else the project's setting.
    pub fn resolve(&self, config: &crate::config::Config) -> Option<u64> {
        self.max_steps.or(config.max_steps)
    }
}

/// Runs `work` on a thread pool of `jobs` threads (rayon's default, one per
/// core, when `None`).
pub(crate) fn with_jobs<T: Send>(jobs: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T, crate::Error> {
    match jobs {
        None => Ok(work()),
        Some(0) => Err(crate::Error::Usage("--jobs must be at least 1".into())),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(work))
            .map_err(|e| crate::Error::Usage(format!("cannot start {n} threads: {e}"))),
    }
}

/// Runs the command line; never panics on user input.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { Exit::InvalidInput } else { Exit::Compliant };
            let _ = e.print();
            return code.into();
        }
    };
    let exit = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Timeline(args) => timeline::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Explain(args) => explain::run(&args),
    };
    exit.into()
}
