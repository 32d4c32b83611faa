//! The secrets audit: canary secrets seeded where accounts keep them (a Lambda environment
//! variable, Glue job arguments and connection password, an MQ user password, API Gateway
//! stage variables, and log lines: tab-prefixed runtime lines, JSON lines, an access key),
//! then every command that reads them (scan, lint, report in both formats, Parquet export,
//! record, recorded and live telemetry queries, logs). No canary may appear in any output
//! stream or any file written (Parquet files are decoded before the search).

use super::e2e_compute::seed_lambda;
use super::e2e_data_iam::{seed_glue, seed_mq};
use super::e2e_streams_apis::seed_rest_api;
use super::emulator;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use std::path::Path;
use watershed::collect::client::sdk_config;

/// A file's text as a search sees it: Parquet decoded to rows, anything else as bytes.
fn searchable(path: &Path) -> String {
    if path.extension().is_some_and(|e| e == "parquet") {
        let f = std::fs::File::open(path).unwrap();
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
            .unwrap()
            .build()
            .unwrap();
        let batches: Vec<_> = reader.map(|b| b.unwrap()).collect();
        return datafusion::arrow::util::pretty::pretty_format_batches(&batches)
            .unwrap()
            .to_string();
    }
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn no_seeded_secret_reaches_any_output() {
    let Some(target) = emulator::target() else {
        return;
    };
    let endpoint = target.endpoint_url.clone().unwrap();
    let config = sdk_config(&target).await;
    let lambda = seed_lambda(&config).await;
    let glue = seed_glue(&config).await;
    let mq = seed_mq(&config).await;
    let api = seed_rest_api(&config).await;

    // Log lines of the seeded function carrying secrets three ways.
    let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
    let group = format!("/aws/lambda/{}", lambda.api_name);
    let stream = "2026/11/30/[$LATEST]00112233445566778899aabbccddeeff";
    let _ = logs.create_log_group().log_group_name(&group).send().await;
    logs.create_log_stream()
        .log_group_name(&group)
        .log_stream_name(stream)
        .send()
        .await
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let rid = "5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6";
    let lines = [
        format!("START RequestId: {rid} Version: $LATEST"),
        format!(
            "[ERROR]\t2026-11-30T10:00:00.000Z\t{rid}\tdb login failed\tpassword=LogCanary7f3k9"
        ),
        format!(
            r#"{{"level":"ERROR","requestId":"{rid}","apiKey":"JsonCanary91qZ","msg":"upstream refused"}}"#
        ),
        format!("[WARN]\t2026-11-30T10:00:00.010Z\t{rid}\tusing key AKIACANARYKEY1234567"),
        format!("END RequestId: {rid}"),
        format!(
            "REPORT RequestId: {rid}\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t"
        ),
    ];
    let mut put = logs
        .put_log_events()
        .log_group_name(&group)
        .log_stream_name(stream);
    for (i, m) in lines.iter().enumerate() {
        put = put.log_events(
            InputLogEvent::builder()
                .timestamp(now - 300_000 + i as i64)
                .message(m)
                .build()
                .unwrap(),
        );
    }
    put.send().await.unwrap();

    let canaries = [
        "hunter2".to_string(),
        glue.secret.clone(),
        mq.password.clone(),
        api.db_password.clone(),
        "LogCanary7f3k9".to_string(),
        "JsonCanary91qZ".to_string(),
        "AKIACANARYKEY1234567".to_string(),
    ];

    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let live = ["--endpoint-url", endpoint.as_str(), "--region", "us-east-1"];
    let snap = d("snap.json");
    let commands: Vec<Vec<String>> = vec![
        [&["scan"][..], &live, &["-o", &snap]]
            .concat()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        vec![
            "lint".into(),
            "--snapshot".into(),
            snap.clone(),
            "--format".into(),
            "json".into(),
            "-o".into(),
            d("lint.json"),
        ],
        vec![
            "lint".into(),
            "--snapshot".into(),
            snap.clone(),
            "--format".into(),
            "sarif".into(),
        ],
        vec!["report".into(), snap.clone(), "-o".into(), d("report.html")],
        vec![
            "report".into(),
            snap.clone(),
            "--format".into(),
            "markdown".into(),
        ],
        vec![
            "query".into(),
            "--snapshot".into(),
            snap.clone(),
            "--format".into(),
            "parquet".into(),
            "-o".into(),
            d("parquet"),
        ],
        vec![
            "query".into(),
            "--snapshot".into(),
            snap.clone(),
            "--format".into(),
            "json".into(),
            "SELECT * FROM lambda_functions".into(),
        ],
        [
            &["record"][..],
            &live,
            &["--since", "1h", "--yes", "-o", &d("recording")],
        ]
        .concat()
        .iter()
        .map(|s| s.to_string())
        .collect(),
        vec![
            "query".into(),
            "--snapshot".into(),
            d("recording/snapshot.json"),
            "--telemetry".into(),
            d("recording"),
            "--format".into(),
            "csv".into(),
            "SELECT message FROM log_events".into(),
        ],
        [
            &[
                "query",
                "--snapshot",
                &snap,
                "--telemetry",
                "live",
                "--yes",
                "--format",
                "csv",
            ][..],
            &live,
            &[&format!(
                "SELECT message FROM log_events WHERE log_group = '{group}'"
            )],
        ]
        .concat()
        .iter()
        .map(|s| s.to_string())
        .collect(),
        [&["logs"][..], &live, &[&lambda.api_name, "--since", "1h"]]
            .concat()
            .iter()
            .map(|s| s.to_string())
            .collect(),
    ];
    let mut outputs = String::new();
    for args in &commands {
        let out = crate::cli::watershed().args(args).output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(out.status.success(), "{args:?}: {stderr}");
        outputs.push_str(&format!("== {args:?}\n{stdout}\n{stderr}\n"));
    }
    // The log lines were read (redacted), so the audit covers them.
    assert!(
        outputs.contains("db login failed\tpassword=<redacted>"),
        "{outputs}"
    );
    assert!(outputs.contains("upstream refused"));
    let mut searched = vec![("command output".to_string(), outputs)];
    for f in super::e2e_scan::walk(dir.path()) {
        searched.push((f.display().to_string(), searchable(&f)));
    }
    assert!(searched.len() > 40, "{} files", searched.len());
    for (name, text) in &searched {
        for c in &canaries {
            assert!(!text.contains(c.as_str()), "canary {c} found in {name}");
        }
    }
}
