//! One policy layer evaluated for one request: which statements apply, and the
//! [`Decision`] they make together (explicit deny over allow; unknown conditions make it
//! conditional).

use super::condition::{Context, Truth, evaluate_all};
use super::policy::{Effect, Principals, Statement};
use super::wildcard::{action_match, resource_match};
use std::sync::Arc;

/// Who makes the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An IAM role (its ARN) in an account.
    Role {
        /// Role ARN.
        arn: String,
        /// Its account id.
        account: String,
    },
    /// An AWS service principal (`events.amazonaws.com`).
    Service(String),
}

impl Principal {
    /// The role principal of `arn` (account taken from the ARN).
    pub fn role(arn: &str) -> Principal {
        Principal::Role {
            arn: arn.to_string(),
            account: arn.split(':').nth(4).unwrap_or_default().to_string(),
        }
    }
}

impl std::fmt::Display for Principal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Principal::Role { arn, .. } => f.write_str(arn),
            Principal::Service(s) => f.write_str(s),
        }
    }
}

/// One request: principal, action, resource and condition context.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Who asks.
    pub principal: &'a Principal,
    /// `service:Action`.
    pub action: &'a str,
    /// The resource ARN (or `*`).
    pub resource: &'a str,
    /// Condition keys.
    pub context: &'a Context,
    /// Ask about the action on any resource: an Allow applies whatever its `Resource`, a Deny
    /// only when it covers every resource (`"Resource": "*"`). Used when the code's target
    /// resource is not known.
    pub any_resource: bool,
}

/// The outcome of a policy evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// An applicable statement allows it and nothing denies it.
    Allow,
    /// An applicable `Deny` statement refuses it.
    Deny,
    /// No statement allows it.
    ImplicitDeny,
    /// The answer depends on a condition the evaluator cannot decide.
    Conditional,
}

