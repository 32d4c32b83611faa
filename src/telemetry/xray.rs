//! X-Ray as rows: `xray_trace_summaries` (GetTraceSummaries) and `xray_segments` (the
//! BatchGetTraces segment documents, flattened recursively through their subsegments).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One trace summary.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TraceSummary {
    /// Trace id (`1-<8 hex epoch>-<24 hex>`).
    pub trace_id: String,
    /// Trace start, epoch milliseconds (from the id's epoch seconds when not given).
    pub trace_start: i64,
    /// Duration, seconds.
    pub duration_s: Option<f64>,
    /// Response time, seconds.
    pub response_time_s: Option<f64>,
    /// A fault (5xx) anywhere in the trace.
    pub has_fault: bool,
    /// An error (4xx).
    pub has_error: bool,
    /// A throttle (429).
    pub has_throttle: bool,
    /// Some segments were not yet received.
    pub is_partial: bool,
    /// HTTP method of the entry request.
    pub http_method: Option<String>,
    /// URL of the entry request.
    pub http_url: Option<String>,
    /// HTTP status of the entry request.
    pub http_status: Option<i64>,
    /// Entry point service name.
    pub entry_point: Option<String>,
    /// Services the trace went through.
    pub service_names: Vec<String>,
    /// Services named as the root cause of faults or errors.
    pub root_cause_services: Vec<String>,
    /// Annotations, as a JSON object.
    pub annotations: Option<String>,
}

/// One segment document as BatchGetTraces returns it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SegmentDocument {
    /// Trace id.
    pub trace_id: String,
    /// Segment id.
    pub segment_id: String,
    /// The segment document (JSON text).
    pub document: String,
}

/// One segment or subsegment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SegmentRow {
    /// Trace id.
    pub trace_id: String,
    /// Segment or subsegment id.
    pub segment_id: String,
    /// Parent id (the enclosing segment for subsegments, or `parent_id`).
    pub parent_id: Option<String>,
    /// Id of the top-level segment this row belongs to.
    pub root_segment_id: String,
    /// 0 for a segment, 1.. for nested subsegments.
    pub depth: i64,
    /// A subsegment.
    pub is_subsegment: bool,
    /// Inferred by X-Ray (a downstream node).
    pub inferred: bool,
    /// Name (service or call).
    pub name: String,
    /// `AWS::Lambda::Function`, `AWS::Lambda`, ...
    pub origin: Option<String>,
    /// `aws` or `remote` for downstream calls.
    pub namespace: Option<String>,
    /// Start, epoch milliseconds.
    pub start_time: i64,
    /// End, epoch milliseconds (NULL in progress).
    pub end_time: Option<i64>,
    /// Duration, milliseconds.
    pub duration_ms: Option<f64>,
    /// Still in progress.
    pub in_progress: bool,
    /// Fault (5xx).
    pub fault: bool,
    /// Error (4xx).
    pub error: bool,
    /// Throttle (429).
    pub throttle: bool,
    /// HTTP method.
    pub http_method: Option<String>,
    /// HTTP URL.
    pub http_url: Option<String>,
    /// HTTP response status.
    pub http_status: Option<i64>,
    /// AWS operation (`PutItem`, `Invoke`, ...).
    pub aws_operation: Option<String>,
    /// AWS request id.
    pub aws_request_id: Option<String>,
    /// AWS region.
    pub aws_region: Option<String>,
    /// Table, queue or function the call named.
    pub aws_resource: Option<String>,
    /// Resource ARN of the segment.
    pub resource_arn: Option<String>,
    /// First exception message of `cause`.
    pub cause: Option<String>,
    /// Annotations, as a JSON object.
    pub annotations: Option<String>,
}

