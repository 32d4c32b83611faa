//! End to end against the local emulator for the messaging group: SNS, EventBridge,
//! EventBridge Scheduler, EventBridge Pipes and Step Functions. Each `seed_*` function
//! creates a realistic, self-contained set of resources through the AWS SDK and returns
//! what it created; each test collects with watershed's collector and checks the exact
//! settings read back (other tests share the emulator, so resources are found by ARN).

use super::emulator;
use aws_config::SdkConfig;
use watershed::collect::CollectCtx;
use watershed::collect::client::sdk_config;
use watershed::model::JsonDoc;
use watershed::model::sns::DeliveryStatusLogging;

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

fn ctx(config: &SdkConfig) -> CollectCtx {
    CollectCtx::standalone(config.clone(), ACCOUNT, REGION)
}

/// A role ARN (the emulator does not require the role to exist for these services).
fn role(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

/// A Lambda function ARN (SNS, EventBridge, Pipes and Scheduler accept it without the
/// function existing in the emulator, as they would in AWS until the first delivery).
fn function(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}

fn log_group(name: &str) -> String {
    format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{name}:*")
}

const KMS_KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

/// Creates an SQS queue and returns its ARN.
async fn queue(config: &SdkConfig, name: &str) -> String {
    use aws_sdk_sqs::types::QueueAttributeName;
    let sqs = aws_sdk_sqs::Client::new(config);
    let mut req = sqs.create_queue().queue_name(name);
    if name.ends_with(".fifo") {
        req = req.attributes(QueueAttributeName::FifoQueue, "true");
    }
    let url = req.send().await.unwrap().queue_url.unwrap();
    sqs.get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap()[&QueueAttributeName::QueueArn]
        .clone()
}

// ---------------------------------------------------------------------------------------
// SNS
// ---------------------------------------------------------------------------------------

/// What [`seed_sns`] created.
#[derive(Debug, Clone)]
pub struct SeededSns {
    /// FIFO topic with content-based deduplication.
    pub fifo_topic_arn: String,
    /// Standard topic with KMS, a custom policy, delivery-status logging and tags.
    pub topic_arn: String,
    /// The topic policy set on `topic_arn`.
    pub topic_policy: serde_json::Value,
    /// Role used for delivery-status logging.
    pub feedback_role_arn: String,
    /// Subscribed queue.
    pub queue_arn: String,
    /// Dead-letter queue of the SQS subscription.
    pub dlq_arn: String,
    /// SQS subscription: filter policy on attributes, raw delivery, redrive policy.
    pub sqs_subscription_arn: String,
    /// Filter policy of the SQS subscription.
    pub sqs_filter_policy: serde_json::Value,
    /// Lambda endpoint.
    pub function_arn: String,
    /// Lambda subscription: filter policy on the message body.
    pub lambda_subscription_arn: String,
    /// HTTPS endpoint.
    pub https_endpoint: String,
    /// HTTPS subscription with a delivery policy.
    pub https_subscription_arn: String,
    /// Email endpoint.
    pub email: String,
    /// Email subscription.
    pub email_subscription_arn: String,
    /// FIFO queue subscribed to the FIFO topic.
    pub fifo_queue_arn: String,
    /// Subscription of the FIFO queue to the FIFO topic (raw delivery).
    pub fifo_subscription_arn: String,
}

/// Seeds two topics and five subscriptions (sqs, lambda, https, email on the standard topic;
/// sqs on the FIFO topic).
pub async fn seed_sns(config: &SdkConfig) -> SeededSns {
    let sns = aws_sdk_sns::Client::new(config);
    let queue_arn = queue(config, &emulator::unique("sns-orders")).await;
    let dlq_arn = queue(config, &emulator::unique("sns-orders-dlq")).await;
    let fifo_queue_arn = queue(config, &format!("{}.fifo", emulator::unique("sns-ledger"))).await;

    let fifo_topic_arn = sns
        .create_topic()
        .name(format!("{}.fifo", emulator::unique("ledger")))
        .attributes("FifoTopic", "true")
        .attributes("ContentBasedDeduplication", "true")
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();

    let name = emulator::unique("video-events");
    let topic_arn = format!("arn:aws:sns:{REGION}:{ACCOUNT}:{name}");
    let topic_policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "s3-publish",
            "Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": topic_arn,
        }]
    });
    let feedback_role_arn = role("sns-delivery-feedback");
    let created = sns
        .create_topic()
        .name(&name)
        .attributes("KmsMasterKeyId", "alias/aws/sns")
        .attributes("Policy", topic_policy.to_string())
        .tags(
            aws_sdk_sns::types::Tag::builder()
                .key("team")
                .value("video")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();
    assert_eq!(created, topic_arn);
    for (attr, value) in [
        ("LambdaSuccessFeedbackRoleArn", feedback_role_arn.as_str()),
        ("LambdaFailureFeedbackRoleArn", feedback_role_arn.as_str()),
        ("LambdaSuccessFeedbackSampleRate", "50"),
        ("SQSFailureFeedbackRoleArn", feedback_role_arn.as_str()),
        ("TracingConfig", "Active"),
    ] {
        sns.set_topic_attributes()
            .topic_arn(&topic_arn)
            .attribute_name(attr)
            .attribute_value(value)
            .send()
            .await
            .unwrap();
    }

    let sqs_filter_policy = serde_json::json!({"kind": ["upload", "transcode"]});
    let sqs_subscription_arn = sns
        .subscribe()
        .topic_arn(&topic_arn)
        .protocol("sqs")
        .endpoint(&queue_arn)
        .attributes("FilterPolicy", sqs_filter_policy.to_string())
        .attributes("RawMessageDelivery", "true")
        .attributes(
            "RedrivePolicy",
            serde_json::json!({"deadLetterTargetArn": dlq_arn}).to_string(),
        )
        .return_subscription_arn(true)
        .send()
        .await
        .unwrap()
        .subscription_arn
        .unwrap();

    let function_arn = function(&emulator::unique("thumbnailer"));
    let lambda_subscription_arn = sns
        .subscribe()
        .topic_arn(&topic_arn)
        .protocol("lambda")
        .endpoint(&function_arn)
        .attributes("FilterPolicyScope", "MessageBody")
        .attributes(
            "FilterPolicy",
            r#"{"detail":{"size":[{"numeric":[">",1000]}]}}"#,
        )
        .return_subscription_arn(true)
        .send()
        .await
        .unwrap()
        .subscription_arn
        .unwrap();

    let https_endpoint = format!("https://hooks.example.com/{}", emulator::unique("video"));
    let https_subscription_arn = sns
        .subscribe()
        .topic_arn(&topic_arn)
        .protocol("https")
        .endpoint(&https_endpoint)
        .attributes(
            "DeliveryPolicy",
            r#"{"healthyRetryPolicy":{"numRetries":5,"minDelayTarget":1,"maxDelayTarget":60}}"#,
        )
        .return_subscription_arn(true)
        .send()
        .await
        .unwrap()
        .subscription_arn
        .unwrap();

    let email = format!("{}@example.com", emulator::unique("oncall"));
    let email_subscription_arn = sns
        .subscribe()
        .topic_arn(&topic_arn)
        .protocol("email")
        .endpoint(&email)
        .return_subscription_arn(true)
        .send()
        .await
        .unwrap()
        .subscription_arn
        .unwrap();

    let fifo_subscription_arn = sns
        .subscribe()
        .topic_arn(&fifo_topic_arn)
        .protocol("sqs")
        .endpoint(&fifo_queue_arn)
        .attributes("RawMessageDelivery", "true")
        .return_subscription_arn(true)
        .send()
        .await
        .unwrap()
        .subscription_arn
        .unwrap();

    SeededSns {
        fifo_topic_arn,
        topic_arn,
        topic_policy,
        feedback_role_arn,
        queue_arn,
        dlq_arn,
        sqs_subscription_arn,
        sqs_filter_policy,
        function_arn,
        lambda_subscription_arn,
        https_endpoint,
        https_subscription_arn,
        email,
        email_subscription_arn,
        fifo_queue_arn,
        fifo_subscription_arn,
    }
}

