//! [`AccessIndex`]: every role's identity policies and every collected resource policy of an
//! inventory, parsed once, answering "may this role / this service do this action on this
//! resource?" the way AWS combines the layers.
//!
//! Combination: an explicit deny in any layer wins. A role needs its identity policies to
//! allow, and its permissions boundary too when it has one. In the same account, a resource
//! policy that allows the role also suffices; across accounts both the identity side and the
//! resource policy must allow. A KMS key policy must always allow: naming the role suffices,
//! allowing the account (root or `*`) hands the decision back to the identity policies.
//! A service principal (`events.amazonaws.com`) is judged by the resource policy alone. A
//! role's trust policy is its resource policy: `service_access("lambda.amazonaws.com",
//! "sts:AssumeRole", role_arn, ..)` asks whether the service may assume it.
//! Service control policies and session policies are not collected and not considered.

use super::condition::Context;
use super::eval::{
    Decision, Principal, PrincipalMatch, Request, Verdict, evaluate, principal_match,
};
use super::policy::{PolicyKind, PolicySource, Statement, parse_document};
use crate::model::{Arn, Inventory, JsonDoc};
use std::collections::HashMap;
use std::sync::Arc;

/// The identity policies of one role.
#[derive(Debug, Clone, Default)]
struct RolePolicies {
    /// Inline and attached managed policy statements.
    statements: Vec<Arc<Statement>>,
    /// Statements of the permissions boundary, when the role has one.
    boundary: Option<Vec<Arc<Statement>>>,
    /// Attached managed policies or a boundary that are not in the inventory.
    missing: Vec<String>,
}

/// A resource's policy.
#[derive(Debug, Clone)]
struct ResourcePolicy {
    statements: Vec<Arc<Statement>>,
    account: String,
    kms: bool,
}

/// One evaluated layer of an [`Access`] answer.
#[derive(Debug, Clone)]
pub struct Layer {
    /// `identity`, `boundary` or `resource`.
    pub name: &'static str,
    /// Its decision.
    pub decision: Decision,
}

/// The combined answer for one request, with every layer that was evaluated.
#[derive(Debug, Clone)]
pub struct Access {
    /// The combined outcome.
    pub verdict: Verdict,
    /// The layers, in evaluation order.
    pub layers: Vec<Layer>,
    /// Why the answer is limited (alias policy not collected, ...).
    pub notes: Vec<String>,
}

/// Why no answer could be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// The role is not in the inventory.
    NoRole(String),
    /// The role uses managed policies or a boundary that were not collected.
    MissingPolicies(Vec<String>),
    /// The resource (or its policy) is not in the inventory.
    NoResourcePolicy(String),
    /// A qualified Lambda ARN: alias and version policies are not collected.
    QualifiedFunction(String),
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unknown::NoRole(r) => write!(f, "role {r} is not in the inventory"),
            Unknown::MissingPolicies(p) => {
                write!(f, "policies {} were not collected", p.join(", "))
            }
            Unknown::NoResourcePolicy(r) => write!(f, "the policy of {r} was not collected"),
            Unknown::QualifiedFunction(r) => write!(
                f,
                "{r} is a qualified function ARN: alias and version policies are not collected and the function's own policy does not allow it"
            ),
        }
    }
}

/// Every role's and resource's policies, parsed.
#[derive(Debug, Default)]
pub struct AccessIndex {
    roles: HashMap<String, RolePolicies>,
    resources: HashMap<String, ResourcePolicy>,
}

fn resource_source(holder: &str) -> PolicySource {
    PolicySource {
        kind: PolicyKind::Resource,
        holder: holder.to_string(),
        name: None,
    }
}

