//! Telemetry query benchmark, watershed side: loads a recorded `log_events.ndjson` (the
//! streaming loader behind `query --telemetry DIR`) and runs the five triage queries of
//! `scripts/bench-telemetry`, best of three each. Prints figures; asserts nothing.
//!
//!   cargo bench --bench telemetry -- DIR REQUEST_ID

use std::time::Instant;
use watershed::sql::Catalog;

/// The five triage queries (name, SQL with `{rid}`).
const QUERIES: &[(&str, &str)] = &[
    (
        "cold_starts",
        "SELECT function_name, count(*) AS invocations, sum(CASE WHEN cold_start THEN 1 ELSE 0 END) AS cold, avg(init_duration_ms) AS avg_init FROM lambda_invocations GROUP BY 1 ORDER BY 1",
    ),
    (
        "p99_duration",
        "SELECT function_name, approx_percentile_cont(duration_ms, 0.99) AS p99 FROM lambda_invocations GROUP BY 1 ORDER BY 1",
    ),
    (
        "timeouts",
        "SELECT function_name, count(*) AS timeouts FROM lambda_invocations WHERE timed_out GROUP BY 1 ORDER BY 2 DESC, 1",
    ),
    (
        "error_signatures",
        "SELECT regexp_replace(regexp_replace(substr(message, 40), '[0-9a-f]{8}-[0-9a-f-]{27}', '<id>', 'g'), '[0-9]+', '<n>', 'g') AS signature, count(*) AS n FROM log_events WHERE level = 'ERROR' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20",
    ),
    (
        "request_follow",
        "SELECT timestamp, log_group, message FROM log_events WHERE request_id = '{rid}' ORDER BY timestamp, event_id",
    ),
];

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [dir, rid] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench telemetry -- DIR REQUEST_ID");
        std::process::exit(2);
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let snapshot = watershed::demo::demo_snapshot().unwrap();
    let mut catalog = Catalog::new(&snapshot).unwrap();
    let logs = watershed::telemetry::log_tables::read(std::path::Path::new(dir)).unwrap();
    let (events, invocations) = (logs.rows, logs.invocation_count);
    let arrow_mb = |batches: &[datafusion::arrow::record_batch::RecordBatch]| {
        batches
            .iter()
            .map(|b| b.get_array_memory_size())
            .sum::<usize>() as f64
            / 1e6
    };
    let (events_mb, invocations_mb) = (arrow_mb(&logs.batches), arrow_mb(&logs.invocations));
    catalog.add_log_tables(logs).unwrap();
    println!(
        "load {:.2} s ({events} events, {invocations} invocations)",
        started.elapsed().as_secs_f64()
    );
    println!(
        "arrow log_events {events_mb:.0} MB, lambda_invocations {invocations_mb:.0} MB, peak RSS after load {:.0} MB",
        peak_rss_mb()
    );
    for (name, sql) in QUERIES {
        let sql = sql.replace("{rid}", rid);
        let mut best = f64::MAX;
        let mut rows = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let batches = runtime
                .block_on(watershed::sql::run_query(&catalog, &sql))
                .unwrap();
            best = best.min(t.elapsed().as_secs_f64());
            rows = batches.iter().map(|b| b.num_rows()).sum::<usize>();
        }
        println!("query {name} {best:.3} s ({rows} rows)");
    }
    println!("peak_rss {:.0} MB", peak_rss_mb());
}
