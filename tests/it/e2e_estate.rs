//! The whole scan end to end: every service's seeded resources, then `watershed scan
//! --endpoint-url` (the binary), which must find every resource and every edge seeded, with
//! their settings, drop every secret, and report exactly the gaps the emulator forces.

use super::e2e_compute::{seed_kms, seed_lambda, seed_logs};
use super::e2e_data_iam::{seed_glue, seed_iam, seed_mq, seed_s3};
use super::e2e_messaging::{seed_eventbridge, seed_pipes, seed_scheduler, seed_sfn, seed_sns};
use super::e2e_streams_apis::{
    seed_firehose, seed_http_api, seed_identity_pool, seed_kinesis, seed_rest_api, seed_user_pool,
};
use super::emulator;
use assert_cmd::Command;
use std::collections::HashSet;
use watershed::collect::client::sdk_config;
use watershed::graph::{Edge, EdgeKind, Topology};
use watershed::model::Snapshot;

fn edge<'a>(t: &'a Topology, from: &str, to: &str, kind: EdgeKind) -> &'a Edge {
    t.outgoing(from)
        .into_iter()
        .find(|e| e.to == to && e.kind == kind)
        .unwrap_or_else(|| {
            panic!(
                "no {} edge {from} -> {to}; edges from it: {:#?}",
                kind.as_str(),
                t.outgoing(from)
            )
        })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_scan_finds_every_seeded_resource_and_edge() {
    let Some(target) = emulator::target() else {
        return;
    };
    let endpoint = target.endpoint_url.clone().unwrap();
    let config = sdk_config(&target).await;

    let sns = seed_sns(&config).await;
    let events = seed_eventbridge(&config).await;
    let schedules = seed_scheduler(&config).await;
    let pipes = seed_pipes(&config).await;
    let sfn = seed_sfn(&config).await;
    let kinesis = seed_kinesis(&config).await;
    let firehose = seed_firehose(&config).await;
    let rest = seed_rest_api(&config).await;
    let http = seed_http_api(&config).await;
    let pool = seed_user_pool(&config).await;
    let ids = seed_identity_pool(&config).await;
    let lambda = seed_lambda(&config).await;
    let logs = seed_logs(&config).await;
    // Keys no resource uses are not collected (only keys "used by the above" are).
    let unused_key = seed_kms(&config).await;
    let glue = seed_glue(&config).await;
    let mq = seed_mq(&config).await;
    let iam = seed_iam(&config).await;
    let s3 = seed_s3(&config).await;

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("estate.json");
    let run = Command::cargo_bin("watershed")
        .unwrap()
        .env_remove("AWS_PROFILE")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            "scan",
            "--endpoint-url",
            &endpoint,
            "--regions",
            "us-east-1,eu-west-1",
            "--stats",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    let s = Snapshot::load(&out).unwrap();
    let arns: HashSet<String> = s.resources.resources().into_iter().map(|r| r.arn).collect();

    // Every seeded resource.
    let expected = [
        &sns.topic_arn,
        &sns.fifo_topic_arn,
        &sns.queue_arn,
        &sns.dlq_arn,
        &sns.sqs_subscription_arn,
        &sns.lambda_subscription_arn,
        &sns.https_subscription_arn,
        &events.bus_arn,
        &events.pattern_rule_arn,
        &events.schedule_rule_arn,
        &schedules.cron_schedule_arn,
        &schedules.rate_schedule_arn,
        &pipes.sqs_pipe_arn,
        &pipes.stream_pipe_arn,
        &sfn.standard_arn,
        &sfn.express_arn,
        &kinesis.provisioned_arn,
        &kinesis.encrypted_arn,
        &firehose.from_kinesis_arn,
        &firehose.http_arn,
        &pool.arn,
        &lambda.api_arn,
        &lambda.worker_arn,
        &lambda.streamer_arn,
        &lambda.role_arn,
        // KMS keys are collected when a collected resource uses them.
        &logs.kms_key_arn,
        &lambda.kms_key_arn,
        &glue.job_arn,
        &glue.crawler_arn,
        &mq.broker_arn,
        &iam.lambda_role_arn,
        &iam.events_role_arn,
        &iam.policy_arn,
        &format!("arn:aws:s3:::{}", s3.notifying_bucket),
        &format!("arn:aws:s3:::{}", s3.eu_bucket),
    ];
    let missing: Vec<_> = expected
        .iter()
        .filter(|a| !arns.contains(a.as_str()))
        .collect();
    assert!(missing.is_empty(), "not found by the scan: {missing:?}");
    assert!(s.resources.rest_apis.iter().any(|a| a.id == rest.id));
    assert!(s.resources.http_apis.iter().any(|a| a.id == http.id));
    assert!(s.resources.identity_pools.iter().any(|p| p.id == ids.id));
    for (name, _) in logs.us_east_1.iter().chain(&logs.eu_west_1) {
        assert!(
            s.resources.log_groups.iter().any(|g| &g.name == name),
            "log group {name} not found"
        );
    }
    assert!(
        s.resources
            .log_groups
            .iter()
            .any(|g| g.arn.contains(":eu-west-1:")),
        "second region scanned"
    );

    // Tags arrive in bulk (one tag:GetResources per region) instead of per resource.
    let topic = s
        .resources
        .sns_topics
        .iter()
        .find(|t| t.arn == sns.topic_arn)
        .unwrap();
    assert_eq!(topic.tags.get("team").map(String::as_str), Some("video"));
    let api = s
        .resources
        .lambda_functions
        .iter()
        .find(|f| f.arn == lambda.api_arn)
        .unwrap();
    assert_eq!(api.tags.get("team").map(String::as_str), Some("orders"));
    assert!(s.coverage.iter().any(|c| c.service == "tag" && !c.is_gap()));
    assert!(
        !stderr.contains("ListQueueTags") && !stderr.contains("ListTagsForResource"),
        "per-resource tag calls in a scan: {stderr}"
    );

    // Every seeded edge, with its settings.
    let t = Topology::from_inventory(&s.resources);
    let sub = edge(
        &t,
        &sns.topic_arn,
        &sns.queue_arn,
        EdgeKind::SnsSubscription,
    );
    assert_eq!(sub.settings["filter_policy"], sns.sqs_filter_policy);
    edge(
        &t,
        &sns.topic_arn,
        &sns.function_arn,
        EdgeKind::SnsSubscription,
    );
    edge(
        &t,
        &sns.topic_arn,
        &sns.https_endpoint,
        EdgeKind::SnsSubscription,
    );
    edge(
        &t,
        &events.bus_arn,
        &events.pattern_rule_arn,
        EdgeKind::BusRule,
    );
    let target = edge(
        &t,
        &events.pattern_rule_arn,
        &events.function_arn,
        EdgeKind::RuleTarget,
    );
    assert!(target.settings.contains_key("retry_policy"), "{target:?}");
    edge(
        &t,
        &events.pattern_rule_arn,
        &events.target_dlq_arn,
        EdgeKind::RuleTargetDlq,
    );
    edge(&t, &events.bus_arn, &events.bus_dlq_arn, EdgeKind::BusDlq);
    edge(
        &t,
        &schedules.rate_schedule_arn,
        &schedules.function_arn,
        EdgeKind::ScheduleTarget,
    );
    edge(
        &t,
        &pipes.queue_arn,
        &pipes.sqs_pipe_arn,
        EdgeKind::PipeSource,
    );
    edge(
        &t,
        &pipes.sqs_pipe_arn,
        &pipes.enrichment_arn,
        EdgeKind::PipeEnrichment,
    );
    edge(
        &t,
        &pipes.sqs_pipe_arn,
        &pipes.state_machine_arn,
        EdgeKind::PipeTarget,
    );
    edge(
        &t,
        &pipes.stream_pipe_arn,
        &pipes.dlq_arn,
        EdgeKind::PipeDlq,
    );
    edge(
        &t,
        &firehose.source_stream_arn,
        &firehose.from_kinesis_arn,
        EdgeKind::FirehoseSource,
    );
    edge(
        &t,
        &firehose.from_kinesis_arn,
        &firehose.processor_arn,
        EdgeKind::FirehoseTransform,
    );
    edge(
        &t,
        &firehose.from_kinesis_arn,
        &firehose.bucket_arn,
        EdgeKind::FirehoseDestination,
    );
    let rest_arn = format!("arn:aws:apigateway:us-east-1::/restapis/{}", rest.id);
    edge(&t, &rest_arn, &rest.function_arn, EdgeKind::ApiIntegration);
    edge(&t, &rest_arn, &rest.user_pool_arn, EdgeKind::ApiAuthorizer);
    let http_arn = format!("arn:aws:apigateway:us-east-1::/apis/{}", http.id);
    edge(&t, &http_arn, &http.function_arn, EdgeKind::ApiIntegration);
    edge(
        &t,
        &pool.arn,
        &pool.pre_sign_up_arn,
        EdgeKind::CognitoTrigger,
    );
    edge(
        &t,
        &sfn.standard_arn,
        &sfn.role_arn,
        EdgeKind::ExecutionRole,
    );
    let esm = edge(
        &t,
        &lambda.source_queue_arn,
        &lambda.worker_arn,
        EdgeKind::EventSourceMapping,
    );
    assert!(
        esm.via
            .as_deref()
            .is_some_and(|v| v.ends_with(&lambda.sqs_mapping_uuid)),
        "{esm:?}"
    );
    edge(
        &t,
        &lambda.stream_arn,
        &lambda.streamer_arn,
        EdgeKind::EventSourceMapping,
    );
    edge(
        &t,
        &lambda.stream_arn,
        &lambda.failure_queue_arn,
        EdgeKind::EsmOnFailure,
    );
    // (The function's DLQ edge is not checked: the emulator accepts DeadLetterConfig but
    // never returns it from ListFunctions; `graph_edges` covers that edge from a fixture.)
    let _ = &lambda.dlq_arn;
    edge(
        &t,
        &lambda.api_arn,
        &lambda.role_arn,
        EdgeKind::ExecutionRole,
    );
    let bucket = format!("arn:aws:s3:::{}", s3.notifying_bucket);
    for target in [&s3.function_arn, &s3.queue_arn, &s3.topic_arn] {
        edge(&t, &bucket, target, EdgeKind::S3Notification);
    }
    // The Glue role is only named, not created: an external node.
    edge(&t, &glue.job_arn, &glue.role_arn, EdgeKind::ExecutionRole);
    assert!(t.node(&glue.role_arn).unwrap().external);
    assert!(!arns.contains(&unused_key.signing_key_arn));
    let crawler_trigger = s
        .resources
        .glue_triggers
        .iter()
        .find(|g| g.name == glue.scheduled_trigger)
        .expect("trigger");
    edge(
        &t,
        &crawler_trigger.arn,
        &glue.job_arn,
        EdgeKind::GlueTriggerAction,
    );

    // No secret survives the scan.
    for secret in [
        &firehose.http_access_key,
        &rest.db_password,
        &rest.backend_token,
        &pool.backend_client_secret,
        &glue.secret,
        &mq.password,
    ] {
        assert!(
            !text.contains(secret.as_str()),
            "a secret leaked into the snapshot"
        );
    }
    assert!(
        !text.contains("hunter2"),
        "a Lambda environment value leaked"
    );

    // The only gaps are those the emulator forces: AppFlow is not served; HTTP API
    // authorizers and identity pool roles are not implemented; Lambda async invoke configs
    // come back with a malformed date; S3 answers a bucket without notifications with a
    // malformed document.
    let unexpected: Vec<_> = s
        .gaps()
        .filter(|g| {
            let op = g.operation.as_deref().unwrap_or("");
            let malformed = g
                .message
                .as_deref()
                .is_some_and(|m| m.contains("MalformedResponse"));
            !(g.service == "appflow"
                || op == "apigatewayv2:GetAuthorizers"
                || op == "cognito-identity:GetIdentityPoolRoles"
                || (op == "lambda:ListFunctionEventInvokeConfigs" && malformed)
                || (op == "s3:GetBucketNotificationConfiguration" && malformed))
        })
        .collect();
    assert!(unexpected.is_empty(), "unexpected gaps: {unexpected:#?}");
    assert!(stderr.contains("API calls per resource"), "{stderr}");
}
