//! `watershed scan`: live collection into a snapshot, with a coverage summary, optional
//! call statistics, anonymisation and strict mode.

use super::output::emit;
use crate::cli::{LiveArgs, ScanArgs};
use crate::collect::client::AwsTarget;
use crate::collect::http::record::RecordClient;
use crate::collect::http::replay::ReplayClient;
use crate::collect::progress::Bar;
use crate::collect::scan::{self, ScanOutcome, ScanPlan};
use crate::collect::stats::ApiStats;
use crate::collect::targets::{self, TargetSpec};
use crate::collect::{Service, anonymize::anonymize};
use crate::error::{Error, Result};
use std::fmt::Write;

/// Exit code of a scan with coverage gaps under `--strict`.
pub const EXIT_PARTIAL: i32 = 3;

/// Runs `scan`.
pub fn run(args: &ScanArgs) -> Result<i32> {
    let http_client = match (&args.record_http, &args.replay_http) {
        (Some(_), Some(_)) => {
            return Err(Error::Usage(
                "--record-http and --replay-http cannot be combined".into(),
            ));
        }
        (Some(dir), None) => Some(
            RecordClient::new(dir)
                .map_err(|e| Error::Usage(format!("--record-http {}: {e}", dir.display())))?
                .into_shared(),
        ),
        (None, Some(dir)) => Some(
            ReplayClient::from_dir(dir)
                .map_err(|e| Error::Usage(format!("--replay-http {}: {e}", dir.display())))?
                .into_shared(),
        ),
        (None, None) => None,
    };
    let parquet_dir = match (args.format, &args.output) {
        (crate::cli::ScanFormat::Parquet, None) => {
            return Err(Error::Usage(
                "--format parquet writes one file per table: give the folder with -o DIR".into(),
            ));
        }
        (crate::cli::ScanFormat::Parquet, Some(dir)) => Some(dir.clone()),
        (crate::cli::ScanFormat::Json, _) => None,
    };
    let outcome = collect_live(&args.live, args.concurrency, http_client)?;
    let snapshot = if args.anonymize {
        anonymize(&outcome.snapshot)
    } else {
        outcome.snapshot
    };
    match (&parquet_dir, &args.output) {
        (Some(dir), _) => {
            let catalog = crate::sql::Catalog::new(&snapshot)?;
            let files = super::runtime()?
                .block_on(crate::sql::export::export_tables(&catalog, &[], dir))
                .map_err(Error::Usage)?;
            eprint!("{}", crate::sql::export::summary(&files));
        }
        (None, Some(path)) => snapshot.write(path)?,
        (None, None) => emit(&(snapshot.to_json() + "\n"), None)?,
    }
    eprint!("{}", summary(&snapshot, &outcome.stats, outcome.elapsed));
    if args.stats {
        eprint!("{}", stats_table(&outcome.stats, snapshot.resources.len()));
    }
    let gaps = snapshot.gaps().count();
    Ok(if gaps > 0 && args.strict {
        EXIT_PARTIAL
    } else {
        0
    })
}

/// Scans live with the given flags (used by `scan` and by every command run without
/// `--snapshot`).
pub fn collect_live(
    live: &LiveArgs,
    concurrency: usize,
    http_client: Option<aws_smithy_runtime_api::client::http::SharedHttpClient>,
) -> Result<ScanOutcome> {
    let services = parse_services(&live.services)?;
    let spec = TargetSpec {
        connection: AwsTarget {
            http_client,
            ..live.connection()
        },
        regions: live.regions.clone(),
        role_arns: live.role_arns.clone(),
        external_id: live.external_id.clone(),
        org_role: live.org_role.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let (accounts, regions) = targets::resolve(&spec)
            .await
            .map_err(|e| Error::Usage(e.to_string()))?;
        let plan = ScanPlan {
            accounts,
            regions,
            services,
            concurrency,
            code_cache: live
                .download_code
                .then(|| crate::code::source::default_cache(live.code_cache.as_deref())),
            code_layers: live.layers,
        };
        let bar = Bar::stderr();
        Ok(scan::run(&plan, &bar).await)
    })
}

fn parse_services(names: &[String]) -> Result<Vec<Service>> {
    if names.is_empty() {
        return Ok(Service::ALL.to_vec());
    }
    let mut out = Vec::new();
    for n in names {
        let s = Service::parse(n).ok_or_else(|| {
            Error::Usage(format!(
                "unknown service `{n}`; known: {}",
                Service::ALL
                    .iter()
                    .map(|s| s.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Ok(out)
}

/// The end-of-scan summary: scope, counts, and every gap on its own line.
pub fn summary(
    s: &crate::model::Snapshot,
    stats: &ApiStats,
    elapsed: std::time::Duration,
) -> String {
    let t = stats.totals();
    let mut out = format!(
        "scanned {} account(s) x {} region(s) x {} service(s): {} resources, {} API calls ({} retries, {} throttled) in {:.1}s\n",
        s.scan.accounts.len(),
        s.scan.regions.len(),
        s.scan.services.len(),
        s.resources.len(),
        t.calls,
        t.retries(),
        t.throttled,
        elapsed.as_secs_f64()
    );
    let gaps: Vec<_> = s.gaps().collect();
    if gaps.is_empty() {
        out.push_str("coverage: complete\n");
    } else {
        let _ = writeln!(out, "coverage: {} gap(s):", gaps.len());
        for g in gaps {
            let status = match g.status {
                crate::model::CoverageStatus::Denied => "AccessDenied",
                crate::model::CoverageStatus::Throttled => "throttled",
                _ => "error",
            };
            let _ = writeln!(
                out,
                "  {} in {} ({}): {status} on {}: {}",
                g.service,
                g.region,
                g.account,
                g.operation.as_deref().unwrap_or("?"),
                g.message.as_deref().unwrap_or("")
            );
        }
    }
    out
}

/// `--stats`: calls per service and operation, retries, throttles, bytes.
pub fn stats_table(stats: &ApiStats, resources: usize) -> String {
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header([
        "service",
        "operation",
        "calls",
        "retries",
        "throttled",
        "errors",
        "bytes",
    ]);
    for ((svc, op), s) in stats.snapshot() {
        table.add_row([
            svc,
            op,
            s.calls.to_string(),
            s.retries().to_string(),
            s.throttled.to_string(),
            s.errors.to_string(),
            s.bytes.to_string(),
        ]);
    }
    let t = stats.totals();
    table.add_row([
        "total".into(),
        String::new(),
        t.calls.to_string(),
        t.retries().to_string(),
        t.throttled.to_string(),
        t.errors.to_string(),
        t.bytes.to_string(),
    ]);
    let per = if resources > 0 {
        t.calls as f64 / resources as f64
    } else {
        0.0
    };
    format!("{table}\n{per:.2} API calls per resource\n")
}
