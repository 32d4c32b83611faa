//! Recorded log events straight into Arrow, in chunks, on every core: `log_events` batches
//! and the `lambda_invocations` parsed from the few lines they need (START, REPORT,
//! timeouts, runtime exits, platform records). Memory stays near the Arrow size of the
//! events: no whole-file string, no second copy of every message.

use super::lambda_logs::{Invocation, LogEvent, invocations};
use super::log_rows;
use datafusion::arrow::record_batch::RecordBatch;
use std::io::BufRead;
use std::path::Path;

/// Lines per chunk (per batch).
const CHUNK: usize = 65_536;

/// The log tables of a recorded folder.
#[derive(Debug, Default)]
pub struct LogTables {
    /// `log_events`, one batch per chunk, in file order.
    pub batches: Vec<RecordBatch>,
    /// `lambda_invocations`.
    pub invocations: Vec<Invocation>,
    /// Events read.
    pub rows: usize,
}

/// Record types the invocation parser reads.
fn feeds_invocations(record_type: &str) -> bool {
    matches!(
        record_type,
        "START" | "REPORT" | "timeout" | "runtime_exit" | "platform.start" | "platform.report"
    ) || record_type == "app"
}

/// One chunk: its batch and the events the invocation parser needs.
fn chunk(lines: &[(usize, String)], path: &Path) -> Result<(RecordBatch, Vec<LogEvent>), String> {
    let mut rows = Vec::with_capacity(lines.len());
    let mut keep = Vec::new();
    for (n, line) in lines {
        let e: LogEvent = serde_json::from_str(line)
            .map_err(|err| format!("{}:{n}: malformed line: {err}", path.display()))?;
        let row = log_rows::row(&e);
        // App lines matter only when they carry a legacy failure line.
        if feeds_invocations(&row.record_type)
            && (row.record_type != "app" || e.message.contains("Runtime.OutOfMemory"))
        {
            keep.push(e);
        }
        rows.push(row);
    }
    let batch = crate::sql::arrow_rows::to_batch(&rows)?;
    Ok((batch, keep))
}

/// Reads `DIR/log_events.ndjson` (`demo`: the embedded hour) into [`LogTables`].
pub fn read(dir: &Path) -> Result<LogTables, String> {
    let path = dir.join(super::LOG_EVENTS_FILE);
    let reader: Box<dyn BufRead> = if dir.as_os_str() == crate::source::DEMO {
        Box::new(std::io::Cursor::new(super::demo_file(
            super::LOG_EVENTS_FILE,
        )))
    } else {
        let f = std::fs::File::open(&path)
            .map_err(|e| format!("cannot read telemetry {}: {e}", path.display()))?;
        Box::new(std::io::BufReader::with_capacity(1 << 20, f))
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut out = LogTables::default();
    let mut kept = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::with_capacity(CHUNK * threads);
    let mut lines = reader.lines().enumerate();
    loop {
        pending.clear();
        for (i, line) in lines.by_ref() {
            let line =
                line.map_err(|e| format!("cannot read telemetry {}: {e}", path.display()))?;
            if !line.trim().is_empty() {
                pending.push((i + 1, line));
            }
            if pending.len() == CHUNK * threads {
                break;
            }
        }
        if pending.is_empty() {
            break;
        }
        out.rows += pending.len();
        let parts: Vec<Result<(RecordBatch, Vec<LogEvent>), String>> = std::thread::scope(|s| {
            let handles: Vec<_> = pending
                .chunks(CHUNK)
                .map(|part| s.spawn(|| chunk(part, &path)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("log parser panicked".into()))
                })
                .collect()
        });
        for part in parts {
            let (batch, mut keep) = part?;
            out.batches.push(batch);
            kept.append(&mut keep);
        }
    }
    if out.batches.is_empty() {
        out.batches
            .push(crate::sql::arrow_rows::to_batch::<log_rows::LogEventRow>(
                &[],
            )?);
    }
    out.invocations = invocations(&kept);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed tables equal the ones built from every event in memory.
    #[test]
    fn streamed_tables_match_the_in_memory_ones() {
        let dir = Path::new(crate::source::DEMO);
        let events = super::super::read_log_events(dir).unwrap();
        let t = read(dir).unwrap();
        assert_eq!(t.rows, events.len());
        assert_eq!(t.invocations, invocations(&events));
        let rows: usize = t.batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(rows, events.len());
        let bad = tempfile::tempdir().unwrap();
        std::fs::write(bad.path().join("log_events.ndjson"), "{}\nnot json\n").unwrap();
        let err = read(bad.path()).unwrap_err();
        assert!(err.contains("log_events.ndjson:2: malformed line"), "{err}");
    }
}
