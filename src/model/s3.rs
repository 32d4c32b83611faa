//! Amazon S3 buckets: only their event notification configuration.

use super::Tags;
use serde::{Deserialize, Serialize};

/// A bucket with its event notifications.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct S3Bucket {
    /// Bucket ARN (`arn:aws:s3:::name`).
    pub arn: String,
    /// Name.
    pub name: String,
    /// Owning account (the ARN has none).
    pub account_id: String,
    /// Bucket region.
    pub region: String,
    /// Notifications to Lambda, SQS and SNS.
    pub notifications: Vec<S3Notification>,
    /// Events are also sent to EventBridge.
    pub eventbridge_enabled: bool,
    /// Resource tags.
    pub tags: Tags,
}

/// One notification configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct S3Notification {
    /// Configuration id.
    pub id: Option<String>,
    /// `lambda`, `sqs` or `sns`.
    pub destination_type: String,
    /// Function, queue or topic ARN.
    pub destination_arn: String,
    /// Events (`s3:ObjectCreated:*`, ...).
    pub events: Vec<String>,
    /// Key prefix filter.
    pub prefix: Option<String>,
    /// Key suffix filter.
    pub suffix: Option<String>,
}
