//! `watershed iam-policy`: the minimal read-only policy covering exactly the operations the
//! collectors may call (generated from the read-only guard's allowlist).

use super::output::emit;
use crate::cli::IamPolicyArgs;
use crate::collect::guard::iam_policy;
use crate::error::Result;

/// Runs `iam-policy`.
pub fn run(args: &IamPolicyArgs) -> Result<i32> {
    let text = serde_json::to_string_pretty(&iam_policy()).expect("policy serialises") + "\n";
    emit(&text, args.output.as_deref())?;
    Ok(0)
}
