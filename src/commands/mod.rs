//! One module per subcommand: load the source, run the pipeline, hand the result to
//! `report`, write it out.

pub mod assess;
pub mod code;
pub mod diff;
pub mod explain_access;
pub mod graph;
pub mod iam_policy;
pub mod output;
pub mod query;
pub mod record;
pub mod repl;
pub mod report;
pub mod scan;
pub mod telemetry_source;
pub mod triage;

/// A multi-threaded runtime for commands that run async work (DataFusion, the SDK).
pub(crate) fn runtime() -> crate::error::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::Error::Usage(format!("cannot start the async runtime: {e}")))
}
pub mod lint;
pub mod logs;
pub mod merge;
pub mod rules;
