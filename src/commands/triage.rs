//! `watershed triage TARGET`: one screen for an incident: the resource's neighbourhood (who
//! triggers it, what it triggers, where failures go), the health of the functions around it
//! from recorded telemetry, their latest error lines, and the lint findings on the
//! neighbourhood.

use super::output::emit;
use crate::cli::TriageArgs;
use crate::error::{Error, Result};
use crate::graph::Topology;
use crate::lint::Finding;
use crate::source;
use crate::telemetry::lambda_logs::{Invocation, LogEvent, invocations};
use crate::telemetry::metrics::MetricDatapoint;
use crate::telemetry::xray::{SegmentRow, TraceSummary};
use serde::Serialize;
use std::collections::BTreeSet;

/// Output format of `triage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TriageFormat {
    /// Readable text.
    Text,
    /// One JSON object.
    Json,
    /// Markdown (incident notes, tickets).
    Markdown,
}

/// One edge around the target.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// `upstream` or `downstream`.
    pub direction: String,
    /// Edge kind.
    pub kind: String,
    /// `sync`, `async`, `poll`, `on_failure`, `config`.
    pub invocation: String,
    /// The other end.
    pub other: String,
}

/// Health of one function from its invocations in the window.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// Function name.
    pub function: String,
    /// Invocations.
    pub invocations: usize,
    /// Errors (status error/failure, timeouts, OOMs).
    pub errors: usize,
    /// Timeouts.
    pub timeouts: usize,
    /// Out of memory.
    pub ooms: usize,
    /// Cold starts.
    pub cold_starts: usize,
    /// p99 duration.
    pub p99_ms: f64,
    /// Peak memory share of the configured size, percent.
    pub peak_memory_pct: Option<f64>,
}

/// One metric signal of a resource in the neighbourhood (non-zero ones only).
#[derive(Debug, Clone, Serialize)]
pub struct Signal {
    /// Resource name (the metric's main dimension).
    pub resource: String,
    /// `AWS/SQS ApproximateNumberOfMessagesVisible`, ...
    pub metric: String,
    /// `sum` or `max` over the window.
    pub aggregate: String,
    /// The aggregate.
    pub value: f64,
    /// The latest datapoint (the trend: a DLQ still filling, an iterator age still growing).
    pub latest: f64,
}

/// One of the slowest traces through the neighbourhood.
#[derive(Debug, Clone, Serialize)]
pub struct SlowTrace {
    /// Trace id.
    pub trace_id: String,
    /// Response time, seconds.
    pub response_time_s: f64,
    /// Fault, error or throttle.
    pub status: String,
    /// The slowest downstream call in it (`name operation`, duration).
    pub slowest_call: Option<String>,
}

/// The triage report.
#[derive(Debug, Clone, Serialize)]
pub struct Triage {
    /// The target's id.
    pub target: String,
    /// Its kind.
    pub kind: String,
    /// The edges around it.
    pub links: Vec<Link>,
    /// Health of the functions in the neighbourhood (recorded telemetry).
    pub health: Vec<Health>,
    /// Metric signals of the neighbourhood: throttles, DLQ depth and age, iterator age,
    /// dropped async events, notification failures, 5XX, failed executions.
    pub signals: Vec<Signal>,
    /// The slowest traces through the neighbourhood's functions.
    pub slowest_traces: Vec<SlowTrace>,
    /// Latest error lines of those functions.
    pub errors: Vec<String>,
    /// Findings on the neighbourhood.
    pub findings: Vec<Finding>,
    /// What is missing from this view.
    pub notes: Vec<String>,
}

fn health(function: &str, calls: &[&Invocation]) -> Health {
    let mut durations: Vec<f64> = calls.iter().map(|i| i.duration_ms).collect();
    durations.sort_by(f64::total_cmp);
    let p99 = durations
        .get(((durations.len() as f64 * 0.99).ceil() as usize).saturating_sub(1))
        .copied()
        .unwrap_or_default();
    let peak = calls
        .iter()
        .filter_map(|i| Some(i.max_memory_used_mb? as f64 / i.memory_size_mb? as f64 * 100.0))
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    Health {
        function: function.to_string(),
        invocations: calls.len(),
        errors: calls
            .iter()
            .filter(|i| {
                i.timed_out || i.oom || matches!(i.status.as_deref(), Some("error" | "failure"))
            })
            .count(),
        timeouts: calls.iter().filter(|i| i.timed_out).count(),
        ooms: calls.iter().filter(|i| i.oom).count(),
        cold_starts: calls.iter().filter(|i| i.cold_start).count(),
        p99_ms: p99,
        peak_memory_pct: peak.map(|p| (p * 10.0).round() / 10.0),
    }
}

