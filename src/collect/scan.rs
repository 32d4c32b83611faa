//! The scan scheduler: (account × region × service) cells run concurrently under a global
//! in-flight limit and a per-service limit; every cell's outcome goes to coverage; a failing
//! or throttled cell never blocks the others. KMS keys referenced by the collected resources
//! are described in a second phase.

use super::client::with_region;
use super::ctx::CollectCtx;
use super::error::CollectError;
use super::stats::ApiStats;
use super::{Service, kms, tagging};
use crate::model::{CoverageCell, CoverageStatus, Inventory, Snapshot};
use aws_config::SdkConfig;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Calls in flight per service across the whole scan.
pub const PER_SERVICE_LIMIT: usize = 8;

/// One account to scan, with credentials for it.
#[derive(Debug, Clone)]
pub struct AccountTarget {
    /// Account id.
    pub account: String,
    /// SDK configuration with the account's credentials (region set per cell).
    pub sdk: SdkConfig,
}

/// What to scan.
#[derive(Debug, Clone)]
pub struct ScanPlan {
    /// Accounts.
    pub accounts: Vec<AccountTarget>,
    /// Regions.
    pub regions: Vec<String>,
    /// Services.
    pub services: Vec<Service>,
    /// Global limit of API calls in flight.
    pub concurrency: usize,
    /// Download Lambda deployment packages into this cache while scanning.
    pub code_cache: Option<std::path::PathBuf>,
    /// Download the functions' layers too.
    pub code_layers: bool,
}

/// Progress notifications, called as cells finish.
pub trait Progress: Send + Sync {
    /// The scan has `total` cells.
    fn start(&self, total: usize);
    /// One more cell finished; `resources` found so far; `calls` made so far.
    fn cell_done(&self, cell: &CoverageCell, resources: usize, calls: u64);
    /// The scan is over.
    fn finish(&self);
}

/// Progress that reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _total: usize) {}
    fn cell_done(&self, _cell: &CoverageCell, _resources: usize, _calls: u64) {}
    fn finish(&self) {}
}

/// The result of a scan.
#[derive(Debug)]
pub struct ScanOutcome {
    /// The snapshot (resources sorted, coverage for every cell).
    pub snapshot: Snapshot,
    /// API call accounting.
    pub stats: ApiStats,
    /// Wall-clock time.
    pub elapsed: Duration,
}

struct CellResult {
    account: String,
    region: String,
    service: &'static str,
    result: Result<Inventory, CollectError>,
    gaps: Vec<CollectError>,
}

