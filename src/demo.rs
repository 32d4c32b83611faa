//! The embedded demo estate (`--snapshot demo`): the course architectures with real mistakes,
//! so every command runs on a fresh machine with no credentials.
//!
//! The same file lives at `fixtures/demo/snapshot.json`; handler code for its functions lives
//! under `fixtures/demo/code/<function name>/`.

use crate::model::{Snapshot, SnapshotError};
use std::path::Path;

/// The demo snapshot as JSON text.
pub const DEMO_SNAPSHOT_JSON: &str = include_str!("../fixtures/demo/snapshot.json");

/// Loads the embedded demo snapshot.
pub fn demo_snapshot() -> Result<Snapshot, SnapshotError> {
    Snapshot::from_bytes(DEMO_SNAPSHOT_JSON.as_bytes(), Path::new("<embedded demo>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_snapshot_loads_and_round_trips() {
        let s = demo_snapshot().expect("demo snapshot parses");
        assert!(
            s.resources.len() > 50,
            "demo has {} resources",
            s.resources.len()
        );
        let back = Snapshot::from_bytes(s.to_json().as_bytes(), Path::new("x")).unwrap();
        assert_eq!(back, s);
    }

    /// Every key written in the fixture survives a round trip through the model, so a
    /// misspelled field (silently ignored by serde) fails here.
    #[test]
    fn demo_fixture_has_no_unknown_fields() {
        fn walk(
            input: &serde_json::Value,
            output: &serde_json::Value,
            path: &str,
            missing: &mut Vec<String>,
        ) {
            match (input, output) {
                (serde_json::Value::Object(i), serde_json::Value::Object(o)) => {
                    for (k, v) in i {
                        match o.get(k) {
                            Some(ov) => walk(v, ov, &format!("{path}.{k}"), missing),
                            None => missing.push(format!("{path}.{k}")),
                        }
                    }
                }
                (serde_json::Value::Array(i), serde_json::Value::Array(o)) => {
                    for (n, (a, b)) in i.iter().zip(o).enumerate() {
                        walk(a, b, &format!("{path}[{n}]"), missing);
                    }
                }
                _ => {}
            }
        }
        let input: serde_json::Value = serde_json::from_str(DEMO_SNAPSHOT_JSON).unwrap();
        let output = serde_json::to_value(demo_snapshot().unwrap()).unwrap();
        let mut missing = Vec::new();
        walk(&input, &output, "", &mut missing);
        assert!(missing.is_empty(), "fields not in the model: {missing:?}");
    }

    #[test]
    fn every_demo_arn_is_unique_and_parses() {
        let s = demo_snapshot().unwrap();
        let mut seen = std::collections::HashSet::new();
        for r in s.resources.resources() {
            assert!(seen.insert(r.arn.clone()), "duplicate ARN {}", r.arn);
            crate::model::Arn::parse(&r.arn).unwrap_or_else(|e| panic!("{e}"));
            assert!(!r.account.is_empty(), "{} has no account", r.arn);
        }
    }
}
