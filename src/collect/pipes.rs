//! EventBridge Pipes collector: `ListPipes` (paginated), then `DescribePipe` per pipe (the
//! list has no source, target or log parameters; the describe result carries the tags, so
//! no tag call is needed).
//!
//! A pipe whose `DescribePipe` fails is kept with what the list gave (ARN, name, states,
//! source, enrichment, target) and the failure is a coverage gap.

use super::ctx::map_concurrent;
use super::{CollectCtx, CollectError};
use crate::model::eventbridge::Pipe;
use crate::model::{Inventory, JsonDoc};
use crate::sdk_client;
use aws_sdk_pipes::operation::describe_pipe::DescribePipeOutput;
use aws_sdk_pipes::types::{PipeLogConfiguration, PipeSourceParameters, PipeTargetParameters};

/// Collects every pipe of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_pipes);
    let mut listed = Vec::new();
    let mut pages = client.list_pipes().limit(100).into_paginator().send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("pipes:ListPipes", e))?;
        listed.extend(page.pipes.unwrap_or_default());
    }
    let pipes = map_concurrent(listed, 8, |p| {
        let client = client.clone();
        async move {
            let base = pipe_from_summary(&p);
            let got = ctx
                .call(client.describe_pipe().name(&base.name).send())
                .await
                .map_err(|e| CollectError::from_sdk("pipes:DescribePipe", e));
            match got {
                Err(e) if e.is_not_found() => None,
                other => Some(match ctx.soft(other) {
                    Some(o) => apply_pipe(base, o),
                    None => base,
                }),
            }
        }
    })
    .await;
    Ok(Inventory {
        pipes: pipes.into_iter().flatten().collect(),
        ..Default::default()
    })
}

/// What `ListPipes` tells about a pipe.
pub fn pipe_from_summary(p: &aws_sdk_pipes::types::Pipe) -> Pipe {
    Pipe {
        arn: p.arn.clone().unwrap_or_default(),
        name: p.name.clone().unwrap_or_default(),
        source_arn: p.source.clone().unwrap_or_default(),
        enrichment_arn: p.enrichment.clone().filter(|e| !e.is_empty()),
        target_arn: p.target.clone().unwrap_or_default(),
        desired_state: p
            .desired_state
            .as_ref()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        current_state: p.current_state.as_ref().map(|s| s.as_str().to_string()),
        ..Default::default()
    }
}

/// Completes a pipe from its `DescribePipe` result.
pub fn apply_pipe(mut p: Pipe, o: DescribePipeOutput) -> Pipe {
    let nonempty = |v: Option<String>| v.filter(|x| !x.trim().is_empty());
    if let Some(arn) = nonempty(o.arn) {
        p.arn = arn;
    }
    p.description = nonempty(o.description);
    if let Some(s) = o.desired_state {
        p.desired_state = s.as_str().to_string();
    }
    if let Some(s) = o.current_state {
        p.current_state = Some(s.as_str().to_string());
    }
    if let Some(s) = nonempty(o.source) {
        p.source_arn = s;
    }
    p.enrichment_arn = nonempty(o.enrichment);
    if let Some(t) = nonempty(o.target) {
        p.target_arn = t;
    }
    p.role_arn = o.role_arn.unwrap_or_default();
    p.kms_key_identifier = nonempty(o.kms_key_identifier);
    if let Some(sp) = &o.source_parameters {
        apply_source_parameters(&mut p, sp);
    }
    p.target_invocation_type = o
        .target_parameters
        .as_ref()
        .and_then(target_invocation_type);
    if let Some(l) = &o.log_configuration {
        apply_log_configuration(&mut p, l);
    }
    p.tags = o.tags.unwrap_or_default().into_iter().collect();
    p
}

