//! CLI tests: the binary as a user runs it.

use assert_cmd::Command;
use std::collections::BTreeSet;

pub(crate) fn watershed() -> Command {
    let mut c = Command::cargo_bin("watershed").unwrap();
    c.env_remove("AWS_PROFILE").env_remove("AWS_ENDPOINT_URL");
    c
}

pub(crate) fn stdout_of(args: &[&str]) -> String {
    let out = watershed().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Asserts a one-line error on stderr and exit code 2; returns the line.
pub(crate) fn input_error(args: &[&str]) -> String {
    let out = watershed().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected, got: {err}"
    );
    assert!(err.starts_with("error: "), "{err}");
    assert!(out.stdout.is_empty());
    err
}

#[test]
fn demo_graph_json_has_many_edge_kinds_and_consistent_endpoints() {
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "graph",
        "--snapshot",
        "demo",
        "--format",
        "json",
    ]))
    .unwrap();
    let kinds: BTreeSet<&str> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.len() >= 15,
        "only {} edge kinds: {kinds:?}",
        kinds.len()
    );
    let nodes: BTreeSet<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for e in v["edges"].as_array().unwrap() {
        assert!(nodes.contains(e["from"].as_str().unwrap()), "{e}");
        assert!(nodes.contains(e["to"].as_str().unwrap()), "{e}");
    }
    assert_eq!(
        v["summary"]["edges"].as_u64().unwrap() as usize,
        v["edges"].as_array().unwrap().len()
    );
}

#[test]
fn demo_svg_is_valid_xml_with_node_groups() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("estate.svg");
    stdout_of(&[
        "graph",
        "--snapshot",
        "demo",
        "--format",
        "svg",
        "-o",
        path.to_str().unwrap(),
    ]);
    let svg = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let groups = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.contains("ws-node")))
        .count();
    assert!(groups > 20, "only {groups} node groups");
    assert!(svg.contains("video-uploaded"));
}

#[test]
fn demo_failure_paths_show_dropped_events() {
    let text = stdout_of(&["graph", "--snapshot", "demo", "--failure-paths"]);
    assert!(text.contains("DROPPED"), "{text}");
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "graph",
        "--snapshot",
        "demo",
        "--failure-paths",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(v["summary"]["dropped"].as_u64().unwrap() >= 1);
    assert!(
        v["failure_paths"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["dropped"] == true && p["kind"] == "sns_subscription")
    );
}

#[test]
fn mermaid_and_dot_render_the_demo() {
    let m = stdout_of(&["graph", "--snapshot", "demo", "--format", "mermaid"]);
    assert!(m.starts_with("flowchart LR\n"));
    assert!(m.contains("sns_subscription"));
    let d = stdout_of(&["graph", "--snapshot", "demo"]);
    assert!(d.starts_with("digraph watershed {"));
    assert!(d.trim_end().ends_with('}'));
    assert!(
        !d.contains("execution_role"),
        "roles are hidden unless --all-edges"
    );
    let all = stdout_of(&["graph", "--snapshot", "demo", "--all-edges"]);
    assert!(all.contains("execution_role"));
}

#[test]
fn focus_limits_the_graph() {
    let full: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "graph",
        "--snapshot",
        "demo",
        "--format",
        "json",
    ]))
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "graph",
        "--snapshot",
        "demo",
        "--format",
        "json",
        "--focus",
        "video-uploaded",
        "--depth",
        "1",
    ]))
    .unwrap();
    let n = v["nodes"].as_array().unwrap().len();
    assert!(n > 1 && n < full["nodes"].as_array().unwrap().len());
    let err = input_error(&["graph", "--snapshot", "demo", "--focus", "no-such-thing"]);
    assert!(err.contains("no resource named"), "{err}");
}

