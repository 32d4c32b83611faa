//! S3 collector (global bucket list, once per account): `ListBuckets` (paginated), then per
//! bucket, through a client for the bucket's own region: `GetBucketLocation` (only when the
//! list did not already give the bucket's region), `GetBucketNotificationConfiguration` and
//! `GetBucketTagging`. S3 has no batch form of any of these.

use super::client::with_region;
use super::ctx::map_concurrent;
use super::stats::ApiStats;
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::s3::{S3Bucket, S3Notification};
use crate::sdk_client;
use aws_config::SdkConfig;
use aws_sdk_s3::operation::get_bucket_notification_configuration::GetBucketNotificationConfigurationOutput;
use aws_sdk_s3::types::NotificationConfigurationFilter;
use std::collections::HashMap;
use std::sync::Mutex;

/// Collects every bucket of the account with its notification configuration.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_s3);
    let mut listed: Vec<(String, Option<String>)> = Vec::new();
    // With a parameter set, ListBuckets also returns each bucket's region.
    let mut pages = client
        .list_buckets()
        .max_buckets(1000)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("s3:ListBuckets", e))?;
        listed.extend(page.buckets().iter().filter_map(|b| {
            Some((
                b.name()?.to_string(),
                b.bucket_region()
                    .filter(|r| !r.is_empty())
                    .map(str::to_string),
            ))
        }));
    }
    let clients = RegionalClients::default();
    let buckets = map_concurrent(listed, 8, |(name, region)| {
        let client = client.clone();
        let clients = &clients;
        async move {
            let region = match region {
                Some(r) => r,
                None => {
                    let r = ctx
                        .call(client.get_bucket_location().bucket(&name).send())
                        .await
                        .map_err(|e| CollectError::from_sdk("s3:GetBucketLocation", e));
                    match r {
                        Err(e) if e.code == "NoSuchBucket" => return None,
                        other => match ctx.soft(other) {
                            Some(out) => {
                                bucket_region(out.location_constraint().map(|c| c.as_str()))
                            }
                            // Keep what is known; without the region no further call can work.
                            None => return Some(bucket(ctx, &name, "")),
                        },
                    }
                }
            };
            let regional = clients.get(ctx, &region);
            collect_bucket(ctx, &regional, &name, &region).await
        }
    })
    .await;
    Ok(Inventory {
        s3_buckets: buckets.into_iter().flatten().collect(),
        ..Default::default()
    })
}

fn bucket(ctx: &CollectCtx, name: &str, region: &str) -> S3Bucket {
    S3Bucket {
        arn: format!("arn:aws:s3:::{name}"),
        name: name.to_string(),
        account_id: ctx.account.clone(),
        region: region.to_string(),
        ..Default::default()
    }
}

async fn collect_bucket(
    ctx: &CollectCtx,
    client: &aws_sdk_s3::Client,
    name: &str,
    region: &str,
) -> Option<S3Bucket> {
    let mut b = bucket(ctx, name, region);
    let n = ctx
        .call(
            client
                .get_bucket_notification_configuration()
                .bucket(name)
                .send(),
        )
        .await
        .map_err(|e| CollectError::from_sdk("s3:GetBucketNotificationConfiguration", e));
    match n {
        Err(e) if e.code == "NoSuchBucket" => return None,
        other => {
            if let Some(n) = ctx.soft(other) {
                let (notifications, eventbridge) = notifications_from(&n);
                b.notifications = notifications;
                b.eventbridge_enabled = eventbridge;
            }
        }
    }
    let t = ctx
        .call(client.get_bucket_tagging().bucket(name).send())
        .await
        .map_err(|e| CollectError::from_sdk("s3:GetBucketTagging", e));
    match t {
        Err(e) if e.code == "NoSuchBucket" => return None,
        // A bucket without tags answers with an error.
        Err(e) if e.code == "NoSuchTagSet" => {}
        other => {
            if let Some(t) = ctx.soft(other) {
                b.tags = t
                    .tag_set()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string()))
                    .collect();
            }
        }
    }
    Some(b)
}

/// Maps `GetBucketLocation`'s constraint to a region: none or empty is `us-east-1`, the
/// legacy `EU` is `eu-west-1`.
pub fn bucket_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(r) => r.to_string(),
    }
}

