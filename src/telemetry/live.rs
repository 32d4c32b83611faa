//! Live telemetry tables (`--telemetry live`): DataFusion tables that fetch when a query
//! scans them, with the query's filters pushed into the API calls.
//!
//! - `log_events` and `lambda_invocations`: FilterLogEvents over the log groups the filters
//!   leave (by `log_group`, `function_name`), in the time range they leave (default: the
//!   `--since`/`--from`/`--to` window), with `message LIKE '%term%'` as a filter-pattern term;
//!   ranges already fetched come from the Parquet cache ([`super::cache`]).
//! - `metric_datapoints`: GetMetricData (500 queries per call) for the triage metrics of the
//!   resources the filters leave (`namespace`, `metric_name`, `resource_name`, `stat`).
//! - `metrics_catalog`: ListMetrics per namespace.
//! - `xray_trace_summaries`, `xray_segments`: GetTraceSummaries and BatchGetTraces for the
//!   window, fetched once per session.
//!
//! Before a fetch larger than the call budget, the estimate (calls, bytes) is shown and the
//! fetch needs confirmation (`--yes`, or an answer at the terminal).

use super::cache::{CacheKey, LogCache};
use super::lambda_logs::LogEvent;
use super::metrics::{self, MetricQuery};
use super::pushdown::{self, Pushable, Pushdown};
use super::xray::{SegmentDocument, TraceSummary};
use super::{fetch, lambda_logs, log_rows, xray};
use crate::collect::CollectCtx;
use crate::collect::stats::ApiStats;
use crate::model::Inventory;
use async_trait::async_trait;
use aws_config::SdkConfig;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::Session;
use datafusion::datasource::{TableProvider, TableType};
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_plan::ExecutionPlan;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// FilterLogEvents returns at most 1 MB per page.
const PAGE_BYTES: i64 = 1 << 20;
/// The longest a Lambda invocation runs: START lines of invocations that end in the window
/// can be this much older.
const MAX_INVOCATION_MS: i64 = 15 * 60_000;

/// What happens when a fetch is estimated above the call budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Go ahead (`--yes`).
    Yes,
    /// Ask at the terminal.
    Ask,
    /// Refuse with the estimate (not a terminal, no `--yes`).
    Refuse,
}

/// One log group a live query can read.
#[derive(Debug, Clone)]
pub struct GroupTarget {
    /// Log group name.
    pub group: String,
    /// The function logging to it, if any.
    pub function_name: Option<String>,
    /// Account.
    pub account: String,
    /// Region.
    pub region: String,
    /// Stored bytes (DescribeLogGroups), for the estimate.
    pub stored_bytes: Option<i64>,
    /// Retention, days (for the estimate; never-expiring groups count as 30 days old).
    pub retention_days: Option<i32>,
}

/// The shared state of the live tables of one session.
pub struct LiveSource {
    sdk: SdkConfig,
    groups: Vec<GroupTarget>,
    metric_targets: Vec<(String, String, MetricQuery)>,
    regions: Vec<(String, String)>,
    window: (i64, i64),
    now: i64,
    cache: LogCache,
    confirm: Confirm,
    max_calls: usize,
    /// Calls made, by operation.
    pub stats: ApiStats,
    cached_ranges: Mutex<usize>,
    insights_above: usize,
    insights_queries: Mutex<usize>,
    traces: OnceCell<(Vec<TraceSummary>, Vec<SegmentDocument>)>,
}

/// How a live session is set up.
pub struct LiveOptions {
    /// SDK configuration of the caller.
    pub sdk: SdkConfig,
    /// The caller's account: resources of other accounts are skipped.
    pub account: String,
    /// The default time window, epoch milliseconds.
    pub window: (i64, i64),
    /// The log cache folder.
    pub cache_dir: std::path::PathBuf,
    /// Confirmation policy.
    pub confirm: Confirm,
    /// Calls a scan may make without confirmation.
    pub max_calls: usize,
    /// Above this many estimated FilterLogEvents calls, a scan with a message term runs as
    /// a Logs Insights query instead.
    pub insights_above: usize,
}

fn arn_region_account(arn: &str) -> (String, String) {
    let mut parts = arn.split(':');
    let region = parts.nth(3).unwrap_or_default().to_string();
    let account = parts.next().unwrap_or_default().to_string();
    (region, account)
}

