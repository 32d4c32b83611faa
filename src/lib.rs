//! watershed reads AWS accounts as event flows.
//!
//! The pipeline runs one way: `collect` (or a snapshot file) fills the [`model::Inventory`];
//! `graph` derives the flow topology and failure paths; `report` renders them. See the
//! README's architecture section for the full picture.

pub mod demo;
pub mod model;
pub mod util;
