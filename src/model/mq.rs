//! Amazon MQ brokers.

use super::Tags;
use serde::{Deserialize, Serialize};

/// An Amazon MQ broker.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MqBroker {
    /// Broker ARN.
    pub arn: String,
    /// Broker id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `ACTIVEMQ` or `RABBITMQ`.
    pub engine_type: String,
    /// Engine version.
    pub engine_version: String,
    /// `SINGLE_INSTANCE`, `ACTIVE_STANDBY_MULTI_AZ` or `CLUSTER_MULTI_AZ`.
    pub deployment_mode: String,
    /// Instance type.
    pub host_instance_type: Option<String>,
    /// Reachable from the internet.
    pub publicly_accessible: bool,
    /// Automatic minor version upgrades.
    pub auto_minor_version_upgrade: bool,
    /// Audit logs to CloudWatch (ActiveMQ only).
    pub audit_log_enabled: bool,
    /// General logs to CloudWatch.
    pub general_log_enabled: bool,
    /// `SIMPLE` or `LDAP`.
    pub authentication_strategy: Option<String>,
    /// Uses an AWS owned key.
    pub use_aws_owned_key: bool,
    /// Customer managed key.
    pub kms_key_id: Option<String>,
    /// Subnets.
    pub subnet_ids: Vec<String>,
    /// Security groups.
    pub security_groups: Vec<String>,
    /// User names (passwords are never stored).
    pub user_names: Vec<String>,
    /// `RUNNING`, ...
    pub broker_state: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}
