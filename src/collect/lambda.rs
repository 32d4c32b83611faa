//! Lambda collector.
//!
//! Region-wide calls: `ListFunctions` (paginated; it returns each function's full
//! configuration) and `ListEventSourceMappings` once, without a function filter (paginated;
//! every mapping with all its settings). Per function, only what no list call gives, with
//! the functions fanned out by [`map_concurrent`]: `ListAliases` (which also gives the
//! versions aliases route to), `GetFunctionConcurrency`, `GetPolicy`,
//! `ListFunctionEventInvokeConfigs`, `GetFunctionRecursionConfig`, `ListTags` (unless tags come in bulk), then
//! `GetFunctionUrlConfig` for the unqualified function and each alias (the same cost as
//! `ListFunctionUrlConfigs`, which some endpoints lack).
//!
//! Absent settings are not gaps: `ResourceNotFoundException` from `GetPolicy` means no
//! resource policy, from `GetFunctionUrlConfig` no URL. An operation the endpoint does not
//! implement (an emulator, a partition without the feature) records nothing. Any other
//! failure of a detail call (AccessDenied, throttling) is a coverage gap and the function is
//! kept with what the list gave. A function deleted between the list and its detail calls
//! is dropped. Environment variable values are dropped here: only names, and the names of
//! variables whose value looked like a secret, reach the model.

use super::ctx::map_concurrent;
use super::detail::{Detail, Miss, keep, miss};
use super::redact;
use super::{CollectCtx, CollectError};
use crate::model::lambda::{
    AsyncInvokeConfig, EventSourceMapping, FunctionUrl, LambdaAlias, LambdaFunction,
    LambdaLayerRef, LambdaLogging, SourceAccessConfiguration, VpcConfig,
};
use crate::model::{Inventory, JsonDoc, Tags};
use crate::sdk_client;
use aws_sdk_lambda::Client;
use aws_sdk_lambda::types::{EventSourceMappingConfiguration, FunctionConfiguration};
use std::collections::BTreeSet;

/// Functions whose detail calls run at the same time (one call at a time each).
const FUNCTION_FAN_OUT: usize = 8;

/// Collects every function and event-source mapping of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_lambda);

    let mut configs = Vec::new();
    let mut pages = client
        .list_functions()
        .max_items(50)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("lambda:ListFunctions", e))?;
        configs.extend(page.functions.unwrap_or_default());
    }

    let mut mappings = Vec::new();
    let mut pages = client
        .list_event_source_mappings()
        .max_items(100)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("lambda:ListEventSourceMappings", e))?;
        mappings.extend(
            page.event_source_mappings
                .unwrap_or_default()
                .iter()
                .map(|m| mapping_from_config(m, &ctx.region, &ctx.account)),
        );
    }

    // Code signing for the whole region: one list of configs and, per config, the functions
    // using it (instead of one call per function).
    let signing = keep(ctx, code_signing_by_function(ctx, &client).await).unwrap_or_default();
    let signing = &signing;

    let functions = map_concurrent(configs, FUNCTION_FAN_OUT, |cfg| {
        let client = client.clone();
        async move {
            let mut f = with_details(ctx, &client, function_from_config(&cfg)).await?;
            f.code_signing_config_arn = signing.get(&f.arn).cloned();
            Some(f)
        }
    })
    .await;

    Ok(Inventory {
        lambda_functions: functions.into_iter().flatten().collect(),
        event_source_mappings: mappings,
        ..Default::default()
    })
}

