//! Amazon Kinesis Data Streams (with enhanced fan-out consumers) and Data Firehose.

use super::Tags;
use serde::{Deserialize, Serialize};

/// A Kinesis data stream.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KinesisStream {
    /// Stream ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// `ACTIVE`, `CREATING`, ...
    pub status: String,
    /// `PROVISIONED` or `ON_DEMAND`.
    pub stream_mode: String,
    /// Open shards.
    pub shard_count: i32,
    /// Retention in hours (24-8760).
    pub retention_hours: i32,
    /// `NONE` or `KMS`.
    pub encryption_type: String,
    /// KMS key.
    pub kms_key_id: Option<String>,
    /// Enabled shard-level metrics.
    pub enhanced_monitoring: Vec<String>,
    /// Enhanced fan-out consumers.
    pub consumers: Vec<StreamConsumer>,
    /// Resource tags.
    pub tags: Tags,
}

/// An enhanced fan-out consumer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamConsumer {
    /// Consumer ARN (`<stream arn>/consumer/<name>:<timestamp>`).
    pub arn: String,
    /// Consumer name.
    pub name: String,
    /// Status.
    pub status: String,
}

/// A Firehose delivery stream.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FirehoseStream {
    /// Delivery stream ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// Status.
    pub status: String,
    /// `DirectPut`, `KinesisStreamAsSource`, `MSKAsSource`, ...
    pub source_type: String,
    /// Source stream ARN (`KinesisStreamAsSource`; the MSK cluster ARN for `MSKAsSource`).
    pub source_stream_arn: Option<String>,
    /// Role used to read the source stream (or to connect to the MSK cluster).
    pub source_role_arn: Option<String>,
    /// Server-side encryption enabled.
    pub encryption_enabled: bool,
    /// `AWS_OWNED_CMK` or `CUSTOMER_MANAGED_CMK`.
    pub encryption_key_type: Option<String>,
    /// KMS key ARN when `CUSTOMER_MANAGED_CMK`.
    pub encryption_key_arn: Option<String>,
    /// Destinations (normally one).
    pub destinations: Vec<FirehoseDestination>,
    /// Resource tags.
    pub tags: Tags,
}

/// A Firehose destination.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FirehoseDestination {
    /// Destination id.
    pub id: String,
    /// `extended_s3`, `s3`, `redshift`, `opensearch`, `http_endpoint`, `splunk`, `snowflake`, ...
    pub kind: String,
    /// Bucket, domain or cluster ARN; endpoint URL for HTTP destinations.
    pub target: String,
    /// Role Firehose assumes.
    pub role_arn: Option<String>,
    /// Buffering interval in seconds.
    pub buffering_interval_seconds: Option<i32>,
    /// Buffering size in MB.
    pub buffering_size_mb: Option<i32>,
    /// Compression format.
    pub compression: Option<String>,
    /// Prefix for records that failed processing.
    pub error_output_prefix: Option<String>,
    /// `Disabled`, `Enabled`, `FailedDataOnly`, `AllData`, ...
    pub s3_backup_mode: Option<String>,
    /// Backup bucket ARN.
    pub backup_bucket_arn: Option<String>,
    /// CloudWatch error logging enabled.
    pub error_logging_enabled: bool,
    /// Log group for error logging.
    pub log_group_name: Option<String>,
    /// Transform Lambda ARNs (data processors).
    pub processor_lambda_arns: Vec<String>,
}
