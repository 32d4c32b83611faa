//! `watershed record --since 1h -o DIR`: a live scan plus the Lambda functions' recent log
//! events (redacted), written as `DIR/snapshot.json` and `DIR/log_events.ndjson` for offline
//! triage (`--snapshot DIR/snapshot.json --telemetry DIR`), fixtures and bug reports.

use crate::cli::RecordArgs;
use crate::collect::CollectCtx;
use crate::collect::client::{AwsTarget, sdk_config, with_region};
use crate::error::{Error, Result};
use crate::telemetry::LOG_EVENTS_FILE;

/// Runs `record`.
pub fn run(args: &RecordArgs) -> Result<i32> {
    let window = crate::util::duration_ms(&args.since).map_err(Error::Usage)?;
    std::fs::create_dir_all(&args.output)
        .map_err(|e| Error::Usage(format!("cannot create {}: {e}", args.output.display())))?;
    let outcome = super::scan::collect_live(&args.live, 32, None)?;
    let snapshot = outcome.snapshot;
    let multi_account = !args.live.role_arns.is_empty() || args.live.org_role.is_some();
    let caller_account = snapshot.scan.accounts.first().cloned().unwrap_or_default();
    let runtime = super::runtime()?;
    let now = chrono::Utc::now().timestamp_millis();
    let (events, skipped) = runtime.block_on(async {
        let sdk = sdk_config(&AwsTarget {
            profile: args.live.profile.clone(),
            region: args.live.region.clone(),
            endpoint_url: args.live.endpoint_url.clone(),
            ..Default::default()
        })
        .await;
        let mut events = Vec::new();
        let mut skipped = 0usize;
        for f in &snapshot.resources.lambda_functions {
            let mut parts = f.arn.split(':');
            let (region, account) = (
                parts.nth(3).unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            // Logs are read with the caller's own credentials: other accounts are skipped.
            if multi_account && account != caller_account {
                skipped += 1;
                continue;
            }
            let group = f
                .logging
                .log_group
                .clone()
                .unwrap_or_else(|| format!("/aws/lambda/{}", f.name));
            let ctx = CollectCtx::standalone(with_region(&sdk, region), account, region);
            match crate::telemetry::fetch::log_events(&ctx, &group, now - window, now).await {
                Ok(mut e) => events.append(&mut e),
                Err(e) => tracing::warn!("function {}: {e}", f.name),
            }
        }
        (events, skipped)
    });
    let snapshot_path = args.output.join("snapshot.json");
    snapshot.write(&snapshot_path)?;
    let log_path = args.output.join(LOG_EVENTS_FILE);
    crate::util::write_atomically(&log_path, |w| {
        for e in &events {
            serde_json::to_writer(&mut *w, e)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })
    .map_err(|e| Error::Usage(format!("cannot write {}: {e}", log_path.display())))?;
    eprintln!(
        "recorded {} resources and {} log events into {}{}",
        snapshot.resources.len(),
        events.len(),
        args.output.display(),
        if skipped > 0 {
            format!(
                " ({skipped} functions in other accounts skipped: their logs need those accounts' credentials)"
            )
        } else {
            String::new()
        }
    );
    Ok(0)
}