impl Verdict {
    /// The snake_case name (`implicit_deny`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allow => "allow",
            Verdict::Deny => "deny",
            Verdict::ImplicitDeny => "implicit_deny",
            Verdict::Conditional => "conditional",
        }
    }

    /// As a SQL boolean: allow → true, deny/implicit deny → false, conditional → NULL.
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Verdict::Allow => Some(true),
            Verdict::Deny | Verdict::ImplicitDeny => Some(false),
            Verdict::Conditional => None,
        }
    }

    /// Both must allow (identity policy and boundary; cross-account identity and resource).
    pub fn and(self, other: Verdict) -> Verdict {
        use Verdict::*;
        match (self, other) {
            (Deny, _) | (_, Deny) => Deny,
            (ImplicitDeny, _) | (_, ImplicitDeny) => ImplicitDeny,
            (Allow, Allow) => Allow,
            _ => Conditional,
        }
    }

    /// Either may allow (same-account identity or resource policy); a deny in either wins.
    pub fn or(self, other: Verdict) -> Verdict {
        use Verdict::*;
        match (self, other) {
            (Deny, _) | (_, Deny) => Deny,
            (Allow, _) | (_, Allow) => Allow,
            (Conditional, _) | (_, Conditional) => Conditional,
            _ => ImplicitDeny,
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The decision of one set of statements, with the statements that made it: the denying
/// ones for [`Verdict::Deny`], the allowing ones for [`Verdict::Allow`], the undecidable ones
/// for [`Verdict::Conditional`], none for [`Verdict::ImplicitDeny`].
#[derive(Debug, Clone)]
pub struct Decision {
    /// The outcome.
    pub verdict: Verdict,
    /// The deciding statements.
    pub deciding: Vec<Arc<Statement>>,
}

/// How a statement's principal element matched the request's principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalMatch {
    /// Not at all.
    No,
    /// Named exactly (role ARN, service principal).
    Exact,
    /// Through the account (`"123456789012"`, `arn:aws:iam::123456789012:root`) or `*`.
    Broad,
}

/// Whether `p` names `principal`.
pub fn principal_match(p: &Principals, principal: &Principal) -> PrincipalMatch {
    let named = match principal {
        Principal::Service(s) => p.services.iter().any(|x| x.eq_ignore_ascii_case(s)),
        Principal::Role { arn, .. } => p.aws.iter().any(|x| x == arn),
    };
    if named {
        return PrincipalMatch::Exact;
    }
    let by_account = match principal {
        Principal::Role { account, .. } => p.aws.iter().any(|x| {
            x == account
                || x.strip_suffix(":root").and_then(|a| a.split(':').nth(4)) == Some(account)
        }),
        Principal::Service(_) => false,
    };
    if p.any || by_account {
        PrincipalMatch::Broad
    } else {
        PrincipalMatch::No
    }
}

/// How `st` applies to `req`: `None` when it does not (principal, action or resource do not
/// match), else the truth of its conditions. Identity statements (`check_principal` false)
/// skip the principal test.
pub fn applies(st: &Statement, req: &Request<'_>, check_principal: bool) -> Option<Truth> {
    if check_principal && !principal_applies(st, req.principal) {
        return None;
    }
    let action_ok = if st.not_actions.is_empty() {
        st.actions.iter().any(|p| action_match(p, req.action))
    } else {
        !st.not_actions.iter().any(|p| action_match(p, req.action))
    };
    if !action_ok {
        return None;
    }
    let resource_ok = if req.any_resource {
        match st.effect {
            Effect::Allow => true,
            Effect::Deny => {
                st.not_resources.is_empty()
                    && st
                        .resources
                        .as_ref()
                        .is_none_or(|r| r.iter().any(|p| p == "*"))
            }
        }
    } else if !st.not_resources.is_empty() {
        !st.not_resources
            .iter()
            .any(|p| resource_match(p, req.resource))
    } else {
        match &st.resources {
            None => true,
            Some(list) => list.iter().any(|p| resource_match(p, req.resource)),
        }
    };
    if !resource_ok {
        return None;
    }
    Some(evaluate_all(&st.conditions, req.context))
}

fn principal_applies(st: &Statement, principal: &Principal) -> bool {
    match (&st.principal, &st.not_principal) {
        (Some(p), _) => principal_match(p, principal) != PrincipalMatch::No,
        (None, Some(np)) => principal_match(np, principal) != PrincipalMatch::Exact && !np.any,
        (None, None) => false,
    }
}

/// Evaluates `statements` for `req`: an applicable `Deny` whose conditions hold wins; then an
/// applicable `Allow` whose conditions hold allows, unless a `Deny` with undecidable
/// conditions could still apply (conditional); an `Allow` with undecidable conditions is
/// conditional; otherwise the request is implicitly denied.
pub fn evaluate(
    statements: &[Arc<Statement>],
    req: &Request<'_>,
    check_principal: bool,
) -> Decision {
    let (mut deny, mut deny_maybe, mut allow, mut allow_maybe) = (vec![], vec![], vec![], vec![]);
    for st in statements {
        let Some(truth) = applies(st, req, check_principal) else {
            continue;
        };
        let bucket = match (st.effect, truth) {
            (_, Truth::False) => continue,
            (Effect::Deny, Truth::True) => &mut deny,
            (Effect::Deny, Truth::Unknown) => &mut deny_maybe,
            (Effect::Allow, Truth::True) => &mut allow,
            (Effect::Allow, Truth::Unknown) => &mut allow_maybe,
        };
        bucket.push(st.clone());
    }
    let (verdict, deciding) = if !deny.is_empty() {
        (Verdict::Deny, deny)
    } else if !allow.is_empty() && deny_maybe.is_empty() {
        (Verdict::Allow, allow)
    } else if !allow.is_empty() || !allow_maybe.is_empty() {
        deny_maybe.extend(allow_maybe);
        (Verdict::Conditional, deny_maybe)
    } else {
        (Verdict::ImplicitDeny, Vec::new())
    };
    Decision { verdict, deciding }
}
