//! SNS collector: `ListTopics` (paginated), then `GetTopicAttributes` and
//! `ListTagsForResource` per topic (no batch form exists); `ListSubscriptions` once per region
//! (paginated, not per topic), then `GetSubscriptionAttributes` per confirmed subscription.
//!
//! Subscriptions still waiting for confirmation have no ARN (the API returns the literal
//! `PendingConfirmation`) and no attributes to read: they get the synthetic ARN
//! `<topic arn>:PendingConfirmation:<endpoint>` and `pending_confirmation = true`.

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::model::sns::{DeliveryStatusLogging, SnsSubscription, SnsTopic};
use crate::model::{Inventory, JsonDoc};
use crate::sdk_client;
use aws_sdk_sns::types::Subscription;
use std::collections::HashMap;

/// The `SubscriptionArn` value of a subscription that is not confirmed yet.
pub const PENDING: &str = "PendingConfirmation";

/// Attribute prefixes of delivery-status logging, with the protocol name the model uses.
const LOGGING_PROTOCOLS: &[(&str, &str)] = &[
    ("Lambda", "lambda"),
    ("SQS", "sqs"),
    ("HTTP", "http"),
    ("Firehose", "firehose"),
    ("Application", "application"),
];

/// Collects every topic and subscription of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_sns);

    let mut topic_arns = Vec::new();
    let mut pages = client.list_topics().into_paginator().send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("sns:ListTopics", e))?;
        topic_arns.extend(
            page.topics
                .unwrap_or_default()
                .into_iter()
                .filter_map(|t| t.topic_arn),
        );
    }

    let mut summaries = Vec::new();
    let mut pages = client.list_subscriptions().into_paginator().send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("sns:ListSubscriptions", e))?;
        summaries.extend(page.subscriptions.unwrap_or_default());
    }

    let topics = map_concurrent(topic_arns, 8, |arn| {
        let client = client.clone();
        async move {
            let attrs = ctx
                .call(client.get_topic_attributes().topic_arn(&arn).send())
                .await
                .map_err(|e| CollectError::from_sdk("sns:GetTopicAttributes", e));
            let attrs = match attrs {
                Err(e) if e.is_not_found() => return None,
                other => ctx.soft(other).map(|o| o.attributes.unwrap_or_default()),
            };
            // Without attributes the topic is kept with what the list told us.
            let mut t = topic_from_attributes(&arn, &attrs.unwrap_or_default());
            let tags = match ctx.fetch_tags() {
                true => ctx
                    .call(client.list_tags_for_resource().resource_arn(&arn).send())
                    .await
                    .map_err(|e| CollectError::from_sdk("sns:ListTagsForResource", e)),
                false => Ok(aws_sdk_sns::operation::list_tags_for_resource::ListTagsForResourceOutput::builder().build()),
            };
            match tags {
                Err(e) if e.is_not_found() => return None,
                other => {
                    if let Some(o) = ctx.soft(other) {
                        t.tags = o
                            .tags
                            .unwrap_or_default()
                            .into_iter()
                            .map(|t| (t.key, t.value))
                            .collect();
                    }
                }
            }
            Some(t)
        }
    })
    .await;

    let subscriptions = map_concurrent(summaries, 8, |s| {
        let client = client.clone();
        async move {
            let base = subscription_from_summary(&s)?;
            if base.pending_confirmation {
                // No ARN yet, so no attributes to read.
                return Some(base);
            }
            let sub_arn = base.arn.clone();
            let attrs = ctx
                .call(
                    client
                        .get_subscription_attributes()
                        .subscription_arn(&sub_arn)
                        .send(),
                )
                .await
                .map_err(|e| CollectError::from_sdk("sns:GetSubscriptionAttributes", e));
            match attrs {
                Err(e) if e.is_not_found() => None,
                other => Some(match ctx.soft(other) {
                    Some(o) => {
                        apply_subscription_attributes(base, &o.attributes.unwrap_or_default())
                    }
                    None => base,
                }),
            }
        }
    })
    .await;

    Ok(Inventory {
        sns_topics: topics.into_iter().flatten().collect(),
        sns_subscriptions: subscriptions.into_iter().flatten().collect(),
        ..Default::default()
    })
}

