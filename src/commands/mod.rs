//! One module per subcommand: load the source, run the pipeline, hand the result to
//! `report`, write it out.

pub mod graph;
pub mod iam_policy;
pub mod output;
pub mod scan;