/// Batch, window, stream and filter settings of the source.
fn apply_source_parameters(p: &mut Pipe, sp: &PipeSourceParameters) {
    p.filter_patterns = sp
        .filter_criteria
        .as_ref()
        .and_then(|c| c.filters.as_ref())
        .map(|fs| {
            fs.iter()
                .filter_map(|f| f.pattern.as_deref())
                .map(JsonDoc::from_text)
                .collect()
        })
        .unwrap_or_default();
    if let Some(q) = &sp.sqs_queue_parameters {
        p.batch_size = q.batch_size;
        p.maximum_batching_window_seconds = q.maximum_batching_window_in_seconds;
    }
    if let Some(k) = &sp.kinesis_stream_parameters {
        p.batch_size = k.batch_size;
        p.maximum_batching_window_seconds = k.maximum_batching_window_in_seconds;
        p.starting_position = Some(k.starting_position.as_str().to_string());
        p.maximum_retry_attempts = k.maximum_retry_attempts;
        p.maximum_record_age_seconds = k.maximum_record_age_in_seconds;
        p.on_partial_batch_item_failure = k
            .on_partial_batch_item_failure
            .as_ref()
            .map(|x| x.as_str().to_string());
        p.bisect_batch_on_item_failure = p
            .on_partial_batch_item_failure
            .as_ref()
            .map(|x| x == "AUTOMATIC_BISECT");
        p.dead_letter_arn = k.dead_letter_config.as_ref().and_then(|d| d.arn.clone());
    }
    if let Some(d) = &sp.dynamo_db_stream_parameters {
        p.batch_size = d.batch_size;
        p.maximum_batching_window_seconds = d.maximum_batching_window_in_seconds;
        p.starting_position = Some(d.starting_position.as_str().to_string());
        p.maximum_retry_attempts = d.maximum_retry_attempts;
        p.maximum_record_age_seconds = d.maximum_record_age_in_seconds;
        p.on_partial_batch_item_failure = d
            .on_partial_batch_item_failure
            .as_ref()
            .map(|x| x.as_str().to_string());
        p.bisect_batch_on_item_failure = p
            .on_partial_batch_item_failure
            .as_ref()
            .map(|x| x == "AUTOMATIC_BISECT");
        p.dead_letter_arn = d.dead_letter_config.as_ref().and_then(|d| d.arn.clone());
    }
    if let Some(m) = &sp.active_mq_broker_parameters {
        p.batch_size = m.batch_size;
        p.maximum_batching_window_seconds = m.maximum_batching_window_in_seconds;
    }
    if let Some(m) = &sp.rabbit_mq_broker_parameters {
        p.batch_size = m.batch_size;
        p.maximum_batching_window_seconds = m.maximum_batching_window_in_seconds;
    }
    if let Some(m) = &sp.managed_streaming_kafka_parameters {
        p.batch_size = m.batch_size;
        p.maximum_batching_window_seconds = m.maximum_batching_window_in_seconds;
        p.starting_position = m.starting_position.as_ref().map(|x| x.as_str().to_string());
    }
    if let Some(m) = &sp.self_managed_kafka_parameters {
        p.batch_size = m.batch_size;
        p.maximum_batching_window_seconds = m.maximum_batching_window_in_seconds;
        p.starting_position = m.starting_position.as_ref().map(|x| x.as_str().to_string());
    }
}

/// The invocation type of a Lambda or Step Functions target, as configured.
fn target_invocation_type(t: &PipeTargetParameters) -> Option<String> {
    t.lambda_function_parameters
        .as_ref()
        .and_then(|l| l.invocation_type.as_ref())
        .or_else(|| {
            t.step_function_state_machine_parameters
                .as_ref()
                .and_then(|s| s.invocation_type.as_ref())
        })
        .map(|x| x.as_str().to_string())
}

