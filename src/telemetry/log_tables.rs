//! Recorded log events straight into Arrow, in chunks, on every core: `log_events` batches
//! and the `lambda_invocations` parsed from the few lines they need (START, REPORT,
//! timeouts, runtime exits, platform records). Memory stays near the Arrow size of the
//! events: no whole-file string, no second copy of every message.

use super::lambda_logs::{Classified, Invocation, LogEvent, Streams, assemble, matters};
use super::log_rows;
use datafusion::arrow::array::{AsArray, StringArray};
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

/// What one chunk gives: its batch, its streams and the events invocations need (stream
/// indexes into the chunk's own stream list, positions the row in the batch).
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
    for (row, (n, line)) in lines.iter().enumerate() {
        let e: LogEvent = serde_json::from_str(line)
            .map_err(|err| format!("{}:{n}: malformed line: {err}", path.display()))?;
        if matters(&e.message) {
            records.push(Classified {
                stream: streams.intern(&e.log_group, &e.log_stream),
                timestamp: e.timestamp,
                position: row as u64,
            });
        }
        rows.push(log_rows::row(&e));
    }
    let batch = encode(crate::sql::arrow_rows::to_batch(&rows)?, &schema()?)?;
    Ok(Chunk {
        batch,
        streams: streams.list,
        records,
    })
}

/// `log_events` columns whose values repeat (groups, streams, functions, versions,
/// environments, record types, levels, and request ids: every line of an invocation
/// carries its id), dictionary-encoded: a large recording fits in far less memory.
const DICTIONARY_COLUMNS: &[&str] = &[
    "log_group",
    "log_stream",
    "function_name",
    "function_version",
    "exec_env_id",
    "request_id",
    "level",
    "record_type",
];

/// The `lambda_invocations` columns dictionary-encoded in recorded telemetry.
const INVOCATION_DICTIONARY_COLUMNS: &[&str] = &[
    "function_name",
    "function_version",
    "log_group",
    "log_stream",
    "exec_env_id",
    "status",
    "error_type",
    "log_format",
];

/// The schema of `T`'s table with `columns` dictionary-encoded (Int32 keys, Utf8 values).
fn dictionary_schema<T: serde::de::DeserializeOwned>(
    columns: &[&str],
) -> Result<SchemaRef, String> {
    let base = crate::sql::arrow_rows::schema_of::<T>().map_err(|e| e.to_string())?;
    let fields: Vec<Field> = base
        .fields()
        .iter()
        .map(|f| {
            if columns.contains(&f.name().as_str()) {
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

/// The `log_events` schema of recorded telemetry: [`log_rows::LogEventRow`] with
/// [`DICTIONARY_COLUMNS`] dictionary-encoded.
pub fn schema() -> Result<SchemaRef, String> {
    dictionary_schema::<log_rows::LogEventRow>(DICTIONARY_COLUMNS)
}

/// The `lambda_invocations` schema of recorded telemetry: [`Invocation`] with
/// [`INVOCATION_DICTIONARY_COLUMNS`] dictionary-encoded.
pub fn invocation_schema() -> Result<SchemaRef, String> {
    dictionary_schema::<Invocation>(INVOCATION_DICTIONARY_COLUMNS)
}

/// `batch` cast to `schema` (same columns, some dictionary-encoded), its buffers trimmed to
/// their length.
fn encode(batch: RecordBatch, schema: &SchemaRef) -> Result<RecordBatch, String> {
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(c, f)| cast(c, f.data_type()).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    drop(batch);
    let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| e.to_string())?;
    Ok(crate::sql::arrow_rows::shrink(batch))
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
            let batch_index = out.batches.len() as u64;
            out.batches.push(part.batch);
            // The chunk's stream indexes become indexes into the whole file's streams.
            let global: Vec<u32> = part
                .streams
                .iter()
                .map(|(g, st)| streams.intern(g, st))
                .collect();
            records.extend(part.records.into_iter().map(|mut r| {
                r.stream = global[r.stream as usize];
                r.position |= batch_index << 32;
                r
            }));
        }
    }
    if out.batches.is_empty() {
        let empty = crate::sql::arrow_rows::to_batch::<log_rows::LogEventRow>(&[])?;
        out.batches.push(encode(empty, &schema()?)?);
    }
    let (invocations, count) = assembled_invocations(&out.batches, &streams, records)?;
    out.invocations = invocations;
    out.invocation_count = count;
    Ok(out)
}

/// `column` of `batch` as strings.
fn strings<'a>(batch: &'a RecordBatch, column: &str) -> Result<&'a StringArray, String> {
    batch
        .column_by_name(column)
        .and_then(|c| c.as_string_opt::<i32>())
        .ok_or_else(|| format!("log_events has no text column {column}"))
}

/// The invocations of `records` (positions: batch index << 32 | row), read back from the
/// `log_events` batches and converted to Arrow [`CHUNK`] at a time as they are assembled.
fn assembled_invocations(
    batches: &[RecordBatch],
    streams: &Streams,
    records: Vec<Classified>,
) -> Result<(Vec<RecordBatch>, usize), String> {
    let columns = batches
        .iter()
        .map(|b| Ok((strings(b, "message")?, strings(b, "event_id")?)))
        .collect::<Result<Vec<_>, String>>()?;
    let event = |position: u64| {
        let (messages, ids) = columns[(position >> 32) as usize];
        let row = (position & 0xffff_ffff) as usize;
        (messages.value(row), ids.value(row))
    };
    let schema = invocation_schema()?;
    let mut out = Vec::new();
    let mut pending = Vec::with_capacity(CHUNK);
    let mut count = 0;
    assemble(&streams.list, records, event, |inv| {
        pending.push(inv);
        count += 1;
        if pending.len() == CHUNK {
            out.push(encode(
                crate::sql::arrow_rows::to_batch(&pending)?,
                &schema,
            )?);
            pending.clear();
        }
        Ok(())
    })?;
    if !pending.is_empty() || out.is_empty() {
        out.push(encode(
            crate::sql::arrow_rows::to_batch(&pending)?,
            &schema,
        )?);
    }
    Ok((out, count))
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
        let mut got: Vec<Invocation> = t
            .invocations
            .iter()
            .flat_map(|b| serde_arrow::from_record_batch::<Vec<Invocation>>(b).unwrap())
            .collect();
        got.sort_by(|a, b| (a.end_time, &a.request_id).cmp(&(b.end_time, &b.request_id)));
        assert_eq!(got, want);
        let rows: usize = t.batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(rows, events.len());
        let bad = tempfile::tempdir().unwrap();
        std::fs::write(bad.path().join("log_events.ndjson"), "{}\nnot json\n").unwrap();
        let err = read(bad.path()).unwrap_err();
        assert!(err.contains("log_events.ndjson:2: malformed line"), "{err}");
    }
}
