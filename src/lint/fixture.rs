//! Rule fixtures: for each rule, a file `<ID>.json` holding a small inventory where the rule
//! fires (with the exact findings expected) and a compliant twin where it must not.
//!
//! ```json
//! { "fires":  { "resources": { "sqs_queues": [ ... ] }, "coverage": [] },
//!   "expect": [ { "resource_arn": "arn:...", "message": "..." } ],
//!   "passes": { "resources": { "sqs_queues": [ ... ] } },
//!   "options": { "max_days": 3 } }
//! ```
//!
//! `watershed rules test` and the test suite check every rule against its fixture.

use super::engine::{self, Selection};
use super::rule::Rule;
use crate::model::{CoverageCell, Inventory, ScanMeta, Snapshot};
use crate::sql::Catalog;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The inventory (and optional coverage) of one fixture case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Resources.
    #[serde(default)]
    pub resources: Inventory,
    /// Coverage cells (absent: the snapshot counts as complete).
    #[serde(default)]
    pub coverage: Vec<CoverageCell>,
    /// Handler code: function name → path in its package → source text.
    #[serde(default)]
    pub code: BTreeMap<String, BTreeMap<String, String>>,
}

/// A finding a fixture expects.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The resource.
    pub resource_arn: String,
    /// The exact message.
    pub message: String,
}

/// One rule's fixture file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFixture {
    /// Where the rule fires.
    pub fires: Case,
    /// Exactly the findings expected on `fires`.
    pub expect: Vec<Expected>,
    /// The compliant twin: no findings.
    pub passes: Case,
    /// Option values for both cases.
    #[serde(default)]
    pub options: BTreeMap<String, toml::Value>,
}

impl Case {
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            format_version: crate::model::snapshot::FORMAT_VERSION,
            scan: ScanMeta {
                source: "fixture".into(),
                ..Default::default()
            },
            coverage: self.coverage.clone(),
            resources: self.resources.clone(),
        }
    }
}

/// Reads `<dir>/<ID>.json`.
pub fn load(dir: &Path, id: &str) -> Result<RuleFixture, String> {
    let path = dir.join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read fixture: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: malformed fixture: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Runs `rule` on one case, returning (resource_arn, message) pairs, sorted.
async fn findings_of(
    rule: &Rule,
    case: &Case,
    options: &BTreeMap<String, toml::Value>,
) -> Result<Vec<Expected>, String> {
    let snapshot = case.snapshot();
    let mut catalog = Catalog::new(&snapshot).map_err(|e| e.to_string())?;
    if !case.code.is_empty() {
        let code = crate::code::source::CodeSource::Files(case.code.clone());
        catalog
            .add_code(&snapshot, Some(&code))
            .map_err(|e| e.to_string())?;
    }
    let mut selection = Selection::default();
    if !options.is_empty() {
        selection.options.insert(rule.id.clone(), options.clone());
    }
    let resources = snapshot.resources.resources();
    let found = engine::run(&catalog, &[rule], &selection, &resources)
        .await
        .map_err(|e| e.to_string())?;
    let mut out: Vec<Expected> = found
        .into_iter()
        .map(|f| Expected {
            resource_arn: f.resource_arn,
            message: f.message,
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Checks `rule` against its fixture: exactly the expected findings where it fires, none
/// on the compliant twin, and every finding on a resource of the fixture. The error says
/// what differs.
pub async fn check(rule: &Rule, fixture: &RuleFixture) -> Result<(), String> {
    if fixture.expect.is_empty() {
        return Err("the fixture expects no finding where the rule should fire".into());
    }
    let mut expected = fixture.expect.clone();
    expected.sort();
    let got = findings_of(rule, &fixture.fires, &fixture.options).await?;
    if got != expected {
        let show = |v: &[Expected]| {
            v.iter()
                .map(|e| format!("    {} : {}", e.resource_arn, e.message))
                .collect::<Vec<_>>()
                .join("\n")
        };
        return Err(format!(
            "fires: expected\n{}\n  got\n{}",
            show(&expected),
            show(&got)
        ));
    }
    let arns: std::collections::HashSet<String> = fixture
        .fires
        .resources
        .resources()
        .into_iter()
        .map(|r| r.arn)
        .collect();
    if let Some(stray) = got.iter().find(|f| !arns.contains(&f.resource_arn)) {
        return Err(format!(
            "finding on {} which is not a resource of the fixture",
            stray.resource_arn
        ));
    }
    let twin = findings_of(rule, &fixture.passes, &fixture.options).await?;
    if !twin.is_empty() {
        return Err(format!(
            "passes: expected no finding, got\n{}",
            twin.iter()
                .map(|e| format!("    {} : {}", e.resource_arn, e.message))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    Ok(())
}
