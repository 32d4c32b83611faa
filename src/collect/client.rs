//! The client factory: one `SdkConfig` per target, with the AWS CLI's conventions
//! (`--profile`, `--region`, `AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`), adaptive
//! retries with jitter, bounded timeouts, and optionally a project-owned HTTP client
//! (replay, recording, fault injection).

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use std::time::Duration;

/// Attempts per call (first try plus retries) in adaptive retry mode.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;

/// What to connect to.
#[derive(Debug, Clone, Default)]
pub struct AwsTarget {
    /// Named profile (else the default chain).
    pub profile: Option<String>,
    /// Region (else the profile's or environment's).
    pub region: Option<String>,
    /// Endpoint override, for emulators (else `AWS_ENDPOINT_URL` if set).
    pub endpoint_url: Option<String>,
    /// Attempts per call; `None` for [`DEFAULT_MAX_ATTEMPTS`].
    pub max_attempts: Option<u32>,
    /// HTTP client replacing the default HTTPS client.
    pub http_client: Option<SharedHttpClient>,
    /// Time one attempt may take; `None` for [`DEFAULT_ATTEMPT_TIMEOUT`].
    pub attempt_timeout: Option<Duration>,
}

/// Time one attempt of a call may take before it is abandoned (and retried).
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// Builds the SDK configuration for a target.
pub async fn sdk_config(target: &AwsTarget) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(
            RetryConfig::adaptive()
                .with_max_attempts(target.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS))
                .with_initial_backoff(Duration::from_millis(200))
                .with_max_backoff(Duration::from_secs(10)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(
                    target.attempt_timeout.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT),
                )
                .operation_timeout(Duration::from_secs(120))
                .build(),
        );
    if let Some(p) = &target.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &target.region {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(e) = &target.endpoint_url {
        loader = loader.endpoint_url(e);
    }
    if let Some(c) = &target.http_client {
        loader = loader.http_client(c.clone());
    }
    loader.load().await
}

/// The same configuration for another region.
pub fn with_region(config: &SdkConfig, region: &str) -> SdkConfig {
    config
        .to_builder()
        .region(Region::new(region.to_string()))
        .build()
}
