//! Where a command's telemetry comes from (a recorded folder, the demo, or live), and the
//! time window of live fetches: shared by `query`, `triage` and `record`.

use crate::cli::{LiveArgs, SourceArgs, WindowArgs};
use crate::collect::client::sdk_config;
use crate::error::{Error, Result};
use crate::model::Snapshot;
use crate::telemetry::live::{Confirm, LiveOptions, LiveSource};
use std::io::IsTerminal;
use std::sync::Arc;

/// The value of `--telemetry` that fetches live.
pub const LIVE: &str = "live";

/// True when `--telemetry live` was given.
pub fn is_live(args: &SourceArgs) -> bool {
    args.telemetry
        .as_deref()
        .is_some_and(|p| p.as_os_str() == LIVE)
}

/// A time: RFC 3339 or epoch milliseconds.
pub fn parse_time(text: &str) -> std::result::Result<i64, String> {
    if let Ok(ms) = text.parse::<i64>() {
        return Ok(ms);
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp_millis())
        .map_err(|e| format!("{text}: not an RFC 3339 time or epoch milliseconds ({e})"))
}

/// The window `[start, end]` (epoch ms) the flags give, ending at `now` by default.
pub fn window(args: &WindowArgs, now: i64) -> Result<(i64, i64)> {
    let end = match &args.to {
        Some(t) => parse_time(t).map_err(|e| Error::Usage(format!("--to {e}")))?,
        None => now,
    };
    let start = match &args.from {
        Some(t) => parse_time(t).map_err(|e| Error::Usage(format!("--from {e}")))?,
        None => end - crate::util::duration_ms(&args.since).map_err(Error::Usage)?,
    };
    if start > end {
        return Err(Error::Usage("--from is after --to".into()));
    }
    Ok((start, end))
}

/// The live telemetry source for `snapshot`'s resources in the caller's account (the
/// snapshot's first account).
pub async fn live_source(
    snapshot: &Snapshot,
    live: &LiveArgs,
    args: &WindowArgs,
) -> Result<Arc<LiveSource>> {
    let now = chrono::Utc::now().timestamp_millis();
    let window = window(args, now)?;
    let sdk = sdk_config(&live.connection()).await;
    let confirm = if args.yes {
        Confirm::Yes
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        Confirm::Ask
    } else {
        Confirm::Refuse
    };
    let mut source = LiveSource::new(
        &snapshot.resources,
        LiveOptions {
            sdk,
            account: snapshot.scan.accounts.first().cloned().unwrap_or_default(),
            window,
            cache_dir: crate::telemetry::cache::default_dir(args.telemetry_cache.as_deref()),
            confirm,
            max_calls: args.max_calls,
            insights_above: args.insights_above,
        },
    );
    if let Some(target) = &args.downstream_of {
        let topology = crate::graph::Topology::from_inventory(&snapshot.resources);
        let node = topology.resolve(target).map_err(Error::Usage)?;
        let reach = topology.downstream(&node.id);
        source.restrict(&crate::telemetry::metrics::names_of(
            &snapshot.resources,
            &reach,
        ));
    }
    Ok(Arc::new(source))
}

/// One stderr line: the calls live telemetry made and the ranges the cache served.
pub fn report_calls(source: &LiveSource) {
    let calls: Vec<String> = source
        .stats
        .snapshot()
        .iter()
        .map(|((_, op), s)| format!("{op} {}", s.calls))
        .collect();
    eprintln!(
        "live telemetry: {} API calls{}, {} log ranges from the cache, {} log scans through Logs Insights",
        source.stats.totals().calls,
        if calls.is_empty() {
            String::new()
        } else {
            format!(" ({})", calls.join(", "))
        },
        source.cached_ranges(),
        source.insights_scans()
    );
}
