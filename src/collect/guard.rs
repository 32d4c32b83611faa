//! Read-only by construction: the one place that decides which AWS operations watershed may
//! call. Every SDK client watershed builds carries [`ReadOnlyGuard`], which refuses any
//! operation not on [`READ_OPERATIONS`] before it is serialised or sent. The same list
//! generates `watershed iam-policy`.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeSet;

/// One allowed read operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOperation {
    /// The SDK's service name, as in the operation metadata (`SQS`, `Lambda`, ...).
    pub sdk_service: &'static str,
    /// The operation name (`ListQueues`).
    pub operation: &'static str,
    /// The IAM action that authorises it (`sqs:ListQueues`).
    pub iam_action: &'static str,
}

macro_rules! ops {
    ($($svc:literal $prefix:literal [$($op:literal $(=> $action:literal)?),* $(,)?]),* $(,)?) => {
        /// Every operation the collectors may call, with the IAM action each needs.
        pub const READ_OPERATIONS: &[ReadOperation] = &[
            $($(ReadOperation {
                sdk_service: $svc,
                operation: $op,
                iam_action: ops!(@action $prefix $op $(, $action)?),
            },)*)*
        ];
    };
    (@action $prefix:literal $op:literal) => { concat!($prefix, ":", $op) };
    (@action $prefix:literal $op:literal, $action:literal) => { $action };
}

ops! {
    "STS" "sts" ["GetCallerIdentity"],
    "Organizations" "organizations" ["ListAccounts"],
    "Account" "account" ["ListRegions"],
    "Lambda" "lambda" [
        "ListFunctions", "ListEventSourceMappings", "GetPolicy", "ListFunctionEventInvokeConfigs",
        "ListAliases", "GetFunctionUrlConfig", "GetFunctionConcurrency", "ListCodeSigningConfigs", "ListFunctionsByCodeSigningConfig",
        "GetFunctionRecursionConfig", "ListTags",
        // Only with --download-code (and --layers): the packages' pre-signed URLs.
        "GetFunction", "GetLayerVersionByArn",
    ],
    "SQS" "sqs" ["ListQueues", "GetQueueAttributes", "ListQueueTags"],
    "SNS" "sns" ["ListTopics", "GetTopicAttributes", "ListSubscriptions", "GetSubscriptionAttributes", "ListTagsForResource"],
    "EventBridge" "events" ["ListEventBuses", "DescribeEventBus", "ListRules", "ListTargetsByRule", "ListTagsForResource"],
    "Scheduler" "scheduler" ["ListSchedules", "GetSchedule"],
    "Pipes" "pipes" ["ListPipes", "DescribePipe"],
    "SFN" "states" ["ListStateMachines", "DescribeStateMachine", "ListTagsForResource"],
    "Kinesis" "kinesis" ["ListStreams", "DescribeStreamSummary", "ListStreamConsumers", "ListTagsForStream"],
    "Firehose" "firehose" ["ListDeliveryStreams", "DescribeDeliveryStream", "ListTagsForDeliveryStream"],
    "API Gateway" "apigateway" [
        "GetRestApis" => "apigateway:GET", "GetResources" => "apigateway:GET", "GetStages" => "apigateway:GET",
        "GetAuthorizers" => "apigateway:GET", "GetRequestValidators" => "apigateway:GET",
        "GetIntegration" => "apigateway:GET",
    ],
    "ApiGatewayV2" "apigateway" [
        "GetApis" => "apigateway:GET", "GetRoutes" => "apigateway:GET", "GetIntegrations" => "apigateway:GET",
        "GetStages" => "apigateway:GET", "GetAuthorizers" => "apigateway:GET",
    ],
    "Cognito Identity Provider" "cognito-idp" [
        "ListUserPools", "DescribeUserPool", "ListUserPoolClients", "DescribeUserPoolClient",
    ],
    "Cognito Identity" "cognito-identity" ["ListIdentityPools", "DescribeIdentityPool", "GetIdentityPoolRoles"],
    "Glue" "glue" ["GetJobs", "GetCrawlers", "GetTriggers", "GetSecurityConfigurations", "GetConnections", "GetTags"],
    "mq" "mq" ["ListBrokers", "DescribeBroker"],
    "Appflow" "appflow" ["ListFlows", "DescribeFlow"],
    "IAM" "iam" ["GetAccountAuthorizationDetails", "GetPolicy", "GetPolicyVersion", "ListRoles"],
    "KMS" "kms" ["DescribeKey", "GetKeyPolicy", "GetKeyRotationStatus", "ListAliases", "ListResourceTags"],
    "S3" "s3" [
        "ListBuckets" => "s3:ListAllMyBuckets", "GetBucketLocation",
        "GetBucketNotificationConfiguration" => "s3:GetBucketNotification", "GetBucketTagging",
    ],
    "Resource Groups Tagging API" "tag" ["GetResources"],
    // StartQuery runs a read-only Logs Insights query (live telemetry picks it over
    // FilterLogEvents for needle-in-haystack scans); GetQueryResults reads its rows.
    "CloudWatch Logs" "logs" [
        "DescribeLogGroups", "ListTagsForResource", "FilterLogEvents", "StartQuery", "GetQueryResults",
    ],
    // Telemetry (record, live triage and query): metrics and traces.
    "CloudWatch" "cloudwatch" ["GetMetricData", "ListMetrics"],
    "XRay" "xray" ["GetTraceSummaries", "BatchGetTraces"],
}