/// Adds the per-function details to a function built from `ListFunctions`; `None` when
/// the function was deleted in the meantime.
async fn with_details(
    ctx: &CollectCtx,
    client: &Client,
    mut f: LambdaFunction,
) -> Option<LambdaFunction> {
    let name = f.name.as_str();
    // One call at a time per function: the functions themselves run concurrently, and
    // the scan's per-service limit is what bounds the calls in flight.
    let aliases = aliases(ctx, client, name).await;
    let concurrency = concurrency(ctx, client, name).await;
    let policy = policy(ctx, client, name).await;
    let invoke_configs = invoke_configs(ctx, client, name).await;
    let recursion = recursion(ctx, client, name).await;
    let tags = match ctx.fetch_tags() {
        true => tags(ctx, client, &f.arn).await,
        false => Ok(Tags::default()),
    };
    // These need the function itself: not found means it is gone.
    if matches!(aliases, Err(Miss::NotFound)) || matches!(concurrency, Err(Miss::NotFound)) {
        return None;
    }
    let aliases = keep(ctx, aliases).unwrap_or_default();
    let mut urls = Vec::new();
    for q in std::iter::once(None).chain(aliases.iter().map(|a| Some(a.name.clone()))) {
        urls.push(function_url(ctx, client, name, q).await);
    }

    f.resource_policy = keep(ctx, policy);
    f.async_invoke_configs = keep(ctx, invoke_configs).unwrap_or_default();
    // The published versions that matter are those aliases route to (no call per version).
    let mut versions: Vec<String> = aliases
        .iter()
        .flat_map(|a| {
            std::iter::once(a.function_version.clone())
                .chain(a.additional_version_weights.keys().cloned())
        })
        .filter(|v| v != "$LATEST" && !v.is_empty())
        .collect();
    versions.sort_by_key(|v| (v.parse::<u64>().unwrap_or(u64::MAX), v.clone()));
    versions.dedup();
    f.versions = versions;
    f.reserved_concurrency = keep(ctx, concurrency).flatten();
    f.recursive_loop = keep(ctx, recursion).flatten();
    f.tags = keep(ctx, tags).unwrap_or_default();
    let mut seen = BTreeSet::new();
    f.function_urls = urls
        .into_iter()
        .filter_map(|u| keep(ctx, u))
        // An endpoint that ignores the qualifier answers the same URL for every alias.
        .filter(|u| seen.insert(u.url.clone()))
        .collect();
    f.aliases = aliases;
    if let Some(cache) = ctx.code_cache() {
        download_package(ctx, client, &f, cache).await;
    }
    Some(f)
}

/// Fetches the function's deployment package into `cache` (GetFunction gives a pre-signed
/// URL valid for minutes; it is used at once and never stored). A package already cached
/// under its CodeSha256 costs no call. Failures leave the function without code for the
/// analysis (`code_analysis` says so) and never fail the scan.
async fn download_package(
    ctx: &CollectCtx,
    client: &Client,
    f: &LambdaFunction,
    cache: &std::path::Path,
) {
    let Some(sha) = f.code_sha256.as_deref() else {
        return;
    };
    if !f.package_type.eq_ignore_ascii_case("Zip")
        || crate::code::download::cache_path(cache, sha).exists()
    {
        return;
    }
    let location = match ctx
        .call(client.get_function().function_name(&f.arn).send())
        .await
    {
        Ok(out) => out.code().and_then(|c| c.location()).map(str::to_string),
        Err(e) => {
            tracing::warn!(
                "function {}: cannot read its code location (lambda:GetFunction): {}",
                f.name,
                aws_smithy_types::error::display::DisplayErrorContext(&e)
            );
            return;
        }
    };
    let Some(url) = location else {
        return;
    };
    if let Err(e) = crate::code::download::cached(cache, sha, &url).await {
        tracing::warn!("function {}: {e}", f.name);
    }
    if ctx.code_layers() {
        for layer in &f.layers {
            download_layer(ctx, client, &layer.arn, cache).await;
        }
    }
}