impl AccessIndex {
    /// Parses every role, managed policy and resource policy of `inv`.
    pub fn of(inv: &Inventory) -> AccessIndex {
        let managed: HashMap<&str, Vec<Arc<Statement>>> = inv
            .iam_policies
            .iter()
            .map(|p| {
                let src = PolicySource {
                    kind: PolicyKind::Managed,
                    holder: p.arn.clone(),
                    name: Some(p.name.clone()),
                };
                (
                    p.arn.as_str(),
                    arcs(parse_document(p.document.value(), src)),
                )
            })
            .collect();
        let mut roles = HashMap::with_capacity(inv.iam_roles.len());
        for r in &inv.iam_roles {
            let mut policies = RolePolicies::default();
            for p in &r.inline_policies {
                let src = PolicySource {
                    kind: PolicyKind::Inline,
                    holder: r.arn.clone(),
                    name: Some(p.name.clone()),
                };
                policies
                    .statements
                    .extend(arcs(parse_document(p.document.value(), src)));
            }
            for arn in &r.attached_policy_arns {
                match managed.get(arn.as_str()) {
                    Some(st) => policies.statements.extend(st.iter().cloned()),
                    None => policies.missing.push(arn.clone()),
                }
            }
            if let Some(b) = &r.permissions_boundary_arn {
                match managed.get(b.as_str()) {
                    Some(st) => {
                        // The same document, cited as the boundary.
                        let src = Arc::new(PolicySource {
                            kind: PolicyKind::Boundary,
                            holder: b.clone(),
                            name: None,
                        });
                        let st = st
                            .iter()
                            .map(|s| {
                                Arc::new(Statement {
                                    source: src.clone(),
                                    ..(**s).clone()
                                })
                            })
                            .collect();
                        policies.boundary = Some(st);
                    }
                    None => policies.missing.push(b.clone()),
                }
            }
            roles.insert(r.arn.clone(), policies);
        }

        let mut resources = HashMap::new();
        let account = |arn: &str| arn.split(':').nth(4).unwrap_or_default().to_string();
        // A role's trust policy is its resource policy for sts:AssumeRole.
        for r in &inv.iam_roles {
            let src = PolicySource {
                kind: PolicyKind::Trust,
                holder: r.arn.clone(),
                name: None,
            };
            let statements = arcs(parse_document(r.trust_policy.value(), src));
            insert_policy(&mut resources, &r.arn, &account(&r.arn), statements, false);
        }
        for h in policy_holders(inv) {
            let kms = h.resource_type == "kms_key";
            // Without a policy an API is governed by IAM alone (no resource layer); every key
            // has a policy, so one that was not read is unknown, not empty.
            if h.policy.is_none() && (kms || h.resource_type == "rest_api") {
                continue;
            }
            let statements = h
                .policy
                .map(|d| arcs(parse_document(d.value(), resource_source(&h.arn))))
                .unwrap_or_default();
            insert_policy(&mut resources, &h.arn, &h.account, statements, kms);
        }
        AccessIndex { roles, resources }
    }

    /// The policies a question about `role_arn` (if any) and `resource` reads: inline and
    /// managed policies, boundary, and the resource's policy, named for explanations.
    pub fn policies_read(&self, role_arn: Option<&str>, resource: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |s: String| {
            if !out.contains(&s) {
                out.push(s);
            }
        };
        if let Some(role) = role_arn.and_then(|r| self.roles.get(r)) {
            for st in role.statements.iter().chain(role.boundary.iter().flatten()) {
                push(st.source.to_string());
            }
        }
        if let Some((rp, _)) = self.resource_policy(resource) {
            push(match rp.statements.first() {
                Some(st) => st.source.to_string(),
                None => format!("resource policy of {resource} (none set)"),
            });
        }
        out
    }

    /// Roles indexed.
    pub fn role_count(&self) -> usize {
        self.roles.len()
    }

    /// The resource policy governing `resource` (Lambda qualifiers and API Gateway paths
    /// stripped), and whether the ARN was qualified.
    fn resource_policy(&self, resource: &str) -> Option<(&ResourcePolicy, bool)> {
        if let Some(p) = self.resources.get(resource) {
            return Some((p, false));
        }
        let arn = Arn::parse(resource).ok()?;
        if arn.lambda_qualifier().is_some() {
            return self
                .resources
                .get(&arn.unqualified().to_string())
                .map(|p| (p, true));
        }
        if arn.service == "execute-api" {
            // arn:aws:execute-api:region:account:api-id/stage/METHOD/path -> the REST API.
            let id = arn.resource.split('/').next()?;
            let key = format!(
                "arn:{}:apigateway:{}::/restapis/{id}",
                arn.partition, arn.region
            );
            return self.resources.get(&key).map(|p| (p, false));
        }
        None
    }

    /// The role's policies, or why they cannot be judged.
    fn role(&self, role_arn: &str) -> Result<&RolePolicies, Unknown> {
        let role = self
            .roles
            .get(role_arn)
            .ok_or_else(|| Unknown::NoRole(role_arn.to_string()))?;
        if !role.missing.is_empty() {
            return Err(Unknown::MissingPolicies(role.missing.clone()));
        }
        Ok(role)
    }

    /// May `role_arn` do `action` on `resource`? Identity policies, boundary and the
    /// resource's policy (when collected), combined as AWS does.
    pub fn role_access(
        &self,
        role_arn: &str,
        action: &str,
        resource: &str,
    ) -> Result<Access, Unknown> {
        let role = self.role(role_arn)?;
        let principal = Principal::role(role_arn);
        let req = Request {
            principal: &principal,
            action,
            resource,
            context: Context::role_call(),
            any_resource: false,
        };
        let (mut verdict, mut layers) = identity_layers(role, &req);
        let mut notes = Vec::new();
        let Principal::Role { account, .. } = &principal else {
            unreachable!("a role principal")
        };
        match self.resource_policy(resource) {
            Some((rp, qualified)) => {
                let d = evaluate(&rp.statements, &req, true);
                let exact = d.deciding.iter().any(|s| {
                    s.principal
                        .as_ref()
                        .is_some_and(|p| principal_match(p, &principal) == PrincipalMatch::Exact)
                });
                let same_account = rp.account.is_empty() || rp.account == *account;
                verdict = if rp.kms {
                    if d.verdict == Verdict::Allow && exact {
                        d.verdict
                    } else {
                        d.verdict.and(verdict)
                    }
                } else if same_account {
                    if qualified && d.verdict != Verdict::Allow {
                        notes.push(Unknown::QualifiedFunction(resource.to_string()).to_string());
                    }
                    verdict.or(d.verdict)
                } else {
                    verdict.and(d.verdict)
                };
                layers.push(Layer {
                    name: "resource",
                    decision: d,
                });
            }
            None => {
                let target_account = resource.split(':').nth(4).unwrap_or_default();
                if !target_account.is_empty()
                    && target_account != account
                    && matches!(verdict, Verdict::Allow | Verdict::Conditional)
                {
                    notes.push(format!(
                        "{resource} is in account {target_account}: its resource policy was not collected, so only the identity side is shown"
                    ));
                    verdict = Verdict::Conditional;
                }
            }
        }
        Ok(Access {
            verdict,
            layers,
            notes,
        })
    }