#[tokio::test]
async fn sns_topics_and_subscriptions_are_read_back() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let seeded = seed_sns(&config).await;
    let ctx = ctx(&config);
    let inv = watershed::collect::sns::collect(&ctx)
        .await
        .expect("collect succeeds");
    assert!(ctx.take_gaps().is_empty());

    let fifo = inv
        .sns_topics
        .iter()
        .find(|t| t.arn == seeded.fifo_topic_arn)
        .expect("fifo topic");
    assert!(fifo.fifo);
    assert!(fifo.content_based_deduplication);
    assert_eq!(fifo.kms_master_key_id, None);

    let t = inv
        .sns_topics
        .iter()
        .find(|t| t.arn == seeded.topic_arn)
        .expect("topic");
    assert!(!t.fifo);
    assert_eq!(t.name, seeded.topic_arn.rsplit(':').next().unwrap());
    assert_eq!(t.kms_master_key_id.as_deref(), Some("alias/aws/sns"));
    assert_eq!(
        t.policy.as_ref().map(JsonDoc::value),
        Some(&seeded.topic_policy)
    );
    assert_eq!(t.tags.get("team").map(String::as_str), Some("video"));
    // The effective delivery policy is read verbatim. moto always answers its default
    // (3 linear retries, without the `http` wrapper AWS puts around it).
    let dp = t
        .delivery_policy
        .as_ref()
        .expect("effective delivery policy");
    let healthy = &dp.value()["defaultHealthyRetryPolicy"];
    let healthy = if healthy.is_null() {
        &dp.value()["http"]["defaultHealthyRetryPolicy"]
    } else {
        healthy
    };
    assert_eq!(healthy["numRetries"], 3, "{dp:?}");
    // moto stores but never returns the delivery-status logging attributes and
    // TracingConfig in GetTopicAttributes (AWS does: the unit tests of
    // `topic_from_attributes` cover the parsing). What AWS returns must match the seed.
    let expected_logging = vec![
        DeliveryStatusLogging {
            protocol: "lambda".into(),
            success_feedback_role_arn: Some(seeded.feedback_role_arn.clone()),
            failure_feedback_role_arn: Some(seeded.feedback_role_arn.clone()),
            success_feedback_sample_rate: Some(50),
        },
        DeliveryStatusLogging {
            protocol: "sqs".into(),
            failure_feedback_role_arn: Some(seeded.feedback_role_arn.clone()),
            ..Default::default()
        },
    ];
    assert!(
        t.delivery_status_logging.is_empty() || t.delivery_status_logging == expected_logging,
        "{:?}",
        t.delivery_status_logging
    );
    assert!(t.tracing_config.is_none() || t.tracing_config.as_deref() == Some("Active"));

    let sub = |arn: &str| {
        inv.sns_subscriptions
            .iter()
            .find(|s| s.arn == arn)
            .unwrap_or_else(|| panic!("subscription {arn}"))
    };
    // Listed once for the region: every subscription of both topics is there.
    let sqs = sub(&seeded.sqs_subscription_arn);
    assert_eq!(sqs.topic_arn, seeded.topic_arn);
    assert_eq!(sqs.protocol, "sqs");
    assert_eq!(sqs.endpoint, seeded.queue_arn);
    assert_eq!(sqs.owner.as_deref(), Some(ACCOUNT));
    assert!(!sqs.pending_confirmation);
    assert!(sqs.raw_message_delivery);
    assert_eq!(
        sqs.filter_policy.as_ref().map(JsonDoc::value),
        Some(&seeded.sqs_filter_policy)
    );
    // The default scope, reported once a filter policy is set.
    assert_eq!(
        sqs.filter_policy_scope.as_deref(),
        Some("MessageAttributes")
    );
    assert_eq!(
        sqs.redrive_dead_letter_arn.as_deref(),
        Some(seeded.dlq_arn.as_str())
    );
    assert_eq!(sqs.delivery_policy, None);

    let lambda = sub(&seeded.lambda_subscription_arn);
    assert_eq!(lambda.protocol, "lambda");
    assert_eq!(lambda.endpoint, seeded.function_arn);
    assert_eq!(lambda.filter_policy_scope.as_deref(), Some("MessageBody"));
    assert_eq!(
        lambda.filter_policy.as_ref().unwrap().value()["detail"]["size"][0]["numeric"][1],
        1000
    );
    assert!(!lambda.raw_message_delivery);
    assert_eq!(lambda.redrive_dead_letter_arn, None);

    let https = sub(&seeded.https_subscription_arn);
    assert_eq!(https.protocol, "https");
    assert_eq!(https.endpoint, seeded.https_endpoint);
    assert_eq!(
        https.delivery_policy.as_ref().unwrap().value()["healthyRetryPolicy"]["numRetries"],
        5
    );

    // moto confirms email subscriptions at once; a real pending one has the ARN
    // `PendingConfirmation` and is covered by the unit tests (`pending_arn`).
    let email = sub(&seeded.email_subscription_arn);
    assert_eq!(email.protocol, "email");
    assert_eq!(email.endpoint, seeded.email);
    assert!(!email.pending_confirmation);

    let fifo_sub = sub(&seeded.fifo_subscription_arn);
    assert_eq!(fifo_sub.topic_arn, seeded.fifo_topic_arn);
    assert_eq!(fifo_sub.endpoint, seeded.fifo_queue_arn);
    assert!(fifo_sub.raw_message_delivery);
}

