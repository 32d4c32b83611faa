//! `watershed scan`: live collection into a snapshot.

use crate::cli::ScanArgs;
use crate::error::{Error, Result};

/// Runs a scan. The multi-service scheduler is not in this build.
pub fn run(_args: &ScanArgs) -> Result<i32> {
    Err(Error::NotYetAvailable {
        command: "scan",
        hint: "live collection of every service is not in this build; use --snapshot demo with the other commands",
    })
}
