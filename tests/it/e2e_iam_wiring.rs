//! End to end for the IAM and resource-policy rules: seed the local emulator with wiring
//! that cannot work (a function whose role cannot poll its queue, an EventBridge rule
//! targeting a function with no permission for it, an SNS subscription to a queue with no
//! queue policy) next to twins that are wired correctly, then run `watershed lint
//! --endpoint-url` (the binary, live) and check each gap is reported and no twin is.

use super::e2e_compute::tiny_zip;
use super::emulator;
use assert_cmd::Command;
use aws_config::SdkConfig;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{FunctionCode, Runtime};
use aws_sdk_sqs::types::QueueAttributeName;
use watershed::collect::client::sdk_config;

const ACCOUNT: &str = "123456789012";
const LAMBDA_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}"#;

async fn role(config: &SdkConfig, name: &str, policy: &str) -> String {
    let iam = aws_sdk_iam::Client::new(config);
    let arn = iam
        .create_role()
        .role_name(name)
        .assume_role_policy_document(LAMBDA_TRUST)
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    iam.put_role_policy()
        .role_name(name)
        .policy_name("wiring")
        .policy_document(policy)
        .send()
        .await
        .unwrap();
    arn
}

async fn queue(config: &SdkConfig, name: &str, policy: Option<String>) -> (String, String) {
    let sqs = aws_sdk_sqs::Client::new(config);
    let mut req = sqs.create_queue().queue_name(name);
    if let Some(p) = policy {
        req = req.attributes(QueueAttributeName::Policy, p);
    }
    let url = req.send().await.unwrap().queue_url.unwrap();
    let arn = sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap()[&QueueAttributeName::QueueArn]
        .clone();
    (url, arn)
}

/// Creates a Python function (3 s timeout, Lambda's default made explicit); returns its ARN.
pub(crate) async fn function(config: &SdkConfig, name: &str, role_arn: &str) -> String {
    aws_sdk_lambda::Client::new(config)
        .create_function()
        .function_name(name)
        .runtime(Runtime::Python312)
        .handler("app.handler")
        .role(role_arn)
        .timeout(3)
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(tiny_zip(
                    "app.py",
                    b"def handler(e, c):\n    return e\n",
                )))
                .build(),
        )
        .send()
        .await
        .unwrap()
        .function_arn
        .unwrap()
}

fn logs_policy() -> &'static str {
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#
}

struct Seeded {
    /// Function whose role lacks sqs:ReceiveMessage on its ESM queue, and the queue.
    poller: (String, String),
    /// Its twin: the role can poll (through a wildcard).
    poller_ok: (String, String),
    /// Rule → function with no permission, and its twin with one.
    rule_target: (String, String),
    rule_target_ok: (String, String),
    /// Topic → queue with no queue policy, and its twin with one.
    subscription: (String, String),
    subscription_ok: (String, String),
}

