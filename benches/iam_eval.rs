//! Evaluator throughput: how many access decisions per second `AccessIndex` answers on a
//! snapshot. Prints figures; asserts nothing.
//!
//!   cargo bench --bench iam_eval -- SNAPSHOT.json
//!
//! Questions asked: every role × every queue × {sqs:ReceiveMessage, sqs:SendMessage} and
//! every role × every function × lambda:InvokeFunction (identity, boundary and resource
//! policies, same and cross account), then every EventBridge rule × every function in its
//! account as events.amazonaws.com (resource policies with source conditions).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;
use watershed::iam::AccessIndex;
use watershed::model::Snapshot;

fn main() {
    let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench iam_eval -- SNAPSHOT.json");
        std::process::exit(2);
    };
    let snapshot = Snapshot::load(Path::new(&path)).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    });
    let inv = &snapshot.resources;
    let started = Instant::now();
    let index = AccessIndex::of(inv);
    let index_s = started.elapsed().as_secs_f64();
    println!(
        "snapshot: {} resources, {} roles, {} queues, {} functions, {} rules",
        inv.len(),
        inv.iam_roles.len(),
        inv.sqs_queues.len(),
        inv.lambda_functions.len(),
        inv.event_rules.len()
    );
    println!("index build: {:.3} s", index_s);

    let mut verdicts: BTreeMap<&str, u64> = BTreeMap::new();
    let started = Instant::now();
    let mut n = 0u64;
    for role in &inv.iam_roles {
        for q in &inv.sqs_queues {
            for action in ["sqs:ReceiveMessage", "sqs:SendMessage"] {
                let v = index
                    .role_access(&role.arn, action, &q.arn)
                    .map(|a| a.verdict.as_str());
                *verdicts.entry(v.unwrap_or("unknown")).or_default() += 1;
                n += 1;
            }
        }
        for f in &inv.lambda_functions {
            let v = index
                .role_access(&role.arn, "lambda:InvokeFunction", &f.arn)
                .map(|a| a.verdict.as_str());
            *verdicts.entry(v.unwrap_or("unknown")).or_default() += 1;
            n += 1;
        }
    }
    let role_s = started.elapsed().as_secs_f64();
    println!(
        "role decisions: {n} in {role_s:.3} s = {:.0} decisions/s",
        n as f64 / role_s
    );

    let started = Instant::now();
    let mut m = 0u64;
    for rule in &inv.event_rules {
        let account = rule.arn.split(':').nth(4);
        for f in inv
            .lambda_functions
            .iter()
            .filter(|f| f.arn.split(':').nth(4) == account)
        {
            let v = index
                .service_access(
                    "events.amazonaws.com",
                    "lambda:InvokeFunction",
                    &f.arn,
                    Some(&rule.arn),
                    account,
                )
                .map(|a| a.verdict.as_str());
            *verdicts.entry(v.unwrap_or("unknown")).or_default() += 1;
            m += 1;
        }
    }
    let service_s = started.elapsed().as_secs_f64();
    println!(
        "service decisions: {m} in {service_s:.3} s = {:.0} decisions/s",
        m as f64 / service_s
    );
    println!("verdicts: {verdicts:?}");
}
