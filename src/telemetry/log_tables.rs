//! Recorded log events straight into Arrow, in chunks, on every core: `log_events` batches
//! and the `lambda_invocations` parsed from the few lines they need (START, REPORT,
//! timeouts, runtime exits, platform records). Memory stays near the Arrow size of the
//! events: no whole-file string, no second copy of every message.

use super::lambda_logs::{Classified, Invocation, LogEvent, Streams, assemble, classify};
use super::log_rows;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

/// Lines per chunk (per batch).
const CHUNK: usize = 65_536;

/// The log tables of a recorded folder.
#[derive(Debug, Default)]
pub struct LogTables {
    /// `log_events`, one batch per chunk, in file order.
    pub batches: Vec<RecordBatch>,
    /// `lambda_invocations`, in batches.
    pub invocations: Vec<RecordBatch>,
    /// Invocations.
    pub invocation_count: usize,
    /// Events read.
    pub rows: usize,
}

/// What one chunk gives: its batch, its streams and the classified events invocations need
/// (stream indexes into the chunk's own stream list).
struct Chunk {
    batch: RecordBatch,
    streams: Vec<(String, String)>,
    records: Vec<Classified>,
}

/// One chunk of lines: rows to Arrow, and the events that matter to invocations classified
/// here, on the worker thread.
fn chunk(lines: &[(usize, String)], path: &Path) -> Result<Chunk, String> {
    let mut rows = Vec::with_capacity(lines.len());
    let mut streams = Streams::default();
    let mut records = Vec::new();
    for (n, line) in lines {
        let e: LogEvent = serde_json::from_str(line)
            .map_err(|err| format!("{}:{n}: malformed line: {err}", path.display()))?;
        let row = log_rows::row(&e);
        // App lines and END lines never change an invocation unless they carry a legacy
        // failure line; skip classifying them.
        let candidate = row.record_type != "app" && row.record_type != "END"
            || e.message.contains("Runtime.OutOfMemory");
        if candidate {
            let record = classify(&e);
            if record.matters() {
                records.push(Classified {
                    stream: streams.intern(&e.log_group, &e.log_stream),
                    timestamp: e.timestamp,
                    event_id: e.event_id,
                    record,
                });
            }
        }
        rows.push(row);
    }
    let batch = compact(crate::sql::arrow_rows::to_batch(&rows)?)?;
    Ok(Chunk {
        batch,
        streams: streams.list,
        records,
    })
}

/// Columns with few distinct values (groups, streams, functions, versions, environments,
/// record types, levels), dictionary-encoded: a large recording fits in far less memory.
const DICTIONARY_COLUMNS: &[&str] = &[
    "log_group",
    "log_stream",
    "function_name",
    "function_version",
    "exec_env_id",
    "level",
    "record_type",
];

/// The `log_events` schema of recorded telemetry: [`log_rows::LogEventRow`] with
/// [`DICTIONARY_COLUMNS`] dictionary-encoded.
pub fn schema() -> Result<SchemaRef, String> {
    let base =
        crate::sql::arrow_rows::schema_of::<log_rows::LogEventRow>().map_err(|e| e.to_string())?;
    let fields: Vec<Field> = base
        .fields()
        .iter()
        .map(|f| {
            if DICTIONARY_COLUMNS.contains(&f.name().as_str()) {
                Field::new(
                    f.name(),
                    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                    f.is_nullable(),
                )
            } else {
                f.as_ref().clone()
            }
        })
        .collect();
    Ok(Arc::new(Schema::new(fields)))
}

/// `batch` in [`schema`].
fn compact(batch: RecordBatch) -> Result<RecordBatch, String> {
    let schema = schema()?;
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(c, f)| cast(c, f.data_type()).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    RecordBatch::try_new(schema, columns).map_err(|e| e.to_string())
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
    let mut streams = Streams::default();
    let mut records: Vec<Classified> = Vec::new();
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
        let parts: Vec<Result<Chunk, String>> = std::thread::scope(|s| {
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
            let part = part?;
            out.batches.push(part.batch);
            // The chunk's stream indexes become indexes into the whole file's streams.
            let global: Vec<u32> = part
                .streams
                .iter()
                .map(|(g, st)| streams.intern(g, st))
                .collect();
            records.extend(part.records.into_iter().map(|mut r| {
                r.stream = global[r.stream as usize];
                r
            }));
        }
    }
    if out.batches.is_empty() {
        let empty = crate::sql::arrow_rows::to_batch::<log_rows::LogEventRow>(&[])?;
        out.batches.push(compact(empty)?);
    }
    let invocations = assemble(&streams.list, records);
    out.invocation_count = invocations.len();
    out.invocations = invocation_batches(invocations)?;
    Ok(out)
}

/// `invocations` as Arrow batches, freeing the rows as they are converted (a large
/// recording's invocations as Rust values take several times their Arrow size).
pub fn invocation_batches(mut invocations: Vec<Invocation>) -> Result<Vec<RecordBatch>, String> {
    let mut batches = Vec::new();
    let mut since_shrink = 0;
    while !invocations.is_empty() {
        let tail = invocations.split_off(invocations.len().saturating_sub(CHUNK));
        batches.push(crate::sql::arrow_rows::to_batch(&tail)?);
        drop(tail);
        since_shrink += 1;
        if since_shrink == 8 {
            invocations.shrink_to_fit();
            since_shrink = 0;
        }
    }
    if batches.is_empty() {
        batches.push(crate::sql::arrow_rows::to_batch::<Invocation>(&[])?);
    }
    batches.reverse();
    Ok(batches)
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
        let want = super::super::lambda_logs::invocations(&events);
        assert_eq!(t.invocation_count, want.len());
        let got: Vec<Invocation> = t
            .invocations
            .iter()
            .flat_map(|b| serde_arrow::from_record_batch::<Vec<Invocation>>(b).unwrap())
            .collect();
        assert_eq!(got, want);
        let rows: usize = t.batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(rows, events.len());
        let bad = tempfile::tempdir().unwrap();
        std::fs::write(bad.path().join("log_events.ndjson"), "{}\nnot json\n").unwrap();
        let err = read(bad.path()).unwrap_err();
        assert!(err.contains("log_events.ndjson:2: malformed line"), "{err}");
    }
}
