//! Data Firehose collector: `ListDeliveryStreams` (`ExclusiveStartDeliveryStreamName` loop),
//! then per stream `DescribeDeliveryStream` (source, encryption and every destination, with an
//! `ExclusiveStartDestinationId` loop for the rare stream with more than one) and
//! `ListTagsForDeliveryStream` (`ExclusiveStartTagKey` loop). The API has no batch describe.
//!
//! Credentials never enter the inventory: HTTP endpoint access keys, Splunk HEC tokens,
//! Redshift/Snowflake users and passwords are not read; an HTTP endpoint URL keeps its path but
//! loses embedded passwords and secret-looking query values.

use super::ctx::map_concurrent;
use super::redact::{REDACTED, looks_secret};
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::kinesis::{FirehoseDestination, FirehoseStream};
use crate::sdk_client;
use aws_sdk_firehose::types::{
    BufferingHints, CloudWatchLoggingOptions, DeliveryStreamDescription,
    DeliveryStreamEncryptionConfiguration, DestinationDescription, ProcessingConfiguration,
    S3DestinationDescription,
};

/// Collects every delivery stream of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_firehose);
    let mut names: Vec<String> = Vec::new();
    loop {
        let out = ctx
            .call(
                client
                    .list_delivery_streams()
                    .limit(1000)
                    .set_exclusive_start_delivery_stream_name(names.last().cloned())
                    .send(),
            )
            .await
            .map_err(|e| CollectError::from_sdk("firehose:ListDeliveryStreams", e))?;
        let before = names.len();
        for n in out.delivery_stream_names() {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        // Stop when the service says so, or when a page brings nothing new.
        if !out.has_more_delivery_streams() || names.len() == before {
            break;
        }
    }
    let streams = map_concurrent(names, 8, |name| {
        let client = client.clone();
        async move { describe(ctx, &client, name).await }
    })
    .await;
    Ok(Inventory {
        firehose_streams: streams.into_iter().flatten().collect(),
        ..Default::default()
    })
}

/// Describes one stream; `None` when it was deleted since the list.
async fn describe(
    ctx: &CollectCtx,
    client: &aws_sdk_firehose::Client,
    name: String,
) -> Option<FirehoseStream> {
    let mut stream = FirehoseStream {
        arn: ctx.arn("firehose", &format!("deliverystream/{name}")),
        name: name.clone(),
        ..Default::default()
    };
    let mut start: Option<String> = None;
    let mut first = true;
    loop {
        let out = ctx
            .call(
                client
                    .describe_delivery_stream()
                    .delivery_stream_name(&name)
                    .set_exclusive_start_destination_id(start.take())
                    .send(),
            )
            .await
            .map_err(|e| CollectError::from_sdk("firehose:DescribeDeliveryStream", e));
        let out = match out {
            Err(e) if e.is_not_found() => return None,
            other => match ctx.soft(other) {
                Some(o) => o,
                None => break,
            },
        };
        let Some(d) = out.delivery_stream_description() else {
            break;
        };
        if first {
            apply_description(&mut stream, d);
            first = false;
        }
        let before = stream.destinations.len();
        for dest in d.destinations() {
            if !stream
                .destinations
                .iter()
                .any(|x| x.id == dest.destination_id())
            {
                stream
                    .destinations
                    .push(destination_from(dest, &ctx.account));
            }
        }
        match d.destinations().last() {
            Some(last) if d.has_more_destinations() && stream.destinations.len() > before => {
                start = Some(last.destination_id().to_string())
            }
            _ => break,
        }
    }

    let mut tag_start: Option<String> = None;
    loop {
        let out = ctx
            .call(
                client
                    .list_tags_for_delivery_stream()
                    .delivery_stream_name(&name)
                    .limit(50)
                    .set_exclusive_start_tag_key(tag_start.take())
                    .send(),
            )
            .await
            .map_err(|e| CollectError::from_sdk("firehose:ListTagsForDeliveryStream", e));
        let out = match out {
            Err(e) if e.is_not_found() => return None,
            other => match ctx.soft(other) {
                Some(o) => o,
                None => break,
            },
        };
        for t in out.tags() {
            stream.tags.insert(
                t.key().to_string(),
                t.value().unwrap_or_default().to_string(),
            );
        }
        match out.tags().last() {
            Some(t) if out.has_more_tags() => tag_start = Some(t.key().to_string()),
            _ => break,
        }
    }
    Some(stream)
}

