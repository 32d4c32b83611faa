//! `watershed record` against the emulator: a function and its log group seeded with Lambda
//! log lines whose aggregates are known; the recording must give them back through
//! `lambda_invocations` and the saved queries, offline, with secrets redacted.

use super::emulator;
use assert_cmd::Command;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use watershed::collect::client::sdk_config;

#[tokio::test(flavor = "multi_thread")]
async fn recorded_logs_answer_the_saved_queries_offline() {
    let Some(target) = emulator::target() else {
        return;
    };
    let endpoint = target.endpoint_url.clone().unwrap();
    let config = sdk_config(&target).await;
    let name = emulator::unique("billing");
    let role = aws_sdk_iam::Client::new(&config)
        .create_role()
        .role_name(emulator::unique("billing-role"))
        .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#)
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    super::e2e_iam_wiring::function(&config, &name, &role).await;

    // Five invocations in one execution environment: the first is a cold start, the fourth
    // times out; one app line carries a password that must not be recorded.
    let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
    let group = format!("/aws/lambda/{name}");
    let stream = "2026/11/29/[$LATEST]5d8f3a2b1c0e4f6a7b8c9d0e1f2a3b4c";
    logs.create_log_group()
        .log_group_name(&group)
        .send()
        .await
        .unwrap();
    logs.create_log_stream()
        .log_group_name(&group)
        .log_stream_name(stream)
        .send()
        .await
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let mut lines = Vec::new();
    for i in 0..5i64 {
        let t = now - 600_000 + i * 60_000;
        let id = format!("0000000{i}-aaaa-4bbb-8ccc-dddddddddddd");
        lines.push((t, format!("START RequestId: {id} Version: $LATEST")));
        if i == 2 {
            lines.push((t + 5, format!("[INFO]\t2026-11-29T10:00:00.000Z\t{id}\tconnecting with password=hunter2-very-secret")));
        }
        let (dur, init) = match i {
            0 => (120.5, "\tInit Duration: 350.25 ms"),
            3 => (3003.1, ""),
            _ => (80.0 + i as f64, ""),
        };
        if i == 3 {
            lines.push((
                t + 3000,
                format!("2026-11-29T10:00:03.000Z\t{id}\tTask timed out after 3.00 seconds"),
            ));
        }
        lines.push((t + 3001, format!("END RequestId: {id}")));
        lines.push((
            t + 3002,
            format!("REPORT RequestId: {id}\tDuration: {dur:.2} ms\tBilled Duration: {} ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB{init}\t", dur.ceil() as i64),
        ));
    }
    let mut put = logs
        .put_log_events()
        .log_group_name(&group)
        .log_stream_name(stream);
    for (t, m) in &lines {
        put = put.log_events(
            InputLogEvent::builder()
                .timestamp(*t)
                .message(m)
                .build()
                .unwrap(),
        );
    }
    put.send().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let cmd = |args: &[&str]| {
        Command::cargo_bin("watershed")
            .unwrap()
            .env_remove("AWS_PROFILE")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .args(args)
            .output()
            .unwrap()
    };
    let out_dir = dir.path().to_str().unwrap();
    let run = cmd(&[
        "record",
        "--endpoint-url",
        &endpoint,
        "--region",
        "us-east-1",
        "--services",
        "lambda,iam,logs",
        "--since",
        "1h",
        "-o",
        out_dir,
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let recorded = std::fs::read_to_string(dir.path().join("log_events.ndjson")).unwrap();
    assert!(
        !recorded.contains("hunter2"),
        "a password reached the recording"
    );
    assert!(recorded.contains("<redacted>"));

    let snapshot = dir.path().join("snapshot.json");
    let query = |saved: &str| {
        let out = cmd(&[
            "query",
            "--snapshot",
            snapshot.to_str().unwrap(),
            "--telemetry",
            out_dir,
            "--no-findings",
            "--format",
            "csv",
            "--saved",
            saved,
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let cold = query("cold-starts");
    assert!(
        cold.contains(&format!("{name},5,1,20.0,350.25,350.25")),
        "{cold}"
    );
    let timeouts = query("timeouts");
    assert!(
        timeouts.contains(&format!("{name},00000003-aaaa-4bbb-8ccc-dddddddddddd"))
            && timeouts.contains(",3003.1,3,"),
        "{timeouts}"
    );
    let rate = query("error-rate");
    assert!(rate.contains(&format!("{name},5,1,20.0")), "{rate}");
}
