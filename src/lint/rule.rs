//! A rule: its metadata and SQL, read from a TOML file (`rules/<service>/<ID>.toml`), either
//! embedded at build time or added with `--rules DIR`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// How bad a finding is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Low risk.
    Low,
    /// Medium risk.
    Medium,
    /// High risk.
    High,
    /// Data loss, outage or exposure now.
    Critical,
}

impl Severity {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// The severity named `text` (any case).
    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL_DESC
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Every severity, most severe first.
    pub const ALL_DESC: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];
}

/// How to fix what a rule finds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    /// What to change in the console.
    pub console: String,
    /// What to change in infrastructure as code (CloudFormation/SAM, CDK, Terraform).
    pub iac: String,
}

/// A rule option: a threshold or switch with a default, overridable per project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOption {
    /// Default value (number, string or boolean).
    pub default: toml::Value,
    /// What it controls.
    pub description: String,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id (`SQS001`).
    pub id: String,
    /// One-line title.
    pub title: String,
    /// Default severity of its findings (a row may return its own `severity` column).
    pub severity: Severity,
    /// Service it belongs to (`sqs`, `lambda`, `flow`, ...).
    pub service: String,
    /// Why it matters.
    pub rationale: String,
    /// How to fix it.
    pub remediation: Remediation,
    /// Documentation links.
    #[serde(default)]
    pub references: Vec<String>,
    /// Framework ids by framework (`security_hub = ["SQS.1"]`,
    /// `well_architected_serverless = ["REL 5"]`, `serverless_rules = ["ES6000"]`, ...).
    #[serde(default)]
    pub frameworks: BTreeMap<String, Vec<String>>,
    /// Options with defaults; the SQL names them as `{{name}}`.
    #[serde(default)]
    pub options: BTreeMap<String, RuleOption>,
    /// SQL returning `resource_arn`, `message`, and optionally `related_arn` and `key`
    /// (a stable discriminator when one resource can have several findings).
    pub sql: String,
    /// Where the rule came from (`rules/sqs/SQS001.toml` or a user file path).
    #[serde(skip)]
    pub source: String,
}

/// A rule file that could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("{source_path}: {message}")]
pub struct RuleFileError {
    /// The file.
    pub source_path: String,
    /// What is wrong.
    pub message: String,
}

impl Rule {
    /// Parses one rule file's text; `source` names it in errors.
    pub fn parse(text: &str, source: &str) -> Result<Rule, RuleFileError> {
        let err = |message: String| RuleFileError {
            source_path: source.to_string(),
            message,
        };
        let mut rule: Rule = toml::from_str(text).map_err(|e| err(toml_error(text, &e)))?;
        rule.source = source.to_string();
        if rule.id.trim().is_empty() || !rule.id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(err(format!(
                "rule id `{}` must be letters and digits (like SQS001)",
                rule.id
            )));
        }
        if let Some(stem) = Path::new(source).file_stem().and_then(|s| s.to_str())
            && stem != rule.id
        {
            return Err(err(format!(
                "the file is named {stem} but declares id {}; name rule files after their id",
                rule.id
            )));
        }
        Ok(rule)
    }

    /// The SQL with every `{{option}}` replaced by its value: `overrides` first, then the
    /// option's default. Strings become quoted SQL literals.
    pub fn render_sql(
        &self,
        overrides: Option<&BTreeMap<String, toml::Value>>,
    ) -> Result<String, RuleFileError> {
        let err = |message: String| RuleFileError {
            source_path: self.source.clone(),
            message,
        };
        if let Some(o) = overrides {
            for name in o.keys() {
                if !self.options.contains_key(name) {
                    return Err(err(format!(
                        "{} has no option `{name}` (options: {})",
                        self.id,
                        self.options.keys().cloned().collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        }
        let mut sql = self.sql.clone();
        for (name, opt) in &self.options {
            let value = overrides.and_then(|o| o.get(name)).unwrap_or(&opt.default);
            let literal = match value {
                toml::Value::String(s) => format!("'{}'", s.replace('\'', "''")),
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => {
                    return Err(err(format!(
                        "option `{name}` must be a number, string or boolean, not {other}"
                    )));
                }
            };
            sql = sql.replace(&format!("{{{{{name}}}}}"), &literal);
        }
        if let Some(start) = sql.find("{{") {
            let rest = &sql[start..];
            let end = rest.find("}}").map(|e| e + 2).unwrap_or(rest.len());
            return Err(err(format!(
                "{} uses {} but declares no such option",
                self.id,
                &rest[..end]
            )));
        }
        Ok(sql)
    }

    /// True when `pattern` (an id, or a prefix such as `SQS` or `IAM00`) selects this rule.
    pub fn matches(&self, pattern: &str) -> bool {
        id_matches(pattern, &self.id)
    }
}

/// True when `pattern` (an id, a prefix such as `SQS`, or `*`) selects rule `id`: how
/// `--select`, `--ignore`, tags and suppressions name rules.
pub fn id_matches(pattern: &str, id: &str) -> bool {
    let p = pattern.trim();
    !p.is_empty() && (p == "*" || id.eq_ignore_ascii_case(p) || id.starts_with(p))
}

/// A TOML error as one line: `line L, column C: message`.
pub fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
            format!("bad TOML at line {line}, column {column}: {message}")
        }
        None => format!("bad TOML: {message}"),
    }
}

/// The rules built into this binary.
pub fn embedded() -> Result<Vec<Rule>, RuleFileError> {
    EMBEDDED_RULES
        .iter()
        .map(|(path, text)| Rule::parse(text, path))
        .collect()
}

/// Every `*.toml` rule under `dir` (recursively), sorted by path.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, RuleFileError> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, &mut files).map_err(|e| RuleFileError {
        source_path: dir.display().to_string(),
        message: format!("cannot read rules directory: {e}"),
    })?;
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).map_err(|e| RuleFileError {
                source_path: f.display().to_string(),
                message: format!("cannot read: {e}"),
            })?;
            Rule::parse(&text, &f.display().to_string())
        })
        .collect()
}

