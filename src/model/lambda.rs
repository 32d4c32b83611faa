//! AWS Lambda: functions (with aliases, versions, URLs, async invoke configs and resource
//! policy) and event-source mappings.

use super::{JsonDoc, Tags};
use serde::{Deserialize, Serialize};

/// A Lambda function and everything configured on it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LambdaFunction {
    /// Unqualified function ARN.
    pub arn: String,
    /// Function name.
    pub name: String,
    /// Runtime identifier (`python3.11`, `nodejs20.x`); absent for container images.
    pub runtime: Option<String>,
    /// Handler setting (`lambda_function.lambda_handler`); absent for container images.
    pub handler: Option<String>,
    /// `Zip` or `Image`.
    pub package_type: String,
    /// SHA-256 of the deployment package (base64), used to cache downloaded code.
    pub code_sha256: Option<String>,
    /// Deployment package size in bytes.
    pub code_size: i64,
    /// Timeout in seconds (AWS default 3).
    pub timeout_seconds: i32,
    /// Memory in MB (AWS default 128).
    pub memory_mb: i32,
    /// Ephemeral storage (/tmp) in MB.
    pub ephemeral_storage_mb: Option<i32>,
    /// Instruction set architectures (`x86_64`, `arm64`).
    pub architectures: Vec<String>,
    /// X-Ray tracing mode: `Active` or `PassThrough`.
    pub tracing_mode: Option<String>,
    /// VPC attachment, when the function runs in a VPC.
    pub vpc: Option<VpcConfig>,
    /// Names of environment variables. Values are never stored.
    pub environment_variable_names: Vec<String>,
    /// Names of environment variables whose value looked like a secret when collected
    /// (the value itself was dropped).
    pub environment_secret_names: Vec<String>,
    /// KMS key encrypting environment variables; absent means the AWS managed key.
    pub kms_key_arn: Option<String>,
    /// Execution role ARN.
    pub role_arn: String,
    /// Layers attached to the published configuration.
    pub layers: Vec<LambdaLayerRef>,
    /// Reserved concurrency, when set (0 means the function is throttled entirely).
    pub reserved_concurrency: Option<i32>,
    /// Dead-letter queue or topic for failed asynchronous invocations.
    pub dead_letter_target_arn: Option<String>,
    /// Asynchronous invocation configurations (one per qualifier that has one).
    pub async_invoke_configs: Vec<AsyncInvokeConfig>,
    /// Aliases.
    pub aliases: Vec<LambdaAlias>,
    /// Published versions that aliases route to (without `$LATEST`), in numeric order.
    pub versions: Vec<String>,
    /// Function URLs.
    pub function_urls: Vec<FunctionUrl>,
    /// Resource-based policy (who may invoke the function).
    pub resource_policy: Option<JsonDoc>,
    /// Logging configuration.
    pub logging: LambdaLogging,
    /// Code signing configuration ARN, when code signing is enforced.
    pub code_signing_config_arn: Option<String>,
    /// Recursive loop detection: `Terminate` (default) or `Allow`.
    pub recursive_loop: Option<String>,
    /// SnapStart `ApplyOn` setting (`PublishedVersions` or `None`).
    pub snap_start: Option<String>,
    /// Function state (`Active`, `Pending`, `Failed`, `Inactive`).
    pub state: Option<String>,
    /// Last modification time as reported by Lambda.
    pub last_modified: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}

/// VPC configuration of a function.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VpcConfig {
    /// VPC id.
    pub vpc_id: Option<String>,
    /// Subnets the function's network interfaces go into.
    pub subnet_ids: Vec<String>,
    /// Availability zones of those subnets, when known.
    pub availability_zones: Vec<String>,
    /// Security groups.
    pub security_group_ids: Vec<String>,
}

/// A layer attached to a function.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LambdaLayerRef {
    /// Layer version ARN.
    pub arn: String,
    /// Layer size in bytes.
    pub code_size: i64,
}

/// Asynchronous invocation settings of one function qualifier.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AsyncInvokeConfig {
    /// `$LATEST`, an alias or a version.
    pub qualifier: String,
    /// Retries after a function error (0-2; AWS default 2 when unset).
    pub maximum_retry_attempts: Option<i32>,
    /// Maximum age of an event in seconds (60-21600; AWS default 21600 when unset).
    pub maximum_event_age_seconds: Option<i32>,
    /// Destination for successful invocations.
    pub on_success_arn: Option<String>,
    /// Destination for failed invocations.
    pub on_failure_arn: Option<String>,
}

/// A function alias.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LambdaAlias {
    /// Alias name.
    pub name: String,
    /// Alias ARN (`...:function:name:alias`).
    pub arn: String,
    /// Version the alias points at.
    pub function_version: String,
    /// Weighted routing to a second version, when configured.
    pub additional_version_weights: std::collections::BTreeMap<String, f64>,
}

