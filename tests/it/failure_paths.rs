//! Failure paths on small inline inventories: where a failed event ends up after each stage
//! (delivery by the source service, processing by the consumer) gives up.

use watershed::graph::failure::{
    FailurePath, FailureStage, StageOutcome, failure_paths, human_duration,
};
use watershed::graph::{EdgeKind, Topology};
use watershed::model::Inventory;
use watershed::model::eventbridge::{EventRule, RetryPolicy, RuleTarget};
use watershed::model::kinesis::KinesisStream;
use watershed::model::lambda::{AsyncInvokeConfig, EventSourceMapping, LambdaFunction};
use watershed::model::mq::MqBroker;
use watershed::model::s3::{S3Bucket, S3Notification};
use watershed::model::sns::{SnsSubscription, SnsTopic};
use watershed::model::sqs::{RedrivePolicy, SqsQueue};

const ACCOUNT: &str = "111122223333";
const SNS_AGE: i64 = 23 * 86_400;
const SIX_HOURS: i64 = 6 * 3600;
const FOUR_DAYS: i32 = 345_600;

fn arn(service: &str, resource: &str) -> String {
    format!("arn:aws:{service}:us-east-1:{ACCOUNT}:{resource}")
}
fn lambda_arn(name: &str) -> String {
    arn("lambda", &format!("function:{name}"))
}
fn sqs_arn(name: &str) -> String {
    arn("sqs", name)
}
fn topic_arn(name: &str) -> String {
    arn("sns", name)
}

fn function(name: &str) -> LambdaFunction {
    LambdaFunction {
        arn: lambda_arn(name),
        name: name.into(),
        runtime: Some("python3.12".into()),
        role_arn: format!("arn:aws:iam::{ACCOUNT}:role/{name}-role"),
        timeout_seconds: 30,
        memory_mb: 256,
        ..Default::default()
    }
}

fn queue(name: &str) -> SqsQueue {
    SqsQueue {
        arn: sqs_arn(name),
        url: format!("https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/{name}"),
        name: name.into(),
        visibility_timeout_seconds: 180,
        message_retention_seconds: FOUR_DAYS,
        ..Default::default()
    }
}

fn topic(name: &str) -> SnsTopic {
    SnsTopic {
        arn: topic_arn(name),
        name: name.into(),
        ..Default::default()
    }
}

fn subscription(topic: &str, id: &str, protocol: &str, endpoint: &str) -> SnsSubscription {
    SnsSubscription {
        arn: format!("{}:{id}", topic_arn(topic)),
        topic_arn: topic_arn(topic),
        protocol: protocol.into(),
        endpoint: endpoint.into(),
        ..Default::default()
    }
}

fn mapping(uuid: &str, source: &str, function: &str) -> EventSourceMapping {
    EventSourceMapping {
        uuid: uuid.into(),
        arn: arn("lambda", &format!("event-source-mapping:{uuid}")),
        function_arn: lambda_arn(function),
        event_source_arn: Some(source.into()),
        state: "Enabled".into(),
        batch_size: Some(10),
        ..Default::default()
    }
}

fn kinesis_stream(name: &str, retention_hours: i32) -> KinesisStream {
    KinesisStream {
        arn: arn("kinesis", &format!("stream/{name}")),
        name: name.into(),
        status: "ACTIVE".into(),
        stream_mode: "ON_DEMAND".into(),
        retention_hours,
        ..Default::default()
    }
}

