//! The `lambda_runtimes` table: Lambda runtime identifiers with their deprecation dates
//! (AWS "Lambda runtimes" page, runtime deprecation policy). Dated data: update it when AWS
//! announces new dates; `LMB001` reads it.

use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One runtime identifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuntimeRow {
    /// Identifier as in a function's configuration (`python3.9`).
    pub runtime: String,
    /// Language family (`python`, `nodejs`, `java`, `dotnet`, `ruby`, `provided`, `go`).
    pub family: String,
    /// Date AWS deprecates it (security patches stop), when announced.
    pub deprecation_date: Option<String>,
    /// Date creating functions with it is blocked, when announced.
    pub block_create_date: Option<String>,
    /// Date updating functions with it is blocked, when announced.
    pub block_update_date: Option<String>,
}

/// (runtime, family, deprecation, block create, block update), dates as `YYYY-MM-DD`.
const RUNTIMES: &[(&str, &str, &str, &str, &str)] = &[
    ("nodejs", "nodejs", "2016-10-31", "2016-10-31", "2016-10-31"),
    (
        "nodejs4.3",
        "nodejs",
        "2020-03-05",
        "2020-03-05",
        "2020-03-05",
    ),
    (
        "nodejs6.10",
        "nodejs",
        "2019-08-12",
        "2019-08-12",
        "2019-08-12",
    ),
    (
        "nodejs8.10",
        "nodejs",
        "2020-03-06",
        "2020-03-06",
        "2020-03-06",
    ),
    (
        "nodejs10.x",
        "nodejs",
        "2021-07-30",
        "2021-07-30",
        "2022-02-14",
    ),
    (
        "nodejs12.x",
        "nodejs",
        "2023-03-31",
        "2023-03-31",
        "2023-04-30",
    ),
    (
        "nodejs14.x",
        "nodejs",
        "2023-12-04",
        "2024-01-09",
        "2024-02-08",
    ),
    (
        "nodejs16.x",
        "nodejs",
        "2024-06-12",
        "2025-02-28",
        "2025-03-31",
    ),
    (
        "nodejs18.x",
        "nodejs",
        "2025-09-01",
        "2026-02-03",
        "2026-03-09",
    ),
    (
        "nodejs20.x",
        "nodejs",
        "2026-04-30",
        "2026-06-01",
        "2026-07-01",
    ),
    ("nodejs22.x", "nodejs", "2027-04-30", "", ""),
    ("nodejs24.x", "nodejs", "2028-04-30", "", ""),
    (
        "python2.7",
        "python",
        "2021-07-15",
        "2021-07-15",
        "2022-05-30",
    ),
    (
        "python3.6",
        "python",
        "2022-07-18",
        "2022-07-18",
        "2022-08-29",
    ),
    (
        "python3.7",
        "python",
        "2023-12-04",
        "2024-01-09",
        "2024-02-08",
    ),
    (
        "python3.8",
        "python",
        "2024-10-14",
        "2025-02-28",
        "2025-03-31",
    ),
    (
        "python3.9",
        "python",
        "2025-12-15",
        "2026-06-01",
        "2026-07-01",
    ),
    (
        "python3.10",
        "python",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
    ),
    (
        "python3.11",
        "python",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
    ),
    ("python3.12", "python", "2028-10-31", "", ""),
    ("python3.13", "python", "2029-06-30", "", ""),
    ("python3.14", "python", "2029-06-30", "", ""),
    ("java8", "java", "2024-01-08", "2024-02-08", "2024-03-12"),
    (
        "java8.al2",
        "java",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
    ),
    ("java11", "java", "2026-06-30", "2026-07-31", "2026-08-31"),
    ("java17", "java", "2026-06-30", "2026-07-31", "2026-08-31"),
    ("java21", "java", "2029-06-30", "", ""),
    ("java25", "java", "2029-06-30", "", ""),
    (
        "dotnetcore1.0",
        "dotnet",
        "2019-07-30",
        "2019-07-30",
        "2019-07-30",
    ),
    (
        "dotnetcore2.0",
        "dotnet",
        "2019-05-30",
        "2019-05-30",
        "2019-05-30",
    ),
    (
        "dotnetcore2.1",
        "dotnet",
        "2022-01-05",
        "2022-01-05",
        "2022-04-13",
    ),
    (
        "dotnetcore3.1",
        "dotnet",
        "2023-04-03",
        "2023-04-03",
        "2023-05-03",
    ),
    (
        "dotnet5.0",
        "dotnet",
        "2022-05-10",
        "2022-05-10",
        "2022-05-10",
    ),
    (
        "dotnet6",
        "dotnet",
        "2024-12-20",
        "2025-02-28",
        "2025-03-31",
    ),
    (
        "dotnet7",
        "dotnet",
        "2024-05-14",
        "2024-05-14",
        "2024-05-14",
    ),
    (
        "dotnet8",
        "dotnet",
        "2026-11-10",
        "2026-12-10",
        "2027-01-11",
    ),
    ("dotnet10", "dotnet", "2028-11-14", "", ""),
    ("ruby2.5", "ruby", "2021-07-30", "2021-07-30", "2022-03-31"),
    ("ruby2.7", "ruby", "2023-12-07", "2024-01-09", "2024-02-08"),
    ("ruby3.2", "ruby", "2026-03-31", "2026-04-30", "2026-05-31"),
    ("ruby3.3", "ruby", "2026-03-31", "2026-04-30", "2026-05-31"),
    ("ruby3.4", "ruby", "2028-03-31", "", ""),
    ("go1.x", "go", "2024-01-08", "2024-02-08", "2024-03-12"),
    (
        "provided",
        "provided",
        "2024-01-08",
        "2024-02-08",
        "2024-03-12",
    ),
    (
        "provided.al2",
        "provided",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
    ),
    ("provided.al2023", "provided", "2029-06-30", "", ""),
];

/// The rows, dates as text.
pub fn rows() -> Vec<RuntimeRow> {
    let date = |s: &str| (!s.is_empty()).then(|| s.to_string());
    RUNTIMES
        .iter()
        .map(|(runtime, family, dep, create, update)| RuntimeRow {
            runtime: runtime.to_string(),
            family: family.to_string(),
            deprecation_date: date(dep),
            block_create_date: date(create),
            block_update_date: date(update),
        })
        .collect()
}

/// The `lambda_runtimes` table, with the `*_date` columns as SQL dates.
pub fn batch() -> Result<RecordBatch, String> {
    let text = super::arrow_rows::to_batch(&rows())?;
    let schema = text.schema();
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    for (field, column) in schema.fields().iter().zip(text.columns()) {
        if field.name().ends_with("_date") {
            fields.push(Field::new(field.name(), DataType::Date32, true));
            columns.push(cast(column, &DataType::Date32).map_err(|e| e.to_string())?);
        } else {
            fields.push(field.as_ref().clone());
            columns.push(column.clone());
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_date_parses() {
        let b = super::batch().unwrap();
        let dep = b.column_by_name("deprecation_date").unwrap();
        assert_eq!(dep.null_count(), 0, "every runtime has a deprecation date");
    }
}
