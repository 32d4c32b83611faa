//! Where a command's inventory comes from: `--snapshot FILE|DIR|demo`, or a live scan.

use crate::demo::demo_snapshot;
use crate::error::{Error, Result};
use crate::model::Snapshot;
use std::path::Path;

/// The keyword that selects the embedded demo snapshot.
pub const DEMO: &str = "demo";

/// Loads the snapshot named by `--snapshot`: `demo`, a file (`.json`, `.json.gz`) or a
/// directory of snapshot files. Without `--snapshot`, commands would scan live; that path
/// is owned by `watershed scan`.
pub fn load(snapshot: Option<&str>) -> Result<Snapshot> {
    match snapshot {
        Some(DEMO) => Ok(demo_snapshot()?),
        Some(path) => {
            let p = Path::new(path);
            if !p.exists() {
                return Err(Error::Usage(format!(
                    "snapshot `{path}` does not exist (use a snapshot file, a directory of them, or `demo`)"
                )));
            }
            Ok(Snapshot::load(p)?)
        }
        None => Err(Error::NotYetAvailable {
            command: "scan",
            hint: "live scanning is not in this build; pass --snapshot FILE or --snapshot demo",
        }),
    }
}