#[test]
fn truncated_snapshot_is_one_line_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cut.json");
    let demo = watershed::demo::DEMO_SNAPSHOT_JSON;
    std::fs::write(&p, &demo[..demo.len() / 3]).unwrap();
    let err = input_error(&["graph", "--snapshot", p.to_str().unwrap()]);
    assert!(
        err.contains("cut.json:") && err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn newer_snapshot_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.json");
    std::fs::write(&p, r#"{"format_version": 7, "scan": {}, "resources": {}}"#).unwrap();
    let err = input_error(&["graph", "--snapshot", p.to_str().unwrap()]);
    assert!(
        err.contains("format_version 7 is newer than this watershed (1)"),
        "{err}"
    );
}

#[test]
fn missing_snapshot_and_unwritable_output_are_input_errors() {
    input_error(&["graph", "--snapshot", "/nonexistent/snap.json"]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-dir").join("g.dot");
    let err = input_error(&["graph", "--snapshot", "demo", "-o", out.to_str().unwrap()]);
    assert!(err.contains("cannot write"), "{err}");
    assert!(!out.exists());
}

#[test]
fn iam_policy_is_the_read_allowlist() {
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&["iam-policy"])).unwrap();
    let actions: Vec<&str> = v["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(actions, watershed::collect::guard::iam_actions());
    assert!(
        actions.contains(&"lambda:ListFunctions")
            && actions.contains(&"iam:GetAccountAuthorizationDetails")
    );
    assert!(
        actions
            .iter()
            .all(|a| { watershed::collect::guard::is_read_verb(a.split(':').nth(1).unwrap()) })
    );
}

#[test]
fn help_works_for_scan_and_graph() {
    let scan = stdout_of(&["scan", "--help"]);
    assert!(
        scan.contains("--endpoint-url") && scan.contains("--regions") && scan.contains("Examples:")
    );
    let graph = stdout_of(&["graph", "--help"]);
    assert!(graph.contains("--failure-paths") && graph.contains("--focus"));
}

#[test]
fn code_lists_a_handlers_effects() {
    let out = stdout_of(&[
        "code",
        "--snapshot",
        "demo",
        "transcode-720p",
        "--format",
        "csv",
    ]);
    assert!(
        out.contains(
            "lambda_function.py,26,13,additive_write,dynamodb,UpdateItem,dynamodb:UpdateItem"
        ),
        "{out}"
    );
    // From a code folder: one sub-folder per function name.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("EC2Stop")).unwrap();
    std::fs::write(
        dir.path().join("EC2Stop/lambda_function.py"),
        "import boto3\nec2 = boto3.client('ec2')\n\n\ndef lambda_handler(event, context):\n    ec2.terminate_instances(InstanceIds=['i-1'])\n",
    )
    .unwrap();
    let code_dir = dir.path().to_str().unwrap();
    let out = stdout_of(&[
        "code",
        "--snapshot",
        "demo",
        "--code-dir",
        code_dir,
        "EC2Stop",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["iam_action"], "ec2:TerminateInstances");
    assert_eq!(v[0]["line"], 6);
    // A function without a folder has no code; a missing function or folder is an error.
    let out = stdout_of(&[
        "code",
        "--snapshot",
        "demo",
        "--code-dir",
        code_dir,
        "EC2Start",
    ]);
    assert!(
        out.contains("function EC2Start: no code: no folder EC2Start"),
        "{out}"
    );
    let err = input_error(&["code", "--snapshot", "demo", "no-such-function"]);
    assert!(
        err.contains("no function named `no-such-function`"),
        "{err}"
    );
    let err = input_error(&[
        "code",
        "--snapshot",
        "demo",
        "--code-dir",
        "/nonexistent/dir",
        "EC2Stop",
    ]);
    assert!(err.contains("is not a folder"), "{err}");
}

#[test]
fn recorded_telemetry_becomes_log_and_invocation_tables() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/telemetry/parser");
    let out = stdout_of(&[
        "query",
        "--snapshot",
        "demo",
        "--no-findings",
        "--telemetry",
        dir,
        "--format",
        "csv",
        "SELECT function_name, count(*) AS n, sum(CASE WHEN cold_start THEN 1 ELSE 0 END) AS cold, sum(CASE WHEN timed_out THEN 1 ELSE 0 END) AS timeouts, sum(CASE WHEN oom THEN 1 ELSE 0 END) AS ooms FROM lambda_invocations GROUP BY 1 ORDER BY 1",
    ]);
    assert_eq!(
        out,
        "function_name,n,cold,timeouts,ooms\norders-enrich,2,1,1,0\nquotes-java,1,1,0,0\ntranscode-720p,6,2,1,2\n"
    );
    let out = stdout_of(&[
        "query",
        "--snapshot",
        "demo",
        "--no-findings",
        "--telemetry",
        dir,
        "--format",
        "csv",
        "SELECT count(*) AS n FROM log_events",
    ]);
    assert_eq!(out, "n\n25\n");
    let bad = tempfile::tempdir().unwrap();
    std::fs::write(
        bad.path().join("log_events.ndjson"),
        "{\"message\": \"ok\"}\nnot json\n",
    )
    .unwrap();
    let err = input_error(&[
        "query",
        "--snapshot",
        "demo",
        "--telemetry",
        bad.path().to_str().unwrap(),
        "SELECT 1",
    ]);
    assert!(err.contains("log_events.ndjson:2: malformed line"), "{err}");
}

#[test]
fn saved_queries_run_with_parameters() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/telemetry/parser");
    let listing = stdout_of(&["query", "--list-saved"]);
    let names: Vec<&str> = listing
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert!(names.len() >= 11, "{listing}");
    let run = |name: &str, params: &[&str]| {
        let mut args = vec![
            "query",
            "--snapshot",
            "demo",
            "--no-findings",
            "--telemetry",
            dir,
            "--format",
            "csv",
            "--saved",
            name,
        ];
        for p in params {
            args.extend(["--param", p]);
        }
        stdout_of(&args)
    };
    // Every saved query plans and runs on the demo with recorded telemetry.
    for name in &names {
        let params: &[&str] = if *name == "follow-request" {
            &["request_id=44444444-4444-4444-8444-444444444444"]
        } else {
            &[]
        };
        run(name, params);
    }
    assert_eq!(
        run("cold-starts", &[]),
        "function_name,invocations,cold_starts,cold_pct,avg_init_ms,max_init_ms\ntranscode-720p,6,2,33.33,413.61,413.61\norders-enrich,2,1,50.0,463.51,463.512\nquotes-java,1,1,100.0,180.02,180.02\n"
    );
    assert_eq!(
        run("error-rate", &[]),
        "function_name,invocations,errors,error_rate_pct\norders-enrich,2,2,100.0\ntranscode-720p,6,4,66.67\nquotes-java,1,0,0.0\n"
    );
    let out = run("near-timeout", &["share=0.02"]);
    assert!(
        out.contains("transcode-720p,22222222-2222-4222-8222-222222222222"),
        "{out}"
    );
    let out = run(
        "follow-request",
        &["request_id=44444444-4444-4444-8444-444444444444"],
    );
    assert_eq!(
        out.matches("/aws/lambda/transcode-720p").count(),
        4,
        "{out}"
    );
    let out = run("error-signatures", &[]);
    assert!(
        out.contains("Task timed out after <n> seconds") && !out.contains("REPORT"),
        "{out}"
    );
    let err = input_error(&["query", "--snapshot", "demo", "--saved", "follow-request"]);
    assert!(err.contains("needs --param request_id=VALUE"), "{err}");
    let err = input_error(&["query", "--snapshot", "demo", "--saved", "nope"]);
    assert!(err.contains("no saved query `nope`"), "{err}");
}