/// Copies name, status, source and encryption of a description onto the stream.
fn apply_description(s: &mut FirehoseStream, d: &DeliveryStreamDescription) {
    s.arn = d.delivery_stream_arn().to_string();
    s.name = d.delivery_stream_name().to_string();
    s.status = d.delivery_stream_status().as_str().to_string();
    s.source_type = d.delivery_stream_type().as_str().to_string();
    if let Some(src) = d.source() {
        if let Some(k) = src.kinesis_stream_source_description() {
            s.source_stream_arn = k.kinesis_stream_arn().map(str::to_string);
            s.source_role_arn = k.role_arn().map(str::to_string);
        } else if let Some(m) = src.msk_source_description() {
            s.source_stream_arn = m.msk_cluster_arn().map(str::to_string);
            s.source_role_arn = m
                .authentication_configuration()
                .map(|a| a.role_arn().to_string())
                .filter(|r| !r.is_empty());
        }
    }
    if let Some(e) = d.delivery_stream_encryption_configuration() {
        apply_encryption(s, e);
    }
}

fn apply_encryption(s: &mut FirehoseStream, e: &DeliveryStreamEncryptionConfiguration) {
    s.encryption_key_type = e.key_type().map(|k| k.as_str().to_string());
    s.encryption_key_arn = e.key_arn().map(str::to_string);
    s.encryption_enabled = match e.status().map(|x| x.as_str()) {
        // Still encrypting while being enabled, or after a failed attempt to disable.
        Some(st) => matches!(st, "ENABLED" | "ENABLING" | "DISABLING_FAILED"),
        // No status reported: a configured key type means SSE was requested.
        None => s.encryption_key_type.is_some(),
    };
}

fn buffering(d: &mut FirehoseDestination, interval: Option<i32>, size: Option<i32>) {
    d.buffering_interval_seconds = interval;
    d.buffering_size_mb = size;
}

fn s3_buffering(d: &mut FirehoseDestination, h: Option<&BufferingHints>) {
    if let Some(h) = h {
        buffering(d, h.interval_in_seconds(), h.size_in_mbs());
    }
}

fn logging(d: &mut FirehoseDestination, l: Option<&CloudWatchLoggingOptions>) {
    if let Some(l) = l {
        d.error_logging_enabled = l.enabled().unwrap_or(false);
        d.log_group_name = l
            .log_group_name()
            .filter(|g| !g.is_empty())
            .map(str::to_string);
    }
}

