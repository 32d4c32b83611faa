//! One DataFusion session holding every table of a snapshot: the inventory types (one table
//! per [`Inventory`](crate::model::Inventory) list, named like the list), the derived facts
//! and the helper functions.

use super::{SqlError, arrow_rows, derived, policies, udf};
use crate::graph::Topology;
use crate::model::{ListVisitor, Resource, Snapshot};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::prelude::{SessionConfig, SessionContext};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A table of the session: its name, what it holds and how many rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableInfo {
    /// Table name.
    pub name: String,
    /// What one row is.
    pub description: String,
    /// Rows.
    pub rows: usize,
}

/// [`TableInfo`] as a table row.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TableRow {
    /// Table name.
    pub name: String,
    /// Rows.
    pub rows: i64,
    /// What one row is.
    pub description: String,
}

/// A DataFusion session over one snapshot.
pub struct Catalog {
    /// The session; run SQL with `ctx.sql(..)`.
    pub ctx: SessionContext,
    /// The registered tables, in registration order.
    pub tables: Vec<TableInfo>,
}

impl Catalog {
    /// Builds every table of `snapshot` and registers it with the helper functions.
    pub fn new(snapshot: &Snapshot) -> Result<Catalog, SqlError> {
        let topology = Topology::from_inventory(&snapshot.resources);
        Catalog::with_topology(snapshot, &topology)
    }

    /// Like [`Catalog::new`], reusing an already derived topology.
    pub fn with_topology(snapshot: &Snapshot, topology: &Topology) -> Result<Catalog, SqlError> {
        // One partition per query: the tables are single in-memory batches, and lint runs
        // its rules side by side, so repartitioning within a query only adds overhead.
        // One optimizer pass: rule queries are small plans over in-memory tables, and a
        // third of lint time on large catalogs went to repeated optimizer passes.
        let mut config = SessionConfig::new()
            .with_target_partitions(1)
            .with_information_schema(true)
            .with_default_catalog_and_schema("watershed", "public");
        config.options_mut().optimizer.max_passes = 1;
        let mut catalog = Catalog {
            ctx: SessionContext::new_with_config(config),
            tables: Vec::new(),
        };
        udf::register(&catalog.ctx);
        super::iam::register(
            &catalog.ctx,
            std::sync::Arc::new(crate::iam::AccessIndex::of(&snapshot.resources)),
        );

        let mut visitor = InventoryTables {
            batches: Vec::new(),
            error: None,
        };
        snapshot.resources.visit_lists(&mut visitor);
        if let Some(e) = visitor.error {
            return Err(e);
        }
        for (name, description, batch) in visitor.batches {
            catalog.register(name, &description, batch)?;
        }

        let sfn = derived::sfn(snapshot);
        catalog.add(
            "resources",
            "one resource of any type: arn, type, name, account, region, tags",
            &derived::resources(snapshot),
        )?;
        catalog.add(
            "edges",
            "one edge of the topology graph, with its settings",
            &derived::edges(snapshot, topology),
        )?;
        catalog.add(
            "sfn_states",
            "one state of a state machine definition (nested states included)",
            &sfn.states,
        )?;
        catalog.add(
            "sfn_definitions",
            "one state machine definition: StartAt, parse errors, terminal states",
            &sfn.definitions,
        )?;
        catalog.add(
            "sfn_scopes",
            "one scope of a definition (top level, Parallel branch, Map processor) with its StartAt",
            &sfn.scopes,
        )?;
        catalog.add(
            "iam_statements",
            "one statement of a resource, trust, inline or managed policy",
            &policies::statements(&snapshot.resources),
        )?;
        catalog.add(
            "failure_paths",
            "one asynchronous or polled edge: the stages a failed event goes through and where it ends",
            &derived::failure_paths(snapshot, topology),
        )?;
        catalog.add(
            "graph_cycles",
            "one node of a message-flow cycle (a loop events can travel forever)",
            &derived::cycles(topology),
        )?;
        let runtimes = super::runtimes::batch().map_err(|message| SqlError::Table {
            table: "lambda_runtimes".into(),
            message,
        })?;
        catalog.register(
            "lambda_runtimes".into(),
            "one Lambda runtime identifier with its deprecation and block dates",
            runtimes,
        )?;
        catalog.add(
            "coverage",
            "one (account, region, service) cell of the scan and its outcome",
            &derived::coverage(snapshot),
        )?;
        catalog.add_code(snapshot, None)?;
        Ok(catalog)
    }

    /// Registers recorded metrics and traces as `metric_datapoints`, `metrics_catalog`,
    /// `xray_trace_summaries` and `xray_segments` (the segment documents flattened). The log
    /// tables come from [`Catalog::add_log_tables`].
    pub fn add_metrics_and_traces(
        &mut self,
        t: &crate::telemetry::Telemetry,
    ) -> Result<(), SqlError> {
        use crate::telemetry::xray;
        self.add(
            "metric_datapoints",
            "one CloudWatch metric datapoint: namespace, metric, dimensions, statistic, period, time, value",
            &t.metric_datapoints,
        )?;
        self.add(
            "metrics_catalog",
            "one metric CloudWatch knows (ListMetrics): namespace, metric, dimensions",
            &t.metrics_catalog,
        )?;
        self.add(
            "xray_trace_summaries",
            "one X-Ray trace summary: duration, response time, fault/error/throttle, entry request",
            &t.trace_summaries,
        )?;
        let segments = xray::segments(&t.segment_documents).map_err(|message| SqlError::Table {
            table: "xray_segments".into(),
            message,
        })?;
        self.add(
            "xray_segments",
            "one X-Ray segment or subsegment (flattened recursively), with its parent and timing",
            &segments,
        )?;
        Ok(())
    }