#[test]
fn demo_telemetry_has_its_known_aggregates() {
    // The plan scripts/gen-demo-telemetry.py generates from: invocations, cold starts,
    // timeouts and OOMs per function.
    let out = stdout_of(&[
        "query",
        "--snapshot",
        "demo",
        "--no-findings",
        "--telemetry",
        "demo",
        "--format",
        "csv",
        "SELECT function_name, count(*) AS n, sum(CASE WHEN cold_start THEN 1 ELSE 0 END) AS cold, sum(CASE WHEN timed_out THEN 1 ELSE 0 END) AS timeouts, sum(CASE WHEN oom THEN 1 ELSE 0 END) AS ooms FROM lambda_invocations GROUP BY 1 ORDER BY 1",
    ]);
    assert_eq!(
        out,
        "function_name,n,cold,timeouts,ooms\n\
         api_lambda,60,4,3,0\n\
         clickstream-enricher,50,2,0,0\n\
         email_reminder_lambda,15,1,0,0\n\
         orders-consumer,12,1,1,0\n\
         orders-enrich,30,2,0,0\n\
         transcode-1080p,20,1,0,0\n\
         transcode-480p,30,2,0,2\n\
         transcode-720p,40,3,2,0\n\
         video-thumbnail,25,2,0,0\n"
    );
    // Errors the JSON-format function reports in platform.report.
    let out = stdout_of(&[
        "query",
        "--snapshot",
        "demo",
        "--no-findings",
        "--telemetry",
        "demo",
        "--format",
        "csv",
        "--saved",
        "error-rate",
    ]);
    assert!(out.contains("orders-enrich,30,1,3.33"), "{out}");
    let out = stdout_of(&[
        "query",
        "--snapshot",
        "demo",
        "--no-findings",
        "--telemetry",
        "demo",
        "--format",
        "csv",
        "--saved",
        "timeouts",
    ]);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("api_lambda,")).count(),
        3,
        "{out}"
    );
}

