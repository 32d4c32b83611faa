//! Failure paths: for each asynchronous or polled edge, where a failed event ends up.
//!
//! A path has one or two stages. *Delivery*: the source service hands the event over
//! (SNS, EventBridge, Scheduler and S3 retry on their own and may have a DLQ). *Processing*:
//! the consumer fails (Lambda's async queue retries and may send to an on-failure
//! destination or DLQ; an event-source mapping redelivers until the queue's redrive or the
//! stream's retry limits). A stage that gives up with nowhere to send the event drops it.

use super::{Edge, EdgeKind, NodeKind, Topology};
use crate::model::Inventory;
use serde::Serialize;

/// Where a failed event goes after one stage gives up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StageOutcome {
    /// A dead-letter queue (subscription redrive, target DLQ, function DLQ).
    Dlq {
        /// The DLQ.
        arn: String,
    },
    /// An on-failure destination.
    Destination {
        /// The destination.
        arn: String,
    },
    /// The source queue's redrive policy moves it to a DLQ.
    Redrive {
        /// The DLQ.
        arn: String,
    },
    /// Nowhere: the event is lost.
    Dropped,
    /// The service handles it in a way not configurable here.
    ServiceManaged {
        /// What happens.
        note: String,
    },
    /// The consumer is not in the inventory, so its settings are unknown.
    Unknown {
        /// Why.
        note: String,
    },
}

/// One stage of a failure path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailureStage {
    /// `delivery` or `processing`.
    pub stage: &'static str,
    /// Who retries (`SNS`, `EventBridge`, `Lambda async`, `Lambda ESM`, ...).
    pub actor: &'static str,
    /// Total attempts before giving up (`None`: until the event expires).
    pub attempts: Option<i64>,
    /// Maximum event age in seconds before giving up (`None`: no age limit).
    pub max_age_seconds: Option<i64>,
    /// Where the event goes then.
    pub outcome: StageOutcome,
}

/// The failure path of one edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailurePath {
    /// Source node id.
    pub from: String,
    /// Consumer node id.
    pub to: String,
    /// Edge kind.
    pub kind: EdgeKind,
    /// The configuring object of the edge.
    pub via: Option<String>,
    /// Stages in order.
    pub stages: Vec<FailureStage>,
    /// Some stage drops events.
    pub dropped: bool,
}

const LAMBDA_ASYNC_DEFAULT_RETRIES: i64 = 2;
const LAMBDA_ASYNC_DEFAULT_AGE: i64 = 6 * 3600;
const EVENTBRIDGE_DEFAULT_RETRIES: i64 = 185;
const EVENTBRIDGE_DEFAULT_AGE: i64 = 24 * 3600;
const DYNAMODB_STREAM_RETENTION: i64 = 24 * 3600;

/// Computes the failure path of every asynchronous or polled flow edge.
pub fn failure_paths(topology: &Topology, inv: &Inventory) -> Vec<FailurePath> {
    topology
        .edges()
        .filter_map(|e| path_of(e, topology, inv))
        .collect()
}

fn path_of(e: &Edge, topo: &Topology, inv: &Inventory) -> Option<FailurePath> {
    let target_is_lambda = topo
        .node(&e.to)
        .is_some_and(|n| n.kind == NodeKind::LambdaFunction);
    let mut stages = Vec::new();
    match e.kind {
        EdgeKind::SnsSubscription => {
            stages.push(sns_delivery(e));
            if target_is_lambda {
                stages.push(lambda_async(e, inv));
            }
        }
        EdgeKind::RuleTarget | EdgeKind::ScheduleTarget => {
            let (attempts, age) = retry_policy(e);
            let outcome = match e.settings.get("dead_letter_arn").and_then(|v| v.as_str()) {
                Some(arn) => StageOutcome::Dlq {
                    arn: arn.to_string(),
                },
                None => StageOutcome::Dropped,
            };
            let actor = if e.kind == EdgeKind::RuleTarget {
                "EventBridge"
            } else {
                "Scheduler"
            };
            stages.push(FailureStage {
                stage: "delivery",
                actor,
                attempts: Some(attempts),
                max_age_seconds: Some(age),
                outcome,
            });
            if target_is_lambda {
                stages.push(lambda_async(e, inv));
            }
        }
        EdgeKind::S3Notification => {
            stages.push(FailureStage {
                stage: "delivery",
                actor: "S3",
                attempts: None,
                max_age_seconds: None,
                outcome: StageOutcome::ServiceManaged {
                    note: "S3 has no DLQ for notifications: events it cannot deliver (missing permission or target) are lost".into(),
                },
            });
            if target_is_lambda {
                stages.push(lambda_async(e, inv));
            }
        }
        EdgeKind::LambdaOnSuccess | EdgeKind::LambdaOnFailure | EdgeKind::PipeTarget
            if target_is_lambda =>
        {
            if e.kind == EdgeKind::PipeTarget && e.invocation != super::Invocation::Async {
                return None;
            }
            stages.push(lambda_async(e, inv));
        }
        EdgeKind::EventSourceMapping | EdgeKind::PipeSource => {
            stages.push(poll_stage(e, topo, inv))
        }
        _ => return None,
    }
    let dropped = stages.iter().any(|s| s.outcome == StageOutcome::Dropped);
    Some(FailurePath {
        from: e.from.clone(),
        to: e.to.clone(),
        kind: e.kind,
        via: e.via.clone(),
        stages,
        dropped,
    })
}

