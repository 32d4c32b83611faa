//! Suppressions: a resource tag `watershed:ignore = "SQS001,SQS002"`, and `[[suppress]]`
//! entries of a project's `.watershed.toml` (per rule, per ARN glob, with a mandatory reason
//! and an optional expiry date). The same file sets rule options (`[rules.ID]`).

use super::engine::Finding;
use super::rule::id_matches;
use crate::model::ResourceRef;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The resource tag that suppresses rules on one resource (comma-separated ids or prefixes).
pub const IGNORE_TAG: &str = "watershed:ignore";

/// One `[[suppress]]` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// Rule id or prefix (`SQS002`, `SQS`, `*`).
    pub rule: String,
    /// ARN glob (`arn:aws:sqs:*:*:legacy-*`); all resources when absent.
    #[serde(default = "any")]
    pub arn: String,
    /// Why (mandatory).
    pub reason: String,
    /// Last day the suppression applies (`2027-01-31`).
    #[serde(default)]
    pub expires: Option<toml::Value>,
}

fn any() -> String {
    "*".into()
}

/// A project configuration file (`.watershed.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Option values per rule id.
    #[serde(default)]
    pub rules: BTreeMap<String, BTreeMap<String, toml::Value>>,
    /// Suppressions.
    #[serde(default)]
    pub suppress: Vec<Suppression>,
    /// Where it was read from.
    #[serde(skip)]
    pub path: String,
}

/// A configuration file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    /// The file.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// A suppression that applies, compiled.
struct Active {
    rule: String,
    arn: glob::Pattern,
    reason: String,
}

/// A finding held back, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suppressed {
    /// The finding.
    pub finding: Finding,
    /// `tag` or the configuration file's path.
    pub by: String,
    /// The reason given.
    pub reason: String,
}

impl Config {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
        let mut config: Config =
            toml::from_str(&text).map_err(|e| err(super::rule::toml_error(&text, &e)))?;
        config.path = path.display().to_string();
        for (i, s) in config.suppress.iter().enumerate() {
            if s.reason.trim().is_empty() {
                return Err(err(format!(
                    "suppress entry {} (rule {}) needs a reason",
                    i + 1,
                    s.rule
                )));
            }
            glob::Pattern::new(&s.arn)
                .map_err(|e| err(format!("suppress entry {}: bad arn glob: {e}", i + 1)))?;
            s.expiry()
                .map_err(|m| err(format!("suppress entry {}: {m}", i + 1)))?;
        }
        Ok(config)
    }
}

impl Suppression {
    /// The expiry date, if any.
    pub fn expiry(&self) -> Result<Option<NaiveDate>, String> {
        let Some(v) = &self.expires else {
            return Ok(None);
        };
        let text = match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => {
                return Err(format!(
                    "expires must be a date like 2027-01-31, not {other}"
                ));
            }
        };
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("expires must be a date like 2027-01-31, not `{text}`"))
    }
}

/// Splits findings into kept and suppressed. Expired configuration entries do not apply;
/// a warning per expired entry is returned for the user.
pub fn apply(
    findings: Vec<Finding>,
    config: &Config,
    resources: &[ResourceRef],
    today: NaiveDate,
) -> (Vec<Finding>, Vec<Suppressed>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut active = Vec::new();
    for s in &config.suppress {
        if let Ok(Some(date)) = s.expiry()
            && date < today
        {
            warnings.push(format!(
                "{}: the suppression of {} on {} expired on {date}; its findings are reported again",
                config.path, s.rule, s.arn
            ));
            continue;
        }
        if let Ok(arn) = glob::Pattern::new(&s.arn) {
            active.push(Active {
                rule: s.rule.clone(),
                arn,
                reason: s.reason.clone(),
            });
        }
    }
    let tags: HashMap<&str, &str> = resources
        .iter()
        .filter_map(|r| r.tags.get(IGNORE_TAG).map(|v| (r.arn.as_str(), v.as_str())))
        .collect();
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for f in findings {
        if let Some(value) = tags.get(f.resource_arn.as_str())
            && value.split(',').any(|p| id_matches(p, &f.rule_id))
        {
            suppressed.push(Suppressed {
                finding: f,
                by: "tag".into(),
                reason: format!("{IGNORE_TAG} = \"{value}\""),
            });
            continue;
        }
        if let Some(s) = active
            .iter()
            .find(|s| id_matches(&s.rule, &f.rule_id) && s.arn.matches(&f.resource_arn))
        {
            suppressed.push(Suppressed {
                finding: f,
                by: config.path.clone(),
                reason: s.reason.clone(),
            });
            continue;
        }
        kept.push(f);
    }
    (kept, suppressed, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;

    fn finding(rule: &str, arn: &str) -> Finding {
        Finding {
            rule_id: rule.into(),
            title: String::new(),
            severity: Severity::Low,
            service: "sqs".into(),
            resource_arn: arn.into(),
            resource_type: String::new(),
            resource_name: String::new(),
            account: String::new(),
            region: String::new(),
            message: "m".into(),
            related_arn: None,
            fingerprint: format!("{rule}{arn}"),
        }
    }

    #[test]
    fn tags_globs_prefixes_and_expiry() {
        let config: Config = toml::from_str(
            r#"
[[suppress]]
rule = "SQS"
arn = "arn:aws:sqs:*:*:legacy-*"
reason = "batch job"
expires = 2030-01-01
[[suppress]]
rule = "SNS002"
reason = "old"
expires = "2020-01-01"
"#,
        )
        .unwrap();
        let mut tagged = ResourceRef {
            arn: "arn:aws:sqs:us-east-1:1:tagged".into(),
            resource_type: "sqs_queue",
            name: "tagged".into(),
            account: "1".into(),
            region: "us-east-1".into(),
            tags: Default::default(),
        };
        tagged.tags.insert(IGNORE_TAG.into(), "LMB, SQS002".into());
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let (kept, suppressed, warnings) = apply(
            vec![
                finding("SQS001", "arn:aws:sqs:us-east-1:1:legacy-reports"),
                finding("SQS002", "arn:aws:sqs:us-east-1:1:tagged"),
                finding("SQS001", "arn:aws:sqs:us-east-1:1:tagged"),
                finding("SNS002", "arn:aws:sns:us-east-1:1:t"),
            ],
            &config,
            &[tagged],
            today,
        );
        let kept: Vec<(&str, &str)> = kept
            .iter()
            .map(|f| (f.rule_id.as_str(), f.resource_arn.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                ("SQS001", "arn:aws:sqs:us-east-1:1:tagged"),
                ("SNS002", "arn:aws:sns:us-east-1:1:t")
            ]
        );
        assert_eq!(suppressed.len(), 2);
        assert_eq!(suppressed[1].by, "tag");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("expired on 2020-01-01"));
    }
}
