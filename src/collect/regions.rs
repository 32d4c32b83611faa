//! The commercial AWS regions, used for `--regions all` when the Account API cannot list the
//! account's enabled regions (emulators, missing `account:ListRegions`).

/// Regions enabled by default in every account, plus opt-in regions (last).
pub const COMMERCIAL_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "sa-east-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-south-1",
    // Opt-in regions: scanned only when the Account API says they are enabled.
    "af-south-1",
    "ap-east-1",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
];

/// Regions enabled by default (not opt-in).
pub fn default_enabled() -> &'static [&'static str] {
    &COMMERCIAL_REGIONS[..17]
}
