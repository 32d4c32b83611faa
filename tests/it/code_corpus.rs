//! The handler-code corpus (`fixtures/code/<case>/`): every case's analysed effects must be
//! exactly its `effects.json` (file, line, kind, service, operation, IAM action).

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use watershed::code::tree::CodeTree;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code");

/// `case.toml`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct Case {
    pub handler: String,
    pub runtime: String,
    pub trigger: String,
    pub idempotent: bool,
    pub description: String,
}

/// One expected effect.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Expected {
    pub file: String,
    pub line: u32,
    pub kind: String,
    pub service: Option<String>,
    pub operation: Option<String>,
    pub iam_action: Option<String>,
}

pub fn cases() -> Vec<(String, PathBuf, Case)> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|d| {
            let case: Case = toml::from_str(&std::fs::read_to_string(d.join("case.toml")).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", d.display()));
            (
                d.file_name().unwrap().to_string_lossy().into_owned(),
                d,
                case,
            )
        })
        .collect()
}

pub fn analysed(dir: &Path, case: &Case) -> Result<Vec<Expected>, String> {
    let tree = CodeTree::read_dir(dir).map_err(|e| e.to_string())?;
    let effects = watershed::code::analyse(&tree, &case.runtime, &case.handler)
        .map_err(|e| format!("not analysed: {e}"))?;
    let mut got: Vec<Expected> = effects
        .into_iter()
        .map(|e| Expected {
            file: e.file,
            line: e.line,
            kind: e.kind.as_str().to_string(),
            service: e.service,
            operation: e.operation,
            iam_action: e.iam_action,
        })
        .collect();
    got.sort();
    got.dedup();
    Ok(got)
}