fn bucket_notifying(name: &str, destination_type: &str, destination: &str) -> S3Bucket {
    S3Bucket {
        arn: format!("arn:aws:s3:::{name}"),
        name: name.into(),
        account_id: ACCOUNT.into(),
        region: "us-east-1".into(),
        notifications: vec![S3Notification {
            id: Some("on-upload".into()),
            destination_type: destination_type.into(),
            destination_arn: destination.into(),
            events: vec!["s3:ObjectCreated:*".into()],
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// SNS topic `uploads` with one Lambda subscription to `endpoint`.
fn sns_to_lambda(function: LambdaFunction, endpoint: &str) -> Inventory {
    Inventory {
        sns_topics: vec![topic("uploads")],
        sns_subscriptions: vec![subscription("uploads", "0001", "lambda", endpoint)],
        lambda_functions: vec![function],
        ..Default::default()
    }
}

fn paths(inv: &Inventory) -> Vec<FailurePath> {
    failure_paths(&Topology::from_inventory(inv), inv)
}

/// The one failure path from `from` to `to`.
fn path(inv: &Inventory, from: &str, to: &str) -> FailurePath {
    let all = paths(inv);
    let mut matching: Vec<_> = all
        .iter()
        .filter(|p| p.from == from && p.to == to)
        .cloned()
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one path {from} -> {to}, got {all:#?}"
    );
    matching.remove(0)
}

fn stage(
    stage: &'static str,
    actor: &'static str,
    attempts: Option<i64>,
    age: Option<i64>,
    outcome: StageOutcome,
) -> FailureStage {
    FailureStage {
        stage,
        actor,
        attempts,
        max_age_seconds: age,
        outcome,
    }
}

fn sns_delivery(outcome: StageOutcome) -> FailureStage {
    stage("delivery", "SNS", Some(100_015), Some(SNS_AGE), outcome)
}

fn lambda_async(attempts: i64, age: i64, outcome: StageOutcome) -> FailureStage {
    stage(
        "processing",
        "Lambda async",
        Some(attempts),
        Some(age),
        outcome,
    )
}

fn dlq(arn: String) -> StageOutcome {
    StageOutcome::Dlq { arn }
}

fn destination(arn: String) -> StageOutcome {
    StageOutcome::Destination { arn }
}

// ---- SNS → Lambda -----------------------------------------------------------------------

#[test]
fn sns_to_lambda_without_dlq_or_destination_is_dropped_at_both_stages() {
    let inv = sns_to_lambda(function("thumbnailer"), &lambda_arn("thumbnailer"));
    let all = paths(&inv);
    assert_eq!(all.len(), 1, "{all:#?}");
    let p = &all[0];
    assert_eq!(
        (p.from.as_str(), p.to.as_str(), p.kind),
        (
            topic_arn("uploads").as_str(),
            lambda_arn("thumbnailer").as_str(),
            EdgeKind::SnsSubscription
        )
    );
    assert_eq!(
        p.via.as_deref(),
        Some(format!("{}:0001", topic_arn("uploads")).as_str())
    );
    assert_eq!(
        p.stages,
        vec![
            sns_delivery(StageOutcome::Dropped),
            lambda_async(3, SIX_HOURS, StageOutcome::Dropped)
        ]
    );
    assert!(p.dropped);
    assert_eq!(
        p.stages[0].describe(),
        "SNS: 100015 attempts within 23d, then DROPPED"
    );
    assert_eq!(
        p.stages[1].describe(),
        "Lambda async: 3 attempts within 6h, then DROPPED"
    );
}

#[test]
fn lambda_on_failure_destination_catches_what_the_async_queue_gives_up_on() {
    let failures = sqs_arn("thumbnailer-failures");
    let mut f = function("thumbnailer");
    f.async_invoke_configs = vec![AsyncInvokeConfig {
        qualifier: "$LATEST".into(),
        maximum_retry_attempts: Some(0),
        maximum_event_age_seconds: Some(3600),
        on_failure_arn: Some(failures.clone()),
        ..Default::default()
    }];
    let mut inv = sns_to_lambda(f, &lambda_arn("thumbnailer"));
    let p = path(&inv, &topic_arn("uploads"), &lambda_arn("thumbnailer"));
    let processing = lambda_async(1, 3600, destination(failures.clone()));
    assert_eq!(p.stages[1], processing);
    // The subscription itself still has no DLQ: SNS gives up after 23 days.
    assert_eq!(p.stages[0].outcome, StageOutcome::Dropped);
    assert!(p.dropped);

    // With a subscription DLQ as well, nothing on the path drops events.
    let sns_dlq = sqs_arn("uploads-sns-dlq");
    inv.sns_subscriptions[0].redrive_dead_letter_arn = Some(sns_dlq.clone());
    let p = path(&inv, &topic_arn("uploads"), &lambda_arn("thumbnailer"));
    assert_eq!(p.stages, vec![sns_delivery(dlq(sns_dlq)), processing]);
    assert!(!p.dropped);
}

#[test]
fn function_dead_letter_queue_catches_failed_async_events() {
    let fn_dlq = sqs_arn("thumbnailer-dlq");
    let sns_dlq = sqs_arn("uploads-sns-dlq");
    let mut f = function("thumbnailer");
    f.dead_letter_target_arn = Some(fn_dlq.clone());
    let mut inv = sns_to_lambda(f, &lambda_arn("thumbnailer"));
    inv.sns_subscriptions[0].redrive_dead_letter_arn = Some(sns_dlq.clone());
    let p = path(&inv, &topic_arn("uploads"), &lambda_arn("thumbnailer"));
    assert_eq!(
        p.stages,
        vec![
            sns_delivery(dlq(sns_dlq)),
            lambda_async(3, SIX_HOURS, dlq(fn_dlq))
        ]
    );
    assert!(!p.dropped);
}

#[test]
fn qualified_targets_use_the_async_config_of_their_qualifier() {
    let live_failures = sqs_arn("thumbnailer-live-failures");
    let mut f = function("thumbnailer");
    f.async_invoke_configs = vec![
        AsyncInvokeConfig {
            qualifier: "$LATEST".into(),
            maximum_retry_attempts: Some(2),
            ..Default::default()
        },
        AsyncInvokeConfig {
            qualifier: "live".into(),
            maximum_retry_attempts: Some(1),
            maximum_event_age_seconds: Some(1800),
            on_failure_arn: Some(live_failures.clone()),
            ..Default::default()
        },
    ];
    let live = format!("{}:live", lambda_arn("thumbnailer"));
    let mut inv = sns_to_lambda(f, &live);
    inv.sns_subscriptions.push(subscription(
        "uploads",
        "0002",
        "lambda",
        &lambda_arn("thumbnailer"),
    ));

    // Both subscriptions reach the one function node; the qualifier is an edge setting.
    let all = paths(&inv);
    let by_subscription = |id: &str| {
        all.iter()
            .find(|p| p.via.as_deref().is_some_and(|v| v.ends_with(id)))
            .unwrap_or_else(|| panic!("no path via subscription {id}: {all:#?}"))
            .clone()
    };
    let p = by_subscription("0001");
    assert_eq!(
        p.to,
        lambda_arn("thumbnailer"),
        "qualified target collapses to the function node"
    );
    assert_eq!(
        p.stages[1],
        lambda_async(2, 1800, destination(live_failures))
    );
    // The unqualified subscription uses `$LATEST`, which has no destination.
    let p = by_subscription("0002");
    assert_eq!(
        p.stages[1],
        lambda_async(3, SIX_HOURS, StageOutcome::Dropped)
    );
}

// ---- EventBridge ------------------------------------------------------------------------

#[test]
fn eventbridge_target_retry_policy_and_dlq_shape_the_delivery_stage() {
    let target_dlq = sqs_arn("order-placed-dlq");
    let rule_arn = arn("events", "rule/order-placed");
    let inv = Inventory {
        event_rules: vec![EventRule {
            arn: rule_arn.clone(),
            name: "order-placed".into(),
            event_bus_name: "default".into(),
            state: "ENABLED".into(),
            targets: vec![
                RuleTarget {
                    id: "handler".into(),
                    arn: lambda_arn("order-handler"),
                    retry_policy: Some(RetryPolicy {
                        maximum_retry_attempts: Some(4),
                        maximum_event_age_seconds: Some(3600),
                    }),
                    dead_letter_arn: Some(target_dlq.clone()),
                    ..Default::default()
                },
                RuleTarget {
                    id: "audit".into(),
                    arn: sqs_arn("order-audit"),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }],
        lambda_functions: vec![function("order-handler")],
        sqs_queues: vec![queue("order-audit")],
        ..Default::default()
    };
    let p = path(&inv, &rule_arn, &lambda_arn("order-handler"));
    assert_eq!(p.kind, EdgeKind::RuleTarget);
    assert_eq!(p.via.as_deref(), Some("order-placed/handler"));
    assert_eq!(
        p.stages,
        vec![
            stage(
                "delivery",
                "EventBridge",
                Some(5),
                Some(3600),
                dlq(target_dlq)
            ),
            lambda_async(3, SIX_HOURS, StageOutcome::Dropped),
        ]
    );
    // No retry policy: AWS defaults (185 retries over 24 hours); no DLQ: dropped.
    let p = path(&inv, &rule_arn, &sqs_arn("order-audit"));
    assert_eq!(
        p.stages,
        vec![stage(
            "delivery",
            "EventBridge",
            Some(186),
            Some(86_400),
            StageOutcome::Dropped
        )]
    );
    assert!(p.dropped);
}

// ---- Event-source mappings --------------------------------------------------------------

#[test]
fn sqs_mapping_failures_follow_the_queue_redrive_or_expire() {
    let jobs_dlq = sqs_arn("jobs-dlq");
    let mut jobs = queue("jobs");
    jobs.redrive = Some(RedrivePolicy {
        dead_letter_target_arn: jobs_dlq.clone(),
        max_receive_count: 5,
    });
    let inv = Inventory {
        sqs_queues: vec![jobs, queue("jobs-dlq"), queue("reports")],
        lambda_functions: vec![function("worker"), function("reporter")],
        event_source_mappings: vec![
            mapping(
                "1111aaaa-0000-4000-8000-000000000001",
                &sqs_arn("jobs"),
                "worker",
            ),
            mapping(
                "1111aaaa-0000-4000-8000-000000000002",
                &sqs_arn("reports"),
                "reporter",
            ),
        ],
        ..Default::default()
    };
    let p = path(&inv, &sqs_arn("jobs"), &lambda_arn("worker"));
    assert_eq!(p.kind, EdgeKind::EventSourceMapping);
    assert_eq!(
        p.stages,
        vec![stage(
            "processing",
            "Lambda ESM",
            Some(5),
            Some(i64::from(FOUR_DAYS)),
            StageOutcome::Redrive { arn: jobs_dlq }
        )]
    );
    assert!(!p.dropped);

    let p = path(&inv, &sqs_arn("reports"), &lambda_arn("reporter"));
    assert_eq!(
        p.stages,
        vec![stage(
            "processing",
            "Lambda ESM",
            None,
            Some(i64::from(FOUR_DAYS)),
            StageOutcome::Dropped
        )]
    );
    assert!(p.dropped);
    assert_eq!(
        p.stages[0].describe(),
        "Lambda ESM: retries until the event is 4d old, then DROPPED"
    );
}

#[test]
fn kinesis_mapping_retries_until_retention_unless_limited_and_sent_to_a_destination() {
    let stream = kinesis_stream("clicks", 48);
    let stream_arn = stream.arn.clone();
    let failures = sqs_arn("clicks-failures");
    let mut forever = mapping(
        "2222bbbb-0000-4000-8000-000000000001",
        &stream_arn,
        "aggregator",
    );
    forever.starting_position = Some("LATEST".into());
    forever.maximum_retry_attempts = Some(-1);
    forever.maximum_record_age_seconds = Some(-1);
    let mut inv = Inventory {
        kinesis_streams: vec![stream],
        lambda_functions: vec![function("aggregator")],
        event_source_mappings: vec![forever],
        ..Default::default()
    };
    let p = path(&inv, &stream_arn, &lambda_arn("aggregator"));
    assert_eq!(
        p.stages,
        vec![stage(
            "processing",
            "Lambda ESM",
            None,
            Some(48 * 3600),
            StageOutcome::Dropped
        )]
    );
    assert!(p.dropped);

    let m = &mut inv.event_source_mappings[0];
    m.maximum_retry_attempts = Some(2);
    m.maximum_record_age_seconds = Some(3600);
    m.destination_on_failure_arn = Some(failures.clone());
    let p = path(&inv, &stream_arn, &lambda_arn("aggregator"));
    assert_eq!(
        p.stages,
        vec![stage(
            "processing",
            "Lambda ESM",
            Some(3),
            Some(3600),
            destination(failures)
        )]
    );
    assert!(!p.dropped);
}

#[test]
fn mq_mapping_failures_are_handled_by_the_broker() {
    let broker_arn = arn(
        "mq",
        "broker:orders-broker:b-1234a5b6-78cd-901e-2fab-3c45d6e178f9",
    );
    let mut m = mapping(
        "3333cccc-0000-4000-8000-000000000001",
        &broker_arn,
        "mq-consumer",
    );
    m.queues = vec!["orders.inbound".into()];
    let inv = Inventory {
        mq_brokers: vec![MqBroker {
            arn: broker_arn.clone(),
            name: "orders-broker".into(),
            engine_type: "ACTIVEMQ".into(),
            ..Default::default()
        }],
        lambda_functions: vec![function("mq-consumer")],
        event_source_mappings: vec![m],
        ..Default::default()
    };
    let p = path(&inv, &broker_arn, &lambda_arn("mq-consumer"));
    assert_eq!(p.stages.len(), 1);
    assert_eq!(
        (
            p.stages[0].actor,
            p.stages[0].attempts,
            p.stages[0].max_age_seconds
        ),
        ("Lambda ESM", None, None)
    );
    assert!(
        matches!(p.stages[0].outcome, StageOutcome::ServiceManaged { .. }),
        "{:?}",
        p.stages[0].outcome
    );
    assert!(!p.dropped);
}

// ---- S3 ---------------------------------------------------------------------------------

#[test]
fn s3_notification_to_a_queue_is_service_managed() {
    let inv = Inventory {
        s3_buckets: vec![bucket_notifying(
            "uploads",
            "sqs",
            &sqs_arn("transcode-jobs"),
        )],
        sqs_queues: vec![queue("transcode-jobs")],
        ..Default::default()
    };
    let p = path(&inv, "arn:aws:s3:::uploads", &sqs_arn("transcode-jobs"));
    assert_eq!(p.kind, EdgeKind::S3Notification);
    assert_eq!(p.stages.len(), 1, "{:?}", p.stages);
    assert_eq!((p.stages[0].stage, p.stages[0].actor), ("delivery", "S3"));
    assert!(
        matches!(p.stages[0].outcome, StageOutcome::ServiceManaged { .. }),
        "{:?}",
        p.stages[0].outcome
    );
    assert!(!p.dropped);
}

#[test]
fn consumer_function_outside_the_inventory_is_unknown_not_dropped() {
    let missing = lambda_arn("not-scanned");
    let inv = Inventory {
        s3_buckets: vec![bucket_notifying("uploads", "lambda", &missing)],
        ..Default::default()
    };
    let p = path(&inv, "arn:aws:s3:::uploads", &missing);
    assert_eq!(p.stages.len(), 2, "{:?}", p.stages);
    assert!(matches!(
        p.stages[0].outcome,
        StageOutcome::ServiceManaged { .. }
    ));
    assert_eq!(
        (p.stages[1].stage, p.stages[1].actor),
        ("processing", "Lambda async")
    );
    assert_eq!(
        (p.stages[1].attempts, p.stages[1].max_age_seconds),
        (None, None)
    );
    assert!(
        matches!(p.stages[1].outcome, StageOutcome::Unknown { .. }),
        "{:?}",
        p.stages[1].outcome
    );
    assert!(!p.dropped);
}

// ---- Formatting -------------------------------------------------------------------------

#[test]
fn human_durations() {
    assert_eq!(human_duration(21_600), "6h");
    assert_eq!(human_duration(5400), "1h30m");
    assert_eq!(human_duration(0), "0s");
    assert_eq!(human_duration(SNS_AGE), "23d");
    assert_eq!(human_duration(90_061), "1d1h1m1s");
}