/// Fetches a layer version's package into the cache (layer versions never change).
async fn download_layer(ctx: &CollectCtx, client: &Client, arn: &str, cache: &std::path::Path) {
    let path = crate::code::download::layer_cache_path(cache, arn);
    if path.exists() {
        return;
    }
    let content = match ctx
        .call(client.get_layer_version_by_arn().arn(arn).send())
        .await
    {
        Ok(out) => out.content,
        Err(e) => {
            tracing::warn!(
                "layer {arn}: cannot read its location (lambda:GetLayerVersionByArn): {}",
                aws_smithy_types::error::display::DisplayErrorContext(&e)
            );
            return;
        }
    };
    let Some((Some(url), Some(sha))) = content.map(|c| (c.location, c.code_sha256)) else {
        return;
    };
    if let Err(e) = crate::code::download::cached_at(&path, &sha, &url).await {
        tracing::warn!("layer {arn}: {e}");
    }
}

async fn policy(ctx: &CollectCtx, client: &Client, name: &str) -> Detail<JsonDoc> {
    let out = ctx
        .call(client.get_policy().function_name(name).send())
        .await
        .map_err(|e| miss("lambda:GetPolicy", name, e))?;
    out.policy().map(JsonDoc::from_text).ok_or(Miss::NotFound)
}

async fn invoke_configs(
    ctx: &CollectCtx,
    client: &Client,
    name: &str,
) -> Detail<Vec<AsyncInvokeConfig>> {
    let mut out = Vec::new();
    let mut pages = client
        .list_function_event_invoke_configs()
        .function_name(name)
        .max_items(50)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| miss("lambda:ListFunctionEventInvokeConfigs", name, e))?;
        out.extend(
            page.function_event_invoke_configs()
                .iter()
                .map(async_config_from),
        );
    }
    out.sort_by(|a, b| a.qualifier.cmp(&b.qualifier));
    Ok(out)
}

async fn aliases(ctx: &CollectCtx, client: &Client, name: &str) -> Detail<Vec<LambdaAlias>> {
    let mut out = Vec::new();
    let mut pages = client
        .list_aliases()
        .function_name(name)
        .max_items(50)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| miss("lambda:ListAliases", name, e))?;
        out.extend(page.aliases().iter().map(|a| {
            LambdaAlias {
                name: a.name().unwrap_or_default().to_string(),
                arn: a.alias_arn().unwrap_or_default().to_string(),
                function_version: a.function_version().unwrap_or_default().to_string(),
                additional_version_weights: a
                    .routing_config()
                    .and_then(|r| r.additional_version_weights())
                    .map(|w| w.iter().map(|(k, v)| (k.clone(), *v)).collect())
                    .unwrap_or_default(),
            }
        }));
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

async fn concurrency(ctx: &CollectCtx, client: &Client, name: &str) -> Detail<Option<i32>> {
    let out = ctx
        .call(client.get_function_concurrency().function_name(name).send())
        .await
        .map_err(|e| miss("lambda:GetFunctionConcurrency", name, e))?;
    Ok(out.reserved_concurrent_executions())
}

/// Function ARN → code signing config ARN, from `ListCodeSigningConfigs` and
/// `ListFunctionsByCodeSigningConfig` (region-wide).
async fn code_signing_by_function(
    ctx: &CollectCtx,
    client: &Client,
) -> Detail<std::collections::HashMap<String, String>> {
    let mut configs = Vec::new();
    let mut pages = client.list_code_signing_configs().into_paginator().send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page =
            page.map_err(|e| miss("lambda:ListCodeSigningConfigs", "code signing configs", e))?;
        configs.extend(
            page.code_signing_configs
                .unwrap_or_default()
                .into_iter()
                .map(|c| c.code_signing_config_arn),
        );
    }
    let mut out = std::collections::HashMap::new();
    for config in configs {
        let mut pages = client
            .list_functions_by_code_signing_config()
            .code_signing_config_arn(&config)
            .into_paginator()
            .send();
        while let Some(page) = ctx.call(pages.next()).await {
            let page =
                page.map_err(|e| miss("lambda:ListFunctionsByCodeSigningConfig", &config, e))?;
            for f in page.function_arns.unwrap_or_default() {
                out.insert(
                    crate::model::arn::unqualified_lambda_arn(&f),
                    config.clone(),
                );
            }
        }
    }
    Ok(out)
}

