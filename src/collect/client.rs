//! The client factory: one `SdkConfig` per (account, region) target, with the AWS CLI's
//! conventions (`--profile`, `--region`, `AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`).

use aws_config::{BehaviorVersion, Region, SdkConfig};

/// What to connect to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsTarget {
    /// Named profile (else the default chain).
    pub profile: Option<String>,
    /// Region (else the profile's or environment's).
    pub region: Option<String>,
    /// Endpoint override, for emulators (else `AWS_ENDPOINT_URL` if set).
    pub endpoint_url: Option<String>,
}

/// Builds the SDK configuration for a target.
pub async fn sdk_config(target: &AwsTarget) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(p) = &target.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &target.region {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(e) = &target.endpoint_url {
        loader = loader.endpoint_url(e);
    }
    loader.load().await
}
