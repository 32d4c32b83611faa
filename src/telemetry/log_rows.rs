//! One `log_events` row per CloudWatch Logs event: the raw fields plus what Lambda's formats
//! say about the line (function, version, environment, request id, level, record type, X-Ray
//! trace id, the JSON object in it). Cheap by design: only lines that hold JSON are parsed.

use super::lambda_logs::LogEvent;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A `log_events` row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LogEventRow {
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
    /// Function name, from `/aws/lambda/<name>` (NULL for other groups).
    pub function_name: Option<String>,
    /// Function version, from the stream name `YYYY/MM/DD/[<version>]<env id>`.
    pub function_version: Option<String>,
    /// Execution environment id, from the stream name.
    pub exec_env_id: Option<String>,
    /// Request id: from START/END/REPORT, the runtime's line prefix, or a JSON `requestId`.
    pub request_id: Option<String>,
    /// Log level: from the runtime's line prefix or a JSON `level`.
    pub level: Option<String>,
    /// `START`, `END`, `REPORT`, `INIT_START`, `INIT_REPORT`, `platform.<type>`, `timeout`,
    /// `runtime_exit` or `app`.
    pub record_type: String,
    /// X-Ray trace id: REPORT's `XRAY TraceId`, `tracing.value` `Root=`, or a JSON
    /// `xray_trace_id`.
    pub xray_trace_id: Option<String>,
    /// The JSON object the line holds (after any runtime prefix), compact; read it with
    /// `json_get(json, 'a.b')`.
    pub json: Option<String>,
}

/// A request id looks like a UUID: 36 characters, four dashes.
fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.bytes().filter(|b| *b == b'-').count() == 4
}

const LEVELS: [&str; 7] = [
    "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL",
];

fn level_word(s: &str) -> Option<String> {
    let s = s.trim_matches(['[', ']']);
    LEVELS.contains(&s).then(|| s.to_string())
}

/// The string at `key` of a JSON object.
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Derives the row of one event.
pub fn row(e: &LogEvent) -> LogEventRow {
    let function_name = e.log_group.strip_prefix("/aws/lambda/").map(str::to_string);
    let last = e.log_stream.rsplit('/').next().unwrap_or_default();
    let (function_version, exec_env_id) = match last
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .filter(|_| function_name.is_some())
    {
        Some((v, env)) => (
            Some(v.to_string()),
            Some(env.to_string()).filter(|e| !e.is_empty()),
        ),
        None => (None, None),
    };
    let mut r = LogEventRow {
        log_group: e.log_group.clone(),
        log_stream: e.log_stream.clone(),
        timestamp: e.timestamp,
        ingestion_time: e.ingestion_time,
        message: e.message.clone(),
        event_id: e.event_id.clone(),
        function_name,
        function_version,
        exec_env_id,
        record_type: "app".into(),
        ..Default::default()
    };
    classify(&e.message, &mut r);
    r
}

/// Fills the line-derived fields of `r` from `m`.
fn classify(m: &str, r: &mut LogEventRow) {
    for (prefix, kind) in [
        ("START RequestId: ", "START"),
        ("END RequestId: ", "END"),
        ("REPORT RequestId: ", "REPORT"),
    ] {
        if let Some(rest) = m.strip_prefix(prefix) {
            r.record_type = kind.into();
            r.request_id = rest.split_whitespace().next().map(str::to_string);
            if kind == "REPORT" {
                r.xray_trace_id = rest
                    .split_once("XRAY TraceId: ")
                    .and_then(|(_, t)| t.split_whitespace().next())
                    .map(str::to_string);
            }
            return;
        }
    }
    if m.starts_with("INIT_START") || m.starts_with("INIT_REPORT") {
        r.record_type = m.split_whitespace().next().unwrap_or_default().to_string();
        return;
    }
    // Runtime prefixes: `[LEVEL]\t<ts>\t<id>\t<msg>` (Python), `<ts>\t<id>\t<LEVEL>\t<msg>`
    // (Node.js), `<ts> <id> Task timed out ...` (legacy).
    let mut body = m;
    let words: Vec<&str> = m.splitn(4, ['\t', ' ']).collect();
    if let Some(i) = words.iter().take(3).position(|w| uuid_like(w)) {
        r.request_id = Some(words[i].to_string());
        r.level = words.iter().take(4).find_map(|w| level_word(w));
        let skip = if i + 1 < words.len() && level_word(words[i + 1]).is_some() {
            i + 2
        } else {
            i + 1
        };
        body = words.get(skip).copied().unwrap_or_default();
        if skip < words.len() {
            // Keep everything after the prefix words (splitn left the tail whole).
            let offset = words[..skip].iter().map(|w| w.len() + 1).sum::<usize>();
            body = m.get(offset..).unwrap_or(body);
        }
    } else if let Some(level) = words.first().and_then(|w| level_word(w)) {
        r.level = Some(level);
    }
    if m.contains("Task timed out after") {
        r.record_type = "timeout".into();
    } else if m.contains("Runtime exited with error") {
        r.record_type = "runtime_exit".into();
    }
    let body = body.trim();
    if body.starts_with('{')
        && let Ok(v) = serde_json::from_str::<Value>(body)
        && v.is_object()
    {
        if let Some(t) = v.get("type").and_then(Value::as_str)
            && t.starts_with("platform.")
        {
            r.record_type = t.to_string();
            let record = v.get("record");
            r.request_id = record.and_then(|rec| text(rec, "requestId"));
            r.xray_trace_id = record
                .and_then(|rec| rec.get("tracing"))
                .and_then(|t| t.get("value"))
                .and_then(Value::as_str)
                .and_then(|t| t.split(';').find_map(|p| p.strip_prefix("Root=")))
                .map(str::to_string);
        } else {
            r.request_id = r.request_id.take().or_else(|| {
                text(&v, "requestId")
                    .or_else(|| text(&v, "function_request_id"))
                    .or_else(|| text(&v, "AWSRequestId"))
            });
            r.level = text(&v, "level")
                .map(|l| l.to_ascii_uppercase())
                .or(r.level.take());
            r.xray_trace_id = text(&v, "xray_trace_id");
        }
        r.json = Some(v.to_string());
    }
}

