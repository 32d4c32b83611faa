//! Telemetry against the emulator: a function's log group seeded with Lambda log lines, its
//! throttles and a dead-letter queue's depth as metrics, and an X-Ray trace, all with known
//! aggregates. `watershed record` must keep them (secrets redacted), every saved query must
//! answer the same live (`--telemetry live`) and from the recording, with the known answers,
//! and a repeated live query over a settled window must come from the cache.

use super::emulator;
use assert_cmd::Command;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use watershed::collect::client::sdk_config;

#[tokio::test(flavor = "multi_thread")]
async fn every_saved_query_answers_alike_live_and_recorded() {
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

    // Metrics: throttles of the function, a dead-letter queue filling up. (Only Sum and
    // Maximum series: the emulator cannot serve percentiles of seeded data.)
    let dlq = format!("{name}-dlq");
    aws_sdk_sqs::Client::new(&config)
        .create_queue()
        .queue_name(&dlq)
        .send()
        .await
        .unwrap();
    let cw = aws_sdk_cloudwatch::Client::new(&config);
    let datum = |metric: &str, dim: &str, value_of: &str, v: f64, t: i64| {
        aws_sdk_cloudwatch::types::MetricDatum::builder()
            .metric_name(metric)
            .dimensions(
                aws_sdk_cloudwatch::types::Dimension::builder()
                    .name(dim)
                    .value(value_of)
                    .build(),
            )
            .value(v)
            .timestamp(aws_smithy_types::DateTime::from_millis(t))
            .build()
    };
    cw.put_metric_data()
        .namespace("AWS/Lambda")
        .metric_data(datum(
            "Throttles",
            "FunctionName",
            &name,
            4.0,
            now - 540_000,
        ))
        .metric_data(datum(
            "Throttles",
            "FunctionName",
            &name,
            3.0,
            now - 420_000,
        ))
        .send()
        .await
        .unwrap();
    cw.put_metric_data()
        .namespace("AWS/SQS")
        .metric_data(datum(
            "ApproximateNumberOfMessagesVisible",
            "QueueName",
            &dlq,
            2.0,
            now - 540_000,
        ))
        .metric_data(datum(
            "ApproximateNumberOfMessagesVisible",
            "QueueName",
            &dlq,
            5.0,
            now - 420_000,
        ))
        .send()
        .await
        .unwrap();
    // No X-Ray trace is seeded: the emulator answers GetTraceSummaries with `Users: {}`,
    // which the SDK rejects, so live traces come back empty with the gap reported (the
    // trace queries are checked against the demo recording instead).
    let trace_id = "no-trace-in-this-test";
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
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
    let ok = |out: std::process::Output| {
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    // A window that has settled (ends over 5 minutes ago), so the cache covers it fully.
    let (from, to) = ((now - 1_200_000).to_string(), (now - 330_000).to_string());
    let out_dir = dir.path().to_str().unwrap();
    ok(cmd(&[
        "record",
        "--endpoint-url",
        &endpoint,
        "--region",
        "us-east-1",
        "--services",
        "lambda,iam,logs,sqs",
        "--from",
        &from,
        "--to",
        &to,
        "-o",
        out_dir,
    ]));
    let recorded = std::fs::read_to_string(dir.path().join("log_events.ndjson")).unwrap();
    assert!(
        !recorded.contains("hunter2"),
        "a password reached the recording"
    );
    assert!(recorded.contains("<redacted>"));

    let snapshot = dir.path().join("snapshot.json");
    let snapshot = snapshot.to_str().unwrap();
    let cache_dir = cache.path().to_str().unwrap();
    // `query` over the recording's snapshot and window, with `rest` appended.
    let run_query = |telemetry: &str, endpoint: &str, rest: &[&str]| {
        let mut args = vec![
            "query",
            "--snapshot",
            snapshot,
            "--telemetry",
            telemetry,
            "--endpoint-url",
            endpoint,
            "--region",
            "us-east-1",
            "--from",
            &from,
            "--to",
            &to,
            "--yes",
            "--telemetry-cache",
            cache_dir,
            "--no-findings",
            "--format",
            "csv",
        ];
        args.extend(rest);
        ok(cmd(&args))
    };
    let query = |telemetry: &str, endpoint: &str, saved: &str| {
        let mut args = vec!["--saved", saved];
        if saved == "follow-request" {
            args.extend(["--param", "request_id=00000002-aaaa-4bbb-8ccc-dddddddddddd"]);
        }
        let out = run_query(telemetry, endpoint, &args);
        // Other tests share the emulator: keep the header and this test's rows.
        let text = String::from_utf8(out.stdout).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default().to_string();
        let mine: Vec<&str> = lines
            .filter(|l| l.contains(&name) || l.contains(trace_id) || l.contains("00000002-aaaa"))
            .collect();
        format!("{header}\n{}", mine.join("\n"))
    };

    // Every saved query gives the same answer live and from the recording.
    let list = String::from_utf8(ok(cmd(&["query", "--list-saved"])).stdout).unwrap();
    let names: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.len() >= 20, "{names:?}");
    for saved in &names {
        let offline = query(out_dir, &endpoint, saved);
        let live = query("live", &endpoint, saved);
        assert_eq!(offline, live, "saved query {saved}: recorded vs live");
    }

    // The known answers.
    let cold = query(out_dir, &endpoint, "cold-starts");
    assert!(
        cold.contains(&format!("{name},5,1,20.0,350.25,350.25")),
        "{cold}"
    );
    let timeouts = query(out_dir, &endpoint, "timeouts");
    assert!(
        timeouts.contains(&format!("{name},00000003-aaaa-4bbb-8ccc-dddddddddddd"))
            && timeouts.contains(",3003.1,3,"),
        "{timeouts}"
    );
    let rate = query(out_dir, &endpoint, "error-rate");
    assert!(rate.contains(&format!("{name},5,1,20.0")), "{rate}");
    let throttles = query(out_dir, &endpoint, "throttles");
    assert!(throttles.contains(&format!("{name},7.0,")), "{throttles}");
    let dlq_depth = query(out_dir, &endpoint, "dlq-depth");
    assert!(
        dlq_depth.contains(&format!("{dlq},")) && dlq_depth.contains(",5.0,"),
        "{dlq_depth}"
    );
    let follow = query(out_dir, &endpoint, "follow-request");
    assert!(follow.contains("<redacted>"), "{follow}");

    // A needle search runs as a Logs Insights query when FilterLogEvents would page a lot
    // (forced here with --insights-above 0) and answers like the recording.
    let needle = format!(
        "SELECT request_id, message FROM log_events WHERE function_name = '{name}' AND message LIKE '%Task timed out%'"
    );
    let run_sql = |telemetry: &str, extra: &[&str]| {
        let mut rest = extra.to_vec();
        rest.push(&needle);
        run_query(telemetry, &endpoint, &rest)
    };
    let insights = run_sql("live", &["--insights-above", "0"]);
    assert!(
        String::from_utf8_lossy(&insights.stderr).contains("1 log scans through Logs Insights"),
        "{}",
        String::from_utf8_lossy(&insights.stderr)
    );
    let recorded_needle = run_sql(out_dir, &[]);
    assert_eq!(insights.stdout, recorded_needle.stdout);
    assert_eq!(
        String::from_utf8(insights.stdout).unwrap().lines().count(),
        2,
        "one timed-out invocation"
    );

    // Tailing re-reads an overlap window on every poll, yet shows each event once.
    let tail = String::from_utf8(
        ok(cmd(&[
            "logs",
            &name,
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
            "--since",
            "30m",
            "--follow",
            "--interval",
            "1s",
            "--polls",
            "3",
        ]))
        .stdout,
    )
    .unwrap();
    assert_eq!(tail.matches("REPORT RequestId: ").count(), 5, "{tail}");
    assert_eq!(tail.matches("Task timed out").count(), 1, "{tail}");
    assert!(!tail.contains("hunter2"), "{tail}");

    // A repeated live query over a settled window is served by the cache: no endpoint needed.
    let dead = "http://127.0.0.1:9";
    assert_eq!(query("live", dead, "cold-starts"), cold);
}
