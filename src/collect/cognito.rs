//! Cognito collectors.
//!
//! User pools (`cognito-idp`): `ListUserPools` (paginated, 60 a page), then per pool
//! `DescribeUserPool` (MFA, password policy, threat protection, deletion protection, Lambda
//! triggers, tags) and `ListUserPoolClients` (paginated), then `DescribeUserPoolClient` per
//! client (the API has no batch form). A client secret is never stored: only whether one
//! exists.
//!
//! Identity pools (`cognito-identity`): `ListIdentityPools` (paginated), then per pool
//! `DescribeIdentityPool` and `GetIdentityPoolRoles`.

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::cognito::{
    CognitoTrigger, IdentityPool, PasswordPolicy, UserPool, UserPoolClient,
};
use crate::sdk_client;
use aws_sdk_cognitoidentityprovider::types::{LambdaConfigType, UserPoolClientType, UserPoolType};

/// Collects user pools for one cell.
pub async fn collect_user_pools(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_cognitoidentityprovider);
    let mut listed: Vec<UserPool> = Vec::new();
    let mut pages = client
        .list_user_pools()
        .max_results(60)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("cognito-idp:ListUserPools", e))?;
        for p in page.user_pools() {
            let id = p.id().unwrap_or_default().to_string();
            if id.is_empty() || listed.iter().any(|x| x.id == id) {
                continue;
            }
            listed.push(UserPool {
                arn: ctx.arn("cognito-idp", &format!("userpool/{id}")),
                name: p.name().unwrap_or_default().to_string(),
                lambda_triggers: p.lambda_config().map(triggers).unwrap_or_default(),
                id,
                ..Default::default()
            });
        }
    }
    let pools = map_concurrent(listed, 8, |p| {
        let client = client.clone();
        async move { describe_user_pool(ctx, &client, p).await }
    })
    .await;
    Ok(Inventory {
        user_pools: pools.into_iter().flatten().collect(),
        ..Default::default()
    })
}

async fn describe_user_pool(
    ctx: &CollectCtx,
    client: &aws_sdk_cognitoidentityprovider::Client,
    mut pool: UserPool,
) -> Option<UserPool> {
    let got = ctx
        .call(client.describe_user_pool().user_pool_id(&pool.id).send())
        .await
        .map_err(|e| CollectError::from_sdk("cognito-idp:DescribeUserPool", e));
    match got {
        Err(e) if e.is_not_found() => return None,
        other => {
            if let Some(o) = ctx.soft(other)
                && let Some(p) = o.user_pool()
            {
                apply_user_pool(&mut pool, p);
            }
        }
    }

    let mut listed: Vec<UserPoolClient> = Vec::new();
    let mut pages = client
        .list_user_pool_clients()
        .user_pool_id(&pool.id)
        .max_results(60)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("cognito-idp:ListUserPoolClients", e));
        match page {
            Err(e) if e.is_not_found() => return None,
            other => match ctx.soft(other) {
                Some(p) => listed.extend(p.user_pool_clients().iter().map(|c| UserPoolClient {
                    client_id: c.client_id().unwrap_or_default().to_string(),
                    name: c.client_name().unwrap_or_default().to_string(),
                    ..Default::default()
                })),
                None => break,
            },
        }
    }
    let pool_id = pool.id.clone();
    let clients = map_concurrent(listed, 4, |c| {
        let client = client.clone();
        let pool_id = pool_id.clone();
        async move {
            let got = ctx
                .call(
                    client
                        .describe_user_pool_client()
                        .user_pool_id(pool_id)
                        .client_id(&c.client_id)
                        .send(),
                )
                .await
                .map_err(|e| CollectError::from_sdk("cognito-idp:DescribeUserPoolClient", e));
            match got {
                Err(e) if e.is_not_found() => None,
                other => Some(
                    ctx.soft(other)
                        .and_then(|o| o.user_pool_client().map(client_from))
                        .unwrap_or(c),
                ),
            }
        }
    })
    .await;
    pool.clients = clients.into_iter().flatten().collect();
    Some(pool)
}