/// The verbs of read operations and actions: List*, Get*, Describe*, BatchGet*, API
/// Gateway's GET, FilterLogEvents (reads log events) and StartQuery (runs a read-only Logs
/// Insights query). Every allowlisted operation and IAM action starts with one.
pub const READ_VERBS: &[&str] = &[
    "List",
    "Get",
    "Describe",
    "BatchGet",
    "GET",
    "Filter",
    "StartQuery",
];

/// True when `name` (an operation, or an IAM action's name part) starts with a read verb.
pub fn is_read_verb(name: &str) -> bool {
    READ_VERBS.iter().any(|v| name.starts_with(v))
}

/// True when the operation of the given SDK service is an allowed read.
pub fn is_allowed(sdk_service: &str, operation: &str) -> bool {
    READ_OPERATIONS
        .iter()
        .any(|o| o.sdk_service.eq_ignore_ascii_case(sdk_service) && o.operation == operation)
}

/// The IAM actions of the allowlist, sorted and de-duplicated.
pub fn iam_actions() -> Vec<&'static str> {
    READ_OPERATIONS
        .iter()
        .map(|o| o.iam_action)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The minimal read-only IAM policy covering exactly the allowlist.
pub fn iam_policy() -> serde_json::Value {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "WatershedReadOnly",
            "Effect": "Allow",
            "Action": iam_actions(),
            "Resource": "*",
        }]
    })
}

/// The error a refused operation fails with.
#[derive(Debug, thiserror::Error)]
#[error(
    "watershed is read-only: refused {service}:{operation}, which is not on its read allowlist"
)]
pub struct RefusedOperation {
    /// SDK service name.
    pub service: String,
    /// Operation name.
    pub operation: String,
}

/// The interceptor that refuses every operation not on the allowlist.
#[derive(Debug, Default, Clone)]
pub struct ReadOnlyGuard;

impl Intercept for ReadOnlyGuard {
    fn name(&self) -> &'static str {
        "watershed-read-only-guard"
    }

    // The operation's metadata is in the config bag from serialisation on, not yet at
    // `read_before_execution`; serialisation happens once per call, before anything is sent.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(meta) = cfg.load::<Metadata>() else {
            return Err("watershed is read-only: refused an operation without metadata".into());
        };
        if is_allowed(meta.service(), meta.name()) {
            Ok(())
        } else {
            Err(Box::new(RefusedOperation {
                service: meta.service().to_string(),
                operation: meta.name().to_string(),
            }))
        }
    }
}

/// The environment variable naming the file [`SentOperationLog`] appends to.
pub const AUDIT_LOG_ENV: &str = "WATERSHED_AUDIT_LOG";

/// Appends `SdkService:Operation` to the file named by [`AUDIT_LOG_ENV`] for every request
/// about to go on the wire (after the guard let it through), so the test suite can check
/// that everything watershed sent, across every process, was a read on the allowlist.
/// Without the variable it does nothing.
#[derive(Debug, Default, Clone)]
pub struct SentOperationLog;

impl Intercept for SentOperationLog {
    fn name(&self) -> &'static str {
        "watershed-sent-operation-log"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        static PATH: std::sync::LazyLock<Option<std::ffi::OsString>> =
            std::sync::LazyLock::new(|| std::env::var_os(AUDIT_LOG_ENV));
        let (Some(path), Some(meta)) = (PATH.as_ref(), cfg.load::<Metadata>()) else {
            return Ok(());
        };
        use std::io::Write;
        // One short line per write with O_APPEND: lines from concurrent processes never
        // interleave.
        let line = format!("{}:{}\n", meta.service(), meta.name());
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(line.as_bytes()))
            .map_err(|e| format!("{AUDIT_LOG_ENV}: {e}").into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowlist_holds_only_reads() {
        for o in READ_OPERATIONS {
            assert!(
                is_read_verb(o.operation),
                "{} {} is not a read",
                o.sdk_service,
                o.operation
            );
            let action = o.iam_action.split(':').nth(1).unwrap();
            assert!(is_read_verb(action), "{}", o.iam_action);
        }
        assert!(is_allowed("SQS", "ListQueues"));
        assert!(!is_allowed("SQS", "DeleteQueue"));
        assert!(!is_allowed("Lambda", "Invoke"));
    }

    #[test]
    fn policy_lists_each_action_once() {
        let p = iam_policy();
        let actions = p["Statement"][0]["Action"].as_array().unwrap();
        let set: BTreeSet<_> = actions.iter().map(|a| a.as_str().unwrap()).collect();
        assert_eq!(set.len(), actions.len());
        assert!(actions.iter().any(|a| a == "s3:GetBucketNotification"));
        assert!(actions.iter().any(|a| a == "apigateway:GET"));
    }
}
