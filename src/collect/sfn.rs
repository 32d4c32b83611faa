//! Step Functions collector: `ListStateMachines` (paginated), then `DescribeStateMachine`
//! (definition, role, logging, tracing, encryption) and `ListTagsForResource` per machine
//! (the API has no batch form of either).
//!
//! A machine whose `DescribeStateMachine` fails is kept with what the list gave (ARN, name,
//! type, creation date) and the failure is a coverage gap.

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::sfn::{SfnLogging, StateMachine};
use crate::sdk_client;
use aws_sdk_sfn::operation::describe_state_machine::DescribeStateMachineOutput;
use aws_sdk_sfn::types::StateMachineListItem;
use aws_smithy_types::date_time::Format;

fn ts(d: &aws_smithy_types::DateTime) -> Option<String> {
    d.fmt(Format::DateTime).ok()
}

/// Collects every state machine of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_sfn);
    let mut listed = Vec::new();
    let mut pages = client
        .list_state_machines()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("states:ListStateMachines", e))?;
        listed.extend(page.state_machines);
    }
    let machines = map_concurrent(listed, 8, |item| {
        let client = client.clone();
        async move {
            let mut m = machine_from_list_item(&item);
            let described = ctx
                .call(
                    client
                        .describe_state_machine()
                        .state_machine_arn(&m.arn)
                        .send(),
                )
                .await
                .map_err(|e| CollectError::from_sdk("states:DescribeStateMachine", e));
            match described {
                Err(e) if e.is_not_found() => return None,
                other => {
                    if let Some(o) = ctx.soft(other) {
                        m = apply_description(m, o);
                    }
                }
            }
            if !ctx.fetch_tags() {
                return Some(m);
            }
            let tags = ctx
                .call(client.list_tags_for_resource().resource_arn(&m.arn).send())
                .await
                .map_err(|e| CollectError::from_sdk("states:ListTagsForResource", e));
            match tags {
                Err(e) if e.is_not_found() => return None,
                other => {
                    if let Some(o) = ctx.soft(other) {
                        m.tags = o
                            .tags
                            .unwrap_or_default()
                            .into_iter()
                            .filter_map(|t| Some((t.key?, t.value.unwrap_or_default())))
                            .collect();
                    }
                }
            }
            Some(m)
        }
    })
    .await;
    Ok(Inventory {
        state_machines: machines.into_iter().flatten().collect(),
        ..Default::default()
    })
}

/// What `ListStateMachines` tells about a machine.
pub fn machine_from_list_item(i: &StateMachineListItem) -> StateMachine {
    StateMachine {
        arn: i.state_machine_arn.clone(),
        name: i.name.clone(),
        machine_type: i.r#type.as_str().to_string(),
        creation_date: ts(&i.creation_date),
        ..Default::default()
    }
}

/// Completes a machine from its `DescribeStateMachine` result.
pub fn apply_description(mut m: StateMachine, o: DescribeStateMachineOutput) -> StateMachine {
    if !o.state_machine_arn.is_empty() {
        m.arn = o.state_machine_arn;
    }
    if !o.name.is_empty() {
        m.name = o.name;
    }
    m.machine_type = o.r#type.as_str().to_string();
    m.definition = o.definition;
    m.role_arn = o.role_arn;
    m.status = o.status.map(|s| s.as_str().to_string());
    m.creation_date = ts(&o.creation_date).or(m.creation_date);
    m.tracing_enabled = o.tracing_configuration.is_some_and(|t| t.enabled);
    m.logging = match o.logging_configuration {
        Some(l) => SfnLogging {
            level: l
                .level
                .map(|x| x.as_str().to_string())
                .unwrap_or_else(|| "OFF".into()),
            include_execution_data: l.include_execution_data,
            destinations: l
                .destinations
                .unwrap_or_default()
                .into_iter()
                .filter_map(|d| d.cloud_watch_logs_log_group?.log_group_arn)
                .collect(),
        },
        None => SfnLogging {
            level: "OFF".into(),
            ..Default::default()
        },
    };
    m.kms_key_id = o
        .encryption_configuration
        .and_then(|e| e.kms_key_id)
        .filter(|k| !k.is_empty());
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_sfn::types::{
        CloudWatchLogsLogGroup, EncryptionConfiguration, EncryptionType, LogDestination, LogLevel,
        LoggingConfiguration, StateMachineStatus, StateMachineType, TracingConfiguration,
    };

    #[test]
    fn describes_logging_tracing_and_kms() {
        let o = DescribeStateMachineOutput::builder()
            .state_machine_arn("arn:aws:states:us-east-1:1:stateMachine:m")
            .name("m")
            .r#type(StateMachineType::Express)
            .definition(r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#)
            .role_arn("arn:aws:iam::1:role/sfn")
            .creation_date(aws_smithy_types::DateTime::from_secs(0))
            .status(StateMachineStatus::Active)
            .logging_configuration(
                LoggingConfiguration::builder()
                    .level(LogLevel::All)
                    .include_execution_data(true)
                    .destinations(
                        LogDestination::builder()
                            .cloud_watch_logs_log_group(
                                CloudWatchLogsLogGroup::builder()
                                    .log_group_arn("arn:aws:logs:us-east-1:1:log-group:/sfn/m:*")
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .tracing_configuration(TracingConfiguration::builder().enabled(true).build())
            .encryption_configuration(
                EncryptionConfiguration::builder()
                    .r#type(EncryptionType::CustomerManagedKmsKey)
                    .kms_key_id("arn:aws:kms:us-east-1:1:key/k")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        let m = apply_description(StateMachine::default(), o);
        assert_eq!(m.machine_type, "EXPRESS");
        assert_eq!(m.status.as_deref(), Some("ACTIVE"));
        assert_eq!(m.creation_date.as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(m.logging.level, "ALL");
        assert!(m.logging.include_execution_data);
        assert_eq!(
            m.logging.destinations,
            vec!["arn:aws:logs:us-east-1:1:log-group:/sfn/m:*".to_string()]
        );
        assert!(m.tracing_enabled);
        assert_eq!(
            m.kms_key_id.as_deref(),
            Some("arn:aws:kms:us-east-1:1:key/k")
        );
    }
}