/// Runs the scan.
pub async fn run(plan: &ScanPlan, progress: &dyn Progress) -> ScanOutcome {
    let started = Instant::now();
    let started_at = chrono::Utc::now();
    let stats = ApiStats::default();
    let global = Arc::new(Semaphore::new(plan.concurrency.max(1)));
    let per_service: HashMap<&'static str, Arc<Semaphore>> = Service::ALL
        .iter()
        .map(|s| (s.name(), Arc::new(Semaphore::new(PER_SERVICE_LIMIT))))
        .chain([
            ("kms", Arc::new(Semaphore::new(PER_SERVICE_LIMIT))),
            ("tag", Arc::new(Semaphore::new(PER_SERVICE_LIMIT))),
        ])
        .collect();

    let mut cells = Vec::new();
    for acct in &plan.accounts {
        for &service in &plan.services {
            let regions: Vec<String> = if service.is_global() {
                vec!["global".to_string()]
            } else {
                plan.regions.clone()
            };
            for region in regions {
                // Global services are called in the first scanned region's endpoint.
                let endpoint_region = if region == "global" {
                    plan.regions
                        .first()
                        .cloned()
                        .unwrap_or_else(|| "us-east-1".into())
                } else {
                    region.clone()
                };
                let ctx = CollectCtx::new(
                    with_region(&acct.sdk, &endpoint_region),
                    &acct.account,
                    &region,
                    stats.clone(),
                    global.clone(),
                    per_service[service.name()].clone(),
                )
                .with_bulk_tags()
                .with_code_cache(plan.code_cache.clone(), plan.code_layers);
                cells.push((service, ctx));
            }
        }
    }
    progress.start(cells.len());

    let mut set = tokio::task::JoinSet::new();
    let mut cell_of_task = HashMap::new();
    for (service, ctx) in cells {
        let cell = (ctx.account.clone(), ctx.region.clone(), service.name());
        let handle = set.spawn(async move {
            let result = service.collect(&ctx).await;
            CellResult {
                account: ctx.account.clone(),
                region: ctx.region.clone(),
                service: service.name(),
                result,
                gaps: ctx.take_gaps(),
            }
        });
        cell_of_task.insert(handle.id(), cell);
    }
    let mut inventory = Inventory::default();
    let mut coverage = Vec::new();
    while let Some(joined) = set.join_next().await {
        let cell = match joined {
            Ok(c) => c,
            Err(e) => {
                // A panicking collector is a bug: its cell is recorded as an error (never a
                // silent hole in coverage) and the scan goes on.
                tracing::error!("a collector task failed: {e}");
                let (account, region, service) = cell_of_task[&e.id()].clone();
                CellResult {
                    account,
                    region,
                    service,
                    result: Err(CollectError {
                        operation: format!("{service}:*"),
                        code: "CollectorFailed".into(),
                        message: format!(
                            "the collector stopped unexpectedly ({e}); please report this"
                        ),
                        status: CoverageStatus::Error,
                    }),
                    gaps: Vec::new(),
                }
            }
        };
        let cov = coverage_of(&cell);
        if let Ok(inv) = cell.result {
            inventory.merge(inv);
        }
        progress.cell_done(&cov, inventory.len(), stats.totals().calls);
        coverage.push(cov);
    }

    // Phase 2: tags in bulk (one paginated call per region), and the KMS keys the
    // collected resources use.
    let mut tag_set = tokio::task::JoinSet::new();
    for acct in &plan.accounts {
        for region in &plan.regions {
            let ctx = CollectCtx::new(
                with_region(&acct.sdk, region),
                &acct.account,
                region,
                stats.clone(),
                global.clone(),
                per_service["tag"].clone(),
            );
            tag_set.spawn(async move {
                let result = tagging::collect(&ctx).await;
                (ctx.account.clone(), ctx.region.clone(), result)
            });
        }
    }
    while let Some(joined) = tag_set.join_next().await {
        let Some((account, region, result)) = task_result(joined) else {
            continue;
        };
        let cov = match result {
            Ok(tags) => {
                inventory.apply_tags(&tags);
                CoverageCell {
                    account,
                    region,
                    service: "tag".into(),
                    status: CoverageStatus::Ok,
                    operation: None,
                    message: None,
                    resources: tags.len() as u64,
                }
            }
            Err(e) => CoverageCell {
                account,
                region,
                service: "tag".into(),
                status: e.status,
                operation: Some(e.operation.clone()),
                message: Some(format!(
                    "{}: {} (resources of this region have no tags)",
                    e.code, e.message
                )),
                resources: 0,
            },
        };
        coverage.push(cov);
    }

    let refs = kms_refs(&inventory);
    let mut set = tokio::task::JoinSet::new();
    for acct in &plan.accounts {
        for region in &plan.regions {
            let Some(keys) = refs.get(&(acct.account.clone(), region.clone())) else {
                continue;
            };
            let ctx = CollectCtx::new(
                with_region(&acct.sdk, region),
                &acct.account,
                region,
                stats.clone(),
                global.clone(),
                per_service["kms"].clone(),
            );
            let keys: Vec<String> = keys.iter().cloned().collect();
            set.spawn(async move {
                let result = kms::collect(&ctx, &keys).await.map(|k| Inventory {
                    kms_keys: k,
                    ..Default::default()
                });
                CellResult {
                    account: ctx.account.clone(),
                    region: ctx.region.clone(),
                    service: "kms",
                    result,
                    gaps: ctx.take_gaps(),
                }
            });
        }
    }
    while let Some(joined) = set.join_next().await {
        let Some(cell) = task_result(joined) else {
            continue;
        };
        let cov = coverage_of(&cell);
        if let Ok(inv) = cell.result {
            inventory.merge(inv);
        }
        coverage.push(cov);
    }
    progress.finish();

    inventory.sort();
    coverage.sort_by(|a, b| {
        (&a.account, &a.region, &a.service).cmp(&(&b.account, &b.region, &b.service))
    });
    let mut snapshot = Snapshot::new("live");
    snapshot.scan.started_at = Some(started_at);
    snapshot.scan.finished_at = Some(chrono::Utc::now());
    snapshot.scan.accounts = plan
        .accounts
        .iter()
        .map(|a| a.account.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    snapshot.scan.regions = plan.regions.clone();
    snapshot.scan.services = plan.services.iter().map(|s| s.name().to_string()).collect();
    snapshot.coverage = coverage;
    snapshot.resources = inventory;
    ScanOutcome {
        snapshot,
        stats,
        elapsed: started.elapsed(),
    }
}

/// A finished task's value; a task that panicked is a bug, logged, and the scan goes on.
fn task_result<T>(joined: Result<T, tokio::task::JoinError>) -> Option<T> {
    match joined {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::error!("a collector task failed: {e}");
            None
        }
    }
}

