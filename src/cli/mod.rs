//! The command line: clap definitions, one file per subcommand, and the
//! documented exit codes. `main.rs` only calls [`main`].

mod check;
mod completions;
mod diff;
mod emit;
mod explain;
mod fmt;
mod live;
mod man;
mod output;
mod project;
mod schema;
mod test;
mod timeline;
mod watch;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::scenario::provenance::Confidence;

/// Exit codes, documented in `docs/cli.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every scenario complies (or the rules are valid).
    Compliant = 0,
    /// At least one violation (or another result `--fail-on` names).
    Violations = 1,
    /// Rule, scenario or argument errors.
    InvalidInput = 2,
    /// A bug in pacta, or the report could not be written.
    Internal = 3,
    /// No failing finding, but verdicts that could not be decided.
    Undecided = 4,
}

impl From<crate::report::Outcome> for Exit {
    fn from(o: crate::report::Outcome) -> Self {
        use crate::report::Outcome;
        match o {
            Outcome::Compliant => Exit::Compliant,
            Outcome::Failed => Exit::Violations,
            Outcome::Invalid => Exit::InvalidInput,
            Outcome::Undecided => Exit::Undecided,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// `pacta --version`: the release and the commit it was built from, as
/// `build.rs` found it (`unknown` outside a git checkout).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("PACTA_REVISION"), ")");

#[derive(Debug, Parser)]
#[command(name = "pacta", version = VERSION, propagate_version = true, about = "Checks scenarios against treaties")]
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
    /// Format rule files in place (or check that they are formatted).
    Fmt(fmt::Args),
    /// Print the JSON Schema of scenario files for the rules'
    /// declarations (`--json-schema`), for YAML editors.
    Schema(schema::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// Print the manual page (roff), or write one page per subcommand with
    /// `--out-dir`.
    Man(man::Args),
    /// Run the language server (LSP) on standard input and output, for
    /// editors: diagnostics, hover, definitions, references, completion.
    Lsp(crate::lsp::Args),
}

/// A period to judge instead of one day (`check`, `explain`).
#[derive(Debug, clap::Args)]
pub struct Period {
    /// Judge the period from this date (YYYY-MM-DD) to `--to`: every verdict
    /// that held on some day of it, with the intervals it held.
    #[arg(long, value_name = "DATE", requires = "to")]
    from: Option<String>,
    /// The last day of the period (with `--from`).
    #[arg(long, value_name = "DATE", requires = "from")]
    to: Option<String>,
    /// Judge a period given as a year (2021), a month (2021-11) or a range
    /// (2021-03..2021-05): the same as `--from` its first day `--to` its last.
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["from", "to"])]
    during: Option<String>,
}

impl Period {
    /// `--from`/`--to` or `--during`, as the first and last day.
    fn days(&self) -> Result<Option<(crate::calendar::Date, crate::calendar::Date)>, crate::Error> {
        use crate::Error;
        if let Some(p) = &self.during {
            return crate::scenario::days_of(p).map(Some).map_err(|e| Error::Usage(format!("--during: {e}")));
        }
        let date = check::date_flag;
        match (date("--from", self.from.as_ref())?, date("--to", self.to.as_ref())?) {
            (Some(from), Some(to)) if from > to => Err(Error::Usage(format!("--from {from} is after --to {to}"))),
            (Some(from), Some(to)) => Ok(Some((from, to))),
            _ => Ok(None),
        }
    }
}

/// Which results fail a run (`check`).
#[derive(Debug, clap::Args)]
pub struct Failing {
    /// Which results fail the run: `violation` (always), `indeterminate`
    /// (exit code 4 when nothing else fails), `review`, `warning` (exit
    /// code 1); several may be given, comma-separated or repeated
    /// (default: `fail_on` in pacta.toml, else violation,indeterminate).
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = fail_kind)]
    fail_on: Vec<crate::report::Fail>,
    /// Lint warnings fail the run too (the same as adding `--fail-on warning`).
    #[arg(long)]
    deny_warnings: bool,
}