/// The notifications (Lambda, SQS, SNS, in that order) and whether EventBridge is enabled.
pub fn notifications_from(
    n: &GetBucketNotificationConfigurationOutput,
) -> (Vec<S3Notification>, bool) {
    let mut out = Vec::new();
    let mut push = |kind: &str,
                    id: Option<&str>,
                    arn: &str,
                    events: &[aws_sdk_s3::types::Event],
                    filter: Option<&NotificationConfigurationFilter>| {
        let (prefix, suffix) = key_filter(filter);
        out.push(S3Notification {
            id: id.map(str::to_string),
            destination_type: kind.to_string(),
            destination_arn: arn.to_string(),
            events: events.iter().map(|e| e.as_str().to_string()).collect(),
            prefix,
            suffix,
        });
    };
    for c in n.lambda_function_configurations() {
        push(
            "lambda",
            c.id(),
            c.lambda_function_arn(),
            c.events(),
            c.filter(),
        );
    }
    for c in n.queue_configurations() {
        push("sqs", c.id(), c.queue_arn(), c.events(), c.filter());
    }
    for c in n.topic_configurations() {
        push("sns", c.id(), c.topic_arn(), c.events(), c.filter());
    }
    (out, n.event_bridge_configuration().is_some())
}

/// The prefix and suffix rules of a key filter (rule names are case-insensitive: the API
/// answers `Prefix` for the model's `prefix`).
fn key_filter(f: Option<&NotificationConfigurationFilter>) -> (Option<String>, Option<String>) {
    let mut prefix = None;
    let mut suffix = None;
    for r in f
        .and_then(|f| f.key())
        .map(|k| k.filter_rules())
        .unwrap_or_default()
    {
        let value = r.value().map(str::to_string);
        match r.name().map(|n| n.as_str().to_ascii_lowercase()).as_deref() {
            Some("prefix") => prefix = value,
            Some("suffix") => suffix = value,
            _ => {}
        }
    }
    (prefix, suffix)
}

/// One S3 client per bucket region, built with watershed's guard and accounting.
#[derive(Default)]
struct RegionalClients(Mutex<HashMap<String, aws_sdk_s3::Client>>);

/// What [`sdk_client!`] needs: a configuration in the bucket's region and the scan's stats.
struct RegionCtx<'a> {
    sdk: SdkConfig,
    stats: &'a ApiStats,
}

impl RegionalClients {
    fn get(&self, ctx: &CollectCtx, region: &str) -> aws_sdk_s3::Client {
        let mut map = self.0.lock().expect("clients lock");
        map.entry(region.to_string())
            .or_insert_with(|| {
                let rc = RegionCtx {
                    sdk: with_region(&ctx.sdk, region),
                    stats: &ctx.stats,
                };
                sdk_client!(rc, aws_sdk_s3)
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_s3::types::{
        Event, EventBridgeConfiguration, FilterRule, FilterRuleName, QueueConfiguration,
        S3KeyFilter,
    };

    #[test]
    fn maps_location_constraints() {
        assert_eq!(bucket_region(None), "us-east-1");
        assert_eq!(bucket_region(Some("")), "us-east-1");
        assert_eq!(bucket_region(Some("EU")), "eu-west-1");
        assert_eq!(bucket_region(Some("eu-central-1")), "eu-central-1");
    }

    #[test]
    fn reads_filters_case_insensitively() {
        let filter = NotificationConfigurationFilter::builder()
            .key(
                S3KeyFilter::builder()
                    .filter_rules(
                        FilterRule::builder()
                            .name(FilterRuleName::from("Prefix"))
                            .value("in/")
                            .build(),
                    )
                    .filter_rules(
                        FilterRule::builder()
                            .name(FilterRuleName::Suffix)
                            .value(".csv")
                            .build(),
                    )
                    .build(),
            )
            .build();
        let n = GetBucketNotificationConfigurationOutput::builder()
            .queue_configurations(
                QueueConfiguration::builder()
                    .id("q")
                    .queue_arn("arn:aws:sqs:us-east-1:1:q")
                    .events(Event::S3ObjectCreated)
                    .filter(filter)
                    .build()
                    .unwrap(),
            )
            .event_bridge_configuration(EventBridgeConfiguration::builder().build())
            .build();
        let (list, eb) = notifications_from(&n);
        assert!(eb);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].destination_type, "sqs");
        assert_eq!(list[0].prefix.as_deref(), Some("in/"));
        assert_eq!(list[0].suffix.as_deref(), Some(".csv"));
        assert_eq!(list[0].events, vec!["s3:ObjectCreated:*"]);
    }
}
