//! Derived tables: facts computed from the inventory that rules and queries join against
//! (`resources`, `edges`, `sfn_states`, `sfn_definitions`, `coverage`). Each row type here
//! is one table; [`super::session`] registers them.

use crate::asl;
use crate::graph::{NodeKind, Topology};
use crate::model::{Arn, CoverageStatus, Snapshot, Tags};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One row per resource of every type: the table findings are checked against.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResourceRow {
    /// ARN (synthetic for the few types without one).
    pub arn: String,
    /// Type name (`lambda_function`, `sqs_queue`, ...).
    pub resource_type: String,
    /// Name.
    pub name: String,
    /// Account id.
    pub account: String,
    /// Region (empty for global resources).
    pub region: String,
    /// Tags.
    pub tags: Tags,
}

/// One row per graph edge (see `graph::EdgeKind` for the kinds).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EdgeRow {
    /// Source node id (ARN, with Lambda qualifiers collapsed).
    pub from_arn: String,
    /// Target node id.
    pub to_arn: String,
    /// Edge kind (`sqs_esm`, `sns_subscription`, `rule_target`, ...).
    pub kind: String,
    /// `sync`, `async`, `poll`, `on_failure` or `config`.
    pub invocation: String,
    /// The resource that carries the wiring (subscription, mapping, rule), when not the source.
    pub via: Option<String>,
    /// Edge settings as JSON text (batch size, filter policy, retry policy, qualifiers...);
    /// read them with `json_get(settings, 'key')`.
    pub settings: String,
    /// Node type of the source.
    pub from_type: String,
    /// Node type of the target.
    pub to_type: String,
    /// The source is not in the inventory.
    pub from_external: bool,
    /// The target is not in the inventory.
    pub to_external: bool,
    /// The target is in an account that was not scanned.
    pub to_cross_account: bool,
    /// Account of the target, when known.
    pub to_account: String,
    /// Region of the target, when known.
    pub to_region: String,
    /// The target is a resource type watershed collects, in a scanned account, region and
    /// service whose collection succeeded, and it is not in the inventory: it does not exist.
    pub to_missing: bool,
    /// The same for the source: a resource type watershed collects, in a scanned account,
    /// region and service that collected completely, and absent (a mapping, pipe or
    /// subscription reading from something deleted).
    pub from_missing: bool,
}

/// One row per state of every state machine definition (nested states included).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SfnStateRow {
    /// State machine ARN.
    pub machine_arn: String,
    /// State name.
    pub name: String,
    /// `Task`, `Choice`, `Map`, `Parallel`, `Wait`, `Pass`, `Succeed`, `Fail`.
    pub state_type: String,
    /// Where the state lives: `""` at the top level, `Outer/branch[0]` or `Outer/items` inside.
    pub scope: String,
    /// The Task `Resource`.
    pub resource: Option<String>,
    /// `Next`.
    pub next: Option<String>,
    /// `End: true`.
    pub is_end: bool,
    /// Choice rule and `Default` targets.
    pub choice_targets: Vec<String>,
    /// `Catch` targets.
    pub catch_targets: Vec<String>,
    /// Errors named by `Retry` blocks.
    pub retry_errors: Vec<String>,
    /// Errors named by `Catch` blocks.
    pub catch_errors: Vec<String>,
    /// The state has at least one `Retry` block.
    pub has_retry: bool,
    /// The state has at least one `Catch` block.
    pub has_catch: bool,
    /// `TimeoutSeconds`.
    pub timeout_seconds: Option<i64>,
    /// `HeartbeatSeconds`.
    pub heartbeat_seconds: Option<i64>,
    /// Wait `Seconds`.
    pub wait_seconds: Option<i64>,
    /// Wait `SecondsPath` (input-driven).
    pub seconds_path: Option<String>,
    /// Wait `TimestampPath` (input-driven).
    pub timestamp_path: Option<String>,
    /// `TimeoutSecondsPath` (input-driven timeout).
    pub timeout_seconds_path: Option<String>,
    /// `HeartbeatSecondsPath` (input-driven heartbeat).
    pub heartbeat_seconds_path: Option<String>,
    /// `MaxAttempts` of each `Retry` block, in order (3 when left out).
    pub retry_max_attempts: Vec<i64>,
    /// `Variable` paths and JSONata `Condition`s a Choice state tests.
    pub choice_variables: Vec<String>,
    /// `Parameters` / `Arguments` as JSON text (read with `json_get`).
    pub parameters: Option<String>,
    /// Service a Task calls (`lambda`, `sns`, `states`, ...).
    pub call_service: Option<String>,
    /// Action a Task calls (`invoke`, `publish`, `startExecution`, ...).
    pub call_action: Option<String>,
    /// Integration pattern: `request_response`, `sync` or `wait_for_task_token`.
    pub call_pattern: Option<String>,
    /// ARN the Task calls, when static.
    pub call_target: Option<String>,
    /// `states:startExecution` without a `Name` parameter.
    pub unnamed_execution: bool,
    /// Reachable from `StartAt` through `Next`, `Choices`, `Default` and `Catch`.
    pub reachable: bool,
}

