//! The `policy_statements` table: every statement of every policy document in the inventory
//! (resource policies, role trust policies, inline and managed identity policies), with its
//! principals, actions and conditions normalised into lists so rules can ask "public?",
//! "service principal without a source condition?" or "`sqs:*`?" in plain SQL.

use crate::model::{Inventory, JsonDoc, Resource};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One statement of one policy document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PolicyStatementRow {
    /// The resource the policy belongs to (queue, topic, function, bus, API, key, role,
    /// managed policy).
    pub resource_arn: String,
    /// Type of that resource (`sqs_queue`, `iam_role`, ...).
    pub resource_type: String,
    /// `resource` (resource-based policy), `trust` (role trust policy), `inline` or `managed`
    /// (identity policies).
    pub policy_kind: String,
    /// Inline or managed policy name.
    pub policy_name: Option<String>,
    /// Position of the statement in its document, from 0.
    pub statement_index: i64,
    /// `Sid`.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// Every principal as `TYPE:value` (`AWS:arn:...`, `Service:sns.amazonaws.com`,
    /// `Federated:...`), or `*` for `"Principal": "*"`.
    pub principals: Vec<String>,
    /// Service principals (`sns.amazonaws.com`).
    pub service_principals: Vec<String>,
    /// AWS principals (account ids, ARNs, `*`).
    pub aws_principals: Vec<String>,
    /// The statement names anybody: `"*"` or `{"AWS": "*"}`.
    pub any_principal: bool,
    /// `NotPrincipal` is used.
    pub has_not_principal: bool,
    /// `Action`, as written.
    pub actions: Vec<String>,
    /// `NotAction`.
    pub not_actions: Vec<String>,
    /// `Resource`.
    pub resources: Vec<String>,
    /// `NotResource`.
    pub not_resources: Vec<String>,
    /// `Condition` as JSON text.
    pub condition: Option<String>,
    /// Condition keys, lower-cased (`aws:sourcearn`, `aws:sourceaccount`).
    pub condition_keys: Vec<String>,
    /// A condition limits who the principal acts for or comes from (`aws:SourceArn`,
    /// `aws:SourceAccount`, `aws:SourceOwner`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`,
    /// `aws:PrincipalArn`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceIp`,
    /// `kms:CallerAccount`).
    pub has_source_condition: bool,
    /// A `Deny` when `aws:SecureTransport` is false (TLS-only statement).
    pub denies_insecure_transport: bool,
}

/// Condition keys that tie a principal to a source or an organisation.
const SOURCE_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "kms:calleraccount",
];

/// Every statement of every policy document in the inventory.
pub fn statements(inv: &Inventory) -> Vec<PolicyStatementRow> {
    let mut out = Vec::new();
    let mut add = |arn: String, ty: &str, kind: &str, name: Option<&str>, doc: &JsonDoc| {
        for (i, st) in statement_values(doc.value()).iter().enumerate() {
            out.push(row(&arn, ty, kind, name, i, st));
        }
    };
    macro_rules! resource_policies {
        ($($list:ident . $field:ident),*) => {$(
            for r in &inv.$list {
                if let Some(doc) = &r.$field {
                    add(r.arn(), resource_type_of(&inv.$list), "resource", None, doc);
                }
            }
        )*};
    }
    resource_policies!(
        lambda_functions.resource_policy,
        sqs_queues.policy,
        sns_topics.policy,
        event_buses.policy,
        rest_apis.policy,
        kms_keys.policy
    );
    for role in &inv.iam_roles {
        add(role.arn(), "iam_role", "trust", None, &role.trust_policy);
        for p in &role.inline_policies {
            add(role.arn(), "iam_role", "inline", Some(&p.name), &p.document);
        }
    }
    for p in &inv.iam_policies {
        add(p.arn(), "iam_policy", "managed", Some(&p.name), &p.document);
    }
    out
}

fn resource_type_of<R: Resource>(_: &[R]) -> &'static str {
    R::TYPE
}

