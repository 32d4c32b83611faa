//! Query results (Arrow record batches) as a table, JSON or CSV.

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::json::{WriterBuilder, writer::JsonArray};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

/// Result formats of `watershed query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RowsFormat {
    /// A text table.
    Table,
    /// A JSON array of objects (nulls included).
    Json,
    /// CSV with a header row; nested values as text.
    Csv,
    /// Parquet files in the `-o` folder: the result as `result.parquet` (or
    /// `<saved name>.parquet`); without SQL, every table.
    Parquet,
}

/// Every cell of the batches as display text (nulls empty), row by row.
fn cells(batches: &[RecordBatch]) -> Result<Vec<Vec<String>>, ArrowError> {
    let options = FormatOptions::default().with_null("");
    let mut rows = Vec::new();
    for batch in batches {
        let formatters = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<Result<Vec<_>, _>>()?;
        for row in 0..batch.num_rows() {
            rows.push(
                formatters
                    .iter()
                    .map(|f| f.value(row).to_string())
                    .collect(),
            );
        }
    }
    Ok(rows)
}

fn header(schema: &SchemaRef) -> Vec<String> {
    schema.fields().iter().map(|f| f.name().clone()).collect()
}

/// Renders query results in `format`. `schema` names the columns when there are no rows.
pub fn render(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    format: RowsFormat,
) -> Result<String, ArrowError> {
    match format {
        RowsFormat::Table => {
            let mut table = comfy_table::Table::new();
            table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(header(schema));
            let rows = cells(batches)?;
            let count = rows.len();
            for r in rows {
                table.add_row(r);
            }
            Ok(format!(
                "{table}\n{count} row{}\n",
                if count == 1 { "" } else { "s" }
            ))
        }
        RowsFormat::Json => {
            let mut buf = Vec::new();
            let mut writer = WriterBuilder::new()
                .with_explicit_nulls(true)
                .build::<_, JsonArray>(&mut buf);
            for b in batches {
                writer.write(b)?;
            }
            writer.finish()?;
            drop(writer);
            let mut text =
                String::from_utf8(buf).map_err(|e| ArrowError::JsonError(e.to_string()))?;
            if text.is_empty() {
                text.push_str("[]");
            }
            text.push('\n');
            Ok(text)
        }
        RowsFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let to_err = |e: csv::Error| ArrowError::CsvError(e.to_string());
            w.write_record(header(schema)).map_err(to_err)?;
            for r in cells(batches)? {
                w.write_record(r).map_err(to_err)?;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| ArrowError::CsvError(e.to_string()))?;
            String::from_utf8(bytes).map_err(|e| ArrowError::CsvError(e.to_string()))
        }
        RowsFormat::Parquet => Err(ArrowError::InvalidArgumentError(
            "parquet is written to a folder (watershed query --format parquet -o DIR), not shown"
                .into(),
        )),
    }
}

/// Number of rows in `batches`.
pub fn row_count(batches: &[RecordBatch]) -> usize {
    batches.iter().map(|b| b.num_rows()).sum()
}