impl LiveSource {
    /// The live source for the resources of `inv` in the caller's account.
    pub fn new(inv: &Inventory, o: LiveOptions) -> LiveSource {
        let mut groups = Vec::new();
        for f in &inv.lambda_functions {
            let (region, account) = arn_region_account(&f.arn);
            if account != o.account {
                continue;
            }
            let group = f
                .logging
                .log_group
                .clone()
                .unwrap_or_else(|| format!("/aws/lambda/{}", f.name));
            let described = inv
                .log_groups
                .iter()
                .find(|g| g.name == group && g.arn.split(':').nth(3) == Some(region.as_str()));
            groups.push(GroupTarget {
                group,
                function_name: Some(f.name.clone()),
                account,
                region,
                stored_bytes: described.and_then(|g| g.stored_bytes),
                retention_days: described.and_then(|g| g.retention_days),
            });
        }
        // Metric queries carry the region of their resource.
        let mut metric_targets = Vec::new();
        for q in metrics::plan(inv) {
            let name = metrics::resource_name(q.namespace, &q.dimensions);
            let arn = resource_arn(inv, q.namespace, &name);
            let (region, account) = arn_region_account(&arn);
            if account == o.account || account.is_empty() {
                metric_targets.push((region, account, q));
            }
        }
        let mut regions: Vec<(String, String)> = inv
            .lambda_functions
            .iter()
            .map(|f| arn_region_account(&f.arn))
            .filter(|(_, a)| *a == o.account)
            .collect();
        regions.sort();
        regions.dedup();
        LiveSource {
            sdk: o.sdk,
            groups,
            metric_targets,
            regions,
            window: o.window,
            now: chrono::Utc::now().timestamp_millis(),
            cache: LogCache::new(o.cache_dir),
            confirm: o.confirm,
            max_calls: o.max_calls,
            stats: ApiStats::default(),
            cached_ranges: Mutex::new(0),
            insights_above: o.insights_above,
            insights_queries: Mutex::new(0),
            traces: OnceCell::new(),
        }
    }

    fn ctx(&self, region: &str, account: &str) -> CollectCtx {
        CollectCtx::new(
            crate::collect::client::with_region(&self.sdk, region),
            account,
            region,
            self.stats.clone(),
            Arc::new(tokio::sync::Semaphore::new(8)),
            Arc::new(tokio::sync::Semaphore::new(4)),
        )
    }

    /// Keeps only the log groups and metrics of the resources named `names` (functions,
    /// queues, topics, streams, APIs, state machines).
    pub fn restrict(&mut self, names: &std::collections::BTreeSet<String>) {
        self.groups
            .retain(|g| g.function_name.as_ref().is_some_and(|f| names.contains(f)));
        self.metric_targets.retain(|(_, _, q)| {
            names.contains(&metrics::resource_name(q.namespace, &q.dimensions))
        });
    }

    /// Scans answered with Logs Insights so far.
    pub fn insights_scans(&self) -> usize {
        *self.insights_queries.lock().expect("counter lock")
    }

    /// Ranges served from the cache so far.
    pub fn cached_ranges(&self) -> usize {
        *self.cached_ranges.lock().expect("counter lock")
    }

    /// The time range of a scan: pushed bounds replace the window's on their side.
    fn range(&self, p: &Pushdown) -> (i64, i64) {
        (
            p.start.unwrap_or(self.window.0),
            p.end.unwrap_or(self.window.1).min(self.now),
        )
    }

    /// Asks for (or refuses) a fetch estimated at `calls` calls.
    fn approve(&self, calls: usize, what: &str) -> DfResult<()> {
        self.confirm(
            calls > self.max_calls,
            format!(
                "this query would make about {calls} API calls ({what}; about {} s at 5 calls/s)",
                calls / 5
            ),
        )
    }

