//! Amazon MQ collector: `ListBrokers` (paginated), then `DescribeBroker` per broker (the
//! list has no settings; `DescribeBroker` returns them all, tags and user names included).
//! User passwords are never returned by the API and never stored.

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::mq::MqBroker;
use crate::sdk_client;

/// Collects every broker of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_mq);
    let mut summaries = Vec::new();
    let mut pages = client
        .list_brokers()
        .max_results(100)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("mq:ListBrokers", e))?;
        summaries.extend(page.broker_summaries().iter().cloned());
    }
    let brokers = map_concurrent(summaries, 8, |s| {
        let client = client.clone();
        async move {
            let id = s.broker_id().unwrap_or_default().to_string();
            let r = ctx
                .call(client.describe_broker().broker_id(&id).send())
                .await
                .map_err(|e| CollectError::from_sdk("mq:DescribeBroker", e));
            match r {
                Err(e) if e.is_not_found() => None,
                other => Some(match ctx.soft(other) {
                    Some(d) => broker_from_describe(&d),
                    // Keep what the list told us.
                    None => broker_from_summary(&s),
                }),
            }
        }
    })
    .await;
    Ok(Inventory {
        mq_brokers: brokers.into_iter().flatten().collect(),
        ..Default::default()
    })
}

fn broker_from_summary(s: &aws_sdk_mq::types::BrokerSummary) -> MqBroker {
    MqBroker {
        arn: s.broker_arn().unwrap_or_default().to_string(),
        id: s.broker_id().unwrap_or_default().to_string(),
        name: s.broker_name().unwrap_or_default().to_string(),
        engine_type: s
            .engine_type()
            .map(|e| e.as_str().to_string())
            .unwrap_or_default(),
        deployment_mode: s
            .deployment_mode()
            .map(|e| e.as_str().to_string())
            .unwrap_or_default(),
        host_instance_type: s.host_instance_type().map(str::to_string),
        broker_state: s.broker_state().map(|e| e.as_str().to_string()),
        // AWS's default when nothing else is known.
        use_aws_owned_key: true,
        ..Default::default()
    }
}

fn broker_from_describe(
    d: &aws_sdk_mq::operation::describe_broker::DescribeBrokerOutput,
) -> MqBroker {
    let logs = d.logs();
    let enc = d.encryption_options();
    let mut user_names: Vec<String> = d
        .users()
        .iter()
        .filter_map(|u| u.username().map(str::to_string))
        .collect();
    user_names.sort();
    MqBroker {
        arn: d.broker_arn().unwrap_or_default().to_string(),
        id: d.broker_id().unwrap_or_default().to_string(),
        name: d.broker_name().unwrap_or_default().to_string(),
        engine_type: d
            .engine_type()
            .map(|e| e.as_str().to_string())
            .unwrap_or_default(),
        engine_version: d.engine_version().unwrap_or_default().to_string(),
        deployment_mode: d
            .deployment_mode()
            .map(|e| e.as_str().to_string())
            .unwrap_or_default(),
        host_instance_type: d.host_instance_type().map(str::to_string),
        publicly_accessible: d.publicly_accessible().unwrap_or(false),
        auto_minor_version_upgrade: d.auto_minor_version_upgrade().unwrap_or(false),
        audit_log_enabled: logs.and_then(|l| l.audit()).unwrap_or(false),
        general_log_enabled: logs.and_then(|l| l.general()).unwrap_or(false),
        authentication_strategy: d.authentication_strategy().map(|a| a.as_str().to_string()),
        // Without encryption options the broker uses an AWS owned key (the API default).
        use_aws_owned_key: enc.and_then(|e| e.use_aws_owned_key()).unwrap_or(true),
        kms_key_id: enc
            .and_then(|e| e.kms_key_id())
            .filter(|k| !k.is_empty())
            .map(str::to_string),
        subnet_ids: d.subnet_ids().to_vec(),
        security_groups: d.security_groups().to_vec(),
        user_names,
        broker_state: d.broker_state().map(|s| s.as_str().to_string()),
        tags: d
            .tags()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    }
}
