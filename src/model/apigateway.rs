//! Amazon API Gateway: REST APIs (v1) and HTTP/WebSocket APIs (v2).

use super::{JsonDoc, Tags};
use serde::{Deserialize, Serialize};

/// A REST API with its resources, methods, integrations, stages and authorizers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestApi {
    /// API ARN (`arn:aws:apigateway:region::/restapis/id`).
    pub arn: String,
    /// API id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Owning account (the ARN has none).
    pub account_id: String,
    /// Region.
    pub region: String,
    /// `REGIONAL`, `EDGE` or `PRIVATE`.
    pub endpoint_types: Vec<String>,
    /// Resource policy.
    pub policy: Option<JsonDoc>,
    /// Default execute-api endpoint disabled.
    pub disable_execute_api_endpoint: bool,
    /// Resources (paths) with their methods.
    pub resources: Vec<RestResource>,
    /// Deployed stages.
    pub stages: Vec<RestStage>,
    /// Authorizers.
    pub authorizers: Vec<ApiAuthorizer>,
    /// Request validators.
    pub request_validators: Vec<RequestValidator>,
    /// Resource tags.
    pub tags: Tags,
}

/// A REST API resource (path).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestResource {
    /// Resource id.
    pub id: String,
    /// Full path (`/petcuddleotron`).
    pub path: String,
    /// Methods on the path.
    pub methods: Vec<RestMethod>,
}

/// A REST API method.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestMethod {
    /// `GET`, `POST`, `ANY`, ...
    pub http_method: String,
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
    pub authorization_type: String,
    /// Authorizer id when `CUSTOM` or `COGNITO_USER_POOLS`.
    pub authorizer_id: Option<String>,
    /// API key required.
    pub api_key_required: bool,
    /// Request validator id.
    pub request_validator_id: Option<String>,
    /// The integration.
    pub integration: Option<RestIntegration>,
}

/// A REST API integration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestIntegration {
    /// `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY` or `MOCK`.
    pub integration_type: String,
    /// Integration URI (`arn:aws:apigateway:region:lambda:path/2015-03-31/functions/<arn>/invocations`).
    pub uri: Option<String>,
    /// Method used to call the backend.
    pub http_method: Option<String>,
    /// `INTERNET` or `VPC_LINK`.
    pub connection_type: Option<String>,
    /// Timeout in milliseconds (default 29000).
    pub timeout_ms: Option<i32>,
    /// Role API Gateway assumes to call the backend.
    pub credentials_arn: Option<String>,
    /// Request parameter mappings (`integration.request.header.X` → source).
    pub request_parameters: std::collections::BTreeMap<String, String>,
    /// Request mapping templates by content type (for AWS service integrations they name
    /// the target, e.g. the state machine ARN of `StartExecution`).
    pub request_templates: std::collections::BTreeMap<String, String>,
}

/// A REST API stage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestStage {
    /// Stage name.
    pub name: String,
    /// Deployment id.
    pub deployment_id: Option<String>,
    /// X-Ray tracing enabled.
    pub tracing_enabled: bool,
    /// Cache cluster enabled.
    pub cache_cluster_enabled: bool,
    /// Method settings (`*/*` is the stage default).
    pub method_settings: Vec<MethodSetting>,
    /// Access log destination ARN.
    pub access_log_destination_arn: Option<String>,
    /// Access log format.
    pub access_log_format: Option<String>,
    /// Associated WAF web ACL.
    pub web_acl_arn: Option<String>,
    /// Client certificate id.
    pub client_certificate_id: Option<String>,
    /// Stage variable names (values never stored).
    pub variable_names: Vec<String>,
    /// Stage variable names whose values looked like secrets when collected.
    pub secret_variable_names: Vec<String>,
}

/// Method settings of a stage for one method path.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MethodSetting {
    /// `*/*` or `resource/path/METHOD`.
    pub path: String,
    /// `OFF`, `ERROR` or `INFO`.
    pub logging_level: Option<String>,
    /// Full request/response logging.
    pub data_trace_enabled: bool,
    /// Detailed CloudWatch metrics.
    pub metrics_enabled: bool,
    /// Burst limit.
    pub throttling_burst_limit: Option<i32>,
    /// Rate limit (requests per second).
    pub throttling_rate_limit: Option<f64>,
    /// Caching enabled.
    pub caching_enabled: bool,
    /// Cache data encrypted.
    pub cache_data_encrypted: bool,
}

