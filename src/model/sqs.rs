//! Amazon SQS queues with their attributes, redrive and redrive-allow policies.

use super::{JsonDoc, Tags};
use serde::{Deserialize, Serialize};

/// An SQS queue and all of its attributes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SqsQueue {
    /// Queue ARN.
    pub arn: String,
    /// Queue URL.
    pub url: String,
    /// Queue name (ends in `.fifo` for FIFO queues).
    pub name: String,
    /// FIFO queue.
    pub fifo: bool,
    /// Content-based deduplication (FIFO).
    pub content_based_deduplication: bool,
    /// `messageGroup` or `queue` (FIFO high throughput).
    pub deduplication_scope: Option<String>,
    /// `perMessageGroupId` or `perQueue` (FIFO high throughput).
    pub fifo_throughput_limit: Option<String>,
    /// Visibility timeout in seconds (default 30).
    pub visibility_timeout_seconds: i32,
    /// Retention in seconds (default 345600 = 4 days).
    pub message_retention_seconds: i32,
    /// Delivery delay in seconds.
    pub delay_seconds: i32,
    /// Long-polling wait in seconds (0 = short polling).
    pub receive_wait_time_seconds: i32,
    /// Maximum message size in bytes.
    pub maximum_message_size: i32,
    /// Redrive policy: where messages go after too many receives.
    pub redrive: Option<RedrivePolicy>,
    /// Which source queues may use this queue as their DLQ.
    pub redrive_allow: Option<RedriveAllowPolicy>,
    /// Queue access policy.
    pub policy: Option<JsonDoc>,
    /// KMS key for SSE-KMS (alias or key id/ARN).
    pub kms_master_key_id: Option<String>,
    /// Data key reuse period in seconds (SSE-KMS).
    pub kms_data_key_reuse_seconds: Option<i32>,
    /// SSE-SQS (SQS-managed encryption) enabled.
    pub sqs_managed_sse: bool,
    /// Approximate visible messages at collect time.
    pub approximate_messages: Option<i64>,
    /// Approximate in-flight messages at collect time.
    pub approximate_messages_not_visible: Option<i64>,
    /// Approximate delayed messages at collect time.
    pub approximate_messages_delayed: Option<i64>,
    /// Creation time (epoch seconds).
    pub created_timestamp: Option<i64>,
    /// Resource tags.
    pub tags: Tags,
}

/// An SQS redrive policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RedrivePolicy {
    /// The dead-letter queue ARN.
    pub dead_letter_target_arn: String,
    /// Receives before a message moves to the DLQ.
    pub max_receive_count: i32,
}

/// An SQS redrive-allow policy (set on a DLQ).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RedriveAllowPolicy {
    /// `allowAll`, `denyAll` or `byQueue`.
    pub redrive_permission: String,
    /// Allowed source queues when `byQueue`.
    pub source_queue_arns: Vec<String>,
}

impl SqsQueue {
    /// True when encryption at rest is on (SSE-SQS or SSE-KMS).
    pub fn encrypted(&self) -> bool {
        self.sqs_managed_sse || self.kms_master_key_id.is_some()
    }
}
