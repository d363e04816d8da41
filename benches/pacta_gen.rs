//! `pacta-gen`: writes a synthetic scenario for benchmarking article 4.
//!
//! ```text
//! cargo run --release --example pacta-gen -- --facts 100000 --seed 7 > big.yaml
//! cargo run --release --example pacta-gen -- --facts 100000 --seed 7 --json > big.json
//! ```
//!
//! An example rather than a binary, so that `cargo install` installs only
//! `pacta`.
//!
//! The same fact count and seed always give the same file. See
//! `benches/generator.rs` for what the file holds.

#[allow(dead_code, reason = "the bench uses more of the generator than this binary")]
#[path = "generator.rs"]
mod generator;

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Writes a synthetic scenario (states, deployments, consents) for article 4
/// of draft B, deterministically for a seed.
#[derive(Debug, Parser)]
#[command(name = "pacta-gen")]
struct Args {
    /// Total number of facts (states + deployments + consents); at least 100.
    #[arg(long, default_value_t = 100_000)]
    facts: usize,
    /// Seed of the pseudo-random stream.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Write JSON (`*.json` scenarios) instead of YAML: the same facts.
    #[arg(long)]
    json: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.facts < generator::MIN_FACTS {
        eprintln!("error: --facts must be at least {}", generator::MIN_FACTS);
        return ExitCode::from(2);
    }
    let result = match &args.output {
        Some(path) => std::fs::File::create(path).and_then(|f| emit(f, &args)),
        None => emit(std::io::stdout().lock(), &args),
    };
    match result {
        Ok(summary) => {
            eprintln!(
                "pacta-gen: {} facts ({} states, {} deployments, {} consents), {} bytes",
                summary.facts(),
                summary.states,
                summary.deployments,
                summary.consents,
                summary.bytes
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn emit<W: Write>(out: W, args: &Args) -> std::io::Result<generator::Summary> {
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let style = if args.json { generator::Style::Json } else { generator::Style::Yaml };
    let summary = generator::write_as(style, &mut out, args.facts, args.seed)?;
    out.flush()?;
    Ok(summary)
}
