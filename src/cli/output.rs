//! Output settings shared by subcommands: format and colour.

use std::io::IsTerminal;

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
    Gitlab,
    Markdown,
    Concise,
    Html,
}

impl Format {
    /// The name on the command line: `json`, `sarif`, …
    pub fn name(self) -> String {
        self.to_possible_value().map_or_else(String::new, |v| v.get_name().to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// `always` and `never` decide; `auto` follows the environment (see
    /// [`auto`]).
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => auto(terminal, |name| std::env::var_os(name)),
        }
    }

    pub fn stdout(self) -> bool {
        self.enabled(std::io::stdout().is_terminal())
    }

    pub fn stderr(self) -> bool {
        self.enabled(std::io::stderr().is_terminal())
    }
}

/// `--color auto`: colour on a terminal that is not `TERM=dumb`, or
/// anywhere when `FORCE_COLOR` or `CLICOLOR_FORCE` is set (CI logs render
/// ANSI though they are no terminal); never when `NO_COLOR` is set, which
/// wins over both, as in the `anstream` crate: a user's "no colour"
/// stands unless the command line says `--color always`. Empty values
/// count as unset, and a forcing `0` as well. `var` reads the environment.
fn auto(terminal: bool, var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
    let forced = |name: &str| var(name).is_some_and(|v| !v.is_empty() && v != "0");
    if set("NO_COLOR") {
        return false;
    }
    if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") {
        return true;
    }
    terminal && var("TERM").is_none_or(|t| t != "dumb")
}

/// `text` in green (`ok`) or red (`FAILED`) when `on`, as `cargo test`
/// colours its verdicts.
pub fn paint(text: &str, colour: Paint, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    let code = match colour {
        Paint::Green => 32,
        Paint::Red => 31,
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Green,
    Red,
}

/// What went wrong writing the report, remembered until the command ends:
/// a report that did not reach its reader must not end in exit code 0 or 1.
static WRITE_FAILED: std::sync::Mutex<Option<std::io::Error>> = std::sync::Mutex::new(None);

/// Writes `text` to stdout. A closed pipe (`pacta check … | head`) ends
/// the output quietly, as in other Unix tools; any other failure (a full
/// disk) is kept for [`write_failure`].
pub fn write_stdout(text: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    if let Err(e) = std::io::stdout().lock().write_fmt(text) {
        record(e);
    }
}

/// Writes to stderr; failures there cannot be reported anywhere.
pub fn write_stderr(text: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_fmt(text);
}

/// Keeps the first write error (a closed pipe is no error).
pub fn record(e: std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return;
    }
    if let Ok(mut first) = WRITE_FAILED.lock() {
        first.get_or_insert(e);
    }
}

/// Flushes stdout and returns the first error met writing it, if any.
pub fn write_failure() -> Option<std::io::Error> {
    use std::io::Write as _;
    if let Err(e) = std::io::stdout().lock().flush() {
        record(e);
    }
    WRITE_FAILED.lock().ok().and_then(|mut e| e.take())
}

/// In a GitHub Actions step, appends `markdown` to the job summary
/// (`$GITHUB_STEP_SUMMARY`), where the whole report fits when the
/// annotations are capped.
pub fn step_summary(markdown: &str) {
    use std::io::Write as _;
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else { return };
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(markdown.as_bytes()));
    if let Err(e) = written {
        write_stderr(format_args!("warning: cannot write the step summary to {}: {e}\n", path.to_string_lossy()));
    }
}

macro_rules! out_raw {
    ($($arg:tt)*) => {
        $crate::cli::output::write_stdout(format_args!($($arg)*))
    };
}
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::output::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}
macro_rules! err_raw {
    ($($arg:tt)*) => {
        $crate::cli::output::write_stderr(format_args!($($arg)*))
    };
}
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::cli::output::write_stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use {err, err_raw, out, out_raw};

#[cfg(test)]
mod tests {
    use super::auto;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<std::ffi::OsString> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.into())
    }

    #[test]
    fn auto_colour_follows_the_terminal_and_the_environment() {
        assert!(auto(true, env(&[])));
        assert!(!auto(false, env(&[])));
        assert!(!auto(true, env(&[("TERM", "dumb")])));
        assert!(auto(true, env(&[("NO_COLOR", "")])));
        assert!(!auto(true, env(&[("NO_COLOR", "1")])));
        for force in ["FORCE_COLOR", "CLICOLOR_FORCE"] {
            assert!(auto(false, env(&[(force, "1")])), "{force}");
            assert!(auto(true, env(&[(force, "1"), ("TERM", "dumb")])), "{force}");
            assert!(!auto(false, env(&[(force, "0")])), "{force}");
            assert!(!auto(false, env(&[(force, "")])), "{force}");
            assert!(!auto(false, env(&[(force, "1"), ("NO_COLOR", "1")])), "{force}");
        }
    }
}