fn setting_i64(e: &Edge, path: &[&str]) -> Option<i64> {
    let mut v = e.settings.get(path[0])?;
    for k in &path[1..] {
        v = v.get(k)?;
    }
    v.as_i64()
}

/// (attempts, max age) of an EventBridge target or Scheduler retry policy, with AWS defaults.
fn retry_policy(e: &Edge) -> (i64, i64) {
    let retries = setting_i64(e, &["retry_policy", "maximum_retry_attempts"])
        .unwrap_or(EVENTBRIDGE_DEFAULT_RETRIES);
    let age = setting_i64(e, &["retry_policy", "maximum_event_age_seconds"])
        .unwrap_or(EVENTBRIDGE_DEFAULT_AGE);
    (retries + 1, age)
}

/// SNS delivery retries by protocol (AWS-managed endpoints vs customer-managed ones).
fn sns_delivery(e: &Edge) -> FailureStage {
    let protocol = e
        .settings
        .get("protocol")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let (attempts, age) = match protocol {
        "lambda" | "sqs" | "firehose" => (Some(100_015), Some(23 * 86_400)),
        "http" | "https" => (Some(4), Some(60)),
        _ => (None, None),
    };
    let outcome = match e
        .settings
        .get("redrive_dead_letter_arn")
        .and_then(|v| v.as_str())
    {
        Some(arn) => StageOutcome::Dlq {
            arn: arn.to_string(),
        },
        None => StageOutcome::Dropped,
    };
    FailureStage {
        stage: "delivery",
        actor: "SNS",
        attempts,
        max_age_seconds: age,
        outcome,
    }
}

/// Lambda's asynchronous invocation queue of the edge's target function (and qualifier).
fn lambda_async(e: &Edge, inv: &Inventory) -> FailureStage {
    let qualifier = e
        .settings
        .get("target_qualifier")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let Some(f) = inv.lambda_functions.iter().find(|f| f.arn == e.to) else {
        return FailureStage {
            stage: "processing",
            actor: "Lambda async",
            attempts: None,
            max_age_seconds: None,
            outcome: StageOutcome::Unknown {
                note: "function not in the inventory".into(),
            },
        };
    };
    let cfg = f.async_config_for(qualifier.as_deref());
    let retries = cfg
        .and_then(|c| c.maximum_retry_attempts)
        .map(i64::from)
        .unwrap_or(LAMBDA_ASYNC_DEFAULT_RETRIES);
    let age = cfg
        .and_then(|c| c.maximum_event_age_seconds)
        .map(i64::from)
        .unwrap_or(LAMBDA_ASYNC_DEFAULT_AGE);
    let outcome = match (
        cfg.and_then(|c| c.on_failure_arn.clone()),
        &f.dead_letter_target_arn,
    ) {
        (Some(d), _) => StageOutcome::Destination { arn: d },
        (None, Some(dlq)) => StageOutcome::Dlq { arn: dlq.clone() },
        (None, None) => StageOutcome::Dropped,
    };
    FailureStage {
        stage: "processing",
        actor: "Lambda async",
        attempts: Some(retries + 1),
        max_age_seconds: Some(age),
        outcome,
    }
}

