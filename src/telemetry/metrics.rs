//! CloudWatch metrics as rows: `metric_datapoints` (GetMetricData) and `metrics_catalog`
//! (ListMetrics), with the triage metric plan for each resource of a snapshot.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One datapoint of one metric statistic.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricDatapoint {
    /// `AWS/Lambda`, `AWS/SQS`, ...
    pub namespace: String,
    /// `Errors`, `ApproximateNumberOfMessagesVisible`, ...
    pub metric_name: String,
    /// Dimension name to value.
    pub dimensions: BTreeMap<String, String>,
    /// The resource the metric is about: the value of its main dimension (FunctionName,
    /// QueueName, TopicName, StreamName, ApiName/ApiId, the state machine's name).
    pub resource_name: String,
    /// `Sum`, `Average`, `Maximum`, `p99`, ...
    pub stat: String,
    /// Period, seconds.
    pub period_s: i64,
    /// Start of the period, epoch milliseconds.
    pub timestamp: i64,
    /// Value.
    pub value: f64,
    /// Unit, where known.
    pub unit: Option<String>,
}

/// One metric ListMetrics knows (`metrics_catalog`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricInfo {
    /// Namespace.
    pub namespace: String,
    /// Metric name.
    pub metric_name: String,
    /// Dimension name to value.
    pub dimensions: BTreeMap<String, String>,
    /// See [`MetricDatapoint::resource_name`].
    pub resource_name: String,
}

/// The dimension that names the resource in each namespace.
pub fn main_dimension(namespace: &str) -> &'static [&'static str] {
    match namespace {
        "AWS/Lambda" => &["FunctionName"],
        "AWS/SQS" => &["QueueName"],
        "AWS/SNS" => &["TopicName"],
        "AWS/Kinesis" => &["StreamName"],
        "AWS/Firehose" => &["DeliveryStreamName"],
        "AWS/ApiGateway" => &["ApiName", "ApiId"],
        "AWS/States" => &["StateMachineArn"],
        "AWS/Events" => &["RuleName"],
        _ => &[],
    }
}

/// The resource name a metric's dimensions point at (state machine ARNs give their name).
pub fn resource_name(namespace: &str, dimensions: &BTreeMap<String, String>) -> String {
    main_dimension(namespace)
        .iter()
        .find_map(|d| dimensions.get(*d))
        .map(|v| match v.strip_prefix("arn:") {
            Some(_) => v.rsplit(':').next().unwrap_or(v).to_string(),
            None => v.clone(),
        })
        .unwrap_or_default()
}

/// One metric statistic to fetch.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MetricQuery {
    /// Namespace.
    pub namespace: &'static str,
    /// Metric name.
    pub metric_name: &'static str,
    /// Dimensions.
    pub dimensions: BTreeMap<String, String>,
    /// Statistic.
    pub stat: &'static str,
}

/// HTTP APIs publish in `AWS/ApiGateway` under other names (`4xx`, `5xx`).
const HTTP_API: &str = "AWS/ApiGateway#http";

/// The triage metrics of each namespace: (metric, statistic).
pub const TRIAGE_METRICS: &[(&str, &[(&str, &str)])] = &[
    (
        "AWS/Lambda",
        &[
            ("Invocations", "Sum"),
            ("Errors", "Sum"),
            ("Throttles", "Sum"),
            ("Duration", "p99"),
            ("ConcurrentExecutions", "Maximum"),
            ("IteratorAge", "Maximum"),
            ("AsyncEventsReceived", "Sum"),
            ("AsyncEventsDropped", "Sum"),
            ("AsyncEventAge", "Maximum"),
            ("DeadLetterErrors", "Sum"),
            ("DestinationDeliveryFailures", "Sum"),
        ],
    ),
    (
        "AWS/SQS",
        &[
            ("ApproximateNumberOfMessagesVisible", "Maximum"),
            ("ApproximateAgeOfOldestMessage", "Maximum"),
            ("NumberOfMessagesSent", "Sum"),
            ("NumberOfMessagesDeleted", "Sum"),
            ("NumberOfEmptyReceives", "Sum"),
        ],
    ),
    (
        "AWS/SNS",
        &[
            ("NumberOfMessagesPublished", "Sum"),
            ("NumberOfNotificationsDelivered", "Sum"),
            ("NumberOfNotificationsFailed", "Sum"),
        ],
    ),
    (
        "AWS/Kinesis",
        &[
            ("GetRecords.IteratorAgeMilliseconds", "Maximum"),
            ("IncomingRecords", "Sum"),
            ("ReadProvisionedThroughputExceeded", "Sum"),
            ("WriteProvisionedThroughputExceeded", "Sum"),
        ],
    ),
    (
        "AWS/ApiGateway",
        &[
            ("Count", "Sum"),
            ("4XXError", "Sum"),
            ("5XXError", "Sum"),
            ("Latency", "p99"),
            ("IntegrationLatency", "p99"),
        ],
    ),
    (
        HTTP_API,
        &[
            ("Count", "Sum"),
            ("4xx", "Sum"),
            ("5xx", "Sum"),
            ("Latency", "p99"),
            ("IntegrationLatency", "p99"),
        ],
    ),
    (
        "AWS/States",
        &[
            ("ExecutionsStarted", "Sum"),
            ("ExecutionsFailed", "Sum"),
            ("ExecutionsTimedOut", "Sum"),
            ("ExecutionThrottled", "Sum"),
            ("ExecutionTime", "p99"),
        ],
    ),
];