// ---------------------------------------------------------------------------------------
// EventBridge
// ---------------------------------------------------------------------------------------

/// What [`seed_eventbridge`] created.
#[derive(Debug, Clone)]
pub struct SeededEventBridge {
    /// Custom bus: description, KMS key, dead-letter queue, tags, a resource policy.
    pub bus_name: String,
    /// Its ARN.
    pub bus_arn: String,
    /// Dead-letter queue of the bus.
    pub bus_dlq_arn: String,
    /// Account allowed to put events on the bus.
    pub allowed_account: String,
    /// Pattern rule on the custom bus.
    pub pattern_rule_arn: String,
    /// Its name.
    pub pattern_rule_name: String,
    /// Its event pattern.
    pub pattern: serde_json::Value,
    /// Lambda target of the pattern rule (retry policy, DLQ, input transformer).
    pub function_arn: String,
    /// Dead-letter queue of the Lambda target.
    pub target_dlq_arn: String,
    /// SQS target of the pattern rule (input path).
    pub queue_arn: String,
    /// SQS FIFO target of the pattern rule (message group id).
    pub fifo_queue_arn: String,
    /// Kinesis target of the pattern rule (partition key path, role).
    pub stream_arn: String,
    /// Role of the Kinesis target.
    pub target_role_arn: String,
    /// Disabled scheduled rule on the default bus.
    pub schedule_rule_arn: String,
    /// Its name.
    pub schedule_rule_name: String,
    /// Constant-input Lambda target of the scheduled rule.
    pub schedule_function_arn: String,
}