/// The statements of a policy document (`Statement` may be one object or a list).
pub(crate) fn statement_values(doc: &Value) -> Vec<&Value> {
    match doc.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

/// A string or list of strings as a list (how policies write `Action`, `Resource`, ...).
pub(crate) fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn row(
    arn: &str,
    ty: &str,
    kind: &str,
    name: Option<&str>,
    index: usize,
    st: &Value,
) -> PolicyStatementRow {
    let mut principals = Vec::new();
    let mut service_principals = Vec::new();
    let mut aws_principals = Vec::new();
    let mut any_principal = false;
    match st.get("Principal") {
        Some(Value::String(s)) if s == "*" => {
            any_principal = true;
            principals.push("*".to_string());
        }
        Some(Value::Object(map)) => {
            for (ptype, values) in map {
                for v in strings(Some(values)) {
                    if ptype == "AWS" {
                        if v == "*" {
                            any_principal = true;
                        }
                        aws_principals.push(v.clone());
                    } else if ptype == "Service" {
                        service_principals.push(v.clone());
                    }
                    principals.push(format!("{ptype}:{v}"));
                }
            }
        }
        _ => {}
    }
    let condition = st.get("Condition").filter(|c| !c.is_null());
    let mut condition_keys = Vec::new();
    let mut denies_insecure_transport = false;
    let effect = st
        .get("Effect")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if let Some(Value::Object(ops)) = condition {
        for (op, keys) in ops {
            if let Value::Object(keys) = keys {
                for (key, value) in keys {
                    let key = key.to_ascii_lowercase();
                    let is_false = match value {
                        Value::String(s) => s.eq_ignore_ascii_case("false"),
                        Value::Bool(b) => !b,
                        Value::Array(a) => a.iter().any(|v| {
                            v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
                                || v.as_bool() == Some(false)
                        }),
                        _ => false,
                    };
                    if effect == "Deny"
                        && key == "aws:securetransport"
                        && op.starts_with("Bool")
                        && is_false
                    {
                        denies_insecure_transport = true;
                    }
                    condition_keys.push(key);
                }
            }
        }
    }
    condition_keys.sort();
    condition_keys.dedup();
    PolicyStatementRow {
        resource_arn: arn.to_string(),
        resource_type: ty.to_string(),
        policy_kind: kind.to_string(),
        policy_name: name.map(str::to_string),
        statement_index: index as i64,
        sid: st.get("Sid").and_then(Value::as_str).map(str::to_string),
        effect,
        principals,
        service_principals,
        aws_principals,
        any_principal,
        has_not_principal: st.get("NotPrincipal").is_some(),
        actions: strings(st.get("Action")),
        not_actions: strings(st.get("NotAction")),
        resources: strings(st.get("Resource")),
        not_resources: strings(st.get("NotResource")),
        condition: condition.map(Value::to_string),
        has_source_condition: condition_keys
            .iter()
            .any(|k| SOURCE_KEYS.contains(&k.as_str())),
        condition_keys,
        denies_insecure_transport,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sqs::SqsQueue;

    #[test]
    fn normalises_principals_actions_and_conditions() {
        let mut inv = Inventory::default();
        inv.sqs_queues.push(SqsQueue {
            arn: "arn:aws:sqs:eu-west-1:111111111111:q".into(),
            policy: Some(JsonDoc::from_text(
                r#"{"Statement":[
                {"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"},
                {"Effect":"Allow","Principal":{"Service":["sns.amazonaws.com"]},"Action":["sqs:SendMessage"],
                 "Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:eu-west-1:111111111111:t"}}},
                {"Effect":"Deny","Principal":"*","Action":"sqs:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
            )),
            ..Default::default()
        });
        let rows = statements(&inv);
        assert_eq!(rows.len(), 3);
        assert!(rows[0].any_principal && rows[0].actions == ["sqs:*"]);
        assert!(!rows[0].has_source_condition);
        assert_eq!(rows[1].service_principals, ["sns.amazonaws.com"]);
        assert_eq!(rows[1].condition_keys, ["aws:sourcearn"]);
        assert!(rows[1].has_source_condition && !rows[1].any_principal);
        assert!(rows[2].denies_insecure_transport);
        assert!(!rows[1].denies_insecure_transport);
    }
}
