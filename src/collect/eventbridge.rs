//! EventBridge collector: `ListEventBuses` (NextToken loop, the SDK has no paginator), then
//! per bus `DescribeEventBus` (policy, KMS key, dead-letter queue, description),
//! `ListTagsForResource` and `ListRules` (NextToken loop; the rule list already carries the
//! pattern, schedule, state, role and description, so no `DescribeRule`); per rule
//! `ListTargetsByRule` (NextToken loop) and `ListTagsForResource`.
//!
//! A failed `ListEventBuses` or `ListRules` fails the cell; a failed describe, tag or target
//! call is a coverage gap and the resource is kept with what the list gave.

use super::ctx::{map_concurrent, next_token_pages};
use super::{CollectCtx, CollectError};
use crate::model::eventbridge::{EventBus, EventRule, InputTransformer, RetryPolicy, RuleTarget};
use crate::model::{Inventory, JsonDoc, Tags};
use crate::sdk_client;
use aws_sdk_eventbridge::types::{Rule, Target};

fn tags_of(tags: Option<Vec<aws_sdk_eventbridge::types::Tag>>) -> Tags {
    tags.unwrap_or_default()
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect()
}

/// Collects every bus, rule and target of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_eventbridge);

    let listed = next_token_pages(|token| {
        let client = client.clone();
        async move {
            let out = ctx
                .call(
                    client
                        .list_event_buses()
                        .limit(100)
                        .set_next_token(token)
                        .send(),
                )
                .await
                .map_err(|e| CollectError::from_sdk("events:ListEventBuses", e))?;
            Ok((out.event_buses.unwrap_or_default(), out.next_token))
        }
    })
    .await?;

    let per_bus = map_concurrent(listed, 4, |b| {
        let client = client.clone();
        async move {
            let name = b.name.clone().unwrap_or_default();
            let mut bus = EventBus {
                arn: b.arn.clone().unwrap_or_default(),
                name: name.clone(),
                policy: b.policy.as_deref().map(JsonDoc::from_text),
                description: b.description.clone(),
                ..Default::default()
            };
            let described = ctx
                .call(client.describe_event_bus().name(&name).send())
                .await
                .map_err(|e| CollectError::from_sdk("events:DescribeEventBus", e));
            match described {
                Err(e) if e.is_not_found() => return Ok(None),
                other => {
                    if let Some(d) = ctx.soft(other) {
                        if let Some(arn) = d.arn {
                            bus.arn = arn;
                        }
                        if let Some(p) = d.policy {
                            bus.policy = Some(JsonDoc::from_text(&p));
                        }
                        if d.description.is_some() {
                            bus.description = d.description;
                        }
                        bus.kms_key_identifier = d.kms_key_identifier.filter(|k| !k.is_empty());
                        bus.dead_letter_arn = d.dead_letter_config.and_then(|c| c.arn);
                    }
                }
            }
            if !bus.arn.is_empty() && ctx.fetch_tags() {
                let tags = ctx
                    .call(
                        client
                            .list_tags_for_resource()
                            .resource_arn(&bus.arn)
                            .send(),
                    )
                    .await
                    .map_err(|e| CollectError::from_sdk("events:ListTagsForResource", e));
                match tags {
                    Err(e) if e.is_not_found() => return Ok(None),
                    other => {
                        if let Some(t) = ctx.soft(other) {
                            bus.tags = tags_of(t.tags);
                        }
                    }
                }
            }
            let rules = next_token_pages(|token| {
                let client = client.clone();
                let name = name.clone();
                async move {
                    let out = ctx
                        .call(
                            client
                                .list_rules()
                                .event_bus_name(name)
                                .limit(100)
                                .set_next_token(token)
                                .send(),
                        )
                        .await
                        .map_err(|e| CollectError::from_sdk("events:ListRules", e))?;
                    Ok((out.rules.unwrap_or_default(), out.next_token))
                }
            })
            .await;
            let rules = match rules {
                Err(e) if e.is_not_found() => return Ok(None),
                other => other?,
            };
            Ok::<_, CollectError>(Some((
                bus,
                rules
                    .into_iter()
                    .map(|r| rule_from_sdk(r, &name))
                    .collect::<Vec<_>>(),
            )))
        }
    })
    .await;

    let mut buses = Vec::new();
    let mut rules = Vec::new();
    for r in per_bus {
        if let Some((bus, bus_rules)) = r? {
            buses.push(bus);
            rules.extend(bus_rules);
        }
    }

    let rules = map_concurrent(rules, 8, |mut rule| {
        let client = client.clone();
        async move {
            let targets = next_token_pages(|token| {
                let client = client.clone();
                let (name, bus) = (rule.name.clone(), rule.event_bus_name.clone());
                async move {
                    let out = ctx
                        .call(
                            client
                                .list_targets_by_rule()
                                .rule(name)
                                .event_bus_name(bus)
                                .limit(100)
                                .set_next_token(token)
                                .send(),
                        )
                        .await
                        .map_err(|e| CollectError::from_sdk("events:ListTargetsByRule", e))?;
                    Ok((out.targets.unwrap_or_default(), out.next_token))
                }
            })
            .await;
            match targets {
                Err(e) if e.is_not_found() => return None,
                other => {
                    if let Some(t) = ctx.soft(other) {
                        rule.targets = t.iter().map(target_from_sdk).collect();
                    }
                }
            }
            if !rule.arn.is_empty() && ctx.fetch_tags() {
                let tags = ctx
                    .call(
                        client
                            .list_tags_for_resource()
                            .resource_arn(&rule.arn)
                            .send(),
                    )
                    .await
                    .map_err(|e| CollectError::from_sdk("events:ListTagsForResource", e));
                match tags {
                    Err(e) if e.is_not_found() => return None,
                    other => {
                        if let Some(t) = ctx.soft(other) {
                            rule.tags = tags_of(t.tags);
                        }
                    }
                }
            }
            Some(rule)
        }
    })
    .await;

    Ok(Inventory {
        event_buses: buses,
        event_rules: rules.into_iter().flatten().collect(),
        ..Default::default()
    })
}