/// Seeds a custom bus with a policy and a pattern rule with four targets, and a disabled
/// scheduled rule on the default bus.
pub async fn seed_eventbridge(config: &SdkConfig) -> SeededEventBridge {
    use aws_sdk_eventbridge::types::{
        DeadLetterConfig, InputTransformer, KinesisParameters, RetryPolicy, RuleState,
        SqsParameters, Tag, Target,
    };
    let eb = aws_sdk_eventbridge::Client::new(config);
    let bus_dlq_arn = queue(config, &emulator::unique("bus-dlq")).await;
    let target_dlq_arn = queue(config, &emulator::unique("rule-dlq")).await;
    let queue_arn = queue(config, &emulator::unique("rule-orders")).await;
    let fifo_queue_arn = queue(config, &format!("{}.fifo", emulator::unique("rule-ledger"))).await;

    let bus_name = emulator::unique("orders-bus");
    let bus_arn = eb
        .create_event_bus()
        .name(&bus_name)
        .description("orders domain events")
        .kms_key_identifier(KMS_KEY)
        .dead_letter_config(DeadLetterConfig::builder().arn(&bus_dlq_arn).build())
        .tags(Tag::builder().key("team").value("orders").build().unwrap())
        .send()
        .await
        .unwrap()
        .event_bus_arn
        .unwrap();
    let allowed_account = "111122223333".to_string();
    eb.put_permission()
        .event_bus_name(&bus_name)
        .action("events:PutEvents")
        .principal(&allowed_account)
        .statement_id("partner-put")
        .send()
        .await
        .unwrap();

    let pattern_rule_name = emulator::unique("order-placed");
    let pattern = serde_json::json!({"source": ["shop.orders"], "detail-type": ["OrderPlaced"]});
    let pattern_rule_arn = eb
        .put_rule()
        .name(&pattern_rule_name)
        .event_bus_name(&bus_name)
        .event_pattern(pattern.to_string())
        .description("orders to fulfilment")
        .state(RuleState::Enabled)
        .tags(
            Tag::builder()
                .key("flow")
                .value("fulfilment")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .rule_arn
        .unwrap();
    let function_arn = function(&emulator::unique("fulfil"));
    let stream_arn = format!(
        "arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{}",
        emulator::unique("orders-stream")
    );
    let target_role_arn = role("events-to-kinesis");
    eb.put_targets()
        .rule(&pattern_rule_name)
        .event_bus_name(&bus_name)
        .targets(
            Target::builder()
                .id("fulfil")
                .arn(&function_arn)
                .input_transformer(
                    InputTransformer::builder()
                        .input_paths_map("order", "$.detail.orderId")
                        .input_paths_map("at", "$.time")
                        .input_template(r#"{"order": <order>, "at": <at>}"#)
                        .build()
                        .unwrap(),
                )
                .retry_policy(
                    RetryPolicy::builder()
                        .maximum_retry_attempts(3)
                        .maximum_event_age_in_seconds(900)
                        .build(),
                )
                .dead_letter_config(DeadLetterConfig::builder().arn(&target_dlq_arn).build())
                .build()
                .unwrap(),
        )
        .targets(
            Target::builder()
                .id("audit")
                .arn(&queue_arn)
                .input_path("$.detail")
                .build()
                .unwrap(),
        )
        .targets(
            Target::builder()
                .id("ledger")
                .arn(&fifo_queue_arn)
                .sqs_parameters(SqsParameters::builder().message_group_id("orders").build())
                .build()
                .unwrap(),
        )
        .targets(
            Target::builder()
                .id("stream")
                .arn(&stream_arn)
                .role_arn(&target_role_arn)
                .kinesis_parameters(
                    KinesisParameters::builder()
                        .partition_key_path("$.detail.customerId")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let schedule_rule_name = emulator::unique("nightly-report");
    let schedule_rule_arn = eb
        .put_rule()
        .name(&schedule_rule_name)
        .schedule_expression("rate(5 minutes)")
        .state(RuleState::Disabled)
        .send()
        .await
        .unwrap()
        .rule_arn
        .unwrap();
    let schedule_function_arn = function(&emulator::unique("report"));
    eb.put_targets()
        .rule(&schedule_rule_name)
        .targets(
            Target::builder()
                .id("report")
                .arn(&schedule_function_arn)
                .input(r#"{"report":"daily"}"#)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    SeededEventBridge {
        bus_name,
        bus_arn,
        bus_dlq_arn,
        allowed_account,
        pattern_rule_arn,
        pattern_rule_name,
        pattern,
        function_arn,
        target_dlq_arn,
        queue_arn,
        fifo_queue_arn,
        stream_arn,
        target_role_arn,
        schedule_rule_arn,
        schedule_rule_name,
        schedule_function_arn,
    }
}

#[tokio::test]
async fn eventbridge_buses_rules_and_targets_are_read_back() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let seeded = seed_eventbridge(&config).await;
    let ctx = ctx(&config);
    let inv = watershed::collect::eventbridge::collect(&ctx)
        .await
        .expect("collect succeeds");
    assert!(ctx.take_gaps().is_empty(), "{:?}", ctx.take_gaps());

    assert!(inv.event_buses.iter().any(|b| b.name == "default"));
    let bus = inv
        .event_buses
        .iter()
        .find(|b| b.arn == seeded.bus_arn)
        .expect("custom bus");
    assert_eq!(bus.name, seeded.bus_name);
    assert_eq!(bus.description.as_deref(), Some("orders domain events"));
    assert_eq!(bus.kms_key_identifier.as_deref(), Some(KMS_KEY));
    assert_eq!(
        bus.dead_letter_arn.as_deref(),
        Some(seeded.bus_dlq_arn.as_str())
    );
    assert_eq!(bus.tags.get("team").map(String::as_str), Some("orders"));
    let policy = bus.policy.as_ref().expect("bus policy").value();
    let st = &policy["Statement"][0];
    assert_eq!(st["Sid"], "partner-put");
    assert_eq!(st["Action"], "events:PutEvents");
    assert!(
        st["Principal"]
            .to_string()
            .contains(&seeded.allowed_account),
        "{st}"
    );

    let rule = inv
        .event_rules
        .iter()
        .find(|r| r.arn == seeded.pattern_rule_arn)
        .expect("pattern rule");
    assert_eq!(rule.name, seeded.pattern_rule_name);
    assert_eq!(rule.event_bus_name, seeded.bus_name);
    assert_eq!(
        rule.event_pattern.as_ref().map(JsonDoc::value),
        Some(&seeded.pattern)
    );
    assert_eq!(rule.schedule_expression, None);
    assert_eq!(rule.state, "ENABLED");
    assert_eq!(rule.description.as_deref(), Some("orders to fulfilment"));
    assert_eq!(rule.managed_by, None);
    assert_eq!(
        rule.tags.get("flow").map(String::as_str),
        Some("fulfilment")
    );
    assert_eq!(rule.targets.len(), 4);
    let target = |id: &str| rule.targets.iter().find(|t| t.id == id).unwrap();

    let fulfil = target("fulfil");
    assert_eq!(fulfil.arn, seeded.function_arn);
    let rp = fulfil.retry_policy.as_ref().expect("retry policy");
    assert_eq!(
        (rp.maximum_retry_attempts, rp.maximum_event_age_seconds),
        (Some(3), Some(900))
    );
    assert_eq!(
        fulfil.dead_letter_arn.as_deref(),
        Some(seeded.target_dlq_arn.as_str())
    );
    let it = fulfil
        .input_transformer
        .as_ref()
        .expect("input transformer");
    assert_eq!(it.input_paths_map["order"], "$.detail.orderId");
    assert_eq!(it.input_paths_map["at"], "$.time");
    assert_eq!(it.input_template, r#"{"order": <order>, "at": <at>}"#);
    assert_eq!(
        (fulfil.input.as_deref(), fulfil.input_path.as_deref()),
        (None, None)
    );

    let audit = target("audit");
    assert_eq!(audit.arn, seeded.queue_arn);
    assert_eq!(audit.input_path.as_deref(), Some("$.detail"));
    assert_eq!(audit.retry_policy, None);
    assert_eq!(audit.dead_letter_arn, None);

    let ledger = target("ledger");
    assert_eq!(ledger.arn, seeded.fifo_queue_arn);
    assert_eq!(ledger.sqs_message_group_id.as_deref(), Some("orders"));

    let stream = target("stream");
    assert_eq!(stream.arn, seeded.stream_arn);
    assert_eq!(
        stream.role_arn.as_deref(),
        Some(seeded.target_role_arn.as_str())
    );
    assert_eq!(
        stream.kinesis_partition_key_path.as_deref(),
        Some("$.detail.customerId")
    );

    let nightly = inv
        .event_rules
        .iter()
        .find(|r| r.arn == seeded.schedule_rule_arn)
        .expect("scheduled rule");
    assert_eq!(nightly.name, seeded.schedule_rule_name);
    assert_eq!(nightly.event_bus_name, "default");
    assert_eq!(
        nightly.schedule_expression.as_deref(),
        Some("rate(5 minutes)")
    );
    assert_eq!(nightly.event_pattern, None);
    assert_eq!(nightly.state, "DISABLED");
    assert_eq!(nightly.targets.len(), 1);
    assert_eq!(nightly.targets[0].arn, seeded.schedule_function_arn);
    assert_eq!(
        nightly.targets[0].input.as_deref(),
        Some(r#"{"report":"daily"}"#)
    );
}

// ---------------------------------------------------------------------------------------
// Scheduler
// ---------------------------------------------------------------------------------------

/// What [`seed_scheduler`] created.
#[derive(Debug, Clone)]
pub struct SeededScheduler {
    /// Custom schedule group.
    pub group_name: String,
    /// Cron schedule in the custom group: time zone, flexible window, KMS, dates, SQS FIFO
    /// target with role, input, retry policy, DLQ and message group.
    pub cron_schedule_arn: String,
    /// Its name.
    pub cron_schedule_name: String,
    /// Its start date (RFC 3339).
    pub start_date: String,
    /// Its end date (RFC 3339).
    pub end_date: String,
    /// Its target queue.
    pub fifo_queue_arn: String,
    /// Its dead-letter queue.
    pub dlq_arn: String,
    /// Role of both schedules.
    pub role_arn: String,
    /// Disabled rate schedule in the default group, Lambda target without retry policy.
    pub rate_schedule_arn: String,
    /// Its name.
    pub rate_schedule_name: String,
    /// Its target.
    pub function_arn: String,
}

/// Seeds a schedule group and two schedules.
pub async fn seed_scheduler(config: &SdkConfig) -> SeededScheduler {
    use aws_sdk_scheduler::types::{
        ActionAfterCompletion, DeadLetterConfig, FlexibleTimeWindow, FlexibleTimeWindowMode,
        RetryPolicy, ScheduleState, SqsParameters, Target,
    };
    use aws_smithy_types::DateTime;
    use aws_smithy_types::date_time::Format;
    let scheduler = aws_sdk_scheduler::Client::new(config);
    let fifo_queue_arn = queue(config, &format!("{}.fifo", emulator::unique("sched-jobs"))).await;
    let dlq_arn = queue(config, &emulator::unique("sched-dlq")).await;
    let role_arn = role("scheduler-invoke");

    let group_name = emulator::unique("billing");
    scheduler
        .create_schedule_group()
        .name(&group_name)
        .send()
        .await
        .unwrap();

    // Whole seconds, in the future (a recurring schedule may not start in the past).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let start = DateTime::from_secs(now + 86_400);
    let end = DateTime::from_secs(now + 30 * 86_400);
    let cron_schedule_name = emulator::unique("invoice-run");
    let cron_schedule_arn = scheduler
        .create_schedule()
        .name(&cron_schedule_name)
        .group_name(&group_name)
        .description("monthly invoices")
        .schedule_expression("cron(0 6 1 * ? *)")
        .schedule_expression_timezone("Europe/Paris")
        .start_date(start)
        .end_date(end)
        .kms_key_arn(KMS_KEY)
        .action_after_completion(ActionAfterCompletion::None)
        .flexible_time_window(
            FlexibleTimeWindow::builder()
                .mode(FlexibleTimeWindowMode::Flexible)
                .maximum_window_in_minutes(15)
                .build()
                .unwrap(),
        )
        .target(
            Target::builder()
                .arn(&fifo_queue_arn)
                .role_arn(&role_arn)
                .input(r#"{"run":"invoices"}"#)
                .retry_policy(
                    RetryPolicy::builder()
                        .maximum_retry_attempts(4)
                        .maximum_event_age_in_seconds(3600)
                        .build(),
                )
                .dead_letter_config(DeadLetterConfig::builder().arn(&dlq_arn).build())
                .sqs_parameters(
                    SqsParameters::builder()
                        .message_group_id("invoices")
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .schedule_arn;

    let rate_schedule_name = emulator::unique("cache-warm");
    let function_arn = function(&emulator::unique("warmer"));
    let rate_schedule_arn = scheduler
        .create_schedule()
        .name(&rate_schedule_name)
        .schedule_expression("rate(1 hour)")
        .state(ScheduleState::Disabled)
        .flexible_time_window(
            FlexibleTimeWindow::builder()
                .mode(FlexibleTimeWindowMode::Off)
                .build()
                .unwrap(),
        )
        .target(
            Target::builder()
                .arn(&function_arn)
                .role_arn(&role_arn)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .schedule_arn;

    SeededScheduler {
        group_name,
        cron_schedule_arn,
        cron_schedule_name,
        start_date: start.fmt(Format::DateTime).unwrap(),
        end_date: end.fmt(Format::DateTime).unwrap(),
        fifo_queue_arn,
        dlq_arn,
        role_arn,
        rate_schedule_arn,
        rate_schedule_name,
        function_arn,
    }
}

#[tokio::test]
async fn scheduler_schedules_are_read_back() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let seeded = seed_scheduler(&config).await;
    let ctx = ctx(&config);
    let inv = watershed::collect::schedules::collect(&ctx)
        .await
        .expect("collect succeeds");
    assert!(ctx.take_gaps().is_empty());

    let cron = inv
        .schedules
        .iter()
        .find(|s| s.arn == seeded.cron_schedule_arn)
        .expect("cron schedule");
    assert_eq!(cron.name, seeded.cron_schedule_name);
    assert_eq!(cron.group_name, seeded.group_name);
    assert_eq!(cron.description.as_deref(), Some("monthly invoices"));
    assert_eq!(cron.schedule_expression, "cron(0 6 1 * ? *)");
    assert_eq!(
        cron.schedule_expression_timezone.as_deref(),
        Some("Europe/Paris")
    );
    assert_eq!(cron.state, "ENABLED");
    assert_eq!(cron.flexible_time_window_mode.as_deref(), Some("FLEXIBLE"));
    assert_eq!(cron.maximum_window_minutes, Some(15));
    assert_eq!(cron.start_date.as_deref(), Some(seeded.start_date.as_str()));
    assert_eq!(cron.end_date.as_deref(), Some(seeded.end_date.as_str()));
    assert_eq!(cron.kms_key_arn.as_deref(), Some(KMS_KEY));
    assert_eq!(cron.action_after_completion.as_deref(), Some("NONE"));
    let t = &cron.target;
    assert_eq!(t.arn, seeded.fifo_queue_arn);
    assert_eq!(t.role_arn, seeded.role_arn);
    assert_eq!(t.input.as_deref(), Some(r#"{"run":"invoices"}"#));
    let rp = t.retry_policy.as_ref().expect("retry policy");
    assert_eq!(
        (rp.maximum_retry_attempts, rp.maximum_event_age_seconds),
        (Some(4), Some(3600))
    );
    assert_eq!(t.dead_letter_arn.as_deref(), Some(seeded.dlq_arn.as_str()));
    assert_eq!(t.sqs_message_group_id.as_deref(), Some("invoices"));

    let rate = inv
        .schedules
        .iter()
        .find(|s| s.arn == seeded.rate_schedule_arn)
        .expect("rate schedule");
    assert_eq!(rate.name, seeded.rate_schedule_name);
    assert_eq!(rate.group_name, "default");
    assert_eq!(rate.schedule_expression, "rate(1 hour)");
    assert_eq!(rate.state, "DISABLED");
    assert_eq!(rate.flexible_time_window_mode.as_deref(), Some("OFF"));
    assert_eq!(rate.maximum_window_minutes, None);
    // Without a time zone the service reports UTC.
    assert_eq!(rate.schedule_expression_timezone.as_deref(), Some("UTC"));
    assert_eq!(rate.kms_key_arn, None);
    assert_eq!(
        (rate.start_date.as_deref(), rate.end_date.as_deref()),
        (None, None)
    );
    assert_eq!(rate.target.arn, seeded.function_arn);
    assert_eq!(rate.target.input, None);
    assert_eq!(rate.target.dead_letter_arn, None);
    // Without a retry policy the service reports its default: 185 attempts over 24 hours.
    let rp = rate
        .target
        .retry_policy
        .as_ref()
        .expect("default retry policy");
    assert_eq!(
        (rp.maximum_retry_attempts, rp.maximum_event_age_seconds),
        (Some(185), Some(86_400))
    );
}

// ---------------------------------------------------------------------------------------
// Pipes
// ---------------------------------------------------------------------------------------

/// What [`seed_pipes`] created.
#[derive(Debug, Clone)]
pub struct SeededPipes {
    /// SQS → Lambda enrichment → Step Functions pipe, with filters, logs, KMS and tags.
    pub sqs_pipe_arn: String,
    /// Its name.
    pub sqs_pipe_name: String,
    /// Its source queue.
    pub queue_arn: String,
    /// Its enrichment function.
    pub enrichment_arn: String,
    /// Its target state machine.
    pub state_machine_arn: String,
    /// Its log group.
    pub log_group_arn: String,
    /// Its filter pattern.
    pub filter: serde_json::Value,
    /// Stopped Kinesis → Lambda pipe with stream settings and a dead-letter queue.
    pub stream_pipe_arn: String,
    /// Its name.
    pub stream_pipe_name: String,
    /// Its source stream.
    pub stream_arn: String,
    /// Its dead-letter queue.
    pub dlq_arn: String,
    /// Its target function.
    pub function_arn: String,
    /// Role of both pipes.
    pub role_arn: String,
}

/// Seeds two pipes: SQS → Lambda → SFN (fire and forget) and Kinesis → Lambda (stopped).
pub async fn seed_pipes(config: &SdkConfig) -> SeededPipes {
    use aws_sdk_pipes::types::{
        CloudwatchLogsLogDestinationParameters, DeadLetterConfig, Filter, FilterCriteria,
        KinesisStreamStartPosition, LogLevel, OnPartialBatchItemFailureStreams,
        PipeLogConfigurationParameters, PipeSourceKinesisStreamParameters, PipeSourceParameters,
        PipeSourceSqsQueueParameters, PipeTargetInvocationType, PipeTargetLambdaFunctionParameters,
        PipeTargetParameters, PipeTargetStateMachineParameters, RequestedPipeState,
    };
    let pipes = aws_sdk_pipes::Client::new(config);
    let queue_arn = queue(config, &emulator::unique("pipe-src")).await;
    let dlq_arn = queue(config, &emulator::unique("pipe-dlq")).await;
    let role_arn = role("pipe-role");
    let enrichment_arn = function(&emulator::unique("enrich"));
    let state_machine_arn = format!(
        "arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{}",
        emulator::unique("fulfil")
    );
    let log_group_arn = format!(
        "arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/vendedlogs/pipes/{}",
        emulator::unique("orders")
    );
    let filter = serde_json::json!({"body": {"status": ["NEW"]}});

    let sqs_pipe_name = emulator::unique("orders-pipe");
    let sqs_pipe_arn = pipes
        .create_pipe()
        .name(&sqs_pipe_name)
        .description("orders to fulfilment")
        .desired_state(RequestedPipeState::Running)
        .source(&queue_arn)
        .source_parameters(
            PipeSourceParameters::builder()
                .sqs_queue_parameters(
                    PipeSourceSqsQueueParameters::builder()
                        .batch_size(5)
                        .maximum_batching_window_in_seconds(20)
                        .build(),
                )
                .filter_criteria(
                    FilterCriteria::builder()
                        .filters(Filter::builder().pattern(filter.to_string()).build())
                        .build(),
                )
                .build(),
        )
        .enrichment(&enrichment_arn)
        .target(&state_machine_arn)
        .target_parameters(
            PipeTargetParameters::builder()
                .step_function_state_machine_parameters(
                    PipeTargetStateMachineParameters::builder()
                        .invocation_type(PipeTargetInvocationType::FireAndForget)
                        .build(),
                )
                .build(),
        )
        .role_arn(&role_arn)
        .log_configuration(
            PipeLogConfigurationParameters::builder()
                .level(LogLevel::Error)
                .cloudwatch_logs_log_destination(
                    CloudwatchLogsLogDestinationParameters::builder()
                        .log_group_arn(&log_group_arn)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .kms_key_identifier(KMS_KEY)
        .tags("team", "orders")
        .send()
        .await
        .unwrap()
        .arn
        .unwrap();

    let stream_arn = format!(
        "arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{}",
        emulator::unique("clicks")
    );
    let function_arn = function(&emulator::unique("clicks-consumer"));
    let stream_pipe_name = emulator::unique("clicks-pipe");
    let stream_pipe_arn = pipes
        .create_pipe()
        .name(&stream_pipe_name)
        .desired_state(RequestedPipeState::Stopped)
        .source(&stream_arn)
        .source_parameters(
            PipeSourceParameters::builder()
                .kinesis_stream_parameters(
                    PipeSourceKinesisStreamParameters::builder()
                        .starting_position(KinesisStreamStartPosition::TrimHorizon)
                        .batch_size(100)
                        .maximum_batching_window_in_seconds(5)
                        .maximum_retry_attempts(3)
                        .maximum_record_age_in_seconds(3600)
                        .on_partial_batch_item_failure(
                            OnPartialBatchItemFailureStreams::AutomaticBisect,
                        )
                        .dead_letter_config(DeadLetterConfig::builder().arn(&dlq_arn).build())
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .target(&function_arn)
        .target_parameters(
            PipeTargetParameters::builder()
                .lambda_function_parameters(
                    PipeTargetLambdaFunctionParameters::builder()
                        .invocation_type(PipeTargetInvocationType::RequestResponse)
                        .build(),
                )
                .build(),
        )
        .role_arn(&role_arn)
        .send()
        .await
        .unwrap()
        .arn
        .unwrap();

    SeededPipes {
        sqs_pipe_arn,
        sqs_pipe_name,
        queue_arn,
        enrichment_arn,
        state_machine_arn,
        log_group_arn,
        filter,
        stream_pipe_arn,
        stream_pipe_name,
        stream_arn,
        dlq_arn,
        function_arn,
        role_arn,
    }
}

#[tokio::test]
async fn pipes_are_read_back() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let seeded = seed_pipes(&config).await;
    let ctx = ctx(&config);
    let inv = watershed::collect::pipes::collect(&ctx)
        .await
        .expect("collect succeeds");
    assert!(ctx.take_gaps().is_empty());

    let p = inv
        .pipes
        .iter()
        .find(|p| p.arn == seeded.sqs_pipe_arn)
        .expect("sqs pipe");
    assert_eq!(p.name, seeded.sqs_pipe_name);
    assert_eq!(p.description.as_deref(), Some("orders to fulfilment"));
    assert_eq!(p.source_arn, seeded.queue_arn);
    assert_eq!(
        p.enrichment_arn.as_deref(),
        Some(seeded.enrichment_arn.as_str())
    );
    assert_eq!(p.target_arn, seeded.state_machine_arn);
    assert_eq!(p.role_arn, seeded.role_arn);
    assert_eq!(p.desired_state, "RUNNING");
    assert!(p.current_state.is_some());
    assert_eq!(p.batch_size, Some(5));
    assert_eq!(p.maximum_batching_window_seconds, Some(20));
    assert_eq!(p.starting_position, None);
    assert_eq!(p.maximum_retry_attempts, None);
    assert_eq!(p.dead_letter_arn, None);
    assert_eq!(
        p.filter_patterns
            .iter()
            .map(JsonDoc::value)
            .collect::<Vec<_>>(),
        vec![&seeded.filter]
    );
    assert_eq!(p.target_invocation_type.as_deref(), Some("FIRE_AND_FORGET"));
    assert_eq!(p.log_level.as_deref(), Some("ERROR"));
    assert_eq!(p.log_destinations, vec![seeded.log_group_arn.clone()]);
    assert_eq!(p.kms_key_identifier.as_deref(), Some(KMS_KEY));
    assert_eq!(p.tags.get("team").map(String::as_str), Some("orders"));

    let s = inv
        .pipes
        .iter()
        .find(|p| p.arn == seeded.stream_pipe_arn)
        .expect("stream pipe");
    assert_eq!(s.name, seeded.stream_pipe_name);
    assert_eq!(s.source_arn, seeded.stream_arn);
    assert_eq!(s.enrichment_arn, None);
    assert_eq!(s.target_arn, seeded.function_arn);
    assert_eq!(s.desired_state, "STOPPED");
    assert_eq!(s.batch_size, Some(100));
    assert_eq!(s.maximum_batching_window_seconds, Some(5));
    assert_eq!(s.starting_position.as_deref(), Some("TRIM_HORIZON"));
    assert_eq!(s.maximum_retry_attempts, Some(3));
    assert_eq!(s.maximum_record_age_seconds, Some(3600));
    assert_eq!(
        s.on_partial_batch_item_failure.as_deref(),
        Some("AUTOMATIC_BISECT")
    );
    assert_eq!(s.bisect_batch_on_item_failure, Some(true));
    assert_eq!(s.dead_letter_arn.as_deref(), Some(seeded.dlq_arn.as_str()));
    assert!(s.filter_patterns.is_empty());
    assert_eq!(
        s.target_invocation_type.as_deref(),
        Some("REQUEST_RESPONSE")
    );
    assert_eq!(s.log_level, None);
    assert!(s.log_destinations.is_empty());
    assert_eq!(s.kms_key_identifier, None);
    assert!(s.tags.is_empty());
}

// ---------------------------------------------------------------------------------------
// Step Functions
// ---------------------------------------------------------------------------------------

/// What [`seed_sfn`] created.
#[derive(Debug, Clone)]
pub struct SeededSfn {
    /// STANDARD machine: logging ALL with execution data, tracing, customer KMS key, tags.
    pub standard_arn: String,
    /// Its definition, verbatim.
    pub standard_definition: String,
    /// Its log group ARN.
    pub standard_log_group_arn: String,
    /// EXPRESS machine: logging ERROR without execution data, no tracing.
    pub express_arn: String,
    /// Its definition, verbatim.
    pub express_definition: String,
    /// Its log group ARN.
    pub express_log_group_arn: String,
    /// Execution role of both.
    pub role_arn: String,
}

/// Seeds a STANDARD and an EXPRESS state machine.
pub async fn seed_sfn(config: &SdkConfig) -> SeededSfn {
    use aws_sdk_sfn::types::{
        CloudWatchLogsLogGroup, EncryptionConfiguration, EncryptionType, LogDestination, LogLevel,
        LoggingConfiguration, StateMachineType, Tag, TracingConfiguration,
    };
    let sfn = aws_sdk_sfn::Client::new(config);
    let role_arn = role("sfn-exec");
    let logging = |level: LogLevel, data: bool, arn: &str| {
        LoggingConfiguration::builder()
            .level(level)
            .include_execution_data(data)
            .destinations(
                LogDestination::builder()
                    .cloud_watch_logs_log_group(
                        CloudWatchLogsLogGroup::builder().log_group_arn(arn).build(),
                    )
                    .build(),
            )
            .build()
    };

    let standard_definition = format!(
        r#"{{"Comment":"fulfil","StartAt":"Charge","States":{{"Charge":{{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{{"FunctionName":"{}","Payload.$":"$"}},"End":true}}}}}}"#,
        function("charge")
    );
    let standard_log_group_arn = log_group(&format!("/aws/states/{}", emulator::unique("fulfil")));
    let standard_arn = sfn
        .create_state_machine()
        .name(emulator::unique("fulfil"))
        .definition(&standard_definition)
        .role_arn(&role_arn)
        .r#type(StateMachineType::Standard)
        .logging_configuration(logging(LogLevel::All, true, &standard_log_group_arn))
        .tracing_configuration(TracingConfiguration::builder().enabled(true).build())
        .encryption_configuration(
            EncryptionConfiguration::builder()
                .r#type(EncryptionType::CustomerManagedKmsKey)
                .kms_key_id(KMS_KEY)
                .kms_data_key_reuse_period_seconds(300)
                .build()
                .unwrap(),
        )
        .tags(Tag::builder().key("team").value("orders").build())
        .send()
        .await
        .unwrap()
        .state_machine_arn;

    let express_definition =
        r#"{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}"#.to_string();
    let express_log_group_arn = log_group(&format!("/aws/states/{}", emulator::unique("enrich")));
    let express_arn = sfn
        .create_state_machine()
        .name(emulator::unique("enrich"))
        .definition(&express_definition)
        .role_arn(&role_arn)
        .r#type(StateMachineType::Express)
        .logging_configuration(logging(LogLevel::Error, false, &express_log_group_arn))
        .tracing_configuration(TracingConfiguration::builder().enabled(false).build())
        .send()
        .await
        .unwrap()
        .state_machine_arn;

    SeededSfn {
        standard_arn,
        standard_definition,
        standard_log_group_arn,
        express_arn,
        express_definition,
        express_log_group_arn,
        role_arn,
    }
}

#[tokio::test]
async fn state_machines_are_read_back() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let seeded = seed_sfn(&config).await;
    let ctx = ctx(&config);
    let inv = watershed::collect::sfn::collect(&ctx)
        .await
        .expect("collect succeeds");
    assert!(ctx.take_gaps().is_empty());

    let s = inv
        .state_machines
        .iter()
        .find(|m| m.arn == seeded.standard_arn)
        .expect("standard machine");
    assert_eq!(s.name, seeded.standard_arn.rsplit(':').next().unwrap());
    assert_eq!(s.machine_type, "STANDARD");
    assert_eq!(s.definition, seeded.standard_definition);
    assert_eq!(s.role_arn, seeded.role_arn);
    assert_eq!(s.logging.level, "ALL");
    assert!(s.logging.include_execution_data);
    assert_eq!(
        s.logging.destinations,
        vec![seeded.standard_log_group_arn.clone()]
    );
    assert!(s.tracing_enabled);
    assert_eq!(s.status.as_deref(), Some("ACTIVE"));
    assert_eq!(s.kms_key_id.as_deref(), Some(KMS_KEY));
    assert!(
        s.creation_date.as_deref().is_some_and(|d| d.ends_with('Z')),
        "{s:?}"
    );
    assert_eq!(s.tags.get("team").map(String::as_str), Some("orders"));

    let e = inv
        .state_machines
        .iter()
        .find(|m| m.arn == seeded.express_arn)
        .expect("express machine");
    assert_eq!(e.machine_type, "EXPRESS");
    assert_eq!(e.definition, seeded.express_definition);
    assert_eq!(e.logging.level, "ERROR");
    assert!(!e.logging.include_execution_data);
    assert_eq!(
        e.logging.destinations,
        vec![seeded.express_log_group_arn.clone()]
    );
    assert!(!e.tracing_enabled);
    assert_eq!(e.kms_key_id, None);
    assert!(e.tags.is_empty());
}