/// Log level and destination ARNs (log group, Firehose stream, S3 bucket).
fn apply_log_configuration(p: &mut Pipe, l: &PipeLogConfiguration) {
    p.log_level = l.level.as_ref().map(|x| x.as_str().to_string());
    let partition = p
        .arn
        .split(':')
        .nth(1)
        .filter(|s| !s.is_empty())
        .unwrap_or("aws");
    let mut dest = Vec::new();
    if let Some(arn) = l
        .cloudwatch_logs_log_destination
        .as_ref()
        .and_then(|d| d.log_group_arn.clone())
    {
        dest.push(arn);
    }
    if let Some(arn) = l
        .firehose_log_destination
        .as_ref()
        .and_then(|d| d.delivery_stream_arn.clone())
    {
        dest.push(arn);
    }
    if let Some(bucket) = l
        .s3_log_destination
        .as_ref()
        .and_then(|d| d.bucket_name.as_deref())
        .filter(|b| !b.is_empty())
    {
        dest.push(format!("arn:{partition}:s3:::{bucket}"));
    }
    p.log_destinations = dest;
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_pipes::types::{
        CloudwatchLogsLogDestination, DeadLetterConfig, Filter, FilterCriteria,
        KinesisStreamStartPosition, LogLevel, OnPartialBatchItemFailureStreams,
        PipeSourceKinesisStreamParameters, PipeSourceSqsQueueParameters, PipeTargetInvocationType,
        PipeTargetStateMachineParameters, RequestedPipeStateDescribeResponse, S3LogDestination,
    };

    fn base() -> Pipe {
        Pipe {
            arn: "arn:aws:pipes:us-east-1:1:pipe/p".into(),
            name: "p".into(),
            ..Default::default()
        }
    }

    #[test]
    fn sqs_source_with_filters_sfn_target_and_logs() {
        let out = DescribePipeOutput::builder()
            .source("arn:aws:sqs:us-east-1:1:q")
            .enrichment("arn:aws:lambda:us-east-1:1:function:enrich")
            .target("arn:aws:states:us-east-1:1:stateMachine:m")
            .role_arn("arn:aws:iam::1:role/pipe")
            .desired_state(RequestedPipeStateDescribeResponse::Running)
            .source_parameters(
                PipeSourceParameters::builder()
                    .sqs_queue_parameters(
                        PipeSourceSqsQueueParameters::builder()
                            .batch_size(5)
                            .maximum_batching_window_in_seconds(10)
                            .build(),
                    )
                    .filter_criteria(
                        FilterCriteria::builder()
                            .filters(
                                Filter::builder()
                                    .pattern(r#"{"body":{"kind":["a"]}}"#)
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .target_parameters(
                PipeTargetParameters::builder()
                    .step_function_state_machine_parameters(
                        PipeTargetStateMachineParameters::builder()
                            .invocation_type(PipeTargetInvocationType::FireAndForget)
                            .build(),
                    )
                    .build(),
            )
            .log_configuration(
                PipeLogConfiguration::builder()
                    .level(LogLevel::Error)
                    .cloudwatch_logs_log_destination(
                        CloudwatchLogsLogDestination::builder()
                            .log_group_arn("arn:aws:logs:us-east-1:1:log-group:/pipes/p")
                            .build(),
                    )
                    .s3_log_destination(S3LogDestination::builder().bucket_name("logs").build())
                    .build(),
            )
            .tags("team", "video")
            .build();
        let p = apply_pipe(base(), out);
        assert_eq!(p.desired_state, "RUNNING");
        assert_eq!(p.batch_size, Some(5));
        assert_eq!(p.maximum_batching_window_seconds, Some(10));
        assert_eq!(p.filter_patterns[0].value()["body"]["kind"][0], "a");
        assert_eq!(p.target_invocation_type.as_deref(), Some("FIRE_AND_FORGET"));
        assert_eq!(p.log_level.as_deref(), Some("ERROR"));
        assert_eq!(
            p.log_destinations,
            vec![
                "arn:aws:logs:us-east-1:1:log-group:/pipes/p".to_string(),
                "arn:aws:s3:::logs".to_string()
            ]
        );
        assert_eq!(p.tags["team"], "video");
        assert_eq!(p.starting_position, None);
    }

    #[test]
    fn kinesis_source_settings() {
        let out = DescribePipeOutput::builder()
            .source_parameters(
                PipeSourceParameters::builder()
                    .kinesis_stream_parameters(
                        PipeSourceKinesisStreamParameters::builder()
                            .starting_position(KinesisStreamStartPosition::TrimHorizon)
                            .batch_size(100)
                            .maximum_retry_attempts(3)
                            .maximum_record_age_in_seconds(3600)
                            .on_partial_batch_item_failure(
                                OnPartialBatchItemFailureStreams::AutomaticBisect,
                            )
                            .dead_letter_config(
                                DeadLetterConfig::builder()
                                    .arn("arn:aws:sqs:us-east-1:1:dlq")
                                    .build(),
                            )
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .build();
        let p = apply_pipe(base(), out);
        assert_eq!(p.starting_position.as_deref(), Some("TRIM_HORIZON"));
        assert_eq!(p.maximum_retry_attempts, Some(3));
        assert_eq!(p.maximum_record_age_seconds, Some(3600));
        assert_eq!(
            p.on_partial_batch_item_failure.as_deref(),
            Some("AUTOMATIC_BISECT")
        );
        assert_eq!(p.bisect_batch_on_item_failure, Some(true));
        assert_eq!(
            p.dead_letter_arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:1:dlq")
        );
    }
}
