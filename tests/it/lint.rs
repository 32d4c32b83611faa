//! Lint: every rule against its fixture, the demo, each output format, suppressions,
//! baselines, exit codes and broken user rules.

use crate::cli::{input_error, stdout_of, watershed};
use std::collections::BTreeSet;
use std::path::Path;
use watershed::lint::{fixture, rule};

const ESTATE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lint/estate.json");
const TEST_RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lint/rules");

/// The catalog rows this release ships (RULES.md sections in scope of the lint issue).
fn catalog_ids() -> Vec<String> {
    let mut ids = Vec::new();
    let mut range = |prefix: &str, from: u32, to: u32, skip: &[u32]| {
        for n in from..=to {
            if !skip.contains(&n) {
                ids.push(format!("{prefix}{n:03}"));
            }
        }
    };
    range("FLOW", 1, 4, &[]);
    range("RETRY", 1, 4, &[]);
    range("LMB", 1, 12, &[6]);
    range("SQS", 1, 9, &[]);
    range("SNS", 1, 5, &[]);
    range("EVB", 1, 6, &[]);
    range("SFN", 1, 7, &[]);
    range("KIN", 1, 4, &[]);
    range("API", 1, 7, &[]);
    range("COG", 1, 6, &[]);
    range("GLU", 1, 5, &[]);
    range("MQ", 1, 5, &[]);
    range("APF", 1, 1, &[]);
    range("LOG", 1, 2, &[]);
    range("XRY", 1, 1, &[]);
    range("S3N", 1, 1, &[]);
    range("IAM", 1, 10, &[]);
    range("IDEM", 1, 3, &[]);
    range("PERM", 1, 8, &[]);
    ids
}

#[test]
fn every_catalog_rule_ships() {
    let shipped: BTreeSet<String> = rule::embedded()
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let missing: Vec<String> = catalog_ids()
        .into_iter()
        .filter(|id| !shipped.contains(id))
        .collect();
    assert!(missing.is_empty(), "rules not shipped: {missing:?}");
}

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_the_compliant_twin() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut failures = Vec::new();
    let rules = rule::embedded().unwrap();
    assert!(!rules.is_empty());
    for r in &rules {
        let outcome =
            fixture::load(&dir, &r.id).and_then(|f| runtime.block_on(fixture::check(r, &f)));
        if let Err(e) = outcome {
            failures.push(format!("{}: {e}", r.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_broken_rule_fails_its_fixture_check() {
    // The harness itself must catch a rule that stops firing.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut r = rule::embedded()
        .unwrap()
        .into_iter()
        .find(|r| r.id == "SQS001")
        .unwrap();
    r.sql = "SELECT arn AS resource_arn, 'x' AS message FROM sqs_queues WHERE false".into();
    let f = fixture::load(&dir, "SQS001").unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let err = runtime.block_on(fixture::check(&r, &f)).unwrap_err();
    assert!(err.starts_with("fires: expected"), "{err}");
}

fn demo_findings() -> (serde_json::Value, BTreeSet<String>) {
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "lint",
        "--snapshot",
        "demo",
        "--format",
        "json",
    ]))
    .unwrap();
    let q: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "query",
        "--snapshot",
        "demo",
        "--no-findings",
        "--format",
        "json",
        "SELECT arn FROM resources",
    ]))
    .unwrap();
    let arns = q
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["arn"].as_str().unwrap().to_string())
        .collect();
    (v, arns)
}

#[test]
fn demo_findings_span_ten_services_and_point_at_real_resources() {
    let (v, arns) = demo_findings();
    let findings = v["findings"].as_array().unwrap();
    let services: BTreeSet<&str> = findings
        .iter()
        .map(|f| f["service"].as_str().unwrap())
        .collect();
    assert!(services.len() >= 10, "findings from {services:?}");
    for f in findings {
        let arn = f["resource_arn"].as_str().unwrap();
        assert!(
            arns.contains(arn),
            "{} points at {arn}, not in the demo",
            f["rule_id"]
        );
        assert!(!f["message"].as_str().unwrap().is_empty());
        assert_eq!(f["fingerprint"].as_str().unwrap().len(), 32);
    }
    assert_eq!(
        v["summary"]["findings"].as_u64().unwrap() as usize,
        findings.len()
    );
}