/// The rows of `events`, in their order.
pub fn rows(events: &[LogEvent]) -> Vec<LogEventRow> {
    events.iter().map(row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(group: &str, stream: &str, message: &str) -> LogEventRow {
        row(&LogEvent {
            log_group: group.into(),
            log_stream: stream.into(),
            message: message.into(),
            ..Default::default()
        })
    }

    const RID: &str = "6233ea68-899b-429e-99d5-6f4e3e4a881a";

    #[test]
    fn lambda_text_lines() {
        let g = "/aws/lambda/f";
        let s = "2026/11/29/[$LATEST]abc";
        let start = of(g, s, &format!("START RequestId: {RID} Version: $LATEST\n"));
        assert_eq!(start.record_type, "START");
        assert_eq!(start.request_id.as_deref(), Some(RID));
        assert_eq!(start.function_name.as_deref(), Some("f"));
        assert_eq!(start.function_version.as_deref(), Some("$LATEST"));
        assert_eq!(start.exec_env_id.as_deref(), Some("abc"));
        let report = of(
            g,
            s,
            &format!(
                "REPORT RequestId: {RID}\tDuration: 2.00 ms\t\nXRAY TraceId: 1-abc-def\tSegmentId: 1\t"
            ),
        );
        assert_eq!(report.record_type, "REPORT");
        assert_eq!(report.xray_trace_id.as_deref(), Some("1-abc-def"));
        let py = of(
            g,
            s,
            &format!("[ERROR]\t2026-11-29T11:00:00.000Z\t{RID}\tboom happened\n"),
        );
        assert_eq!(
            (
                py.level.as_deref(),
                py.request_id.as_deref(),
                py.record_type.as_str()
            ),
            (Some("ERROR"), Some(RID), "app")
        );
        let node = of(
            g,
            s,
            &format!("2026-11-29T11:00:00.000Z\t{RID}\tWARN\t{{\"a\":{{\"b\":1}}}}\n"),
        );
        assert_eq!(node.level.as_deref(), Some("WARN"));
        assert_eq!(node.json.as_deref(), Some(r#"{"a":{"b":1}}"#));
        let timeout = of(
            g,
            s,
            &format!("2026-11-29T11:00:00.000Z {RID} Task timed out after 3.00 seconds"),
        );
        assert_eq!(timeout.record_type, "timeout");
        assert_eq!(timeout.request_id.as_deref(), Some(RID));
        let killed = of(g, s, "Error: Runtime exited with error: signal: killed");
        assert_eq!(killed.record_type, "runtime_exit");
        assert_eq!(
            of(g, s, "INIT_START Runtime Version: python:3.12").record_type,
            "INIT_START"
        );
    }

    #[test]
    fn lambda_json_lines() {
        let g = "/aws/lambda/f";
        let report = of(
            g,
            "s",
            &format!(
                r#"{{"time":"t","type":"platform.report","record":{{"requestId":"{RID}","tracing":{{"type":"X-Amzn-Trace-Id","value":"Root=1-a-b;Parent=c;Sampled=1"}}}}}}"#
            ),
        );
        assert_eq!(report.record_type, "platform.report");
        assert_eq!(report.request_id.as_deref(), Some(RID));
        assert_eq!(report.xray_trace_id.as_deref(), Some("1-a-b"));
        let app = of(
            g,
            "s",
            &format!(
                r#"{{"level":"error","requestId":"{RID}","message":"x","xray_trace_id":"1-q-r"}}"#
            ),
        );
        assert_eq!(
            (
                app.level.as_deref(),
                app.request_id.as_deref(),
                app.xray_trace_id.as_deref()
            ),
            (Some("ERROR"), Some(RID), Some("1-q-r"))
        );
        assert!(app.json.is_some());
        let other = of("/ecs/web", "x", "GET / 200");
        assert_eq!(other.function_name, None);
        assert_eq!(other.record_type, "app");
        assert_eq!(other.json, None);
    }
}
