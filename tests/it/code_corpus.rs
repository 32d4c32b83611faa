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
