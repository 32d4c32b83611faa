//! KMS collector: only the keys the collected resources name (ids, key ARNs, alias names
//! or alias ARNs), never a region-wide key list.
//!
//! Per reference `DescribeKey` (manager, state, usage, spec, origin, ARN); references to one
//! key collapse into one entry by key ARN. Then `ListAliases` once for the region (paginated)
//! to fill every key's aliases, and per key `GetKeyPolicy` (policy `default`), and for
//! customer managed keys `GetKeyRotationStatus` and `ListResourceTags`. A reference to a key
//! that does not exist is skipped; any other failed call is a coverage gap and the key is
//! kept with what is known.

use super::ctx::map_concurrent;
use super::detail::{Detail, Miss, keep, miss};
use super::{CollectCtx, CollectError};
use crate::model::kms::KmsKey;
use crate::model::{JsonDoc, Tags};
use crate::sdk_client;
use aws_sdk_kms::Client;
use aws_sdk_kms::types::KeyMetadata;
use std::collections::{BTreeMap, BTreeSet};

/// Collects the KMS keys named by `key_refs` (ids, ARNs or aliases) in this cell's region.
pub async fn collect(ctx: &CollectCtx, key_refs: &[String]) -> Result<Vec<KmsKey>, CollectError> {
    let refs: BTreeSet<String> = key_refs
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if refs.is_empty() {
        return Ok(Vec::new());
    }
    let client = sdk_client!(ctx, aws_sdk_kms);

    let described = map_concurrent(refs.into_iter().collect(), 8, |key_ref| {
        let client = client.clone();
        async move {
            let out = ctx
                .call(client.describe_key().key_id(&key_ref).send())
                .await
                .map_err(|e| miss("kms:DescribeKey", &key_ref, e));
            keep(ctx, out).and_then(|o| o.key_metadata().map(key_from_metadata))
        }
    })
    .await;
    let mut keys: BTreeMap<String, KmsKey> = BTreeMap::new();
    for k in described.into_iter().flatten() {
        keys.entry(k.arn.clone()).or_insert(k);
    }
    if keys.is_empty() {
        return Ok(Vec::new());
    }

    let aliases = keep(ctx, aliases_by_key(ctx, &client).await).unwrap_or_default();
    let keys = map_concurrent(keys.into_values().collect(), 8, |mut k| {
        let client = client.clone();
        let aliases = &aliases;
        async move {
            k.aliases = aliases.get(&k.key_id).cloned().unwrap_or_default();
            let customer = k.key_manager == "CUSTOMER";
            // One call at a time per key; the keys run concurrently.
            let policy = policy(ctx, &client, &k.key_id).await;
            let rotation = if customer && rotation_applies(&k) {
                rotation(ctx, &client, &k.key_id).await
            } else {
                Ok(false)
            };
            let tags = if customer {
                tags(ctx, &client, &k.key_id).await
            } else {
                Ok(Tags::new())
            };
            if [policy.as_ref().err(), tags.as_ref().err()]
                .iter()
                .any(|m| matches!(m, Some(Miss::NotFound)))
            {
                return None; // deleted since DescribeKey
            }
            k.policy = keep(ctx, policy);
            // AWS managed keys are rotated by AWS every year.
            k.rotation_enabled = !customer || keep(ctx, rotation).unwrap_or(false);
            k.tags = keep(ctx, tags).unwrap_or_default();
            Some(k)
        }
    })
    .await;
    Ok(keys.into_iter().flatten().collect())
}

/// Automatic rotation exists only for symmetric encryption keys with KMS-generated material.
fn rotation_applies(k: &KmsKey) -> bool {
    k.key_spec
        .as_deref()
        .is_none_or(|s| s == "SYMMETRIC_DEFAULT")
        && k.origin.as_deref().is_none_or(|o| o == "AWS_KMS")
}

