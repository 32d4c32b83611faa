//! Amazon CloudWatch Logs log groups.

use super::Tags;
use serde::{Deserialize, Serialize};

/// A log group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LogGroup {
    /// Log group ARN (without the trailing `:*`).
    pub arn: String,
    /// Name.
    pub name: String,
    /// Retention in days; absent means never expire.
    pub retention_days: Option<i32>,
    /// KMS key.
    pub kms_key_id: Option<String>,
    /// Stored bytes.
    pub stored_bytes: Option<i64>,
    /// `STANDARD` or `INFREQUENT_ACCESS`.
    pub log_group_class: Option<String>,
    /// Creation time (epoch ms).
    pub creation_time: Option<i64>,
    /// Resource tags.
    pub tags: Tags,
}