#[test]
fn triage_shows_neighbourhood_health_errors_and_findings() {
    let out = stdout_of(&[
        "triage",
        "--snapshot",
        "demo",
        "--telemetry",
        "demo",
        "api_lambda",
    ]);
    assert!(
        out.starts_with(
            "arn:aws:lambda:us-east-1:111122223333:function:api_lambda (lambda_function)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "<- arn:aws:apigateway:us-east-1::/restapis/k3x8q1v7m2 [api_integration sync]"
        ),
        "{out}"
    );
    assert!(
        out.contains("api_lambda: 60 invocations, 3 errors (3 timeouts, 0 OOM), 4 cold starts"),
        "{out}"
    );
    assert!(out.contains("Task timed out after 3.00 seconds"), "{out}");
    assert!(out.contains("IDEM002 api_lambda"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "triage",
        "--snapshot",
        "demo",
        "--telemetry",
        "demo",
        "transcode-480p",
        "--format",
        "json",
        "--since",
        "2h",
    ]))
    .unwrap();
    assert_eq!(v["health"][0]["ooms"], 2);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule_id"] == "IDEM003")
    );
    let md = stdout_of(&[
        "triage",
        "--snapshot",
        "demo",
        "transcode-720p",
        "--format",
        "markdown",
    ]);
    assert!(
        md.starts_with("# arn:aws:lambda")
            && md.contains("## Findings")
            && md.contains("no telemetry"),
        "{md}"
    );
    let err = input_error(&["triage", "--snapshot", "demo", "nothing-here"]);
    assert!(err.contains("no resource named `nothing-here`"), "{err}");
    let err = input_error(&[
        "triage",
        "--snapshot",
        "demo",
        "api_lambda",
        "--since",
        "soon",
    ]);
    assert!(err.contains("--since soon"), "{err}");
}

/// `query` on the demo with its recorded telemetry, as CSV, with `rest` appended.
fn demo_telemetry_query(rest: &[&str]) -> String {
    let mut args = vec![
        "query",
        "--snapshot",
        "demo",
        "--no-findings",
        "--telemetry",
        "demo",
        "--format",
        "csv",
    ];
    args.extend(rest);
    stdout_of(&args)
}

/// Runs saved query `name` on the demo with its recorded telemetry, as CSV.
fn demo_saved(name: &str) -> String {
    demo_telemetry_query(&["--saved", name])
}

