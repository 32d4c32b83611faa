//! Where a command's inventory comes from: `--snapshot FILE|DIR|demo`, or a live scan.

use crate::cli::SourceArgs;
use crate::demo::demo_snapshot;
use crate::error::{Error, Result};
use crate::model::Snapshot;
use std::path::Path;

/// The keyword that selects the embedded demo snapshot.
pub const DEMO: &str = "demo";

/// Loads the source of a command: `--snapshot demo`, a file (`.json`, `.json.gz`), a
/// directory of snapshot files, or (without `--snapshot`) a live scan with the live flags.
pub fn load(args: &SourceArgs) -> Result<Snapshot> {
    match args.snapshot.as_deref() {
        None => {
            let outcome = crate::commands::scan::collect_live(&args.live, 32, None)?;
            let gaps = outcome.snapshot.gaps().count();
            if gaps > 0 {
                tracing::warn!(
                    "the live scan has {gaps} coverage gap(s); results may be incomplete"
                );
            }
            Ok(outcome.snapshot)
        }
        Some(spec) => load_spec(spec),
    }
}

/// Loads a snapshot named on the command line: `demo`, a file (`.json`, `.json.gz`) or a
/// directory of snapshot files.
pub fn load_spec(spec: &str) -> Result<Snapshot> {
    if spec == DEMO {
        return Ok(demo_snapshot()?);
    }
    let p = Path::new(spec);
    if !p.exists() {
        return Err(Error::Usage(format!(
            "snapshot `{spec}` does not exist (use a snapshot file, a directory of them, or `demo`)"
        )));
    }
    Ok(Snapshot::load(p)?)
}

/// Where handler code comes from for a command: `--code-dir DIR`, else the demo's embedded
/// code with `--snapshot demo`, else the package cache a `--download-code` scan fills.
pub fn code_source(args: &SourceArgs) -> Result<crate::code::source::CodeSource> {
    code_source_for(
        args.snapshot.as_deref(),
        args.code_dir.as_deref(),
        args.live.code_cache.as_deref(),
    )
}

/// The code source for the snapshot `spec` (`demo`, a path, or `None` for live):
/// `code_dir` when given, the demo's embedded code for `demo`, else the package cache.
pub fn code_source_for(
    spec: Option<&str>,
    code_dir: Option<&Path>,
    code_cache: Option<&Path>,
) -> Result<crate::code::source::CodeSource> {
    use crate::code::source::CodeSource;
    match (code_dir, spec) {
        (Some(dir), _) if !dir.is_dir() => Err(Error::Usage(format!(
            "--code-dir {} is not a folder",
            dir.display()
        ))),
        (Some(dir), _) => Ok(CodeSource::Dir(dir.to_path_buf())),
        (None, Some(DEMO)) => Ok(CodeSource::Demo),
        // Packages a `--download-code` scan cached by CodeSha256.
        (None, _) => Ok(CodeSource::Cache(crate::code::source::default_cache(
            code_cache,
        ))),
    }
}
