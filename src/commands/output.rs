//! Writing command output: to stdout, or atomically to a file.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `text` to `path` (atomically) or to stdout.
pub fn emit(text: &str, path: Option<&Path>) -> Result<()> {
    match path {
        Some(p) => {
            crate::util::write_atomically(p, |w| w.write_all(text.as_bytes())).map_err(|source| {
                Error::Write {
                    path: p.to_path_buf(),
                    source,
                }
            })
        }
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
                    path: "<stdout>".into(),
                    source: e,
                }),
                _ => Ok(()),
            }
        }
    }
}