fn coverage_of(cell: &CellResult) -> CoverageCell {
    let base = CoverageCell {
        account: cell.account.clone(),
        region: cell.region.clone(),
        service: cell.service.to_string(),
        status: CoverageStatus::Ok,
        operation: None,
        message: None,
        resources: 0,
    };
    match &cell.result {
        Err(e) => CoverageCell {
            status: e.status,
            operation: Some(e.operation.clone()),
            message: Some(format!("{}: {}", e.code, e.message)),
            ..base
        },
        Ok(inv) => match worst(&cell.gaps) {
            None => CoverageCell {
                resources: inv.len() as u64,
                ..base
            },
            Some(e) => CoverageCell {
                status: e.status,
                operation: Some(e.operation.clone()),
                message: Some(format!(
                    "{}: {} ({} detail call{} failed; the resources listed were kept)",
                    e.code,
                    e.message,
                    cell.gaps.len(),
                    if cell.gaps.len() == 1 { "" } else { "s" }
                )),
                resources: inv.len() as u64,
                ..base
            },
        },
    }
}

/// The most severe gap: denied before throttled before other errors.
fn worst(gaps: &[CollectError]) -> Option<&CollectError> {
    let rank = |s: CoverageStatus| match s {
        CoverageStatus::Denied => 0,
        CoverageStatus::Throttled => 1,
        _ => 2,
    };
    gaps.iter().min_by_key(|e| rank(e.status))
}

/// KMS key references of the collected resources, by (account, region).
fn kms_refs(inv: &Inventory) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut out: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut add = |owner_arn: &str, key: &Option<String>| {
        let Some(key) = key.as_deref().filter(|k| !k.is_empty()) else {
            return;
        };
        // AWS managed aliases (`alias/aws/sqs`) are keys we cannot change: still described,
        // since rules compare their policies with the producers.
        let (account, region) = match crate::model::Arn::parse(key) {
            Ok(a) => (a.account, a.region),
            Err(_) => match crate::model::Arn::parse(owner_arn) {
                Ok(a) => (a.account, a.region),
                Err(_) => return,
            },
        };
        out.entry((account, region))
            .or_default()
            .insert(key.to_string());
    };
    for q in &inv.sqs_queues {
        add(&q.arn, &q.kms_master_key_id);
    }
    for t in &inv.sns_topics {
        add(&t.arn, &t.kms_master_key_id);
    }
    for f in &inv.lambda_functions {
        add(&f.arn, &f.kms_key_arn);
    }
    for s in &inv.kinesis_streams {
        add(&s.arn, &s.kms_key_id);
    }
    for m in &inv.state_machines {
        add(&m.arn, &m.kms_key_id);
    }
    for b in &inv.event_buses {
        add(&b.arn, &b.kms_key_identifier);
    }
    for p in &inv.pipes {
        add(&p.arn, &p.kms_key_identifier);
    }
    for s in &inv.schedules {
        add(&s.arn, &s.kms_key_arn);
    }
    for b in &inv.mq_brokers {
        add(&b.arn, &b.kms_key_id);
    }
    for f in &inv.appflow_flows {
        add(&f.arn, &f.kms_arn);
    }
    for g in &inv.log_groups {
        add(&g.arn, &g.kms_key_id);
    }
    for c in &inv.glue_security_configurations {
        for k in &c.kms_key_arns {
            add(&c.arn(), &Some(k.clone()));
        }
    }
    out
}