/// The triage metric queries for the resources of `inv`.
pub fn plan(inv: &crate::model::Inventory) -> Vec<MetricQuery> {
    let mut targets: Vec<(&'static str, &'static str, String)> = Vec::new();
    for f in &inv.lambda_functions {
        targets.push(("AWS/Lambda", "FunctionName", f.name.clone()));
    }
    for q in &inv.sqs_queues {
        targets.push(("AWS/SQS", "QueueName", q.name.clone()));
    }
    for t in &inv.sns_topics {
        targets.push(("AWS/SNS", "TopicName", t.name.clone()));
    }
    for s in &inv.kinesis_streams {
        targets.push(("AWS/Kinesis", "StreamName", s.name.clone()));
    }
    for a in &inv.rest_apis {
        targets.push(("AWS/ApiGateway", "ApiName", a.name.clone()));
    }
    for a in &inv.http_apis {
        targets.push((HTTP_API, "ApiId", a.id.clone()));
    }
    for m in &inv.state_machines {
        targets.push(("AWS/States", "StateMachineArn", m.arn.clone()));
    }
    let mut out = Vec::new();
    for (namespace, dimension, value) in targets {
        let metrics = TRIAGE_METRICS
            .iter()
            .find(|(n, _)| *n == namespace)
            .map(|(_, m)| *m)
            .unwrap_or_default();
        for (metric_name, stat) in metrics {
            out.push(MetricQuery {
                namespace: namespace.split('#').next().unwrap_or(namespace),
                metric_name,
                dimensions: BTreeMap::from([(dimension.to_string(), value.clone())]),
                stat,
            });
        }
    }
    out
}

/// The names metrics use for the resources with these ids (functions, queues, topics,
/// streams, APIs, state machines).
pub fn names_of(inv: &crate::model::Inventory, ids: &BTreeSet<String>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut add = |arn: &str, name: &str| {
        if ids.contains(arn) {
            names.insert(name.to_string());
        }
    };
    inv.lambda_functions
        .iter()
        .for_each(|r| add(&r.arn, &r.name));
    inv.sqs_queues.iter().for_each(|r| add(&r.arn, &r.name));
    inv.sns_topics.iter().for_each(|r| add(&r.arn, &r.name));
    inv.kinesis_streams
        .iter()
        .for_each(|r| add(&r.arn, &r.name));
    inv.rest_apis.iter().for_each(|r| add(&r.arn, &r.name));
    inv.http_apis.iter().for_each(|r| add(&r.arn, &r.id));
    inv.state_machines.iter().for_each(|r| add(&r.arn, &r.name));
    names
}

/// A period that keeps one GetMetricData call under its 100,800-datapoint limit for 500
/// queries, rounded up to a CloudWatch period (60 s multiples).
pub fn period_for(window_ms: i64) -> i64 {
    let per_query = 100_800 / 500;
    let seconds = (window_ms / 1000).max(60);
    let raw = (seconds + per_query - 1) / per_query;
    (raw.max(60) + 59) / 60 * 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_from_dimensions() {
        let d = BTreeMap::from([(
            "StateMachineArn".to_string(),
            "arn:aws:states:eu-west-1:1:stateMachine:orders".to_string(),
        )]);
        assert_eq!(resource_name("AWS/States", &d), "orders");
        let d = BTreeMap::from([("QueueName".to_string(), "dlq".to_string())]);
        assert_eq!(resource_name("AWS/SQS", &d), "dlq");
        assert_eq!(resource_name("Custom", &d), "");
    }

    #[test]
    fn periods_keep_calls_under_the_datapoint_limit() {
        assert_eq!(period_for(3_600_000), 60);
        // 1 day: 86,400 s / 201 points -> 430 s -> 480 s.
        assert_eq!(period_for(86_400_000), 480);
        let p = period_for(14 * 86_400_000);
        assert!(14 * 86_400 / p * 500 <= 100_800, "{p}");
    }
}
