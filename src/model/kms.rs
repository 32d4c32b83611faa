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
    /// `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`, `KEY_AGREEMENT`.
    pub key_usage: Option<String>,
    /// Key spec (`SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`, ...).
    pub key_spec: Option<String>,
    /// Where the key material comes from: `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`,
    /// `EXTERNAL_KEY_STORE`.
    pub origin: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Creation time (RFC 3339).
    pub creation_date: Option<String>,
    /// True for a multi-Region key (primary or replica).
    pub multi_region: bool,
    /// Key policy.
    pub policy: Option<JsonDoc>,
    /// Automatic rotation enabled (always true for AWS managed keys, which AWS rotates
    /// every year).
    pub rotation_enabled: bool,
    /// Resource tags.
    pub tags: Tags,
}
