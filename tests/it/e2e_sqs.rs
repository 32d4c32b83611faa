//! End to end against the local emulator: queues created through aws-sdk-sqs are read back
//! through watershed's client factory (endpoint override) and SQS collector, and the graph
//! derives the redrive edge.

use super::emulator;
use watershed::collect::client::sdk_config;
use watershed::graph::{EdgeKind, Topology};
use watershed::model::Inventory;

#[tokio::test]
async fn collects_queues_with_redrive_from_the_emulator() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let sqs = aws_sdk_sqs::Client::new(&config);

    let dlq_name = emulator::unique("orders-dlq");
    let dlq_url = sqs
        .create_queue()
        .queue_name(&dlq_name)
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let dlq_arn = sqs
        .get_queue_attributes()
        .queue_url(&dlq_url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap()[&aws_sdk_sqs::types::QueueAttributeName::QueueArn]
        .clone();
    let src_name = emulator::unique("orders");
    let redrive = format!(r#"{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":"7"}}"#);
    sqs.create_queue()
        .queue_name(&src_name)
        .attributes(
            aws_sdk_sqs::types::QueueAttributeName::RedrivePolicy,
            redrive,
        )
        .attributes(
            aws_sdk_sqs::types::QueueAttributeName::ReceiveMessageWaitTimeSeconds,
            "20",
        )
        .attributes(
            aws_sdk_sqs::types::QueueAttributeName::VisibilityTimeout,
            "180",
        )
        .tags("team", "video")
        .send()
        .await
        .unwrap();

    let ctx =
        watershed::collect::CollectCtx::standalone(config.clone(), "123456789012", "us-east-1");
    let queues = watershed::collect::sqs::collect(&ctx)
        .await
        .expect("collect succeeds")
        .sqs_queues;
    assert!(ctx.take_gaps().is_empty());
    let src = queues
        .iter()
        .find(|q| q.name == src_name)
        .expect("source queue collected");
    let dlq = queues
        .iter()
        .find(|q| q.name == dlq_name)
        .expect("dlq collected");
    assert_eq!(src.receive_wait_time_seconds, 20);
    assert_eq!(src.visibility_timeout_seconds, 180);
    assert_eq!(src.tags.get("team").map(String::as_str), Some("video"));
    let r = src.redrive.as_ref().expect("redrive policy read back");
    assert_eq!(
        (r.dead_letter_target_arn.as_str(), r.max_receive_count),
        (dlq.arn.as_str(), 7)
    );
    assert!(src.arn.ends_with(&format!(":{src_name}")));

    let inv = Inventory {
        sqs_queues: queues.clone(),
        ..Default::default()
    };
    let topo = Topology::from_inventory(&inv);
    let edge = topo
        .outgoing(&src.arn)
        .into_iter()
        .find(|e| e.kind == EdgeKind::SqsRedrive)
        .expect("redrive edge");
    assert_eq!(edge.to, dlq.arn);
    assert_eq!(edge.settings["max_receive_count"], 7);
}

#[tokio::test]
async fn access_denied_is_classified_for_coverage() {
    // A request the emulator rejects for a missing queue: the collector error carries the
    // operation and code, never panics.
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let sqs = aws_sdk_sqs::Client::new(&config);
    let err = sqs
        .get_queue_attributes()
        .queue_url(format!(
            "{}/123456789012/does-not-exist",
            target.endpoint_url.unwrap()
        ))
        .send()
        .await
        .unwrap_err();
    let e = watershed::collect::error::CollectError::from_sdk("sqs:GetQueueAttributes", err);
    assert_eq!(e.operation, "sqs:GetQueueAttributes");
    assert!(
        e.code.contains("NonExistentQueue") || e.code.contains("QueueDoesNotExist"),
        "{e}"
    );
    assert_eq!(e.status, watershed::model::CoverageStatus::Error);
}
