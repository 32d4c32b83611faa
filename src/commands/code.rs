//! `watershed code FUNCTION`: the effects of one function's handler code, with file:line.

use super::output::emit;
use crate::cli::CodeArgs;
use crate::error::{Error, Result};
use crate::report::rows;
use crate::source;

/// Runs `code`.
pub fn run(args: &CodeArgs) -> Result<i32> {
    let snapshot = source::load(&args.source)?;
    let code = source::code_source(&args.source)?;
    let inv = &snapshot.resources;
    let matches: Vec<_> = inv
        .lambda_functions
        .iter()
        .filter(|f| f.arn == args.function || f.name == args.function)
        .collect();
    let function = match matches.as_slice() {
        [one] => *one,
        [] => {
            return Err(Error::Usage(format!(
                "no function named `{}` in the snapshot",
                args.function
            )));
        }
        many => {
            return Err(Error::Usage(format!(
                "`{}` names {} functions; pass the ARN",
                args.function,
                many.len()
            )));
        }
    };
    let analysis = code.analyse(function).map_err(Error::Usage)?;
    if analysis.status != "analysed" {
        let why = analysis.reason.unwrap_or_default();
        emit(
            &format!(
                "function {}: {}: {why}\n",
                function.name,
                analysis.status.replace('_', " ")
            ),
            args.output.as_deref(),
        )?;
        return Ok(0);
    }
    let rows = analysis.rows();
    let batch = crate::sql::arrow_rows::to_batch(&rows).map_err(Error::Usage)?;
    let text = rows::render(&batch.schema(), &[batch], args.format)
        .map_err(|e| Error::Usage(format!("cannot render effects: {e}")))?;
    emit(&text, args.output.as_deref())?;
    Ok(0)
}
