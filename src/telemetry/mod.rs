//! Telemetry: CloudWatch Logs events turned into facts (Lambda invocations first).
//!
//! Owns: parsing Lambda's log formats ([`lambda_logs`]). Not for: fetching logs or SQL tables
//! (later parts of the telemetry work).

pub mod lambda_logs;