#[test]
fn demo_finds_the_planted_mistakes() {
    let (v, _) = demo_findings();
    let found: BTreeSet<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource_name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // A sample of fixtures/demo/README.md's "Planted mistakes" table.
    for (rule, name) in [
        ("SQS001", "video-transcode-720p"),
        ("SQS001", "video-transcode-480p"),
        ("SQS006", "video-transcode-480p"),
        ("LMB008", "transcode-480p"),
        ("LMB002", "video-thumbnail"),
        ("FLOW003", "legacy-reports"),
        ("IAM001", "4dc45826-fcba-5f77-960e-9c1debb0479d"),
        ("IAM004", "api_lambda"),
        ("IAM007", "EC2StartStopLambdaRole"),
        ("IAM009", "PetCuddleOTron"),
        ("PERM001", "EC2Start"),
        ("PERM007", "video-transcode-1080p"),
        ("PERM008", "EC2Stop"),
        ("PERM008", "video-status"),
        ("IDEM001", "transcode-720p"),
        ("IDEM001", "audit-writer"),
        ("IDEM002", "api_lambda"),
        ("IDEM002", "orders-fulfilment"),
        ("IDEM003", "e64eaf30-a1c5-5bc3-8267-81393bc2b52f"),
    ] {
        assert!(
            found.contains(&(rule.to_string(), name.to_string())),
            "{rule} on {name} not found"
        );
    }
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/sarif-2.1.0.json")).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "lint",
        "--snapshot",
        "demo",
        "--format",
        "sarif",
    ]))
    .unwrap();
    let errors = crate::json_schema::validate(&schema, &sarif);
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 70);
    for result in run["results"].as_array().unwrap() {
        let i = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], result["ruleId"]);
    }
}

fn lint_estate(extra: &[&str]) -> String {
    let mut args = vec![
        "lint",
        "--snapshot",
        ESTATE,
        "--rules",
        TEST_RULES,
        "--select",
        "TST",
    ];
    args.extend_from_slice(extra);
    stdout_of(&args)
}

#[test]
fn every_output_format() {
    for format in [
        "table", "json", "ndjson", "csv", "sarif", "junit", "markdown",
    ] {
        let out = lint_estate(&["--format", format]);
        insta::assert_snapshot!(format!("lint_{format}"), out);
    }
}

#[test]
fn junit_is_well_formed_xml() {
    let xml = lint_estate(&["--format", "junit"]);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!((cases, failures), (2, 2));
}

#[test]
fn fail_on_sets_exit_code_one() {
    let base = [
        "lint",
        "--snapshot",
        ESTATE,
        "--rules",
        TEST_RULES,
        "--format",
        "json",
    ];
    let code = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        watershed().args(&args).output().unwrap().status.code()
    };
    assert_eq!(code(&["--select", "TST"]), Some(0));
    assert_eq!(code(&["--select", "TST", "--fail-on", "high"]), Some(1));
    assert_eq!(code(&["--select", "TST", "--fail-on", "critical"]), Some(0));
    assert_eq!(code(&["--fail-on", "low", "--select", "TST002"]), Some(1));
    assert_eq!(
        code(&["--fail-on", "medium", "--select", "TST002"]),
        Some(0)
    );
}

