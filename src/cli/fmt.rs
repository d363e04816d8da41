//! `pacta fmt [PATH…] [--check]`: rule files in the canonical layout
//! (`crate::fmt`), rewritten in place; standard input (`-`, or no path)
//! formatted to standard output. With `--check` nothing is written: a
//! unified diff of each file that would change, and exit code 1. A file
//! that does not parse is reported as `pacta check` reports it (exit
//! code 2) and left as it is; the others are still formatted.

use std::path::{Path, PathBuf};

use super::Exit;
use super::output::{Color, err, err_raw, out_raw};
use crate::Error;
use crate::fmt::FmtError;
use crate::input::{self, Access, Kind, Origin};
use crate::report::{Diagnostic, human::Human};
use crate::span::Sources;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rule files, or directories searched for `*.pacta`; `-` (or no
    /// path): standard input, formatted to standard output.
    paths: Vec<PathBuf>,
    /// Write nothing: print a unified diff of each file that would change
    /// and exit with 1 if any would.
    #[arg(long)]
    check: bool,
    /// When to colour the errors.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

/// A text to format: standard input, or a file and how it was named.
enum Target {
    Stdin,
    File(PathBuf, Origin),
}

pub fn run(args: &Args) -> Exit {
    let named: Vec<&Path> = args.paths.iter().map(PathBuf::as_path).filter(|p| !is_dash(p)).collect();
    let access = Access::within(named.iter().copied());
    let mut exit = Exit::Compliant;
    let mut changed = 0;
    for target in targets(&args.paths, &access, &mut exit, args.color) {
        let outcome = match &target {
            Target::Stdin => input::stdin(Kind::Rules).map(|t| (Path::new(input::STDIN_NAME), t)),
            Target::File(path, origin) => input::read(path, Kind::Rules, *origin, &access).map(|t| (path.as_path(), t)),
        };
        let result = match outcome {
            Ok((path, text)) => one(args, &target, path, &text),
            Err(error) => Err(report_read(path_of(&target), error, args.color)),
        };
        match result {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(e) => exit = worse(exit, e),
        }
    }
    if args.check && changed > 0 {
        err!("{} would be reformatted", crate::report::human::count(changed, "file"));
        exit = worse(exit, Exit::Violations);
    }
    exit
}

/// Formats one text; whether it changed (or would, with `--check`).
fn one(args: &Args, target: &Target, path: &Path, text: &str) -> Result<bool, Exit> {
    let formatted = match crate::fmt::format_source(text) {
        Ok(f) => f,
        Err(FmtError::Syntax(errors)) => return Err(report_syntax(path, text, errors, args.color)),
        Err(e @ FmtError::Unsafe(_)) => {
            err!("error: {}: {e}", path.display());
            return Err(Exit::Internal);
        }
    };
    let changed = formatted != text;
    if args.check {
        if changed {
            let name = path.display().to_string();
            let diff = similar::TextDiff::from_lines(text, &formatted);
            out_raw!("{}", diff.unified_diff().context_radius(3).header(&name, &name));
        }
        return Ok(changed);
    }
    match target {
        Target::Stdin => out_raw!("{formatted}"),
        Target::File(..) if changed => {
            if let Err(e) = std::fs::write(path, &formatted) {
                err!("error: cannot write {}: {e}", path.display());
                return Err(Exit::Internal);
            }
        }
        Target::File(..) => {}
    }
    Ok(changed)
}

/// Standard input, the files named and the `*.pacta` files under the
/// directories named, in that order; unreadable entries are reported.
fn targets(paths: &[PathBuf], access: &Access, exit: &mut Exit, color: Color) -> Vec<Target> {
    if paths.is_empty() {
        return vec![Target::Stdin];
    }
    let mut out = Vec::new();
    for path in paths {
        if is_dash(path) {
            out.push(Target::Stdin);
        } else if path.is_dir() {
            let mut unreadable = Vec::new();
            let found = input::walk(path, &["pacta"], access, &mut unreadable);
            if found.is_empty() && unreadable.is_empty() {
                unreadable.push((path.clone(), input::ReadError::NothingFound { ext: "pacta" }));
            }
            for (p, e) in unreadable {
                *exit = worse(*exit, report_read(&p, e, color));
            }
            out.extend(found.into_iter().map(|p| Target::File(p, Origin::Untrusted)));
        } else {
            out.push(Target::File(path.clone(), Origin::CommandLine));
        }
    }
    out
}

fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn path_of(target: &Target) -> &Path {
    match target {
        Target::Stdin => Path::new(input::STDIN_NAME),
        Target::File(p, _) => p,
    }
}

fn report_read(path: &Path, error: input::ReadError, color: Color) -> Exit {
    let e = Error::Read { path: path.display().to_string(), error };
    show(&Sources::new(), &[Diagnostic::from(&e)], color);
    Exit::InvalidInput
}

fn report_syntax(path: &Path, text: &str, errors: Vec<crate::syntax::SyntaxError>, color: Color) -> Exit {
    let mut sources = Sources::new();
    // The errors' spans are in file 0, the one the formatter parsed.
    sources.add(path.to_path_buf(), text.to_string());
    let diags: Vec<Diagnostic> = errors.into_iter().map(|e| Diagnostic::from(&Error::Syntax(e))).collect();
    show(&sources, &diags, color);
    Exit::InvalidInput
}

fn show(sources: &Sources, diags: &[Diagnostic], color: Color) {
    let h = Human { sources, color: color.stderr() };
    for d in diags {
        err_raw!("{}", h.diagnostic(d));
    }
}

/// The exit code of two outcomes together: internal errors, then invalid
/// input, then files to reformat.
fn worse(a: Exit, b: Exit) -> Exit {
    if (b as u8) > (a as u8) { b } else { a }
}