    /// Asks for (or refuses) a fetch described by `estimate` when `over` the budget.
    fn confirm(&self, over: bool, estimate: String) -> DfResult<()> {
        if !over {
            return Ok(());
        }
        match self.confirm {
            Confirm::Yes => Ok(()),
            Confirm::Ask => {
                eprint!("{estimate}. Fetch? [y/N] ");
                let mut answer = String::new();
                std::io::stdin()
                    .read_line(&mut answer)
                    .map_err(|e| DataFusionError::External(Box::new(e)))?;
                if answer.trim().eq_ignore_ascii_case("y") {
                    Ok(())
                } else {
                    Err(DataFusionError::Execution("fetch cancelled".into()))
                }
            }
            Confirm::Refuse => Err(DataFusionError::Execution(format!(
                "{estimate}: narrow it (WHERE function_name/log_group/timestamp, or --since) or pass --yes"
            ))),
        }
    }

    /// The events of the groups `p` admits in `[start, end]`, from the cache where fetched
    /// before, the rest with FilterLogEvents (and kept in the cache).
    async fn log_events(&self, p: &Pushdown, start: i64, end: i64) -> DfResult<Vec<LogEvent>> {
        let pattern = p.filter_pattern();
        let chosen: Vec<&GroupTarget> = self
            .groups
            .iter()
            .filter(|g| {
                p.admits("log_group", &g.group)
                    && g.function_name
                        .as_deref()
                        .is_none_or(|f| p.admits("function_name", f))
            })
            .collect();
        let mut work = Vec::new();
        let (mut calls, mut bytes) = (0usize, 0i64);
        for g in &chosen {
            let key = CacheKey {
                account: g.account.clone(),
                region: g.region.clone(),
                group: g.group.clone(),
                pattern: pattern.clone(),
            };
            let missing = self.cache.missing(&key, start, end).map_err(external)?;
            let cached = missing.len() != 1 || missing[0] != (start, end);
            if cached {
                *self.cached_ranges.lock().expect("counter lock") += 1;
            }
            for (s, e) in &missing {
                let b = estimate_bytes(g, e - s);
                bytes += b;
                calls += (b / PAGE_BYTES).max(0) as usize + 1;
            }
            work.push((*g, key, missing));
        }
        // A term in a large scan is a needle in a haystack: one Logs Insights query per 50
        // groups scans server-side instead of paging everything through FilterLogEvents.
        if !p.terms.is_empty() && calls > self.insights_above {
            *self.insights_queries.lock().expect("counter lock") += 1;
            if let Some(events) = self.insights(p, &chosen, start, end, bytes).await? {
                return Ok(events);
            }
        }
        self.approve(
            calls,
            &format!(
                "FilterLogEvents on {} log groups, about {} MB",
                chosen.len(),
                bytes / PAGE_BYTES
            ),
        )?;
        let mut out = Vec::new();
        for (g, key, missing) in work {
            let ctx = self.ctx(&g.region, &g.account);
            for (s, e) in missing {
                let events = fetch::log_events(&ctx, &g.group, s, e, pattern.as_deref())
                    .await
                    .map_err(DataFusionError::Execution)?;
                self.cache
                    .store(&key, s, e, self.now, &events)
                    .map_err(external)?;
            }
            out.extend(self.cache.load(&key, start, end).map_err(external)?);
        }
        Ok(out)
    }

