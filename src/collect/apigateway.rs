//! API Gateway collector, REST (v1) and HTTP/WebSocket (v2) APIs in one cell.
//!
//! REST: `GetRestApis` (paginated), then per API `GetResources?embed=methods` (paginated: the
//! methods and their integrations come back with the resources, so there is no per-method
//! call; `GetIntegration` is asked only for a method the embed returned without one),
//! `GetStages`, `GetAuthorizers` and `GetRequestValidators` (position loops).
//! v2: `GetApis`, then per API `GetRoutes`, `GetIntegrations`, `GetStages` and
//! `GetAuthorizers` (all `NextToken` loops). Coverage names the v2 operations
//! `apigatewayv2:*`, since both APIs have a `GetStages` and a `GetAuthorizers`.
//!
//! Stage variable values are never stored (names only, secret-looking ones flagged), and a
//! literal integration request parameter that looks like a credential (a static
//! `Authorization` header, an API key) is replaced by the redaction marker.

use super::ctx::{map_concurrent, next_token_pages};
use super::redact::{REDACTED, looks_secret, names_and_secrets};
use super::{CollectCtx, CollectError};
use crate::model::apigateway::{
    ApiAuthorizer, HttpApi, HttpIntegration, HttpRoute, HttpStage, MethodSetting, RequestValidator,
    RestApi, RestIntegration, RestMethod, RestResource, RestStage,
};
use crate::model::{Inventory, JsonDoc};
use crate::sdk_client;
use std::collections::{BTreeMap, HashMap};

/// Collects the REST and HTTP/WebSocket APIs of the cell's region.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let (rest, http) = tokio::join!(collect_rest(ctx), collect_http(ctx));
    Ok(Inventory {
        rest_apis: rest?,
        http_apis: http?,
        ..Default::default()
    })
}

/// What a per-API detail call gave: the items, or the API is gone, or a recorded gap.
enum Detail<T> {
    Ok(T),
    Gone,
    Gap,
}

fn detail<T>(ctx: &CollectCtx, r: Result<T, CollectError>) -> Detail<T> {
    match r {
        Err(e) if e.is_not_found() => Detail::Gone,
        other => match ctx.soft(other) {
            Some(v) => Detail::Ok(v),
            None => Detail::Gap,
        },
    }
}

// ---------------------------------------------------------------------------------------
// REST APIs
// ---------------------------------------------------------------------------------------

async fn collect_rest(ctx: &CollectCtx) -> Result<Vec<RestApi>, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_apigateway);
    let mut apis = Vec::new();
    let mut pages = client.get_rest_apis().limit(500).into_paginator().send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("apigateway:GetRestApis", e))?;
        for a in page.items() {
            let api = rest_api_from(a, &ctx.region, &ctx.account);
            if !api.id.is_empty() && !apis.iter().any(|x: &RestApi| x.id == api.id) {
                apis.push(api);
            }
        }
    }
    let apis = map_concurrent(apis, 4, |api| {
        let client = client.clone();
        async move { rest_details(ctx, &client, api).await }
    })
    .await;
    Ok(apis.into_iter().flatten().collect())
}

/// The API's own settings from a `GetRestApis` item.
pub fn rest_api_from(
    a: &aws_sdk_apigateway::types::RestApi,
    region: &str,
    account: &str,
) -> RestApi {
    let id = a.id().unwrap_or_default().to_string();
    RestApi {
        arn: format!("arn:aws:apigateway:{region}::/restapis/{id}"),
        name: a.name().unwrap_or_default().to_string(),
        account_id: account.to_string(),
        region: region.to_string(),
        endpoint_types: a
            .endpoint_configuration()
            .map(|c| c.types().iter().map(|t| t.as_str().to_string()).collect())
            .unwrap_or_default(),
        policy: a.policy().filter(|p| !p.is_empty()).map(policy_doc),
        disable_execute_api_endpoint: a.disable_execute_api_endpoint(),
        tags: a
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        id,
        ..Default::default()
    }
}