async fn recursion(ctx: &CollectCtx, client: &Client, name: &str) -> Detail<Option<String>> {
    let out = ctx
        .call(
            client
                .get_function_recursion_config()
                .function_name(name)
                .send(),
        )
        .await
        .map_err(|e| miss("lambda:GetFunctionRecursionConfig", name, e))?;
    Ok(non_empty(out.recursive_loop().map(|r| r.as_str())))
}

async fn tags(ctx: &CollectCtx, client: &Client, arn: &str) -> Detail<Tags> {
    let out = ctx
        .call(client.list_tags().resource(arn).send())
        .await
        .map_err(|e| miss("lambda:ListTags", arn, e))?;
    Ok(out
        .tags()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default())
}

async fn function_url(
    ctx: &CollectCtx,
    client: &Client,
    name: &str,
    qualifier: Option<String>,
) -> Detail<FunctionUrl> {
    let out = ctx
        .call(
            client
                .get_function_url_config()
                .function_name(name)
                .set_qualifier(qualifier)
                .send(),
        )
        .await
        .map_err(|e| miss("lambda:GetFunctionUrlConfig", name, e))?;
    if out.function_url().is_empty() {
        return Err(Miss::NotFound);
    }
    let cors = out.cors();
    Ok(FunctionUrl {
        url: out.function_url().to_string(),
        // The qualifier the URL really points at, as the service reports it.
        qualifier: qualifier_of(out.function_arn()).map(str::to_string),
        auth_type: out.auth_type().as_str().to_string(),
        invoke_mode: out.invoke_mode().map(|m| m.as_str().to_string()),
        cors_allow_origins: cors.map(|c| c.allow_origins().to_vec()).unwrap_or_default(),
        cors_allow_methods: cors.map(|c| c.allow_methods().to_vec()).unwrap_or_default(),
    })
}

/// Builds an async invoke config from a `ListFunctionEventInvokeConfigs` entry; the
/// qualifier comes from its function ARN (`$LATEST` when unqualified).
pub fn async_config_from(
    c: &aws_sdk_lambda::types::FunctionEventInvokeConfig,
) -> AsyncInvokeConfig {
    let dest = c.destination_config();
    AsyncInvokeConfig {
        qualifier: c
            .function_arn()
            .and_then(qualifier_of)
            .unwrap_or("$LATEST")
            .to_string(),
        maximum_retry_attempts: c.maximum_retry_attempts(),
        maximum_event_age_seconds: c.maximum_event_age_in_seconds(),
        on_success_arn: non_empty(
            dest.and_then(|d| d.on_success())
                .and_then(|d| d.destination()),
        ),
        on_failure_arn: non_empty(
            dest.and_then(|d| d.on_failure())
                .and_then(|d| d.destination()),
        ),
    }
}

/// The qualifier of a function ARN (`...:function:name:live` → `live`), if any.
pub fn qualifier_of(function_arn: &str) -> Option<&str> {
    function_arn.split(':').nth(7).filter(|q| !q.is_empty())
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
}

/// Normalises a Lambda timestamp (`2024-05-01T10:00:00.000+0000`) to RFC 3339 in UTC with
/// milliseconds; text in another form is kept as it is.
pub fn rfc3339(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| chrono::DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        })
        .unwrap_or_else(|_| text.to_string())
}

