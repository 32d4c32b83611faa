//! watershed reads AWS accounts as event flows.
//!
//! The pipeline runs one way: `collect` (or a snapshot file) fills the [`model::Inventory`];
//! `graph` derives the flow topology and failure paths (with `asl` for Step Functions
//! definitions); `report` renders them; `cli` parses and `commands` wires each subcommand.
//! See the README's architecture section for the full picture.

pub mod asl;
pub mod cli;
pub mod code;
pub mod collect;
pub mod commands;
pub mod compare;
pub mod demo;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod graph;
pub mod iam;
pub mod lint;
pub mod model;
pub mod report;
pub mod source;
pub mod sql;
pub mod telemetry;
pub mod util;