    /// May `role_arn` do `action` on some resource, by its identity policies and boundary?
    /// For code whose target resources are not known: an Allow for the action on any
    /// resource counts, a Deny only when it covers every resource.
    pub fn role_action(&self, role_arn: &str, action: &str) -> Result<Access, Unknown> {
        let role = self.role(role_arn)?;
        let principal = Principal::role(role_arn);
        let req = Request {
            principal: &principal,
            action,
            resource: "*",
            context: Context::role_call(),
            any_resource: true,
        };
        let (verdict, layers) = identity_layers(role, &req);
        Ok(Access {
            verdict,
            layers,
            notes: Vec::new(),
        })
    }

    /// May the service principal `service` do `action` on `resource` on behalf of
    /// `source_arn` / `source_account`? Judged by the resource's policy alone.
    pub fn service_access(
        &self,
        service: &str,
        action: &str,
        resource: &str,
        source_arn: Option<&str>,
        source_account: Option<&str>,
    ) -> Result<Access, Unknown> {
        let (rp, qualified) = self
            .resource_policy(resource)
            .ok_or_else(|| Unknown::NoResourcePolicy(resource.to_string()))?;
        let principal = Principal::Service(service.to_ascii_lowercase());
        let context = Context::for_source(Some(service), source_arn, source_account);
        let req = Request {
            principal: &principal,
            action,
            resource,
            context: &context,
            any_resource: false,
        };
        let d = evaluate(&rp.statements, &req, true);
        if qualified && d.verdict != Verdict::Allow {
            return Err(Unknown::QualifiedFunction(resource.to_string()));
        }
        Ok(Access {
            verdict: d.verdict,
            layers: vec![Layer {
                name: "resource",
                decision: d,
            }],
            notes: Vec::new(),
        })
    }
}

/// A resource of a type that carries a resource-based policy, with its policy when set.
#[derive(Debug, Clone)]
pub struct PolicyHolder<'a> {
    /// ARN.
    pub arn: String,
    /// Resource type (`sqs_queue`, `kms_key`, ...).
    pub resource_type: &'static str,
    /// Owning account.
    pub account: String,
    /// The policy, when the resource has one (or it was read).
    pub policy: Option<&'a JsonDoc>,
}

/// Every resource of the types with resource-based policies: functions, queues, topics,
/// event buses, REST APIs and KMS keys (the one list the evaluator and `iam_statements`
/// share).
pub fn policy_holders(inv: &Inventory) -> Vec<PolicyHolder<'_>> {
    use crate::model::Resource;
    let mut out = Vec::new();
    macro_rules! holders {
        ($($list:ident . $field:ident),*) => {$(
            for r in &inv.$list {
                out.push(PolicyHolder {
                    arn: r.arn(),
                    resource_type: resource_type_of(&inv.$list),
                    account: r.account(),
                    policy: r.$field.as_ref(),
                });
            }
        )*};
    }
    holders!(
        lambda_functions.resource_policy,
        sqs_queues.policy,
        sns_topics.policy,
        event_buses.policy,
        rest_apis.policy,
        kms_keys.policy
    );
    out
}

fn resource_type_of<R: crate::model::Resource>(_: &[R]) -> &'static str {
    R::TYPE
}

/// The role's identity policies and permissions boundary for `req`: their combined verdict
/// (both must allow) and the evaluated layers.
fn identity_layers(role: &RolePolicies, req: &Request<'_>) -> (Verdict, Vec<Layer>) {
    let identity = evaluate(&role.statements, req, false);
    let mut verdict = identity.verdict;
    let mut layers = vec![Layer {
        name: "identity",
        decision: identity,
    }];
    if let Some(b) = &role.boundary {
        let d = evaluate(b, req, false);
        verdict = verdict.and(d.verdict);
        layers.push(Layer {
            name: "boundary",
            decision: d,
        });
    }
    (verdict, layers)
}

fn insert_policy(
    map: &mut HashMap<String, ResourcePolicy>,
    arn: &str,
    account: &str,
    statements: Vec<Arc<Statement>>,
    kms: bool,
) {
    map.insert(
        arn.to_string(),
        ResourcePolicy {
            statements,
            account: account.to_string(),
            kms,
        },
    );
}

fn arcs(v: Vec<Statement>) -> Vec<Arc<Statement>> {
    v.into_iter().map(Arc::new).collect()
}
