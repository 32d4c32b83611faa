//! Telemetry fetched live through the read-only guard: CloudWatch Logs events
//! (FilterLogEvents, redacted before they are kept), metric datapoints (GetMetricData,
//! ListMetrics) and X-Ray traces (GetTraceSummaries, BatchGetTraces).

use super::lambda_logs::LogEvent;
use super::metrics::{self, MetricDatapoint, MetricInfo, MetricQuery};
use super::xray::{self, SegmentDocument, TraceSummary};
use crate::collect::CollectCtx;
use crate::sdk_client;
use std::collections::BTreeMap;

/// Every event of `group` between `start_ms` and `end_ms` (epoch milliseconds, inclusive)
/// matching the filter `pattern` if given. A group that does not exist yields no events.
pub async fn log_events(
    ctx: &CollectCtx,
    group: &str,
    start_ms: i64,
    end_ms: i64,
    pattern: Option<&str>,
) -> Result<Vec<LogEvent>, String> {
    let client = sdk_client!(ctx, aws_sdk_cloudwatchlogs);
    let mut pages = client
        .filter_log_events()
        .log_group_name(group)
        .start_time(start_ms)
        .end_time(end_ms)
        .set_filter_pattern(pattern.map(str::to_string))
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                let not_found = e
                    .as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception());
                if not_found {
                    return Ok(Vec::new());
                }
                return Err(sdk_error(&format!("logs:FilterLogEvents on {group}"), e));
            }
        };
        for e in page.events.unwrap_or_default() {
            out.push(LogEvent {
                log_group: group.to_string(),
                log_stream: e.log_stream_name.unwrap_or_default(),
                timestamp: e.timestamp.unwrap_or_default(),
                ingestion_time: e.ingestion_time,
                message: redact(&e.message.unwrap_or_default()),
                event_id: e.event_id.unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// Most rows one Logs Insights query returns.
pub const INSIGHTS_LIMIT: usize = 10_000;

/// The Logs Insights query for the events of the chosen groups whose message contains every
/// term.
pub fn insights_query(terms: &[String]) -> String {
    let mut q = String::from("fields @timestamp, @message, @logStream, @log, @ingestionTime");
    for t in terms {
        q.push_str(&format!(
            " | filter @message like \"{}\"",
            t.replace('"', "\\\"")
        ));
    }
    q.push_str(&format!(" | sort @timestamp asc | limit {INSIGHTS_LIMIT}"));
    q
}

/// A Logs Insights time: `2026-11-29 11:00:00.000` (UTC) or epoch milliseconds.
fn insights_time(v: &str) -> Option<i64> {
    v.parse::<i64>().ok().or_else(|| {
        chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S%.f")
            .ok()
            .map(|t| t.and_utc().timestamp_millis())
    })
}

/// The events of `groups` (at most 50) between `start_ms` and `end_ms` whose message
/// contains every term, through one Logs Insights query (StartQuery, then GetQueryResults
/// every second until it completes). The event id is the result's `@ptr`. `None` when the
/// query hit its 10,000-row limit: the caller must fetch another way.
pub async fn insights_events(
    ctx: &CollectCtx,
    groups: &[String],
    start_ms: i64,
    end_ms: i64,
    terms: &[String],
) -> Result<Option<Vec<LogEvent>>, String> {
    use aws_sdk_cloudwatchlogs::types::QueryStatus;
    let client = sdk_client!(ctx, aws_sdk_cloudwatchlogs);
    let started = ctx
        .call(
            client
                .start_query()
                .set_log_group_names(Some(groups.to_vec()))
                .start_time(start_ms.div_euclid(1000))
                .end_time((end_ms + 999).div_euclid(1000))
                .query_string(insights_query(terms))
                .send(),
        )
        .await
        .map_err(|e| sdk_error("logs:StartQuery", e))?;
    let id = started.query_id.unwrap_or_default();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
    loop {
        let out = ctx
            .call(client.get_query_results().query_id(&id).send())
            .await
            .map_err(|e| sdk_error("logs:GetQueryResults", e))?;
        match out.status() {
            Some(QueryStatus::Complete) => {
                let rows = out.results();
                if rows.len() >= INSIGHTS_LIMIT {
                    return Ok(None);
                }
                let mut events = Vec::with_capacity(rows.len());
                for fields in rows {
                    let get = |name: &str| {
                        fields
                            .iter()
                            .find(|f| f.field() == Some(name))
                            .and_then(|f| f.value())
                            .unwrap_or_default()
                    };
                    let timestamp = insights_time(get("@timestamp")).unwrap_or_default();
                    if timestamp < start_ms || timestamp > end_ms {
                        continue;
                    }
                    // `@log` is `account:group`.
                    let log = get("@log");
                    let group = log.split_once(':').map_or(log, |(_, g)| g);
                    events.push(LogEvent {
                        log_group: group.to_string(),
                        log_stream: get("@logStream").to_string(),
                        timestamp,
                        ingestion_time: insights_time(get("@ingestionTime")),
                        message: redact(get("@message")),
                        event_id: get("@ptr").to_string(),
                    });
                }
                return Ok(Some(events));
            }
            Some(QueryStatus::Scheduled | QueryStatus::Running) | None => {}
            Some(other) => {
                return Err(format!(
                    "logs:StartQuery: the Logs Insights query ended {}",
                    other.as_str()
                ));
            }
        }
        if std::time::Instant::now() > deadline {
            return Err("logs:GetQueryResults: the Logs Insights query ran over 10 minutes".into());
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// An SDK error as one line, prefixed with the action it came from.
/// One readable line: the error chain without the raw response it carries.
fn sdk_error<E: std::error::Error + 'static>(action: &str, e: E) -> String {
    let full = aws_smithy_types::error::display::DisplayErrorContext(&e).to_string();
    let short = full.split(" (").next().unwrap_or(&full);
    let short: String = short.chars().take(300).collect();
    format!("{action}: {short}")
}

fn datetime(ms: i64) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_millis(ms)
}

/// How many GetMetricData calls fetching `queries` takes (500 queries per call).
pub fn metric_calls(queries: usize) -> usize {
    queries.div_ceil(500)
}

/// The datapoints of `queries` between `start_ms` and `end_ms` (GetMetricData, 500 queries
/// per call, every page). The period keeps each call under 100,800 datapoints.
pub async fn metric_datapoints(
    ctx: &CollectCtx,
    queries: &[MetricQuery],
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<MetricDatapoint>, String> {
    use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};
    let client = sdk_client!(ctx, aws_sdk_cloudwatch);
    let period = metrics::period_for(end_ms - start_ms);
    let mut out = Vec::new();
    for chunk in queries.chunks(500) {
        let mut request = client
            .get_metric_data()
            .start_time(datetime(start_ms))
            .end_time(datetime(end_ms))
            .scan_by(ScanBy::TimestampAscending);
        for (i, q) in chunk.iter().enumerate() {
            let mut metric = Metric::builder()
                .namespace(q.namespace)
                .metric_name(q.metric_name);
            for (name, value) in &q.dimensions {
                metric = metric.dimensions(Dimension::builder().name(name).value(value).build());
            }
            request = request.metric_data_queries(
                MetricDataQuery::builder()
                    .id(format!("m{i}"))
                    .metric_stat(
                        MetricStat::builder()
                            .metric(metric.build())
                            .period(period as i32)
                            .stat(q.stat)
                            .build(),
                    )
                    .return_data(true)
                    .build(),
            );
        }
        let mut pages = request.into_paginator().send();
        while let Some(page) = ctx.call(pages.next()).await {
            let page = page.map_err(|e| sdk_error("cloudwatch:GetMetricData", e))?;
            for r in page.metric_data_results() {
                let Some(q) = r
                    .id()
                    .and_then(|id| id.strip_prefix('m')?.parse::<usize>().ok())
                    .and_then(|i| chunk.get(i))
                else {
                    continue;
                };
                let dimensions: BTreeMap<String, String> = q.dimensions.clone();
                let resource_name = metrics::resource_name(q.namespace, &dimensions);
                for (t, v) in r.timestamps().iter().zip(r.values()) {
                    out.push(MetricDatapoint {
                        namespace: q.namespace.to_string(),
                        metric_name: q.metric_name.to_string(),
                        dimensions: dimensions.clone(),
                        resource_name: resource_name.clone(),
                        stat: q.stat.to_string(),
                        period_s: period,
                        timestamp: t.to_millis().unwrap_or_default(),
                        value: *v,
                        unit: None,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.namespace, &a.metric_name, &a.resource_name, a.timestamp).cmp(&(
            &b.namespace,
            &b.metric_name,
            &b.resource_name,
            b.timestamp,
        ))
    });
    Ok(out)
}

/// Every metric ListMetrics knows in `namespaces`.
pub async fn metrics_catalog(
    ctx: &CollectCtx,
    namespaces: &[&str],
) -> Result<Vec<MetricInfo>, String> {
    let client = sdk_client!(ctx, aws_sdk_cloudwatch);
    let mut out = Vec::new();
    for namespace in namespaces {
        let mut pages = client
            .list_metrics()
            .namespace(*namespace)
            .into_paginator()
            .send();
        while let Some(page) = ctx.call(pages.next()).await {
            let page = page.map_err(|e| sdk_error("cloudwatch:ListMetrics", e))?;
            for m in page.metrics() {
                let dimensions: BTreeMap<String, String> = m
                    .dimensions()
                    .iter()
                    .map(|d| {
                        (
                            d.name().unwrap_or_default().to_string(),
                            d.value().unwrap_or_default().to_string(),
                        )
                    })
                    .collect();
                let namespace = m.namespace().unwrap_or(namespace).to_string();
                out.push(MetricInfo {
                    resource_name: metrics::resource_name(&namespace, &dimensions),
                    namespace,
                    metric_name: m.metric_name().unwrap_or_default().to_string(),
                    dimensions,
                });
            }
        }
    }
    Ok(out)
}

/// X-Ray's window per GetTraceSummaries call.
const TRACE_WINDOW_MS: i64 = 6 * 3_600_000;

/// The trace summaries between `start_ms` and `end_ms` (GetTraceSummaries in windows of
/// 6 hours, every page) and their segment documents (BatchGetTraces, 5 ids per call).
pub async fn traces(
    ctx: &CollectCtx,
    start_ms: i64,
    end_ms: i64,
) -> Result<(Vec<TraceSummary>, Vec<SegmentDocument>), String> {
    let client = sdk_client!(ctx, aws_sdk_xray);
    let mut summaries = Vec::new();
    let mut from = start_ms;
    while from < end_ms {
        let to = (from + TRACE_WINDOW_MS).min(end_ms);
        let mut pages = client
            .get_trace_summaries()
            .start_time(datetime(from))
            .end_time(datetime(to))
            .into_paginator()
            .send();
        while let Some(page) = ctx.call(pages.next()).await {
            let page = page.map_err(|e| sdk_error("xray:GetTraceSummaries", e))?;
            for t in page.trace_summaries() {
                summaries.push(summary(t));
            }
        }
        from = to;
    }
    summaries.sort_by(|a, b| a.trace_id.cmp(&b.trace_id));
    summaries.dedup_by(|a, b| a.trace_id == b.trace_id);
    let mut documents = Vec::new();
    let ids: Vec<String> = summaries.iter().map(|t| t.trace_id.clone()).collect();
    for chunk in ids.chunks(5) {
        let out = ctx
            .call(
                client
                    .batch_get_traces()
                    .set_trace_ids(Some(chunk.to_vec()))
                    .send(),
            )
            .await
            .map_err(|e| sdk_error("xray:BatchGetTraces", e))?;
        for t in out.traces() {
            for s in t.segments() {
                documents.push(SegmentDocument {
                    trace_id: t.id().unwrap_or_default().to_string(),
                    segment_id: s.id().unwrap_or_default().to_string(),
                    document: s.document().unwrap_or_default().to_string(),
                });
            }
        }
    }
    Ok((summaries, documents))
}

fn summary(t: &aws_sdk_xray::types::TraceSummary) -> TraceSummary {
    let trace_id = t.id().unwrap_or_default().to_string();
    let http = t.http();
    let mut roots: Vec<String> = t
        .fault_root_causes()
        .iter()
        .flat_map(|c| c.services())
        .filter_map(|s| s.name().map(str::to_string))
        .chain(
            t.error_root_causes()
                .iter()
                .flat_map(|c| c.services())
                .filter_map(|s| s.name().map(str::to_string)),
        )
        .collect();
    roots.sort();
    roots.dedup();
    TraceSummary {
        // X-Ray sends fractional seconds (1795950037.718): round, as the segment times
        // are, or the float reads as ...717.9999 and truncates a millisecond early.
        trace_start: t
            .start_time()
            .map(|d| (d.as_secs_f64() * 1000.0).round() as i64)
            .or_else(|| xray::trace_epoch_ms(&trace_id))
            .unwrap_or_default(),
        trace_id,
        duration_s: t.duration(),
        response_time_s: t.response_time(),
        has_fault: t.has_fault().unwrap_or_default(),
        has_error: t.has_error().unwrap_or_default(),
        has_throttle: t.has_throttle().unwrap_or_default(),
        is_partial: t.is_partial().unwrap_or_default(),
        http_method: http.and_then(|h| h.http_method()).map(str::to_string),
        http_url: http.and_then(|h| h.http_url()).map(str::to_string),
        http_status: http.and_then(|h| h.http_status()).map(i64::from),
        entry_point: t.entry_point().and_then(|e| e.name()).map(str::to_string),
        service_names: t
            .service_ids()
            .iter()
            .filter_map(|s| s.name().map(str::to_string))
            .collect(),
        root_cause_services: roots,
        annotations: None,
    }
}

/// Replaces secret-looking values in a log line by a marker: `"name": "value"` pairs with a
/// secret-like name (JSON lines), then `password=...`, `token: ...` and credential-shaped
/// words (AWS keys, token prefixes).
pub fn redact(message: &str) -> String {
    redact_words(&redact_json_pairs(message))
}

/// `"name": "value"` pairs anywhere in the line (JSON log lines, JSON after a runtime
/// prefix) whose name is secret-like get their value replaced.
fn redact_json_pairs(message: &str) -> std::borrow::Cow<'_, str> {
    static PAIR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""([^"\\]{1,64})"\s*:\s*"((?:[^"\\]|\\.)*)""#).expect("valid pattern")
    });
    if !message.contains('"') {
        return std::borrow::Cow::Borrowed(message);
    }
    PAIR.replace_all(message, |c: &regex::Captures| {
        if crate::collect::redact::secret_like_name(&c[1]) || credential_shaped(&c[2]) {
            format!("\"{}\": \"<redacted>\"", &c[1])
        } else {
            c[0].to_string()
        }
    })
}

/// `name=value`, `name: value` and credential-shaped words, split on any whitespace (the
/// runtimes separate their prefix fields with tabs), separators kept as they were.
fn redact_words(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut last_key: Option<String> = None;
    let mut rest = message;
    while !rest.is_empty() {
        let sep_len = rest.len() - rest.trim_start().len();
        out.push_str(&rest[..sep_len]);
        rest = &rest[sep_len..];
        let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..word_len];
        rest = &rest[word_len..];
        if word.is_empty() {
            continue;
        }
        let (key, value) = match word.split_once(['=', ':']) {
            Some((k, v)) if !v.is_empty() => (Some(k.trim_matches(['"', '\'', '{', ','])), v),
            _ => (last_key.as_deref(), word),
        };
        let bare = value.trim_matches(['"', '\'', ',', '}', ';']);
        // Names decide (password=, "token": ...); values only by unmistakable shapes, so
        // request ids, trace ids and hashes stay readable for triage.
        let secret =
            key.is_some_and(crate::collect::redact::secret_like_name) || credential_shaped(bare);
        if secret && !bare.is_empty() && bare != "<redacted>" {
            out.push_str(&word.replacen(bare, "<redacted>", 1));
        } else {
            out.push_str(word);
        }
        last_key = word
            .strip_suffix(':')
            .map(|k| k.trim_matches(['"', '\'', '{', ',']).to_string());
    }
    out
}

/// AWS access keys, PEM blocks and well-known token prefixes.
fn credential_shaped(v: &str) -> bool {
    (v.len() == 20 && (v.starts_with("AKIA") || v.starts_with("ASIA")))
        || v.contains("-----BEGIN")
        || [
            "ghp_", "gho_", "xoxb-", "xoxp-", "sk_live_", "rk_live_", "AIza", "glpat-",
        ]
        .iter()
        .any(|p| v.starts_with(p) && v.len() > p.len() + 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_log_lines_are_redacted() {
        let line =
            "login ok user=alice password=hunter2 \"token\": \"abcd1234efgh5678\" duration=12";
        let r = redact(line);
        assert!(
            !r.contains("hunter2") && !r.contains("abcd1234efgh5678"),
            "{r}"
        );
        assert!(r.contains("user=alice") && r.contains("duration=12"), "{r}");
        let report = "REPORT RequestId: 1b34a85b-0e1f-4aa3-9efb-2c531602690e\tDuration: 2.46 ms\tXRAY TraceId: 1-2413c3fc-55554fa65283ca9ccb4de3c2";
        assert_eq!(redact(report), report);
        assert!(redact("key AKIAIOSFODNN7EXAMPLE leaked").contains("<redacted>"));
        // Runtime prefixes are tab-separated; JSON lines have no spaces.
        let tabbed = "[ERROR]\t2026-11-29T11:00:00.005Z\t1818e811-892f-402b-823f-0824128b2f33\tlogin failed password=LogCanary7f3k9\n";
        let r = redact(tabbed);
        assert!(!r.contains("LogCanary7f3k9"), "{r}");
        assert!(
            r.starts_with("[ERROR]\t2026-11-29T11:00:00.005Z\t1818e811"),
            "{r}"
        );
        assert!(r.ends_with("password=<redacted>\n"), "{r}");
        let json = r#"{"level":"ERROR","requestId":"1818e811-892f-402b-823f-0824128b2f33","apiKey":"json-canary-91q","nested":{"db_password":"x\"y"}}"#;
        let r = redact(json);
        assert!(
            !r.contains("json-canary-91q") && !r.contains("x\\\"y"),
            "{r}"
        );
        assert!(
            r.contains(r#""requestId":"1818e811-892f-402b-823f-0824128b2f33""#),
            "{r}"
        );
        assert!(serde_json::from_str::<serde_json::Value>(&r).is_ok(), "{r}");
    }
}