/// What `ListSubscriptions` tells about a subscription: pending ones get their synthetic
/// ARN; placeholders without an ARN that are not pending (`Deleted`) are dropped.
pub fn subscription_from_summary(s: &Subscription) -> Option<SnsSubscription> {
    let sub_arn = s.subscription_arn.clone().unwrap_or_default();
    let base = SnsSubscription {
        arn: sub_arn.clone(),
        topic_arn: s.topic_arn.clone().unwrap_or_default(),
        protocol: s.protocol.clone().unwrap_or_default(),
        endpoint: s.endpoint.clone().unwrap_or_default(),
        owner: s.owner.clone(),
        ..Default::default()
    };
    if sub_arn == PENDING {
        return Some(SnsSubscription {
            arn: pending_arn(&base.topic_arn, &base.endpoint),
            pending_confirmation: true,
            ..base
        });
    }
    sub_arn.starts_with("arn:").then_some(base)
}

/// The synthetic ARN of a subscription pending confirmation.
pub fn pending_arn(topic_arn: &str, endpoint: &str) -> String {
    format!("{topic_arn}:{PENDING}:{endpoint}")
}

/// Builds a topic from its ARN and `GetTopicAttributes` result.
pub fn topic_from_attributes(arn: &str, a: &HashMap<String, String>) -> SnsTopic {
    let get = |k: &str| a.get(k).filter(|v| !v.is_empty()).cloned();
    let flag = |k: &str| a.get(k).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let name = arn.rsplit(':').next().unwrap_or_default().to_string();
    let delivery_status_logging = LOGGING_PROTOCOLS
        .iter()
        .filter_map(|(prefix, protocol)| {
            let success = get(&format!("{prefix}SuccessFeedbackRoleArn"));
            let failure = get(&format!("{prefix}FailureFeedbackRoleArn"));
            let rate = a
                .get(&format!("{prefix}SuccessFeedbackSampleRate"))
                .and_then(|v| v.trim().parse().ok());
            (success.is_some() || failure.is_some() || rate.is_some()).then(|| {
                DeliveryStatusLogging {
                    protocol: protocol.to_string(),
                    success_feedback_role_arn: success,
                    failure_feedback_role_arn: failure,
                    success_feedback_sample_rate: rate,
                }
            })
        })
        .collect();
    SnsTopic {
        arn: arn.to_string(),
        fifo: flag("FifoTopic") || name.ends_with(".fifo"),
        name,
        content_based_deduplication: flag("ContentBasedDeduplication"),
        kms_master_key_id: get("KmsMasterKeyId"),
        policy: get("Policy").map(|p| JsonDoc::from_text(&p)),
        delivery_policy: get("EffectiveDeliveryPolicy")
            .or_else(|| get("DeliveryPolicy"))
            .map(|p| JsonDoc::from_text(&p)),
        delivery_status_logging,
        tracing_config: get("TracingConfig"),
        tags: Default::default(),
    }
}