/// A function URL.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FunctionUrl {
    /// The HTTPS endpoint.
    pub url: String,
    /// Qualifier the URL points at, if any.
    pub qualifier: Option<String>,
    /// `AWS_IAM` or `NONE`.
    pub auth_type: String,
    /// `BUFFERED` or `RESPONSE_STREAM`.
    pub invoke_mode: Option<String>,
    /// Allowed CORS origins.
    pub cors_allow_origins: Vec<String>,
    /// Allowed CORS methods.
    pub cors_allow_methods: Vec<String>,
}

/// Logging configuration of a function.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LambdaLogging {
    /// `Text` or `JSON`.
    pub log_format: Option<String>,
    /// Log group the function writes to (default `/aws/lambda/<name>`).
    pub log_group: Option<String>,
    /// Application log level filter (JSON format only).
    pub application_log_level: Option<String>,
    /// System log level filter (JSON format only).
    pub system_log_level: Option<String>,
}

impl LambdaFunction {
    /// The log group the function writes to: the configured one or `/aws/lambda/<name>`.
    pub fn log_group_name(&self) -> String {
        self.logging
            .log_group
            .clone()
            .unwrap_or_else(|| format!("/aws/lambda/{}", self.name))
    }

    /// The async invoke config for an unqualified invocation (`$LATEST`), if any.
    pub fn latest_async_config(&self) -> Option<&AsyncInvokeConfig> {
        self.async_invoke_configs
            .iter()
            .find(|c| c.qualifier == "$LATEST" || c.qualifier.is_empty())
    }

    /// The async invoke config for the given qualifier (`None` means unqualified).
    pub fn async_config_for(&self, qualifier: Option<&str>) -> Option<&AsyncInvokeConfig> {
        match qualifier {
            None => self.latest_async_config(),
            Some(q) => self.async_invoke_configs.iter().find(|c| c.qualifier == q),
        }
    }
}

/// An event-source mapping: Lambda polling a queue, stream or broker and invoking a function.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EventSourceMapping {
    /// Mapping UUID.
    pub uuid: String,
    /// Mapping ARN (`arn:aws:lambda:region:account:event-source-mapping:uuid`).
    pub arn: String,
    /// Function invoked (may carry an alias or version qualifier).
    pub function_arn: String,
    /// Source ARN: SQS queue, Kinesis stream or consumer, DynamoDB stream, MQ broker, MSK cluster.
    pub event_source_arn: Option<String>,
    /// `Enabled`, `Disabled`, `Creating`, ...
    pub state: String,
    /// Records per batch.
    pub batch_size: Option<i32>,
    /// Batching window in seconds.
    pub maximum_batching_window_seconds: Option<i32>,
    /// Concurrent batches per shard (streams).
    pub parallelization_factor: Option<i32>,
    /// `TRIM_HORIZON`, `LATEST` or `AT_TIMESTAMP` (streams).
    pub starting_position: Option<String>,
    /// Split a failing batch in two and retry (streams).
    pub bisect_batch_on_function_error: Option<bool>,
    /// Retries for a failing batch (streams; -1 = until the record expires).
    pub maximum_retry_attempts: Option<i32>,
    /// Maximum record age in seconds (streams; -1 = infinite).
    pub maximum_record_age_seconds: Option<i32>,
    /// Tumbling window in seconds (streams).
    pub tumbling_window_seconds: Option<i32>,
    /// Where records that exhaust retries are sent (streams, Kafka).
    pub destination_on_failure_arn: Option<String>,
    /// `ReportBatchItemFailures` when partial batch responses are enabled.
    pub function_response_types: Vec<String>,
    /// Filter patterns (each an EventBridge-style pattern).
    pub filter_patterns: Vec<JsonDoc>,
    /// Maximum concurrent invocations for SQS sources.
    pub scaling_maximum_concurrency: Option<i32>,
    /// Queue names (Amazon MQ sources).
    pub queues: Vec<String>,
    /// Topics (Kafka sources).
    pub topics: Vec<String>,
    /// Access configurations (`BASIC_AUTH` secret ARNs, VPC subnets) as `type=uri` pairs.
    pub source_access_configurations: Vec<SourceAccessConfiguration>,
    /// Result of the last processing attempt.
    pub last_processing_result: Option<String>,
}

/// Authentication or network configuration of an event source.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceAccessConfiguration {
    /// `BASIC_AUTH`, `VPC_SUBNET`, `VIRTUAL_HOST`, ...
    pub kind: String,
    /// Secret ARN, subnet id, virtual host, ...
    pub uri: String,
}
