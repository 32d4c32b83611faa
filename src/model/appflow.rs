//! Amazon AppFlow flows.

use super::Tags;
use serde::{Deserialize, Serialize};

/// An AppFlow flow.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppFlowFlow {
    /// Flow ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// `Active`, `Suspended`, `Draft`, ...
    pub status: String,
    /// `Scheduled`, `Event` or `OnDemand`.
    pub trigger_type: String,
    /// Schedule expression for scheduled flows.
    pub schedule_expression: Option<String>,
    /// Source connector type (`Salesforce`, `S3`, ...).
    pub source_connector_type: String,
    /// Source connector profile.
    pub source_connector_profile: Option<String>,
    /// Source object (`Account`, bucket name, ...).
    pub source_object: Option<String>,
    /// Destinations.
    pub destinations: Vec<AppFlowDestination>,
    /// Customer managed KMS key.
    pub kms_arn: Option<String>,
    /// Status of the last run.
    pub last_run_status: Option<String>,
    /// Error of the last run, if it failed.
    pub last_run_error: Option<String>,
    /// Time of the last run.
    pub last_run_time: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}

/// An AppFlow destination.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppFlowDestination {
    /// Connector type (`S3`, `Redshift`, `EventBridge`, `Salesforce`, ...).
    pub connector_type: String,
    /// Connector profile.
    pub connector_profile: Option<String>,
    /// Bucket name, event bus source or object.
    pub object: Option<String>,
}
