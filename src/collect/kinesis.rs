//! Kinesis Data Streams collector: `ListStreams` (paginated, its `StreamSummaries` give name,
//! ARN, status and mode), then per stream `DescribeStreamSummary` (shards, retention,
//! encryption, enhanced monitoring), `ListStreamConsumers` (paginated) and
//! `ListTagsForStream` (`ExclusiveStartTagKey` loop). The API has no batch form of any of
//! the per-stream calls.

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::kinesis::{KinesisStream, StreamConsumer};
use crate::sdk_client;
use std::collections::HashSet;

/// Collects every data stream of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_kinesis);
    let mut listed: Vec<KinesisStream> = Vec::new();
    let mut seen = HashSet::new();
    let mut pages = client.list_streams().limit(100).into_paginator().send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("kinesis:ListStreams", e))?;
        for s in page.stream_summaries() {
            if seen.insert(s.stream_name().to_string()) {
                listed.push(KinesisStream {
                    arn: s.stream_arn().to_string(),
                    name: s.stream_name().to_string(),
                    status: s.stream_status().as_str().to_string(),
                    stream_mode: s
                        .stream_mode_details()
                        .map(|m| m.stream_mode().as_str().to_string())
                        .unwrap_or_default(),
                    encryption_type: "NONE".into(),
                    ..Default::default()
                });
            }
        }
        // Names without a summary (older responses): described by name below.
        for n in page.stream_names() {
            if seen.insert(n.clone()) {
                listed.push(KinesisStream {
                    name: n.clone(),
                    encryption_type: "NONE".into(),
                    ..Default::default()
                });
            }
        }
    }
    let streams = map_concurrent(listed, 8, |s| {
        let client = client.clone();
        async move { describe(ctx, &client, s).await }
    })
    .await;
    Ok(Inventory {
        kinesis_streams: streams.into_iter().flatten().collect(),
        ..Default::default()
    })
}

/// Fills one listed stream with its summary, consumers and tags; `None` when it was deleted
/// since the list.
async fn describe(
    ctx: &CollectCtx,
    client: &aws_sdk_kinesis::Client,
    mut s: KinesisStream,
) -> Option<KinesisStream> {
    let mut req = client.describe_stream_summary();
    req = if s.arn.is_empty() {
        req.stream_name(&s.name)
    } else {
        req.stream_arn(&s.arn)
    };
    let summary = ctx
        .call(req.send())
        .await
        .map_err(|e| CollectError::from_sdk("kinesis:DescribeStreamSummary", e));
    match summary {
        Err(e) if e.is_not_found() => return None,
        other => {
            if let Some(out) = ctx.soft(other)
                && let Some(d) = out.stream_description_summary()
            {
                apply_summary(&mut s, d);
            }
        }
    }
    if s.arn.is_empty() {
        // Neither the list nor the describe gave an ARN: nothing more can be asked.
        s.arn = ctx.arn("kinesis", &format!("stream/{}", s.name));
        return Some(s);
    }

    let mut consumers = Vec::new();
    let mut pages = client
        .list_stream_consumers()
        .stream_arn(&s.arn)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("kinesis:ListStreamConsumers", e));
        match page {
            Err(e) if e.is_not_found() => return None,
            other => match ctx.soft(other) {
                Some(p) => consumers.extend(p.consumers().iter().map(|c| StreamConsumer {
                    arn: c.consumer_arn().to_string(),
                    name: c.consumer_name().to_string(),
                    status: c.consumer_status().as_str().to_string(),
                })),
                None => break,
            },
        }
    }
    s.consumers = consumers;

    let mut start: Option<String> = None;
    while ctx.fetch_tags() {
        let out = ctx
            .call(
                client
                    .list_tags_for_stream()
                    .stream_arn(&s.arn)
                    .limit(50)
                    .set_exclusive_start_tag_key(start.take())
                    .send(),
            )
            .await
            .map_err(|e| CollectError::from_sdk("kinesis:ListTagsForStream", e));
        let out = match out {
            Err(e) if e.is_not_found() => return None,
            other => match ctx.soft(other) {
                Some(o) => o,
                None => break,
            },
        };
        for t in out.tags() {
            s.tags.insert(
                t.key().to_string(),
                t.value().unwrap_or_default().to_string(),
            );
        }
        let last = out.tags().last().map(|t| t.key().to_string());
        match last {
            Some(k) if out.has_more_tags() => start = Some(k),
            _ => break,
        }
    }
    Some(s)
}

/// Copies a `DescribeStreamSummary` result onto the stream.
fn apply_summary(s: &mut KinesisStream, d: &aws_sdk_kinesis::types::StreamDescriptionSummary) {
    s.arn = d.stream_arn().to_string();
    s.name = d.stream_name().to_string();
    s.status = d.stream_status().as_str().to_string();
    if let Some(m) = d.stream_mode_details() {
        s.stream_mode = m.stream_mode().as_str().to_string();
    }
    s.shard_count = d.open_shard_count();
    s.retention_hours = d.retention_period_hours();
    s.encryption_type = d
        .encryption_type()
        .map(|e| e.as_str().to_string())
        .unwrap_or_else(|| "NONE".into());
    s.kms_key_id = d.key_id().filter(|k| !k.is_empty()).map(str::to_string);
    s.enhanced_monitoring = shard_metrics(
        d.enhanced_monitoring()
            .iter()
            .flat_map(|m| m.shard_level_metrics())
            .map(|m| m.as_str()),
    );
}

/// Enabled shard-level metrics, sorted and de-duplicated.
fn shard_metrics<'a>(metrics: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = metrics.map(str::to_string).collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_kinesis::types::{
        EncryptionType, EnhancedMetrics, MetricsName, StreamDescriptionSummary, StreamMode,
        StreamModeDetails, StreamStatus,
    };

    #[test]
    fn summary_fills_settings() {
        let d = StreamDescriptionSummary::builder()
            .stream_name("clicks")
            .stream_arn("arn:aws:kinesis:us-east-1:1:stream/clicks")
            .stream_status(StreamStatus::Active)
            .stream_mode_details(
                StreamModeDetails::builder()
                    .stream_mode(StreamMode::Provisioned)
                    .build()
                    .unwrap(),
            )
            .retention_period_hours(48)
            .stream_creation_timestamp(aws_smithy_types::DateTime::from_secs(0))
            .enhanced_monitoring(
                EnhancedMetrics::builder()
                    .shard_level_metrics(MetricsName::OutgoingBytes)
                    .shard_level_metrics(MetricsName::IncomingBytes)
                    .build(),
            )
            .encryption_type(EncryptionType::Kms)
            .key_id("alias/aws/kinesis")
            .open_shard_count(3)
            .build()
            .unwrap();
        let mut s = KinesisStream::default();
        apply_summary(&mut s, &d);
        assert_eq!(s.stream_mode, "PROVISIONED");
        assert_eq!((s.shard_count, s.retention_hours), (3, 48));
        assert_eq!(s.encryption_type, "KMS");
        assert_eq!(s.kms_key_id.as_deref(), Some("alias/aws/kinesis"));
        assert_eq!(
            s.enhanced_monitoring,
            vec!["IncomingBytes", "OutgoingBytes"]
        );
    }
}
