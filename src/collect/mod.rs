//! Collecting live inventory through the official AWS SDK.
//!
//! Owns: building SDK clients for a target (profile, region, endpoint override) and, per
//! service, the collectors that fill the inventory. Not for: analysis; rules never call AWS.

pub mod client;
pub mod ctx;
pub mod error;
pub mod guard;
pub mod redact;
pub mod regions;
pub mod sqs;
pub mod stats;
