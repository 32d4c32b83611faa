//! AWS Step Functions state machines.

use super::Tags;
use serde::{Deserialize, Serialize};

/// A state machine.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StateMachine {
    /// State machine ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// `STANDARD` or `EXPRESS`.
    pub machine_type: String,
    /// Amazon States Language definition, verbatim (parsed by the `asl` module).
    pub definition: String,
    /// Execution role.
    pub role_arn: String,
    /// Logging configuration.
    pub logging: SfnLogging,
    /// X-Ray tracing enabled.
    pub tracing_enabled: bool,
    /// `ACTIVE` or `DELETING`.
    pub status: Option<String>,
    /// Customer managed KMS key.
    pub kms_key_id: Option<String>,
    /// Creation date.
    pub creation_date: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}

/// Logging configuration of a state machine.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SfnLogging {
    /// `ALL`, `ERROR`, `FATAL` or `OFF`.
    pub level: String,
    /// Include execution input/output in logs.
    pub include_execution_data: bool,
    /// Log group ARNs.
    pub destinations: Vec<String>,
}
