//! The `iam_statements` table: every statement of every policy document in the inventory
//! (resource policies, role trust policies, inline and managed identity policies), with its
//! principals, actions and conditions normalised into lists so rules can ask "public?",
//! "service principal without a source condition?" or "`sqs:*`?" in plain SQL. Rows come
//! from the same parser the evaluator uses ([`crate::iam::policy`]).

use crate::iam::policy::{Effect, PolicyKind, PolicySource, Principals, Statement, parse_document};
use crate::model::{Inventory, JsonDoc, Resource};
use serde::{Deserialize, Serialize};

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
    /// The `NotPrincipal` entries, like `principals`.
    pub not_principals: Vec<String>,
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
    let mut add = |arn: String, ty: &str, kind: PolicyKind, name: Option<&str>, doc: &JsonDoc| {
        let source = PolicySource {
            kind,
            holder: arn,
            name: name.map(str::to_string),
        };
        out.extend(
            parse_document(doc.value(), source)
                .iter()
                .map(|st| row(ty, st)),
        );
    };
    for h in crate::iam::index::policy_holders(inv) {
        if let Some(doc) = h.policy {
            add(h.arn, h.resource_type, PolicyKind::Resource, None, doc);
        }
    }
    for role in &inv.iam_roles {
        add(
            role.arn(),
            "iam_role",
            PolicyKind::Trust,
            None,
            &role.trust_policy,
        );
        for p in &role.inline_policies {
            add(
                role.arn(),
                "iam_role",
                PolicyKind::Inline,
                Some(&p.name),
                &p.document,
            );
        }
    }
    for p in &inv.iam_policies {
        add(
            p.arn(),
            "iam_policy",
            PolicyKind::Managed,
            Some(&p.name),
            &p.document,
        );
    }
    out
}

/// Principals as `TYPE:value` texts (`*` for everybody).
fn principal_texts(p: &Principals) -> Vec<String> {
    let mut out = Vec::new();
    if p.any {
        out.push("*".to_string());
    }
    out.extend(p.aws.iter().map(|a| format!("AWS:{a}")));
    out.extend(p.services.iter().map(|s| format!("Service:{s}")));
    out.extend(p.other.iter().cloned());
    out
}

fn row(ty: &str, st: &Statement) -> PolicyStatementRow {
    let principal = st.principal.clone().unwrap_or_default();
    let mut aws_principals = principal.aws.clone();
    if principal.any {
        aws_principals.push("*".to_string());
    }
    let mut condition_keys: Vec<String> = st.conditions.iter().map(|c| c.key.clone()).collect();
    condition_keys.sort();
    condition_keys.dedup();
    let denies_insecure_transport = st.effect == Effect::Deny
        && st.conditions.iter().any(|c| {
            c.key == "aws:securetransport"
                && c.operator.to_ascii_lowercase().starts_with("bool")
                && c.values.iter().any(|v| v.eq_ignore_ascii_case("false"))
        });
    PolicyStatementRow {
        resource_arn: st.source.holder.clone(),
        resource_type: ty.to_string(),
        policy_kind: st.source.kind.as_str().to_string(),
        policy_name: st.source.name.clone(),
        statement_index: st.index as i64,
        sid: st.sid.clone(),
        effect: match st.effect {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
        .to_string(),
        principals: principal_texts(&principal),
        service_principals: principal.services.clone(),
        aws_principals,
        any_principal: principal.any,
        has_not_principal: st.not_principal.is_some(),
        not_principals: st
            .not_principal
            .as_ref()
            .map(principal_texts)
            .unwrap_or_default(),
        actions: st.actions.clone(),
        not_actions: st.not_actions.clone(),
        resources: st.resources.clone().unwrap_or_default(),
        not_resources: st.not_resources.clone(),
        condition: st
            .json
            .get("Condition")
            .filter(|c| !c.is_null())
            .map(|c| c.to_string()),
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