async fn seed(config: &SdkConfig) -> Seeded {
    let lambda = aws_sdk_lambda::Client::new(config);
    let events = aws_sdk_eventbridge::Client::new(config);
    let sns = aws_sdk_sns::Client::new(config);

    // 1. Event-source mapping whose role cannot receive from the queue.
    let weak = role(config, &emulator::unique("weak-poller-role"), logs_policy()).await;
    let strong = role(
        config,
        &emulator::unique("poller-role"),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes","sqs:ChangeMessageVisibility"],"Resource":"arn:aws:sqs:*:123456789012:*"},{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    )
    .await;
    let mut pollers = Vec::new();
    for role_arn in [&weak, &strong] {
        let (_, q) = queue(config, &emulator::unique("jobs"), None).await;
        let f = function(config, &emulator::unique("jobs-worker"), role_arn).await;
        lambda
            .create_event_source_mapping()
            .function_name(&f)
            .event_source_arn(&q)
            .batch_size(10)
            .send()
            .await
            .unwrap();
        pollers.push((f, q));
    }

    // 2. EventBridge rule → Lambda, without and with the resource-policy statement.
    let mut targets = Vec::new();
    for with_permission in [false, true] {
        let f = function(config, &emulator::unique("nightly-job"), &strong).await;
        let rule_name = emulator::unique("nightly");
        let rule = events
            .put_rule()
            .name(&rule_name)
            .schedule_expression("cron(0 2 * * ? *)")
            .send()
            .await
            .unwrap()
            .rule_arn
            .unwrap();
        events
            .put_targets()
            .rule(&rule_name)
            .targets(
                aws_sdk_eventbridge::types::Target::builder()
                    .id("job")
                    .arn(&f)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        if with_permission {
            lambda
                .add_permission()
                .function_name(&f)
                .statement_id("events-nightly")
                .action("lambda:InvokeFunction")
                .principal("events.amazonaws.com")
                .source_arn(&rule)
                .send()
                .await
                .unwrap();
        }
        targets.push((rule, f));
    }

    // 3. SNS → SQS subscription, without and with a queue policy for the topic.
    let mut subs = Vec::new();
    for with_policy in [false, true] {
        let topic = sns
            .create_topic()
            .name(emulator::unique("orders"))
            .send()
            .await
            .unwrap()
            .topic_arn
            .unwrap();
        let name = emulator::unique("orders-copy");
        let policy = with_policy.then(|| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"sns.amazonaws.com"}},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:{ACCOUNT}:{name}","Condition":{{"ArnLike":{{"aws:SourceArn":"arn:aws:sns:us-east-1:{ACCOUNT}:*"}}}}}}]}}"#
            )
        });
        let (_, q) = queue(config, &name, policy).await;
        sns.subscribe()
            .topic_arn(&topic)
            .protocol("sqs")
            .endpoint(&q)
            .send()
            .await
            .unwrap();
        subs.push((topic, q));
    }

    Seeded {
        poller: pollers[0].clone(),
        poller_ok: pollers[1].clone(),
        rule_target: targets[0].clone(),
        rule_target_ok: targets[1].clone(),
        subscription: subs[0].clone(),
        subscription_ok: subs[1].clone(),
    }
}

/// Findings of `rule` that involve `arn` (as the resource or the related resource).
fn involving<'a>(
    findings: &'a [serde_json::Value],
    rule: &str,
    arn: &str,
) -> Vec<&'a serde_json::Value> {
    findings
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .filter(|f| {
            f["resource_arn"] == arn
                || f["related_arn"] == arn
                || f["message"].as_str().is_some_and(|m| m.contains(arn))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn live_lint_reports_each_wiring_gap_and_no_twin() {
    let Some(target) = emulator::target() else {
        return;
    };
    let endpoint = target.endpoint_url.clone().unwrap();
    let s = seed(&sdk_config(&target).await).await;

    let run = Command::cargo_bin("watershed")
        .unwrap()
        .env_remove("AWS_PROFILE")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            "lint",
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
            "--services",
            "iam,lambda,sqs,sns,events",
            "--select",
            "IAM001,PERM001,PERM005",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap().clone();

    // The role cannot receive from its queue: named action, queue and role.
    let (f, q) = &s.poller;
    let hits = involving(&findings, "IAM001", q);
    assert_eq!(hits.len(), 1, "IAM001 for {f} polling {q}: {findings:#?}");
    let m = hits[0]["message"].as_str().unwrap();
    assert!(
        m.contains("sqs:ReceiveMessage") && m.contains("weak-poller-role"),
        "{m}"
    );
    assert!(
        involving(&findings, "IAM001", &s.poller_ok.1).is_empty(),
        "{findings:#?}"
    );

    // The rule cannot invoke its target.
    let (rule, f) = &s.rule_target;
    let hits = involving(&findings, "PERM001", f);
    assert_eq!(hits.len(), 1, "PERM001 for {rule} -> {f}: {findings:#?}");
    assert!(hits[0]["message"].as_str().unwrap().contains(rule.as_str()));
    assert!(
        involving(&findings, "PERM001", &s.rule_target_ok.1).is_empty(),
        "{findings:#?}"
    );

    // The topic cannot deliver to the queue.
    let (topic, q) = &s.subscription;
    let hits = involving(&findings, "PERM005", q);
    assert_eq!(hits.len(), 1, "PERM005 for {topic} -> {q}: {findings:#?}");
    assert!(
        hits[0]["message"]
            .as_str()
            .unwrap()
            .contains(topic.as_str())
    );
    assert!(
        involving(&findings, "PERM005", &s.subscription_ok.1).is_empty(),
        "{findings:#?}"
    );
}
