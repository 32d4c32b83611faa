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
    scan_with_timeout(rules, services, None).await
}

async fn scan_with_timeout(
    rules: Vec<FaultRule>,
    services: &[Service],
    attempt_timeout: Option<std::time::Duration>,
) -> Option<(ScanOutcome, FaultClient)> {
    let target = emulator::target()?;
    let fault = FaultClient::new(rules);
    let conn = AwsTarget {
        max_attempts: Some(3),
        http_client: Some(fault.clone().into_shared()),
        attempt_timeout,
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

fn queue_names(o: &ScanOutcome) -> std::collections::BTreeSet<String> {
    o.snapshot
        .resources
        .sqs_queues
        .iter()
        .map(|q| q.name.clone())
        .collect()
}

#[tokio::test]
async fn connection_resets_are_retried_to_success() {
    let name = emulator::unique("fault-reset");
    let Some(_) = seed_queue(&name).await else {
        return;
    };
    let (o, fault) = scan_with(
        vec![FaultRule {
            service: "sqs".into(),
            operation: Some("ListQueues".into()),
            fault: Fault::ConnectionReset,
            remaining: Some(2),
        }],
        &[Service::Sqs],
    )
    .await
    .unwrap();
    assert_eq!(
        cell(&o, "sqs").status,
        CoverageStatus::Ok,
        "{:?}",
        o.snapshot.coverage
    );
    assert!(queue_names(&o).contains(&name));
    let lists = fault
        .requests()
        .iter()
        .filter(|r| r.operation == "ListQueues")
        .count();
    assert_eq!(lists, 3, "two resets, then the answer");
}

#[tokio::test]
async fn a_response_slower_than_the_attempt_timeout_is_a_gap_not_a_hang() {
    let Some(_) = seed_queue(&emulator::unique("fault-slow")).await else {
        return;
    };
    let started = std::time::Instant::now();
    let (o, _) = scan_with_timeout(
        vec![FaultRule::always(
            "sqs",
            Fault::Delay(std::time::Duration::from_secs(20)),
        )],
        &[Service::Sqs, Service::Sns],
        Some(std::time::Duration::from_millis(400)),
    )
    .await
    .unwrap();
    let sqs = cell(&o, "sqs");
    assert_eq!(sqs.status, CoverageStatus::Error, "{sqs:?}");
    assert!(
        sqs.message
            .as_deref()
            .unwrap()
            .to_lowercase()
            .contains("timeout")
            || sqs
                .message
                .as_deref()
                .unwrap()
                .to_lowercase()
                .contains("timed out"),
        "{sqs:?}"
    );
    assert_eq!(cell(&o, "sns").status, CoverageStatus::Ok);
    assert!(started.elapsed().as_secs() < 15, "{:?}", started.elapsed());
}

#[tokio::test]
async fn credentials_expiring_mid_scan_mark_the_cells_they_cut_off_as_denied() {
    let Some(_) = seed_queue(&emulator::unique("fault-expired")).await else {
        return;
    };
    let (o, _) = scan_with(
        vec![FaultRule::always("lambda", Fault::ExpiredToken)],
        &[Service::Sqs, Service::Lambda],
    )
    .await
    .unwrap();
    assert_eq!(cell(&o, "sqs").status, CoverageStatus::Ok);
    let lambda = cell(&o, "lambda");
    assert_eq!(lambda.status, CoverageStatus::Denied, "{lambda:?}");
    assert!(
        lambda.message.as_deref().unwrap().contains("expired"),
        "{lambda:?}"
    );
}

/// A scan that lost a service converges, when run again without the fault, to what a clean
/// scan sees.
#[tokio::test]
async fn a_rescan_after_faults_converges_to_the_full_inventory() {
    let name = emulator::unique("fault-converge");
    let Some(_) = seed_queue(&name).await else {
        return;
    };
    let (clean, _) = scan_with(vec![], &[Service::Sqs]).await.unwrap();
    let (faulted, _) = scan_with(
        vec![FaultRule::always("sqs", Fault::ServerError)],
        &[Service::Sqs],
    )
    .await
    .unwrap();
    assert_eq!(cell(&faulted, "sqs").status, CoverageStatus::Error);
    assert!(faulted.snapshot.resources.sqs_queues.is_empty());
    let (again, _) = scan_with(vec![], &[Service::Sqs]).await.unwrap();
    assert_eq!(again.snapshot.gaps().count(), 0);
    let (before, after) = (queue_names(&clean), queue_names(&again));
    assert!(after.contains(&name));
    // Other tests add queues concurrently; none of the clean scan's may be missing.
    assert!(
        before.is_subset(&after),
        "{:?}",
        before.difference(&after).collect::<Vec<_>>()
    );
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
