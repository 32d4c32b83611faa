//! `iam_allows(role_arn, action, resource_arn)`: can this role do this action on this
//! resource, by its identity policies?
//!
//! A first evaluator for rules that ask "can the execution role poll its queue / write to its
//! DLQ / describe its broker": the role's inline and attached managed policies (and its
//! permissions boundary, when it has one), `Action`/`NotAction` and `Resource`/`NotResource`
//! with IAM wildcards, an explicit `Deny` winning over any `Allow`. Conditions cannot be
//! evaluated without a request, so a conditional `Allow` counts as allowing and a conditional
//! `Deny` as not denying: a rule built on `NOT iam_allows(..)` reports only what is certainly
//! missing. The answer is NULL when the role, or a managed policy or boundary it uses, is not
//! in the inventory. Service control policies and resource policies are not considered here.

use super::policies::{statement_values, strings};
use crate::model::{Inventory, JsonDoc};
use datafusion::arrow::array::{Array, BooleanArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// One statement, reduced to what the evaluator reads.
#[derive(Debug, Clone)]
struct Statement {
    allow: bool,
    conditional: bool,
    actions: Vec<String>,
    not_actions: Vec<String>,
    resources: Vec<String>,
    not_resources: Vec<String>,
}

/// The identity policies of one role.
#[derive(Debug, Clone, Default)]
struct RolePolicies {
    statements: Vec<Statement>,
    /// Statements of the permissions boundary, when the role has one.
    boundary: Option<Vec<Statement>>,
    /// A managed policy or the boundary is not in the inventory: no answer.
    incomplete: bool,
}

/// Every role's policies, by role ARN.
#[derive(Debug, Default)]
pub struct IamIndex {
    roles: HashMap<String, RolePolicies>,
}

fn statements_of(doc: &JsonDoc) -> Vec<Statement> {
    statement_values(doc.value())
        .into_iter()
        .map(|s| Statement {
            allow: s.get("Effect").and_then(Value::as_str) == Some("Allow"),
            conditional: s.get("Condition").is_some_and(|c| !c.is_null()),
            actions: strings(s.get("Action")),
            not_actions: strings(s.get("NotAction")),
            resources: strings(s.get("Resource")),
            not_resources: strings(s.get("NotResource")),
        })
        .collect()
}

/// IAM wildcard match: `*` any run, `?` one character.
pub fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = if ignore_case {
        (
            pattern.to_lowercase().chars().collect(),
            text.to_lowercase().chars().collect(),
        )
    } else {
        (pattern.chars().collect(), text.chars().collect())
    };
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

impl Statement {
    fn matches(&self, action: &str, resource: &str) -> bool {
        let action_ok = if self.not_actions.is_empty() {
            self.actions.iter().any(|p| wildcard_match(p, action, true))
        } else {
            !self
                .not_actions
                .iter()
                .any(|p| wildcard_match(p, action, true))
        };
        let resource_ok = if !self.not_resources.is_empty() {
            !self
                .not_resources
                .iter()
                .any(|p| wildcard_match(p, resource, false))
        } else if self.resources.is_empty() {
            true
        } else {
            self.resources
                .iter()
                .any(|p| wildcard_match(p, resource, false))
        };
        action_ok && resource_ok
    }
}

/// Allowed by this set of statements: an Allow matches and no unconditional Deny does.
fn allowed(statements: &[Statement], action: &str, resource: &str) -> bool {
    let denied = statements
        .iter()
        .any(|s| !s.allow && !s.conditional && s.matches(action, resource));
    !denied
        && statements
            .iter()
            .any(|s| s.allow && s.matches(action, resource))
}

impl IamIndex {
    /// Indexes every role of the inventory.
    pub fn of(inv: &Inventory) -> IamIndex {
        let managed: HashMap<&str, Vec<Statement>> = inv
            .iam_policies
            .iter()
            .map(|p| (p.arn.as_str(), statements_of(&p.document)))
            .collect();
        let roles = inv
            .iam_roles
            .iter()
            .map(|r| {
                let mut policies = RolePolicies::default();
                for p in &r.inline_policies {
                    policies.statements.extend(statements_of(&p.document));
                }
                for arn in &r.attached_policy_arns {
                    match managed.get(arn.as_str()) {
                        Some(st) => policies.statements.extend(st.iter().cloned()),
                        None => policies.incomplete = true,
                    }
                }
                if let Some(b) = &r.permissions_boundary_arn {
                    match managed.get(b.as_str()) {
                        Some(st) => policies.boundary = Some(st.clone()),
                        None => policies.incomplete = true,
                    }
                }
                (r.arn.clone(), policies)
            })
            .collect();
        IamIndex { roles }
    }

    /// Whether `role_arn` may do `action` on `resource`; `None` when that cannot be told.
    pub fn allows(&self, role_arn: &str, action: &str, resource: &str) -> Option<bool> {
        let role = self.roles.get(role_arn)?;
        if role.incomplete {
            return None;
        }
        let by_policies = allowed(&role.statements, action, resource);
        let by_boundary = role
            .boundary
            .as_ref()
            .is_none_or(|b| allowed(b, action, resource));
        Some(by_policies && by_boundary)
    }
}

/// The `iam_allows(role_arn, action, resource_arn)` function over `index`.
pub fn udf(index: Arc<IamIndex>) -> ScalarUDF {
    create_udf(
        "iam_allows",
        vec![DataType::Utf8, DataType::Utf8, DataType::Utf8],
        DataType::Boolean,
        Volatility::Immutable,
        Arc::new(move |args: &[ColumnarValue]| {
            let (texts, scalar) = super::udf::text_args("iam_allows", args)?;
            let (role, action, resource) = (&texts[0], &texts[1], &texts[2]);
            let out: BooleanArray = (0..role.len())
                .map(|i| {
                    if role.is_null(i) || action.is_null(i) || resource.is_null(i) {
                        None
                    } else {
                        index.allows(role.value(i), action.value(i), resource.value(i))
                    }
                })
                .collect();
            super::udf::result(Arc::new(out), scalar)
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::iam::{IamRole, InlinePolicy, ManagedPolicy};

    fn role(inline: &str, attached: &[&str]) -> IamRole {
        IamRole {
            arn: "arn:aws:iam::1:role/r".into(),
            name: "r".into(),
            inline_policies: vec![InlinePolicy {
                name: "p".into(),
                document: JsonDoc::from_text(inline),
            }],
            attached_policy_arns: attached.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn wildcards_deny_and_unknowns() {
        assert!(wildcard_match("sqs:Receive*", "sqs:ReceiveMessage", true));
        assert!(wildcard_match(
            "arn:aws:sqs:*:1:q?",
            "arn:aws:sqs:us-east-1:1:q1",
            false
        ));
        assert!(!wildcard_match(
            "arn:aws:sqs:*:1:q",
            "arn:aws:sqs:us-east-1:1:q1",
            false
        ));
        let mut inv = Inventory::default();
        inv.iam_roles.push(role(
            r#"{"Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},
                {"Effect":"Deny","Action":"sqs:DeleteMessage","Resource":"arn:aws:sqs:*:1:keep"},
                {"Effect":"Allow","NotAction":"iam:*","Resource":"arn:aws:sns:*:1:t"}]}"#,
            &[],
        ));
        let ix = IamIndex::of(&inv);
        let r = "arn:aws:iam::1:role/r";
        assert_eq!(
            ix.allows(r, "sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:1:q"),
            Some(true)
        );
        assert_eq!(
            ix.allows(r, "sqs:DeleteMessage", "arn:aws:sqs:us-east-1:1:keep"),
            Some(false)
        );
        assert_eq!(
            ix.allows(r, "sns:Publish", "arn:aws:sns:us-east-1:1:t"),
            Some(true)
        );
        assert_eq!(
            ix.allows(
                r,
                "kinesis:GetRecords",
                "arn:aws:kinesis:us-east-1:1:stream/s"
            ),
            Some(false)
        );
        assert_eq!(ix.allows("arn:aws:iam::1:role/other", "sqs:*", "*"), None);

        let mut inv = Inventory::default();
        inv.iam_roles.push(role(
            r#"{"Statement":[]}"#,
            &["arn:aws:iam::aws:policy/Missing"],
        ));
        assert_eq!(IamIndex::of(&inv).allows(r, "sqs:SendMessage", "*"), None);
        inv.iam_policies.push(ManagedPolicy {
            arn: "arn:aws:iam::aws:policy/Missing".into(),
            document: JsonDoc::from_text(
                r#"{"Statement":{"Effect":"Allow","Action":["sqs:SendMessage"],"Resource":"*"}}"#,
            ),
            ..Default::default()
        });
        assert_eq!(
            IamIndex::of(&inv).allows(r, "sqs:sendmessage", "arn:x"),
            Some(true)
        );
    }
}
