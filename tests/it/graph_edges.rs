//! Edge derivation, one fixture per edge kind: `fixtures/graph/<edge_kind>.json` is a small
//! realistic snapshot (account 111122223333, us-east-1) that must yield exactly the edges of
//! that kind listed in [`expected`], with their key settings.

use serde_json::{Value, json};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use watershed::graph::{Edge, EdgeKind, Invocation, NodeKind, Topology};
use watershed::model::Snapshot;

const ACCOUNT: &str = "111122223333";
const OTHER_ACCOUNT: &str = "444455556666";
const REST_API: &str = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5";
const HTTP_API: &str = "arn:aws:apigateway:us-east-1::/apis/x9y8z7w6v5";
const USER_POOL: &str = "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Ab12Cd34E";
const IDENTITY_POOL: &str = "arn:aws:cognito-identity:us-east-1:111122223333:identitypool/us-east-1:8f2d0c5a-1b3e-4c6d-9e7f-0a1b2c3d4e5f";
const BROKER: &str =
    "arn:aws:mq:us-east-1:111122223333:broker:orders-broker:b-1234a5b6-78cd-901e-2fab-3c45d6e178f9";
const ORDERS_STREAM: &str =
    "arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2024-05-01T12:00:00.000";
const INVENTORY_STREAM: &str =
    "arn:aws:dynamodb:us-east-1:111122223333:table/inventory/stream/2024-06-10T08:30:00.000";

/// Every edge kind, each with its fixture. Keep in step with [`expected`].
const ALL: [EdgeKind; 36] = [
    EdgeKind::EventSourceMapping,
    EdgeKind::EsmOnFailure,
    EdgeKind::SnsSubscription,
    EdgeKind::SnsRedrive,
    EdgeKind::BusRule,
    EdgeKind::RuleTarget,
    EdgeKind::RuleTargetDlq,
    EdgeKind::BusDlq,
    EdgeKind::ScheduleTarget,
    EdgeKind::ScheduleDlq,
    EdgeKind::PipeSource,
    EdgeKind::PipeEnrichment,
    EdgeKind::PipeTarget,
    EdgeKind::PipeDlq,
    EdgeKind::LambdaOnSuccess,
    EdgeKind::LambdaOnFailure,
    EdgeKind::LambdaDlq,
    EdgeKind::SqsRedrive,
    EdgeKind::SfnTask,
    EdgeKind::ApiIntegration,
    EdgeKind::ApiAuthorizer,
    EdgeKind::CognitoTrigger,
    EdgeKind::IdentityProvider,
    EdgeKind::IdentityPoolRole,
    EdgeKind::GlueTriggerAction,
    EdgeKind::GlueTriggerCondition,
    EdgeKind::S3Notification,
    EdgeKind::S3Eventbridge,
    EdgeKind::FirehoseSource,
    EdgeKind::FirehoseTransform,
    EdgeKind::FirehoseDestination,
    EdgeKind::FirehoseBackup,
    EdgeKind::AppflowSource,
    EdgeKind::AppflowDestination,
    EdgeKind::ExecutionRole,
    EdgeKind::LogsTo,
];

// ---- ARN helpers (account 111122223333, us-east-1) ----------------------------------------

fn arn(service: &str, resource: &str) -> String {
    format!("arn:aws:{service}:us-east-1:{ACCOUNT}:{resource}")
}
fn lambda(name: &str) -> String {
    arn("lambda", &format!("function:{name}"))
}
fn esm(uuid: &str) -> String {
    arn("lambda", &format!("event-source-mapping:{uuid}"))
}
fn sqs(name: &str) -> String {
    arn("sqs", name)
}
fn sns(name: &str) -> String {
    arn("sns", name)
}
fn subscription(topic: &str, id: &str) -> String {
    format!("{}:{id}", sns(topic))
}
fn bus(name: &str) -> String {
    arn("events", &format!("event-bus/{name}"))
}
fn rule(path: &str) -> String {
    arn("events", &format!("rule/{path}"))
}
fn schedule(group: &str, name: &str) -> String {
    arn("scheduler", &format!("schedule/{group}/{name}"))
}
fn pipe(name: &str) -> String {
    arn("pipes", &format!("pipe/{name}"))
}
fn state_machine(name: &str) -> String {
    arn("states", &format!("stateMachine:{name}"))
}
fn kinesis(name: &str) -> String {
    arn("kinesis", &format!("stream/{name}"))
}
fn firehose(name: &str) -> String {
    arn("firehose", &format!("deliverystream/{name}"))
}
fn glue(resource: &str) -> String {
    arn("glue", resource)
}
fn flow(name: &str) -> String {
    arn("appflow", &format!("flow/{name}"))
}
fn log_group(name: &str) -> String {
    arn("logs", &format!("log-group:{name}"))
}
fn role(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}
fn bucket(name: &str) -> String {
    format!("arn:aws:s3:::{name}")
}

