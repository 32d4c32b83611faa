//! SQL over a snapshot: every inventory type and derived fact as an Arrow table in one
//! DataFusion session ([`Catalog`]), plus helper functions.
//!
//! Owns: turning rows into Arrow ([`arrow_rows`]), the derived tables ([`derived`],
//! [`policies`]), helper UDFs ([`udf`]) and running a query ([`run_query`]). Not for:
//! rules (see `lint`) or printing results (see `report::table_output`).

pub mod arrow_rows;
pub mod derived;
pub mod export;
pub mod iam;
pub mod policies;
pub mod runtimes;
pub mod saved;
pub mod session;
pub mod udf;

pub use session::{Catalog, TableInfo};

use datafusion::arrow::record_batch::RecordBatch;
use datafusion::error::DataFusionError;

/// Why SQL could not be planned or run, or a table not built.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    /// A table could not be converted to Arrow.
    #[error("cannot build table `{table}`: {message}")]
    Table {
        /// The table.
        table: String,
        /// What went wrong.
        message: String,
    },
    /// DataFusion rejected or failed the query.
    #[error("{}", one_line(.0))]
    DataFusion(#[from] DataFusionError),
}

/// DataFusion errors can span lines (context, backtraces); users get one.
fn one_line(e: &DataFusionError) -> String {
    e.to_string()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Plans and runs `sql` on `catalog`, returning the result batches.
pub async fn run_query(catalog: &Catalog, sql: &str) -> Result<Vec<RecordBatch>, SqlError> {
    let df = catalog.ctx.sql(sql).await?;
    Ok(df.collect().await?)
}
