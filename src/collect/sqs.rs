//! SQS collector: `ListQueues` (paginated), then `GetQueueAttributes(All)` and
//! `ListQueueTags` per queue (the API has no batch form of either).
//!
//! This module is the model for the others: clients from [`sdk_client!`], every call
//! through [`CollectCtx::call`], SDK paginators, per-resource calls fanned out with
//! [`map_concurrent`], and a failed detail call recorded with [`CollectCtx::soft`].

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::model::sqs::{RedriveAllowPolicy, RedrivePolicy, SqsQueue};
use crate::model::{Inventory, JsonDoc};
use crate::sdk_client;
use aws_sdk_sqs::types::QueueAttributeName;
use std::collections::HashMap;

/// Collects every queue of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_sqs);
    let mut urls = Vec::new();
    let mut pages = client
        .list_queues()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("sqs:ListQueues", e))?;
        urls.extend(page.queue_urls.unwrap_or_default());
    }
    let queues = map_concurrent(urls, 8, |url| {
        let client = client.clone();
        async move {
            let attrs = ctx
                .call(
                    client
                        .get_queue_attributes()
                        .queue_url(&url)
                        .attribute_names(QueueAttributeName::All)
                        .send(),
                )
                .await
                .map_err(|e| CollectError::from_sdk("sqs:GetQueueAttributes", e));
            // A queue deleted between the list and the describe is simply gone; a queue
            // whose attributes cannot be read is kept with what the list gave.
            let attrs: HashMap<String, String> = match attrs {
                Err(e) if e.is_not_found() => {
                    return None;
                }
                other => ctx
                    .soft(other)
                    .and_then(|a| {
                        a.attributes().map(|m| {
                            m.iter()
                                .map(|(k, v)| (k.as_str().to_string(), v.clone()))
                                .collect()
                        })
                    })
                    .unwrap_or_default(),
            };
            let mut q = queue_from_attributes(&url, &attrs);
            if q.arn.is_empty() {
                q.arn = ctx.arn("sqs", &q.name);
            }
            let tags = match ctx.fetch_tags() {
                true => ctx
                    .call(client.list_queue_tags().queue_url(&url).send())
                    .await
                    .map_err(|e| CollectError::from_sdk("sqs:ListQueueTags", e)),
                false => Ok(
                    aws_sdk_sqs::operation::list_queue_tags::ListQueueTagsOutput::builder().build(),
                ),
            };
            if let Some(t) = ctx.soft(tags) {
                q.tags = t
                    .tags()
                    .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default();
            }
            Some(q)
        }
    })
    .await;
    Ok(Inventory {
        sqs_queues: queues.into_iter().flatten().collect(),
        ..Default::default()
    })
}

/// Builds a queue from its URL and `GetQueueAttributes` result.
pub fn queue_from_attributes(url: &str, a: &HashMap<String, String>) -> SqsQueue {
    let get = |k: &str| a.get(k).cloned();
    let int = |k: &str, default: i32| a.get(k).and_then(|v| v.parse().ok()).unwrap_or(default);
    let int64 = |k: &str| a.get(k).and_then(|v| v.parse().ok());
    let flag = |k: &str| a.get(k).is_some_and(|v| v == "true");
    let arn = get("QueueArn").unwrap_or_default();
    let name = url.rsplit('/').next().unwrap_or_default().to_string();
    let redrive = get("RedrivePolicy")
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .and_then(|v| {
            Some(RedrivePolicy {
                dead_letter_target_arn: v.get("deadLetterTargetArn")?.as_str()?.to_string(),
                max_receive_count: match v.get("maxReceiveCount")? {
                    serde_json::Value::Number(n) => n.as_i64()? as i32,
                    serde_json::Value::String(s) => s.parse().ok()?,
                    _ => return None,
                },
            })
        });
    let redrive_allow = get("RedriveAllowPolicy")
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .map(|v| RedriveAllowPolicy {
            redrive_permission: v
                .get("redrivePermission")
                .and_then(|s| s.as_str())
                .unwrap_or_default()
                .to_string(),
            source_queue_arns: v
                .get("sourceQueueArns")
                .and_then(|s| s.as_array())
                .map(|l| {
                    l.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        });
    SqsQueue {
        fifo: flag("FifoQueue") || name.ends_with(".fifo"),
        arn,
        url: url.to_string(),
        name,
        content_based_deduplication: flag("ContentBasedDeduplication"),
        deduplication_scope: get("DeduplicationScope"),
        fifo_throughput_limit: get("FifoThroughputLimit"),
        visibility_timeout_seconds: int("VisibilityTimeout", 30),
        message_retention_seconds: int("MessageRetentionPeriod", 345_600),
        delay_seconds: int("DelaySeconds", 0),
        receive_wait_time_seconds: int("ReceiveMessageWaitTimeSeconds", 0),
        maximum_message_size: int("MaximumMessageSize", 262_144),
        redrive,
        redrive_allow,
        policy: get("Policy").map(|p| JsonDoc::from_text(&p)),
        kms_master_key_id: get("KmsMasterKeyId"),
        kms_data_key_reuse_seconds: a
            .get("KmsDataKeyReusePeriodSeconds")
            .and_then(|v| v.parse().ok()),
        sqs_managed_sse: flag("SqsManagedSseEnabled"),
        approximate_messages: int64("ApproximateNumberOfMessages"),
        approximate_messages_not_visible: int64("ApproximateNumberOfMessagesNotVisible"),
        approximate_messages_delayed: int64("ApproximateNumberOfMessagesDelayed"),
        created_timestamp: int64("CreatedTimestamp"),
        tags: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_attributes_with_string_or_number_receive_count() {
        let mut a = HashMap::new();
        a.insert(
            "QueueArn".to_string(),
            "arn:aws:sqs:us-east-1:1:q.fifo".to_string(),
        );
        a.insert(
            "RedrivePolicy".to_string(),
            r#"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:dlq","maxReceiveCount":"5"}"#
                .to_string(),
        );
        a.insert(
            "ReceiveMessageWaitTimeSeconds".to_string(),
            "20".to_string(),
        );
        a.insert("SqsManagedSseEnabled".to_string(), "true".to_string());
        let q = queue_from_attributes("https://sqs.us-east-1.amazonaws.com/1/q.fifo", &a);
        assert!(q.fifo);
        assert_eq!(q.name, "q.fifo");
        assert_eq!(q.redrive.as_ref().unwrap().max_receive_count, 5);
        assert_eq!(q.receive_wait_time_seconds, 20);
        assert_eq!(q.visibility_timeout_seconds, 30);
        assert!(q.encrypted());
    }
}
