//! Tags in bulk: one paginated `tag:GetResources` per region returns the tags of every
//! tagged resource of every service, replacing one tag call per resource in a scan.

use super::{CollectCtx, CollectError};
use crate::model::Tags;
use crate::sdk_client;
use std::collections::HashMap;

/// The tags of every tagged resource of the cell's region, by ARN.
pub async fn collect(ctx: &CollectCtx) -> Result<HashMap<String, Tags>, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_resourcegroupstagging);
    let mut out = HashMap::new();
    let mut pages = client
        .get_resources()
        .resources_per_page(100)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("tag:GetResources", e))?;
        for m in page.resource_tag_mapping_list.unwrap_or_default() {
            let Some(arn) = m.resource_arn else { continue };
            let tags: Tags = m
                .tags
                .unwrap_or_default()
                .into_iter()
                .map(|t| (t.key, t.value))
                .collect();
            out.insert(arn, tags);
        }
    }
    Ok(out)
}