/// A REST API request validator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestValidator {
    /// Validator id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Validates the body.
    pub validate_request_body: bool,
    /// Validates parameters.
    pub validate_request_parameters: bool,
}

/// An authorizer (REST or HTTP/WebSocket).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiAuthorizer {
    /// Authorizer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `TOKEN`, `REQUEST`, `COGNITO_USER_POOLS` (REST); `REQUEST`, `JWT` (HTTP).
    pub authorizer_type: String,
    /// Lambda authorizer invocation URI.
    pub authorizer_uri: Option<String>,
    /// Cognito user pool ARNs.
    pub provider_arns: Vec<String>,
    /// JWT issuer (HTTP APIs).
    pub jwt_issuer: Option<String>,
    /// JWT audiences (HTTP APIs).
    pub jwt_audience: Vec<String>,
    /// Identity sources.
    pub identity_source: Vec<String>,
    /// Result cache TTL in seconds.
    pub result_ttl_seconds: Option<i32>,
}

/// An HTTP or WebSocket API (API Gateway v2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpApi {
    /// API ARN (`arn:aws:apigateway:region::/apis/id`).
    pub arn: String,
    /// API id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Owning account.
    pub account_id: String,
    /// Region.
    pub region: String,
    /// `HTTP` or `WEBSOCKET`.
    pub protocol_type: String,
    /// Endpoint URL.
    pub api_endpoint: Option<String>,
    /// Default endpoint disabled.
    pub disable_execute_api_endpoint: bool,
    /// CORS allowed origins.
    pub cors_allow_origins: Vec<String>,
    /// Routes.
    pub routes: Vec<HttpRoute>,
    /// Integrations.
    pub integrations: Vec<HttpIntegration>,
    /// Stages.
    pub stages: Vec<HttpStage>,
    /// Authorizers.
    pub authorizers: Vec<ApiAuthorizer>,
    /// Resource tags.
    pub tags: Tags,
}

/// An HTTP/WebSocket API route.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpRoute {
    /// Route id.
    pub id: String,
    /// `GET /items`, `$default`, `$connect`, ...
    pub route_key: String,
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `JWT`.
    pub authorization_type: String,
    /// Authorizer id.
    pub authorizer_id: Option<String>,
    /// API key required (WebSocket).
    pub api_key_required: bool,
    /// `integrations/<id>`.
    pub target: Option<String>,
}

/// An HTTP/WebSocket API integration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpIntegration {
    /// Integration id.
    pub id: String,
    /// `AWS_PROXY`, `HTTP_PROXY`, `AWS`, `HTTP`, `MOCK`.
    pub integration_type: String,
    /// Lambda ARN, URL or integration ARN.
    pub integration_uri: Option<String>,
    /// First-class integration (`SQS-SendMessage`, `StepFunctions-StartExecution`, ...).
    pub integration_subtype: Option<String>,
    /// Payload format (`1.0`, `2.0`).
    pub payload_format_version: Option<String>,
    /// Timeout in milliseconds.
    pub timeout_ms: Option<i32>,
    /// Role for AWS service integrations.
    pub credentials_arn: Option<String>,
    /// Request parameters (for subtypes: `QueueUrl`, `StateMachineArn`, ...).
    pub request_parameters: std::collections::BTreeMap<String, String>,
}

/// An HTTP/WebSocket API stage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpStage {
    /// Stage name (`$default` for the default stage).
    pub name: String,
    /// Auto-deploy.
    pub auto_deploy: bool,
    /// Default route burst limit.
    pub throttling_burst_limit: Option<i32>,
    /// Default route rate limit.
    pub throttling_rate_limit: Option<f64>,
    /// Detailed metrics.
    pub detailed_metrics_enabled: bool,
    /// Logging level (WebSocket).
    pub logging_level: Option<String>,
    /// Access log destination ARN.
    pub access_log_destination_arn: Option<String>,
    /// Access log format.
    pub access_log_format: Option<String>,
    /// Stage variable names (values never stored).
    pub variable_names: Vec<String>,
    /// Stage variable names whose values looked like secrets.
    pub secret_variable_names: Vec<String>,
}
