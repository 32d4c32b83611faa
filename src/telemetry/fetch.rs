//! CloudWatch Logs events fetched live (FilterLogEvents, paginated) through the read-only
//! guard, and redacted before they are kept.

use super::lambda_logs::LogEvent;
use crate::collect::CollectCtx;
use crate::sdk_client;

/// Every event of `group` between `start_ms` and `end_ms` (epoch milliseconds). A group that
/// does not exist yields no events.
pub async fn log_events(
    ctx: &CollectCtx,
    group: &str,
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<LogEvent>, String> {
    let client = sdk_client!(ctx, aws_sdk_cloudwatchlogs);
    let mut pages = client
        .filter_log_events()
        .log_group_name(group)
        .start_time(start_ms)
        .end_time(end_ms)
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
                return Err(format!(
                    "logs:FilterLogEvents on {group}: {}",
                    aws_smithy_types::error::display::DisplayErrorContext(&e)
                ));
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

/// Replaces secret-looking values in a log line (`password=...`, `"token": "..."`, keys) by
/// a marker, word by word.
pub fn redact(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut last_key: Option<String> = None;
    for (i, word) in message.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
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
        if secret && !bare.is_empty() {
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
    }
}
