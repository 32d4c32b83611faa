//! IAM collector (global, once per account): `GetAccountAuthorizationDetails` filtered to
//! `Role` and `LocalManagedPolicy` (paginated by `Marker`) returns every role with its trust
//! policy, inline policies, attached policies, boundary, tags and last use, and every
//! customer managed policy with all its versions. `ListRoles` (paginated) adds the one role
//! setting the former lacks, the maximum session duration. AWS managed policies attached to
//! the collected roles (or used as their boundary) are fetched once each with `GetPolicy` and
//! `GetPolicyVersion` of the default version: listing all ~1,300 of them through the
//! `AWSManagedPolicy` filter would cost far more.
//!
//! Policy documents come URL-encoded (RFC 3986) and are decoded before parsing.

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::iam::policy::policy_text as policy_document;
use crate::model::iam::{IamRole, InlinePolicy, ManagedPolicy};
use crate::model::{Inventory, JsonDoc};
use crate::sdk_client;
use aws_sdk_iam::types::EntityType;
use std::collections::{BTreeSet, HashMap};

/// Collects the account's roles and the managed policies they use.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_iam);
    let mut roles = Vec::new();
    let mut policies = Vec::new();
    let mut pages = client
        .get_account_authorization_details()
        .filter(EntityType::Role)
        .filter(EntityType::LocalManagedPolicy)
        .max_items(1000)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page =
            page.map_err(|e| CollectError::from_sdk("iam:GetAccountAuthorizationDetails", e))?;
        roles.extend(page.role_detail_list().iter().map(role_from_detail));
        policies.extend(page.policies().iter().map(policy_from_detail));
    }

    // Maximum session durations: not part of the authorization details.
    let mut max_sessions: HashMap<String, i32> = HashMap::new();
    let mut pages = client.list_roles().max_items(1000).into_paginator().send();
    let mut listed = Ok(());
    while let Some(page) = ctx.call(pages.next()).await {
        match page {
            Ok(page) => max_sessions.extend(
                page.roles()
                    .iter()
                    .filter_map(|r| r.max_session_duration().map(|d| (r.arn().to_string(), d))),
            ),
            Err(e) => {
                listed = Err(CollectError::from_sdk("iam:ListRoles", e));
                break;
            }
        }
    }
    ctx.soft(listed);
    for r in &mut roles {
        r.max_session_duration = max_sessions.get(&r.arn).copied();
    }

    // AWS managed policies in use, fetched once each.
    let known: BTreeSet<&str> = policies.iter().map(|p| p.arn.as_str()).collect();
    let aws_managed: BTreeSet<String> = roles
        .iter()
        .flat_map(|r| {
            r.attached_policy_arns
                .iter()
                .chain(r.permissions_boundary_arn.iter())
        })
        .filter(|a| is_aws_managed(a) && !known.contains(a.as_str()))
        .cloned()
        .collect();
    let fetched = map_concurrent(aws_managed.into_iter().collect(), 8, |arn| {
        let client = client.clone();
        async move { fetch_managed_policy(ctx, &client, &arn).await }
    })
    .await;
    policies.extend(fetched.into_iter().flatten());

    Ok(Inventory {
        iam_roles: roles,
        iam_policies: policies,
        ..Default::default()
    })
}

async fn fetch_managed_policy(
    ctx: &CollectCtx,
    client: &aws_sdk_iam::Client,
    arn: &str,
) -> Option<ManagedPolicy> {
    let got = ctx
        .call(client.get_policy().policy_arn(arn).send())
        .await
        .map_err(|e| CollectError::from_sdk("iam:GetPolicy", e));
    let got = match got {
        Err(e) if e.is_not_found() => return None,
        other => ctx.soft(other)?,
    };
    let p = got.policy()?;
    let mut policy = ManagedPolicy {
        arn: p.arn().unwrap_or(arn).to_string(),
        name: policy_name(p.policy_name(), arn),
        path: p.path().unwrap_or_default().to_string(),
        default_version_id: p.default_version_id().unwrap_or_default().to_string(),
        document: JsonDoc::default(),
        aws_managed: is_aws_managed(arn),
        attachment_count: p.attachment_count().unwrap_or_default(),
    };
    if policy.default_version_id.is_empty() {
        return Some(policy);
    }
    let version = ctx
        .call(
            client
                .get_policy_version()
                .policy_arn(arn)
                .version_id(&policy.default_version_id)
                .send(),
        )
        .await
        .map_err(|e| CollectError::from_sdk("iam:GetPolicyVersion", e));
    let version = match version {
        Err(e) if e.is_not_found() => None,
        other => ctx.soft(other),
    };
    if let Some(doc) = version
        .as_ref()
        .and_then(|v| v.policy_version())
        .and_then(|v| v.document())
    {
        policy.document = policy_document(doc);
    }
    Some(policy)
}

