//! Files read on the user's behalf. A run reads what the command line
//! names, and what those files name in turn (`import`, `include:`) or
//! what a directory walk finds. Only the command line is trusted: a path
//! found in a file or a walk must be a regular file inside the project
//! ([`Access`]), symbolic links resolved first, and no file is read past
//! a size cap ([`Kind::max_bytes`]). A walk never follows a link to a
//! directory, so a link cycle cannot make it loop.

mod access;
mod overlay;
mod read;
mod walk;

pub use access::Access;
pub use overlay::{Overlay, read_overlaid};
pub use read::{Kind, Origin, ReadError, STDIN_NAME, is_stdin, read, stdin};
pub use walk::walk;
