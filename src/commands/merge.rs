//! `watershed merge A B … -o ORG.json`: per-account snapshots (an organisation scanned as
//! parallel jobs) into one, coverage kept, disagreements reported.

use crate::cli::MergeArgs;
use crate::error::{Error, Result};
use crate::model::Snapshot;
use crate::source;

/// Exit code with `--strict` when the inputs disagree.
pub const EXIT_CONFLICTS: i32 = 1;

/// Runs `merge`.
pub fn run(args: &MergeArgs) -> Result<i32> {
    if args.inputs.len() < 2 {
        return Err(Error::Usage(
            "merge needs at least two snapshots (files, directories, or `demo`)".into(),
        ));
    }
    let snapshots = args
        .inputs
        .iter()
        .map(|spec| source::load_spec(spec))
        .collect::<Result<Vec<Snapshot>>>()?;
    let (merged, conflicts) = Snapshot::merge(snapshots);
    merged.write(&args.output)?;
    for c in &conflicts {
        eprintln!("conflict: {c}");
    }
    let gaps = merged.gaps().count();
    eprintln!(
        "wrote {}: {} snapshots, {} resources, {} account(s), {} coverage cells ({gaps} gap(s)), {} conflict(s)",
        args.output.display(),
        args.inputs.len(),
        merged.resources.len(),
        merged.scan.accounts.len(),
        merged.coverage.len(),
        conflicts.len()
    );
    Ok(if args.strict && !conflicts.is_empty() {
        EXIT_CONFLICTS
    } else {
        0
    })
}