/// A polling consumer (event-source mapping or pipe) failing on records of its source.
fn poll_stage(e: &Edge, topo: &Topology, inv: &Inventory) -> FailureStage {
    let actor = if e.kind == EdgeKind::EventSourceMapping {
        "Lambda ESM"
    } else {
        "Pipe"
    };
    let source_kind = topo
        .node(&e.from)
        .map(|n| n.kind)
        .unwrap_or(NodeKind::Unknown);
    match source_kind {
        NodeKind::SqsQueue => {
            let Some(q) = inv.sqs_queues.iter().find(|q| q.arn == e.from) else {
                return FailureStage {
                    stage: "processing",
                    actor,
                    attempts: None,
                    max_age_seconds: None,
                    outcome: StageOutcome::Unknown {
                        note: "source queue not in the inventory".into(),
                    },
                };
            };
            match &q.redrive {
                Some(r) => FailureStage {
                    stage: "processing",
                    actor,
                    attempts: Some(i64::from(r.max_receive_count)),
                    max_age_seconds: Some(i64::from(q.message_retention_seconds)),
                    outcome: StageOutcome::Redrive {
                        arn: r.dead_letter_target_arn.clone(),
                    },
                },
                None => FailureStage {
                    stage: "processing",
                    actor,
                    attempts: None,
                    max_age_seconds: Some(i64::from(q.message_retention_seconds)),
                    outcome: StageOutcome::Dropped,
                },
            }
        }
        NodeKind::KinesisStream | NodeKind::DynamodbStream | NodeKind::KafkaCluster => {
            let retention = match source_kind {
                NodeKind::KinesisStream => inv
                    .kinesis_streams
                    .iter()
                    .find(|s| s.arn == e.from)
                    .map(|s| i64::from(s.retention_hours) * 3600),
                NodeKind::DynamodbStream => Some(DYNAMODB_STREAM_RETENTION),
                _ => None,
            };
            let positive = |v: Option<i64>| v.filter(|&n| n >= 0);
            let retries = positive(setting_i64(e, &["maximum_retry_attempts"]));
            let age = positive(setting_i64(e, &["maximum_record_age_seconds"])).or(retention);
            let dest = if e.kind == EdgeKind::EventSourceMapping {
                e.settings
                    .get("destination_on_failure_arn")
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            } else {
                topo.outgoing(&e.to)
                    .into_iter()
                    .find(|x| x.kind == EdgeKind::PipeDlq)
                    .map(|x| x.to.clone())
            };
            FailureStage {
                stage: "processing",
                actor,
                attempts: retries.map(|r| r + 1),
                max_age_seconds: age,
                outcome: match dest {
                    Some(arn) => StageOutcome::Destination { arn },
                    None => StageOutcome::Dropped,
                },
            }
        }
        NodeKind::MqBroker => FailureStage {
            stage: "processing",
            actor,
            attempts: None,
            max_age_seconds: None,
            outcome: StageOutcome::ServiceManaged {
                note:
                    "the broker's redelivery policy moves the message to its own DLQ (ActiveMQ.DLQ)"
                        .into(),
            },
        },
        _ => FailureStage {
            stage: "processing",
            actor,
            attempts: None,
            max_age_seconds: None,
            outcome: StageOutcome::Unknown {
                note: format!("source kind {} not modelled", source_kind.as_str()),
            },
        },
    }
}

/// Formats seconds as a short duration (`6h`, `23d`, `1h30m`, `45s`).
pub fn human_duration(seconds: i64) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
        seconds % 60,
    );
    let mut out = String::new();
    for (v, unit) in [(d, "d"), (h, "h"), (m, "m"), (s, "s")] {
        if v > 0 {
            out.push_str(&format!("{v}{unit}"));
        }
    }
    if out.is_empty() { "0s".into() } else { out }
}

impl FailureStage {
    /// One-line description: `SNS: 100015 attempts over 23d, then DLQ arn:...`.
    pub fn describe(&self) -> String {
        let tries = match (self.attempts, self.max_age_seconds) {
            (Some(a), Some(s)) => format!("{a} attempts within {}", human_duration(s)),
            (Some(a), None) => format!("{a} attempts"),
            (None, Some(s)) => format!("retries until the event is {} old", human_duration(s)),
            (None, None) => "retries as the service decides".to_string(),
        };
        let then = match &self.outcome {
            StageOutcome::Dlq { arn } => format!("then DLQ {arn}"),
            StageOutcome::Destination { arn } => format!("then on-failure destination {arn}"),
            StageOutcome::Redrive { arn } => format!("then redrive to {arn}"),
            StageOutcome::Dropped => "then DROPPED".to_string(),
            StageOutcome::ServiceManaged { note } => return format!("{}: {note}", self.actor),
            StageOutcome::Unknown { note } => return format!("{}: unknown ({note})", self.actor),
        };
        format!("{}: {tries}, {then}", self.actor)
    }
}