/// A REST API resource policy: API Gateway returns it as JSON text with escaped quotes
/// (`{\"Version\":...}`); both that and plain JSON are accepted.
pub fn policy_doc(raw: &str) -> JsonDoc {
    let doc = JsonDoc::from_text(raw);
    if !matches!(doc.0, serde_json::Value::String(_)) {
        return doc;
    }
    let unescaped = raw
        .replace("\\\"", "\"")
        .replace("\\/", "/")
        .replace("\\\\", "\\");
    match serde_json::from_str(&unescaped) {
        Ok(v) => JsonDoc(v),
        Err(_) => doc,
    }
}

async fn rest_details(
    ctx: &CollectCtx,
    client: &aws_sdk_apigateway::Client,
    mut api: RestApi,
) -> Option<RestApi> {
    let id = api.id.clone();
    let resources = async {
        let mut out = Vec::new();
        let mut pages = client
            .get_resources()
            .rest_api_id(&id)
            .embed("methods")
            .limit(500)
            .into_paginator()
            .send();
        while let Some(page) = ctx.call(pages.next()).await {
            let page = page.map_err(|e| CollectError::from_sdk("apigateway:GetResources", e))?;
            out.extend(page.items().iter().cloned());
        }
        Ok::<_, CollectError>(out)
    };
    let stages = async {
        ctx.call(client.get_stages().rest_api_id(&id).send())
            .await
            .map(|o| o.item().to_vec())
            .map_err(|e| CollectError::from_sdk("apigateway:GetStages", e))
    };
    let authorizers = next_token_pages(|position| {
        let client = client.clone();
        let id = id.clone();
        async move {
            let o = ctx
                .call(
                    client
                        .get_authorizers()
                        .rest_api_id(id)
                        .limit(500)
                        .set_position(position)
                        .send(),
                )
                .await
                .map_err(|e| CollectError::from_sdk("apigateway:GetAuthorizers", e))?;
            Ok((o.items().to_vec(), o.position().map(str::to_string)))
        }
    });
    let validators = next_token_pages(|position| {
        let client = client.clone();
        let id = id.clone();
        async move {
            let o = ctx
                .call(
                    client
                        .get_request_validators()
                        .rest_api_id(id)
                        .limit(500)
                        .set_position(position)
                        .send(),
                )
                .await
                .map_err(|e| CollectError::from_sdk("apigateway:GetRequestValidators", e))?;
            Ok((o.items().to_vec(), o.position().map(str::to_string)))
        }
    });
    let (resources, stages, authorizers, validators) =
        tokio::join!(resources, stages, authorizers, validators);

    match detail(ctx, resources) {
        Detail::Gone => return None,
        Detail::Gap => {}
        Detail::Ok(items) => {
            let mut resources = Vec::new();
            for r in &items {
                resources.push(rest_resource(ctx, client, &id, r).await);
            }
            resources.sort_by(|a, b| a.path.cmp(&b.path));
            api.resources = resources;
        }
    }
    match detail(ctx, stages) {
        Detail::Gone => return None,
        Detail::Gap => {}
        Detail::Ok(items) => {
            api.stages = items.iter().map(rest_stage).collect();
            api.stages.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
    match detail(ctx, authorizers) {
        Detail::Gone => return None,
        Detail::Gap => {}
        Detail::Ok(items) => api.authorizers = items.iter().map(rest_authorizer).collect(),
    }
    match detail(ctx, validators) {
        Detail::Gone => return None,
        Detail::Gap => {}
        Detail::Ok(items) => {
            api.request_validators = items
                .iter()
                .map(|v| RequestValidator {
                    id: v.id().unwrap_or_default().to_string(),
                    name: v.name().unwrap_or_default().to_string(),
                    validate_request_body: v.validate_request_body(),
                    validate_request_parameters: v.validate_request_parameters(),
                })
                .collect()
        }
    }
    Some(api)
}

/// Builds a [`RestIntegration`] from an `Integration` or a `GetIntegration` output (the
/// two share their accessors).
macro_rules! rest_integration {
    ($i:expr) => {{
        let i = $i;
        RestIntegration {
            integration_type: i
                .r#type()
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
            uri: i.uri().filter(|u| !u.is_empty()).map(str::to_string),
            http_method: i.http_method().map(str::to_string),
            connection_type: i.connection_type().map(|c| c.as_str().to_string()),
            timeout_ms: Some(i.timeout_in_millis()).filter(|t| *t > 0),
            credentials_arn: i.credentials().map(str::to_string),
            request_parameters: redact_parameters(i.request_parameters()),
            request_templates: i
                .request_templates()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
        }
    }};
}

async fn rest_resource(
    ctx: &CollectCtx,
    client: &aws_sdk_apigateway::Client,
    api_id: &str,
    r: &aws_sdk_apigateway::types::Resource,
) -> RestResource {
    let resource_id = r.id().unwrap_or_default().to_string();
    let mut methods = Vec::new();
    let mut embedded: Vec<_> = r
        .resource_methods()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    embedded.sort_by(|a, b| a.0.cmp(b.0));
    for (verb, m) in embedded {
        let http_method = m.http_method().unwrap_or(verb).to_string();
        let integration = match m.method_integration() {
            Some(i) => Some(rest_integration!(i)),
            // The embed normally carries the integration; ask only when it did not.
            None => {
                let got = ctx
                    .call(
                        client
                            .get_integration()
                            .rest_api_id(api_id)
                            .resource_id(&resource_id)
                            .http_method(&http_method)
                            .send(),
                    )
                    .await
                    .map_err(|e| CollectError::from_sdk("apigateway:GetIntegration", e));
                match got {
                    // A method without an integration (or deleted since): nothing to add.
                    Err(e) if e.is_not_found() => None,
                    other => ctx.soft(other).map(|o| rest_integration!(&o)),
                }
            }
        };
        methods.push(RestMethod {
            http_method,
            authorization_type: m.authorization_type().unwrap_or("NONE").to_string(),
            authorizer_id: m
                .authorizer_id()
                .filter(|a| !a.is_empty())
                .map(str::to_string),
            api_key_required: m.api_key_required().unwrap_or(false),
            request_validator_id: m
                .request_validator_id()
                .filter(|v| !v.is_empty())
                .map(str::to_string),
            integration,
        });
    }
    RestResource {
        id: resource_id,
        path: r.path().unwrap_or_default().to_string(),
        methods,
    }
}

/// Request parameter mappings with secret-looking literal values redacted. Sources
/// (`method.request.header.X`, `$request.body.x`, `$context.x`) are kept; a static value
/// (`'Bearer abc'` in REST, a bare value in HTTP APIs) is dropped when its name or value
/// looks like a credential.
pub fn redact_parameters(p: Option<&HashMap<String, String>>) -> BTreeMap<String, String> {
    let Some(p) = p else {
        return BTreeMap::new();
    };
    p.iter()
        .map(|(k, v)| {
            let literal = v.trim().trim_matches('\'');
            let is_source = !v.trim().starts_with('\'')
                && (v.starts_with("method.")
                    || v.starts_with("context.")
                    || v.starts_with("stageVariables.")
                    || v.starts_with('$'));
            let name = k.rsplit(['.', ':']).next().unwrap_or(k);
            let value = if !is_source && looks_secret(name, literal) {
                REDACTED.to_string()
            } else {
                v.clone()
            };
            (k.clone(), value)
        })
        .collect()
}

/// A REST stage: variable values dropped, method settings keyed by path (`*/*` first).
pub fn rest_stage(s: &aws_sdk_apigateway::types::Stage) -> RestStage {
    let (variable_names, secret_variable_names) = s
        .variables()
        .map(|v| names_and_secrets(v.iter()))
        .unwrap_or_default();
    let mut method_settings: Vec<MethodSetting> = s
        .method_settings()
        .map(|m| {
            m.iter()
                .map(|(path, ms)| MethodSetting {
                    path: path.clone(),
                    logging_level: ms.logging_level().map(str::to_string),
                    data_trace_enabled: ms.data_trace_enabled(),
                    metrics_enabled: ms.metrics_enabled(),
                    throttling_burst_limit: Some(ms.throttling_burst_limit()),
                    throttling_rate_limit: Some(ms.throttling_rate_limit()),
                    caching_enabled: ms.caching_enabled(),
                    cache_data_encrypted: ms.cache_data_encrypted(),
                })
                .collect()
        })
        .unwrap_or_default();
    method_settings.sort_by(|a, b| a.path.cmp(&b.path));
    RestStage {
        name: s.stage_name().unwrap_or_default().to_string(),
        deployment_id: s.deployment_id().map(str::to_string),
        tracing_enabled: s.tracing_enabled(),
        cache_cluster_enabled: s.cache_cluster_enabled(),
        method_settings,
        access_log_destination_arn: s
            .access_log_settings()
            .and_then(|a| a.destination_arn())
            .map(str::to_string),
        access_log_format: s
            .access_log_settings()
            .and_then(|a| a.format())
            .map(str::to_string),
        web_acl_arn: s.web_acl_arn().map(str::to_string),
        client_certificate_id: s.client_certificate_id().map(str::to_string),
        variable_names,
        secret_variable_names,
    }
}

fn rest_authorizer(a: &aws_sdk_apigateway::types::Authorizer) -> ApiAuthorizer {
    ApiAuthorizer {
        id: a.id().unwrap_or_default().to_string(),
        name: a.name().unwrap_or_default().to_string(),
        authorizer_type: a
            .r#type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        authorizer_uri: a.authorizer_uri().map(str::to_string),
        provider_arns: a.provider_arns().to_vec(),
        jwt_issuer: None,
        jwt_audience: Vec::new(),
        identity_source: a
            .identity_source()
            .map(|s| {
                s.split(',')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        result_ttl_seconds: a.authorizer_result_ttl_in_seconds(),
    }
}

// ---------------------------------------------------------------------------------------
// HTTP and WebSocket APIs (v2)
// ---------------------------------------------------------------------------------------

async fn collect_http(ctx: &CollectCtx) -> Result<Vec<HttpApi>, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_apigatewayv2);
    let items = next_token_pages(|token| {
        let client = client.clone();
        async move {
            let o = ctx
                .call(client.get_apis().set_next_token(token).send())
                .await
                .map_err(|e| CollectError::from_sdk("apigatewayv2:GetApis", e))?;
            Ok((o.items().to_vec(), o.next_token().map(str::to_string)))
        }
    })
    .await?;
    let mut apis: Vec<HttpApi> = Vec::new();
    for a in &items {
        let api = http_api_from(a, &ctx.region, &ctx.account);
        if !api.id.is_empty() && !apis.iter().any(|x| x.id == api.id) {
            apis.push(api);
        }
    }
    let apis = map_concurrent(apis, 4, |api| {
        let client = client.clone();
        async move { http_details(ctx, &client, api).await }
    })
    .await;
    Ok(apis.into_iter().flatten().collect())
}

/// The API's own settings from a `GetApis` item.
pub fn http_api_from(a: &aws_sdk_apigatewayv2::types::Api, region: &str, account: &str) -> HttpApi {
    let id = a.api_id().unwrap_or_default().to_string();
    HttpApi {
        arn: format!("arn:aws:apigateway:{region}::/apis/{id}"),
        name: a.name().unwrap_or_default().to_string(),
        account_id: account.to_string(),
        region: region.to_string(),
        protocol_type: a
            .protocol_type()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        api_endpoint: a.api_endpoint().map(str::to_string),
        disable_execute_api_endpoint: a.disable_execute_api_endpoint().unwrap_or(false),
        cors_allow_origins: a
            .cors_configuration()
            .map(|c| c.allow_origins().to_vec())
            .unwrap_or_default(),
        tags: a
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        id,
        ..Default::default()
    }
}

/// One `NextToken` loop of a v2 per-API list call.
macro_rules! v2_pages {
    ($ctx:expr, $client:expr, $id:expr, $op:ident, $name:literal) => {
        next_token_pages(|token| {
            let client = $client.clone();
            let id = $id.clone();
            async move {
                let o = $ctx
                    .call(client.$op().api_id(id).set_next_token(token).send())
                    .await
                    .map_err(|e| CollectError::from_sdk($name, e))?;
                Ok((o.items().to_vec(), o.next_token().map(str::to_string)))
            }
        })
    };
}

async fn http_details(
    ctx: &CollectCtx,
    client: &aws_sdk_apigatewayv2::Client,
    mut api: HttpApi,
) -> Option<HttpApi> {
    let id = api.id.clone();
    let (routes, integrations, stages, authorizers) = tokio::join!(
        v2_pages!(ctx, client, id, get_routes, "apigatewayv2:GetRoutes"),
        v2_pages!(
            ctx,
            client,
            id,
            get_integrations,
            "apigatewayv2:GetIntegrations"
        ),
        v2_pages!(ctx, client, id, get_stages, "apigatewayv2:GetStages"),
        v2_pages!(
            ctx,
            client,
            id,
            get_authorizers,
            "apigatewayv2:GetAuthorizers"
        ),
    );
    match detail(ctx, routes) {
        Detail::Gone => return None,
        Detail::Gap => {}
        Detail::Ok(items) => {
            api.routes = items
                .iter()
                .map(|r| HttpRoute {
                    id: r.route_id().unwrap_or_default().to_string(),
                    route_key: r.route_key().unwrap_or_default().to_string(),
                    authorization_type: r
                        .authorization_type()
                        .map(|t| t.as_str().to_string())
                        .unwrap_or_else(|| "NONE".into()),
                    authorizer_id: r
                        .authorizer_id()
                        .filter(|a| !a.is_empty())
                        .map(str::to_string),
                    api_key_required: r.api_key_required().unwrap_or(false),
                    target: r.target().filter(|t| !t.is_empty()).map(str::to_string),
                })
                .collect();
            api.routes.sort_by(|a, b| a.route_key.cmp(&b.route_key));
        }
    }
    match detail(ctx, integrations) {
        Detail::Gone => return None,
        Detail::Gap => {}
        Detail::Ok(items) => {
            api.integrations = items
                .iter()
                .map(|i| HttpIntegration {
                    id: i.integration_id().unwrap_or_default().to_string(),
                    integration_type: i
                        .integration_type()
                        .map(|t| t.as_str().to_string())
                        .unwrap_or_default(),
                    integration_uri: i
                        .integration_uri()
                        .filter(|u| !u.is_empty())
                        .map(str::to_string),
                    integration_subtype: i
                        .integration_subtype()
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                    payload_format_version: i.payload_format_version().map(str::to_string),
                    timeout_ms: i.timeout_in_millis(),
                    credentials_arn: i.credentials_arn().map(str::to_string),
                    request_parameters: redact_parameters(i.request_parameters()),
                })
                .collect()
        }
    }
    match detail(ctx, stages) {
        Detail::Gone => return None,
        Detail::Gap => {}
        Detail::Ok(items) => {
            api.stages = items.iter().map(http_stage).collect();
            api.stages.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
    match detail(ctx, authorizers) {
        Detail::Gone => return None,
        Detail::Gap => {}
        Detail::Ok(items) => {
            api.authorizers = items
                .iter()
                .map(|a| ApiAuthorizer {
                    id: a.authorizer_id().unwrap_or_default().to_string(),
                    name: a.name().unwrap_or_default().to_string(),
                    authorizer_type: a
                        .authorizer_type()
                        .map(|t| t.as_str().to_string())
                        .unwrap_or_default(),
                    authorizer_uri: a
                        .authorizer_uri()
                        .filter(|u| !u.is_empty())
                        .map(str::to_string),
                    provider_arns: Vec::new(),
                    jwt_issuer: a
                        .jwt_configuration()
                        .and_then(|j| j.issuer())
                        .map(str::to_string),
                    jwt_audience: a
                        .jwt_configuration()
                        .map(|j| j.audience().to_vec())
                        .unwrap_or_default(),
                    identity_source: a.identity_source().to_vec(),
                    result_ttl_seconds: a.authorizer_result_ttl_in_seconds(),
                })
                .collect()
        }
    }
    Some(api)
}

/// An HTTP/WebSocket stage: default route settings, access logs, variable names only.
pub fn http_stage(s: &aws_sdk_apigatewayv2::types::Stage) -> HttpStage {
    let (variable_names, secret_variable_names) = s
        .stage_variables()
        .map(|v| names_and_secrets(v.iter()))
        .unwrap_or_default();
    let d = s.default_route_settings();
    HttpStage {
        name: s.stage_name().unwrap_or_default().to_string(),
        auto_deploy: s.auto_deploy().unwrap_or(false),
        throttling_burst_limit: d.and_then(|d| d.throttling_burst_limit()),
        throttling_rate_limit: d.and_then(|d| d.throttling_rate_limit()),
        detailed_metrics_enabled: d
            .and_then(|d| d.detailed_metrics_enabled())
            .unwrap_or(false),
        logging_level: d
            .and_then(|d| d.logging_level())
            .map(|l| l.as_str().to_string()),
        access_log_destination_arn: s
            .access_log_settings()
            .and_then(|a| a.destination_arn())
            .map(str::to_string),
        access_log_format: s
            .access_log_settings()
            .and_then(|a| a.format())
            .map(str::to_string),
        variable_names,
        secret_variable_names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_with_escaped_quotes_parses() {
        let raw = r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:1:abc\/*\"}]}"#;
        let d = policy_doc(raw);
        assert_eq!(d.value()["Version"], "2012-10-17");
        assert_eq!(
            d.value()["Statement"][0]["Resource"],
            "arn:aws:execute-api:us-east-1:1:abc/*"
        );
        let plain = policy_doc(r#"{"Version":"2012-10-17"}"#);
        assert_eq!(plain.value()["Version"], "2012-10-17");
    }

    #[test]
    fn parameters_keep_sources_and_drop_static_credentials() {
        let p: HashMap<String, String> = [
            (
                "integration.request.header.Authorization",
                "'Bearer abc123'",
            ),
            (
                "integration.request.header.X-User",
                "method.request.header.X-User",
            ),
            ("integration.request.header.X-Api-Key", "'k-123'"),
            ("integration.request.header.Accept", "'application/json'"),
            (
                "append:header.Authorization",
                "$request.header.Authorization",
            ),
            ("QueueUrl", "https://sqs.us-east-1.amazonaws.com/1/q"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let r = redact_parameters(Some(&p));
        assert_eq!(r["integration.request.header.Authorization"], REDACTED);
        assert_eq!(r["integration.request.header.X-Api-Key"], REDACTED);
        assert_eq!(
            r["integration.request.header.X-User"],
            "method.request.header.X-User"
        );
        assert_eq!(r["integration.request.header.Accept"], "'application/json'");
        assert_eq!(
            r["append:header.Authorization"],
            "$request.header.Authorization"
        );
        assert_eq!(r["QueueUrl"], "https://sqs.us-east-1.amazonaws.com/1/q");
    }

    #[test]
    fn rest_stage_drops_variable_values() {
        let s = aws_sdk_apigateway::types::Stage::builder()
            .stage_name("prod")
            .variables("dbPassword", "hunter2")
            .variables("tableName", "orders")
            .method_settings(
                "*/*",
                aws_sdk_apigateway::types::MethodSetting::builder()
                    .metrics_enabled(true)
                    .logging_level("INFO")
                    .throttling_burst_limit(100)
                    .throttling_rate_limit(50.0)
                    .build(),
            )
            .tracing_enabled(true)
            .build();
        let st = rest_stage(&s);
        assert_eq!(st.variable_names, vec!["dbPassword", "tableName"]);
        assert_eq!(st.secret_variable_names, vec!["dbPassword"]);
        assert!(st.tracing_enabled);
        assert_eq!(st.method_settings[0].path, "*/*");
        assert_eq!(st.method_settings[0].throttling_burst_limit, Some(100));
        assert!(!format!("{st:?}").contains("hunter2"));
    }
}
