//! `watershed explain-access` on the demo estate: decisions, deciding statements, the
//! principal a resource implies, JSON output and one-line errors.

use super::cli::watershed;

fn explain(args: &[&str]) -> (i32, String, String) {
    let out = watershed()
        .args(["explain-access", "--snapshot", "demo"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_role_allowed_by_a_wildcard_shows_the_managed_statement() {
    let (code, out, err) = explain(&["EC2StartStopLambdaRole", "ec2:StopInstances", "*"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "ALLOWED: arn:aws:iam::111122223333:role/EC2StartStopLambdaRole ec2:StopInstances on *"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "managed policy arn:aws:iam::111122223333:policy/LambdaStartAndStop statement 1:"
        ),
        "{out}"
    );
    assert!(
        out.contains(r#""Action":["ec2:Start*","ec2:Stop*"]"#),
        "{out}"
    );
    let (_, out, _) = explain(&["EC2StartStopLambdaRole", "ec2:TerminateInstances", "*"]);
    assert!(out.starts_with("DENIED (no statement allows it)"), "{out}");
}

#[test]
fn a_function_is_judged_by_its_execution_role() {
    let (code, out, err) = explain(&["orders-consumer", "mq:DescribeBroker", "orders-broker"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("DENIED (no statement allows it): arn:aws:iam::111122223333:role/orders-consumer-role mq:DescribeBroker on arn:aws:mq:us-east-1:111122223333:broker:orders-broker:"), "{out}");
    assert!(out.contains("principal: execution role of arn:aws:lambda:us-east-1:111122223333:function:orders-consumer"), "{out}");
    assert!(out.contains("policies read: inline policy `mq-event-source` of arn:aws:iam::111122223333:role/orders-consumer-role"), "{out}");
}

#[test]
fn a_rule_asks_as_events_with_itself_as_source_in_json() {
    let (code, out, err) = explain(&[
        "EC2Start-morning",
        "lambda:InvokeFunction",
        "EC2Start",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["decision"], "implicit_deny");
    assert_eq!(v["principal"], "events.amazonaws.com");
    assert_eq!(
        v["context"]["aws:SourceArn"],
        "arn:aws:events:us-east-1:111122223333:rule/EC2Start-morning"
    );
    assert_eq!(v["context"]["aws:SourceAccount"], "111122223333");
    assert_eq!(v["layers"][0]["layer"], "resource");
    assert_eq!(v["layers"][0]["statements"].as_array().unwrap().len(), 0);

    let (_, out, _) = explain(&[
        "EC2Protect-on-stop",
        "lambda:InvokeFunction",
        "EC2Protect",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["decision"], "allow");
    assert_eq!(
        v["layers"][0]["statements"][0]["sid"],
        "AWSEvents_EC2Protect-on-stop_93e99aac"
    );
}

#[test]
fn a_service_principal_with_an_explicit_source() {
    let topic = "arn:aws:sns:us-east-1:111122223333:video-uploaded";
    let (code, out, err) = explain(&[
        "sns.amazonaws.com",
        "sqs:SendMessage",
        "video-transcode-720p",
        "--source-arn",
        topic,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("ALLOWED: sns.amazonaws.com sqs:SendMessage on arn:aws:sqs:us-east-1:111122223333:video-transcode-720p"), "{out}");
    assert!(out.contains("(Sid AllowVideoUploadedTopic)"), "{out}");
    // Another topic is not allowed by the same ArnEquals condition.
    let (_, out, _) = explain(&[
        "sns.amazonaws.com",
        "sqs:SendMessage",
        "video-transcode-720p",
        "--source-arn",
        "arn:aws:sns:us-east-1:111122223333:other",
    ]);
    assert!(out.starts_with("DENIED (no statement allows it)"), "{out}");
}

#[test]
fn bad_arguments_are_one_line_errors() {
    let (code, _, err) = explain(&["EC2StartStopLambdaRole", "StopInstances", "*"]);
    assert_eq!(code, 2);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("service:Action"), "{err}");
    let (code, _, err) = explain(&["no-such-thing", "sqs:SendMessage", "*"]);
    assert_eq!(code, 2);
    assert!(err.contains("no resource named `no-such-thing`"), "{err}");
    let (code, _, err) = explain(&[
        "video-uploads-111122223333",
        "sqs:SendMessage",
        "nothing-here",
    ]);
    assert_eq!(code, 2, "{err}");
}