#[test]
fn selection_severity_and_options() {
    let ids = |out: &str| -> Vec<String> {
        out.lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["rule_id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let out = lint_estate(&["--format", "ndjson", "--ignore", "TST002"]);
    assert_eq!(ids(&out), ["TST001"]);
    let out = lint_estate(&["--format", "ndjson", "--min-severity", "high"]);
    assert_eq!(ids(&out), ["TST001"]);
    // An option raised in the project configuration catches the 20 s queue too.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("ws.toml");
    std::fs::write(&cfg, "[rules.TST001]\nmin_wait = 21\n").unwrap();
    let out = lint_estate(&[
        "--format",
        "ndjson",
        "--ignore",
        "TST002",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(ids(&out).len(), 2, "{out}");
    assert!(out.contains("payments waits 20 s (< 21 s)"), "{out}");
}

#[test]
fn a_row_can_set_its_own_severity() {
    let dir = tempfile::tempdir().unwrap();
    let rule = |severity_sql: &str| {
        format!(
            "id = \"TST003\"\ntitle = \"Queue polling\"\nseverity = \"low\"\nservice = \"sqs\"\nrationale = \"Test.\"\nsql = \"\"\"\nSELECT arn AS resource_arn, 'queue ' || name AS message, {severity_sql} AS severity FROM sqs_queues\n\"\"\"\n[remediation]\nconsole = \"x\"\niac = \"y\"\n"
        )
    };
    std::fs::write(
        dir.path().join("TST003.toml"),
        rule("CASE WHEN receive_wait_time_seconds < 1 THEN 'critical' END"),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let out = watershed()
            .args(["lint", "--snapshot", ESTATE, "--rules"])
            .arg(dir.path())
            .args(["--select", "TST003", "--format", "ndjson"])
            .args(extra)
            .output()
            .unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (out.status.code(), lines)
    };
    let (code, all) = run(&[]);
    assert_eq!(code, Some(0));
    let severities: BTreeSet<&str> = all
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, BTreeSet::from(["critical", "low"]), "{all:?}");
    // --min-severity filters findings, not rules: the low-default rule keeps its critical row.
    let (_, high) = run(&["--min-severity", "high"]);
    assert!(
        !high.is_empty() && high.iter().all(|f| f["severity"] == "critical"),
        "{high:?}"
    );
    assert_eq!(run(&["--fail-on", "critical"]).0, Some(1));

    std::fs::write(dir.path().join("TST003.toml"), rule("'urgent'")).unwrap();
    let out = watershed()
        .args(["lint", "--snapshot", ESTATE, "--rules"])
        .arg(dir.path())
        .args(["--select", "TST003"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("TST003") && err.contains("severity `urgent`"),
        "{err}"
    );
}

#[test]
fn suppressions_by_tag_and_by_configuration() {
    // legacy-reports carries `watershed:ignore = "TST001"`.
    let v: serde_json::Value = serde_json::from_str(&lint_estate(&["--format", "json"])).unwrap();
    let suppressed = v["suppressed"].as_array().unwrap();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["by"], "tag");
    assert!(
        suppressed[0]["finding"]["resource_arn"]
            .as_str()
            .unwrap()
            .ends_with(":legacy-reports")
    );

    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join(".watershed.toml");
    std::fs::write(
        &cfg,
        "[[suppress]]\nrule = \"TST00\"\narn = \"arn:aws:sqs:*:*:ord*\"\nreason = \"polled by a batch job\"\nexpires = 2999-01-01\n\n[[suppress]]\nrule = \"TST002\"\nreason = \"expired\"\nexpires = \"2001-01-01\"\n",
    )
    .unwrap();
    let out = watershed()
        .args([
            "lint",
            "--snapshot",
            ESTATE,
            "--rules",
            TEST_RULES,
            "--select",
            "TST",
            "--format",
            "json",
            "--config",
            cfg.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kept: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        kept,
        ["TST002"],
        "the expired suppression no longer applies"
    );
    assert_eq!(v["suppressed"].as_array().unwrap().len(), 2);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("expired on 2001-01-01"), "{stderr}");

    std::fs::write(&cfg, "[[suppress]]\nrule = \"TST001\"\nreason = \" \"\n").unwrap();
    let err = input_error(&[
        "lint",
        "--snapshot",
        ESTATE,
        "--rules",
        TEST_RULES,
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert!(err.contains("needs a reason"), "{err}");
}

#[test]
fn baseline_keeps_ci_green_until_something_new_appears() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let b = baseline.to_str().unwrap();
    let base = [
        "lint",
        "--snapshot",
        ESTATE,
        "--rules",
        TEST_RULES,
        "--select",
        "TST",
    ];
    let run = |extra: &[&str], snapshot: Option<&str>| {
        let mut args = base.to_vec();
        if let Some(s) = snapshot {
            args[2] = s;
        }
        args.extend_from_slice(extra);
        watershed().args(&args).output().unwrap()
    };
    assert!(run(&["--write-baseline", b], None).status.success());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(written["findings"].as_array().unwrap().len(), 2);
    let out = run(
        &["--baseline", b, "--fail-on", "low", "--format", "json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["baselined"], 2);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);

    // A new short-polling queue is the one new finding.
    let mut estate: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ESTATE).unwrap()).unwrap();
    estate["resources"]["sqs_queues"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "arn": "arn:aws:sqs:us-east-1:111111111111:refunds", "name": "refunds"
        }));
    let newer = dir.path().join("newer.json");
    std::fs::write(&newer, estate.to_string()).unwrap();
    let out = run(
        &["--baseline", b, "--fail-on", "high", "--format", "json"],
        newer.to_str(),
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let new: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource_arn"].as_str().unwrap())
        .collect();
    assert_eq!(new, ["arn:aws:sqs:us-east-1:111111111111:refunds"]);
}

#[test]
fn broken_user_rules_fail_with_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path();
    let d = rules.to_str().unwrap();
    let write = |name: &str, text: &str| {
        for f in std::fs::read_dir(rules).unwrap() {
            std::fs::remove_file(f.unwrap().path()).unwrap();
        }
        std::fs::write(rules.join(name), text).unwrap();
    };
    let meta = "title = \"t\"\nseverity = \"low\"\nservice = \"sqs\"\nrationale = \"r\"\n";
    let tail = "[remediation]\nconsole = \"c\"\niac = \"i\"\n";

    write("BAD001.toml", "id = \"BAD001\"\ntitle = \n");
    let err = input_error(&["lint", "--snapshot", "demo", "--rules", d]);
    assert!(err.contains("BAD001.toml: bad TOML at line 2"), "{err}");

    write(
        "BAD002.toml",
        &format!(
            "id = \"BAD002\"\n{meta}sql = \"SELECT arn AS resource_arn, 'm' AS message FROM no_such_table\"\n{tail}"
        ),
    );
    let err = input_error(&["lint", "--snapshot", "demo", "--rules", d]);
    assert!(
        err.contains("BAD002.toml: rule BAD002:") && err.contains("no_such_table"),
        "{err}"
    );

    write(
        "BAD003.toml",
        &format!("id = \"BAD003\"\n{meta}sql = \"SELECT arn FROM sqs_queues\"\n{tail}"),
    );
    let err = input_error(&["lint", "--snapshot", "demo", "--rules", d]);
    assert!(
        err.contains("BAD003.toml") && err.contains("`resource_arn` column"),
        "{err}"
    );
}

#[test]
fn lint_output_file_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing").join("x.sarif");
    let err = input_error(&[
        "lint",
        "--snapshot",
        "demo",
        "--format",
        "sarif",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("cannot write"), "{err}");
    assert!(!out.exists());
}

#[test]
fn rules_list_and_explain() {
    let listed: serde_json::Value =
        serde_json::from_str(&stdout_of(&["rules", "list", "--format", "json"])).unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"SQS001") && ids.len() >= 70);
    let text = stdout_of(&["rules", "explain", "sqs001"]);
    assert!(text.starts_with("SQS001 [medium]"), "{text}");
    for part in [
        "Why",
        "Fix in the console",
        "Fix in infrastructure as code",
        "SQL",
        "References",
    ] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
    let err = input_error(&["rules", "explain", "NOPE999"]);
    assert!(err.contains("no rule `NOPE999`"), "{err}");
}

