//! Fuzz entry points: each takes arbitrary bytes, feeds them to one parser watershed runs on
//! what accounts hold, and checks what must hold whatever the input. A panic is a bug.
//!
//! The libFuzzer targets in `fuzz/` call these (`cargo +nightly fuzz run snapshot`), and the
//! integration test `fuzz_smoke` runs every one on its seed corpus and on thousands of
//! deterministic mutations, so CI exercises them on stable without a fuzzer.

use crate::iam::eval::{Principal, Request, evaluate};
use crate::iam::policy::{PolicyKind, PolicySource, parse_document};
use crate::model::{JsonDoc, Snapshot};
use crate::telemetry::lambda_logs::{LogEvent, invocations};
use std::path::Path;
use std::sync::Arc;

/// A fuzz entry point.
pub type Target = fn(&[u8]);

/// The fuzz targets by name: what `fuzz/fuzz_targets/<name>.rs` runs.
pub const TARGETS: &[(&str, Target)] = &[
    ("snapshot", snapshot),
    ("asl", asl),
    ("iam_policy", iam_policy),
    ("lambda_logs", lambda_logs),
    ("patterns", patterns),
    ("code_package", code_package),
    ("rule_toml", rule_toml),
];

/// The snapshot loader (JSON or gzip): a snapshot that loads writes back to one that loads
/// equal.
pub fn snapshot(data: &[u8]) {
    if let Ok(s) = Snapshot::from_bytes(data, Path::new("fuzz.json")) {
        let again = Snapshot::from_bytes(s.to_json().as_bytes(), Path::new("again.json"))
            .expect("a loaded snapshot serialises to a loadable one");
        assert_eq!(again.resources.len(), s.resources.len());
    }
}

/// The Step Functions definition parser and its reachability walk.
pub fn asl(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::asl::parse(
        &text,
        "arn:aws:states:us-east-1:111122223333:stateMachine:fuzz",
    );
}

/// The IAM policy parser and the evaluator: every parsed document is evaluated for a role's
/// call and a service principal's call, with and without a resource.
pub fn iam_policy(data: &[u8]) {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let source = PolicySource {
        kind: PolicyKind::Inline,
        holder: "arn:aws:iam::111122223333:role/fuzz".into(),
        name: Some("fuzz".into()),
    };
    let statements: Vec<Arc<_>> = parse_document(&doc, source)
        .into_iter()
        .map(Arc::new)
        .collect();
    let role = Principal::Role {
        arn: "arn:aws:iam::111122223333:role/fuzz".into(),
        account: "111122223333".into(),
    };
    let service = Principal::Service("events.amazonaws.com".into());
    let mut context = crate::iam::condition::Context::new();
    context.set(
        "aws:SourceArn",
        "arn:aws:events:us-east-1:111122223333:rule/r",
    );
    for principal in [&role, &service] {
        for (action, resource, any) in [
            (
                "sqs:SendMessage",
                "arn:aws:sqs:us-east-1:111122223333:q",
                false,
            ),
            ("s3:GetObject", "arn:aws:s3:::bucket/key/with*star", false),
            ("lambda:InvokeFunction", "*", true),
        ] {
            let req = Request {
                principal,
                action,
                resource,
                context: &context,
                any_resource: any,
            };
            let _ = evaluate(
                &statements,
                &req,
                matches!(principal, Principal::Service(_)),
            );
        }
    }
}

/// The Lambda log parsers: each input line is one event's message in one stream (text
/// START/END/REPORT lines, failure lines, JSON platform records); the invocation assembly and
/// the derived log columns must not panic, and there is at most one invocation per line.
pub fn lambda_logs(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let events: Vec<LogEvent> = text
        .split('\n')
        .enumerate()
        .map(|(i, line)| LogEvent {
            log_group: "/aws/lambda/fuzz".into(),
            log_stream: "2026/11/29/[$LATEST]0123456789abcdef".into(),
            timestamp: 1_795_950_000_000 + (i as i64 % 7),
            ingestion_time: None,
            message: line.replace("\\n", "\n"),
            event_id: format!("{i:020}"),
        })
        .collect();
    let calls = invocations(&events);
    assert!(calls.len() <= events.len());
    let rows = crate::telemetry::log_rows::rows(&events);
    assert_eq!(rows.len(), events.len());
}

/// EventBridge event patterns and SNS filter policies: stored as documents on a rule and a
/// subscription, then the topology and failure paths derived from them.
pub fn patterns(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut s = crate::demo::demo_snapshot().expect("the demo loads");
    let doc = JsonDoc::from_text(&text);
    for r in s.resources.event_rules.iter_mut().take(2) {
        r.event_pattern = Some(doc.clone());
    }
    for sub in s.resources.sns_subscriptions.iter_mut().take(2) {
        sub.filter_policy = Some(doc.clone());
    }
    let topology = crate::graph::Topology::from_inventory(&s.resources);
    let _ = crate::graph::failure::failure_paths(&topology, &s.resources);
    let _ = doc.to_text();
}

/// Code packages: the zip reader (limits, zip slip, bombs) and, for what it extracts, the
/// tree-sitter effect extraction for Python and JavaScript handlers.
pub fn code_package(data: &[u8]) {
    let Ok(tree) = crate::code::package::extract(data) else {
        return;
    };
    let _ = crate::code::python::analyse(&tree, "handler.lambda_handler");
    let _ = crate::code::javascript::analyse(&tree, "index.handler");
}

/// Rule files: the TOML loader and its checks.
pub fn rule_toml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::lint::Rule::parse(&text, "rules/fuzz/FUZZ001.toml");
}
