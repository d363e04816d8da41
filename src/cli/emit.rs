//! Writing a `check` report from one evaluation: the format asked for on
//! stdout, and each `--output FORMAT=PATH` to its file, so CI gets human
//! text, SARIF and JUnit without judging three times.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::output::{Color, Format, err_raw, out_raw};
use crate::report::{self, RunReport};

/// Where one report goes: `--output sarif=pacta.sarif`, or `-o FILE` for
/// the `--format` one.
#[derive(Debug, Clone)]
pub struct Output {
    /// `None`: the run's `--format`.
    pub format: Option<Format>,
    pub path: PathBuf,
}

/// Parses `FORMAT=PATH`, or a bare `PATH`.
pub fn output(text: &str) -> Result<Output, String> {
    if let Some((name, path)) = text.split_once('=')
        && let Ok(format) = Format::from_str(name, true)
    {
        if path.is_empty() {
            return Err(format!("no file after `{name}=`"));
        }
        return Ok(Output { format: Some(format), path: PathBuf::from(path) });
    }
    if text.is_empty() {
        return Err("expected FORMAT=PATH or PATH".into());
    }
    Ok(Output { format: None, path: PathBuf::from(text) })
}

/// What every rendering of one run shares.
pub struct Report<'r, 'p> {
    pub run: &'r RunReport<'p>,
    /// Only rule files were given: the human report is one summary line.
    pub rules_only: bool,
    /// Where SARIF and GitLab paths start.
    pub root: &'r Path,
    /// Errors stopped the run before any verdict: JSON's `summary` is null.
    pub stopped: bool,
}

impl Report<'_, '_> {
    /// The report in `format` on stdout (human: diagnostics on stderr).
    pub fn to_stdout(&self, format: Format, color: Color) {
        if format == Format::Human {
            let (stdout, stderr) = report::human::run(self.run, color.stdout(), color.stderr());
            err_raw!("{stderr}");
            out_raw!("{}", if self.rules_only { self.rules_summary() } else { stdout });
            return;
        }
        // Streamed: a closed pipe ends the output, as with `out!`.
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        if let Err(e) = self.write(format, &mut stdout).and_then(|()| stdout.flush()) {
            super::output::record(e);
        }
    }

    /// The report in `format` to a file (human: without colour, the
    /// diagnostics first).
    pub fn to_file(&self, format: Format, path: &Path) -> Result<(), String> {
        let fail = |e: std::io::Error| format!("cannot write the {} report to {}: {e}", format.name(), path.display());
        let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(fail)?);
        let written = if format == Format::Human {
            let (stdout, stderr) = report::human::run(self.run, false, false);
            let body = if self.stopped {
                format!("{}; nothing was evaluated\n", report::human::count(self.run.summary().errors, "error"))
            } else if self.rules_only {
                self.rules_summary()
            } else {
                stdout
            };
            file.write_all(stderr.as_bytes()).and_then(|()| file.write_all(body.as_bytes()))
        } else {
            self.write(format, &mut file)
        };
        written.and_then(|()| file.flush()).map_err(fail)
    }

    /// A machine format or Markdown, whole.
    fn write(&self, format: Format, out: &mut dyn Write) -> std::io::Result<()> {
        let run = self.run;
        match format {
            Format::Json if self.stopped => writeln!(out, "{:#}", report::json::errors(run.rules, &run.diagnostics)),
            Format::Json => report::json::write_run(run, out),
            Format::Sarif => report::sarif::write(run, self.root, out),
            Format::Gitlab => writeln!(out, "{:#}", report::gitlab::run(run, self.root)),
            Format::Junit => out.write_all(report::junit::check(run).as_bytes()),
            Format::Github => out.write_all(report::github::run(run).as_bytes()),
            Format::Markdown => out.write_all(report::markdown::run(run).as_bytes()),
            Format::Html => out.write_all(report::html::run(run).as_bytes()),
            Format::Concise => out.write_all(report::concise::run(run).as_bytes()),
            Format::Human => out.write_all(report::human::run(run, false, false).0.as_bytes()),
        }
    }

    /// `3 treaties, 40 clauses, 25 definitions: 0 errors, 1 warning`.
    fn rules_summary(&self) -> String {
        let p = self.run.program;
        let s = self.run.summary();
        let count = report::human::count;
        format!(
            "{}, {}, {}: {}, {}\n",
            count(p.treaties.len(), "treaty"),
            count(p.clauses.len(), "clause"),
            count(p.defs.len(), "definition"),
            count(s.errors, "error"),
            count(s.warnings, "warning")
        )
    }
}
