//! `watershed scan` and live sources end to end: the binary against the emulator.

use super::emulator;
use assert_cmd::Command;

/// `watershed <subcommand> --endpoint-url E --region us-east-1` with emulator credentials.
fn watershed(endpoint: &str, subcommand: &str) -> Command {
    let mut c = Command::cargo_bin("watershed").unwrap();
    c.env_remove("AWS_PROFILE")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            subcommand,
            "--endpoint-url",
            endpoint,
            "--region",
            "us-east-1",
        ]);
    c
}

/// Runs the command, asserts it succeeded (showing stderr if not), and returns stdout.
fn success_stdout(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

async fn seed_queue() -> Option<(String, String)> {
    let target = emulator::target()?;
    let sqs = aws_sdk_sqs::Client::new(&watershed::collect::client::sdk_config(&target).await);
    let name = emulator::unique("scan-cli");
    sqs.create_queue().queue_name(&name).send().await.unwrap();
    Some((target.endpoint_url.unwrap(), name))
}

#[tokio::test]
async fn scan_writes_a_complete_snapshot_and_summary() {
    let Some((endpoint, name)) = seed_queue().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scan.json.gz");
    let assert = watershed(&endpoint, "scan")
        .args(["--services", "sqs", "--stats", "-o"])
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("coverage: complete"), "{stderr}");
    assert!(stderr.contains("API calls per resource"), "{stderr}");
    let s = watershed::model::Snapshot::load(&out).unwrap();
    assert_eq!(s.scan.accounts, vec!["123456789012"]);
    assert_eq!(s.scan.source, "live");
    assert!(s.resources.sqs_queues.iter().any(|q| q.name == name));
    assert!(s.coverage.iter().all(|c| !c.is_gap()));
}

#[tokio::test]
async fn strict_scan_with_a_gap_exits_3_and_names_it() {
    // The emulator does not serve AppFlow: that cell is a gap.
    let Some((endpoint, _)) = seed_queue().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scan.json");
    let assert = watershed(&endpoint, "scan")
        .args(["--services", "sqs,appflow", "--strict", "-o"])
        .arg(&out)
        .assert()
        .code(3);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("coverage: 1 gap(s):") && stderr.contains("appflow in us-east-1"),
        "{stderr}"
    );
    // Without --strict the same scan exits 0; the snapshot records the gap either way.
    watershed(&endpoint, "scan")
        .args(["--services", "sqs,appflow", "-o"])
        .arg(&out)
        .assert()
        .success();
    let s = watershed::model::Snapshot::load(&out).unwrap();
    assert!(
        s.coverage
            .iter()
            .any(|c| c.service == "appflow" && c.is_gap())
    );
}

#[tokio::test]
async fn anonymize_replaces_the_account_everywhere() {
    let Some((endpoint, name)) = seed_queue().await else {
        return;
    };
    let text = String::from_utf8(success_stdout(watershed(&endpoint, "scan").args([
        "--services",
        "sqs",
        "--anonymize",
    ])))
    .unwrap();
    assert!(!text.contains("123456789012"), "account id leaked");
    assert!(text.contains(&format!("arn:aws:sqs:us-east-1:000000000001:{name}")));
}

#[tokio::test]
async fn missing_credentials_is_one_line_exit_2_and_no_file() {
    let Some((endpoint, _)) = seed_queue().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never.json");
    let o = Command::cargo_bin("watershed")
        .unwrap()
        .env_clear()
        .env("HOME", dir.path())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            "scan",
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot authenticate to AWS") && err.contains("no credentials"),
        "{err}"
    );
    assert!(!out.exists());
}

#[tokio::test]
async fn graph_runs_live_without_a_snapshot() {
    let Some((endpoint, name)) = seed_queue().await else {
        return;
    };
    let v: serde_json::Value =
        serde_json::from_slice(&success_stdout(watershed(&endpoint, "graph").args([
            "--services",
            "sqs",
            "--format",
            "json",
        ])))
        .unwrap();
    assert!(
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["name"] == name.as_str())
    );
}

#[tokio::test]
async fn a_recorded_scan_replays_to_the_same_inventory_without_aws() {
    let Some((endpoint, name)) = seed_queue().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("recording");
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    watershed(&endpoint, "scan")
        .args(["--services", "sqs,sns,events,states", "--record-http"])
        .arg(&rec)
        .arg("-o")
        .arg(&a)
        .assert()
        .success();
    // Replay: the endpoint is unreachable, so every answer must come from the recording.
    watershed("http://127.0.0.1:9", "scan")
        .args(["--services", "sqs,sns,events,states", "--replay-http"])
        .arg(&rec)
        .arg("-o")
        .arg(&b)
        .assert()
        .success();
    let (a, b) = (
        watershed::model::Snapshot::load(&a).unwrap(),
        watershed::model::Snapshot::load(&b).unwrap(),
    );
    assert!(a.resources.sqs_queues.iter().any(|q| q.name == name));
    assert!(b.gaps().next().is_none(), "{:?}", b.coverage);
    assert_eq!(a.resources, b.resources);
    // No credential reaches the recording.
    for entry in walk(&rec) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(
            !text.contains("AWS4-HMAC-SHA256") && !text.contains("testing"),
            "{}",
            entry.display()
        );
    }
}