/// The embedded rules plus those in `dirs`; a user rule with an embedded id replaces it.
pub fn catalog(dirs: &[std::path::PathBuf]) -> Result<Vec<Rule>, RuleFileError> {
    let mut rules = embedded()?;
    for dir in dirs {
        for rule in load_dir(dir)? {
            if let Some(slot) = rules.iter_mut().find(|r| r.id == rule.id) {
                *slot = rule;
            } else {
                rules.push(rule);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for r in &rules {
        if !seen.insert(r.id.clone()) {
            return Err(RuleFileError {
                source_path: r.source.clone(),
                message: format!("rule id {} is declared twice", r.id),
            });
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = r#"
id = "TST001"
title = "t"
severity = "high"
service = "sqs"
rationale = "r"
remediation = { console = "c", iac = "i" }
options = { days = { default = 7, description = "d" }, name = { default = "a'b", description = "n" } }
sql = "SELECT arn AS resource_arn, 'x' AS message FROM sqs_queues WHERE d < {{days}} AND n = {{name}}"
"#;

    #[test]
    fn parses_and_renders_options() {
        let r = Rule::parse(RULE, "rules/sqs/TST001.toml").unwrap();
        assert_eq!(r.severity, Severity::High);
        let sql = r.render_sql(None).unwrap();
        assert!(sql.ends_with("d < 7 AND n = 'a''b'"), "{sql}");
        let mut o = BTreeMap::new();
        o.insert("days".to_string(), toml::Value::Integer(30));
        assert!(r.render_sql(Some(&o)).unwrap().contains("d < 30"));
        o.insert("nope".to_string(), toml::Value::Integer(1));
        assert!(
            r.render_sql(Some(&o))
                .unwrap_err()
                .message
                .contains("no option `nope`")
        );
    }

    #[test]
    fn rejects_bad_files() {
        let e = Rule::parse("id = ", "x/TST001.toml").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("x/TST001.toml: bad TOML at line 1"),
            "{e}"
        );
        let e = Rule::parse(RULE, "x/OTHER.toml").unwrap_err();
        assert!(e.message.contains("named OTHER"));
    }

    #[test]
    fn embedded_rules_parse() {
        let rules = embedded().unwrap();
        for r in &rules {
            r.render_sql(None).unwrap();
        }
    }

    #[test]
    fn selection_by_id_or_prefix() {
        let r = Rule::parse(RULE, "TST001.toml").unwrap();
        assert!(r.matches("TST001") && r.matches("TST") && r.matches("*"));
        assert!(!r.matches("TST002") && !r.matches(""));
    }
}