/// Completes a subscription from its `GetSubscriptionAttributes` result.
pub fn apply_subscription_attributes(
    mut s: SnsSubscription,
    a: &HashMap<String, String>,
) -> SnsSubscription {
    let get = |k: &str| a.get(k).filter(|v| !v.trim().is_empty()).cloned();
    let flag = |k: &str| a.get(k).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if let Some(owner) = get("Owner") {
        s.owner = Some(owner);
    }
    s.pending_confirmation = flag("PendingConfirmation");
    s.filter_policy = get("FilterPolicy").map(|p| JsonDoc::from_text(&p));
    s.filter_policy_scope = get("FilterPolicyScope");
    s.raw_message_delivery = flag("RawMessageDelivery");
    s.redrive_dead_letter_arn = get("RedrivePolicy")
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .and_then(|v| v.get("deadLetterTargetArn")?.as_str().map(str::to_string))
        .filter(|v| !v.is_empty());
    s.subscription_role_arn = get("SubscriptionRoleArn");
    s.delivery_policy = get("DeliveryPolicy").map(|p| JsonDoc::from_text(&p));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_topic_attributes_with_logging_per_protocol() {
        let a = map(&[
            ("FifoTopic", "true"),
            ("ContentBasedDeduplication", "true"),
            ("KmsMasterKeyId", "alias/aws/sns"),
            ("Policy", r#"{"Version":"2012-10-17","Statement":[]}"#),
            (
                "EffectiveDeliveryPolicy",
                r#"{"http":{"defaultHealthyRetryPolicy":{}}}"#,
            ),
            ("TracingConfig", "Active"),
            ("LambdaSuccessFeedbackRoleArn", "arn:aws:iam::1:role/ok"),
            ("LambdaFailureFeedbackRoleArn", "arn:aws:iam::1:role/ko"),
            ("LambdaSuccessFeedbackSampleRate", "25"),
            ("SQSFailureFeedbackRoleArn", "arn:aws:iam::1:role/sqs"),
        ]);
        let t = topic_from_attributes("arn:aws:sns:us-east-1:1:orders.fifo", &a);
        assert_eq!(t.name, "orders.fifo");
        assert!(t.fifo && t.content_based_deduplication);
        assert_eq!(t.kms_master_key_id.as_deref(), Some("alias/aws/sns"));
        assert_eq!(t.policy.unwrap().value()["Version"], "2012-10-17");
        assert!(t.delivery_policy.unwrap().value()["http"].is_object());
        assert_eq!(t.tracing_config.as_deref(), Some("Active"));
        assert_eq!(
            t.delivery_status_logging,
            vec![
                DeliveryStatusLogging {
                    protocol: "lambda".into(),
                    success_feedback_role_arn: Some("arn:aws:iam::1:role/ok".into()),
                    failure_feedback_role_arn: Some("arn:aws:iam::1:role/ko".into()),
                    success_feedback_sample_rate: Some(25),
                },
                DeliveryStatusLogging {
                    protocol: "sqs".into(),
                    failure_feedback_role_arn: Some("arn:aws:iam::1:role/sqs".into()),
                    ..Default::default()
                },
            ]
        );
    }

    #[test]
    fn plain_topic_has_defaults() {
        let t = topic_from_attributes("arn:aws:sns:us-east-1:1:plain", &HashMap::new());
        assert_eq!(t.name, "plain");
        assert!(!t.fifo);
        assert!(t.delivery_status_logging.is_empty());
        assert_eq!(t.kms_master_key_id, None);
    }

    #[test]
    fn parses_subscription_attributes() {
        let a = map(&[
            ("FilterPolicy", r#"{"kind":["video"]}"#),
            ("FilterPolicyScope", "MessageBody"),
            ("RawMessageDelivery", "true"),
            ("PendingConfirmation", "false"),
            (
                "RedrivePolicy",
                r#"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:dlq"}"#,
            ),
            ("SubscriptionRoleArn", "arn:aws:iam::1:role/fh"),
            (
                "DeliveryPolicy",
                r#"{"healthyRetryPolicy":{"numRetries":3}}"#,
            ),
        ]);
        let s = apply_subscription_attributes(SnsSubscription::default(), &a);
        assert_eq!(s.filter_policy.unwrap().value()["kind"][0], "video");
        assert_eq!(s.filter_policy_scope.as_deref(), Some("MessageBody"));
        assert!(s.raw_message_delivery);
        assert!(!s.pending_confirmation);
        assert_eq!(
            s.redrive_dead_letter_arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:1:dlq")
        );
        assert_eq!(
            s.subscription_role_arn.as_deref(),
            Some("arn:aws:iam::1:role/fh")
        );
        assert_eq!(
            s.delivery_policy.unwrap().value()["healthyRetryPolicy"]["numRetries"],
            3
        );
    }

    #[test]
    fn pending_subscription_gets_synthetic_arn() {
        let s = Subscription::builder()
            .subscription_arn("PendingConfirmation")
            .topic_arn("arn:aws:sns:us-east-1:1:t")
            .protocol("email")
            .endpoint("ops@example.com")
            .owner("1")
            .build();
        let sub = subscription_from_summary(&s).unwrap();
        assert_eq!(
            sub.arn,
            "arn:aws:sns:us-east-1:1:t:PendingConfirmation:ops@example.com"
        );
        assert!(sub.pending_confirmation);
        assert_eq!(sub.protocol, "email");
        assert_eq!(sub.owner.as_deref(), Some("1"));

        let deleted = Subscription::builder()
            .subscription_arn("Deleted")
            .topic_arn("arn:aws:sns:us-east-1:1:t")
            .build();
        assert_eq!(subscription_from_summary(&deleted), None);

        let confirmed = Subscription::builder()
            .subscription_arn("arn:aws:sns:us-east-1:1:t:1f2e")
            .topic_arn("arn:aws:sns:us-east-1:1:t")
            .protocol("sqs")
            .endpoint("arn:aws:sqs:us-east-1:1:q")
            .build();
        let sub = subscription_from_summary(&confirmed).unwrap();
        assert_eq!(sub.arn, "arn:aws:sns:us-east-1:1:t:1f2e");
        assert!(!sub.pending_confirmation);
    }
}