/// The policy name as given, else the last segment of its ARN (names cannot hold `/`).
fn policy_name(given: Option<&str>, arn: &str) -> String {
    match given.filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => arn.rsplit('/').next().unwrap_or_default().to_string(),
    }
}

/// True for AWS managed policy ARNs (`arn:aws:iam::aws:policy/...`, any partition).
pub fn is_aws_managed(arn: &str) -> bool {
    arn.contains(":iam::aws:policy/")
}

fn rfc3339(t: &aws_smithy_types::DateTime) -> Option<String> {
    t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()
}

fn role_from_detail(r: &aws_sdk_iam::types::RoleDetail) -> IamRole {
    IamRole {
        arn: r.arn().unwrap_or_default().to_string(),
        name: r.role_name().unwrap_or_default().to_string(),
        path: r.path().unwrap_or_default().to_string(),
        role_id: r.role_id().map(str::to_string),
        trust_policy: r
            .assume_role_policy_document()
            .map(policy_document)
            .unwrap_or_default(),
        inline_policies: r
            .role_policy_list()
            .iter()
            .map(|p| InlinePolicy {
                name: p.policy_name().unwrap_or_default().to_string(),
                document: p.policy_document().map(policy_document).unwrap_or_default(),
            })
            .collect(),
        attached_policy_arns: r
            .attached_managed_policies()
            .iter()
            .filter_map(|p| p.policy_arn().map(str::to_string))
            .collect(),
        permissions_boundary_arn: r
            .permissions_boundary()
            .and_then(|b| b.permissions_boundary_arn())
            .map(str::to_string),
        max_session_duration: None,
        last_used: r
            .role_last_used()
            .and_then(|u| u.last_used_date())
            .and_then(rfc3339),
        create_date: r.create_date().and_then(rfc3339),
        tags: r
            .tags()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect(),
    }
}

fn policy_from_detail(p: &aws_sdk_iam::types::ManagedPolicyDetail) -> ManagedPolicy {
    let arn = p.arn().unwrap_or_default().to_string();
    let default_version_id = p.default_version_id().unwrap_or_default().to_string();
    let document = p
        .policy_version_list()
        .iter()
        .find(|v| v.is_default_version() || v.version_id() == Some(default_version_id.as_str()))
        .and_then(|v| v.document())
        .map(policy_document)
        .unwrap_or_default();
    ManagedPolicy {
        aws_managed: is_aws_managed(&arn),
        name: policy_name(p.policy_name(), &arn),
        arn,
        path: p.path().unwrap_or_default().to_string(),
        default_version_id,
        document,
        attachment_count: p.attachment_count().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_name_falls_back_to_the_arn() {
        assert_eq!(policy_name(Some("p"), "arn:aws:iam::1:policy/a/q"), "p");
        assert_eq!(
            policy_name(None, "arn:aws:iam::1:policy/app/orders"),
            "orders"
        );
        assert_eq!(policy_name(Some(""), "arn:aws:iam::1:policy/x"), "x");
    }

    #[test]
    fn recognises_aws_managed_arns() {
        assert!(is_aws_managed(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        ));
        assert!(is_aws_managed("arn:aws-cn:iam::aws:policy/ReadOnlyAccess"));
        assert!(!is_aws_managed("arn:aws:iam::123456789012:policy/mine"));
    }
}