#[test]
fn demo_metrics_and_traces_have_their_known_answers() {
    // The aggregates scripts/gen-demo-telemetry.py prints for metrics and traces.
    let out = demo_saved("throttles");
    let rows: Vec<&str> = out.lines().skip(1).take(2).collect();
    assert!(rows[0].starts_with("api_lambda,37.0,"), "{out}");
    assert!(rows[1].starts_with("transcode-720p,5.0,"), "{out}");
    let out = demo_saved("dlq-depth");
    assert!(
        out.lines()
            .any(|l| l.starts_with("video-transcode-dlq,") && l.contains(",12.0,")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("orders-intake-dlq,") && l.contains(",3.0,")),
        "{out}"
    );
    let out = demo_saved("iterator-age");
    assert!(
        out.contains("clickstream-enricher") && out.contains("180000.0"),
        "{out}"
    );
    let out = demo_saved("sns-failures");
    let top = out.lines().nth(1).unwrap();
    assert!(
        top.starts_with("order-events,370.0,") && top.contains(",6.0,"),
        "{out}"
    );
    let out = demo_saved("api-5xx");
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .contains("petcuddleotron,prod,211.0,9.0,14.0"),
        "{out}"
    );
    let out = demo_saved("sfn-failures");
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("orders-fulfilment,"),
        "{out}"
    );
    let out = demo_saved("slowest-traces");
    let top: Vec<&str> = out
        .lines()
        .skip(1)
        .take(3)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        top,
        [
            "1-6b0c11b4-de1ee0553f14b5fd13172f1c",
            "1-6b0c119b-f823c94870b90ecfd72b010b",
            "1-6b0c0952-8874c116e40d1a8420fc0fee"
        ],
        "{out}"
    );
    let out = demo_saved("downstream-blame");
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("StepFunctions,StartExecution"),
        "{out}"
    );
    let out = demo_saved("trace-errors");
    assert_eq!(out.lines().count(), 6, "{out}");
    // A request followed from its log lines into its X-Ray segments.
    let out = demo_telemetry_query(&[
        "--saved",
        "follow-request",
        "--param",
        "request_id=42186564-3d02-4607-a30d-a89ae30041f5",
    ]);
    assert!(out.lines().any(|l| l.starts_with("log,")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("xray,")), "{out}");
    // log_events carries what each line's Lambda format says.
    let out = demo_telemetry_query(&[
        "SELECT record_type, count(*) AS n, count(request_id) AS ids, count(xray_trace_id) AS traces FROM log_events WHERE record_type IN ('START', 'REPORT', 'platform.report') GROUP BY 1 ORDER BY 1",
    ]);
    assert_eq!(
        out,
        "record_type,n,ids,traces\nREPORT,252,252,252\nSTART,252,252,0\nplatform.report,30,30,0\n"
    );
    // Triage puts the signals and the slowest traces on the screen.
    let out = stdout_of(&[
        "triage",
        "--snapshot",
        "demo",
        "--telemetry",
        "demo",
        "api_lambda",
    ]);
    assert!(
        out.contains("api_lambda: AWS/Lambda Throttles sum 37"),
        "{out}"
    );
    assert!(
        out.contains("1-6b0c11b4-de1ee0553f14b5fd13172f1c 2.90 s ok, slowest call: StepFunctions StartExecution"),
        "{out}"
    );
}

#[test]
fn live_telemetry_asks_before_a_large_fetch() {
    // No call is made: the estimate is refused before anything is sent.
    let err = input_error(&[
        "query",
        "--snapshot",
        "demo",
        "--no-findings",
        "--telemetry",
        "live",
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--region",
        "us-east-1",
        "--max-calls",
        "0",
        "SELECT count(*) FROM log_events",
    ]);
    assert!(
        err.contains("would make about")
            && err.contains("FilterLogEvents")
            && err.contains("--yes"),
        "{err}"
    );
    let err = input_error(&[
        "query",
        "--snapshot",
        "demo",
        "--telemetry",
        "live",
        "--from",
        "yesterday",
        "SELECT 1",
    ]);
    assert!(err.contains("--from yesterday"), "{err}");
}