    /// The matching events of `groups` through Logs Insights (cached under the groups'
    /// Insights keys); `None` when a query hit its row limit and FilterLogEvents must page
    /// instead.
    async fn insights(
        &self,
        p: &Pushdown,
        groups: &[&GroupTarget],
        start: i64,
        end: i64,
        bytes: i64,
    ) -> DfResult<Option<Vec<LogEvent>>> {
        let gb = bytes as f64 / (1u64 << 30) as f64;
        self.confirm(
            gb > 1.0 && self.max_calls < usize::MAX,
            format!(
                "this query would scan about {gb:.1} GB with Logs Insights over {} log groups (about ${:.2} at $0.005/GB)",
                groups.len(),
                gb * 0.005
            ),
        )?;
        let pattern = p.filter_pattern().map(|t| format!("insights {t}"));
        let mut by_cell: BTreeMap<(&str, &str), Vec<&GroupTarget>> = BTreeMap::new();
        for g in groups {
            by_cell.entry((&g.region, &g.account)).or_default().push(g);
        }
        let mut out = Vec::new();
        for ((region, account), list) in by_cell {
            let ctx = self.ctx(region, account);
            for chunk in list.chunks(50) {
                let keys: Vec<CacheKey> = chunk
                    .iter()
                    .map(|g| CacheKey {
                        account: g.account.clone(),
                        region: g.region.clone(),
                        group: g.group.clone(),
                        pattern: pattern.clone(),
                    })
                    .collect();
                let mut fresh = true;
                for k in &keys {
                    fresh &= self
                        .cache
                        .missing(k, start, end)
                        .map_err(external)?
                        .is_empty();
                }
                if !fresh {
                    let names: Vec<String> = chunk.iter().map(|g| g.group.clone()).collect();
                    let Some(events) = fetch::insights_events(&ctx, &names, start, end, &p.terms)
                        .await
                        .map_err(DataFusionError::Execution)?
                    else {
                        return Ok(None);
                    };
                    for k in &keys {
                        let mine: Vec<LogEvent> = events
                            .iter()
                            .filter(|e| e.log_group == k.group)
                            .cloned()
                            .collect();
                        self.cache
                            .store(k, start, end, self.now, &mine)
                            .map_err(external)?;
                    }
                } else {
                    *self.cached_ranges.lock().expect("counter lock") += keys.len();
                }
                for k in &keys {
                    out.extend(self.cache.load(k, start, end).map_err(external)?);
                }
            }
        }
        Ok(Some(out))
    }

    /// The triage metrics of the resources `p` admits, `[start, end]`.
    async fn metric_datapoints(
        &self,
        p: &Pushdown,
        start: i64,
        end: i64,
    ) -> DfResult<Vec<metrics::MetricDatapoint>> {
        let mut by_cell: BTreeMap<(String, String), Vec<MetricQuery>> = BTreeMap::new();
        for (region, account, q) in &self.metric_targets {
            let name = metrics::resource_name(q.namespace, &q.dimensions);
            if p.admits("namespace", q.namespace)
                && p.admits("metric_name", q.metric_name)
                && p.admits("resource_name", &name)
                && p.admits("stat", q.stat)
            {
                by_cell
                    .entry((region.clone(), account.clone()))
                    .or_default()
                    .push(q.clone());
            }
        }
        let calls = by_cell.values().map(|q| fetch::metric_calls(q.len())).sum();
        self.approve(calls, "GetMetricData")?;
        let mut out = Vec::new();
        for ((region, account), queries) in by_cell {
            let ctx = self.ctx(&region, &account);
            out.extend(
                fetch::metric_datapoints(&ctx, &queries, start, end)
                    .await
                    .map_err(DataFusionError::Execution)?,
            );
        }
        Ok(out)
    }

    /// ListMetrics for the triage namespaces `p` admits.
    async fn metrics_catalog(&self, p: &Pushdown) -> DfResult<Vec<metrics::MetricInfo>> {
        let namespaces: Vec<&str> = metrics::TRIAGE_METRICS
            .iter()
            .map(|(n, _)| n.split('#').next().unwrap_or(n))
            .filter(|n| p.admits("namespace", n))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut out = Vec::new();
        for (region, account) in &self.regions {
            let ctx = self.ctx(region, account);
            out.extend(
                fetch::metrics_catalog(&ctx, &namespaces)
                    .await
                    .map_err(DataFusionError::Execution)?,
            );
        }
        Ok(out)
    }

    /// Everything of the window for the resources named `names` (all when None): their log
    /// events, triage metrics and the window's traces; with `catalog`, ListMetrics too.
    pub async fn collect(
        &self,
        names: Option<&std::collections::BTreeSet<String>>,
        catalog: bool,
    ) -> Result<super::Telemetry, String> {
        let mut logs = Pushdown::default();
        let mut points = Pushdown::default();
        if let Some(names) = names {
            let names: Vec<String> = names.iter().cloned().collect();
            logs.values.insert("function_name".into(), names.clone());
            points.values.insert("resource_name".into(), names);
        }
        let (start, end) = self.range(&Pushdown::default());
        let one_line = |e: DataFusionError| e.to_string();
        let (trace_summaries, segment_documents) = self.traces().await.map_err(one_line)?.clone();
        Ok(super::Telemetry {
            log_events: self.log_events(&logs, start, end).await.map_err(one_line)?,
            metric_datapoints: self
                .metric_datapoints(&points, start, end)
                .await
                .map_err(one_line)?,
            metrics_catalog: if catalog {
                self.metrics_catalog(&Pushdown::default())
                    .await
                    .map_err(one_line)?
            } else {
                Vec::new()
            },
            trace_summaries,
            segment_documents,
        })
    }

