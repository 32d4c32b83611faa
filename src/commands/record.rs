//! `watershed record --since 1h -o DIR`: a live scan plus the window's telemetry (the
//! functions' log events, redacted; the triage metrics of every resource; X-Ray traces;
//! the metrics catalog), written as `DIR/snapshot.json` and the telemetry NDJSON files for
//! offline triage (`--snapshot DIR/snapshot.json --telemetry DIR`), fixtures and bug reports.

use super::telemetry_source;
use crate::cli::RecordArgs;
use crate::error::{Error, Result};

/// Runs `record`.
pub fn run(args: &RecordArgs) -> Result<i32> {
    // Checked before the scan: a bad window should not cost one.
    telemetry_source::window(&args.window, 0)?;
    std::fs::create_dir_all(&args.output)
        .map_err(|e| Error::Usage(format!("cannot create {}: {e}", args.output.display())))?;
    let outcome = super::scan::collect_live(&args.live, 32, None)?;
    let snapshot = outcome.snapshot;
    let caller_account = snapshot.scan.accounts.first().cloned().unwrap_or_default();
    let skipped = snapshot
        .resources
        .lambda_functions
        .iter()
        .filter(|f| f.arn.split(':').nth(4) != Some(caller_account.as_str()))
        .count();
    let runtime = super::runtime()?;
    let (telemetry, source) = runtime.block_on(async {
        let source = telemetry_source::live_source(&snapshot, &args.live, &args.window).await?;
        let telemetry = source.collect(None, true).await.map_err(Error::Usage)?;
        Ok::<_, Error>((telemetry, source))
    })?;
    snapshot.write(&args.output.join("snapshot.json"))?;
    telemetry.write(&args.output).map_err(Error::Usage)?;
    telemetry_source::report_calls(&source);
    eprintln!(
        "recorded {} resources, {} log events, {} metric datapoints and {} traces into {}{}",
        snapshot.resources.len(),
        telemetry.log_events.len(),
        telemetry.metric_datapoints.len(),
        telemetry.trace_summaries.len(),
        args.output.display(),
        if skipped > 0 {
            format!(
                " ({skipped} functions in other accounts skipped: their telemetry needs those accounts' credentials)"
            )
        } else {
            String::new()
        }
    );
    Ok(0)
}
