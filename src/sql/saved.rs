//! Saved queries (`queries/*.sql`, embedded at build time): canonical triage SQL with a header
//! naming it, describing it and declaring its parameters.
//!
//! ```sql
//! -- name: near-timeout
//! -- description: Invocations that used more than a share of the configured timeout
//! -- param: share = 0.8
//! SELECT ... WHERE duration_ms > {{share}} * timeout_ms
//! ```
//!
//! `-- param: NAME` without `= default` is required. Values replace `{{NAME}}`; single quotes
//! in a value are doubled, so a value stays inside the string literal it is written in.

use serde::Serialize;
use std::collections::BTreeMap;

include!(concat!(env!("OUT_DIR"), "/embedded_queries.rs"));

/// One saved query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedQuery {
    /// Name (`cold-starts`).
    pub name: String,
    /// What it answers.
    pub description: String,
    /// Parameters and their defaults (`None`: required).
    pub params: BTreeMap<String, Option<String>>,
    /// The SQL, with `{{param}}` placeholders.
    pub sql: String,
}

/// Parses one query file; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<SavedQuery, String> {
    let mut name = None;
    let mut description = String::new();
    let mut params = BTreeMap::new();
    let mut sql = String::new();
    for line in text.lines() {
        let header = line
            .strip_prefix("--")
            .map(str::trim)
            .and_then(|h| h.split_once(':'))
            .filter(|(k, _)| matches!(k.trim(), "name" | "description" | "param"));
        match header {
            Some((k, v)) if sql.is_empty() => match k.trim() {
                "name" => name = Some(v.trim().to_string()),
                "description" => description = v.trim().to_string(),
                _ => {
                    let (p, default) = match v.split_once('=') {
                        Some((p, d)) => (p.trim(), Some(d.trim().to_string())),
                        None => (v.trim(), None),
                    };
                    params.insert(p.to_string(), default);
                }
            },
            _ => {
                sql.push_str(line);
                sql.push('\n');
            }
        }
    }
    let name = name.ok_or_else(|| format!("{file}: no `-- name:` header"))?;
    Ok(SavedQuery {
        name,
        description,
        params,
        sql,
    })
}

/// Every embedded saved query, by name.
pub fn embedded() -> Result<Vec<SavedQuery>, String> {
    EMBEDDED_QUERIES.iter().map(|(f, t)| parse(f, t)).collect()
}

impl SavedQuery {
    /// The SQL with `values` (then defaults) in place of the parameters.
    pub fn render(&self, values: &BTreeMap<String, String>) -> Result<String, String> {
        if let Some(unknown) = values.keys().find(|k| !self.params.contains_key(*k)) {
            return Err(format!(
                "saved query {} has no parameter `{unknown}` (it takes: {})",
                self.name,
                self.params.keys().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        let mut sql = self.sql.clone();
        for (p, default) in &self.params {
            let value = values
                .get(p)
                .or(default.as_ref())
                .ok_or_else(|| format!("saved query {} needs --param {p}=VALUE", self.name))?;
            sql = sql.replace(&format!("{{{{{p}}}}}"), &value.replace('\'', "''"));
        }
        Ok(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_params_and_rendering() {
        let q = parse(
            "x.sql",
            "-- name: x\n-- description: d\n-- param: a = 1\n-- param: b\nSELECT {{a}}, '{{b}}'\n",
        )
        .unwrap();
        assert_eq!(q.name, "x");
        assert_eq!(q.params["a"], Some("1".to_string()));
        let mut v = BTreeMap::new();
        assert!(q.render(&v).unwrap_err().contains("--param b=VALUE"));
        v.insert("b".to_string(), "it's".to_string());
        assert_eq!(q.render(&v).unwrap(), "SELECT 1, 'it''s'\n");
        v.insert("c".to_string(), "1".to_string());
        assert!(q.render(&v).unwrap_err().contains("no parameter `c`"));
        assert!(parse("y.sql", "SELECT 1").is_err());
    }

    #[test]
    fn embedded_queries_parse_with_unique_names() {
        let all = embedded().unwrap();
        assert!(all.len() >= 10);
        let mut names: Vec<_> = all.iter().map(|q| q.name.clone()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert!(all.iter().all(|q| !q.description.is_empty()));
    }
}
