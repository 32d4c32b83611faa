//! Baselines: the fingerprints of findings accepted at some point, so CI fails only on new
//! ones (`--write-baseline FILE`, then `--baseline FILE`).

use super::engine::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// Format version of baseline files.
pub const BASELINE_VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// Fingerprint (what matching uses).
    pub fingerprint: String,
    /// Rule id (for people reading the file).
    pub rule_id: String,
    /// Resource (for people reading the file).
    pub resource_arn: String,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// [`BASELINE_VERSION`].
    pub version: u32,
    /// Accepted findings, sorted by rule and resource.
    pub findings: Vec<BaselineEntry>,
}

impl Baseline {
    /// The baseline of `findings`.
    pub fn of(findings: &[Finding]) -> Baseline {
        let mut entries: Vec<BaselineEntry> = findings
            .iter()
            .map(|f| BaselineEntry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.clone(),
                resource_arn: f.resource_arn.clone(),
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.rule_id, &a.resource_arn, &a.fingerprint).cmp(&(
                &b.rule_id,
                &b.resource_arn,
                &b.fingerprint,
            ))
        });
        entries.dedup();
        Baseline {
            version: BASELINE_VERSION,
            findings: entries,
        }
    }

    /// Reads a baseline file; the error is one line naming the file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: malformed baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if b.version > BASELINE_VERSION {
            return Err(format!(
                "{}: baseline version {} is newer than this watershed ({BASELINE_VERSION})",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// Findings not in the baseline, and how many were in it.
    pub fn filter_new(&self, findings: Vec<Finding>) -> (Vec<Finding>, usize) {
        let known: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let before = findings.len();
        let new: Vec<Finding> = findings
            .into_iter()
            .filter(|f| !known.contains(f.fingerprint.as_str()))
            .collect();
        let known_count = before - new.len();
        (new, known_count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;
    use crate::lint::engine::fingerprint;

    #[test]
    fn fingerprints_ignore_wording_and_baselines_filter_by_them() {
        let f = |arn: &str, message: &str| Finding {
            rule_id: "SQS001".into(),
            title: "t".into(),
            severity: Severity::Medium,
            service: "sqs".into(),
            resource_arn: arn.into(),
            resource_type: "sqs_queue".into(),
            resource_name: "q".into(),
            account: "1".into(),
            region: "us-east-1".into(),
            message: message.into(),
            related_arn: None,
            fingerprint: fingerprint("SQS001", arn, None, None),
        };
        let old = vec![f("arn:q1", "old wording")];
        let b = Baseline::of(&old);
        let (new, known) = b.filter_new(vec![f("arn:q1", "new wording"), f("arn:q2", "x")]);
        assert_eq!(known, 1);
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].resource_arn, "arn:q2");
        assert_ne!(
            fingerprint("SQS001", "arn:q1", None, Some("a")),
            fingerprint("SQS001", "arn:q1", None, Some("b"))
        );
    }
}