#[test]
fn rules_test_reports_failures_with_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("TST001.json"),
        r#"{"fires":{"resources":{"sqs_queues":[{"arn":"arn:aws:sqs:us-east-1:111111111111:q","name":"q"}]}},
            "expect":[{"resource_arn":"arn:aws:sqs:us-east-1:111111111111:q","message":"wrong message"}],
            "passes":{"resources":{}}}"#,
    )
    .unwrap();
    let out = watershed()
        .args([
            "rules",
            "--rules",
            TEST_RULES,
            "test",
            "TST001",
            "--fixtures",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("FAIL  TST001: fires: expected"), "{text}");
    assert!(text.contains("queue q waits 0 s (< 1 s)"), "{text}");
}

#[test]
fn query_formats_and_errors() {
    let sql = "SELECT name, receive_wait_time_seconds AS wait FROM sqs_queues ORDER BY name";
    let table = stdout_of(&["query", "--snapshot", ESTATE, "--no-findings", sql]);
    insta::assert_snapshot!("query_table", table);
    let json = stdout_of(&[
        "query",
        "--snapshot",
        ESTATE,
        "--no-findings",
        "--format",
        "json",
        sql,
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["name"], "legacy-reports");
    assert_eq!(v[2]["wait"], 20);
    let csv = stdout_of(&[
        "query",
        "--snapshot",
        ESTATE,
        "--no-findings",
        "--format",
        "csv",
        sql,
    ]);
    assert_eq!(csv, "name,wait\nlegacy-reports,0\norders,0\npayments,20\n");
    // Nested fields and helper functions.
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "query",
        "--snapshot",
        ESTATE,
        "--no-findings",
        "--format",
        "json",
        "SELECT tags['team'] AS team, arn_part(arn, 'region') AS region FROM sqs_queues WHERE name = 'orders'",
    ]))
    .unwrap();
    assert_eq!(v[0]["team"], "shop");
    assert_eq!(v[0]["region"], "us-east-1");

    let err = input_error(&[
        "query",
        "--snapshot",
        ESTATE,
        "--no-findings",
        "SELEC name FROM sqs_queues",
    ]);
    assert!(err.contains("Line: 1, Column: 1"), "{err}");
    let err = input_error(&[
        "query",
        "--snapshot",
        ESTATE,
        "--no-findings",
        "SELECT nope FROM sqs_queues",
    ]);
    assert!(err.contains("nope"), "{err}");
    let tables = stdout_of(&["query", "--snapshot", ESTATE, "--tables", "--format", "csv"]);
    for t in [
        "sqs_queues",
        "resources",
        "edges",
        "sfn_states",
        "iam_statements",
        "failure_paths",
        "findings",
    ] {
        assert!(tables.contains(&format!("\n{t},")), "{t} missing: {tables}");
    }
}

