//! SQS collector: `ListQueues` (paginated), then `GetQueueAttributes(All)` and
//! `ListQueueTags` per queue (the API has no batch form of either).

use super::error::CollectError;
use crate::model::JsonDoc;
use crate::model::sqs::{RedriveAllowPolicy, RedrivePolicy, SqsQueue};
use aws_config::SdkConfig;
use aws_sdk_sqs::types::QueueAttributeName;
use std::collections::HashMap;

/// Collects every queue of the configured region.
pub async fn collect(config: &SdkConfig) -> Result<Vec<SqsQueue>, CollectError> {
    let client = aws_sdk_sqs::Client::new(config);
    let mut urls = Vec::new();
    let mut pages = client
        .list_queues()
        .max_results(1000)
        .into_paginator()
        .items()
        .send();
    while let Some(url) = pages.next().await {
        urls.push(url.map_err(|e| CollectError::from_sdk("sqs:ListQueues", e))?);
    }
    let mut queues = Vec::with_capacity(urls.len());
    for url in urls {
        let attrs = client
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::All)
            .send()
            .await
            .map_err(|e| CollectError::from_sdk("sqs:GetQueueAttributes", e))?;
        let tags = client
            .list_queue_tags()
            .queue_url(&url)
            .send()
            .await
            .map_err(|e| CollectError::from_sdk("sqs:ListQueueTags", e))?;
        let attrs: HashMap<String, String> = attrs
            .attributes()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.as_str().to_string(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut q = queue_from_attributes(&url, &attrs);
        q.tags = tags
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        queues.push(q);
    }
    Ok(queues)
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
