//! Collecting live inventory through the official AWS SDK.
//!
//! Owns: the client factory ([`client`]), the read-only guard ([`guard`]), call accounting
//! ([`stats`]), the scan scheduler ([`scan`]) and one collector module per service.
//! Not for: analysis; rules never call AWS.
//!
//! A collector is `async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError>`:
//! it fills only its own resource lists, builds its clients with [`sdk_client!`](crate::sdk_client)
//! (so the guard and accounting are attached), runs each call through [`CollectCtx::call`]
//! (the in-flight limits), paginates everything, and records a failed per-resource detail
//! call with [`CollectCtx::soft`] instead of failing the whole cell. Secrets are dropped
//! here, before anything reaches the model ([`redact`]).

pub mod anonymize;
pub mod apigateway;
pub mod appflow;
pub mod client;
pub mod cognito;
pub mod ctx;
pub mod detail;
pub mod error;
pub mod eventbridge;
pub mod firehose;
pub mod glue;
pub mod guard;
pub mod http;
pub mod iam;
pub mod kinesis;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod mq;
pub mod pipes;
pub mod progress;
pub mod redact;
pub mod regions;
pub mod s3;
pub mod scan;
pub mod schedules;
pub mod sfn;
pub mod sns;
pub mod sqs;
pub mod stats;
pub mod tagging;
pub mod targets;

pub use ctx::CollectCtx;
pub use error::CollectError;

use crate::model::Inventory;

/// A service watershed collects: one coverage cell per (account, region, service).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    /// Lambda functions and event-source mappings.
    Lambda,
    /// SQS queues.
    Sqs,
    /// SNS topics and subscriptions.
    Sns,
    /// EventBridge buses, rules and targets.
    Events,
    /// EventBridge Scheduler schedules.
    Scheduler,
    /// EventBridge Pipes.
    Pipes,
    /// Step Functions state machines.
    States,
    /// Kinesis data streams.
    Kinesis,
    /// Firehose delivery streams.
    Firehose,
    /// API Gateway REST, HTTP and WebSocket APIs.
    ApiGateway,
    /// Cognito user pools.
    CognitoIdp,
    /// Cognito identity pools.
    CognitoIdentity,
    /// Glue jobs, crawlers, triggers, security configurations, connections.
    Glue,
    /// Amazon MQ brokers.
    Mq,
    /// AppFlow flows.
    AppFlow,
    /// CloudWatch log groups.
    Logs,
    /// IAM roles and managed policies (global, once per account).
    Iam,
    /// S3 buckets' notification configurations (global list, once per account).
    S3,
}

impl Service {
    /// Every service, in collection order.
    pub const ALL: &'static [Service] = &[
        Service::Lambda,
        Service::Sqs,
        Service::Sns,
        Service::Events,
        Service::Scheduler,
        Service::Pipes,
        Service::States,
        Service::Kinesis,
        Service::Firehose,
        Service::ApiGateway,
        Service::CognitoIdp,
        Service::CognitoIdentity,
        Service::Glue,
        Service::Mq,
        Service::AppFlow,
        Service::Logs,
        Service::Iam,
        Service::S3,
    ];

    /// The name used in coverage and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Service::Lambda => "lambda",
            Service::Sqs => "sqs",
            Service::Sns => "sns",
            Service::Events => "events",
            Service::Scheduler => "scheduler",
            Service::Pipes => "pipes",
            Service::States => "states",
            Service::Kinesis => "kinesis",
            Service::Firehose => "firehose",
            Service::ApiGateway => "apigateway",
            Service::CognitoIdp => "cognito-idp",
            Service::CognitoIdentity => "cognito-identity",
            Service::Glue => "glue",
            Service::Mq => "mq",
            Service::AppFlow => "appflow",
            Service::Logs => "logs",
            Service::Iam => "iam",
            Service::S3 => "s3",
        }
    }

    /// Parses a command-line service name (also accepts a few common aliases).
    pub fn parse(s: &str) -> Option<Service> {
        let s = s.trim().to_ascii_lowercase();
        let alias = match s.as_str() {
            "eventbridge" => "events",
            "sfn" | "stepfunctions" => "states",
            "cognito" => "cognito-idp",
            "cloudwatchlogs" | "cloudwatch-logs" => "logs",
            "apigatewayv2" => "apigateway",
            other => other,
        };
        Service::ALL.iter().copied().find(|x| x.name() == alias)
    }

    /// Collected once per account rather than per region.
    pub fn is_global(self) -> bool {
        matches!(self, Service::Iam | Service::S3)
    }

    /// Runs the service's collector for one cell.
    pub async fn collect(self, ctx: &CollectCtx) -> Result<Inventory, CollectError> {
        match self {
            Service::Lambda => lambda::collect(ctx).await,
            Service::Sqs => sqs::collect(ctx).await,
            Service::Sns => sns::collect(ctx).await,
            Service::Events => eventbridge::collect(ctx).await,
            Service::Scheduler => schedules::collect(ctx).await,
            Service::Pipes => pipes::collect(ctx).await,
            Service::States => sfn::collect(ctx).await,
            Service::Kinesis => kinesis::collect(ctx).await,
            Service::Firehose => firehose::collect(ctx).await,
            Service::ApiGateway => apigateway::collect(ctx).await,
            Service::CognitoIdp => cognito::collect_user_pools(ctx).await,
            Service::CognitoIdentity => cognito::collect_identity_pools(ctx).await,
            Service::Glue => glue::collect(ctx).await,
            Service::Mq => mq::collect(ctx).await,
            Service::AppFlow => appflow::collect(ctx).await,
            Service::Logs => logs::collect(ctx).await,
            Service::Iam => iam::collect(ctx).await,
            Service::S3 => s3::collect(ctx).await,
        }
    }
}