/// The metrics triage reads, and how each is aggregated over the window.
const SIGNALS: &[(&str, &str, &str)] = &[
    ("AWS/Lambda", "Errors", "sum"),
    ("AWS/Lambda", "Throttles", "sum"),
    ("AWS/Lambda", "IteratorAge", "max"),
    ("AWS/Lambda", "AsyncEventsDropped", "sum"),
    ("AWS/Lambda", "DeadLetterErrors", "sum"),
    ("AWS/Lambda", "DestinationDeliveryFailures", "sum"),
    ("AWS/SQS", "ApproximateNumberOfMessagesVisible", "max"),
    ("AWS/SQS", "ApproximateAgeOfOldestMessage", "max"),
    ("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", "max"),
    ("AWS/SNS", "NumberOfNotificationsFailed", "sum"),
    ("AWS/ApiGateway", "5XXError", "sum"),
    ("AWS/States", "ExecutionsFailed", "sum"),
    ("AWS/States", "ExecutionsTimedOut", "sum"),
    ("AWS/States", "ExecutionThrottled", "sum"),
];

/// The non-zero signals of the resources named `names` since `from`.
fn signals(points: &[MetricDatapoint], names: &BTreeSet<String>, from: i64) -> Vec<Signal> {
    let mut out = Vec::new();
    for (namespace, metric, aggregate) in SIGNALS {
        let mut by_resource: std::collections::BTreeMap<&str, Vec<&MetricDatapoint>> =
            Default::default();
        for p in points.iter().filter(|p| {
            p.namespace == *namespace
                && p.metric_name == *metric
                && p.timestamp >= from
                && names.contains(&p.resource_name)
        }) {
            by_resource.entry(&p.resource_name).or_default().push(p);
        }
        for (resource, mut list) in by_resource {
            list.sort_by_key(|p| p.timestamp);
            let values = list.iter().map(|p| p.value);
            let value = if *aggregate == "sum" {
                values.sum()
            } else {
                values.fold(f64::MIN, f64::max)
            };
            if value > 0.0 {
                out.push(Signal {
                    resource: resource.to_string(),
                    metric: format!("{namespace} {metric}"),
                    aggregate: aggregate.to_string(),
                    value,
                    latest: list.last().map(|p| p.value).unwrap_or_default(),
                });
            }
        }
    }
    out
}

