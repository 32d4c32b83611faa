//! Fault injection end to end: a scan against the emulator through a fault-injecting HTTP
//! client finishes, records each lost cell in coverage, and never blocks the other cells;
//! and the read-only guard refuses mutating calls before they are sent.

use super::emulator;
use watershed::collect::client::{AwsTarget, sdk_config};
use watershed::collect::http::fault::{Fault, FaultClient, FaultRule};
use watershed::collect::scan::{self, AccountTarget, NoProgress, ScanOutcome, ScanPlan};
use watershed::collect::{CollectCtx, Service};
use watershed::model::{CoverageCell, CoverageStatus};

async fn scan_with(
    rules: Vec<FaultRule>,
    services: &[Service],
) -> Option<(ScanOutcome, FaultClient)> {
    let target = emulator::target()?;
    let fault = FaultClient::new(rules);
    let conn = AwsTarget {
        max_attempts: Some(3),
        http_client: Some(fault.clone().into_shared()),
        ..target
    };
    let sdk = sdk_config(&conn).await;
    let plan = ScanPlan {
        accounts: vec![AccountTarget {
            account: "123456789012".into(),
            sdk,
        }],
        regions: vec!["us-east-1".into()],
        services: services.to_vec(),
        concurrency: 8,
        code_cache: None,
        code_layers: false,
    };
    Some((scan::run(&plan, &NoProgress).await, fault))
}

fn cell<'a>(o: &'a ScanOutcome, service: &str) -> &'a CoverageCell {
    o.snapshot
        .coverage
        .iter()
        .find(|c| c.service == service)
        .unwrap_or_else(|| panic!("no {service} cell: {:?}", o.snapshot.coverage))
}

async fn seed_queue(name: &str) -> Option<String> {
    let target = emulator::target()?;
    let sqs = aws_sdk_sqs::Client::new(&sdk_config(&target).await);
    Some(
        sqs.create_queue()
            .queue_name(name)
            .send()
            .await
            .unwrap()
            .queue_url
            .unwrap(),
    )
}

#[tokio::test]
async fn access_denied_on_one_service_leaves_the_others_complete() {
    let Some(_) = seed_queue(&emulator::unique("fault-denied")).await else {
        return;
    };
    let (o, _) = scan_with(
        vec![FaultRule::always("sqs", Fault::AccessDenied)],
        &[Service::Sqs, Service::Logs],
    )
    .await
    .unwrap();
    let sqs = cell(&o, "sqs");
    assert_eq!(sqs.status, CoverageStatus::Denied, "{sqs:?}");
    assert_eq!(sqs.operation.as_deref(), Some("sqs:ListQueues"));
    assert!(
        sqs.message.as_deref().unwrap().contains("not authorized"),
        "{sqs:?}"
    );
    assert_eq!(
        cell(&o, "logs").status,
        CoverageStatus::Ok,
        "{:?}",
        o.snapshot.coverage
    );
    assert!(o.snapshot.resources.sqs_queues.is_empty());
}

#[tokio::test]
async fn throttling_that_exhausts_retries_is_recorded_with_counts() {
    let Some(_) = seed_queue(&emulator::unique("fault-throttle")).await else {
        return;
    };
    let (o, _) = scan_with(
        vec![FaultRule::always("sqs", Fault::Throttle)],
        &[Service::Sqs],
    )
    .await
    .unwrap();
    let sqs = cell(&o, "sqs");
    assert_eq!(sqs.status, CoverageStatus::Throttled, "{sqs:?}");
    let stats = o.stats.snapshot();
    let list = stats[&("SQS".to_string(), "ListQueues".to_string())];
    assert_eq!(list.calls, 1);
    assert_eq!(list.attempts, 3, "max_attempts 3");
    assert_eq!(list.throttled, 3);
    assert_eq!(list.retries(), 2);
}

#[tokio::test]
async fn malformed_response_is_an_error_cell_not_a_panic() {
    let Some(_) = seed_queue(&emulator::unique("fault-malformed")).await else {
        return;
    };
    let (o, _) = scan_with(
        vec![FaultRule::always("sqs", Fault::Malformed)],
        &[Service::Sqs],
    )
    .await
    .unwrap();
    let sqs = cell(&o, "sqs");
    assert_eq!(sqs.status, CoverageStatus::Error, "{sqs:?}");
    assert!(
        sqs.message
            .as_deref()
            .unwrap()
            .contains("MalformedResponse"),
        "{sqs:?}"
    );
}

#[tokio::test]
async fn a_denied_detail_call_keeps_the_resource_and_marks_the_cell() {
    let name = emulator::unique("fault-detail");
    let Some(_) = seed_queue(&name).await else {
        return;
    };
    let rule = FaultRule {
        service: "sqs".into(),
        operation: Some("GetQueueAttributes".into()),
        fault: Fault::AccessDenied,
        remaining: None,
    };
    let (o, _) = scan_with(vec![rule], &[Service::Sqs]).await.unwrap();
    let sqs = cell(&o, "sqs");
    assert_eq!(sqs.status, CoverageStatus::Denied);
    assert_eq!(sqs.operation.as_deref(), Some("sqs:GetQueueAttributes"));
    let q = o
        .snapshot
        .resources
        .sqs_queues
        .iter()
        .find(|q| q.name == name)
        .expect("queue kept from the list call");
    assert_eq!(q.arn, format!("arn:aws:sqs:us-east-1:123456789012:{name}"));
}

#[tokio::test]
async fn transient_server_errors_are_retried_to_success() {
    let name = emulator::unique("fault-transient");
    let Some(_) = seed_queue(&name).await else {
        return;
    };
    let rule = FaultRule {
        service: "sqs".into(),
        operation: Some("ListQueues".into()),
        fault: Fault::ServerError,
        remaining: Some(2),
    };
    let (o, _) = scan_with(vec![rule], &[Service::Sqs]).await.unwrap();
    assert_eq!(cell(&o, "sqs").status, CoverageStatus::Ok);
    assert!(
        o.snapshot
            .resources
            .sqs_queues
            .iter()
            .any(|q| q.name == name)
    );
    assert_eq!(
        o.stats.snapshot()[&("SQS".to_string(), "ListQueues".to_string())].retries(),
        2
    );
}

#[tokio::test]
async fn the_read_only_guard_refuses_mutations_before_sending() {
    let Some(target) = emulator::target() else {
        return;
    };
    let fault = FaultClient::new(vec![]);
    let sdk = sdk_config(&AwsTarget {
        http_client: Some(fault.clone().into_shared()),
        ..target
    })
    .await;
    let ctx = CollectCtx::standalone(sdk, "123456789012", "us-east-1");
    let sqs = watershed::sdk_client!(ctx, aws_sdk_sqs);
    let name = emulator::unique("must-not-exist");
    let err = sqs
        .create_queue()
        .queue_name(&name)
        .send()
        .await
        .unwrap_err();
    let text = format!("{:?}", err);
    assert!(
        text.contains("read-only") && text.contains("CreateQueue"),
        "{text}"
    );
    assert!(
        fault.requests().is_empty(),
        "nothing reached the wire: {:?}",
        fault.requests()
    );
    // A read through the same client goes through.
    sqs.list_queues().send().await.expect("reads are allowed");
    assert_eq!(fault.requests().len(), 1);
    let urls = sqs
        .list_queues()
        .send()
        .await
        .unwrap()
        .queue_urls
        .unwrap_or_default();
    assert!(!urls.iter().any(|u| u.ends_with(&name)));
}