fn s(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    match cur {
        Value::String(x) => Some(x.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn ms(v: Option<&Value>) -> Option<i64> {
    v?.as_f64().map(|secs| (secs * 1000.0).round() as i64)
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Flattens every document of `docs` into segment rows; a document that is not JSON is an
/// error naming its trace and segment.
pub fn segments(docs: &[SegmentDocument]) -> Result<Vec<SegmentRow>, String> {
    let mut out = Vec::new();
    for d in docs {
        let v: Value = serde_json::from_str(&d.document).map_err(|e| {
            format!(
                "trace {} segment {}: malformed segment document: {e}",
                d.trace_id, d.segment_id
            )
        })?;
        let root = s(&v, &["id"]).unwrap_or_else(|| d.segment_id.clone());
        walk(&v, &d.trace_id, &root, None, 0, &mut out);
    }
    Ok(out)
}

fn walk(
    v: &Value,
    trace_id: &str,
    root: &str,
    parent: Option<&str>,
    depth: i64,
    out: &mut Vec<SegmentRow>,
) {
    let id = s(v, &["id"]).unwrap_or_default();
    let start = ms(v.get("start_time")).unwrap_or_default();
    let end = ms(v.get("end_time"));
    let cause = v.get("cause").and_then(|c| {
        c.get("exceptions")
            .and_then(Value::as_array)
            .and_then(|ex| ex.first())
            .and_then(|e| s(e, &["message"]).or_else(|| s(e, &["type"])))
            .or_else(|| c.as_str().map(str::to_string))
    });
    let aws_resource = [
        "table_name",
        "queue_url",
        "function_name",
        "topic_arn",
        "resource_names",
    ]
    .iter()
    .find_map(|k| match v.get("aws")?.get(k)? {
        Value::String(x) => Some(x.clone()),
        Value::Array(items) => items.first()?.as_str().map(str::to_string),
        _ => None,
    });
    out.push(SegmentRow {
        trace_id: trace_id.to_string(),
        segment_id: id.clone(),
        parent_id: parent.map(str::to_string).or_else(|| s(v, &["parent_id"])),
        root_segment_id: root.to_string(),
        depth,
        is_subsegment: depth > 0 || s(v, &["type"]).as_deref() == Some("subsegment"),
        inferred: flag(v, "inferred"),
        name: s(v, &["name"]).unwrap_or_default(),
        origin: s(v, &["origin"]),
        namespace: s(v, &["namespace"]),
        start_time: start,
        end_time: end,
        duration_ms: end.map(|e| (e - start) as f64),
        in_progress: flag(v, "in_progress"),
        fault: flag(v, "fault"),
        error: flag(v, "error"),
        throttle: flag(v, "throttle"),
        http_method: s(v, &["http", "request", "method"]),
        http_url: s(v, &["http", "request", "url"]),
        http_status: v
            .get("http")
            .and_then(|h| h.get("response"))
            .and_then(|r| r.get("status"))
            .and_then(Value::as_i64),
        aws_operation: s(v, &["aws", "operation"]),
        aws_request_id: s(v, &["aws", "request_id"]),
        aws_region: s(v, &["aws", "region"]),
        aws_resource,
        resource_arn: s(v, &["resource_arn"]).or_else(|| s(v, &["aws", "function_arn"])),
        cause,
        annotations: v.get("annotations").map(Value::to_string),
    });
    if let Some(subs) = v.get("subsegments").and_then(Value::as_array) {
        for sub in subs {
            walk(sub, trace_id, root, Some(&id), depth + 1, out);
        }
    }
}

/// The epoch milliseconds in a trace id `1-<8 hex seconds>-<24 hex>`.
pub fn trace_epoch_ms(trace_id: &str) -> Option<i64> {
    let hex = trace_id.split('-').nth(1)?;
    i64::from_str_radix(hex, 16).ok().map(|s| s * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_flatten_recursively() {
        let doc = r#"{"id":"aaaa","name":"api_lambda","trace_id":"1-5f84c7a3-1","start_time":1.5,"end_time":2.0,
            "origin":"AWS::Lambda::Function","fault":true,
            "cause":{"exceptions":[{"message":"boom","type":"ValueError"}]},
            "subsegments":[{"id":"bbbb","name":"DynamoDB","namespace":"aws","start_time":1.6,"end_time":1.9,
                "aws":{"operation":"PutItem","table_name":"pets"},"throttle":true,"http":{"response":{"status":400}},
                "subsegments":[{"id":"cccc","name":"retry","start_time":1.7,"in_progress":true}]}]}"#;
        let rows = segments(&[SegmentDocument {
            trace_id: "1-5f84c7a3-1".into(),
            segment_id: "aaaa".into(),
            document: doc.into(),
        }])
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            (
                rows[0].depth,
                rows[0].fault,
                rows[0].cause.as_deref(),
                rows[0].duration_ms
            ),
            (0, true, Some("boom"), Some(500.0))
        );
        assert_eq!(rows[1].parent_id.as_deref(), Some("aaaa"));
        assert_eq!(rows[1].aws_resource.as_deref(), Some("pets"));
        assert_eq!(rows[1].http_status, Some(400));
        assert!(rows[1].throttle && rows[1].is_subsegment);
        assert_eq!(
            (rows[2].depth, rows[2].root_segment_id.as_str()),
            (2, "aaaa")
        );
        assert!(rows[2].in_progress && rows[2].end_time.is_none());
        let bad = segments(&[SegmentDocument {
            document: "{".into(),
            ..Default::default()
        }]);
        assert!(bad.unwrap_err().contains("malformed segment document"));
    }

    #[test]
    fn trace_ids_carry_their_epoch() {
        assert_eq!(trace_epoch_ms("1-5f84c7a3-abc"), Some(0x5f84c7a3 * 1000));
        assert_eq!(trace_epoch_ms("nope"), None);
    }
}
