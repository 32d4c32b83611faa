//! AWS KMS keys referenced by the collected resources.

use super::{JsonDoc, Tags};
use serde::{Deserialize, Serialize};

/// A KMS key.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KmsKey {
    /// Key ARN.
    pub arn: String,
    /// Key id.
    pub key_id: String,
    /// Aliases (`alias/name`).
    pub aliases: Vec<String>,
    /// `AWS` or `CUSTOMER`.
    pub key_manager: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`, ...
    pub key_state: String,
    /// Key policy.
    pub policy: Option<JsonDoc>,
    /// Automatic rotation enabled.
    pub rotation_enabled: bool,
    /// Resource tags.
    pub tags: Tags,
}
