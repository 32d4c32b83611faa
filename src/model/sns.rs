//! Amazon SNS topics and subscriptions.

use super::{JsonDoc, Tags};
use serde::{Deserialize, Serialize};

/// An SNS topic.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SnsTopic {
    /// Topic ARN.
    pub arn: String,
    /// Topic name.
    pub name: String,
    /// FIFO topic.
    pub fifo: bool,
    /// Content-based deduplication (FIFO).
    pub content_based_deduplication: bool,
    /// KMS key for encryption at rest.
    pub kms_master_key_id: Option<String>,
    /// Topic access policy.
    pub policy: Option<JsonDoc>,
    /// Effective delivery policy (retries for HTTP endpoints).
    pub delivery_policy: Option<JsonDoc>,
    /// Delivery-status logging per protocol.
    pub delivery_status_logging: Vec<DeliveryStatusLogging>,
    /// `Active` or `PassThrough`.
    pub tracing_config: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}

/// Delivery-status logging of one protocol on a topic.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeliveryStatusLogging {
    /// `lambda`, `sqs`, `http`, `firehose` or `application`.
    pub protocol: String,
    /// Role used to log successful deliveries.
    pub success_feedback_role_arn: Option<String>,
    /// Role used to log failed deliveries.
    pub failure_feedback_role_arn: Option<String>,
    /// Percentage of successful deliveries logged.
    pub success_feedback_sample_rate: Option<i32>,
}

/// An SNS subscription.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SnsSubscription {
    /// Subscription ARN. Subscriptions pending confirmation have none; watershed uses
    /// `<topic arn>:PendingConfirmation:<endpoint hash or uuid>`.
    pub arn: String,
    /// Topic ARN.
    pub topic_arn: String,
    /// `sqs`, `lambda`, `http`, `https`, `email`, `email-json`, `sms`, `firehose`, `application`.
    pub protocol: String,
    /// Endpoint: an ARN, URL, address or number (personal data is kept as collected).
    pub endpoint: String,
    /// Account owning the subscription.
    pub owner: Option<String>,
    /// Still waiting for confirmation.
    pub pending_confirmation: bool,
    /// Filter policy.
    pub filter_policy: Option<JsonDoc>,
    /// `MessageAttributes` or `MessageBody`.
    pub filter_policy_scope: Option<String>,
    /// Raw message delivery.
    pub raw_message_delivery: bool,
    /// Dead-letter queue for undeliverable messages.
    pub redrive_dead_letter_arn: Option<String>,
    /// Role for Firehose subscriptions.
    pub subscription_role_arn: Option<String>,
    /// Subscription delivery policy.
    pub delivery_policy: Option<JsonDoc>,
}