/// Lambda ARNs of the enabled data processors.
fn processors(p: Option<&ProcessingConfiguration>) -> Vec<String> {
    let Some(p) = p else { return Vec::new() };
    if !p.enabled().unwrap_or(true) {
        return Vec::new();
    }
    p.processors()
        .iter()
        .flat_map(|pr| pr.parameters())
        .filter(|x| x.parameter_name().as_str() == "LambdaArn")
        .map(|x| x.parameter_value().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The bucket of an S3 backup (or intermediate) configuration.
fn bucket(s3: Option<&S3DestinationDescription>) -> Option<String> {
    s3.map(|b| b.bucket_arn().to_string())
        .filter(|b| !b.is_empty())
}

fn opt(s: Option<&str>) -> Option<String> {
    s.filter(|v| !v.is_empty()).map(str::to_string)
}

/// Builds a destination from its description. Extended S3 is preferred over the plain S3
/// description AWS repeats next to it.
pub fn destination_from(dd: &DestinationDescription, account: &str) -> FirehoseDestination {
    let mut d = FirehoseDestination {
        id: dd.destination_id().to_string(),
        ..Default::default()
    };
    if let Some(x) = dd.extended_s3_destination_description() {
        d.kind = "extended_s3".into();
        d.target = x.bucket_arn().to_string();
        d.role_arn = opt(Some(x.role_arn()));
        s3_buffering(&mut d, x.buffering_hints());
        d.compression = Some(x.compression_format().as_str().to_string());
        d.error_output_prefix = opt(x.error_output_prefix());
        d.s3_backup_mode = x.s3_backup_mode().map(|m| m.as_str().to_string());
        d.backup_bucket_arn = bucket(x.s3_backup_description());
        logging(&mut d, x.cloud_watch_logging_options());
        d.processor_lambda_arns = processors(x.processing_configuration());
    } else if let Some(x) = dd.redshift_destination_description() {
        d.kind = "redshift".into();
        d.target = redshift_target(x.cluster_jdbcurl(), account);
        d.role_arn = opt(Some(x.role_arn()));
        // COPY loads from the intermediate bucket: its buffering and compression apply.
        if let Some(s3) = x.s3_destination_description() {
            s3_buffering(&mut d, s3.buffering_hints());
            d.compression = Some(s3.compression_format().as_str().to_string());
            d.error_output_prefix = opt(s3.error_output_prefix());
        }
        d.s3_backup_mode = x.s3_backup_mode().map(|m| m.as_str().to_string());
        d.backup_bucket_arn = bucket(x.s3_backup_description());
        logging(&mut d, x.cloud_watch_logging_options());
        d.processor_lambda_arns = processors(x.processing_configuration());
    } else if let Some(x) = dd.amazonopensearchservice_destination_description() {
        d.kind = "opensearch".into();
        d.target = opt(x.domain_arn())
            .or_else(|| opt(x.cluster_endpoint()))
            .unwrap_or_default();
        d.role_arn = opt(x.role_arn());
        if let Some(h) = x.buffering_hints() {
            buffering(&mut d, h.interval_in_seconds(), h.size_in_mbs());
        }
        d.s3_backup_mode = x.s3_backup_mode().map(|m| m.as_str().to_string());
        d.backup_bucket_arn = bucket(x.s3_destination_description());
        logging(&mut d, x.cloud_watch_logging_options());
        d.processor_lambda_arns = processors(x.processing_configuration());
    } else if let Some(x) = dd.elasticsearch_destination_description() {
        d.kind = "elasticsearch".into();
        d.target = opt(x.domain_arn())
            .or_else(|| opt(x.cluster_endpoint()))
            .unwrap_or_default();
        d.role_arn = opt(x.role_arn());
        if let Some(h) = x.buffering_hints() {
            buffering(&mut d, h.interval_in_seconds(), h.size_in_mbs());
        }
        d.s3_backup_mode = x.s3_backup_mode().map(|m| m.as_str().to_string());
        d.backup_bucket_arn = bucket(x.s3_destination_description());
        logging(&mut d, x.cloud_watch_logging_options());
        d.processor_lambda_arns = processors(x.processing_configuration());
    } else if let Some(x) = dd.amazon_open_search_serverless_destination_description() {
        d.kind = "opensearch_serverless".into();
        d.target = x.collection_endpoint().unwrap_or_default().to_string();
        d.role_arn = opt(x.role_arn());
        if let Some(h) = x.buffering_hints() {
            buffering(&mut d, h.interval_in_seconds(), h.size_in_mbs());
        }
        d.s3_backup_mode = x.s3_backup_mode().map(|m| m.as_str().to_string());
        d.backup_bucket_arn = bucket(x.s3_destination_description());
        logging(&mut d, x.cloud_watch_logging_options());
        d.processor_lambda_arns = processors(x.processing_configuration());
    } else if let Some(x) = dd.http_endpoint_destination_description() {
        d.kind = "http_endpoint".into();
        // The URL only: the access key is never read.
        d.target = x
            .endpoint_configuration()
            .and_then(|e| e.url())
            .map(scrub_url)
            .unwrap_or_default();
        d.role_arn = opt(x.role_arn());
        if let Some(h) = x.buffering_hints() {
            buffering(&mut d, h.interval_in_seconds(), h.size_in_mbs());
        }
        d.s3_backup_mode = x.s3_backup_mode().map(|m| m.as_str().to_string());
        d.backup_bucket_arn = bucket(x.s3_destination_description());
        logging(&mut d, x.cloud_watch_logging_options());
        d.processor_lambda_arns = processors(x.processing_configuration());
    } else if let Some(x) = dd.splunk_destination_description() {
        d.kind = "splunk".into();
        // The HEC endpoint only: the HEC token is never read.
        d.target = x.hec_endpoint().map(scrub_url).unwrap_or_default();
        if let Some(h) = x.buffering_hints() {
            buffering(&mut d, h.interval_in_seconds(), h.size_in_mbs());
        }
        d.s3_backup_mode = x.s3_backup_mode().map(|m| m.as_str().to_string());
        d.backup_bucket_arn = bucket(x.s3_destination_description());
        d.role_arn = x
            .s3_destination_description()
            .map(|s| s.role_arn().to_string())
            .filter(|r| !r.is_empty());
        logging(&mut d, x.cloud_watch_logging_options());
        d.processor_lambda_arns = processors(x.processing_configuration());
    } else if let Some(x) = dd.snowflake_destination_description() {
        d.kind = "snowflake".into();
        d.target = x.account_url().map(scrub_url).unwrap_or_default();
        d.role_arn = opt(x.role_arn());
        if let Some(h) = x.buffering_hints() {
            buffering(&mut d, h.interval_in_seconds(), h.size_in_mbs());
        }
        d.s3_backup_mode = x.s3_backup_mode().map(|m| m.as_str().to_string());
        d.backup_bucket_arn = bucket(x.s3_destination_description());
        logging(&mut d, x.cloud_watch_logging_options());
        d.processor_lambda_arns = processors(x.processing_configuration());
    } else if let Some(x) = dd.iceberg_destination_description() {
        d.kind = "iceberg".into();
        d.target = x
            .catalog_configuration()
            .and_then(|c| c.catalog_arn())
            .unwrap_or_default()
            .to_string();
        d.role_arn = opt(x.role_arn());
        s3_buffering(&mut d, x.buffering_hints());
        d.s3_backup_mode = x.s3_backup_mode().map(|m| m.as_str().to_string());
        d.backup_bucket_arn = bucket(x.s3_destination_description());
        logging(&mut d, x.cloud_watch_logging_options());
        d.processor_lambda_arns = processors(x.processing_configuration());
    } else if let Some(x) = dd.s3_destination_description() {
        d.kind = "s3".into();
        d.target = x.bucket_arn().to_string();
        d.role_arn = opt(Some(x.role_arn()));
        s3_buffering(&mut d, x.buffering_hints());
        d.compression = Some(x.compression_format().as_str().to_string());
        d.error_output_prefix = opt(x.error_output_prefix());
        logging(&mut d, x.cloud_watch_logging_options());
    }
    d
}

/// The cluster ARN of a provisioned Redshift JDBC URL
/// (`jdbc:redshift://<cluster>.<id>.<region>.redshift.amazonaws.com:5439/db`); other URLs
/// (Serverless workgroups) are kept without their query string.
pub fn redshift_target(jdbc: &str, account: &str) -> String {
    let no_query = jdbc.split(['?', ';']).next().unwrap_or_default();
    let host = no_query
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .unwrap_or_default();
    let labels: Vec<&str> = host.split('.').collect();
    match labels.as_slice() {
        [cluster, _id, region, "redshift", "amazonaws", ..] if !cluster.is_empty() => {
            format!("arn:aws:redshift:{region}:{account}:cluster:{cluster}")
        }
        _ => no_query.to_string(),
    }
}

/// A URL without embedded credentials: the password of `user:pass@host` and the values of
/// secret-looking query parameters are replaced by the redaction marker.
pub fn scrub_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            match authority.rsplit_once('@') {
                Some((_, host)) => format!("{scheme}://{REDACTED}@{host}{path}"),
                None => base.to_string(),
            }
        }
        None => base.to_string(),
    };
    match query {
        None => base,
        Some(q) => {
            let q: Vec<String> = q
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, v)) if looks_secret(k, v) => format!("{k}={REDACTED}"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{base}?{}", q.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_firehose::types::{
        CompressionFormat, ExtendedS3DestinationDescription, HttpEndpointDescription,
        HttpEndpointDestinationDescription, KeyType, Processor, ProcessorParameter,
        ProcessorParameterName, ProcessorType, S3BackupMode,
    };

    fn s3(bucket: &str) -> S3DestinationDescription {
        S3DestinationDescription::builder()
            .role_arn("arn:aws:iam::1:role/fh")
            .bucket_arn(bucket)
            .compression_format(CompressionFormat::Uncompressed)
            .buffering_hints(
                BufferingHints::builder()
                    .interval_in_seconds(300)
                    .size_in_mbs(5)
                    .build(),
            )
            .encryption_configuration(
                aws_sdk_firehose::types::EncryptionConfiguration::builder().build(),
            )
            .build()
            .unwrap()
    }

    #[test]
    fn extended_s3_wins_over_repeated_s3_and_reads_processors() {
        let ext = ExtendedS3DestinationDescription::builder()
            .role_arn("arn:aws:iam::1:role/fh")
            .bucket_arn("arn:aws:s3:::lake")
            .compression_format(CompressionFormat::Gzip)
            .buffering_hints(
                BufferingHints::builder()
                    .interval_in_seconds(60)
                    .size_in_mbs(64)
                    .build(),
            )
            .encryption_configuration(
                aws_sdk_firehose::types::EncryptionConfiguration::builder().build(),
            )
            .error_output_prefix("errors/")
            .s3_backup_mode(S3BackupMode::Enabled)
            .s3_backup_description(s3("arn:aws:s3:::raw"))
            .cloud_watch_logging_options(
                CloudWatchLoggingOptions::builder()
                    .enabled(true)
                    .log_group_name("/aws/kinesisfirehose/x")
                    .build(),
            )
            .processing_configuration(
                ProcessingConfiguration::builder()
                    .enabled(true)
                    .processors(
                        Processor::builder()
                            .r#type(ProcessorType::Lambda)
                            .parameters(
                                ProcessorParameter::builder()
                                    .parameter_name(ProcessorParameterName::LambdaArn)
                                    .parameter_value("arn:aws:lambda:us-east-1:1:function:t")
                                    .build()
                                    .unwrap(),
                            )
                            .parameters(
                                ProcessorParameter::builder()
                                    .parameter_name(ProcessorParameterName::BufferSizeInMb)
                                    .parameter_value("1")
                                    .build()
                                    .unwrap(),
                            )
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .build()
            .unwrap();
        let dd = DestinationDescription::builder()
            .destination_id("destinationId-000000000001")
            .s3_destination_description(s3("arn:aws:s3:::lake"))
            .extended_s3_destination_description(ext)
            .build()
            .unwrap();
        let d = destination_from(&dd, "1");
        assert_eq!(d.kind, "extended_s3");
        assert_eq!(d.target, "arn:aws:s3:::lake");
        assert_eq!(
            (d.buffering_interval_seconds, d.buffering_size_mb),
            (Some(60), Some(64))
        );
        assert_eq!(d.compression.as_deref(), Some("GZIP"));
        assert_eq!(d.error_output_prefix.as_deref(), Some("errors/"));
        assert_eq!(d.s3_backup_mode.as_deref(), Some("Enabled"));
        assert_eq!(d.backup_bucket_arn.as_deref(), Some("arn:aws:s3:::raw"));
        assert!(d.error_logging_enabled);
        assert_eq!(
            d.processor_lambda_arns,
            vec!["arn:aws:lambda:us-east-1:1:function:t"]
        );
    }

    #[test]
    fn http_endpoint_keeps_only_a_scrubbed_url() {
        let dd = DestinationDescription::builder()
            .destination_id("d1")
            .http_endpoint_destination_description(
                HttpEndpointDestinationDescription::builder()
                    .endpoint_configuration(
                        HttpEndpointDescription::builder()
                            .url("https://intake.example.com/v1?api_key=abc123&region=eu")
                            .name("intake")
                            .build(),
                    )
                    .s3_destination_description(s3("arn:aws:s3:::failed"))
                    .build(),
            )
            .build()
            .unwrap();
        let d = destination_from(&dd, "1");
        assert_eq!(d.kind, "http_endpoint");
        assert_eq!(
            d.target,
            "https://intake.example.com/v1?api_key=<redacted>&region=eu"
        );
        assert_eq!(d.backup_bucket_arn.as_deref(), Some("arn:aws:s3:::failed"));
    }

    #[test]
    fn scrubs_userinfo() {
        assert_eq!(
            scrub_url("https://user:pw@example.com/path"),
            "https://<redacted>@example.com/path"
        );
        assert_eq!(scrub_url("https://example.com"), "https://example.com");
    }

    #[test]
    fn redshift_cluster_arn_from_jdbc() {
        assert_eq!(
            redshift_target(
                "jdbc:redshift://analytics.c1x2y3.eu-west-1.redshift.amazonaws.com:5439/dev",
                "123"
            ),
            "arn:aws:redshift:eu-west-1:123:cluster:analytics"
        );
        assert_eq!(
            redshift_target(
                "jdbc:redshift://wg.123.us-east-1.redshift-serverless.amazonaws.com:5439/dev?ssl=true",
                "123"
            ),
            "jdbc:redshift://wg.123.us-east-1.redshift-serverless.amazonaws.com:5439/dev"
        );
    }

    #[test]
    fn encryption_status_or_key_type() {
        let mut s = FirehoseStream::default();
        apply_encryption(
            &mut s,
            &DeliveryStreamEncryptionConfiguration::builder()
                .key_type(KeyType::AwsOwnedCmk)
                .build(),
        );
        assert!(s.encryption_enabled);
        apply_encryption(
            &mut s,
            &DeliveryStreamEncryptionConfiguration::builder()
                .key_type(KeyType::AwsOwnedCmk)
                .status(aws_sdk_firehose::types::DeliveryStreamEncryptionStatus::Disabled)
                .build(),
        );
        assert!(!s.encryption_enabled);
        assert_eq!(s.encryption_key_type.as_deref(), Some("AWS_OWNED_CMK"));
    }
}
