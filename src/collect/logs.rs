//! CloudWatch Logs collector: `DescribeLogGroups` (paginated; retention, KMS key, stored
//! bytes, class and creation time come with the list), then `ListTagsForResource` per log
//! group (the API has no batch form). A group deleted between the two is dropped.

use super::ctx::map_concurrent;
use super::detail::{Miss, miss};
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::logs::LogGroup;
use crate::sdk_client;

/// Collects every log group of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_cloudwatchlogs);
    let mut groups = Vec::new();
    let mut pages = client
        .describe_log_groups()
        .limit(50)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("logs:DescribeLogGroups", e))?;
        groups.extend(
            page.log_groups()
                .iter()
                .map(|g| group_from_description(g, &ctx.region, &ctx.account)),
        );
    }
    let groups = map_concurrent(groups, 8, |mut g| {
        let client = client.clone();
        async move {
            if !ctx.fetch_tags() {
                return Some(g);
            }
            let tags = ctx
                .call(client.list_tags_for_resource().resource_arn(&g.arn).send())
                .await;
            match tags.map_err(|e| miss("logs:ListTagsForResource", &g.name, e)) {
                Ok(t) => {
                    g.tags = t
                        .tags()
                        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                        .unwrap_or_default();
                }
                Err(Miss::NotFound) => return None,
                Err(Miss::Unsupported) => {}
                Err(Miss::Failed(e)) => {
                    ctx.soft::<()>(Err(e));
                }
            }
            Some(g)
        }
    })
    .await;
    Ok(Inventory {
        log_groups: groups.into_iter().flatten().collect(),
        ..Default::default()
    })
}

/// Builds a log group from its `DescribeLogGroups` entry; `region` and `account` make the
/// ARN when the service returns none.
pub fn group_from_description(
    g: &aws_sdk_cloudwatchlogs::types::LogGroup,
    region: &str,
    account: &str,
) -> LogGroup {
    let name = g.log_group_name().unwrap_or_default().to_string();
    let arn = g
        .log_group_arn()
        .or(g.arn())
        .filter(|a| !a.is_empty())
        .map(|a| a.strip_suffix(":*").unwrap_or(a).to_string())
        .unwrap_or_else(|| format!("arn:aws:logs:{region}:{account}:log-group:{name}"));
    LogGroup {
        arn,
        name,
        retention_days: g.retention_in_days(),
        kms_key_id: g.kms_key_id().filter(|k| !k.is_empty()).map(str::to_string),
        stored_bytes: g.stored_bytes(),
        log_group_class: g.log_group_class().map(|c| c.as_str().to_string()),
        creation_time: g.creation_time(),
        tags: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudwatchlogs::types::{LogGroup as SdkLogGroup, LogGroupClass};

    #[test]
    fn strips_the_stream_wildcard_from_the_arn() {
        let g = SdkLogGroup::builder()
            .log_group_name("/aws/lambda/f")
            .arn("arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:*")
            .retention_in_days(14)
            .stored_bytes(42)
            .creation_time(1_700_000_000_000)
            .log_group_class(LogGroupClass::InfrequentAccess)
            .build();
        let l = group_from_description(&g, "us-east-1", "1");
        assert_eq!(l.arn, "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f");
        assert_eq!(l.retention_days, Some(14));
        assert_eq!(l.stored_bytes, Some(42));
        assert_eq!(l.creation_time, Some(1_700_000_000_000));
        assert_eq!(l.log_group_class.as_deref(), Some("INFREQUENT_ACCESS"));
        assert_eq!(l.kms_key_id, None);
    }

    #[test]
    fn prefers_the_plain_arn_and_synthesises_a_missing_one() {
        let g = SdkLogGroup::builder()
            .log_group_name("g")
            .arn("arn:aws:logs:eu-west-1:1:log-group:g:*")
            .log_group_arn("arn:aws:logs:eu-west-1:1:log-group:g")
            .build();
        assert_eq!(
            group_from_description(&g, "x", "y").arn,
            "arn:aws:logs:eu-west-1:1:log-group:g"
        );
        let bare = SdkLogGroup::builder().log_group_name("g").build();
        assert_eq!(
            group_from_description(&bare, "eu-west-1", "1").arn,
            "arn:aws:logs:eu-west-1:1:log-group:g"
        );
    }
}
