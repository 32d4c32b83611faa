//! Amazon States Language: parse a state machine definition into a flat list of states and
//! resolve what each Task state calls.
//!
//! Owns: walking `States` recursively (Parallel `Branches`, Map `Iterator`/`ItemProcessor`),
//! and turning a Task's `Resource` plus `Parameters`/`Arguments` into a [`TaskCall`]
//! (service, action, integration pattern, target ARN). Not for: validating the whole
//! definition (rules do that over the states table).

use crate::model::Arn;
use serde::Serialize;
use serde_json::Value;

/// One state of a definition (nested states included, with their branch path).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AslState {
    /// State name.
    pub name: String,
    /// `Task`, `Pass`, `Choice`, `Wait`, `Parallel`, `Map`, `Succeed`, `Fail`.
    pub state_type: String,
    /// Where the state sits: empty at top level, else e.g. `Fanout/branch[0]` or `ForEach/items`.
    pub scope: String,
    /// `Resource`, for Task states.
    pub resource: Option<String>,
    /// `Next`.
    pub next: Option<String>,
    /// `End: true`.
    pub end: bool,
    /// Choice targets and `Default`.
    pub choice_targets: Vec<String>,
    /// Catch targets.
    pub catch_targets: Vec<String>,
    /// Errors named in `Retry` (`States.ALL`, `Lambda.ServiceException`, ...).
    pub retry_errors: Vec<String>,
    /// Errors named in `Catch`.
    pub catch_errors: Vec<String>,
    /// `TimeoutSeconds`.
    pub timeout_seconds: Option<i64>,
    /// `HeartbeatSeconds`.
    pub heartbeat_seconds: Option<i64>,
    /// Wait `Seconds`.
    pub wait_seconds: Option<i64>,
    /// Wait `SecondsPath` (dynamic).
    pub seconds_path: Option<String>,
    /// Wait `TimestampPath` (dynamic).
    pub timestamp_path: Option<String>,
    /// `TimeoutSecondsPath` (input-driven timeout).
    pub timeout_seconds_path: Option<String>,
    /// `HeartbeatSecondsPath` (input-driven heartbeat).
    pub heartbeat_seconds_path: Option<String>,
    /// `MaxAttempts` of each `Retry` block, in order (3 when a block leaves it out).
    pub retry_max_attempts: Vec<i64>,
    /// `Variable` paths a Choice state tests (in `And`/`Or`/`Not` too), and JSONata
    /// `Condition` expressions.
    pub choice_variables: Vec<String>,
    /// `Parameters` (JSONPath) or `Arguments` (JSONata) as JSON text.
    pub parameters: Option<String>,
    /// What a Task state calls.
    pub call: Option<TaskCall>,
}

/// What a Task state calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskCall {
    /// Service namespace (`lambda`, `sqs`, `sns`, `states`, `glue`, `dynamodb`, `events`, ...).
    pub service: String,
    /// Action (`invoke`, `sendMessage`, `startExecution`, ...).
    pub action: String,
    /// `request_response`, `sync`, `wait_for_task_token`, or `fire_and_forget` (Lambda
    /// `InvocationType: Event`).
    pub pattern: String,
    /// `optimized`, `sdk` (aws-sdk:*), `lambda_arn` (legacy direct ARN) or `activity`.
    pub integration: String,
    /// The resource it acts on, as an ARN when it can be resolved statically.
    pub target: Option<String>,
    /// The action started a state machine without a static `Name` (not idempotent).
    pub unnamed_execution: bool,
}

/// Why a definition could not be parsed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AslError {
    /// Not JSON.
    #[error("definition is not valid JSON: {0}")]
    Json(String),
    /// No `States` object.
    #[error("definition has no States object")]
    NoStates,
}

/// A parsed definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Definition {
    /// `StartAt` of the top level.
    pub start_at: Option<String>,
    /// Every state, depth-first in document order.
    pub states: Vec<AslState>,
    /// `StartAt` of every scope that has one: `""` for the top level, then each Parallel
    /// branch (`State/branch[0]`) and Map processor (`State/items`).
    pub scope_start_at: std::collections::BTreeMap<String, String>,
}

