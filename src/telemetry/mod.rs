//! Telemetry: CloudWatch Logs events, CloudWatch metrics and X-Ray traces as rows, recorded
//! to and replayed from a folder of NDJSON files.
//!
//! Owns: parsing Lambda's log formats ([`lambda_logs`], [`log_rows`]), the metric and trace
//! rows ([`metrics`], [`xray`]), live fetching ([`fetch`]) and the recorded folder
//! ([`Telemetry`]). Not for: SQL tables (see `sql::session`).

pub mod cache;
pub mod fetch;
pub mod follow;
pub mod lambda_logs;
pub mod live;
pub mod log_rows;
pub mod log_tables;
pub mod metrics;
pub mod pushdown;
pub mod xray;

use lambda_logs::LogEvent;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The file of recorded log events in a telemetry folder.
pub const LOG_EVENTS_FILE: &str = "log_events.ndjson";
/// Recorded metric datapoints.
pub const METRIC_DATAPOINTS_FILE: &str = "metric_datapoints.ndjson";
/// Recorded ListMetrics entries.
pub const METRICS_CATALOG_FILE: &str = "metrics_catalog.ndjson";
/// Recorded X-Ray trace summaries.
pub const TRACE_SUMMARIES_FILE: &str = "xray_trace_summaries.ndjson";
/// Recorded X-Ray segment documents.
pub const SEGMENT_DOCUMENTS_FILE: &str = "xray_segment_documents.ndjson";

/// The demo estate's recorded hour (`scripts/gen-demo-telemetry.py`), by file name.
const DEMO_FILES: &[(&str, &str)] = &[
    (
        LOG_EVENTS_FILE,
        include_str!("../../fixtures/demo/telemetry/log_events.ndjson"),
    ),
    (
        METRIC_DATAPOINTS_FILE,
        include_str!("../../fixtures/demo/telemetry/metric_datapoints.ndjson"),
    ),
    (
        METRICS_CATALOG_FILE,
        include_str!("../../fixtures/demo/telemetry/metrics_catalog.ndjson"),
    ),
    (
        TRACE_SUMMARIES_FILE,
        include_str!("../../fixtures/demo/telemetry/xray_trace_summaries.ndjson"),
    ),
    (
        SEGMENT_DOCUMENTS_FILE,
        include_str!("../../fixtures/demo/telemetry/xray_segment_documents.ndjson"),
    ),
];

/// Everything recorded about a time window: logs, metrics and traces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Telemetry {
    /// CloudWatch Logs events.
    pub log_events: Vec<LogEvent>,
    /// Metric datapoints.
    pub metric_datapoints: Vec<metrics::MetricDatapoint>,
    /// ListMetrics entries.
    pub metrics_catalog: Vec<metrics::MetricInfo>,
    /// X-Ray trace summaries.
    pub trace_summaries: Vec<xray::TraceSummary>,
    /// X-Ray segment documents.
    pub segment_documents: Vec<xray::SegmentDocument>,
}

impl Telemetry {
    /// Reads a telemetry folder (`demo`: the demo estate's embedded hour). `log_events.ndjson`
    /// is required; the metric and trace files are optional. A malformed line is an error
    /// naming the file and line.
    pub fn read(dir: &Path) -> Result<Telemetry, String> {
        Ok(Telemetry {
            log_events: read_file(dir, LOG_EVENTS_FILE, true)?,
            ..Telemetry::read_without_logs(dir)?
        })
    }

    /// Like [`Telemetry::read`] without the log events (read them with [`log_tables`]).
    pub fn read_without_logs(dir: &Path) -> Result<Telemetry, String> {
        Ok(Telemetry {
            log_events: Vec::new(),
            metric_datapoints: read_file(dir, METRIC_DATAPOINTS_FILE, false)?,
            metrics_catalog: read_file(dir, METRICS_CATALOG_FILE, false)?,
            trace_summaries: read_file(dir, TRACE_SUMMARIES_FILE, false)?,
            segment_documents: read_file(dir, SEGMENT_DOCUMENTS_FILE, false)?,
        })
    }

    /// Writes every file of the folder `dir` (each atomically).
    pub fn write(&self, dir: &Path) -> Result<(), String> {
        write_file(dir, LOG_EVENTS_FILE, &self.log_events)?;
        write_file(dir, METRIC_DATAPOINTS_FILE, &self.metric_datapoints)?;
        write_file(dir, METRICS_CATALOG_FILE, &self.metrics_catalog)?;
        write_file(dir, TRACE_SUMMARIES_FILE, &self.trace_summaries)?;
        write_file(dir, SEGMENT_DOCUMENTS_FILE, &self.segment_documents)
    }
}

/// Reads `DIR/log_events.ndjson` alone (`demo` for the demo estate's).
pub fn read_log_events(dir: &Path) -> Result<Vec<LogEvent>, String> {
    read_file(dir, LOG_EVENTS_FILE, true)
}

/// The embedded demo file `name` (empty when there is none).
fn demo_file(name: &str) -> &'static [u8] {
    DEMO_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.as_bytes())
        .unwrap_or_default()
}

fn read_file<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    required: bool,
) -> Result<Vec<T>, String> {
    let path = dir.join(name);
    let text = if dir.as_os_str() == crate::source::DEMO {
        String::from_utf8_lossy(demo_file(name)).into_owned()
    } else {
        match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => String::new(),
            Err(e) => return Err(format!("cannot read telemetry {}: {e}", path.display())),
        }
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map_err(|e| format!("{}:{}: malformed line: {e}", path.display(), i + 1))
        })
        .collect()
}

fn write_file<T: Serialize>(dir: &Path, name: &str, rows: &[T]) -> Result<(), String> {
    let path = dir.join(name);
    crate::util::write_atomically(&path, |w| {
        for r in rows {
            serde_json::to_writer(&mut *w, r)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })
    .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