/// One row per state machine: how its definition parsed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SfnDefinitionRow {
    /// State machine ARN.
    pub machine_arn: String,
    /// Top-level `StartAt`.
    pub start_at: Option<String>,
    /// `StartAt` names a state that exists at the top level.
    pub start_at_exists: bool,
    /// Why the definition could not be parsed, when it could not.
    pub parse_error: Option<String>,
    /// Number of states, nested ones included.
    pub state_count: i64,
    /// Number of `Succeed`/`Fail` states and states with `End: true` at the top level.
    pub terminal_count: i64,
}

/// One row per scope of a definition: the top level, each Parallel branch, each Map
/// processor, with its `StartAt`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SfnScopeRow {
    /// State machine ARN.
    pub machine_arn: String,
    /// `""` for the top level, `Outer/branch[0]`, `Outer/items`.
    pub scope: String,
    /// The scope's `StartAt`, when set.
    pub start_at: Option<String>,
    /// `StartAt` names a state of the scope.
    pub start_at_exists: bool,
    /// Number of states in the scope.
    pub state_count: i64,
}

/// One row per (account, region, service) cell of the scan that produced the snapshot.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CoverageRow {
    /// Account id.
    pub account: String,
    /// Region (`global` for IAM and S3).
    pub region: String,
    /// Service.
    pub service: String,
    /// `ok`, `denied`, `throttled` or `error`.
    pub status: String,
    /// The operation that failed.
    pub operation: Option<String>,
    /// The error message.
    pub message: Option<String>,
    /// Resources collected in the cell.
    pub resources: i64,
}