/// Parses a definition. `machine_arn` provides region and account to resolve names
/// (`FunctionName: "my-fn"`, `JobName`, `TableName`) into ARNs.
pub fn parse(definition: &str, machine_arn: &str) -> Result<Definition, AslError> {
    let root: Value =
        serde_json::from_str(definition).map_err(|e| AslError::Json(e.to_string()))?;
    let states = root
        .get("States")
        .and_then(Value::as_object)
        .ok_or(AslError::NoStates)?;
    let ctx = Arn::parse(machine_arn).ok();
    let mut out = Vec::new();
    let mut scope_start_at = std::collections::BTreeMap::new();
    let start_at = root
        .get("StartAt")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(start) = &start_at {
        scope_start_at.insert(String::new(), start.clone());
    }
    walk(states, "", ctx.as_ref(), &mut out, &mut scope_start_at);
    Ok(Definition {
        start_at,
        states: out,
        scope_start_at,
    })
}

impl Definition {
    /// The `(scope, name)` of every state reachable from its scope's `StartAt` through
    /// `Next`, `Choices`/`Default` and `Catch` transitions. A nested scope (Parallel branch,
    /// Map processor) counts only when the state that owns it is itself reachable.
    pub fn reachable(&self) -> std::collections::HashSet<(String, String)> {
        use std::collections::HashSet;
        let by_key: std::collections::HashMap<(&str, &str), &AslState> = self
            .states
            .iter()
            .map(|s| ((s.scope.as_str(), s.name.as_str()), s))
            .collect();
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let mut stack: Vec<(String, String)> = self
            .scope_start_at
            .get("")
            .map(|s| vec![(String::new(), s.clone())])
            .unwrap_or_default();
        while let Some((scope, name)) = stack.pop() {
            let Some(state) = by_key.get(&(scope.as_str(), name.as_str())) else {
                continue;
            };
            if !seen.insert((scope.clone(), name.clone())) {
                continue;
            }
            let nexts = state
                .next
                .iter()
                .chain(&state.choice_targets)
                .chain(&state.catch_targets);
            for n in nexts {
                stack.push((scope.clone(), n.clone()));
            }
            // Nested scopes owned by this state start at their own StartAt.
            let prefix = if scope.is_empty() {
                name.clone()
            } else {
                format!("{scope}/{name}")
            };
            for (child, start) in self.scope_start_at.range(prefix.clone()..) {
                if !child.starts_with(&prefix) {
                    break;
                }
                let rest = &child[prefix.len()..];
                let direct = rest.starts_with('/') && !rest[1..].contains('/');
                if direct {
                    stack.push((child.clone(), start.clone()));
                }
            }
        }
        seen
    }
}

