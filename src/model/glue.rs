//! AWS Glue jobs, crawlers, triggers, security configurations and connections.

use super::Tags;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A Glue job.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GlueJob {
    /// Job ARN (`arn:aws:glue:region:account:job/name`).
    pub arn: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role_arn: String,
    /// `glueetl`, `gluestreaming`, `pythonshell`, `glueray`.
    pub command_name: String,
    /// Script location.
    pub script_location: Option<String>,
    /// Python version.
    pub python_version: Option<String>,
    /// Glue version (`4.0`, ...).
    pub glue_version: Option<String>,
    /// Worker type.
    pub worker_type: Option<String>,
    /// Workers.
    pub number_of_workers: Option<i32>,
    /// Timeout in minutes (AWS default 2880 = 48 h).
    pub timeout_minutes: Option<i32>,
    /// Retries after failure.
    pub max_retries: i32,
    /// Security configuration name.
    pub security_configuration: Option<String>,
    /// Default arguments: values kept only for Glue's own special parameters
    /// (`--enable-continuous-cloudwatch-log`, `--job-bookmark-option`, ...), other values
    /// are replaced by `<redacted>`.
    pub default_arguments: BTreeMap<String, String>,
    /// Non-overridable arguments, redacted the same way as `default_arguments`.
    pub non_overridable_arguments: BTreeMap<String, String>,
    /// Argument names whose values looked like secrets when collected.
    pub secret_argument_names: Vec<String>,
    /// Connections used.
    pub connections: Vec<String>,
    /// `STANDARD` or `FLEX`.
    pub execution_class: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}

/// A Glue crawler.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GlueCrawler {
    /// Crawler ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role_arn: String,
    /// Target database.
    pub database_name: Option<String>,
    /// S3 target paths.
    pub s3_targets: Vec<String>,
    /// Other targets (JDBC, DynamoDB, catalog) as `kind:path`.
    pub other_targets: Vec<String>,
    /// SQS queues the crawler consumes S3 events from (S3 event mode, `EventQueueArn` of
    /// its S3 or catalog targets).
    pub event_queue_arns: Vec<String>,
    /// Dead-letter queues of those event queues (`DlqEventQueueArn`).
    pub dlq_event_queue_arns: Vec<String>,
    /// Schedule (`cron(...)`), if scheduled.
    pub schedule_expression: Option<String>,
    /// `READY`, `RUNNING`, `STOPPING`.
    pub state: Option<String>,
    /// Security configuration name.
    pub security_configuration: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}

/// A Glue trigger.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GlueTrigger {
    /// Trigger ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// `SCHEDULED`, `CONDITIONAL`, `ON_DEMAND` or `EVENT`.
    pub trigger_type: String,
    /// State.
    pub state: Option<String>,
    /// Schedule, for scheduled triggers.
    pub schedule: Option<String>,
    /// Workflow it belongs to.
    pub workflow_name: Option<String>,
    /// What it starts.
    pub actions: Vec<GlueTriggerAction>,
    /// `AND` or `ANY` over the conditions.
    pub predicate_logical: Option<String>,
    /// What it waits for (conditional triggers).
    pub conditions: Vec<GlueTriggerCondition>,
}

/// A job or crawler a trigger starts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GlueTriggerAction {
    /// Job started.
    pub job_name: Option<String>,
    /// Crawler started.
    pub crawler_name: Option<String>,
    /// Timeout override in minutes.
    pub timeout_minutes: Option<i32>,
    /// Security configuration override.
    pub security_configuration: Option<String>,
}

/// A condition of a conditional trigger.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GlueTriggerCondition {
    /// Job watched.
    pub job_name: Option<String>,
    /// Crawler watched.
    pub crawler_name: Option<String>,
    /// Job state (`SUCCEEDED`, `FAILED`, ...).
    pub state: Option<String>,
    /// Crawl state.
    pub crawl_state: Option<String>,
}

/// A Glue security configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GlueSecurityConfiguration {
    /// Name.
    pub name: String,
    /// Account.
    pub account_id: String,
    /// Region.
    pub region: String,
    /// `DISABLED`, `SSE-KMS` or `SSE-S3`.
    pub s3_encryption_mode: String,
    /// `DISABLED` or `SSE-KMS`.
    pub cloudwatch_encryption_mode: String,
    /// `DISABLED` or `CSE-KMS`.
    pub job_bookmarks_encryption_mode: String,
    /// KMS keys used.
    pub kms_key_arns: Vec<String>,
}

impl GlueSecurityConfiguration {
    /// A synthetic ARN (security configurations have none): `arn:aws:glue:region:account:securityConfiguration/name`.
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:glue:{}:{}:securityConfiguration/{}",
            self.region, self.account_id, self.name
        )
    }
}

/// A Glue connection.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GlueConnection {
    /// Connection ARN.
    pub arn: String,
    /// Name.
    pub name: String,
    /// `JDBC`, `KAFKA`, `MONGODB`, `NETWORK`, ...
    pub connection_type: String,
    /// Property names (values of secret properties are never stored).
    pub property_names: Vec<String>,
    /// `JDBC_ENFORCE_SSL` is `true`.
    pub jdbc_enforce_ssl: bool,
    /// Property names whose values looked like secrets (a password in the connection).
    pub secret_property_names: Vec<String>,
    /// Secrets Manager secret used for credentials, if any.
    pub secret_id: Option<String>,
}