#[test]
fn query_reads_statements_from_stdin() {
    let out = watershed()
        .args([
            "query",
            "--snapshot",
            ESTATE,
            "--no-findings",
            "--format",
            "csv",
        ])
        .write_stdin("SELECT count(*) AS n FROM sqs_queues;\nSELECT name FROM sns_topics;\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "n\n3\nname\norder-events\n"
    );
}

#[test]
fn the_prompt_takes_dot_commands() {
    let run = |input: &str| {
        watershed()
            .args(["query", "--snapshot", ESTATE, "--no-findings"])
            .write_stdin(input.to_string())
            .output()
            .unwrap()
    };
    let out = run(
        ".format csv\n.schema sns_topics\n.saved\nSELECT count(*) AS n FROM sqs_queues;\n.help\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("column_name,data_type,is_nullable\narn,Utf8,NO\n"),
        "{text}"
    );
    assert!(
        text.contains("cold-starts") && text.contains("\nn\n3\n") && text.contains(".schema TABLE"),
        "{text}"
    );
    let out = run(".tables\n");
    assert!(String::from_utf8_lossy(&out.stdout).contains("sqs_queues"));
    let out = run(".format yaml\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".format yaml: use table, json or csv"));
}

#[test]
fn findings_are_a_table_too() {
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "query",
        "--snapshot",
        ESTATE,
        "--format",
        "json",
        "SELECT rule_id, count(*) AS n FROM findings WHERE rule_id LIKE 'SQS%' GROUP BY rule_id ORDER BY rule_id",
    ]))
    .unwrap();
    let rules: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule_id"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"SQS006"),
        "orders and legacy-reports are unencrypted: {v}"
    );
}
