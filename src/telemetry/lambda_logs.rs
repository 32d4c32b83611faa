//! Lambda log lines to invocations: the text START/END/REPORT lines (with the X-Ray line inside
//! REPORT, SnapStart restore fields, `Status:`/`Error Type:`), the legacy failure lines (`Task
//! timed out after`, `Runtime exited with error: signal: killed`), and the JSON log format's
//! `platform.start`/`platform.report` records. One [`Invocation`] per request id.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// One CloudWatch Logs event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LogEvent {
    /// Log group name.
    pub log_group: String,
    /// Log stream name.
    pub log_stream: String,
    /// Event time, epoch milliseconds.
    pub timestamp: i64,
    /// Ingestion time, epoch milliseconds.
    pub ingestion_time: Option<i64>,
    /// The message.
    pub message: String,
    /// Event id (the de-duplication key).
    pub event_id: String,
}

/// One Lambda invocation, from its REPORT (or `platform.report`) and sibling events.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Invocation {
    /// Function name (from `/aws/lambda/<name>`, or the group name).
    pub function_name: String,
    /// Function version (from the stream name `YYYY/MM/DD/[<version>]<env id>` or START).
    pub function_version: Option<String>,
    /// Log group.
    pub log_group: String,
    /// Log stream.
    pub log_stream: String,
    /// Execution environment id (from the stream name).
    pub exec_env_id: Option<String>,
    /// Request id.
    pub request_id: String,
    /// START time, epoch milliseconds.
    pub start_time: Option<i64>,
    /// REPORT time, epoch milliseconds.
    pub end_time: i64,
    /// Duration.
    pub duration_ms: f64,
    /// Billed duration.
    pub billed_duration_ms: Option<i64>,
    /// Configured memory.
    pub memory_size_mb: Option<i64>,
    /// Peak memory.
    pub max_memory_used_mb: Option<i64>,
    /// Init duration (cold starts).
    pub init_duration_ms: Option<f64>,
    /// SnapStart restore duration.
    pub restore_duration_ms: Option<f64>,
    /// SnapStart billed restore duration.
    pub billed_restore_duration_ms: Option<f64>,
    /// Init or restore present, or the first REPORT of its execution environment.
    pub cold_start: bool,
    /// `success`, `error`, `failure`, `timeout`, or NULL (legacy text lines without status).
    pub status: Option<String>,
    /// `Runtime.OutOfMemory`, `Runtime.ExitError`, ...
    pub error_type: Option<String>,
    /// Timed out (status, or a `Task timed out after` line).
    pub timed_out: bool,
    /// Out of memory (error type, `signal: killed`, or peak memory at the limit).
    pub oom: bool,
    /// X-Ray trace id.
    pub xray_trace_id: Option<String>,
    /// X-Ray segment id.
    pub xray_segment_id: Option<String>,
    /// X-Ray sampled.
    pub xray_sampled: Option<bool>,
    /// `text` or `json`.
    pub log_format: String,
    /// The REPORT event's id.
    pub report_event_id: String,
}

/// What the analysis of one event found.
#[derive(Debug)]
pub(crate) enum Record {
    Start {
        request_id: String,
        version: Option<String>,
    },
    Report(Box<Invocation>),
    Timeout {
        request_id: Option<String>,
    },
    Killed {
        request_id: Option<String>,
    },
    Other,
}

/// The function name and, from the stream, version and environment id.
fn names(group: &str, stream: &str) -> (String, Option<String>, Option<String>) {
    let function = group
        .strip_prefix("/aws/lambda/")
        .unwrap_or(group)
        .to_string();
    // YYYY/MM/DD/[<version>]<env id>
    let last = stream.rsplit('/').next().unwrap_or_default();
    let (version, env) = match last.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((v, e)) => (
            Some(v.to_string()),
            Some(e.to_string()).filter(|e| !e.is_empty()),
        ),
        None => (None, None),
    };
    (function, version, env)
}

fn number(text: &str) -> Option<f64> {
    text.split_whitespace().next()?.parse().ok()
}

