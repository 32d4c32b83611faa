//! AppFlow collector: `ListFlows` (paginated; status, trigger type, connectors, last run and
//! tags of every flow), then `DescribeFlow` per flow for what the list lacks (schedule,
//! source profile and object, every destination, KMS key). A flow whose describe fails is
//! kept with what the list gave.

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::appflow::{AppFlowDestination, AppFlowFlow};
use crate::sdk_client;
use aws_sdk_appflow::operation::describe_flow::DescribeFlowOutput;
use aws_sdk_appflow::types::{
    DestinationConnectorProperties, ExecutionDetails, FlowDefinition, SourceConnectorProperties,
};

/// Collects every flow of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_appflow);
    let mut listed = Vec::new();
    let mut pages = client.list_flows().max_results(100).into_paginator().send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("appflow:ListFlows", e))?;
        listed.extend(page.flows().iter().cloned());
    }
    let flows = map_concurrent(listed, 8, |def| {
        let client = client.clone();
        async move {
            let mut flow = flow_from_definition(&def);
            let r = ctx
                .call(client.describe_flow().flow_name(&flow.name).send())
                .await
                .map_err(|e| CollectError::from_sdk("appflow:DescribeFlow", e));
            match r {
                Err(e) if e.is_not_found() => return None,
                other => {
                    if let Some(d) = ctx.soft(other) {
                        apply_describe(&mut flow, &d);
                    }
                }
            }
            Some(flow)
        }
    })
    .await;
    Ok(Inventory {
        appflow_flows: flows.into_iter().flatten().collect(),
        ..Default::default()
    })
}

fn rfc3339(t: &aws_smithy_types::DateTime) -> Option<String> {
    t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()
}

fn apply_last_run(flow: &mut AppFlowFlow, e: Option<&ExecutionDetails>) {
    let Some(e) = e else { return };
    let status = e
        .most_recent_execution_status()
        .map(|s| s.as_str().to_string());
    flow.last_run_error = match status.as_deref() {
        Some("Error") => e
            .most_recent_execution_message()
            .filter(|m| !m.is_empty())
            .map(str::to_string),
        _ => None,
    };
    flow.last_run_status = status;
    flow.last_run_time = e.most_recent_execution_time().and_then(rfc3339);
}

/// A flow as far as `ListFlows` describes it (one destination: its connector type).
pub fn flow_from_definition(d: &FlowDefinition) -> AppFlowFlow {
    let mut flow = AppFlowFlow {
        arn: d.flow_arn().unwrap_or_default().to_string(),
        name: d.flow_name().unwrap_or_default().to_string(),
        status: d
            .flow_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        trigger_type: d
            .trigger_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        source_connector_type: d
            .source_connector_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        destinations: d
            .destination_connector_type()
            .map(|t| {
                vec![AppFlowDestination {
                    connector_type: t.as_str().to_string(),
                    ..Default::default()
                }]
            })
            .unwrap_or_default(),
        tags: d
            .tags()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        ..Default::default()
    };
    apply_last_run(&mut flow, d.last_run_execution_details());
    flow
}

/// Completes a flow with its `DescribeFlow` answer.
pub fn apply_describe(flow: &mut AppFlowFlow, d: &DescribeFlowOutput) {
    if let Some(arn) = d.flow_arn() {
        flow.arn = arn.to_string();
    }
    if let Some(s) = d.flow_status() {
        flow.status = s.as_str().to_string();
    }
    flow.kms_arn = d.kms_arn().filter(|k| !k.is_empty()).map(str::to_string);
    if let Some(t) = d.trigger_config() {
        flow.trigger_type = t.trigger_type().as_str().to_string();
        flow.schedule_expression = t
            .trigger_properties()
            .and_then(|p| p.scheduled())
            .map(|s| s.schedule_expression().to_string())
            .filter(|s| !s.is_empty());
    }
    if let Some(s) = d.source_flow_config() {
        flow.source_connector_type = s.connector_type().as_str().to_string();
        flow.source_connector_profile = s.connector_profile_name().map(str::to_string);
        flow.source_object = s.source_connector_properties().and_then(source_object);
    }
    if !d.destination_flow_config_list().is_empty() {
        flow.destinations = d
            .destination_flow_config_list()
            .iter()
            .map(|c| AppFlowDestination {
                connector_type: c.connector_type().as_str().to_string(),
                connector_profile: c.connector_profile_name().map(str::to_string),
                object: c
                    .destination_connector_properties()
                    .and_then(destination_object),
            })
            .collect();
    }
    if d.last_run_execution_details().is_some() {
        apply_last_run(flow, d.last_run_execution_details());
    }
    if let Some(t) = d.tags() {
        flow.tags = t.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    }
}

/// The source object: the object name for SaaS connectors, the bucket for S3.
fn source_object(p: &SourceConnectorProperties) -> Option<String> {
    macro_rules! object {
        ($($f:ident),*) => {
            $(if let Some(x) = p.$f() { return Some(x.object().to_string()); })*
        };
    }
    object!(
        amplitude,
        datadog,
        dynatrace,
        google_analytics,
        infor_nexus,
        marketo,
        salesforce,
        service_now,
        singular,
        slack,
        trendmicro,
        veeva,
        zendesk,
        pardot
    );
    if let Some(x) = p.s3() {
        return Some(x.bucket_name().to_string());
    }
    if let Some(x) = p.sapo_data() {
        return x.object_path().map(str::to_string);
    }
    p.custom_connector().map(|x| x.entity_name().to_string())
}

/// The destination object: bucket name for S3 and Upsolver, the event source for
/// EventBridge, the object name otherwise.
fn destination_object(p: &DestinationConnectorProperties) -> Option<String> {
    macro_rules! object {
        ($($f:ident),*) => {
            $(if let Some(x) = p.$f() { return Some(x.object().to_string()); })*
        };
    }
    object!(
        redshift,
        salesforce,
        snowflake,
        event_bridge,
        honeycode,
        zendesk,
        marketo
    );
    if let Some(x) = p.s3() {
        return Some(x.bucket_name().to_string());
    }
    if let Some(x) = p.upsolver() {
        return Some(x.bucket_name().to_string());
    }
    if let Some(x) = p.customer_profiles() {
        return Some(x.domain_name().to_string());
    }
    if let Some(x) = p.sapo_data() {
        return Some(x.object_path().to_string());
    }
    p.custom_connector().map(|x| x.entity_name().to_string())
}