/// The serde name of a unit enum variant (`on_failure`, `denied`).
fn serde_name(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The `resources` table.
pub fn resources(snapshot: &Snapshot) -> Vec<ResourceRow> {
    snapshot
        .resources
        .resources()
        .into_iter()
        .map(|r| ResourceRow {
            arn: r.arn,
            resource_type: r.resource_type.to_string(),
            name: r.name,
            account: r.account,
            region: r.region,
            tags: r.tags,
        })
        .collect()
}

/// Node kinds watershed collects, so that an absent one is known not to exist.
fn collected(kind: NodeKind) -> bool {
    !matches!(
        kind,
        NodeKind::SfnActivity
            | NodeKind::DynamodbTable
            | NodeKind::DynamodbStream
            | NodeKind::KafkaCluster
            | NodeKind::SaasApplication
            | NodeKind::HttpEndpoint
            | NodeKind::Email
            | NodeKind::Sms
            | NodeKind::AwsService
            | NodeKind::Unknown
    )
}

/// Which (account, region, service) cells collected completely. A snapshot without any
/// coverage (a hand-written fixture) is taken as complete.
struct Covered {
    cells: HashSet<(String, String, String)>,
    /// (region, service) of ok cells, for ARNs without an account (S3 buckets).
    any_account: HashSet<(String, String)>,
    any_recorded: bool,
}

impl Covered {
    fn of(snapshot: &Snapshot) -> Covered {
        let ok = || {
            snapshot
                .coverage
                .iter()
                .filter(|c| c.status == CoverageStatus::Ok)
        };
        Covered {
            cells: ok()
                .map(|c| (c.account.clone(), c.region.clone(), c.service.clone()))
                .collect(),
            any_account: ok()
                .map(|c| (c.region.clone(), c.service.clone()))
                .collect(),
            any_recorded: !snapshot.coverage.is_empty(),
        }
    }

    fn contains(&self, arn: &Arn) -> bool {
        if !self.any_recorded {
            return true;
        }
        let service = match arn.service.as_str() {
            "execute-api" => "apigateway",
            other => other,
        };
        let region = if arn.region.is_empty() {
            "global"
        } else {
            &arn.region
        };
        if arn.account.is_empty() {
            self.any_account
                .contains(&(region.to_string(), service.to_string()))
        } else {
            self.cells
                .contains(&(arn.account.clone(), region.to_string(), service.to_string()))
        }
    }
}

/// The `edges` table.
pub fn edges(snapshot: &Snapshot, topology: &Topology) -> Vec<EdgeRow> {
    let covered = Covered::of(snapshot);
    topology
        .edges()
        .map(|e| {
            let from = topology.node(&e.from);
            let to = topology.node(&e.to);
            let missing = |n: &crate::graph::Node| {
                n.external
                    && !n.cross_account
                    && collected(n.kind)
                    && Arn::parse(&n.id).is_ok_and(|a| covered.contains(&a))
            };
            let to_missing = to.is_some_and(missing);
            let from_missing = from.is_some_and(missing);
            EdgeRow {
                from_arn: e.from.clone(),
                to_arn: e.to.clone(),
                kind: e.kind.as_str().to_string(),
                invocation: serde_name(&e.invocation),
                via: e.via.clone(),
                settings: serde_json::Value::Object(e.settings.clone()).to_string(),
                from_type: from.map(|n| n.kind.as_str()).unwrap_or("unknown").into(),
                to_type: to.map(|n| n.kind.as_str()).unwrap_or("unknown").into(),
                from_external: from.is_some_and(|n| n.external),
                to_external: to.is_some_and(|n| n.external),
                to_cross_account: to.is_some_and(|n| n.cross_account),
                to_account: to.map(|n| n.account.clone()).unwrap_or_default(),
                to_region: to.map(|n| n.region.clone()).unwrap_or_default(),
                to_missing,
                from_missing,
            }
        })
        .collect()
}

/// The `sfn_states`, `sfn_definitions` and `sfn_scopes` tables.
pub struct SfnTables {
    /// `sfn_states`.
    pub states: Vec<SfnStateRow>,
    /// `sfn_definitions`.
    pub definitions: Vec<SfnDefinitionRow>,
    /// `sfn_scopes`.
    pub scopes: Vec<SfnScopeRow>,
}

/// The Step Functions tables.
pub fn sfn(snapshot: &Snapshot) -> SfnTables {
    let mut states = Vec::new();
    let mut definitions = Vec::new();
    let mut scopes = Vec::new();
    for m in &snapshot.resources.state_machines {
        let def = match asl::parse(&m.definition, &m.arn) {
            Ok(def) => def,
            Err(e) => {
                definitions.push(SfnDefinitionRow {
                    machine_arn: m.arn.clone(),
                    parse_error: Some(e.to_string()),
                    ..Default::default()
                });
                continue;
            }
        };
        let reachable = def.reachable();
        let mut scope_names: std::collections::BTreeSet<&str> =
            def.states.iter().map(|s| s.scope.as_str()).collect();
        scope_names.extend(def.scope_start_at.keys().map(String::as_str));
        for scope in scope_names {
            let start = def.scope_start_at.get(scope).cloned();
            let members: Vec<&str> = def
                .states
                .iter()
                .filter(|s| s.scope == scope)
                .map(|s| s.name.as_str())
                .collect();
            scopes.push(SfnScopeRow {
                machine_arn: m.arn.clone(),
                scope: scope.to_string(),
                start_at_exists: start.as_deref().is_some_and(|s| members.contains(&s)),
                start_at: start,
                state_count: members.len() as i64,
            });
        }
        let top_level: HashSet<&str> = def
            .states
            .iter()
            .filter(|s| s.scope.is_empty())
            .map(|s| s.name.as_str())
            .collect();
        definitions.push(SfnDefinitionRow {
            machine_arn: m.arn.clone(),
            start_at: def.start_at.clone(),
            start_at_exists: def
                .start_at
                .as_deref()
                .is_some_and(|s| top_level.contains(s)),
            parse_error: None,
            state_count: def.states.len() as i64,
            terminal_count: def
                .states
                .iter()
                .filter(|s| {
                    s.scope.is_empty()
                        && (s.end || s.state_type == "Succeed" || s.state_type == "Fail")
                })
                .count() as i64,
        });
        for s in def.states {
            let is_reachable = reachable.contains(&(s.scope.clone(), s.name.clone()));
            let call = s.call.as_ref();
            states.push(SfnStateRow {
                machine_arn: m.arn.clone(),
                has_retry: !s.retry_errors.is_empty(),
                has_catch: !s.catch_errors.is_empty(),
                call_service: call.map(|c| c.service.clone()),
                call_action: call.map(|c| c.action.clone()),
                call_pattern: call.map(|c| c.pattern.clone()),
                call_target: call.and_then(|c| c.target.clone()),
                unnamed_execution: call.is_some_and(|c| c.unnamed_execution),
                reachable: is_reachable,
                name: s.name,
                state_type: s.state_type,
                scope: s.scope,
                resource: s.resource,
                next: s.next,
                is_end: s.end,
                choice_targets: s.choice_targets,
                catch_targets: s.catch_targets,
                retry_errors: s.retry_errors,
                catch_errors: s.catch_errors,
                timeout_seconds: s.timeout_seconds,
                heartbeat_seconds: s.heartbeat_seconds,
                wait_seconds: s.wait_seconds,
                seconds_path: s.seconds_path,
                timestamp_path: s.timestamp_path,
                timeout_seconds_path: s.timeout_seconds_path,
                heartbeat_seconds_path: s.heartbeat_seconds_path,
                retry_max_attempts: s.retry_max_attempts,
                choice_variables: s.choice_variables,
                parameters: s.parameters,
            });
        }
    }
    SfnTables {
        states,
        definitions,
        scopes,
    }
}

/// The `coverage` table.
pub fn coverage(snapshot: &Snapshot) -> Vec<CoverageRow> {
    snapshot
        .coverage
        .iter()
        .map(|c| CoverageRow {
            account: c.account.clone(),
            region: c.region.clone(),
            service: c.service.clone(),
            status: serde_name(&c.status),
            operation: c.operation.clone(),
            message: c.message.clone(),
            resources: c.resources as i64,
        })
        .collect()
}

/// One row per (cycle, node) of a message-flow cycle in the graph.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CycleRow {
    /// Cycle number, from 1.
    pub cycle_id: i64,
    /// A node on the cycle.
    pub node_arn: String,
    /// Every node of the cycle, sorted.
    pub members: Vec<String>,
}

