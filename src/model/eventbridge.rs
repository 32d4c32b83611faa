//! Amazon EventBridge: event buses, rules with targets, Scheduler schedules and Pipes.

use super::{JsonDoc, Tags};
use serde::{Deserialize, Serialize};

/// An event bus.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EventBus {
    /// Bus ARN.
    pub arn: String,
    /// Bus name (`default` for the account's default bus).
    pub name: String,
    /// Resource policy.
    pub policy: Option<JsonDoc>,
    /// Customer managed KMS key.
    pub kms_key_identifier: Option<String>,
    /// Dead-letter queue for events the bus cannot deliver.
    pub dead_letter_arn: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}

/// An EventBridge rule and its targets.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EventRule {
    /// Rule ARN.
    pub arn: String,
    /// Rule name.
    pub name: String,
    /// Bus name.
    pub event_bus_name: String,
    /// Event pattern, for pattern rules.
    pub event_pattern: Option<JsonDoc>,
    /// `rate(...)` or `cron(...)`, for scheduled rules.
    pub schedule_expression: Option<String>,
    /// `ENABLED`, `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    pub state: String,
    /// Role used to deliver to targets of other buses.
    pub role_arn: Option<String>,
    /// Service that manages the rule, if any.
    pub managed_by: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Targets.
    pub targets: Vec<RuleTarget>,
    /// Resource tags.
    pub tags: Tags,
}

/// A rule target.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleTarget {
    /// Target id (unique within the rule).
    pub id: String,
    /// Target ARN.
    pub arn: String,
    /// Role EventBridge assumes to deliver (SQS FIFO, Kinesis, SFN, other buses).
    pub role_arn: Option<String>,
    /// Constant JSON input, replacing the event.
    pub input: Option<String>,
    /// JSONPath selecting part of the event.
    pub input_path: Option<String>,
    /// Input transformer.
    pub input_transformer: Option<InputTransformer>,
    /// Delivery retry policy (AWS default: 185 attempts over 24 hours).
    pub retry_policy: Option<RetryPolicy>,
    /// Dead-letter queue for events that could not be delivered.
    pub dead_letter_arn: Option<String>,
    /// Message group id (SQS FIFO targets).
    pub sqs_message_group_id: Option<String>,
    /// Partition key path (Kinesis targets).
    pub kinesis_partition_key_path: Option<String>,
}

/// An input transformer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InputTransformer {
    /// Map of variable name to JSONPath.
    pub input_paths_map: std::collections::BTreeMap<String, String>,
    /// Template text.
    pub input_template: String,
}

/// A delivery retry policy (EventBridge targets, Scheduler).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RetryPolicy {
    /// Retries (0-185).
    pub maximum_retry_attempts: Option<i32>,
    /// Maximum event age in seconds (60-86400).
    pub maximum_event_age_seconds: Option<i32>,
}

/// An EventBridge Scheduler schedule.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Schedule {
    /// Schedule ARN.
    pub arn: String,
    /// Schedule name.
    pub name: String,
    /// Schedule group.
    pub group_name: String,
    /// `at(...)`, `rate(...)` or `cron(...)`.
    pub schedule_expression: String,
    /// Description.
    pub description: Option<String>,
    /// Time zone of the expression.
    pub schedule_expression_timezone: Option<String>,
    /// `ENABLED` or `DISABLED`.
    pub state: String,
    /// `OFF` or `FLEXIBLE`.
    pub flexible_time_window_mode: Option<String>,
    /// Flexible window in minutes.
    pub maximum_window_minutes: Option<i32>,
    /// Start date.
    pub start_date: Option<String>,
    /// End date.
    pub end_date: Option<String>,
    /// Customer managed KMS key.
    pub kms_key_arn: Option<String>,
    /// `NONE` or `DELETE` after the last run.
    pub action_after_completion: Option<String>,
    /// The target.
    pub target: ScheduleTarget,
}

/// The target of a schedule.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleTarget {
    /// Target ARN (resource ARN or universal target `arn:aws:scheduler:::aws-sdk:service:action`).
    pub arn: String,
    /// Role Scheduler assumes to invoke the target.
    pub role_arn: String,
    /// Input passed to the target.
    pub input: Option<String>,
    /// Retry policy (AWS default: 185 attempts over 24 hours).
    pub retry_policy: Option<RetryPolicy>,
    /// Dead-letter queue.
    pub dead_letter_arn: Option<String>,
    /// Message group id (SQS FIFO targets).
    pub sqs_message_group_id: Option<String>,
}

/// An EventBridge Pipe.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Pipe {
    /// Pipe ARN.
    pub arn: String,
    /// Pipe name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Source (SQS queue, stream, MQ broker, MSK cluster).
    pub source_arn: String,
    /// Enrichment (Lambda, SFN express, API destination, API Gateway).
    pub enrichment_arn: Option<String>,
    /// Target.
    pub target_arn: String,
    /// Role the pipe assumes.
    pub role_arn: String,
    /// `RUNNING` or `STOPPED`.
    pub desired_state: String,
    /// Current state.
    pub current_state: Option<String>,
    /// Records per batch.
    pub batch_size: Option<i32>,
    /// Batching window in seconds.
    pub maximum_batching_window_seconds: Option<i32>,
    /// Starting position (streams).
    pub starting_position: Option<String>,
    /// Retries (streams).
    pub maximum_retry_attempts: Option<i32>,
    /// Maximum record age (streams).
    pub maximum_record_age_seconds: Option<i32>,
    /// Bisect on error (streams).
    pub bisect_batch_on_item_failure: Option<bool>,
    /// `AUTOMATIC_BISECT` when partial batch failures are reported.
    pub on_partial_batch_item_failure: Option<String>,
    /// Dead-letter queue for records that fail (stream sources).
    pub dead_letter_arn: Option<String>,
    /// Filter patterns.
    pub filter_patterns: Vec<JsonDoc>,
    /// Log level (`OFF`, `ERROR`, `INFO`, `TRACE`), when logging is configured.
    pub log_level: Option<String>,
    /// Log destinations (log group, Firehose stream or S3 bucket ARNs).
    pub log_destinations: Vec<String>,
    /// `REQUEST_RESPONSE` or `FIRE_AND_FORGET` for Lambda and SFN targets.
    pub target_invocation_type: Option<String>,
    /// Customer managed KMS key.
    pub kms_key_identifier: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}