/// Builds a function from its `ListFunctions` configuration (without the per-function
/// details). Environment variable values are dropped here.
pub fn function_from_config(c: &FunctionConfiguration) -> LambdaFunction {
    let (environment_variable_names, environment_secret_names) = c
        .environment()
        .and_then(|e| e.variables())
        .map(redact::names_and_secrets)
        .unwrap_or_default();
    let vpc = c
        .vpc_config()
        .filter(|v| !v.subnet_ids().is_empty() || v.vpc_id().is_some_and(|id| !id.is_empty()))
        .map(|v| VpcConfig {
            vpc_id: non_empty(v.vpc_id()),
            subnet_ids: v.subnet_ids().to_vec(),
            availability_zones: Vec::new(),
            security_group_ids: v.security_group_ids().to_vec(),
        });
    let logging = c
        .logging_config()
        .map(|l| LambdaLogging {
            log_format: l.log_format().map(|x| x.as_str().to_string()),
            log_group: non_empty(l.log_group()),
            application_log_level: l.application_log_level().map(|x| x.as_str().to_string()),
            system_log_level: l.system_log_level().map(|x| x.as_str().to_string()),
        })
        .unwrap_or_default();
    LambdaFunction {
        arn: c.function_arn().unwrap_or_default().to_string(),
        name: c.function_name().unwrap_or_default().to_string(),
        runtime: non_empty(c.runtime().map(|r| r.as_str())),
        handler: non_empty(c.handler()),
        package_type: c
            .package_type()
            .map(|p| p.as_str())
            .unwrap_or("Zip")
            .to_string(),
        code_sha256: non_empty(c.code_sha256()),
        code_size: c.code_size(),
        timeout_seconds: c.timeout().unwrap_or(3),
        memory_mb: c.memory_size().unwrap_or(128),
        ephemeral_storage_mb: c.ephemeral_storage().map(|e| e.size()),
        architectures: c
            .architectures()
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
        tracing_mode: c
            .tracing_config()
            .and_then(|t| t.mode())
            .map(|m| m.as_str().to_string()),
        vpc,
        environment_variable_names,
        environment_secret_names,
        kms_key_arn: non_empty(c.kms_key_arn()),
        role_arn: c.role().unwrap_or_default().to_string(),
        layers: c
            .layers()
            .iter()
            .map(|l| LambdaLayerRef {
                arn: l.arn().unwrap_or_default().to_string(),
                code_size: l.code_size(),
            })
            .collect(),
        dead_letter_target_arn: non_empty(c.dead_letter_config().and_then(|d| d.target_arn())),
        logging,
        snap_start: c
            .snap_start()
            .and_then(|s| s.apply_on())
            .map(|a| a.as_str().to_string()),
        state: c.state().map(|s| s.as_str().to_string()),
        last_modified: c.last_modified().map(rfc3339),
        ..Default::default()
    }
}

