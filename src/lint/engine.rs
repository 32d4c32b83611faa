//! The rule engine: plan every selected rule once against the session, run them
//! concurrently, and turn their rows into [`Finding`]s.

use super::rule::{Rule, RuleFileError, Severity};
use crate::model::ResourceRef;
use crate::sql::Catalog;
use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One thing a rule found about one resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id.
    pub rule_id: String,
    /// Rule title.
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// Service of the rule.
    pub service: String,
    /// The resource at fault.
    pub resource_arn: String,
    /// Its type (`sqs_queue`, ...), empty when the ARN is not in the inventory.
    pub resource_type: String,
    /// Its name.
    pub resource_name: String,
    /// Its account.
    pub account: String,
    /// Its region.
    pub region: String,
    /// What is wrong, specifically.
    pub message: String,
    /// A second resource involved (the DLQ, the target, the role), when there is one.
    pub related_arn: Option<String>,
    /// Stable id of this finding across runs: rule, resource, related resource and key.
    pub fingerprint: String,
}

/// What to run and how.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Run only rules matching one of these ids or prefixes (empty: all).
    pub select: Vec<String>,
    /// Skip rules matching one of these ids or prefixes.
    pub ignore: Vec<String>,
    /// Drop findings below this severity (a rule's rows may set their own severity, so
    /// every selected rule runs).
    pub min_severity: Option<Severity>,
    /// Option values per rule id.
    pub options: BTreeMap<String, BTreeMap<String, toml::Value>>,
}

impl Selection {
    /// The rules of `all` this selection runs.
    pub fn apply<'a>(&self, all: &'a [Rule]) -> Vec<&'a Rule> {
        all.iter()
            .filter(|r| self.select.is_empty() || self.select.iter().any(|p| r.matches(p)))
            .filter(|r| !self.ignore.iter().any(|p| r.matches(p)))
            .collect()
    }
}

/// Why linting failed: a rule that does not plan or run, or returns the wrong columns.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    /// The rule file itself is wrong (options, placeholders).
    #[error(transparent)]
    File(#[from] RuleFileError),
    /// DataFusion rejected or failed the rule's SQL.
    #[error("{source_path}: rule {id}: {message}")]
    Sql {
        /// The rule file.
        source_path: String,
        /// The rule id.
        id: String,
        /// DataFusion's message (one line).
        message: String,
    },
}

/// A rule's task panicked or was cancelled.
fn task_failed(e: tokio::task::JoinError) -> LintError {
    LintError::Sql {
        source_path: String::new(),
        id: String::new(),
        message: format!("a rule task failed: {e}"),
    }
}

