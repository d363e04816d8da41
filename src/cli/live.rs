//! What `pacta check` shows while it works: each scenario's human report
//! as soon as it and every scenario before it are judged (so the output
//! is the same whatever the threads), and a progress bar on a terminal —
//! hidden when stderr is not one, in CI (`CI` set), with `TERM=dumb` and
//! with `--quiet`.

use std::io::{IsTerminal, Write as _};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::output::{Color, err_raw};
use crate::plan::Program;
use crate::report::ScenarioResult;
use crate::report::human::{self, Detail};

pub struct Live<'p> {
    program: &'p Program,
    /// Print each scenario's report (human output on stdout).
    print: bool,
    several: bool,
    detail: Detail,
    colors: (bool, bool),
    bar: Option<ProgressBar>,
    /// Wall time per scenario (`--verbose`): the only output that differs run to run.
    pub verbose: bool,
    /// Diagnostics shown so far (each is shown once).
    shown: human::Shown,
}

impl<'p> Live<'p> {
    pub fn new(program: &'p Program, total: usize, print: bool, detail: Detail, color: Color) -> Self {
        let bar = (total > 1 && detail != Detail::Quiet && wants_bar()).then(|| bar(total));
        let colors = (color.stdout(), color.stderr());
        Live { program, print, several: total > 1, detail, colors, bar, verbose: false, shown: human::Shown::default() }
    }

    /// One scenario judged, in input order, in `took` (shown with `--verbose`).
    pub fn done(&mut self, r: &ScenarioResult, took: std::time::Duration) {
        if self.print {
            // The findings go to stdout as they are written, not gathered
            // first: a large scenario's run to tens of megabytes.
            let errors = human::scenario_errors(r, self.colors.1, &mut self.shown);
            let write = || {
                err_raw!("{}", errors);
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                if let Err(e) = self.write(r, took, &mut out).and_then(|()| out.flush()) {
                    super::output::record(e);
                }
            };
            match &self.bar {
                Some(bar) => bar.suspend(write),
                None => write(),
            }
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// A scenario's stdout part, and with `--verbose` how long it took.
    fn write(
        &self,
        r: &ScenarioResult,
        took: std::time::Duration,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        human::write_scenario(self.program, r, self.several, self.detail, self.colors.0, out)?;
        if self.verbose {
            writeln!(out, "{}: judged in {} ms", crate::escape::terminal(&r.name), took.as_millis())?;
        }
        Ok(())
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A terminal that a person watches.
fn wants_bar() -> bool {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    std::io::stderr().is_terminal() && !ci && !dumb
}

fn bar(total: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("judging {pos}/{len} scenarios {wide_bar} {elapsed}") {
        bar.set_style(style);
    }
    bar
}