fn fail_kind(text: &str) -> Result<crate::report::Fail, String> {
    use crate::report::Fail;
    Fail::from_name(text)
        .ok_or_else(|| format!("expected one of {}", Fail::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")))
}

impl Failing {
    /// Flags first, then pacta.toml, then the default.
    pub fn fail_on(&self, config: &crate::config::Config) -> Result<crate::report::FailOn, crate::Error> {
        use crate::report::{Fail, FailOn};
        let mut fail_on = if !self.fail_on.is_empty() {
            FailOn::of(self.fail_on.iter().copied())
        } else if let Some((names, at)) = config.fail_on() {
            let kinds = names
                .iter()
                .map(|n| {
                    let why = fail_kind(n).err().unwrap_or_default();
                    Fail::from_name(n).ok_or_else(|| crate::Error::Usage(format!("{at}: unknown fail_on `{n}`: {why}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            FailOn::of(kinds)
        } else {
            FailOn::default()
        };
        fail_on.warning |= self.deny_warnings || config.deny_warnings.unwrap_or(false);
        Ok(fail_on)
    }
}

/// Bounds on a run, for every command that reads scenarios.
#[derive(Debug, clap::Args)]
pub struct Limits {
    /// The most interpreter steps one clause may take; past it the run
    /// stops with an error (default: `max_steps` in pacta.toml, else
    /// 1000000000; 0: no limit).
    #[arg(long, value_name = "N")]
    max_steps: Option<u64>,
    /// Stop evaluating after this many seconds, with an error naming the
    /// clause being judged (default: `timeout` in pacta.toml, else 300;
    /// 0: no limit).
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<u64>,
    /// Let `import`, `include:` and directory walks read files outside the
    /// project (the directory of pacta.toml and the paths given).
    #[arg(long)]
    allow_outside: bool,
    /// A library directory: `import "pacta:schema/security"` reads
    /// DIR/schema/security.pacta from the first directory holding it
    /// (repeatable; searched before `lib` in pacta.toml).
    #[arg(long = "lib", value_name = "DIR")]
    lib: Vec<std::path::PathBuf>,
    /// Read the project settings from this file instead of the nearest
    /// pacta.toml from the working directory up.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    config: Option<std::path::PathBuf>,
    /// Ignore any pacta.toml: only the command line counts.
    #[arg(long)]
    no_config: bool,
    /// The directory a scenario read from standard input (`-`) is taken
    /// to be in: its includes are resolved there (default: the working
    /// directory).
    #[arg(long, value_name = "DIR")]
    base_dir: Option<std::path::PathBuf>,
}

impl Limits {
    /// A scenario path as given: `-` is standard input, placed in `--base-dir`.
    pub fn scenario_path(&self, given: &std::path::Path) -> std::path::PathBuf {
        if given.as_os_str() != "-" {
            return given.to_path_buf();
        }
        let dir = self.base_dir.clone().unwrap_or_default();
        dir.join(crate::input::STDIN_NAME)
    }
}

/// How scenarios are read, for every command that reads them.
#[derive(Debug, clap::Args)]
pub struct Evidence {
    /// Leave out facts graded below GRADE (their `confidence:`, an
    /// Admiralty grade such as B2); references to them read as unknown
    /// (default: `min_confidence` in pacta.toml; ungraded facts count).
    #[arg(long, value_name = "GRADE", value_parser = grade)]
    min_confidence: Option<Confidence>,
    /// Treat every entity type as recorded completely, whatever the
    /// scenario says (`complete:`): finding no fact then proves there is
    /// none. For curated data (default: `closed_world` in pacta.toml).
    #[arg(long)]
    closed_world: bool,
}

fn grade(text: &str) -> Result<Confidence, String> {
    Confidence::parse(text).ok_or_else(|| format!("expected {}", crate::scenario::provenance::CONFIDENCE_HELP))
}

impl Evidence {
    pub fn apply(&self, config: &crate::config::Config, options: &mut crate::eval::Options) {
        options.reading.min_confidence = self.min_confidence.or(config.min_confidence());
        options.reading.closed_world = self.closed_world || config.closed_world.unwrap_or(false);
    }
}

/// Evaluation time a run may take unless told otherwise: far beyond what
/// the bundled library needs on a million facts (under a second), short
/// enough that a pull request with a runaway clause fails in minutes.
pub const DEFAULT_TIMEOUT_SECS: u64 = 300;

impl Limits {
    /// The step budget and deadline, flags first, then the project's.
    pub fn apply(&self, config: &crate::config::Config, options: &mut crate::eval::Options) {
        options.max_steps = self.max_steps.or(config.max_steps);
        let secs = self.timeout.or(config.timeout).unwrap_or(DEFAULT_TIMEOUT_SECS);
        options.deadline =
            (secs > 0).then(|| std::time::Instant::now() + std::time::Duration::from_secs(secs.min(1 << 40)));
    }

    /// What imports, includes and walks may read: the project root (the
    /// directory of pacta.toml) and each path named on the command line.
    /// Library directories are readable too.
    pub fn access(&self, config: &crate::config::Config, named: &[&std::path::Path]) -> crate::input::Access {
        let from_config: Vec<std::path::PathBuf> = config.lib.iter().map(|d| config.root.join(d)).collect();
        let library = self.lib.iter().chain(&from_config).map(std::path::PathBuf::as_path);
        if self.allow_outside {
            return crate::input::Access::unconfined().with_library(library);
        }
        let root = config.file.as_deref().and_then(std::path::Path::parent);
        crate::input::Access::within(root.into_iter().chain(named.iter().copied())).with_library(library)
    }
}

/// The most threads `-j` may start.
pub const MAX_JOBS: usize = 256;

/// Stack of every thread that evaluates: the checker keeps definition
/// chains to `MAX_CALL_DEPTH` and expressions to `MAX_TREE_DEPTH` levels,
/// whose recursion fits here even in a debug build. Only the pages used
/// are committed.
pub const STACK_BYTES: usize = 256 << 20;

/// Runs `work` on a pool of `jobs` threads (one per core when `None`),
/// each with a stack of [`STACK_BYTES`].
pub(crate) fn with_jobs<T: Send>(jobs: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T, crate::Error> {
    pool(jobs).map(|pool| pool.install(work))
}

/// A pool of `jobs` threads (one per core when `None`), each with a stack
/// of [`STACK_BYTES`].
pub(crate) fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, crate::Error> {
    let n = match jobs {
        Some(n) if !(1..=MAX_JOBS).contains(&n) => {
            return Err(crate::Error::Usage(format!("--jobs must be from 1 to {MAX_JOBS}, got {n}")));
        }
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_JOBS),
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .stack_size(STACK_BYTES)
        .build()
        .map_err(|e| crate::Error::Usage(format!("cannot start {n} threads: {e}")))
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
    // The command runs on a thread whose stack is known, like the pool's.
    let worker = std::thread::Builder::new().stack_size(STACK_BYTES).spawn(move || match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Timeline(args) => timeline::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Lsp(args) => crate::lsp::run(&args),
    });
    let exit = match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(exit)) => exit,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(e) => {
            output::err!("error: cannot start pacta's main thread: {e}");
            Exit::Internal
        }
    };
    if let Some(e) = output::write_failure() {
        output::err!("error: the report could not be written to standard output: {e}");
        return Exit::Internal.into();
    }
    exit.into()
}