fn sql_error(rule: &Rule, e: impl std::fmt::Display) -> LintError {
    LintError::Sql {
        source_path: rule.source.clone(),
        id: rule.id.clone(),
        message: e
            .to_string()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Plans every rule, then runs them all concurrently; findings are sorted by severity
/// (most severe first), rule and resource, with exact duplicates removed.
pub async fn run(
    catalog: &Catalog,
    rules: &[&Rule],
    selection: &Selection,
    resources: &[ResourceRef],
) -> Result<Vec<Finding>, LintError> {
    // Plan every rule first (side by side: planning is CPU work), so a broken rule fails
    // before any runs; the first broken rule in catalog order is the one reported.
    let mut planning = tokio::task::JoinSet::new();
    for (i, rule) in rules.iter().enumerate() {
        let sql = rule.render_sql(selection.options.get(&rule.id))?;
        let ctx = catalog.ctx.clone();
        planning.spawn(async move { (i, ctx.sql(&sql).await) });
    }
    let mut plans: Vec<Option<datafusion::dataframe::DataFrame>> = vec![None; rules.len()];
    let mut first_error: Option<(usize, LintError)> = None;
    while let Some(joined) = planning.join_next().await {
        let (i, outcome) = joined.map_err(task_failed)?;
        let checked = outcome
            .map_err(|e| sql_error(rules[i], e))
            .and_then(|df| check_columns(rules[i], df));
        match checked {
            Ok(df) => plans[i] = Some(df),
            Err(e) => {
                if first_error.as_ref().is_none_or(|(j, _)| i < *j) {
                    first_error = Some((i, e));
                }
            }
        }
    }
    if let Some((_, e)) = first_error {
        return Err(e);
    }
    let planned: Vec<(&Rule, datafusion::dataframe::DataFrame)> = rules
        .iter()
        .zip(plans)
        .map(|(r, df)| (*r, df.expect("every rule planned")))
        .collect();

    let mut tasks = tokio::task::JoinSet::new();
    for (i, (_, df)) in planned.iter().enumerate() {
        let df = df.clone();
        tasks.spawn(async move { (i, df.collect().await) });
    }
    let mut results: Vec<Option<Vec<RecordBatch>>> = vec![None; planned.len()];
    while let Some(joined) = tasks.join_next().await {
        let (i, outcome) = joined.map_err(task_failed)?;
        results[i] = Some(outcome.map_err(|e| sql_error(planned[i].0, e))?);
    }

    let by_arn: HashMap<&str, &ResourceRef> =
        resources.iter().map(|r| (r.arn.as_str(), r)).collect();
    let mut findings = Vec::new();
    let mut seen = HashSet::new();
    for ((rule, _), batches) in planned.iter().zip(results) {
        for batch in batches.unwrap_or_default() {
            for row in rows(&batch).map_err(|e| sql_error(rule, e))? {
                let finding = to_finding(rule, row, &by_arn);
                if selection.min_severity.is_some_and(|m| finding.severity < m) {
                    continue;
                }
                if seen.insert((finding.fingerprint.clone(), finding.message.clone())) {
                    findings.push(finding);
                }
            }
        }
    }
    sort(&mut findings);
    Ok(findings)
}

/// The rule's result must have `resource_arn` and `message` columns.
fn check_columns(
    rule: &Rule,
    df: datafusion::dataframe::DataFrame,
) -> Result<datafusion::dataframe::DataFrame, LintError> {
    let names: HashSet<&str> = df
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    for required in ["resource_arn", "message"] {
        if !names.contains(required) {
            return Err(sql_error(
                rule,
                format!(
                    "the SQL must return a `{required}` column (it returns: {})",
                    df.schema()
                        .fields()
                        .iter()
                        .map(|f| f.name().clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    Ok(df)
}

/// Most severe first, then rule id, resource and message.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule_id.cmp(&b.rule_id))
            .then_with(|| a.resource_arn.cmp(&b.resource_arn))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// One result row of a rule.
struct Row {
    resource_arn: String,
    message: String,
    related_arn: Option<String>,
    key: Option<String>,
    severity: Option<Severity>,
}

fn text_column(batch: &RecordBatch, name: &str) -> Result<Option<StringArray>, String> {
    let Some(col) = batch.column_by_name(name) else {
        return Ok(None);
    };
    let text = cast(col, &DataType::Utf8).map_err(|e| format!("column `{name}`: {e}"))?;
    Ok(text.as_any().downcast_ref::<StringArray>().cloned())
}

fn rows(batch: &RecordBatch) -> Result<Vec<Row>, String> {
    let arn = text_column(batch, "resource_arn")?.ok_or("no resource_arn column")?;
    let message = text_column(batch, "message")?.ok_or("no message column")?;
    let related = text_column(batch, "related_arn")?;
    let key = text_column(batch, "key")?;
    let severity = text_column(batch, "severity")?;
    let get = |a: &StringArray, i: usize| (!a.is_null(i)).then(|| a.value(i).to_string());
    let mut out = Vec::with_capacity(batch.num_rows());
    for i in 0..batch.num_rows() {
        let Some(resource_arn) = get(&arn, i).filter(|a| !a.is_empty()) else {
            return Err("a row has an empty resource_arn".into());
        };
        out.push(Row {
            resource_arn,
            message: get(&message, i).unwrap_or_default(),
            related_arn: related
                .as_ref()
                .and_then(|r| get(r, i))
                .filter(|r| !r.is_empty()),
            key: key.as_ref().and_then(|k| get(k, i)),
            severity: match severity.as_ref().and_then(|s| get(s, i)) {
                None => None,
                Some(text) => Some(Severity::parse(&text).ok_or_else(|| {
                    format!(
                        "a row has severity `{text}` (expected critical, high, medium, low or info)"
                    )
                })?),
            },
        });
    }
    Ok(out)
}

/// The stable fingerprint of a finding.
pub fn fingerprint(
    rule_id: &str,
    resource_arn: &str,
    related: Option<&str>,
    key: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    for part in [
        rule_id,
        resource_arn,
        related.unwrap_or(""),
        key.unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn to_finding(rule: &Rule, row: Row, by_arn: &HashMap<&str, &ResourceRef>) -> Finding {
    let resource = by_arn.get(row.resource_arn.as_str());
    let arn = crate::model::Arn::parse(&row.resource_arn).ok();
    Finding {
        fingerprint: fingerprint(
            &rule.id,
            &row.resource_arn,
            row.related_arn.as_deref(),
            row.key.as_deref(),
        ),
        rule_id: rule.id.clone(),
        title: rule.title.clone(),
        severity: row.severity.unwrap_or(rule.severity),
        service: rule.service.clone(),
        resource_type: resource
            .map(|r| r.resource_type.to_string())
            .unwrap_or_default(),
        resource_name: resource.map(|r| r.name.clone()).unwrap_or_default(),
        account: resource
            .map(|r| r.account.clone())
            .or_else(|| arn.as_ref().map(|a| a.account.clone()))
            .unwrap_or_default(),
        region: resource
            .map(|r| r.region.clone())
            .or_else(|| arn.as_ref().map(|a| a.region.clone()))
            .unwrap_or_default(),
        resource_arn: row.resource_arn,
        message: row.message,
        related_arn: row.related_arn,
    }
}
