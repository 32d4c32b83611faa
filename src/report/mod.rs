//! Outputs: turning graphs, failure paths, findings and query results into the
//! formats users read.
//!
//! Owns: formatting only. Not for: deriving anything (see `graph`) or writing files
//! (the CLI writes what these functions return, atomically).

pub mod access;
pub mod diff;
pub mod findings;
pub mod graph;
pub mod page;
pub mod rows;