/// Builds a rule (without targets and tags) from a `ListRules` entry of the given bus.
pub fn rule_from_sdk(r: Rule, bus_name: &str) -> EventRule {
    let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    EventRule {
        arn: r.arn.unwrap_or_default(),
        name: r.name.unwrap_or_default(),
        event_bus_name: nonempty(r.event_bus_name).unwrap_or_else(|| bus_name.to_string()),
        event_pattern: nonempty(r.event_pattern).map(|p| JsonDoc::from_text(&p)),
        schedule_expression: nonempty(r.schedule_expression),
        state: r.state.map(|s| s.as_str().to_string()).unwrap_or_default(),
        role_arn: nonempty(r.role_arn),
        managed_by: nonempty(r.managed_by),
        description: nonempty(r.description),
        targets: Vec::new(),
        tags: Tags::new(),
    }
}

/// Converts one `ListTargetsByRule` target.
pub fn target_from_sdk(t: &Target) -> RuleTarget {
    RuleTarget {
        id: t.id.clone(),
        arn: t.arn.clone(),
        role_arn: t.role_arn.clone(),
        input: t.input.clone(),
        input_path: t.input_path.clone(),
        input_transformer: t.input_transformer.as_ref().map(|x| InputTransformer {
            input_paths_map: x
                .input_paths_map
                .as_ref()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
            input_template: x.input_template.clone(),
        }),
        retry_policy: t.retry_policy.as_ref().map(|p| RetryPolicy {
            maximum_retry_attempts: p.maximum_retry_attempts,
            maximum_event_age_seconds: p.maximum_event_age_in_seconds,
        }),
        dead_letter_arn: t.dead_letter_config.as_ref().and_then(|d| d.arn.clone()),
        sqs_message_group_id: t
            .sqs_parameters
            .as_ref()
            .and_then(|p| p.message_group_id.clone()),
        kinesis_partition_key_path: t
            .kinesis_parameters
            .as_ref()
            .map(|p| p.partition_key_path.clone())
            .filter(|p| !p.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_eventbridge::types::{
        DeadLetterConfig, InputTransformer as SdkTransformer, KinesisParameters,
        RetryPolicy as SdkRetry, RuleState, SqsParameters,
    };

    #[test]
    fn converts_every_target_field() {
        let t = Target::builder()
            .id("t1")
            .arn("arn:aws:sqs:us-east-1:1:q.fifo")
            .role_arn("arn:aws:iam::1:role/r")
            .input_path("$.detail")
            .input_transformer(
                SdkTransformer::builder()
                    .input_paths_map("id", "$.detail.id")
                    .input_template(r#"{"id": <id>}"#)
                    .build()
                    .unwrap(),
            )
            .retry_policy(
                SdkRetry::builder()
                    .maximum_retry_attempts(3)
                    .maximum_event_age_in_seconds(600)
                    .build(),
            )
            .dead_letter_config(
                DeadLetterConfig::builder()
                    .arn("arn:aws:sqs:us-east-1:1:dlq")
                    .build(),
            )
            .sqs_parameters(SqsParameters::builder().message_group_id("g").build())
            .kinesis_parameters(
                KinesisParameters::builder()
                    .partition_key_path("$.id")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        let r = target_from_sdk(&t);
        assert_eq!(r.id, "t1");
        assert_eq!(r.input_path.as_deref(), Some("$.detail"));
        let x = r.input_transformer.unwrap();
        assert_eq!(x.input_paths_map["id"], "$.detail.id");
        assert_eq!(x.input_template, r#"{"id": <id>}"#);
        assert_eq!(
            r.retry_policy,
            Some(RetryPolicy {
                maximum_retry_attempts: Some(3),
                maximum_event_age_seconds: Some(600)
            })
        );
        assert_eq!(
            r.dead_letter_arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:1:dlq")
        );
        assert_eq!(r.sqs_message_group_id.as_deref(), Some("g"));
        assert_eq!(r.kinesis_partition_key_path.as_deref(), Some("$.id"));
        assert_eq!(r.input, None);
    }

    #[test]
    fn converts_rule_and_defaults_bus_name() {
        let r = Rule::builder()
            .name("nightly")
            .arn("arn:aws:events:us-east-1:1:rule/nightly")
            .schedule_expression("rate(1 day)")
            .event_pattern("")
            .state(RuleState::Disabled)
            .build();
        let rule = rule_from_sdk(r, "default");
        assert_eq!(rule.event_bus_name, "default");
        assert_eq!(rule.schedule_expression.as_deref(), Some("rate(1 day)"));
        assert_eq!(rule.event_pattern, None);
        assert_eq!(rule.state, "DISABLED");
    }
}
