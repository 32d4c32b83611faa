//! Helper SQL functions for what plain SQL cannot say well over our tables:
//!
//! - `json_get(doc, 'path.to.0.key')`: a value inside a JSON text column (policies,
//!   patterns, edge settings). Strings come back unquoted, other values as JSON text, and
//!   a missing path or invalid JSON as NULL.
//! - `arn_part(arn, 'partition'|'service'|'region'|'account'|'resource')`: one part of an
//!   ARN, NULL when the text is not an ARN.
//! - `iam_allows`, `iam_decision`, `resource_policy_allows`, `resource_policy_decision`:
//!   the policy evaluator, see [`super::iam`].

use crate::model::Arn;
use datafusion::arrow::array::{Array, ArrayRef, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};
use datafusion::prelude::SessionContext;
use serde_json::Value;
use std::sync::Arc;

/// Registers every helper function on `ctx`.
pub fn register(ctx: &SessionContext) {
    ctx.register_udf(binary_text_udf("json_get", json_get));
    ctx.register_udf(binary_text_udf("arn_part", arn_part));
}

/// The arguments of a function call as text arrays, and whether they were all scalars
/// (then the result is a scalar too).
pub(crate) fn text_args(
    name: &str,
    args: &[ColumnarValue],
) -> datafusion::error::Result<(Vec<StringArray>, bool)> {
    let scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
    let arrays = ColumnarValue::values_to_arrays(args)?;
    let mut texts = Vec::with_capacity(arrays.len());
    for a in &arrays {
        let text = cast(a, &DataType::Utf8)?;
        match text.as_any().downcast_ref::<StringArray>() {
            Some(t) => texts.push(t.clone()),
            None => {
                return Err(datafusion::error::DataFusionError::Internal(format!(
                    "{name}: arguments are not text"
                )));
            }
        }
    }
    Ok((texts, scalar))
}

/// Wraps a function's result column: a scalar when every argument was one.
pub(crate) fn result(out: ArrayRef, scalar: bool) -> datafusion::error::Result<ColumnarValue> {
    if scalar {
        Ok(ColumnarValue::Scalar(
            datafusion::scalar::ScalarValue::try_from_array(&out, 0)?,
        ))
    } else {
        Ok(ColumnarValue::Array(out))
    }
}

/// A function of two text arguments returning nullable text, applied row by row.
fn binary_text_udf(name: &'static str, f: fn(&str, &str) -> Option<String>) -> ScalarUDF {
    create_udf(
        name,
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(move |args: &[ColumnarValue]| {
            let (texts, scalar) = text_args(name, args)?;
            let (left, right) = (&texts[0], &texts[1]);
            let out: StringArray = (0..left.len())
                .map(|i| {
                    if left.is_null(i) || right.is_null(i) {
                        None
                    } else {
                        f(left.value(i), right.value(i))
                    }
                })
                .collect();
            result(Arc::new(out), scalar)
        }),
    )
}

/// `json_get(doc, path)`: see the module docs.
pub fn json_get(doc: &str, path: &str) -> Option<String> {
    let root: Value = serde_json::from_str(doc).ok()?;
    let mut cur = &root;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        cur = match cur {
            Value::Object(map) => map.get(part)?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match cur {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// `arn_part(arn, part)`: see the module docs.
pub fn arn_part(arn: &str, part: &str) -> Option<String> {
    let a = Arn::parse(arn).ok()?;
    Some(match part {
        "partition" => a.partition,
        "service" => a.service,
        "region" => a.region,
        "account" => a.account,
        "resource" => a.resource,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_get_walks_objects_and_arrays() {
        let doc = r#"{"a":{"b":[{"c":"x"},{"c":5}]},"n":null}"#;
        assert_eq!(json_get(doc, "a.b.0.c").as_deref(), Some("x"));
        assert_eq!(json_get(doc, "a.b.1.c").as_deref(), Some("5"));
        assert_eq!(json_get(doc, "a.b.1").as_deref(), Some(r#"{"c":5}"#));
        assert_eq!(json_get(doc, "a.z"), None);
        assert_eq!(json_get(doc, "n"), None);
        assert_eq!(json_get("not json", "a"), None);
    }

    #[test]
    fn arn_part_splits_arns() {
        let arn = "arn:aws:sqs:eu-west-1:111111111111:orders";
        assert_eq!(arn_part(arn, "account").as_deref(), Some("111111111111"));
        assert_eq!(arn_part(arn, "resource").as_deref(), Some("orders"));
        assert_eq!(arn_part("nope", "account"), None);
    }
}
