//! Property tests over generated estates: the demo with random subsets of every resource
//! list, shuffled order, and wiring fields (event sources, function and target DLQs, queue
//! redrives, subscription endpoints, rule targets) pointed at random resources of the
//! estate, at themselves, or at nothing that exists. For each case:
//! - the snapshot round-trips through its file format unchanged;
//! - every edge's ends are nodes, and failure paths end (each path has one or two stages
//!   between existing nodes);
//! - finding fingerprints do not depend on resource order.
//!
//! A seeded generator (not proptest: its `rand` turns on a `getrandom` feature that would
//! rebuild DataFusion for the test profile) makes every run the same; a failure prints the
//! case number to replay.

use crate::rng::Rng;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use watershed::graph::Topology;
use watershed::graph::failure::failure_paths;
use watershed::model::Snapshot;

/// Wiring fields: (list, field) whose value is an ARN the graph follows.
const WIRING: &[(&str, &str)] = &[
    ("event_source_mappings", "event_source_arn"),
    ("event_source_mappings", "function_arn"),
    ("lambda_functions", "dead_letter_target_arn"),
    ("sns_subscriptions", "endpoint"),
    ("sns_subscriptions", "redrive_dead_letter_arn"),
];

fn arns(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (_, list) in v["resources"].as_object().unwrap() {
        for r in list.as_array().unwrap() {
            if let Some(a) = r["arn"].as_str() {
                out.push(a.to_string());
            }
        }
    }
    out
}

/// Generated estate number `case`.
fn estate(case: u64) -> Value {
    let mut rng = Rng(0x5151_0000_0000_0001 ^ (case.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
    let mut v: Value = serde_json::from_str(watershed::demo::DEMO_SNAPSHOT_JSON).unwrap();
    let pool = arns(&v);
    let pick = |rng: &mut Rng| -> Value {
        match rng.below(10) {
            0 => Value::String("arn:aws:sqs:us-east-1:111122223333:does-not-exist".into()),
            1 => Value::String(String::new()),
            _ => Value::String(pool[rng.below(pool.len())].clone()),
        }
    };
    for (_, list) in v["resources"].as_object_mut().unwrap() {
        let items = list.as_array_mut().unwrap();
        items.retain(|_| rng.chance(75));
        for i in (1..items.len()).rev() {
            let j = rng.below(i + 1);
            items.swap(i, j);
        }
    }
    for (list, field) in WIRING {
        for r in v["resources"][*list].as_array_mut().unwrap() {
            if rng.chance(40) {
                r[*field] = pick(&mut rng);
            }
        }
    }
    for q in v["resources"]["sqs_queues"].as_array_mut().unwrap() {
        if rng.chance(40) {
            let target = pick(&mut rng);
            q["redrive"] = if target.as_str() == Some("") {
                Value::Null
            } else {
                serde_json::json!({"dead_letter_target_arn": target, "max_receive_count": 1 + rng.below(10)})
            };
        }
    }
    for rule in v["resources"]["event_rules"].as_array_mut().unwrap() {
        if let Some(targets) = rule.get_mut("targets").and_then(Value::as_array_mut) {
            for t in targets {
                if rng.chance(50) {
                    t["arn"] = pick(&mut rng);
                }
                if rng.chance(30) {
                    t["dead_letter_arn"] = pick(&mut rng);
                }
            }
        }
    }
    v
}

fn load(v: &Value) -> Snapshot {
    let text = v.to_string();
    Snapshot::from_bytes(text.as_bytes(), Path::new("case.json")).unwrap_or_else(|e| {
        let at = match &e {
            watershed::model::SnapshotError::Malformed { column, .. } => *column,
            _ => 0,
        };
        panic!(
            "{e}: {}",
            &text[at.saturating_sub(300)..(at + 50).min(text.len())]
        )
    })
}

#[test]
fn generated_estates_round_trip_and_derive_consistent_graphs() {
    for case in 0..150 {
        let s = load(&estate(case));
        let again = Snapshot::from_bytes(s.to_json().as_bytes(), Path::new("again.json"))
            .unwrap_or_else(|e| panic!("case {case}: {e}"));
        assert_eq!(again, s, "case {case}: snapshot round trip");

        let t = Topology::from_inventory(&s.resources);
        for e in t.edges() {
            assert!(
                t.node(&e.from).is_some() && t.node(&e.to).is_some(),
                "case {case}: edge {} -> {} has an end that is not a node",
                e.from,
                e.to
            );
        }
        for p in failure_paths(&t, &s.resources) {
            assert!(
                (1..=2).contains(&p.stages.len()),
                "case {case}: {} -> {} has {} stages",
                p.from,
                p.to,
                p.stages.len()
            );
            assert!(
                t.node(&p.from).is_some() && t.node(&p.to).is_some(),
                "case {case}"
            );
        }
        let _ = t.cycles();
    }
}

/// Fingerprints of the findings of `v`, by running `lint` on it.
fn fingerprints(v: &Value, dir: &Path, name: &str) -> BTreeSet<String> {
    let path = dir.join(name);
    std::fs::write(&path, v.to_string()).unwrap();
    let out = crate::cli::watershed()
        .args([
            "lint",
            "--snapshot",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--code-dir",
            "fixtures/demo/code",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{name}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fingerprints_do_not_depend_on_resource_order() {
    let dir = tempfile::tempdir().unwrap();
    for case in [3, 17] {
        let v = estate(case);
        let mut reversed = v.clone();
        for (_, list) in reversed["resources"].as_object_mut().unwrap() {
            list.as_array_mut().unwrap().reverse();
        }
        let a = fingerprints(&v, dir.path(), "a.json");
        let b = fingerprints(&reversed, dir.path(), "b.json");
        assert!(!a.is_empty(), "case {case}: no findings");
        assert_eq!(
            a, b,
            "case {case}: fingerprints changed with resource order"
        );
    }
}