/// Builds an event-source mapping from its `ListEventSourceMappings` entry; `region` and
/// `account` make the ARN when the service does not return it.
pub fn mapping_from_config(
    m: &EventSourceMappingConfiguration,
    region: &str,
    account: &str,
) -> EventSourceMapping {
    let uuid = m.uuid().unwrap_or_default().to_string();
    EventSourceMapping {
        arn: non_empty(m.event_source_mapping_arn()).unwrap_or_else(|| {
            format!("arn:aws:lambda:{region}:{account}:event-source-mapping:{uuid}")
        }),
        uuid,
        function_arn: m.function_arn().unwrap_or_default().to_string(),
        event_source_arn: non_empty(m.event_source_arn()),
        state: m.state().unwrap_or_default().to_string(),
        batch_size: m.batch_size(),
        maximum_batching_window_seconds: m.maximum_batching_window_in_seconds(),
        parallelization_factor: m.parallelization_factor(),
        starting_position: m.starting_position().map(|p| p.as_str().to_string()),
        bisect_batch_on_function_error: m.bisect_batch_on_function_error(),
        maximum_retry_attempts: m.maximum_retry_attempts(),
        maximum_record_age_seconds: m.maximum_record_age_in_seconds(),
        tumbling_window_seconds: m.tumbling_window_in_seconds(),
        destination_on_failure_arn: non_empty(
            m.destination_config()
                .and_then(|d| d.on_failure())
                .and_then(|d| d.destination()),
        ),
        function_response_types: m
            .function_response_types()
            .iter()
            .map(|t| t.as_str().to_string())
            .collect(),
        filter_patterns: m
            .filter_criteria()
            .map(|f| {
                f.filters()
                    .iter()
                    .filter_map(|x| x.pattern())
                    .map(JsonDoc::from_text)
                    .collect()
            })
            .unwrap_or_default(),
        scaling_maximum_concurrency: m.scaling_config().and_then(|s| s.maximum_concurrency()),
        queues: m.queues().to_vec(),
        topics: m.topics().to_vec(),
        source_access_configurations: m
            .source_access_configurations()
            .iter()
            .map(|s| SourceAccessConfiguration {
                kind: s
                    .r#type()
                    .map(|t| t.as_str())
                    .unwrap_or_default()
                    .to_string(),
                uri: s.uri().unwrap_or_default().to_string(),
            })
            .collect(),
        last_processing_result: non_empty(m.last_processing_result()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_lambda::types::{
        DeadLetterConfig, DestinationConfig, EnvironmentResponse, EventSourcePosition, Filter,
        FilterCriteria, FunctionResponseType, LogFormat, LoggingConfig, OnFailure, Runtime,
        ScalingConfig, SourceAccessType, TracingConfigResponse, TracingMode, VpcConfigResponse,
    };

    #[test]
    fn function_config_drops_env_values_and_keeps_settings() {
        let c = FunctionConfiguration::builder()
            .function_name("orders")
            .function_arn("arn:aws:lambda:us-east-1:1:function:orders")
            .runtime(Runtime::Python312)
            .handler("app.handler")
            .timeout(30)
            .memory_size(256)
            .role("arn:aws:iam::1:role/r")
            .environment(
                EnvironmentResponse::builder()
                    .variables("DB_PASSWORD", "hunter2")
                    .variables("TABLE_NAME", "orders")
                    .build(),
            )
            .tracing_config(
                TracingConfigResponse::builder()
                    .mode(TracingMode::Active)
                    .build(),
            )
            .dead_letter_config(
                DeadLetterConfig::builder()
                    .target_arn("arn:aws:sqs:us-east-1:1:dlq")
                    .build(),
            )
            .vpc_config(
                VpcConfigResponse::builder()
                    .vpc_id("")
                    .set_subnet_ids(Some(vec![]))
                    .build(),
            )
            .logging_config(
                LoggingConfig::builder()
                    .log_format(LogFormat::Json)
                    .log_group("/custom/orders")
                    .build(),
            )
            .last_modified("2024-05-01T10:00:00.123+0000")
            .build();
        let f = function_from_config(&c);
        assert_eq!(
            f.environment_variable_names,
            vec!["DB_PASSWORD", "TABLE_NAME"]
        );
        assert_eq!(f.environment_secret_names, vec!["DB_PASSWORD"]);
        assert!(!serde_json::to_string(&f).unwrap().contains("hunter2"));
        assert_eq!(f.runtime.as_deref(), Some("python3.12"));
        assert_eq!((f.timeout_seconds, f.memory_mb), (30, 256));
        assert_eq!(f.tracing_mode.as_deref(), Some("Active"));
        assert_eq!(
            f.dead_letter_target_arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:1:dlq")
        );
        assert_eq!(f.vpc, None, "an empty VPC config is no VPC");
        assert_eq!(f.logging.log_format.as_deref(), Some("JSON"));
        assert_eq!(f.log_group_name(), "/custom/orders");
        assert_eq!(f.package_type, "Zip");
        assert_eq!(f.last_modified.as_deref(), Some("2024-05-01T10:00:00.123Z"));
    }

    #[test]
    fn defaults_when_the_config_is_sparse() {
        let f = function_from_config(&FunctionConfiguration::builder().build());
        assert_eq!((f.timeout_seconds, f.memory_mb), (3, 128));
        assert_eq!(f.runtime, None);
        assert!(f.environment_variable_names.is_empty());
    }

    #[test]
    fn mapping_config_keeps_every_setting() {
        let m = EventSourceMappingConfiguration::builder()
            .uuid("u-1")
            .function_arn("arn:aws:lambda:us-east-1:1:function:f:live")
            .event_source_arn("arn:aws:kinesis:us-east-1:1:stream/s")
            .state("Enabled")
            .batch_size(100)
            .starting_position(EventSourcePosition::TrimHorizon)
            .bisect_batch_on_function_error(true)
            .maximum_retry_attempts(3)
            .maximum_record_age_in_seconds(3600)
            .destination_config(
                DestinationConfig::builder()
                    .on_failure(
                        OnFailure::builder()
                            .destination("arn:aws:sqs:us-east-1:1:failed")
                            .build(),
                    )
                    .build(),
            )
            .function_response_types(FunctionResponseType::ReportBatchItemFailures)
            .filter_criteria(
                FilterCriteria::builder()
                    .filters(Filter::builder().pattern(r#"{"body":{"a":[1]}}"#).build())
                    .build(),
            )
            .scaling_config(ScalingConfig::builder().maximum_concurrency(5).build())
            .source_access_configurations(
                aws_sdk_lambda::types::SourceAccessConfiguration::builder()
                    .r#type(SourceAccessType::BasicAuth)
                    .uri("arn:aws:secretsmanager:us-east-1:1:secret:s")
                    .build(),
            )
            .last_processing_result("No records processed")
            .build();
        let e = mapping_from_config(&m, "us-east-1", "1");
        assert_eq!(e.arn, "arn:aws:lambda:us-east-1:1:event-source-mapping:u-1");
        assert_eq!(e.starting_position.as_deref(), Some("TRIM_HORIZON"));
        assert_eq!(e.bisect_batch_on_function_error, Some(true));
        assert_eq!(
            e.destination_on_failure_arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:1:failed")
        );
        assert_eq!(e.function_response_types, vec!["ReportBatchItemFailures"]);
        assert_eq!(e.filter_patterns[0].value()["body"]["a"][0], 1);
        assert_eq!(e.scaling_maximum_concurrency, Some(5));
        assert_eq!(e.source_access_configurations[0].kind, "BASIC_AUTH");
        assert_eq!(
            e.last_processing_result.as_deref(),
            Some("No records processed")
        );
    }

    #[test]
    fn async_config_qualifier_and_destinations() {
        let c = aws_sdk_lambda::types::FunctionEventInvokeConfig::builder()
            .function_arn("arn:aws:lambda:us-east-1:1:function:f:$LATEST")
            .maximum_retry_attempts(0)
            .maximum_event_age_in_seconds(600)
            .destination_config(
                DestinationConfig::builder()
                    .on_failure(
                        OnFailure::builder()
                            .destination("arn:aws:sqs:us-east-1:1:failed")
                            .build(),
                    )
                    .build(),
            )
            .build();
        let a = async_config_from(&c);
        assert_eq!(a.qualifier, "$LATEST");
        assert_eq!(a.maximum_retry_attempts, Some(0));
        assert_eq!(a.maximum_event_age_seconds, Some(600));
        assert_eq!(
            a.on_failure_arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:1:failed")
        );
        assert_eq!(a.on_success_arn, None);
        let live = aws_sdk_lambda::types::FunctionEventInvokeConfig::builder()
            .function_arn("arn:aws:lambda:us-east-1:1:function:f:live")
            .build();
        assert_eq!(async_config_from(&live).qualifier, "live");
    }

    #[test]
    fn qualifiers_and_times() {
        assert_eq!(
            qualifier_of("arn:aws:lambda:us-east-1:1:function:f:live"),
            Some("live")
        );
        assert_eq!(qualifier_of("arn:aws:lambda:us-east-1:1:function:f"), None);
        assert_eq!(
            rfc3339("2026-11-29T20:23:57.978012000Z"),
            "2026-11-29T20:23:57.978Z"
        );
        assert_eq!(rfc3339("yesterday"), "yesterday");
    }
}
