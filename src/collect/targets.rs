//! Resolving what a scan covers: the accounts (default credentials, `--role-arn` roles,
//! `--org-role` across an organisation) and the regions (`--region`, `--regions r1,r2|all`).

use super::client::{AwsTarget, sdk_config, with_region};
use super::ctx::CollectCtx;
use super::error::CollectError;
use super::regions;
use super::scan::AccountTarget;
use crate::sdk_client;
use aws_config::SdkConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_credential_types::provider::SharedCredentialsProvider;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct TargetSpec {
    /// Connection settings (profile, region, endpoint, HTTP client).
    pub connection: AwsTarget,
    /// `--regions` (empty: the configured region; `all`: the account's enabled regions).
    pub regions: Vec<String>,
    /// `--role-arn` roles to assume (one account each).
    pub role_arns: Vec<String>,
    /// `--external-id` for those roles.
    pub external_id: Option<String>,
    /// `--org-role`: role name to assume in every account of the organisation.
    pub org_role: Option<String>,
}

/// Why the targets could not be resolved (reported as one line, exit 2).
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// No credentials, or credentials AWS rejects.
    #[error(
        "cannot authenticate to AWS ({0}); set AWS_PROFILE or --profile, run `aws sso login`, or export credentials"
    )]
    Credentials(String),
    /// No region configured.
    #[error("no region: pass --region REGION or --regions r1,r2|all, or set AWS_REGION")]
    NoRegion,
    /// Listing the organisation's accounts failed.
    #[error(
        "cannot list the organisation's accounts for --org-role ({0}); run from the management or a delegated administrator account"
    )]
    Organization(String),
    /// A role ARN that is not an IAM role ARN.
    #[error("--role-arn {0} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)")]
    BadRoleArn(String),
}

/// Resolves the accounts and regions to scan.
pub async fn resolve(spec: &TargetSpec) -> Result<(Vec<AccountTarget>, Vec<String>), TargetError> {
    let base = sdk_config(&spec.connection).await;
    let home_region = base.region().map(|r| r.to_string());
    let probe_region = home_region
        .clone()
        .or_else(|| spec.regions.iter().find(|r| *r != "all").cloned())
        .unwrap_or_else(|| "us-east-1".into());
    let base = with_region(&base, &probe_region);

    let mut roles: Vec<String> = spec.role_arns.clone();
    if let Some(name) = &spec.org_role {
        for id in org_accounts(&base).await? {
            roles.push(format!("arn:aws:iam::{id}:role/{name}"));
        }
    }
    let accounts = if roles.is_empty() {
        let account = caller_account(&base)
            .await
            .map_err(|e| TargetError::Credentials(e.to_string()))?;
        vec![AccountTarget {
            account,
            sdk: base.clone(),
        }]
    } else {
        let mut out = Vec::new();
        for role in roles {
            let account = crate::model::Arn::parse(&role)
                .ok()
                .filter(|a| a.service == "iam" && a.resource_type() == "role")
                .map(|a| a.account)
                .ok_or_else(|| TargetError::BadRoleArn(role.clone()))?;
            let mut builder = AssumeRoleProvider::builder(&role)
                .session_name("watershed")
                .configure(&base);
            if let Some(id) = &spec.external_id {
                builder = builder.external_id(id);
            }
            let provider = builder.build().await;
            let sdk = base
                .to_builder()
                .credentials_provider(SharedCredentialsProvider::new(provider))
                .build();
            out.push(AccountTarget { account, sdk });
        }
        out
    };

    let regions = match spec.regions.as_slice() {
        [] => vec![home_region.ok_or(TargetError::NoRegion)?],
        [all] if all == "all" => enabled_regions(&accounts[0].sdk).await,
        list => list.to_vec(),
    };
    Ok((accounts, regions))
}

fn probe_ctx(sdk: &SdkConfig) -> CollectCtx {
    CollectCtx::standalone(sdk.clone(), "", "global")
}

/// The account of the credentials (`sts:GetCallerIdentity`).
pub async fn caller_account(sdk: &SdkConfig) -> Result<String, CollectError> {
    let ctx = probe_ctx(sdk);
    let sts = sdk_client!(ctx, aws_sdk_sts);
    let out = sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| CollectError::from_sdk("sts:GetCallerIdentity", e))?;
    Ok(out.account.unwrap_or_default())
}

async fn org_accounts(sdk: &SdkConfig) -> Result<Vec<String>, TargetError> {
    let ctx = probe_ctx(sdk);
    let org = sdk_client!(ctx, aws_sdk_organizations);
    let mut pages = org.list_accounts().into_paginator().send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            TargetError::Organization(
                CollectError::from_sdk("organizations:ListAccounts", e).to_string(),
            )
        })?;
        for a in page.accounts.unwrap_or_default() {
            let active = a.state.as_ref().is_none_or(|s| s.as_str() == "ACTIVE");
            if let (Some(id), true) = (a.id, active) {
                out.push(id);
            }
        }
    }
    Ok(out)
}

/// The account's enabled regions from the Account API; the default-enabled commercial
/// regions when that API is unavailable (emulators, no `account:ListRegions`).
async fn enabled_regions(sdk: &SdkConfig) -> Vec<String> {
    let ctx = probe_ctx(sdk);
    let account = sdk_client!(ctx, aws_sdk_account);
    let mut out = Vec::new();
    let mut pages = account
        .list_regions()
        .region_opt_status_contains(aws_sdk_account::types::RegionOptStatus::Enabled)
        .region_opt_status_contains(aws_sdk_account::types::RegionOptStatus::EnabledByDefault)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => out.extend(
                p.regions
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|r| r.region_name),
            ),
            Err(e) => {
                tracing::warn!(
                    "cannot list enabled regions ({}); scanning the default-enabled regions",
                    CollectError::from_sdk("account:ListRegions", e)
                );
                return regions::default_enabled()
                    .iter()
                    .map(|r| r.to_string())
                    .collect();
            }
        }
    }
    out.sort();
    out
}