/// Builds a key from `DescribeKey` metadata (aliases, policy, rotation and tags come later).
pub fn key_from_metadata(m: &KeyMetadata) -> KmsKey {
    KmsKey {
        arn: m.arn().unwrap_or_default().to_string(),
        key_id: m.key_id().to_string(),
        key_manager: m
            .key_manager()
            .map(|x| x.as_str())
            .unwrap_or_default()
            .to_string(),
        key_state: m
            .key_state()
            .map(|x| x.as_str())
            .unwrap_or_default()
            .to_string(),
        key_usage: m.key_usage().map(|x| x.as_str().to_string()),
        key_spec: m.key_spec().map(|x| x.as_str().to_string()),
        origin: m.origin().map(|x| x.as_str().to_string()),
        description: m
            .description()
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        creation_date: m
            .creation_date()
            .and_then(|d| d.fmt(aws_smithy_types::date_time::Format::DateTime).ok()),
        multi_region: m.multi_region().unwrap_or(false),
        ..Default::default()
    }
}

/// Every alias of the region, by target key id, sorted.
async fn aliases_by_key(
    ctx: &CollectCtx,
    client: &Client,
) -> Detail<BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut pages = client.list_aliases().limit(100).into_paginator().send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| miss("kms:ListAliases", &ctx.region, e))?;
        for a in page.aliases() {
            if let (Some(key), Some(name)) = (a.target_key_id(), a.alias_name()) {
                out.entry(key.to_string())
                    .or_default()
                    .push(name.to_string());
            }
        }
    }
    for names in out.values_mut() {
        names.sort();
        names.dedup();
    }
    Ok(out)
}

async fn policy(ctx: &CollectCtx, client: &Client, key_id: &str) -> Detail<JsonDoc> {
    let out = ctx
        .call(
            client
                .get_key_policy()
                .key_id(key_id)
                .policy_name("default")
                .send(),
        )
        .await
        .map_err(|e| miss("kms:GetKeyPolicy", key_id, e))?;
    out.policy().map(JsonDoc::from_text).ok_or(Miss::NotFound)
}

async fn rotation(ctx: &CollectCtx, client: &Client, key_id: &str) -> Detail<bool> {
    let out = ctx
        .call(client.get_key_rotation_status().key_id(key_id).send())
        .await;
    match out {
        Ok(o) => Ok(o.key_rotation_enabled()),
        // Keys whose state or kind has no rotation (pending import, unavailable external
        // key store): not rotated, and not a gap.
        Err(e)
            if e.as_service_error().is_some_and(|s| {
                s.is_unsupported_operation_exception() || s.is_kms_invalid_state_exception()
            }) =>
        {
            Ok(false)
        }
        Err(e) => Err(miss("kms:GetKeyRotationStatus", key_id, e)),
    }
}

async fn tags(ctx: &CollectCtx, client: &Client, key_id: &str) -> Detail<Tags> {
    let mut out = Tags::new();
    let mut pages = client
        .list_resource_tags()
        .key_id(key_id)
        .limit(50)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| miss("kms:ListResourceTags", key_id, e))?;
        out.extend(
            page.tags()
                .iter()
                .map(|t| (t.tag_key().to_string(), t.tag_value().to_string())),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_kms::types::{KeyManagerType, KeySpec, KeyState, KeyUsageType, OriginType};

    #[test]
    fn metadata_becomes_a_key() {
        let m = KeyMetadata::builder()
            .key_id("1234")
            .arn("arn:aws:kms:us-east-1:1:key/1234")
            .key_manager(KeyManagerType::Customer)
            .key_state(KeyState::Enabled)
            .key_usage(KeyUsageType::EncryptDecrypt)
            .key_spec(KeySpec::SymmetricDefault)
            .origin(OriginType::AwsKms)
            .description("")
            .creation_date(aws_smithy_types::DateTime::from_secs(1_700_000_000))
            .build()
            .unwrap();
        let k = key_from_metadata(&m);
        assert_eq!(k.arn, "arn:aws:kms:us-east-1:1:key/1234");
        assert_eq!(
            (k.key_manager.as_str(), k.key_state.as_str()),
            ("CUSTOMER", "Enabled")
        );
        assert_eq!(k.key_usage.as_deref(), Some("ENCRYPT_DECRYPT"));
        assert_eq!(k.description, None);
        assert_eq!(k.creation_date.as_deref(), Some("2023-11-14T22:13:20Z"));
        assert!(rotation_applies(&k));
        let hmac = KmsKey {
            key_spec: Some("HMAC_256".into()),
            ..k
        };
        assert!(!rotation_applies(&hmac));
    }
}