fn walk(
    states: &serde_json::Map<String, Value>,
    scope: &str,
    ctx: Option<&Arn>,
    out: &mut Vec<AslState>,
    starts: &mut std::collections::BTreeMap<String, String>,
) {
    for (name, body) in states {
        let s = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
        let n = |k: &str| body.get(k).and_then(Value::as_i64);
        let state_type = s("Type").unwrap_or_default();
        let errors = |k: &str| -> Vec<String> {
            body.get(k)
                .and_then(Value::as_array)
                .map(|rs| {
                    rs.iter()
                        .flat_map(|r| {
                            r.get("ErrorEquals")
                                .and_then(Value::as_array)
                                .cloned()
                                .unwrap_or_default()
                        })
                        .filter_map(|e| e.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let catch_targets = body
            .get("Catch")
            .and_then(Value::as_array)
            .map(|cs| {
                cs.iter()
                    .filter_map(|c| c.get("Next").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mut choice_targets: Vec<String> = body
            .get("Choices")
            .and_then(Value::as_array)
            .map(|cs| {
                cs.iter()
                    .filter_map(|c| c.get("Next").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(d) = s("Default") {
            choice_targets.push(d);
        }
        let resource = s("Resource");
        let call = if state_type == "Task" {
            resource.as_deref().map(|r| resolve_call(r, body, ctx))
        } else {
            None
        };
        out.push(AslState {
            name: name.clone(),
            state_type: state_type.clone(),
            scope: scope.to_string(),
            resource,
            next: s("Next"),
            end: body.get("End").and_then(Value::as_bool).unwrap_or(false),
            choice_targets,
            catch_targets,
            retry_errors: errors("Retry"),
            catch_errors: errors("Catch"),
            timeout_seconds: n("TimeoutSeconds"),
            heartbeat_seconds: n("HeartbeatSeconds"),
            wait_seconds: n("Seconds"),
            seconds_path: s("SecondsPath"),
            timestamp_path: s("TimestampPath"),
            timeout_seconds_path: s("TimeoutSecondsPath"),
            heartbeat_seconds_path: s("HeartbeatSecondsPath"),
            retry_max_attempts: body
                .get("Retry")
                .and_then(Value::as_array)
                .map(|rs| {
                    rs.iter()
                        .map(|r| r.get("MaxAttempts").and_then(Value::as_i64).unwrap_or(3))
                        .collect()
                })
                .unwrap_or_default(),
            choice_variables: body
                .get("Choices")
                .map(|c| {
                    let mut vars = Vec::new();
                    choice_variables(c, &mut vars);
                    vars
                })
                .unwrap_or_default(),
            parameters: body
                .get("Parameters")
                .or_else(|| body.get("Arguments"))
                .map(Value::to_string),
            call,
        });
        let prefix = if scope.is_empty() {
            name.clone()
        } else {
            format!("{scope}/{name}")
        };
        if let Some(branches) = body.get("Branches").and_then(Value::as_array) {
            for (i, b) in branches.iter().enumerate() {
                if let Some(st) = b.get("States").and_then(Value::as_object) {
                    let child = format!("{prefix}/branch[{i}]");
                    if let Some(start) = b.get("StartAt").and_then(Value::as_str) {
                        starts.insert(child.clone(), start.to_string());
                    }
                    walk(st, &child, ctx, out, starts);
                }
            }
        }
        for key in ["ItemProcessor", "Iterator"] {
            let processor = body.get(key);
            if let Some(st) = processor
                .and_then(|p| p.get("States"))
                .and_then(Value::as_object)
            {
                let child = format!("{prefix}/items");
                if let Some(start) = processor
                    .and_then(|p| p.get("StartAt"))
                    .and_then(Value::as_str)
                {
                    starts.insert(child.clone(), start.to_string());
                }
                walk(st, &child, ctx, out, starts);
            }
        }
    }
}

/// Collects `Variable` and `Condition` values of Choice rules, recursively.
fn choice_variables(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| choice_variables(i, out)),
        Value::Object(map) => {
            for key in ["Variable", "Condition"] {
                if let Some(text) = map.get(key).and_then(Value::as_str) {
                    out.push(text.to_string());
                }
            }
            for key in ["And", "Or", "Not"] {
                if let Some(inner) = map.get(key) {
                    choice_variables(inner, out);
                }
            }
        }
        _ => {}
    }
}

/// Reads a static parameter: `Parameters.Key` (JSONPath) or `Arguments.Key` (JSONata, when
/// not an expression). Dynamic values (`Key.$`, `{% ... %}`) give `None`.
fn static_param(body: &Value, key: &str) -> Option<String> {
    for container in ["Parameters", "Arguments"] {
        if let Some(v) = body
            .get(container)
            .and_then(|p| p.get(key))
            .and_then(Value::as_str)
        {
            if v.trim_start().starts_with("{%") {
                return None;
            }
            return Some(v.to_string());
        }
    }
    None
}

fn has_param(body: &Value, key: &str) -> bool {
    ["Parameters", "Arguments"].iter().any(|c| {
        body.get(*c)
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key(key) || p.contains_key(&format!("{key}.$")))
    })
}

/// Turns a Task resource into what it calls.
fn resolve_call(resource: &str, body: &Value, ctx: Option<&Arn>) -> TaskCall {
    let (region, account) = ctx
        .map(|a| (a.region.as_str(), a.account.as_str()))
        .unwrap_or(("", ""));
    let parsed = Arn::parse(resource).ok();
    // Legacy direct Lambda ARN or an activity.
    if let Some(a) = &parsed {
        if a.service == "lambda" {
            return TaskCall {
                service: "lambda".into(),
                action: "invoke".into(),
                pattern: "request_response".into(),
                integration: "lambda_arn".into(),
                target: Some(resource.to_string()),
                unnamed_execution: false,
            };
        }
        if a.service == "states" && a.resource_type() == "activity" {
            return TaskCall {
                service: "states".into(),
                action: "activity".into(),
                pattern: "wait_for_task_token".into(),
                integration: "activity".into(),
                target: Some(resource.to_string()),
                unnamed_execution: false,
            };
        }
    }
    let tail = parsed
        .as_ref()
        .filter(|a| a.service == "states" && a.account.is_empty())
        .map(|a| a.resource.clone())
        .unwrap_or_default();
    let (sdk, rest) = match tail.strip_prefix("aws-sdk:") {
        Some(r) => (true, r.to_string()),
        None => (false, tail.clone()),
    };
    let (call, pattern) = if let Some(c) = rest.strip_suffix(".waitForTaskToken") {
        (c.to_string(), "wait_for_task_token")
    } else if let Some(i) = rest.find(".sync") {
        (rest[..i].to_string(), "sync")
    } else {
        (rest.clone(), "request_response")
    };
    let (service, action) = match call.split_once(':') {
        Some((s, a)) => (s.to_string(), a.to_string()),
        None => (call.clone(), String::new()),
    };
    let p = |k: &str| static_param(body, k);
    let action_lc = action.to_ascii_lowercase();
    let target = match (service.as_str(), action_lc.as_str()) {
        ("lambda", "invoke") => p("FunctionName").map(|f| lambda_arn(&f, region, account)),
        ("sqs", _) => p("QueueUrl").and_then(|u| queue_url_to_arn(&u)),
        ("sns", _) => p("TopicArn").or_else(|| p("TargetArn")),
        // SDK integrations name services by SDK id: `aws-sdk:sfn:*`, `aws-sdk:eventbridge:*`.
        ("states" | "sfn", a)
            if a.starts_with("startexecution") || a.starts_with("startsyncexecution") =>
        {
            p("StateMachineArn")
        }
        ("glue", a) if a.starts_with("startjobrun") => {
            p("JobName").map(|j| format!("arn:aws:glue:{region}:{account}:job/{j}"))
        }
        ("glue", a) if a.starts_with("startcrawler") => {
            p("Name").map(|j| format!("arn:aws:glue:{region}:{account}:crawler/{j}"))
        }
        ("dynamodb", _) => p("TableName").map(|t| {
            if t.starts_with("arn:") {
                t
            } else {
                format!("arn:aws:dynamodb:{region}:{account}:table/{t}")
            }
        }),
        ("events" | "eventbridge", _) => {
            let bus = body
                .get("Parameters")
                .or_else(|| body.get("Arguments"))
                .and_then(|p| p.get("Entries"))
                .and_then(Value::as_array)
                .and_then(|e| e.first())
                .and_then(|e| e.get("EventBusName"))
                .and_then(Value::as_str)
                .unwrap_or("default")
                .to_string();
            Some(if bus.starts_with("arn:") {
                bus
            } else {
                format!("arn:aws:events:{region}:{account}:event-bus/{bus}")
            })
        }
        ("kinesis", _) => {
            p("StreamName").map(|s| format!("arn:aws:kinesis:{region}:{account}:stream/{s}"))
        }
        ("firehose", _) => p("DeliveryStreamName")
            .map(|s| format!("arn:aws:firehose:{region}:{account}:deliverystream/{s}")),
        _ => None,
    };
    let unnamed_execution = matches!(service.as_str(), "states" | "sfn")
        && action_lc.starts_with("startexecution")
        && !has_param(body, "Name");
    // lambda:invoke with InvocationType Event returns at once: the call is asynchronous.
    let pattern = if service == "lambda" && p("InvocationType").as_deref() == Some("Event") {
        "fire_and_forget"
    } else {
        pattern
    };
    TaskCall {
        service,
        action,
        pattern: pattern.into(),
        integration: if sdk {
            "sdk".into()
        } else {
            "optimized".into()
        },
        target,
        unnamed_execution,
    }
}

/// Resolves a Lambda `FunctionName` (name, partial ARN, full ARN, with or without
/// qualifier) to a full ARN.
pub fn lambda_arn(function: &str, region: &str, account: &str) -> String {
    if function.starts_with("arn:") {
        return function.to_string();
    }
    // Partial ARN: 123456789012:function:name[:qualifier]
    let parts: Vec<&str> = function.split(':').collect();
    match parts.as_slice() {
        [acct, "function", rest @ ..] => {
            format!("arn:aws:lambda:{region}:{acct}:function:{}", rest.join(":"))
        }
        _ => format!("arn:aws:lambda:{region}:{account}:function:{function}"),
    }
}

/// Converts an SQS queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`, also
/// the legacy `<region>.queue.amazonaws.com` form) into the queue ARN.
pub fn queue_url_to_arn(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let mut parts = rest.split('/');
    let host = parts.next()?;
    let account = parts.next()?;
    let name = parts.next()?;
    if account.is_empty() || name.is_empty() {
        return None;
    }
    let region = if let Some(r) = host.strip_prefix("sqs.") {
        r.split('.').next()?
    } else if host.contains(".queue.amazonaws.com") {
        host.split('.').next()?
    } else if host == "queue.amazonaws.com" {
        "us-east-1"
    } else {
        // Emulators and VPC endpoints: region unknown from the host.
        return Some(format!("arn:aws:sqs:unknown:{account}:{name}"));
    };
    Some(format!("arn:aws:sqs:{region}:{account}:{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MACHINE: &str = "arn:aws:states:us-east-1:111122223333:stateMachine:m";

    fn task(resource: &str, params: Value) -> TaskCall {
        let def = serde_json::json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "Parameters": params, "End": true}}});
        parse(&def.to_string(), MACHINE).unwrap().states[0]
            .call
            .clone()
            .unwrap()
    }

    #[test]
    fn reachability_follows_transitions_into_nested_scopes() {
        let def = serde_json::json!({"StartAt": "A", "States": {
            "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "P"}], "Default": "Done"},
            "P": {"Type": "Parallel", "Next": "Done", "Branches": [
                {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}, "Orphan": {"Type": "Pass", "End": true}}}]},
            "Done": {"Type": "Succeed"},
            "Island": {"Type": "Map", "End": true,
                "ItemProcessor": {"StartAt": "I1", "States": {"I1": {"Type": "Pass", "End": true}}}}}});
        let d = parse(&def.to_string(), MACHINE).unwrap();
        let r = d.reachable();
        let has = |scope: &str, name: &str| r.contains(&(scope.to_string(), name.to_string()));
        assert!(has("", "A") && has("", "P") && has("", "Done") && has("P/branch[0]", "B1"));
        assert!(
            !has("P/branch[0]", "Orphan"),
            "not reachable from the branch StartAt"
        );
        assert!(
            !has("", "Island") && !has("Island/items", "I1"),
            "owner unreachable"
        );
        assert_eq!(
            d.scope_start_at.get("Island/items").map(String::as_str),
            Some("I1")
        );
        assert_eq!(d.states[0].choice_variables, ["$.x"]);
    }

    #[test]
    fn course_definition_parses() {
        let def = r#"{"StartAt":"Timer","States":{"Timer":{"Type":"Wait","SecondsPath":"$.waitSeconds","Next":"Email"},
          "Email":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:111122223333:function:email_reminder_lambda","Payload":{"Input.$":"$"}},"Next":"NextState"},
          "NextState":{"Type":"Pass","End":true}}}"#;
        let d = parse(def, MACHINE).unwrap();
        assert_eq!(d.start_at.as_deref(), Some("Timer"));
        assert_eq!(d.states.len(), 3);
        assert_eq!(d.states[0].seconds_path.as_deref(), Some("$.waitSeconds"));
        let call = d.states[1].call.clone().unwrap();
        assert_eq!(call.service, "lambda");
        assert_eq!(
            call.target.as_deref(),
            Some("arn:aws:lambda:us-east-1:111122223333:function:email_reminder_lambda")
        );
        assert!(d.states[2].end);
    }

    #[test]
    fn resolves_optimised_and_sdk_integrations() {
        let c = task(
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            serde_json::json!({"FunctionName": "worker:live"}),
        );
        assert_eq!(c.pattern, "wait_for_task_token");
        assert_eq!(
            c.target.as_deref(),
            Some("arn:aws:lambda:us-east-1:111122223333:function:worker:live")
        );
        let c = task(
            "arn:aws:states:::sqs:sendMessage",
            serde_json::json!({"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/q"}),
        );
        assert_eq!(
            c.target.as_deref(),
            Some("arn:aws:sqs:eu-west-1:111122223333:q")
        );
        let c = task(
            "arn:aws:states:::states:startExecution.sync:2",
            serde_json::json!({"StateMachineArn": "arn:aws:states:us-east-1:111122223333:stateMachine:child"}),
        );
        assert_eq!((c.pattern.as_str(), c.unnamed_execution), ("sync", true));
        let c = task(
            "arn:aws:states:::states:startExecution",
            serde_json::json!({"StateMachineArn": "arn:aws:states:us-east-1:111122223333:stateMachine:child", "Name.$": "$.id"}),
        );
        assert!(!c.unnamed_execution);
        let c = task(
            "arn:aws:states:::glue:startJobRun.sync",
            serde_json::json!({"JobName": "etl"}),
        );
        assert_eq!(
            c.target.as_deref(),
            Some("arn:aws:glue:us-east-1:111122223333:job/etl")
        );
        let c = task(
            "arn:aws:states:::aws-sdk:dynamodb:updateItem",
            serde_json::json!({"TableName": "t"}),
        );
        assert_eq!(
            (c.integration.as_str(), c.target.as_deref()),
            (
                "sdk",
                Some("arn:aws:dynamodb:us-east-1:111122223333:table/t")
            )
        );
        let c = task(
            "arn:aws:states:::aws-sdk:sfn:startExecution",
            serde_json::json!({"StateMachineArn": "arn:aws:states:us-east-1:111122223333:stateMachine:child"}),
        );
        assert_eq!(
            (c.target.as_deref(), c.unnamed_execution),
            (
                Some("arn:aws:states:us-east-1:111122223333:stateMachine:child"),
                true
            )
        );
        let c = task(
            "arn:aws:states:::aws-sdk:eventbridge:putEvents",
            serde_json::json!({"Entries": [{"EventBusName": "orders"}]}),
        );
        assert_eq!(
            c.target.as_deref(),
            Some("arn:aws:events:us-east-1:111122223333:event-bus/orders")
        );
        let c = task(
            "arn:aws:states:::events:putEvents",
            serde_json::json!({"Entries": [{"Detail": {}}]}),
        );
        assert_eq!(
            c.target.as_deref(),
            Some("arn:aws:events:us-east-1:111122223333:event-bus/default")
        );
        let c = task(
            "arn:aws:states:::lambda:invoke",
            serde_json::json!({"FunctionName.$": "$.fn"}),
        );
        assert_eq!(c.target, None, "dynamic targets are not guessed");
        let c = task(
            "arn:aws:lambda:us-east-1:111122223333:function:legacy",
            serde_json::json!({}),
        );
        assert_eq!(c.integration, "lambda_arn");
    }

    #[test]
    fn walks_parallel_and_map_branches() {
        let def = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
            {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"arn:aws:sns:us-east-1:111122223333:t"},"End":true}}}],
            "Next":"M"},
          "M":{"Type":"Map","ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"Retry":[{"ErrorEquals":["States.ALL"]}],"End":true}}},"End":true}}}"#;
        let d = parse(def, MACHINE).unwrap();
        let names: Vec<_> = d
            .states
            .iter()
            .map(|s| (s.name.as_str(), s.scope.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![("P", ""), ("A", "P/branch[0]"), ("M", ""), ("B", "M/items")]
        );
        assert_eq!(d.states[3].retry_errors, vec!["States.ALL"]);
    }

    #[test]
    fn queue_urls() {
        assert_eq!(
            queue_url_to_arn("https://sqs.us-east-1.amazonaws.com/1/q").as_deref(),
            Some("arn:aws:sqs:us-east-1:1:q")
        );
        assert_eq!(
            queue_url_to_arn("https://eu-west-1.queue.amazonaws.com/1/q").as_deref(),
            Some("arn:aws:sqs:eu-west-1:1:q")
        );
        assert_eq!(queue_url_to_arn("not a url"), None);
    }

    #[test]
    fn errors() {
        assert!(matches!(parse("{", MACHINE), Err(AslError::Json(_))));
        assert_eq!(parse("{}", MACHINE), Err(AslError::NoStates));
    }
}