fn parse_text_report(message: &str) -> Option<Invocation> {
    let rest = message.strip_prefix("REPORT RequestId: ")?;
    let mut inv = Invocation {
        log_format: "text".into(),
        ..Default::default()
    };
    let mut fields = rest
        .split(['\t', '\n'])
        .map(str::trim)
        .filter(|f| !f.is_empty());
    inv.request_id = fields.next()?.to_string();
    for field in fields {
        let Some((key, value)) = field.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "Duration" => inv.duration_ms = number(value)?,
            "Billed Duration" => inv.billed_duration_ms = number(value).map(|v| v as i64),
            "Memory Size" => inv.memory_size_mb = number(value).map(|v| v as i64),
            "Max Memory Used" => inv.max_memory_used_mb = number(value).map(|v| v as i64),
            "Init Duration" => inv.init_duration_ms = number(value),
            "Restore Duration" => inv.restore_duration_ms = number(value),
            "Billed Restore Duration" => inv.billed_restore_duration_ms = number(value),
            "Status" => inv.status = Some(value.to_string()),
            "Error Type" => inv.error_type = Some(value.to_string()),
            "XRAY TraceId" => inv.xray_trace_id = Some(value.to_string()),
            "SegmentId" => inv.xray_segment_id = Some(value.to_string()),
            "Sampled" => inv.xray_sampled = Some(value.eq_ignore_ascii_case("true")),
            _ => {}
        }
    }
    Some(inv)
}

/// A part of an `X-Amzn-Trace-Id` value (`Root`, `Sampled`).
fn trace_part(tracing: Option<&Value>, key: &str) -> Option<String> {
    let value = tracing?.get("value")?.as_str()?;
    value
        .split(';')
        .find_map(|p| p.strip_prefix(key)?.strip_prefix('='))
        .map(str::to_string)
}

fn parse_json(message: &str) -> Option<Record> {
    let v: Value = serde_json::from_str(message.trim()).ok()?;
    let record = v.get("record")?;
    match v.get("type")?.as_str()? {
        "platform.start" => Some(Record::Start {
            request_id: record.get("requestId")?.as_str()?.to_string(),
            version: record
                .get("version")
                .and_then(Value::as_str)
                .map(str::to_string),
        }),
        "platform.report" => {
            let m = record.get("metrics")?;
            let f = |k: &str| m.get(k).and_then(Value::as_f64);
            Some(Record::Report(Box::new(Invocation {
                request_id: record.get("requestId")?.as_str()?.to_string(),
                duration_ms: f("durationMs")?,
                billed_duration_ms: f("billedDurationMs").map(|v| v as i64),
                memory_size_mb: f("memorySizeMB").map(|v| v as i64),
                max_memory_used_mb: f("maxMemoryUsedMB").map(|v| v as i64),
                init_duration_ms: f("initDurationMs"),
                restore_duration_ms: f("restoreDurationMs"),
                status: record
                    .get("status")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                error_type: record
                    .get("errorType")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                xray_trace_id: trace_part(record.get("tracing"), "Root"),
                xray_sampled: trace_part(record.get("tracing"), "Sampled").map(|s| s == "1"),
                log_format: "json".into(),
                ..Default::default()
            })))
        }
        _ => Some(Record::Other),
    }
}

/// The request id in a runtime line `<ts>\t<request id>\t...` (or `[LEVEL]\t<ts>\t<id>\t...`).
fn prefixed_request_id(message: &str) -> Option<String> {
    let parts: Vec<&str> = message.splitn(4, '\t').collect();
    parts
        .iter()
        .take(3)
        .find(|p| p.len() == 36 && p.chars().filter(|c| *c == '-').count() == 4)
        .map(|p| p.to_string())
}

