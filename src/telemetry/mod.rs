//! Telemetry: CloudWatch Logs events turned into facts (Lambda invocations first).
//!
//! Owns: parsing Lambda's log formats ([`lambda_logs`]). Not for: fetching logs or SQL tables
//! (later parts of the telemetry work).

pub mod fetch;
pub mod lambda_logs;

use lambda_logs::LogEvent;
use std::path::Path;

/// The file of recorded log events in a telemetry folder.
pub const LOG_EVENTS_FILE: &str = "log_events.ndjson";

/// The demo estate's recorded hour of Lambda logs (`scripts/gen-demo-telemetry.py`).
const DEMO_LOG_EVENTS: &str = include_str!("../../fixtures/demo/telemetry/log_events.ndjson");

/// Reads `DIR/log_events.ndjson` (`demo`: the demo estate's embedded telemetry); a malformed
/// line is an error naming the file and line.
pub fn read_log_events(dir: &Path) -> Result<Vec<LogEvent>, String> {
    let path = dir.join(LOG_EVENTS_FILE);
    let text = if dir.as_os_str() == crate::source::DEMO {
        DEMO_LOG_EVENTS.to_string()
    } else {
        std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read telemetry {}: {e}", path.display()))?
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map_err(|e| format!("{}:{}: malformed log event: {e}", path.display(), i + 1))
        })
        .collect()
}