// ---- Expected edges ---------------------------------------------------------------------

/// One expected edge: endpoints, invocation, `via`, and settings that must hold
/// (`Value::Null` means the setting must be absent).
#[derive(Debug)]
struct Want {
    from: String,
    to: String,
    invocation: Invocation,
    via: Option<String>,
    settings: Vec<(&'static str, Value)>,
}

fn edge(from: impl Into<String>, to: impl Into<String>, invocation: Invocation) -> Want {
    Want {
        from: from.into(),
        to: to.into(),
        invocation,
        via: None,
        settings: Vec::new(),
    }
}

impl Want {
    fn via(mut self, via: impl Into<String>) -> Want {
        self.via = Some(via.into());
        self
    }
    fn set(mut self, key: &'static str, value: Value) -> Want {
        self.settings.push((key, value));
        self
    }
    fn unset(self, key: &'static str) -> Want {
        self.set(key, Value::Null)
    }
}

/// The fixture file of an edge kind.
fn fixture_path(kind: EdgeKind) -> PathBuf {
    fixture_dir().join(format!("{}.json", kind.as_str()))
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/graph")
}

/// The edges of `kind` that its fixture must yield, in derivation order. The match is
/// exhaustive on purpose: a new `EdgeKind` does not compile until it has a fixture here
/// (and in [`ALL`], which `fixtures_cover_every_edge_kind` checks against the directory).
fn expected(kind: EdgeKind) -> Vec<Want> {
    use Invocation::{Async, Config, OnFailure, Poll, Sync};
    match kind {
        EdgeKind::EventSourceMapping => vec![
            edge(sqs("orders"), lambda("order-processor"), Poll)
                .via(esm("6b1e2f7a-0c1d-4e5f-8a9b-0c1d2e3f4a01"))
                .set("state", json!("Enabled"))
                .set("batch_size", json!(10))
                .set("maximum_batching_window_seconds", json!(5))
                .set(
                    "function_response_types",
                    json!(["ReportBatchItemFailures"]),
                )
                .set("filter_patterns", json!([{"body": {"type": ["order"]}}]))
                .set("scaling_maximum_concurrency", json!(20))
                .unset("consumer_arn"),
            // Enhanced fan-out: the mapping names the consumer, the edge starts at the stream.
            edge(kinesis("clickstream"), lambda("click-aggregator"), Poll)
                .via(esm("6b1e2f7a-0c1d-4e5f-8a9b-0c1d2e3f4a02"))
                .set(
                    "consumer_arn",
                    json!(format!(
                        "{}/consumer/analytics-efo:1714564800",
                        kinesis("clickstream")
                    )),
                )
                .set("batch_size", json!(100))
                .set("parallelization_factor", json!(2))
                .set("starting_position", json!("LATEST"))
                .set("bisect_batch_on_function_error", json!(true))
                .set("maximum_retry_attempts", json!(3))
                .set("maximum_record_age_seconds", json!(3600))
                .unset("destination_on_failure_arn"),
            edge(ORDERS_STREAM, lambda("order-audit"), Poll)
                .via(esm("6b1e2f7a-0c1d-4e5f-8a9b-0c1d2e3f4a03"))
                .set("starting_position", json!("TRIM_HORIZON"))
                .set("maximum_retry_attempts", json!(-1))
                .set("maximum_record_age_seconds", json!(-1)),
            edge(BROKER, lambda("mq-consumer"), Poll)
                .via(esm("6b1e2f7a-0c1d-4e5f-8a9b-0c1d2e3f4a04"))
                .set("batch_size", json!(10))
                .set("queues", json!(["orders.inbound"])),
        ],
        EdgeKind::EsmOnFailure => vec![
            edge(
                kinesis("payments"),
                sqs("payment-ledger-failures"),
                OnFailure,
            )
            .via(esm("0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e01"))
            .set("function_arn", json!(lambda("payment-ledger"))),
            edge(INVENTORY_STREAM, sns("inventory-sync-failures"), OnFailure)
                .via(esm("0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e02"))
                .set("function_arn", json!(lambda("inventory-sync"))),
        ],
        EdgeKind::SnsSubscription => vec![
            edge(sns("video-uploads"), sqs("video-480p"), Async)
                .via(subscription(
                    "video-uploads",
                    "2f0c6a1e-9d3b-4a5c-8e7f-1a2b3c4d5e01",
                ))
                .set("protocol", json!("sqs"))
                .set("filter_policy", json!({"resolution": ["480p"]}))
                .set("filter_policy_scope", json!("MessageAttributes"))
                .set("raw_message_delivery", json!(true))
                .unset("redrive_dead_letter_arn"),
            edge(sns("video-uploads"), lambda("thumbnailer"), Async)
                .via(subscription(
                    "video-uploads",
                    "2f0c6a1e-9d3b-4a5c-8e7f-1a2b3c4d5e02",
                ))
                .set("protocol", json!("lambda"))
                .unset("filter_policy"),
            edge(
                sns("video-uploads"),
                "https://hooks.example.com/video-uploads",
                Async,
            )
            .via(subscription(
                "video-uploads",
                "2f0c6a1e-9d3b-4a5c-8e7f-1a2b3c4d5e03",
            ))
            .set("protocol", json!("https")),
            edge(sns("video-uploads"), "email:media-ops@example.com", Async)
                .via(subscription(
                    "video-uploads",
                    "2f0c6a1e-9d3b-4a5c-8e7f-1a2b3c4d5e04",
                ))
                .set("protocol", json!("email")),
            edge(
                sns("video-uploads"),
                format!("arn:aws:sqs:us-east-1:{OTHER_ACCOUNT}:video-archive"),
                Async,
            )
            .via(subscription(
                "video-uploads",
                "2f0c6a1e-9d3b-4a5c-8e7f-1a2b3c4d5e05",
            ))
            .set("protocol", json!("sqs"))
            .set("raw_message_delivery", json!(true)),
        ],
        EdgeKind::SnsRedrive => vec![
            edge(sns("order-events"), sqs("order-events-sns-dlq"), OnFailure)
                .via(subscription(
                    "order-events",
                    "7c3d9e2a-1b4f-4d6e-9a8b-2c3d4e5f6a01",
                ))
                .set("endpoint", json!(sqs("order-fulfilment"))),
            edge(sns("order-events"), sqs("order-events-sns-dlq"), OnFailure)
                .via(subscription(
                    "order-events",
                    "7c3d9e2a-1b4f-4d6e-9a8b-2c3d4e5f6a02",
                ))
                .set("endpoint", json!(lambda("order-notifier"))),
        ],
        EdgeKind::BusRule => vec![
            edge(bus("orders"), rule("orders/order-placed"), Async)
                .set("state", json!("ENABLED"))
                .set(
                    "event_pattern",
                    json!({"source": ["com.example.orders"], "detail-type": ["OrderPlaced"]}),
                )
                .unset("schedule_expression"),
            edge(bus("default"), rule("nightly-report"), Async)
                .set("schedule_expression", json!("cron(0 2 * * ? *)"))
                .unset("event_pattern"),
        ],
        EdgeKind::RuleTarget => vec![
            edge(rule("order-placed"), lambda("order-handler"), Async)
                .via("order-placed/order-handler")
                .set("target_id", json!("order-handler"))
                .set("rule_state", json!("ENABLED"))
                .set(
                    "retry_policy",
                    json!({"maximum_retry_attempts": 4, "maximum_event_age_seconds": 3600}),
                )
                .set("dead_letter_arn", json!(sqs("order-placed-dlq")))
                .set("input_transformer", json!(false)),
            edge(rule("order-placed"), sqs("order-audit"), Async)
                .via("order-placed/audit-queue")
                .unset("retry_policy")
                .unset("dead_letter_arn"),
            edge(
                rule("order-placed"),
                format!("arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/central"),
                Async,
            )
            .via("order-placed/central-bus")
            .set("role_arn", json!(role("eventbridge-cross-account-put"))),
            edge(
                rule("order-placed"),
                state_machine("order-fulfilment"),
                Async,
            )
            .via("order-placed/fulfilment")
            .set("role_arn", json!(role("eventbridge-start-fulfilment")))
            .set("input_transformer", json!(true)),
        ],
        EdgeKind::RuleTargetDlq => vec![
            edge(rule("invoice-issued"), sqs("invoice-events-dlq"), OnFailure)
                .via("invoice-issued/mailer")
                .set("target_arn", json!(lambda("invoice-mailer"))),
            edge(rule("invoice-issued"), sqs("invoice-events-dlq"), OnFailure)
                .via("invoice-issued/ledger")
                .set("target_arn", json!(sqs("invoice-ledger"))),
        ],
        EdgeKind::BusDlq => vec![edge(bus("orders"), sqs("orders-bus-dlq"), OnFailure)],
        EdgeKind::ScheduleTarget => vec![
            edge(
                schedule("default", "daily-cleanup"),
                lambda("cleanup"),
                Async,
            )
            .set("schedule_expression", json!("cron(0 3 * * ? *)"))
            .set("state", json!("ENABLED"))
            .set(
                "retry_policy",
                json!({"maximum_retry_attempts": 2, "maximum_event_age_seconds": 3600}),
            )
            .unset("dead_letter_arn"),
            // Universal target: an AWS API, not a resource.
            edge(
                schedule("reminders", "send-reminders"),
                "arn:aws:scheduler:::aws-sdk:sqs:sendMessage",
                Async,
            )
            .set("schedule_expression", json!("rate(15 minutes)")),
        ],
        EdgeKind::ScheduleDlq => vec![
            edge(
                schedule("default", "hourly-sync"),
                sqs("scheduler-dlq"),
                OnFailure,
            )
            .set("target_arn", json!(lambda("crm-sync"))),
        ],
        EdgeKind::PipeSource => vec![
            edge(
                sqs("orders-pipe-source"),
                pipe("orders-to-fulfilment"),
                Poll,
            )
            .set("batch_size", json!(10))
            .set("filter_patterns", json!([{"body": {"status": ["NEW"]}}]))
            .set("desired_state", json!("RUNNING"))
            .unset("starting_position"),
            edge(kinesis("telemetry"), pipe("telemetry-to-ingest"), Poll)
                .set("batch_size", json!(500))
                .set("starting_position", json!("LATEST"))
                .set("maximum_retry_attempts", json!(10))
                .set("maximum_record_age_seconds", json!(7200))
                .set("on_partial_batch_item_failure", json!("AUTOMATIC_BISECT")),
        ],
        EdgeKind::PipeEnrichment => {
            vec![edge(pipe("orders-enriched"), lambda("enrich-order"), Sync)]
        }
        EdgeKind::PipeTarget => vec![
            edge(
                pipe("orders-to-sfn"),
                state_machine("order-fulfilment"),
                Async,
            )
            .set("invocation_type", json!("FIRE_AND_FORGET")),
            edge(pipe("orders-to-lambda"), lambda("order-writer"), Sync)
                .set("invocation_type", json!("REQUEST_RESPONSE")),
            edge(pipe("orders-to-bus"), bus("orders"), Sync).unset("invocation_type"),
        ],
        EdgeKind::PipeDlq => vec![edge(
            pipe("telemetry-to-ingest"),
            sqs("telemetry-pipe-dlq"),
            OnFailure,
        )],
        EdgeKind::LambdaOnSuccess => vec![
            edge(lambda("order-handler"), bus("orders"), Async)
                .via("$LATEST")
                .set("qualifier", json!("$LATEST"))
                .set("maximum_retry_attempts", json!(2))
                .set("maximum_event_age_seconds", json!(21600)),
            edge(lambda("order-handler"), sqs("order-handler-results"), Async)
                .via("live")
                .set("qualifier", json!("live"))
                .set("maximum_retry_attempts", json!(1))
                .set("maximum_event_age_seconds", json!(3600)),
        ],
        EdgeKind::LambdaOnFailure => vec![
            edge(
                lambda("order-handler"),
                sqs("order-handler-failures"),
                OnFailure,
            )
            .via("$LATEST")
            .set("maximum_retry_attempts", json!(1))
            .set("maximum_event_age_seconds", json!(3600)),
            edge(lambda("image-resizer"), lambda("failure-triage"), OnFailure)
                .via("$LATEST")
                .set("maximum_retry_attempts", json!(0))
                .unset("maximum_event_age_seconds"),
        ],
        EdgeKind::LambdaDlq => vec![
            edge(lambda("thumbnailer"), sqs("thumbnailer-dlq"), OnFailure),
            edge(lambda("audit-writer"), sns("audit-writer-dlq"), OnFailure),
        ],
        EdgeKind::SqsRedrive => vec![
            edge(sqs("orders"), sqs("orders-dlq"), OnFailure).set("max_receive_count", json!(5)),
            edge(sqs("payments.fifo"), sqs("payments-dlq.fifo"), OnFailure)
                .set("max_receive_count", json!(3)),
        ],
        EdgeKind::SfnTask => {
            let m = state_machine("order-workflow");
            vec![
                // FunctionName given by name, resolved in the machine's account and region.
                edge(&m, lambda("validate-order"), Sync)
                    .via("ValidateOrder")
                    .set("service", json!("lambda"))
                    .set("action", json!("invoke"))
                    .set("pattern", json!("request_response"))
                    .set("integration", json!("optimized"))
                    .set("retry", json!(true))
                    .set("catch", json!(true))
                    .set("timeout_seconds", json!(30))
                    .unset("scope"),
                edge(&m, sqs("fulfilment"), Sync)
                    .via("QueueForFulfilment")
                    .set("service", json!("sqs"))
                    .set("action", json!("sendMessage")),
                edge(&m, sns("order-notifications"), Sync)
                    .via("NotifyCustomer")
                    .set("action", json!("publish")),
                edge(&m, state_machine("payment-workflow"), Sync)
                    .via("TakePayment")
                    .set("action", json!("startExecution"))
                    .set("pattern", json!("sync")),
                // Request-response startJobRun starts the job and moves on.
                edge(&m, glue("job/orders-export"), Async)
                    .via("ExportOrder")
                    .set("service", json!("glue"))
                    .set("action", json!("startJobRun"))
                    .set("pattern", json!("request_response")),
                edge(&m, lambda("reserve-item"), Sync)
                    .via("ReserveItem")
                    .set("scope", json!("ShipItems/items")),
                edge(&m, arn("dynamodb", "table/orders"), Sync)
                    .via("RecordOrder")
                    .set("scope", json!("Fanout/branch[0]"))
                    .set("action", json!("putItem")),
                // Fanout/branch[1] calls `FunctionName.$`: dynamic, no edge.
                edge(&m, state_machine("order-audit"), Async)
                    .via("StartAudit")
                    .set("service", json!("sfn"))
                    .set("integration", json!("sdk")),
                edge(&m, bus("orders"), Sync)
                    .via("PublishOrderPlaced")
                    .set("service", json!("eventbridge"))
                    .set("action", json!("putEvents"))
                    .set("integration", json!("sdk")),
                edge(
                    state_machine("payment-workflow"),
                    lambda("charge-card"),
                    Sync,
                )
                .via("Charge"),
            ]
        }
        EdgeKind::ApiIntegration => vec![
            edge(REST_API, lambda("create-order"), Sync)
                .via("POST /orders")
                .set("route", json!("POST /orders"))
                .set("integration_type", json!("AWS_PROXY"))
                .set("authorization_type", json!("AWS_IAM")),
            edge(REST_API, sqs("orders-intake"), Sync)
                .via("POST /orders/queue")
                .set("route", json!("POST /orders/queue"))
                .set("integration_type", json!("AWS"))
                .set("credentials_arn", json!(role("apigw-orders-sqs"))),
            // MOCK (no URI) and stage-variable URIs give no edge.
            edge(HTTP_API, lambda("get-order"), Sync)
                .via("GET /orders/{id}")
                .set("route", json!("GET /orders/{id}"))
                .set("integration_type", json!("AWS_PROXY"))
                .unset("integration_subtype"),
            edge(HTTP_API, sqs("orders-intake"), Sync)
                .via("POST /events")
                .set("route", json!("POST /events"))
                .set("integration_subtype", json!("SQS-SendMessage"))
                .set("credentials_arn", json!(role("apigw-events-sqs"))),
        ],
        EdgeKind::ApiAuthorizer => vec![
            edge(REST_API, lambda("token-authorizer"), Sync)
                .via("token-authorizer")
                .set("type", json!("TOKEN")),
            edge(REST_API, USER_POOL, Sync)
                .via("customers-pool")
                .set("type", json!("COGNITO_USER_POOLS")),
            edge(HTTP_API, USER_POOL, Sync)
                .via("customers-jwt")
                .set("type", json!("JWT")),
        ],
        EdgeKind::CognitoTrigger => vec![
            edge(USER_POOL, lambda("presignup-validator"), Sync)
                .via("PreSignUp")
                .set("trigger", json!("PreSignUp")),
            edge(USER_POOL, lambda("welcome-email"), Sync)
                .via("PostConfirmation")
                .set("trigger", json!("PostConfirmation")),
        ],
        EdgeKind::IdentityProvider => vec![edge(IDENTITY_POOL, USER_POOL, Config)],
        EdgeKind::IdentityPoolRole => vec![
            edge(IDENTITY_POOL, role("pets-identity-authenticated"), Config)
                .via("authenticated")
                .set("identities", json!("authenticated")),
            edge(IDENTITY_POOL, role("pets-identity-guest"), Config)
                .via("unauthenticated")
                .set("identities", json!("unauthenticated")),
        ],
        EdgeKind::GlueTriggerAction => vec![
            edge(
                glue("trigger/nightly-etl-start"),
                glue("job/orders-etl"),
                Async,
            )
            .set("trigger_type", json!("SCHEDULED"))
            .set("schedule", json!("cron(0 1 * * ? *)")),
            edge(
                glue("trigger/nightly-etl-start"),
                glue("crawler/orders-crawler"),
                Async,
            )
            .set("trigger_type", json!("SCHEDULED")),
        ],
        EdgeKind::GlueTriggerCondition => vec![
            edge(glue("job/orders-etl"), glue("trigger/after-etl"), Async)
                .set("state", json!("SUCCEEDED"))
                .set("logical", json!("AND"))
                .unset("crawl_state"),
            edge(
                glue("crawler/orders-crawler"),
                glue("trigger/after-etl"),
                Async,
            )
            .set("crawl_state", json!("SUCCEEDED"))
            .unset("state"),
        ],
        EdgeKind::S3Notification => vec![
            edge(bucket("video-uploads"), lambda("thumbnailer"), Async)
                .via("thumbnail-on-upload")
                .set("events", json!(["s3:ObjectCreated:*"]))
                .set("prefix", json!("incoming/"))
                .set("suffix", json!(".mp4")),
            edge(bucket("video-uploads"), sqs("transcode-jobs"), Async)
                .via("transcode-queue")
                .set(
                    "events",
                    json!([
                        "s3:ObjectCreated:Put",
                        "s3:ObjectCreated:CompleteMultipartUpload"
                    ]),
                )
                .unset("prefix"),
            edge(bucket("video-uploads"), sns("upload-deletions"), Async)
                .via("deletions")
                .set("events", json!(["s3:ObjectRemoved:*"])),
        ],
        EdgeKind::S3Eventbridge => vec![edge(bucket("invoices"), bus("default"), Async)],
        EdgeKind::FirehoseSource => vec![
            edge(kinesis("clickstream"), firehose("clickstream-to-s3"), Poll)
                .set("source_type", json!("KinesisStreamAsSource")),
        ],
        EdgeKind::FirehoseTransform => vec![
            edge(
                firehose("clickstream-to-s3"),
                lambda("clickstream-transform"),
                Sync,
            )
            .via("destinationId-000000000001"),
        ],
        EdgeKind::FirehoseDestination => vec![
            edge(
                firehose("clickstream-to-s3"),
                bucket("clickstream-archive"),
                Async,
            )
            .via("destinationId-000000000001")
            .set("kind", json!("extended_s3"))
            .set("buffering_interval_seconds", json!(300))
            .set("buffering_size_mb", json!(64))
            .set(
                "error_output_prefix",
                json!("errors/!{firehose:error-output-type}/"),
            ),
            edge(
                firehose("metrics-to-observability"),
                "https://firehose.observability.example.com/v1/ingest",
                Async,
            )
            .via("destinationId-000000000001")
            .set("kind", json!("http_endpoint"))
            .set("s3_backup_mode", json!("FailedDataOnly")),
        ],
        EdgeKind::FirehoseBackup => vec![
            edge(
                firehose("metrics-to-observability"),
                bucket("firehose-failed-records"),
                OnFailure,
            )
            .via("destinationId-000000000001")
            .set("s3_backup_mode", json!("FailedDataOnly")),
        ],
        EdgeKind::AppflowSource => vec![
            edge("saas:Salesforce/sf-prod", flow("salesforce-accounts"), Poll)
                .set("connector", json!("Salesforce"))
                .set("object", json!("Account"))
                .set("trigger_type", json!("Scheduled")),
            edge(bucket("raw-imports"), flow("s3-import"), Poll)
                .set("connector", json!("S3"))
                .set("trigger_type", json!("OnDemand")),
        ],
        EdgeKind::AppflowDestination => vec![
            edge(flow("salesforce-accounts"), bucket("crm-landing"), Async)
                .set("connector", json!("S3")),
            edge(
                flow("salesforce-accounts"),
                "saas:Snowflake/snowflake-prod",
                Async,
            )
            .set("connector", json!("Snowflake")),
        ],
        EdgeKind::ExecutionRole => vec![
            edge(lambda("order-handler"), role("order-handler-role"), Config),
            edge(
                schedule("default", "daily-cleanup"),
                role("scheduler-invoke-order-handler"),
                Config,
            ),
            edge(
                state_machine("order-workflow"),
                role("service-role/StepFunctions-order-workflow-role-1a2b3c4d"),
                Config,
            ),
            edge(glue("job/orders-etl"), role("glue-etl-role"), Config),
        ],
        EdgeKind::LogsTo => vec![
            // Default log group `/aws/lambda/<name>`, then a configured one.
            edge(
                lambda("order-handler"),
                log_group("/aws/lambda/order-handler"),
                Config,
            ),
            edge(
                lambda("payment-handler"),
                log_group("/shared/payments"),
                Config,
            ),
            // Log group ARNs only (the S3 destination is not a log group); `:*` is stripped.
            edge(
                pipe("orders-to-bus"),
                log_group("/aws/vendedlogs/pipes/orders-to-bus"),
                Config,
            )
            .set("level", json!("ERROR")),
            edge(
                state_machine("order-workflow"),
                log_group("/aws/vendedlogs/states/order-workflow"),
                Config,
            )
            .set("level", json!("ERROR")),
        ],
    }
}

// ---- Helpers ----------------------------------------------------------------------------

fn load(kind: EdgeKind) -> (Snapshot, Topology) {
    let path = fixture_path(kind);
    let snapshot = Snapshot::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let topology = Topology::from_inventory(&snapshot.resources);
    (snapshot, topology)
}

fn edges_of(topology: &Topology, kind: EdgeKind) -> Vec<&Edge> {
    topology.edges().filter(|e| e.kind == kind).collect()
}

/// Differences between the derived edges of `kind` and the expected ones.
fn check_kind(kind: EdgeKind, topology: &Topology, problems: &mut Vec<String>) {
    let want = expected(kind);
    let got = edges_of(topology, kind);
    let name = kind.as_str();
    let describe = |from: &str, to: &str, inv: Invocation, via: Option<&str>| {
        format!("{from} -> {to} ({inv:?}, via {via:?})")
    };
    let got_keys: Vec<String> = got
        .iter()
        .map(|e| describe(&e.from, &e.to, e.invocation, e.via.as_deref()))
        .collect();
    let want_keys: Vec<String> = want
        .iter()
        .map(|w| describe(&w.from, &w.to, w.invocation, w.via.as_deref()))
        .collect();
    if got_keys != want_keys {
        problems.push(format!(
            "{name}: edges differ\n  expected:\n    {}\n  derived:\n    {}",
            want_keys.join("\n    "),
            got_keys.join("\n    ")
        ));
        return;
    }
    for (w, e) in want.iter().zip(&got) {
        for (key, value) in &w.settings {
            let actual = e.settings.get(*key);
            let ok = match value {
                Value::Null => actual.is_none(),
                v => actual == Some(v),
            };
            if !ok {
                problems.push(format!(
                    "{name}: {} -> {}: setting `{key}` is {actual:?}, expected {value}",
                    e.from, e.to
                ));
            }
        }
    }
}

// ---- Tests ------------------------------------------------------------------------------

#[test]
fn each_fixture_yields_exactly_its_expected_edges() {
    let mut problems = Vec::new();
    for kind in ALL {
        let (_, topology) = load(kind);
        check_kind(kind, &topology, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_endpoint_is_a_node_and_only_missing_targets_are_external() {
    let mut problems = Vec::new();
    for kind in ALL {
        let (snapshot, topology) = load(kind);
        let name = kind.as_str();
        let inventory: HashSet<String> = snapshot
            .resources
            .resources()
            .into_iter()
            .map(|r| r.arn)
            .collect();
        for e in topology.edges() {
            for id in [&e.from, &e.to] {
                if topology.node(id).is_none() {
                    problems.push(format!(
                        "{name}: endpoint {id} of a {} edge is not a node",
                        e.kind.as_str()
                    ));
                }
            }
        }
        for n in topology.nodes() {
            let missing = !inventory.contains(&n.id);
            if n.external != missing {
                problems.push(format!(
                    "{name}: node {} has external={}, but in inventory={}",
                    n.id, n.external, !missing
                ));
            }
            let other_account = n.external && !n.account.is_empty() && n.account != ACCOUNT;
            if n.cross_account != other_account {
                problems.push(format!(
                    "{name}: node {} (account `{}`) has cross_account={}",
                    n.id, n.account, n.cross_account
                ));
            }
            if !n.external && n.kind == NodeKind::Unknown {
                problems.push(format!("{name}: inventory node {} has kind unknown", n.id));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn targets_outside_the_inventory_become_external_nodes_of_the_inferred_kind() {
    let (_, t) = load(EdgeKind::SnsSubscription);
    let archive = t
        .node(&format!(
            "arn:aws:sqs:us-east-1:{OTHER_ACCOUNT}:video-archive"
        ))
        .expect("cross-account queue");
    assert!(archive.external && archive.cross_account, "{archive:?}");
    assert_eq!(
        (
            archive.kind,
            archive.account.as_str(),
            archive.name.as_str()
        ),
        (NodeKind::SqsQueue, OTHER_ACCOUNT, "video-archive")
    );
    let hook = t
        .node("https://hooks.example.com/video-uploads")
        .expect("https endpoint");
    assert!(hook.external && !hook.cross_account);
    assert_eq!(hook.kind, NodeKind::HttpEndpoint);
    let email = t
        .node("email:media-ops@example.com")
        .expect("email endpoint");
    assert_eq!(
        (email.kind, email.name.as_str(), email.external),
        (NodeKind::Email, "media-ops@example.com", true)
    );
    let queue = t.node(&sqs("video-480p")).expect("queue in the inventory");
    assert!(!queue.external && !queue.cross_account);

    let (_, t) = load(EdgeKind::RuleTarget);
    let central = t
        .node(&format!(
            "arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/central"
        ))
        .expect("central bus");
    assert_eq!(
        (central.kind, central.external, central.cross_account),
        (NodeKind::EventBus, true, true)
    );

    let (_, t) = load(EdgeKind::EventSourceMapping);
    let stream = t.node(ORDERS_STREAM).expect("DynamoDB stream");
    assert_eq!(
        (stream.kind, stream.external, stream.cross_account),
        (NodeKind::DynamodbStream, true, false)
    );
    let broker = t.node(BROKER).expect("broker");
    assert_eq!((broker.kind, broker.external), (NodeKind::MqBroker, false));
    let consumer = format!(
        "{}/consumer/analytics-efo:1714564800",
        kinesis("clickstream")
    );
    assert!(
        t.node(&consumer).is_none(),
        "an enhanced fan-out consumer is not a node of its own"
    );

    let (_, t) = load(EdgeKind::ScheduleTarget);
    let api = t
        .node("arn:aws:scheduler:::aws-sdk:sqs:sendMessage")
        .expect("universal target");
    assert_eq!(
        (api.kind, api.external, api.cross_account),
        (NodeKind::AwsService, true, false)
    );

    let (_, t) = load(EdgeKind::S3Eventbridge);
    let default_bus = t.node(&bus("default")).expect("default bus");
    assert_eq!(
        (
            default_bus.kind,
            default_bus.external,
            default_bus.cross_account
        ),
        (NodeKind::EventBus, true, false)
    );

    let (_, t) = load(EdgeKind::AppflowSource);
    let saas = t.node("saas:Salesforce/sf-prod").expect("SaaS source");
    assert_eq!(
        (saas.kind, saas.external),
        (NodeKind::SaasApplication, true)
    );

    let (_, t) = load(EdgeKind::SfnTask);
    let table = t.node(&arn("dynamodb", "table/orders")).expect("table");
    assert_eq!(
        (table.kind, table.external),
        (NodeKind::DynamodbTable, true)
    );
}

#[test]
fn dynamic_step_functions_targets_are_not_guessed() {
    let (_, t) = load(EdgeKind::SfnTask);
    let plugin: Vec<_> = t
        .edges()
        .filter(|e| e.via.as_deref() == Some("CallPlugin"))
        .collect();
    assert!(
        plugin.is_empty(),
        "`FunctionName.$` must not produce an edge: {plugin:?}"
    );
}

#[test]
fn fixtures_cover_every_edge_kind() {
    let listed: BTreeSet<EdgeKind> = ALL.into_iter().collect();
    assert_eq!(listed.len(), ALL.len(), "ALL lists a kind twice");
    for kind in ALL {
        assert!(
            fixture_path(kind).is_file(),
            "missing fixture {}",
            fixture_path(kind).display()
        );
        assert!(
            !expected(kind).is_empty(),
            "{}: no expected edges",
            kind.as_str()
        );
    }
    // Every fixture file is named after a listed kind, so a kind added to `expected` with a
    // fixture but left out of ALL fails here.
    let mut files: Vec<String> = std::fs::read_dir(fixture_dir())
        .expect("fixtures/graph")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let mut names: Vec<String> = ALL.iter().map(|k| format!("{}.json", k.as_str())).collect();
    names.sort();
    assert_eq!(files, names, "fixtures/graph/*.json and ALL differ");
    // Every kind any fixture derives is listed.
    let mut seen = BTreeSet::new();
    for kind in ALL {
        let (_, t) = load(kind);
        seen.extend(t.edges().map(|e| e.kind));
    }
    let unlisted: Vec<_> = seen.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "edge kinds derived but not in ALL: {unlisted:?}"
    );
}