/// What `message` (one event's text) says about invocations.
pub(crate) fn classify(m: &str) -> Record {
    if m.starts_with('{') {
        return parse_json(m).unwrap_or(Record::Other);
    }
    if let Some(rest) = m.strip_prefix("START RequestId: ") {
        let mut it = rest.split_whitespace();
        let request_id = it.next().unwrap_or_default().to_string();
        let version = rest
            .split_once("Version: ")
            .map(|(_, v)| v.split_whitespace().next().unwrap_or_default().to_string());
        return Record::Start {
            request_id,
            version,
        };
    }
    if m.starts_with("REPORT RequestId: ") {
        return parse_text_report(m)
            .map(|i| Record::Report(Box::new(i)))
            .unwrap_or(Record::Other);
    }
    if m.contains("Task timed out after") {
        return Record::Timeout {
            request_id: prefixed_request_id(m),
        };
    }
    if m.contains("Runtime exited with error: signal: killed") || m.contains("Runtime.OutOfMemory")
    {
        return Record::Killed {
            request_id: prefixed_request_id(m),
        };
    }
    Record::Other
}

/// One event that matters to invocations: where it is and when. What it says is read again
/// from the event at assembly, so millions of these stay small (no copy of any text).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Classified {
    /// Index into the stream table.
    pub stream: u32,
    /// Event time.
    pub timestamp: i64,
    /// Where the event is, for the event lookup passed to [`assemble`].
    pub position: u64,
}

/// Log streams numbered in order of first sight: (group, stream) pairs.
#[derive(Debug, Default)]
pub(crate) struct Streams {
    /// The pairs, by number.
    pub list: Vec<(String, String)>,
    index: HashMap<(String, String), u32>,
}

impl Streams {
    /// The number of `group`/`stream`, new or not.
    pub fn intern(&mut self, group: &str, stream: &str) -> u32 {
        if let Some(n) = self.index.get(&(group.to_string(), stream.to_string())) {
            return *n;
        }
        let n = self.list.len() as u32;
        self.list.push((group.to_string(), stream.to_string()));
        self.index
            .insert((group.to_string(), stream.to_string()), n);
        n
    }
}

impl Record {
    /// True for records the invocation assembly uses.
    pub(crate) fn matters(&self) -> bool {
        !matches!(self, Record::Other)
    }
}

/// True when `message` may change an invocation: cheap text checks first (app lines and END
/// lines never do unless they carry a legacy failure line), the full [`classify`] after.
pub(crate) fn matters(message: &str) -> bool {
    let candidate = message.starts_with('{')
        || message.starts_with("START ")
        || message.starts_with("REPORT ")
        || message.contains("Task timed out after")
        || message.contains("Runtime exited with error: signal: killed")
        || message.contains("Runtime.OutOfMemory");
    candidate && classify(message).matters()
}

/// The invocations in `events` (any order; each stream is read in time order), sorted by
/// end time and request id.
pub fn invocations(events: &[LogEvent]) -> Vec<Invocation> {
    let mut streams = Streams::default();
    let mut records = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if matters(&e.message) {
            records.push(Classified {
                stream: streams.intern(&e.log_group, &e.log_stream),
                timestamp: e.timestamp,
                position: i as u64,
            });
        }
    }
    let mut out = Vec::new();
    let event = |p: u64| {
        let e = &events[p as usize];
        (e.message.as_str(), e.event_id.as_str())
    };
    assemble(&streams.list, records, event, |inv| {
        out.push(inv);
        Ok(())
    })
    .expect("collecting into a list cannot fail");
    out.sort_by(|a, b| (a.end_time, &a.request_id).cmp(&(b.end_time, &b.request_id)));
    out
}

