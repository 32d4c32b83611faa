//! The inventory model: our own serde structs for every resource watershed collects.
//!
//! Owns: resource types per service, the [`Inventory`] that holds them, the [`Arn`] parser
//! and the snapshot file format ([`snapshot`]). Not for: talking to AWS (see `collect`) or
//! deriving relationships (see `graph`).
//!
//! Conventions:
//! - every resource carries its `arn` and `tags`; account and region come from the ARN unless
//!   the ARN lacks them (S3 buckets, API Gateway), in which case the struct has explicit fields;
//! - JSON documents (policies, event patterns, filter policies) are [`JsonDoc`]s: parsed
//!   values that serialize as JSON text, the way the AWS APIs return them;
//! - secrets never enter the model: environment variables, stage variables and passwords are
//!   kept by name only.

pub mod apigateway;
pub mod appflow;
pub mod arn;
pub mod cognito;
pub mod eventbridge;
pub mod glue;
pub mod iam;
pub mod inventory;
pub mod json_doc;
pub mod kinesis;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod mq;
pub mod s3;
pub mod sfn;
pub mod snapshot;
pub mod sns;
pub mod sqs;

pub use arn::Arn;
pub use inventory::{Inventory, ListVisitor, Resource, ResourceRef};
pub use json_doc::JsonDoc;
pub use snapshot::{
    CoverageCell, CoverageStatus, MergeConflict, ScanMeta, Snapshot, SnapshotError,
};

/// Resource tags, sorted by key.
pub type Tags = std::collections::BTreeMap<String, String>;