    /// The window's traces, fetched once. X-Ray failing (AccessDenied, throttling, a
    /// malformed answer) does not fail the query: the trace tables are empty and the gap is
    /// reported on stderr.
    async fn traces(&self) -> DfResult<&(Vec<TraceSummary>, Vec<SegmentDocument>)> {
        self.traces
            .get_or_try_init(|| async {
                let (start, end) = (self.window.0, self.window.1.min(self.now));
                let mut summaries = Vec::new();
                let mut docs = Vec::new();
                for (region, account) in &self.regions {
                    let ctx = self.ctx(region, account);
                    match fetch::traces(&ctx, start, end).await {
                        Ok((mut s, mut d)) => {
                            summaries.append(&mut s);
                            docs.append(&mut d);
                        }
                        Err(e) => eprintln!(
                            "warning: X-Ray traces of {account} {region} are missing from this answer: {e}"
                        ),
                    }
                }
                Ok::<_, DataFusionError>((summaries, docs))
            })
            .await
    }
}

fn external(m: String) -> DataFusionError {
    DataFusionError::Execution(m)
}

/// Bytes a group holds for `span_ms` of time, from its stored bytes spread over its
/// retention (30 days when it never expires); unknown sizes count as one page.
fn estimate_bytes(g: &GroupTarget, span_ms: i64) -> i64 {
    let Some(stored) = g.stored_bytes else {
        return PAGE_BYTES / 2;
    };
    let kept_ms = i64::from(g.retention_days.unwrap_or(30).max(1)) * 86_400_000;
    ((stored as f64) * (span_ms.max(0) as f64 / kept_ms as f64)) as i64
}

/// The ARN of the resource a metric names (for its region and account).
fn resource_arn(inv: &Inventory, namespace: &str, name: &str) -> String {
    let found = match namespace {
        "AWS/Lambda" => inv
            .lambda_functions
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.arn.clone()),
        "AWS/SQS" => inv
            .sqs_queues
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.arn.clone()),
        "AWS/SNS" => inv
            .sns_topics
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.arn.clone()),
        "AWS/Kinesis" => inv
            .kinesis_streams
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.arn.clone()),
        "AWS/ApiGateway" => inv
            .rest_apis
            .iter()
            .find(|r| r.name == name)
            .map(|r| format!("arn:aws:apigateway:{}:{}:", r.region, r.account_id))
            .or_else(|| {
                inv.http_apis
                    .iter()
                    .find(|r| r.id == name)
                    .map(|r| format!("arn:aws:apigateway:{}:{}:", r.region, r.account_id))
            }),
        "AWS/States" => inv
            .state_machines
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.arn.clone()),
        _ => None,
    };
    found.unwrap_or_default()
}

/// Which live table a [`LiveTable`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveKind {
    /// `log_events`.
    LogEvents,
    /// `lambda_invocations`.
    Invocations,
    /// `metric_datapoints`.
    MetricDatapoints,
    /// `metrics_catalog`.
    MetricsCatalog,
    /// `xray_trace_summaries`.
    TraceSummaries,
    /// `xray_segments`.
    Segments,
}

impl LiveKind {
    /// Every live table: (kind, table name).
    pub const ALL: [(LiveKind, &'static str); 6] = [
        (LiveKind::LogEvents, "log_events"),
        (LiveKind::Invocations, "lambda_invocations"),
        (LiveKind::MetricDatapoints, "metric_datapoints"),
        (LiveKind::MetricsCatalog, "metrics_catalog"),
        (LiveKind::TraceSummaries, "xray_trace_summaries"),
        (LiveKind::Segments, "xray_segments"),
    ];

    /// What one row is.
    pub fn describe(self) -> &'static str {
        match self {
            LiveKind::LogEvents => "one CloudWatch Logs event",
            LiveKind::Invocations => "one Lambda invocation",
            LiveKind::MetricDatapoints => "one CloudWatch metric datapoint",
            LiveKind::MetricsCatalog => "one metric CloudWatch knows",
            LiveKind::TraceSummaries => "one X-Ray trace summary",
            LiveKind::Segments => "one X-Ray segment or subsegment",
        }
    }

