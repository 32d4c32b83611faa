//! EventBridge Scheduler collector: `ListSchedules` (paginated, every group at once), then
//! `GetSchedule` per schedule (the list carries only the target ARN, not the role, input,
//! retry policy, dead-letter queue, window or dates).
//!
//! A schedule whose `GetSchedule` fails is kept with what the list gave (ARN, name, group,
//! state, target ARN) and the failure is a coverage gap.

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::eventbridge::{RetryPolicy, Schedule, ScheduleTarget};
use crate::sdk_client;
use aws_sdk_scheduler::operation::get_schedule::GetScheduleOutput;
use aws_sdk_scheduler::types::ScheduleSummary;
use aws_smithy_types::date_time::Format;

fn ts(d: &aws_smithy_types::DateTime) -> Option<String> {
    d.fmt(Format::DateTime).ok()
}

/// Collects every schedule of every schedule group of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_scheduler);
    let mut summaries = Vec::new();
    let mut pages = client
        .list_schedules()
        .max_results(100)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("scheduler:ListSchedules", e))?;
        summaries.extend(page.schedules);
    }
    let schedules = map_concurrent(summaries, 8, |s| {
        let client = client.clone();
        async move {
            let base = schedule_from_summary(&s);
            let got = ctx
                .call(
                    client
                        .get_schedule()
                        .name(&base.name)
                        .group_name(&base.group_name)
                        .send(),
                )
                .await
                .map_err(|e| CollectError::from_sdk("scheduler:GetSchedule", e));
            match got {
                Err(e) if e.is_not_found() => None,
                other => Some(match ctx.soft(other) {
                    Some(o) => apply_schedule(base, o),
                    None => base,
                }),
            }
        }
    })
    .await;
    Ok(Inventory {
        schedules: schedules.into_iter().flatten().collect(),
        ..Default::default()
    })
}

/// What `ListSchedules` tells about a schedule.
pub fn schedule_from_summary(s: &ScheduleSummary) -> Schedule {
    Schedule {
        arn: s.arn.clone().unwrap_or_default(),
        name: s.name.clone().unwrap_or_default(),
        group_name: s.group_name.clone().unwrap_or_else(|| "default".into()),
        state: s
            .state
            .as_ref()
            .map(|x| x.as_str().to_string())
            .unwrap_or_default(),
        target: ScheduleTarget {
            arn: s.target.as_ref().map(|t| t.arn.clone()).unwrap_or_default(),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Completes a schedule from its `GetSchedule` result.
pub fn apply_schedule(mut s: Schedule, o: GetScheduleOutput) -> Schedule {
    let nonempty = |v: Option<String>| v.filter(|x| !x.trim().is_empty());
    if let Some(arn) = nonempty(o.arn) {
        s.arn = arn;
    }
    if let Some(g) = nonempty(o.group_name) {
        s.group_name = g;
    }
    if let Some(st) = o.state {
        s.state = st.as_str().to_string();
    }
    s.schedule_expression = o.schedule_expression.unwrap_or_default();
    s.description = nonempty(o.description);
    s.schedule_expression_timezone = nonempty(o.schedule_expression_timezone);
    if let Some(w) = o.flexible_time_window {
        s.flexible_time_window_mode = Some(w.mode.as_str().to_string());
        s.maximum_window_minutes = w.maximum_window_in_minutes;
    }
    s.start_date = o.start_date.as_ref().and_then(ts);
    s.end_date = o.end_date.as_ref().and_then(ts);
    s.kms_key_arn = nonempty(o.kms_key_arn);
    s.action_after_completion = o.action_after_completion.map(|a| a.as_str().to_string());
    if let Some(t) = o.target {
        s.target = ScheduleTarget {
            arn: t.arn,
            role_arn: t.role_arn,
            input: t.input,
            retry_policy: t.retry_policy.map(|p| RetryPolicy {
                maximum_retry_attempts: p.maximum_retry_attempts,
                maximum_event_age_seconds: p.maximum_event_age_in_seconds,
            }),
            dead_letter_arn: t.dead_letter_config.and_then(|d| d.arn),
            sqs_message_group_id: t.sqs_parameters.and_then(|p| p.message_group_id),
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_scheduler::types::{
        ActionAfterCompletion, DeadLetterConfig, FlexibleTimeWindow, FlexibleTimeWindowMode,
        RetryPolicy as SdkRetry, ScheduleState, SqsParameters, Target, TargetSummary,
    };

    #[test]
    fn summary_then_details() {
        let summary = ScheduleSummary::builder()
            .arn("arn:aws:scheduler:us-east-1:1:schedule/g/s")
            .name("s")
            .group_name("g")
            .state(ScheduleState::Enabled)
            .target(
                TargetSummary::builder()
                    .arn("arn:aws:sqs:us-east-1:1:q")
                    .build()
                    .unwrap(),
            )
            .build();
        let base = schedule_from_summary(&summary);
        assert_eq!(base.target.arn, "arn:aws:sqs:us-east-1:1:q");
        assert_eq!(base.state, "ENABLED");
        let out = GetScheduleOutput::builder()
            .name("s")
            .group_name("g")
            .schedule_expression("cron(0 8 * * ? *)")
            .schedule_expression_timezone("Europe/Paris")
            .start_date(aws_smithy_types::DateTime::from_secs(1_767_225_600))
            .flexible_time_window(
                FlexibleTimeWindow::builder()
                    .mode(FlexibleTimeWindowMode::Flexible)
                    .maximum_window_in_minutes(15)
                    .build()
                    .unwrap(),
            )
            .action_after_completion(ActionAfterCompletion::None)
            .target(
                Target::builder()
                    .arn("arn:aws:sqs:us-east-1:1:q.fifo")
                    .role_arn("arn:aws:iam::1:role/sched")
                    .input("{}")
                    .retry_policy(
                        SdkRetry::builder()
                            .maximum_retry_attempts(2)
                            .maximum_event_age_in_seconds(300)
                            .build(),
                    )
                    .dead_letter_config(
                        DeadLetterConfig::builder()
                            .arn("arn:aws:sqs:us-east-1:1:dlq")
                            .build(),
                    )
                    .sqs_parameters(SqsParameters::builder().message_group_id("g1").build())
                    .build()
                    .unwrap(),
            )
            .build();
        let s = apply_schedule(base, out);
        assert_eq!(s.arn, "arn:aws:scheduler:us-east-1:1:schedule/g/s");
        assert_eq!(s.schedule_expression, "cron(0 8 * * ? *)");
        assert_eq!(
            s.schedule_expression_timezone.as_deref(),
            Some("Europe/Paris")
        );
        assert_eq!(s.start_date.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(s.flexible_time_window_mode.as_deref(), Some("FLEXIBLE"));
        assert_eq!(s.maximum_window_minutes, Some(15));
        assert_eq!(s.action_after_completion.as_deref(), Some("NONE"));
        assert_eq!(s.target.role_arn, "arn:aws:iam::1:role/sched");
        assert_eq!(
            s.target
                .retry_policy
                .as_ref()
                .unwrap()
                .maximum_retry_attempts,
            Some(2)
        );
        assert_eq!(
            s.target.dead_letter_arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:1:dlq")
        );
        assert_eq!(s.target.sqs_message_group_id.as_deref(), Some("g1"));
    }
}