/// Every file under `dir`, recursively.
pub(crate) fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Credentials for `role_arn` through STS on the emulator (which maps them to the role's
/// account), as an SDK config.
async fn assumed(endpoint: &str, role_arn: &str) -> aws_config::SdkConfig {
    let base = watershed::collect::client::sdk_config(&watershed::collect::client::AwsTarget {
        region: Some("us-east-1".into()),
        endpoint_url: Some(endpoint.to_string()),
        ..Default::default()
    })
    .await;
    let provider = aws_config::sts::AssumeRoleProvider::builder(role_arn)
        .session_name("seed")
        .configure(&base)
        .build()
        .await;
    base.to_builder()
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(provider),
        )
        .build()
}

#[tokio::test]
async fn role_arns_scan_one_account_each() {
    let Some((endpoint, _)) = seed_queue().await else {
        return;
    };
    let accounts = ["111111111111", "222222222222"];
    let name = emulator::unique("cross-account");
    for account in accounts {
        let role = format!("arn:aws:iam::{account}:role/Audit");
        let sqs = aws_sdk_sqs::Client::new(&assumed(&endpoint, &role).await);
        sqs.create_queue()
            .queue_name(format!("{name}-{account}"))
            .send()
            .await
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("two.json");
    watershed(&endpoint, "scan")
        .args([
            "--services",
            "sqs",
            "--role-arn",
            "arn:aws:iam::111111111111:role/Audit",
        ])
        .args(["--role-arn", "arn:aws:iam::222222222222:role/Audit", "-o"])
        .arg(&out)
        .assert()
        .success();
    let s = watershed::model::Snapshot::load(&out).unwrap();
    assert_eq!(s.scan.accounts, accounts);
    for account in accounts {
        let arn = format!("arn:aws:sqs:us-east-1:{account}:{name}-{account}");
        assert!(
            s.resources.sqs_queues.iter().any(|q| q.arn == arn),
            "{arn} not found"
        );
        assert!(
            s.coverage
                .iter()
                .any(|c| c.account == account && c.service == "sqs" && !c.is_gap())
        );
    }
    // The default account's queues are not in a scan of the two roles' accounts.
    assert!(
        s.resources
            .sqs_queues
            .iter()
            .all(|q| !q.arn.contains(":123456789012:"))
    );
}

#[tokio::test]
async fn org_role_scans_every_account_of_the_organisation() {
    let Some((endpoint, _)) = seed_queue().await else {
        return;
    };
    let target = emulator::target().unwrap();
    let org =
        aws_sdk_organizations::Client::new(&watershed::collect::client::sdk_config(&target).await);
    org.create_organization().send().await.unwrap();
    let created = org
        .create_account()
        .email("workload@example.com")
        .account_name("workload")
        .send()
        .await
        .unwrap()
        .create_account_status
        .unwrap();
    let member = match created.account_id {
        Some(id) => id,
        None => {
            let status = org
                .describe_create_account_status()
                .create_account_request_id(created.id.unwrap())
                .send()
                .await
                .unwrap();
            status.create_account_status.unwrap().account_id.unwrap()
        }
    };
    let s: watershed::model::Snapshot =
        serde_json::from_slice(&success_stdout(watershed(&endpoint, "scan").args([
            "--services",
            "sqs",
            "--org-role",
            "OrganizationAccountAccessRole",
        ])))
        .unwrap();
    assert!(s.scan.accounts.contains(&member), "{:?}", s.scan.accounts);
    assert!(
        s.scan.accounts.contains(&"123456789012".to_string()),
        "the management account too: {:?}",
        s.scan.accounts
    );
    assert!(
        s.coverage
            .iter()
            .filter(|c| c.service == "sqs")
            .all(|c| !c.is_gap())
    );
}

#[tokio::test]
async fn regions_all_falls_back_to_the_default_enabled_regions() {
    // The emulator has no Account API: `all` becomes the default-enabled commercial regions.
    let Some((endpoint, _)) = seed_queue().await else {
        return;
    };
    let s: watershed::model::Snapshot =
        serde_json::from_slice(&success_stdout(watershed(&endpoint, "scan").args([
            "--services",
            "sqs",
            "--regions",
            "all",
        ])))
        .unwrap();
    let expected: Vec<String> = watershed::collect::regions::default_enabled()
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(s.scan.regions, expected);
    let cells = s
        .coverage
        .iter()
        .filter(|c| c.service == "sqs" && !c.is_gap())
        .count();
    assert_eq!(cells, expected.len());
}