/// Copies a `DescribeUserPool` result onto the pool.
pub fn apply_user_pool(pool: &mut UserPool, p: &UserPoolType) {
    if let Some(arn) = p.arn().filter(|a| !a.is_empty()) {
        pool.arn = arn.to_string();
    }
    if let Some(n) = p.name() {
        pool.name = n.to_string();
    }
    pool.mfa_configuration = p
        .mfa_configuration()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "OFF".into());
    if let Some(pp) = p.policies().and_then(|x| x.password_policy()) {
        pool.password_policy = PasswordPolicy {
            minimum_length: pp.minimum_length().unwrap_or(0),
            require_uppercase: pp.require_uppercase(),
            require_lowercase: pp.require_lowercase(),
            require_numbers: pp.require_numbers(),
            require_symbols: pp.require_symbols(),
            temporary_password_validity_days: pp.temporary_password_validity_days(),
        };
    }
    pool.advanced_security_mode = p
        .user_pool_add_ons()
        .map(|a| a.advanced_security_mode().as_str().to_string());
    pool.deletion_protection = p.deletion_protection().map(|d| d.as_str().to_string());
    pool.lambda_triggers = p.lambda_config().map(triggers).unwrap_or_default();
    pool.tags = p
        .user_pool_tags()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
}

/// Every Lambda trigger set on the pool, named as in `LambdaConfig`. The versioned
/// `PreTokenGenerationConfig` is reported as `PreTokenGeneration`; a pair repeated by both
/// fields appears once.
pub fn triggers(lc: &LambdaConfigType) -> Vec<CognitoTrigger> {
    let fields: [(&str, Option<&str>); 14] = [
        ("PreSignUp", lc.pre_sign_up()),
        ("CustomMessage", lc.custom_message()),
        ("PostConfirmation", lc.post_confirmation()),
        ("PreAuthentication", lc.pre_authentication()),
        ("PostAuthentication", lc.post_authentication()),
        ("DefineAuthChallenge", lc.define_auth_challenge()),
        ("CreateAuthChallenge", lc.create_auth_challenge()),
        (
            "VerifyAuthChallengeResponse",
            lc.verify_auth_challenge_response(),
        ),
        ("PreTokenGeneration", lc.pre_token_generation()),
        (
            "PreTokenGeneration",
            lc.pre_token_generation_config().map(|c| c.lambda_arn()),
        ),
        ("UserMigration", lc.user_migration()),
        (
            "CustomSMSSender",
            lc.custom_sms_sender().map(|c| c.lambda_arn()),
        ),
        (
            "CustomEmailSender",
            lc.custom_email_sender().map(|c| c.lambda_arn()),
        ),
        (
            "InboundFederation",
            lc.inbound_federation().map(|c| c.lambda_arn()),
        ),
    ];
    let mut out: Vec<CognitoTrigger> = Vec::new();
    for (trigger, arn) in fields {
        let Some(arn) = arn.filter(|a| !a.is_empty()) else {
            continue;
        };
        if !out
            .iter()
            .any(|t| t.trigger == trigger && t.lambda_arn == arn)
        {
            out.push(CognitoTrigger {
                trigger: trigger.to_string(),
                lambda_arn: arn.to_string(),
            });
        }
    }
    out
}

/// An app client from `DescribeUserPoolClient`; the secret itself is never read.
pub fn client_from(c: &UserPoolClientType) -> UserPoolClient {
    UserPoolClient {
        client_id: c.client_id().unwrap_or_default().to_string(),
        name: c.client_name().unwrap_or_default().to_string(),
        explicit_auth_flows: c
            .explicit_auth_flows()
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
        prevent_user_existence_errors: c
            .prevent_user_existence_errors()
            .map(|p| p.as_str().to_string()),
        enable_token_revocation: c.enable_token_revocation().unwrap_or(false),
        has_secret: c.client_secret().is_some_and(|s| !s.is_empty()),
        allowed_oauth_flows: c
            .allowed_o_auth_flows()
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
    }
}

