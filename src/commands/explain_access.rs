//! `watershed explain-access PRINCIPAL ACTION RESOURCE`: the IAM decision and the
//! statements that made it.

use super::output::emit;
use crate::cli::ExplainAccessArgs;
use crate::error::{Error, Result};
use crate::graph::Topology;
use crate::iam::AccessIndex;
use crate::iam::asker::{Asker, resolve, resolve_resource};
use crate::report::access::AccessReport;
use crate::source;

/// Runs `explain-access`.
pub fn run(args: &ExplainAccessArgs) -> Result<i32> {
    if !args.action.contains(':') {
        return Err(Error::Usage(format!(
            "`{}` is not an action: write it as service:Action, e.g. sqs:ReceiveMessage",
            args.action
        )));
    }
    let snapshot = source::load(&args.source)?;
    let inv = &snapshot.resources;
    let topology = Topology::from_inventory(inv);
    let asker = resolve(
        inv,
        &topology,
        &args.principal,
        args.source_arn.as_deref(),
        args.source_account.as_deref(),
    )
    .map_err(Error::Usage)?;
    let resource = resolve_resource(&topology, inv, &args.resource).map_err(Error::Usage)?;
    let index = AccessIndex::of(inv);
    let report = match asker {
        Asker::Role { arn, via } => {
            let answer = index.role_access(&arn, &args.action, &resource);
            let read = index.policies_read(Some(&arn), &resource);
            AccessReport::new(
                arn,
                via,
                &args.action,
                &resource,
                Default::default(),
                read,
                answer,
            )
        }
        Asker::Service {
            service,
            source_arn,
            source_account,
        } => {
            let answer = index.service_access(
                &service,
                &args.action,
                &resource,
                source_arn.as_deref(),
                source_account.as_deref(),
            );
            let context = [
                ("aws:SourceArn", source_arn),
                ("aws:SourceAccount", source_account),
            ]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
            .collect();
            let read = index.policies_read(None, &resource);
            AccessReport::new(
                service,
                None,
                &args.action,
                &resource,
                context,
                read,
                answer,
            )
        }
    };
    emit(&report.render(args.format), args.output.as_deref())?;
    Ok(0)
}