    fn pushable(self) -> Pushable {
        match self {
            LiveKind::LogEvents => Pushable {
                time: "timestamp",
                keys: &["log_group", "function_name"],
                message: Some("message"),
            },
            LiveKind::Invocations => Pushable {
                time: "end_time",
                keys: &["log_group", "function_name"],
                message: None,
            },
            LiveKind::MetricDatapoints => Pushable {
                time: "timestamp",
                keys: &["namespace", "metric_name", "resource_name", "stat"],
                message: None,
            },
            LiveKind::MetricsCatalog => Pushable {
                time: "",
                keys: &["namespace"],
                message: None,
            },
            LiveKind::TraceSummaries | LiveKind::Segments => Pushable {
                time: "",
                keys: &[],
                message: None,
            },
        }
    }

    fn schema(self) -> Result<SchemaRef, String> {
        use crate::sql::arrow_rows::schema_of;
        match self {
            LiveKind::LogEvents => schema_of::<log_rows::LogEventRow>(),
            LiveKind::Invocations => schema_of::<lambda_logs::Invocation>(),
            LiveKind::MetricDatapoints => schema_of::<metrics::MetricDatapoint>(),
            LiveKind::MetricsCatalog => schema_of::<metrics::MetricInfo>(),
            LiveKind::TraceSummaries => schema_of::<TraceSummary>(),
            LiveKind::Segments => schema_of::<xray::SegmentRow>(),
        }
        .map_err(|e| e.to_string())
    }
}

/// A live table: fetches when scanned.
pub struct LiveTable {
    kind: LiveKind,
    schema: SchemaRef,
    source: Arc<LiveSource>,
}

impl std::fmt::Debug for LiveTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveTable")
            .field("kind", &self.kind)
            .finish()
    }
}

impl LiveTable {
    /// The live table `kind` over `source`.
    pub fn new(kind: LiveKind, source: Arc<LiveSource>) -> Result<LiveTable, String> {
        Ok(LiveTable {
            kind,
            schema: kind.schema()?,
            source,
        })
    }

    async fn rows(&self, p: &Pushdown) -> DfResult<RecordBatch> {
        let s = &self.source;
        let (start, end) = s.range(p);
        match self.kind {
            LiveKind::LogEvents => {
                let events = s.log_events(p, start, end).await?;
                batch(&log_rows::rows(&events))
            }
            LiveKind::Invocations => {
                // Every line of the groups (no pattern): START and sibling lines matter.
                let all = Pushdown {
                    terms: Vec::new(),
                    ..p.clone()
                };
                let events = s.log_events(&all, start - MAX_INVOCATION_MS, end).await?;
                let mut calls = lambda_logs::invocations(&events);
                calls.retain(|i| i.end_time >= start && i.end_time <= end);
                batch(&calls)
            }
            LiveKind::MetricDatapoints => batch(&s.metric_datapoints(p, start, end).await?),
            LiveKind::MetricsCatalog => batch(&s.metrics_catalog(p).await?),
            LiveKind::TraceSummaries => batch(&s.traces().await?.0),
            LiveKind::Segments => {
                let rows = xray::segments(&s.traces().await?.1).map_err(external)?;
                batch(&rows)
            }
        }
    }
}

fn batch<T: Serialize + DeserializeOwned>(rows: &[T]) -> DfResult<RecordBatch> {
    crate::sql::arrow_rows::to_batch(rows).map_err(external)
}

#[async_trait]
impl TableProvider for LiveTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> DfResult<Vec<TableProviderFilterPushDown>> {
        Ok(pushdown::support(filters, &self.kind.pushable()))
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        _limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let p = pushdown::analyse(filters, &self.kind.pushable());
        let batch = self.rows(&p).await?;
        let exec = datafusion::datasource::memory::MemorySourceConfig::try_new_exec(
            &[vec![batch]],
            self.schema.clone(),
            projection.cloned(),
        )?;
        Ok(exec)
    }
}