    /// Registers `log_events` (split over the cores when large) and `lambda_invocations`.
    /// Large telemetry also lets queries use every core.
    pub fn add_log_tables(
        &mut self,
        t: crate::telemetry::log_tables::LogTables,
    ) -> Result<(), SqlError> {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        if t.rows > 100_000 {
            let state = self.ctx.state_ref();
            let mut state = state.write();
            state.config_mut().options_mut().execution.target_partitions = cores;
        }
        self.register_partitioned(
            "log_events",
            "one CloudWatch Logs event with what its Lambda format says (times in epoch milliseconds)",
            t.batches,
            t.rows,
            cores,
        )?;
        self.register_partitioned(
            "lambda_invocations",
            "one Lambda invocation from its REPORT / platform.report line and sibling events",
            t.invocations,
            t.invocation_count,
            cores,
        )
    }

    /// Registers `batches` (one schema) as table `name`, spread over `cores` partitions.
    fn register_partitioned(
        &mut self,
        name: &str,
        description: &str,
        batches: Vec<RecordBatch>,
        rows: usize,
        cores: usize,
    ) -> Result<(), SqlError> {
        let schema = batches[0].schema();
        let mut partitions = vec![Vec::new(); cores.min(batches.len()).max(1)];
        let n = partitions.len();
        for (i, b) in batches.into_iter().enumerate() {
            partitions[i % n].push(b);
        }
        let table = datafusion::datasource::MemTable::try_new(schema, partitions)?;
        self.register_provider(name, description, rows, std::sync::Arc::new(table))
    }

    /// Registers `table` as `name`, replacing a table of that name (e.g. `findings` after
    /// a second lint).
    fn register_provider(
        &mut self,
        name: &str,
        description: &str,
        rows: usize,
        table: std::sync::Arc<dyn datafusion::datasource::TableProvider>,
    ) -> Result<(), SqlError> {
        let _ = self.ctx.deregister_table(name)?;
        self.tables.retain(|x| x.name != name);
        self.ctx.register_table(name, table)?;
        self.tables.push(TableInfo {
            name: name.into(),
            description: description.into(),
            rows,
        });
        Ok(())
    }

    /// Registers the live telemetry tables (fetched when scanned) over `source`.
    pub fn add_live_telemetry(
        &mut self,
        source: std::sync::Arc<crate::telemetry::live::LiveSource>,
    ) -> Result<(), SqlError> {
        use crate::telemetry::live::{LiveKind, LiveTable};
        for (kind, name) in LiveKind::ALL {
            let table =
                LiveTable::new(kind, source.clone()).map_err(|message| SqlError::Table {
                    table: name.into(),
                    message,
                })?;
            self.register_provider(
                name,
                &format!("{} (live: fetched when a query reads it)", kind.describe()),
                0,
                std::sync::Arc::new(table),
            )?;
        }
        Ok(())
    }

    /// Analyses every function's handler code from `source` and (re)registers the
    /// `handler_effects` and `code_analysis` tables.
    pub fn add_code(
        &mut self,
        snapshot: &Snapshot,
        source: Option<&crate::code::source::CodeSource>,
    ) -> Result<(), SqlError> {
        let (effects, status) = crate::code::source::analyse_all(&snapshot.resources, source)
            .map_err(|message| SqlError::Table {
                table: "handler_effects".into(),
                message,
            })?;
        self.add(
            "handler_effects",
            "one effect of a function's handler code (AWS call, additive write, email, ...) with file:line",
            &effects,
        )?;
        self.add(
            "code_analysis",
            "one function: whether its handler code was analysed, or why not",
            &status,
        )?;
        Ok(())
    }

    /// The table list as rows (for `query --tables`).
    pub fn tables_rows(&self) -> Vec<TableRow> {
        self.tables
            .iter()
            .map(|t| TableRow {
                name: t.name.clone(),
                description: t.description.clone(),
                rows: t.rows as i64,
            })
            .collect()
    }

    /// Registers rows of `T` as table `name`.
    pub fn add<T: Serialize + DeserializeOwned>(
        &mut self,
        name: &str,
        description: &str,
        rows: &[T],
    ) -> Result<(), SqlError> {
        let batch = arrow_rows::to_batch(rows).map_err(|e| SqlError::Table {
            table: name.to_string(),
            message: e,
        })?;
        self.register(name.to_string(), description, batch)
    }

    fn register(
        &mut self,
        name: String,
        description: &str,
        batch: RecordBatch,
    ) -> Result<(), SqlError> {
        let rows = batch.num_rows();
        let table = datafusion::datasource::MemTable::try_new(batch.schema(), vec![vec![batch]])?;
        self.register_provider(&name, description, rows, std::sync::Arc::new(table))
    }
}

/// Collects one record batch per inventory list.
struct InventoryTables {
    batches: Vec<(String, String, RecordBatch)>,
    error: Option<SqlError>,
}

impl ListVisitor for InventoryTables {
    fn visit<R>(&mut self, field: &'static str, items: &[R])
    where
        R: Resource + Serialize + DeserializeOwned,
    {
        if self.error.is_some() {
            return;
        }
        match arrow_rows::to_batch(items) {
            Ok(batch) => self.batches.push((
                field.to_string(),
                format!("one {} (inventory)", R::TYPE.replace('_', " ")),
                batch,
            )),
            Err(e) => {
                self.error = Some(SqlError::Table {
                    table: field.to_string(),
                    message: e,
                })
            }
        }
    }
}