/// Assembles invocations from the classified `records` of the streams `streams` (group,
/// stream), reading each event's (message, event id) through `event`, and hands each
/// invocation to `emit` as soon as it is complete, stream by stream (so a caller can turn
/// them into Arrow batches without holding them all).
pub(crate) fn assemble<'a>(
    streams: &[(String, String)],
    mut records: Vec<Classified>,
    event: impl Fn(u64) -> (&'a str, &'a str),
    mut emit: impl FnMut(Invocation) -> Result<(), String>,
) -> Result<(), String> {
    // Streams in any order, each in time order; ties by event id.
    records.sort_unstable_by(|a, b| {
        (a.stream, a.timestamp)
            .cmp(&(b.stream, b.timestamp))
            .then_with(|| event(a.position).1.cmp(event(b.position).1))
    });
    let mut rest = records.into_iter().peekable();
    while let Some(first) = rest.next() {
        let sid = first.stream;
        let (group, stream) = (&streams[sid as usize].0, &streams[sid as usize].1);
        let (function, stream_version, env) = names(group, stream);
        let mut starts: HashMap<String, (i64, Option<String>)> = HashMap::new();
        let mut timeouts: Vec<Option<String>> = Vec::new();
        let mut killed: Vec<Option<String>> = Vec::new();
        let mut current: Option<String> = None;
        let mut reports = 0usize;
        let mut item = Some(first);
        while let Some(c) = item {
            let (message, event_id) = event(c.position);
            match classify(message) {
                Record::Start {
                    request_id,
                    version,
                } => {
                    current = Some(request_id.clone());
                    starts.insert(request_id, (c.timestamp, version));
                }
                Record::Timeout { request_id } => {
                    timeouts.push(request_id.or_else(|| current.clone()))
                }
                Record::Killed { request_id } => {
                    killed.push(request_id.or_else(|| current.clone()))
                }
                Record::Report(inv) => {
                    let mut inv = *inv;
                    reports += 1;
                    let start = starts.remove(&inv.request_id);
                    inv.function_name = function.clone();
                    inv.log_group = group.to_string();
                    inv.log_stream = stream.to_string();
                    inv.exec_env_id = env.clone();
                    inv.function_version = start
                        .as_ref()
                        .and_then(|(_, v)| v.clone())
                        .or_else(|| stream_version.clone());
                    inv.start_time = start.map(|(t, _)| t);
                    inv.end_time = c.timestamp;
                    inv.report_event_id = event_id.to_string();
                    inv.cold_start = inv.init_duration_ms.is_some()
                        || inv.restore_duration_ms.is_some()
                        || (reports == 1 && env.is_some());
                    let id = Some(inv.request_id.clone());
                    inv.timed_out =
                        inv.status.as_deref() == Some("timeout") || timeouts.contains(&id);
                    let was_killed = killed.contains(&id);
                    inv.oom = inv.error_type.as_deref() == Some("Runtime.OutOfMemory")
                        || was_killed
                        || (inv.max_memory_used_mb.is_some()
                            && inv.max_memory_used_mb == inv.memory_size_mb);
                    if inv.status.is_none() && inv.timed_out {
                        inv.status = Some("timeout".into());
                    }
                    // `Runtime exited with error: signal: killed` reports Runtime.ExitError.
                    if was_killed && inv.error_type.is_none() {
                        inv.error_type = Some("Runtime.ExitError".into());
                    }
                    // Only the current request's failure lines can still apply.
                    timeouts.retain(|t| t.as_ref() != id.as_ref());
                    killed.retain(|t| t.as_ref() != id.as_ref());
                    emit(inv)?;
                }
                Record::Other => {}
            }
            item = rest.next_if(|n| n.stream == sid);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parser corpus (`fixtures/telemetry/parser/`): every text and JSON variant, with the
    /// exact invocation rows expected.
    #[test]
    fn corpus_yields_exactly_the_expected_invocations() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/telemetry/parser");
        let events: Vec<LogEvent> = std::fs::read_to_string(format!("{dir}/log_events.ndjson"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let want: Vec<Invocation> = serde_json::from_str(
            &std::fs::read_to_string(format!("{dir}/invocations.json")).unwrap(),
        )
        .unwrap();
        let got = invocations(&events);
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "request {}", w.request_id);
        }
        // Order of arrival does not matter.
        let mut shuffled = events.clone();
        shuffled.reverse();
        assert_eq!(invocations(&shuffled), got);
    }

    #[test]
    fn names_from_group_and_stream() {
        assert_eq!(
            names("/aws/lambda/f", "2026/11/29/[$LATEST]abc"),
            (
                "f".to_string(),
                Some("$LATEST".to_string()),
                Some("abc".to_string())
            )
        );
        assert_eq!(
            names("custom-group", "stream"),
            ("custom-group".to_string(), None, None)
        );
    }
}
