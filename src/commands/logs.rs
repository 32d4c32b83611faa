//! `watershed logs TARGET... [--since 15m] [--filter TERM] [--follow]`: a function's (or log
//! group's) events, redacted, oldest first; with `--follow`, keeps polling and prints new
//! events as they arrive without dropping late ones (see `telemetry::follow`).

use crate::cli::LogsArgs;
use crate::collect::CollectCtx;
use crate::collect::client::sdk_config;
use crate::error::{Error, Result};
use crate::telemetry::fetch;
use crate::telemetry::follow::Follower;
use std::io::Write;

/// A target's log group: a name starting with `/` is a group, else a function name.
fn group_of(target: &str) -> String {
    if target.starts_with('/') {
        target.to_string()
    } else {
        format!("/aws/lambda/{target}")
    }
}

/// Runs `logs`.
pub fn run(args: &LogsArgs) -> Result<i32> {
    let since = crate::util::duration_ms(&args.since).map_err(Error::Usage)?;
    let interval = crate::util::duration_ms(&args.interval)
        .or_else(|_| {
            args.interval
                .strip_suffix('s')
                .and_then(|n| n.parse::<i64>().ok())
                .map(|s| s * 1000)
                .ok_or(())
        })
        .map_err(|_| Error::Usage(format!("--interval {}: write e.g. 5s or 1m", args.interval)))?;
    let groups: Vec<String> = args.targets.iter().map(|t| group_of(t)).collect();
    let runtime = super::runtime()?;
    runtime.block_on(async {
        let sdk = sdk_config(&args.live.connection()).await;
        let region = sdk.region().map(|r| r.to_string()).unwrap_or_default();
        let ctx = CollectCtx::standalone(sdk, "", &region);
        let now = chrono::Utc::now().timestamp_millis();
        let mut follower = Follower::new(now - since);
        let mut polls = 0u64;
        loop {
            let end = chrono::Utc::now().timestamp_millis();
            let start = follower.window_start();
            let mut events = Vec::new();
            for g in &groups {
                events.extend(
                    fetch::log_events(&ctx, g, start, end, args.filter.as_deref())
                        .await
                        .map_err(Error::Usage)?,
                );
            }
            let mut out = std::io::stdout().lock();
            for e in follower.accept(events) {
                let at = chrono::DateTime::from_timestamp_millis(e.timestamp)
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
                    .unwrap_or_default();
                writeln!(out, "{at} {} {}", e.log_group, e.message.trim_end())
                    .map_err(|e| Error::Usage(format!("cannot write: {e}")))?;
            }
            out.flush().ok();
            polls += 1;
            if !args.follow || args.polls.is_some_and(|n| polls >= n) {
                return Ok(0);
            }
            tokio::time::sleep(std::time::Duration::from_millis(interval as u64)).await;
        }
    })
}
