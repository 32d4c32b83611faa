//! SQL functions over the policy evaluator ([`crate::iam`]):
//!
//! - `iam_allows(role_arn, action, resource_arn)` → boolean: true when the role may do the
//!   action on the resource (identity policies, permissions boundary and the resource's own
//!   policy, combined as AWS does), false when it is denied or implicitly denied, NULL when it
//!   depends on a condition the evaluator cannot decide or when the role or a policy it uses
//!   was not collected. `NOT iam_allows(..)` therefore reports only certain gaps.
//! - `iam_decision(role_arn, action, resource_arn)` → `allow`, `deny`, `implicit_deny`,
//!   `conditional`, or NULL when it cannot be told.
//! - `resource_policy_allows(resource_arn, principal_service, action, source_arn,
//!   source_account)` → boolean: may the service principal (`events.amazonaws.com`) acting
//!   for `source_arn` in `source_account` (either may be NULL: absent from the request) do
//!   the action on the resource, by the resource's policy? NULL when the resource (or, for a
//!   qualified Lambda ARN, its alias policy) was not collected or a condition is undecidable.
//! - `resource_policy_decision(..)`: the same as text.
//! - `iam_action_allows(role_arn, action)` / `iam_action_decision(..)`: may the role do the
//!   action on some resource (an Allow on any resource counts, a Deny only when it covers
//!   `*`)? For handler code whose target resources are not known.

use crate::iam::{AccessIndex, Verdict};
use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};
use datafusion::prelude::SessionContext;
use std::sync::Arc;

/// Registers the evaluator functions over `index` on `ctx`.
pub fn register(ctx: &SessionContext, index: Arc<AccessIndex>) {
    let role = |ix: &AccessIndex, a: &[Option<&str>]| match (a[0], a[1], a[2]) {
        (Some(r), Some(act), Some(res)) => ix.role_access(r, act, res).ok().map(|x| x.verdict),
        _ => None,
    };
    let service = |ix: &AccessIndex, a: &[Option<&str>]| match (a[0], a[1], a[2]) {
        (Some(res), Some(svc), Some(act)) => ix
            .service_access(svc, act, res, a[3], a[4])
            .ok()
            .map(|x| x.verdict),
        _ => None,
    };
    let action = |ix: &AccessIndex, a: &[Option<&str>]| match (a[0], a[1]) {
        (Some(r), Some(act)) => ix.role_action(r, act).ok().map(|x| x.verdict),
        _ => None,
    };
    for (name, arity, f) in [
        ("iam", 3, role as Evaluate),
        ("iam_action", 2, action as Evaluate),
        ("resource_policy", 5, service as Evaluate),
    ] {
        ctx.register_udf(verdict_udf(
            &format!("{name}_allows"),
            arity,
            index.clone(),
            f,
            false,
        ));
        ctx.register_udf(verdict_udf(
            &format!("{name}_decision"),
            arity,
            index.clone(),
            f,
            true,
        ));
    }
}

type Evaluate = fn(&AccessIndex, &[Option<&str>]) -> Option<Verdict>;

/// A function of `arity` text arguments answering a verdict, as boolean or as text.
fn verdict_udf(
    name: &str,
    arity: usize,
    index: Arc<AccessIndex>,
    f: Evaluate,
    as_text: bool,
) -> ScalarUDF {
    let fname = name.to_string();
    create_udf(
        name,
        vec![DataType::Utf8; arity],
        if as_text {
            DataType::Utf8
        } else {
            DataType::Boolean
        },
        Volatility::Immutable,
        Arc::new(move |args: &[ColumnarValue]| {
            let (texts, scalar) = super::udf::text_args(&fname, args)?;
            let rows = texts.first().map_or(0, Array::len);
            let verdicts = (0..rows).map(|i| {
                let row: Vec<Option<&str>> = texts
                    .iter()
                    .map(|t| (!t.is_null(i)).then(|| t.value(i)))
                    .collect();
                f(&index, &row)
            });
            let out: ArrayRef = if as_text {
                Arc::new(
                    verdicts
                        .map(|v| v.map(Verdict::as_str))
                        .collect::<StringArray>(),
                )
            } else {
                Arc::new(
                    verdicts
                        .map(|v| v.and_then(Verdict::as_bool))
                        .collect::<BooleanArray>(),
                )
            };
            super::udf::result(out, scalar)
        }),
    )
}
