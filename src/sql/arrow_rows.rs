//! Rows to Arrow: any serde type becomes a [`RecordBatch`] whose schema comes from the type
//! alone (serde_arrow `from_type`), so a table has the same columns whether it holds rows
//! or not, and a rule that names a column plans against an empty snapshot too.

use crate::model::json_doc;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, ListArray, StructArray, make_array};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, FieldRef, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_arrow::schema::{SchemaLike, TracingOptions};
use std::sync::Arc;

/// How Rust types map to Arrow types in every table: nullable fields for `Option`, maps
/// (tags) as Arrow maps, plain `Utf8` strings and `List`s (what SQL functions expect).
fn tracing_options() -> TracingOptions {
    TracingOptions::default()
        .allow_null_fields(true)
        .map_as_struct(false)
        .strings_as_large_utf8(false)
        .sequence_as_large_list(false)
        .enums_without_data_as_strings(true)
}

/// The Arrow fields of `T`, traced from its `Deserialize` implementation.
pub fn fields_of<T: DeserializeOwned>() -> Result<Vec<FieldRef>, serde_arrow::Error> {
    json_doc::as_text_for_schema(|| Vec::<FieldRef>::from_type::<T>(tracing_options()))
}

/// The schema of `T`.
pub fn schema_of<T: DeserializeOwned>() -> Result<SchemaRef, serde_arrow::Error> {
    Ok(Arc::new(Schema::new(fields_of::<T>()?)))
}

/// One record batch holding `items`, with the schema of `T`; the error is a message.
pub fn to_batch<T: Serialize + DeserializeOwned>(items: &[T]) -> Result<RecordBatch, String> {
    let fields = fields_of::<T>().map_err(|e| e.to_string())?;
    if items.is_empty() {
        return Ok(RecordBatch::new_empty(Arc::new(Schema::new(fields))));
    }
    let batch = serde_arrow::to_record_batch(&fields, &items).map_err(|e| e.to_string())?;
    let columns = batch.columns().iter().map(push_down_nulls).collect();
    let schema = batch.schema();
    drop(batch);
    let batch = RecordBatch::try_new(schema, columns).map_err(|e| e.to_string())?;
    Ok(shrink(batch))
}

/// `batch` with every buffer it alone owns trimmed to its length (builders grow by
/// doubling; a large table would otherwise hold up to twice its size).
pub fn shrink(batch: RecordBatch) -> RecordBatch {
    let (schema, mut columns, rows) = batch.into_parts();
    for column in &mut columns {
        if let Some(array) = Arc::get_mut(column) {
            array.shrink_to_fit();
        }
    }
    RecordBatch::try_new_with_options(
        schema,
        columns,
        &datafusion::arrow::record_batch::RecordBatchOptions::new().with_row_count(Some(rows)),
    )
    .expect("the same columns")
}

/// Makes the children of a null struct null too, recursively (also inside lists).
///
/// serde_arrow writes a `None` struct as a null slot whose children hold default values,
/// and SQL field access (`redrive.max_receive_count`) reads the child without looking at
/// the parent: a queue without a redrive policy would show a receive count of 0. With the
/// parent's nulls pushed into the children it shows NULL, as SQL users expect.
fn push_down_nulls(array: &ArrayRef) -> ArrayRef {
    match array.data_type() {
        DataType::Struct(fields) => {
            let s = array.as_struct();
            let parent = s.nulls();
            let children = s
                .columns()
                .iter()
                .map(|child| {
                    let child = push_down_nulls(child);
                    let nulls = NullBuffer::union(parent, child.nulls());
                    make_array(
                        child
                            .to_data()
                            .into_builder()
                            .nulls(nulls)
                            .build()
                            .expect("same length, only nulls changed"),
                    )
                })
                .collect();
            Arc::new(StructArray::new(fields.clone(), children, parent.cloned()))
        }
        DataType::List(field) => {
            let l = array.as_list::<i32>();
            let values = push_down_nulls(l.values());
            Arc::new(ListArray::new(
                field.clone(),
                l.offsets().clone(),
                values,
                l.nulls().cloned(),
            ))
        }
        _ => array.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sqs::SqsQueue;

    #[test]
    fn empty_and_full_tables_share_a_schema() {
        let empty = to_batch::<SqsQueue>(&[]).unwrap();
        let q = SqsQueue {
            arn: "arn:aws:sqs:eu-west-1:111111111111:q".into(),
            policy: Some(crate::model::JsonDoc::from_text(
                r#"{"Version":"2012-10-17"}"#,
            )),
            ..Default::default()
        };
        let full = to_batch(&[q]).unwrap();
        assert_eq!(empty.schema(), full.schema());
        assert_eq!(full.num_rows(), 1);
        let schema = full.schema();
        let policy = schema.field_with_name("policy").unwrap();
        assert_eq!(policy.data_type(), &DataType::Utf8);
        assert!(matches!(
            schema.field_with_name("tags").unwrap().data_type(),
            DataType::Map(_, _)
        ));
    }

    #[test]
    fn fields_of_a_missing_struct_are_null() {
        use crate::model::sqs::RedrivePolicy;
        let with = SqsQueue {
            redrive: Some(RedrivePolicy {
                dead_letter_target_arn: "arn:dlq".into(),
                max_receive_count: 5,
            }),
            ..Default::default()
        };
        let batch = to_batch(&[SqsQueue::default(), with]).unwrap();
        let redrive = batch.column_by_name("redrive").unwrap().as_struct();
        let count = redrive.column_by_name("max_receive_count").unwrap();
        assert!(count.is_null(0));
        assert!(!count.is_null(1));
    }
}