/// Collects identity pools for one cell.
pub async fn collect_identity_pools(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_cognitoidentity);
    let mut listed: Vec<IdentityPool> = Vec::new();
    let mut pages = client
        .list_identity_pools()
        .max_results(60)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page =
            page.map_err(|e| CollectError::from_sdk("cognito-identity:ListIdentityPools", e))?;
        for p in page.identity_pools() {
            let id = p.identity_pool_id().unwrap_or_default().to_string();
            if id.is_empty() || listed.iter().any(|x| x.id == id) {
                continue;
            }
            listed.push(IdentityPool {
                arn: ctx.arn("cognito-identity", &format!("identitypool/{id}")),
                name: p.identity_pool_name().unwrap_or_default().to_string(),
                id,
                ..Default::default()
            });
        }
    }
    let pools = map_concurrent(listed, 8, |p| {
        let client = client.clone();
        async move { describe_identity_pool(ctx, &client, p).await }
    })
    .await;
    Ok(Inventory {
        identity_pools: pools.into_iter().flatten().collect(),
        ..Default::default()
    })
}

async fn describe_identity_pool(
    ctx: &CollectCtx,
    client: &aws_sdk_cognitoidentity::Client,
    mut pool: IdentityPool,
) -> Option<IdentityPool> {
    let (desc, roles) = tokio::join!(
        ctx.call(
            client
                .describe_identity_pool()
                .identity_pool_id(&pool.id)
                .send()
        ),
        ctx.call(
            client
                .get_identity_pool_roles()
                .identity_pool_id(&pool.id)
                .send()
        ),
    );
    let desc = desc.map_err(|e| CollectError::from_sdk("cognito-identity:DescribeIdentityPool", e));
    match desc {
        Err(e) if e.is_not_found() => return None,
        other => {
            if let Some(d) = ctx.soft(other) {
                pool.name = d.identity_pool_name().to_string();
                pool.allow_unauthenticated = d.allow_unauthenticated_identities();
                pool.allow_classic_flow = d.allow_classic_flow().unwrap_or(false);
                pool.cognito_providers = d
                    .cognito_identity_providers()
                    .iter()
                    .filter_map(|p| p.provider_name())
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect();
                let mut login: Vec<String> = d
                    .supported_login_providers()
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                login.sort();
                pool.supported_login_providers = login;
                pool.tags = d
                    .identity_pool_tags()
                    .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default();
            }
        }
    }
    let roles =
        roles.map_err(|e| CollectError::from_sdk("cognito-identity:GetIdentityPoolRoles", e));
    match roles {
        Err(e) if e.is_not_found() => return None,
        other => {
            if let Some(r) = ctx.soft(other).and_then(|o| o.roles().cloned()) {
                pool.authenticated_role_arn = r.get("authenticated").cloned();
                pool.unauthenticated_role_arn = r.get("unauthenticated").cloned();
            }
        }
    }
    Some(pool)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cognitoidentityprovider::types::{
        ExplicitAuthFlowsType, PreTokenGenerationLambdaVersionType,
        PreTokenGenerationVersionConfigType,
    };

    #[test]
    fn triggers_are_named_and_deduplicated() {
        let lc = LambdaConfigType::builder()
            .pre_sign_up("arn:aws:lambda:us-east-1:1:function:signup")
            .pre_token_generation("arn:aws:lambda:us-east-1:1:function:tok")
            .pre_token_generation_config(
                PreTokenGenerationVersionConfigType::builder()
                    .lambda_version(PreTokenGenerationLambdaVersionType::V20)
                    .lambda_arn("arn:aws:lambda:us-east-1:1:function:tok")
                    .build()
                    .unwrap(),
            )
            .build();
        let t = triggers(&lc);
        let got: Vec<_> = t
            .iter()
            .map(|t| (t.trigger.as_str(), t.lambda_arn.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("PreSignUp", "arn:aws:lambda:us-east-1:1:function:signup"),
                (
                    "PreTokenGeneration",
                    "arn:aws:lambda:us-east-1:1:function:tok"
                ),
            ]
        );
    }

    #[test]
    fn client_secret_is_only_a_flag() {
        let c = UserPoolClientType::builder()
            .client_id("abc")
            .client_name("web")
            .client_secret("s3cr3t-value")
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
            .enable_token_revocation(true)
            .build();
        let u = client_from(&c);
        assert!(u.has_secret);
        assert_eq!(u.explicit_auth_flows, vec!["ALLOW_USER_SRP_AUTH"]);
        assert!(!serde_json::to_string(&u).unwrap().contains("s3cr3t"));
    }
}