/// The three slowest traces since `from` that went through one of `functions`.
fn slowest_traces(
    summaries: &[TraceSummary],
    segments: &[SegmentRow],
    functions: &BTreeSet<String>,
    from: i64,
) -> Vec<SlowTrace> {
    let mut mine: Vec<&TraceSummary> = summaries
        .iter()
        .filter(|t| t.trace_start >= from && t.service_names.iter().any(|s| functions.contains(s)))
        .collect();
    mine.sort_by(|a, b| {
        b.response_time_s
            .unwrap_or_default()
            .total_cmp(&a.response_time_s.unwrap_or_default())
    });
    mine.into_iter()
        .take(3)
        .map(|t| {
            let slowest_call = segments
                .iter()
                .filter(|s| {
                    s.trace_id == t.trace_id
                        && matches!(s.namespace.as_deref(), Some("aws" | "remote"))
                })
                .max_by(|a, b| {
                    a.duration_ms
                        .unwrap_or_default()
                        .total_cmp(&b.duration_ms.unwrap_or_default())
                })
                .map(|s| {
                    format!(
                        "{}{} {:.0} ms{}",
                        s.name,
                        s.aws_operation
                            .as_deref()
                            .map(|o| format!(" {o}"))
                            .unwrap_or_default(),
                        s.duration_ms.unwrap_or_default(),
                        if s.fault { " (fault)" } else { "" }
                    )
                });
            let status = [
                (t.has_fault, "fault"),
                (t.has_error, "error"),
                (t.has_throttle, "throttle"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(",");
            SlowTrace {
                trace_id: t.trace_id.clone(),
                response_time_s: t.response_time_s.unwrap_or_default(),
                status: if status.is_empty() {
                    "ok".into()
                } else {
                    status
                },
                slowest_call,
            }
        })
        .collect()
}

fn is_error_line(e: &LogEvent) -> bool {
    let m = e.message.to_ascii_lowercase();
    !m.starts_with("report ")
        && !m.contains("\"type\": \"platform.")
        && !m.contains("\"type\":\"platform.")
        && (m.contains("error")
            || m.contains("exception")
            || m.contains("task timed out")
            || m.contains("traceback"))
}

/// Runs `triage`.
pub fn run(args: &TriageArgs) -> Result<i32> {
    let since = crate::util::duration_ms(&args.window.since).map_err(Error::Usage)?;
    let snapshot = source::load(&args.source)?;
    let topology = Topology::from_inventory(&snapshot.resources);
    let node = topology
        .resolve(&args.target)
        .map_err(Error::Usage)?
        .clone();
    let mut links = Vec::new();
    let mut around: BTreeSet<String> = BTreeSet::from([node.id.clone()]);
    let upstream = topology
        .incoming(&node.id)
        .into_iter()
        .map(|e| ("upstream", e, &e.from));
    let downstream = topology
        .outgoing(&node.id)
        .into_iter()
        .map(|e| ("downstream", e, &e.to));
    for (direction, e, other) in upstream.chain(downstream) {
        around.insert(other.clone());
        links.push(Link {
            direction: direction.into(),
            kind: e.kind.as_str().into(),
            invocation: e.invocation.as_str().into(),
            other: other.clone(),
        });
    }

    let mut notes = Vec::new();
    let functions: Vec<&crate::model::lambda::LambdaFunction> = snapshot
        .resources
        .lambda_functions
        .iter()
        .filter(|f| around.contains(&f.arn))
        .collect();
    let (mut health_rows, mut errors) = (Vec::new(), Vec::new());
    let (mut signal_rows, mut slow) = (Vec::new(), Vec::new());
    let names = crate::telemetry::metrics::names_of(&snapshot.resources, &around);
    let mut live = None;
    let loaded = match &args.source.telemetry {
        None => None,
        Some(_) if super::telemetry_source::is_live(&args.source) => {
            let runtime = super::runtime()?;
            let (source, telemetry) = runtime.block_on(async {
                let source = super::telemetry_source::live_source(
                    &snapshot,
                    &args.source.live,
                    &args.window,
                )
                .await?;
                let t = source
                    .collect(Some(&names), false)
                    .await
                    .map_err(Error::Usage)?;
                Ok::<_, Error>((source, t))
            })?;
            let from = super::telemetry_source::window(
                &args.window,
                chrono::Utc::now().timestamp_millis(),
            )?
            .0;
            live = Some(source);
            Some((telemetry, from))
        }
        Some(dir) => {
            let telemetry = crate::telemetry::Telemetry::read(dir).map_err(Error::Usage)?;
            let latest = telemetry
                .log_events
                .iter()
                .map(|e| e.timestamp)
                .chain(telemetry.metric_datapoints.iter().map(|p| p.timestamp))
                .max()
                .unwrap_or_default();
            let from = match &args.window.from {
                Some(_) => super::telemetry_source::window(&args.window, latest)?.0,
                None => latest - since,
            };
            Some((telemetry, from))
        }
    };
    match loaded {
        None => notes.push(
            "no telemetry: pass --telemetry DIR, demo or live for health, signals, traces and error lines"
                .into(),
        ),
        Some((telemetry, from)) => {
            let events = &telemetry.log_events;
            let recent: Vec<&LogEvent> = events.iter().filter(|e| e.timestamp >= from).collect();
            let owned: Vec<LogEvent> = recent.iter().map(|e| (*e).clone()).collect();
            let calls = invocations(&owned);
            for f in &functions {
                let group = f
                    .logging
                    .log_group
                    .clone()
                    .unwrap_or_else(|| format!("/aws/lambda/{}", f.name));
                let mine: Vec<&Invocation> =
                    calls.iter().filter(|i| i.log_group == group).collect();
                if !mine.is_empty() {
                    health_rows.push(health(&f.name, &mine));
                }
                let mut lines: Vec<&&LogEvent> = recent
                    .iter()
                    .filter(|e| e.log_group == group && is_error_line(e))
                    .collect();
                lines.sort_by_key(|e| std::cmp::Reverse(e.timestamp));
                errors.extend(lines.into_iter().take(5).map(|e| {
                    let at = chrono::DateTime::from_timestamp_millis(e.timestamp)
                        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
                        .unwrap_or_default();
                    format!("{} {at}: {}", f.name, e.message.trim().replace('\n', " | "))
                }));
            }
            signal_rows = signals(&telemetry.metric_datapoints, &names, from);
            let segments = crate::telemetry::xray::segments(&telemetry.segment_documents)
                .map_err(Error::Usage)?;
            let function_names = functions.iter().map(|f| f.name.clone()).collect();
            slow = slowest_traces(&telemetry.trace_summaries, &segments, &function_names, from);
            if telemetry.metric_datapoints.is_empty() {
                notes.push("no metrics in the telemetry folder: throttles, DLQ depth and iterator age are not shown".into());
            }
        }
    }

    let rules = crate::lint::rule::catalog(&[])?;
    let config = super::lint::load_config(None)?;
    let selection = crate::lint::Selection {
        options: config.rules.clone(),
        ..Default::default()
    };
    let selected = selection.apply(&rules);
    let mut catalog = crate::sql::Catalog::with_topology(&snapshot, &topology)?;
    catalog.add_code(&snapshot, Some(&source::code_source(&args.source)?))?;
    let outcome = super::lint::lint_snapshot(&snapshot, &catalog, &selected, &config, &selection)?;
    let findings: Vec<Finding> = outcome
        .findings
        .into_iter()
        .filter(|f| {
            around.contains(&f.resource_arn)
                || f.related_arn.as_ref().is_some_and(|r| around.contains(r))
        })
        .collect();

    if let Some(source) = &live {
        super::telemetry_source::report_calls(source);
    }
    let report = Triage {
        target: node.id.clone(),
        kind: node.kind.as_str().to_string(),
        links,
        health: health_rows,
        signals: signal_rows,
        slowest_traces: slow,
        errors,
        findings,
        notes,
    };
    emit(&render(&report, args.format), args.output.as_deref())?;
    Ok(0)
}

fn render(t: &Triage, format: TriageFormat) -> String {
    use std::fmt::Write;
    if format == TriageFormat::Json {
        return serde_json::to_string_pretty(t).unwrap_or_default() + "\n";
    }
    let md = format == TriageFormat::Markdown;
    let h = |title: &str| {
        if md {
            format!("\n## {title}\n")
        } else {
            format!("\n{}\n", title.to_uppercase())
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{} ({})",
        if md { "# " } else { "" },
        t.target,
        t.kind
    );
    out.push_str(&h("Neighbourhood"));
    for l in &t.links {
        let arrow = if l.direction == "upstream" {
            "<-"
        } else {
            "->"
        };
        let _ = writeln!(
            out,
            "{}{arrow} {} [{} {}]",
            if md { "- " } else { "  " },
            l.other,
            l.kind,
            l.invocation
        );
    }
    out.push_str(&h("Health"));
    for x in &t.health {
        let _ = writeln!(
            out,
            "{}{}: {} invocations, {} errors ({} timeouts, {} OOM), {} cold starts, p99 {:.0} ms{}",
            if md { "- " } else { "  " },
            x.function,
            x.invocations,
            x.errors,
            x.timeouts,
            x.ooms,
            x.cold_starts,
            x.p99_ms,
            x.peak_memory_pct
                .map(|p| format!(", peak memory {p}%"))
                .unwrap_or_default()
        );
    }
    out.push_str(&h("Signals"));
    for x in &t.signals {
        let trend = if x.aggregate == "max" && x.latest > 0.0 && x.latest >= x.value {
            " (still at its peak)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{}{}: {} {} {}{trend}",
            if md { "- " } else { "  " },
            x.resource,
            x.metric,
            x.aggregate,
            x.value
        );
    }
    out.push_str(&h("Slowest traces"));
    for x in &t.slowest_traces {
        let _ = writeln!(
            out,
            "{}{} {:.2} s {}{}",
            if md { "- " } else { "  " },
            x.trace_id,
            x.response_time_s,
            x.status,
            x.slowest_call
                .as_deref()
                .map(|c| format!(", slowest call: {c}"))
                .unwrap_or_default()
        );
    }
    out.push_str(&h("Latest errors"));
    for e in &t.errors {
        let _ = writeln!(out, "{}{e}", if md { "- " } else { "  " });
    }
    out.push_str(&h("Findings"));
    for f in &t.findings {
        let _ = writeln!(
            out,
            "{}{} {} {}: {}",
            if md { "- " } else { "  " },
            f.severity.as_str(),
            f.rule_id,
            f.resource_name,
            f.message
        );
    }
    for n in &t.notes {
        let _ = writeln!(out, "\nnote: {n}");
    }
    out
}
