//! AWS IAM roles and managed policies.

use super::{JsonDoc, Tags};
use serde::{Deserialize, Serialize};

/// An IAM role with its trust policy and permissions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IamRole {
    /// Role ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// Role id.
    pub role_id: Option<String>,
    /// Trust (assume-role) policy.
    pub trust_policy: JsonDoc,
    /// Inline policies.
    pub inline_policies: Vec<InlinePolicy>,
    /// Attached managed policy ARNs.
    pub attached_policy_arns: Vec<String>,
    /// Permissions boundary policy ARN.
    pub permissions_boundary_arn: Option<String>,
    /// Maximum session duration in seconds.
    pub max_session_duration: Option<i32>,
    /// Last time the role was used.
    pub last_used: Option<String>,
    /// Creation date.
    pub create_date: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}

/// An inline policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InlinePolicy {
    /// Policy name.
    pub name: String,
    /// Policy document.
    pub document: JsonDoc,
}

/// A managed policy with its default version's document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagedPolicy {
    /// Policy ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// Default version id.
    pub default_version_id: String,
    /// Default version document.
    pub document: JsonDoc,
    /// AWS managed (`arn:aws:iam::aws:policy/...`).
    pub aws_managed: bool,
    /// Attachments.
    pub attachment_count: i32,
}
