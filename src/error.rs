//! The one error type the binary reports, and its exit codes.
//!
//! Every layer has its own error type; they convert into [`Error`] here, and `main` prints
//! it as one line (`error: ...`) with [`Error::exit_code`].

use crate::model::SnapshotError;
use std::path::PathBuf;

/// Exit code: usage or input error.
pub const EXIT_INPUT: i32 = 2;

/// A user-facing error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad combination of arguments, or an argument that names nothing.
    #[error("{0}")]
    Usage(String),
    /// A snapshot could not be loaded or written.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// An output file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// SQL that could not be planned or run (with DataFusion's position when it has one).
    #[error("{0}")]
    Sql(#[from] crate::sql::SqlError),
    /// A rule failed to plan or run, or a rule file is broken.
    #[error(transparent)]
    Lint(#[from] crate::lint::LintError),
    /// A rule file could not be loaded.
    #[error(transparent)]
    RuleFile(#[from] crate::lint::rule::RuleFileError),
    /// The project configuration (`.watershed.toml`) could not be used.
    #[error(transparent)]
    Config(#[from] crate::lint::suppress::ConfigError),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        EXIT_INPUT
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