/// The `graph_cycles` table.
pub fn cycles(topology: &Topology) -> Vec<CycleRow> {
    topology
        .cycles()
        .into_iter()
        .enumerate()
        .flat_map(|(i, members)| {
            members.clone().into_iter().map(move |node_arn| CycleRow {
                cycle_id: i as i64 + 1,
                node_arn,
                members: members.clone(),
            })
        })
        .collect()
}

/// One stage of a failure path.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FailureStageRow {
    /// `delivery` or `processing`.
    pub stage: String,
    /// Who retries (`SNS`, `EventBridge`, `Lambda async`, `Lambda ESM`, ...).
    pub actor: String,
    /// Attempts before giving up (NULL: until the event expires).
    pub attempts: Option<i64>,
    /// Maximum event age in seconds (NULL: no limit).
    pub max_age_seconds: Option<i64>,
    /// `dlq`, `destination`, `redrive`, `dropped`, `service_managed` or `unknown`.
    pub outcome: String,
    /// Where the event goes (DLQ, destination), when somewhere.
    pub outcome_arn: Option<String>,
    /// One-line description.
    pub description: String,
}

/// One row per asynchronous or polled edge: where a failed event ends up.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FailurePathRow {
    /// Source.
    pub from_arn: String,
    /// Consumer.
    pub to_arn: String,
    /// Edge kind.
    pub kind: String,
    /// The configuring object (subscription, rule, mapping).
    pub via: Option<String>,
    /// The Lambda alias or version the edge invokes, when qualified.
    pub target_qualifier: Option<String>,
    /// Some stage drops events.
    pub dropped: bool,
    /// The stage that drops them (`delivery` or `processing`).
    pub dropped_at: Option<String>,
    /// Who drops them (`SNS`, `Lambda async`, ...).
    pub dropped_by: Option<String>,
    /// Stages in order.
    pub stages: Vec<FailureStageRow>,
}

/// The `failure_paths` table.
pub fn failure_paths(snapshot: &Snapshot, topology: &Topology) -> Vec<FailurePathRow> {
    use crate::graph::failure::{self, StageOutcome};
    failure::failure_paths(topology, &snapshot.resources)
        .into_iter()
        .map(|p| {
            let dropping = p
                .stages
                .iter()
                .find(|s| matches!(s.outcome, StageOutcome::Dropped));
            FailurePathRow {
                from_arn: p.from.clone(),
                to_arn: p.to.clone(),
                kind: p.kind.as_str().to_string(),
                via: p.via.clone(),
                target_qualifier: topology
                    .outgoing(&p.from)
                    .into_iter()
                    .find(|e| e.to == p.to && e.kind == p.kind && e.via == p.via)
                    .and_then(|e| e.settings.get("target_qualifier"))
                    .and_then(|q| q.as_str())
                    .map(str::to_string),
                dropped: p.dropped,
                dropped_at: dropping.map(|s| s.stage.to_string()),
                dropped_by: dropping.map(|s| s.actor.to_string()),
                stages: p
                    .stages
                    .iter()
                    .map(|s| {
                        let (outcome, arn) = match &s.outcome {
                            StageOutcome::Dlq { arn } => ("dlq", Some(arn.clone())),
                            StageOutcome::Destination { arn } => ("destination", Some(arn.clone())),
                            StageOutcome::Redrive { arn } => ("redrive", Some(arn.clone())),
                            StageOutcome::Dropped => ("dropped", None),
                            StageOutcome::ServiceManaged { .. } => ("service_managed", None),
                            StageOutcome::Unknown { .. } => ("unknown", None),
                        };
                        FailureStageRow {
                            stage: s.stage.to_string(),
                            actor: s.actor.to_string(),
                            attempts: s.attempts,
                            max_age_seconds: s.max_age_seconds,
                            outcome: outcome.to_string(),
                            outcome_arn: arn,
                            description: s.describe(),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}
