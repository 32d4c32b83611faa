//! Live X-Ray through the live SQL tables, answered from recorded API responses in
//! `fixtures/replay/xray/` by the project-owned replay HTTP client: the emulator's
//! GetTraceSummaries answer (`"Users": {}`) is rejected by the SDK, so live traces are
//! tested here instead. The recordings are the shape X-Ray returns: two traces in one hour,
//! one of them a fault whose segments nest a subsegment calling DynamoDB.

use crate::e2e_data_iam::replay_config;
use datafusion::arrow::util::pretty::pretty_format_batches;
use std::sync::Arc;
use watershed::sql::{Catalog, run_query};
use watershed::telemetry::live::{Confirm, LiveOptions, LiveSource};

/// 2026-11-29T11:00:00Z, the demo telemetry's hour.
const T0: i64 = 1_795_950_000_000;

async fn catalog() -> Catalog {
    let snapshot = watershed::demo::demo_snapshot().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let source = LiveSource::new(
        &snapshot.resources,
        LiveOptions {
            sdk: replay_config("xray").await,
            account: "111122223333".into(),
            window: (T0, T0 + 3_600_000),
            cache_dir: cache.path().to_path_buf(),
            confirm: Confirm::Yes,
            max_calls: 100,
            insights_above: 20,
        },
    );
    let mut catalog = Catalog::new(&snapshot).unwrap();
    catalog.add_live_telemetry(Arc::new(source)).unwrap();
    catalog
}

async fn rows(catalog: &Catalog, sql: &str) -> String {
    let batches = run_query(catalog, sql).await.unwrap();
    pretty_format_batches(&batches).unwrap().to_string()
}

/// The demo's recorded telemetry tables.
fn recorded() -> Catalog {
    let snapshot = watershed::demo::demo_snapshot().unwrap();
    let mut catalog = Catalog::new(&snapshot).unwrap();
    let t =
        watershed::telemetry::Telemetry::read_without_logs(std::path::Path::new("demo")).unwrap();
    catalog.add_metrics_and_traces(&t).unwrap();
    catalog
}

const TRACES: &str = "('1-6b0c05fc-47a1e1f54ac63b27fdf2f735', '1-6b0c0858-d83f0e4b02be69d5b6a73d51', '1-df174d8d-a5960f0547d19a963b79d3b6')";

/// The three replayed traces (`scripts/gen-xray-replay.py` took them from the demo's
/// recording) read live equal the recorded rows, summaries and every flattened segment.
#[tokio::test(flavor = "multi_thread")]
async fn live_xray_tables_equal_the_recorded_ones() {
    let (live, recorded) = (catalog().await, recorded());
    for sql in [
        format!("SELECT * FROM xray_trace_summaries WHERE trace_id IN {TRACES} ORDER BY trace_id"),
        format!(
            "SELECT * FROM xray_segments WHERE trace_id IN {TRACES} ORDER BY trace_id, segment_id"
        ),
    ] {
        let (a, b) = (rows(&live, &sql).await, rows(&recorded, &sql).await);
        assert_eq!(a, b, "{sql}");
        assert!(a.lines().count() > 6, "{a}");
    }
    let all = rows(&live, "SELECT count(*) AS n FROM xray_trace_summaries").await;
    assert!(all.contains("| 3 |"), "{all}");
    let fault = rows(
        &live,
        "SELECT s.name, s.http_status, s.aws_operation FROM xray_segments s JOIN xray_trace_summaries t USING (trace_id) WHERE t.has_fault AND s.fault AND s.is_subsegment",
    )
    .await;
    assert!(
        fault.contains("| StepFunctions | 503         | StartExecution |"),
        "{fault}"
    );
}
