//! Parquet export (`--format parquet -o DIR` on `scan`, `lint` and `query`): one file per
//! table, so large estates can be queried by Athena, Trino, Spark or DataFusion Ballista.

use super::{Catalog, SqlError};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::error::DataFusionError;
use std::path::{Path, PathBuf};

/// Writes `batches` (all of `schema`) to `path` as one Parquet file, atomically: a failed
/// write leaves no file behind. Returns the rows written.
pub fn write_parquet(
    path: &Path,
    schema: SchemaRef,
    batches: &[RecordBatch],
) -> Result<usize, String> {
    let fail = |e: String| format!("cannot write {}: {e}", path.display());
    let mut writer = parquet::arrow::ArrowWriter::try_new(Vec::new(), schema, None)
        .map_err(|e| fail(e.to_string()))?;
    let mut rows = 0;
    for b in batches {
        writer.write(b).map_err(|e| fail(e.to_string()))?;
        rows += b.num_rows();
    }
    let bytes = writer.into_inner().map_err(|e| fail(e.to_string()))?;
    crate::util::write_atomically(path, |w| w.write_all(&bytes))
        .map_err(|e| fail(e.to_string()))?;
    Ok(rows)
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The table.
    pub table: String,
    /// The file.
    pub path: PathBuf,
    /// Rows in it.
    pub rows: usize,
}

/// Prepares `dir` for export: creates it, or refuses a path that is a file.
fn prepare(dir: &Path) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "{} is a file: --format parquet writes one file per table into a folder",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// Writes `tables` of `catalog` (every table when empty) to `DIR/<table>.parquet`.
pub async fn export_tables(
    catalog: &Catalog,
    tables: &[&str],
    dir: &Path,
) -> Result<Vec<Exported>, String> {
    prepare(dir)?;
    let names: Vec<String> = if tables.is_empty() {
        catalog.tables_rows().into_iter().map(|t| t.name).collect()
    } else {
        tables.iter().map(|t| t.to_string()).collect()
    };
    let mut out = Vec::new();
    for name in names {
        let df = catalog.ctx.table(name.as_str()).await.map_err(sql_error)?;
        let schema = df.schema().inner().clone();
        let batches = df.collect().await.map_err(sql_error)?;
        let path = dir.join(format!("{name}.parquet"));
        let rows = write_parquet(&path, schema, &batches)?;
        out.push(Exported {
            table: name,
            path,
            rows,
        });
    }
    Ok(out)
}

/// Runs `sql` and writes its rows to `DIR/<name>.parquet`.
pub async fn export_query(
    catalog: &Catalog,
    sql: &str,
    name: &str,
    dir: &Path,
) -> Result<Exported, String> {
    prepare(dir)?;
    let df = catalog.ctx.sql(sql).await.map_err(sql_error)?;
    let schema = df.schema().inner().clone();
    let batches = df.collect().await.map_err(sql_error)?;
    let path = dir.join(format!("{name}.parquet"));
    let rows = write_parquet(&path, schema, &batches)?;
    Ok(Exported {
        table: name.into(),
        path,
        rows,
    })
}

/// A DataFusion error as the one line users see (SQL errors keep their position).
fn sql_error(e: DataFusionError) -> String {
    SqlError::from(e).to_string()
}

/// One line per file: `wrote DIR/findings.parquet (259 rows)`.
pub fn summary(files: &[Exported]) -> String {
    files
        .iter()
        .map(|f| format!("wrote {} ({} rows)\n", f.path.display(), f.rows))
        .collect()
}
