//! Output settings shared by subcommands: format and colour.

use std::io::IsTerminal;

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn stdout(self) -> bool {
        self.enabled(std::io::stdout().is_terminal())
    }

    pub fn stderr(self) -> bool {
        self.enabled(std::io::stderr().is_terminal())
    }
}