#[test]
fn every_case_yields_exactly_its_expected_effects() {
    let all = cases();
    assert!(all.len() >= 40, "the corpus has {} cases", all.len());
    let mut failures = Vec::new();
    let only = std::env::var("CORPUS_ONLY").unwrap_or_default();
    for (name, dir, case) in all.iter().filter(|(n, _, _)| n.starts_with(&only)) {
        let mut want: Vec<Expected> =
            serde_json::from_str(&std::fs::read_to_string(dir.join("effects.json")).unwrap())
                .unwrap_or_else(|e| panic!("{name}/effects.json: {e}"));
        want.sort();
        let got = match analysed(dir, case) {
            Ok(got) => got,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        if got != want {
            let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
            let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
            failures.push(format!("{name}:\n  missing {missing:?}\n  extra {extra:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

const FN: &str = "arn:aws:lambda:us-east-1:111111111111:function:handler";

/// Triggers that deliver an event more than once.
const AT_LEAST_ONCE: &[&str] = &[
    "sqs",
    "sns",
    "s3",
    "eventbridge",
    "kinesis",
    "dynamodb_stream",
    "async_invoke",
    "sfn_task_retry",
    "schedule",
];

/// A snapshot holding the case's function (named `handler`) and the trigger it names.
fn snapshot_for(case: &Case) -> watershed::model::Snapshot {
    use serde_json::json;
    let region_acct = "us-east-1:111111111111";
    let function = json!({"arn": FN, "name": "handler", "runtime": case.runtime, "handler": case.handler, "package_type": "Zip"});
    let mut resources = json!({"lambda_functions": [function]});
    let r = resources.as_object_mut().unwrap();
    let esm = |source: String| json!([{"uuid": "u1", "arn": format!("arn:aws:lambda:{region_acct}:event-source-mapping:u1"), "function_arn": FN, "event_source_arn": source, "state": "Enabled", "batch_size": 10}]);
    match case.trigger.as_str() {
        "sqs" => {
            let q = format!("arn:aws:sqs:{region_acct}:jobs");
            r.insert("sqs_queues".into(), json!([{"arn": q, "name": "jobs"}]));
            r.insert("event_source_mappings".into(), esm(q));
        }
        "kinesis" => {
            r.insert(
                "event_source_mappings".into(),
                esm(format!("arn:aws:kinesis:{region_acct}:stream/clicks")),
            );
        }
        "dynamodb_stream" => {
            r.insert(
                "event_source_mappings".into(),
                esm(format!(
                    "arn:aws:dynamodb:{region_acct}:table/orders/stream/2026-01-01T00:00:00.000"
                )),
            );
        }
        "sns" => {
            let t = format!("arn:aws:sns:{region_acct}:events");
            r.insert("sns_topics".into(), json!([{"arn": t, "name": "events"}]));
            r.insert("sns_subscriptions".into(), json!([{"arn": format!("{t}:s1"), "topic_arn": t, "protocol": "lambda", "endpoint": FN, "owner": "111111111111"}]));
        }
        "s3" => {
            r.insert("s3_buckets".into(), json!([{"arn": "arn:aws:s3:::uploads-111111111111", "name": "uploads-111111111111", "account_id": "111111111111", "region": "us-east-1",
                "notifications": [{"id": "n1", "destination_type": "lambda", "destination_arn": FN, "events": ["s3:ObjectCreated:*"]}]}]));
        }
        "eventbridge" => {
            r.insert("event_rules".into(), json!([{"arn": format!("arn:aws:events:{region_acct}:rule/r1"), "name": "r1", "event_bus_name": "default", "event_pattern": "{\"source\":[\"app\"]}", "state": "ENABLED", "targets": [{"id": "t1", "arn": FN}]}]));
        }
        "schedule" => {
            r.insert("schedules".into(), json!([{"arn": format!("arn:aws:scheduler:{region_acct}:schedule/default/s1"), "name": "s1", "group_name": "default", "schedule_expression": "rate(1 hour)", "state": "ENABLED",
                "target": {"arn": FN, "role_arn": "arn:aws:iam::111111111111:role/scheduler"}}]));
        }
        "async_invoke" => {
            let invoker = format!("arn:aws:lambda:{region_acct}:function:invoker");
            r["lambda_functions"].as_array_mut().unwrap().push(json!({"arn": invoker, "name": "invoker", "runtime": "python3.12", "handler": "app.handler", "package_type": "Zip",
                "async_invoke_configs": [{"qualifier": "$LATEST", "on_success_arn": FN}]}));
        }
        "sfn_task_retry" => {
            let definition = json!({"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": FN, "Payload.$": "$"}, "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}], "End": true}}});
            r.insert("state_machines".into(), json!([{"arn": format!("arn:aws:states:{region_acct}:stateMachine:flow"), "name": "flow", "machine_type": "STANDARD", "definition": definition.to_string(), "role_arn": "arn:aws:iam::111111111111:role/flow"}]));
        }
        "api" => {
            r.insert("http_apis".into(), json!([{"arn": "arn:aws:apigateway:us-east-1::/apis/a1", "id": "a1", "name": "api", "account_id": "111111111111", "region": "us-east-1", "protocol_type": "HTTP",
                "routes": [{"id": "r1", "route_key": "POST /x", "target": "integrations/i1"}], "integrations": [{"id": "i1", "integration_type": "AWS_PROXY", "integration_uri": FN}]}]));
        }
        "cognito" => {
            r.insert("user_pools".into(), json!([{"arn": format!("arn:aws:cognito-idp:{region_acct}:userpool/us-east-1_x"), "id": "us-east-1_x", "name": "users", "lambda_triggers": [{"trigger": "PostConfirmation", "lambda_arn": FN}]}]));
        }
        other => panic!("unknown trigger {other}"),
    }
    serde_json::from_value(json!({"format_version": watershed::model::snapshot::FORMAT_VERSION, "scan": {"source": "fixture"}, "coverage": [], "resources": resources}))
        .unwrap()
}

/// IDEM001 over the corpus: it must fire exactly on the non-idempotent handlers behind an
/// at-least-once trigger. Prints precision and recall.
#[tokio::test(flavor = "multi_thread")]
async fn idem001_precision_and_recall_on_the_corpus() {
    use std::collections::BTreeMap;
    use watershed::code::source::CodeSource;
    let rules = watershed::lint::rule::catalog(&[]).unwrap();
    let rule = rules
        .iter()
        .find(|r| r.id == "IDEM001")
        .expect("IDEM001 ships");
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for (name, dir, case) in cases() {
        let snapshot = snapshot_for(&case);
        let tree = CodeTree::read_dir(&dir).unwrap();
        let files: BTreeMap<String, String> = tree
            .paths()
            .map(|p| (p.to_string(), tree.get(p).unwrap().to_string()))
            .collect();
        let code = CodeSource::Files(BTreeMap::from([("handler".to_string(), files)]));
        let mut catalog = watershed::sql::Catalog::new(&snapshot).unwrap();
        catalog.add_code(&snapshot, Some(&code)).unwrap();
        let found = watershed::lint::engine::run(
            &catalog,
            &[rule],
            &Default::default(),
            &snapshot.resources.resources(),
        )
        .await
        .unwrap();
        let fired = found.iter().any(|f| f.resource_arn == FN);
        let positive = !case.idempotent && AT_LEAST_ONCE.contains(&case.trigger.as_str());
        match (fired, positive) {
            (true, true) => tp += 1,
            (true, false) => {
                fp += 1;
                wrong.push(format!(
                    "{name}: fired but {} on {}",
                    if case.idempotent {
                        "idempotent"
                    } else {
                        "not at-least-once"
                    },
                    case.trigger
                ));
            }
            (false, true) => {
                fn_ += 1;
                wrong.push(format!(
                    "{name}: missed (non-idempotent on {})",
                    case.trigger
                ));
            }
            (false, false) => tn += 1,
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "IDEM001 on the corpus: {tp} true positives, {fp} false positives, {fn_} missed, {tn} true negatives; precision {precision:.3}, recall {recall:.3}"
    );
    assert!(tp > 10, "too few positives in the corpus: {tp}");
    assert!(
        wrong.is_empty(),
        "precision {precision:.3}, recall {recall:.3}:\n{}",
        wrong.join("\n")
    );
}
