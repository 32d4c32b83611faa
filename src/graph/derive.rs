//! Edge derivation: one function per service, each a pure function of the inventory.

use super::targets::{
    api_integration_target, bus_arn, log_group_arn, rest_action_target, stream_of_consumer,
    subtype_target, user_pool_from_issuer,
};
use super::{Edge, EdgeKind, Invocation};
use crate::asl;
use crate::model::{Arn, Inventory};
use serde_json::{Value, json};

/// Every edge derivable from the inventory, in a stable order.
pub fn edges(inv: &Inventory) -> Vec<Edge> {
    let mut out = Edges::default();
    lambda(inv, &mut out);
    sqs(inv, &mut out);
    sns(inv, &mut out);
    eventbridge(inv, &mut out);
    scheduler(inv, &mut out);
    pipes(inv, &mut out);
    step_functions(inv, &mut out);
    api_gateway(inv, &mut out);
    cognito(inv, &mut out);
    glue(inv, &mut out);
    s3(inv, &mut out);
    firehose(inv, &mut out);
    appflow(inv, &mut out);
    out.0
}

#[derive(Default)]
struct Edges(Vec<Edge>);

impl Edges {
    /// Adds an edge; `settings` is a JSON object whose null members are dropped.
    fn add(
        &mut self,
        from: &str,
        to: &str,
        kind: EdgeKind,
        invocation: Invocation,
        via: Option<String>,
        settings: Value,
    ) {
        let settings = match settings {
            Value::Object(m) => m.into_iter().filter(|(_, v)| !v.is_null()).collect(),
            _ => serde_json::Map::new(),
        };
        self.0.push(Edge {
            from: from.to_string(),
            to: to.to_string(),
            kind,
            invocation,
            via,
            settings,
        });
    }

    fn role(&mut self, from: &str, role: &str) {
        if !role.is_empty() {
            self.add(
                from,
                role,
                EdgeKind::ExecutionRole,
                Invocation::Config,
                None,
                json!({}),
            );
        }
    }
}

fn region_account(arn: &str) -> (String, String) {
    Arn::parse(arn)
        .map(|a| (a.region, a.account))
        .unwrap_or_default()
}

fn lambda(inv: &Inventory, out: &mut Edges) {
    for f in &inv.lambda_functions {
        let (region, account) = region_account(&f.arn);
        out.role(&f.arn, &f.role_arn);
        out.add(
            &f.arn,
            &log_group_arn(&f.log_group_name(), &region, &account),
            EdgeKind::LogsTo,
            Invocation::Config,
            None,
            json!({}),
        );
        if let Some(dlq) = &f.dead_letter_target_arn {
            out.add(
                &f.arn,
                dlq,
                EdgeKind::LambdaDlq,
                Invocation::OnFailure,
                None,
                json!({}),
            );
        }
        for c in &f.async_invoke_configs {
            let settings = json!({
                "qualifier": c.qualifier,
                "maximum_retry_attempts": c.maximum_retry_attempts,
                "maximum_event_age_seconds": c.maximum_event_age_seconds,
            });
            if let Some(d) = &c.on_success_arn {
                out.add(
                    &f.arn,
                    d,
                    EdgeKind::LambdaOnSuccess,
                    Invocation::Async,
                    Some(c.qualifier.clone()),
                    settings.clone(),
                );
            }
            if let Some(d) = &c.on_failure_arn {
                out.add(
                    &f.arn,
                    d,
                    EdgeKind::LambdaOnFailure,
                    Invocation::OnFailure,
                    Some(c.qualifier.clone()),
                    settings,
                );
            }
        }
    }
    for m in &inv.event_source_mappings {
        let Some(source) = &m.event_source_arn else {
            continue;
        };
        let (from, consumer) = match stream_of_consumer(source) {
            Some(stream) => (stream.to_string(), Some(source.clone())),
            None => (source.clone(), None),
        };
        let settings = json!({
            "state": m.state,
            "batch_size": m.batch_size,
            "maximum_batching_window_seconds": m.maximum_batching_window_seconds,
            "parallelization_factor": m.parallelization_factor,
            "starting_position": m.starting_position,
            "bisect_batch_on_function_error": m.bisect_batch_on_function_error,
            "maximum_retry_attempts": m.maximum_retry_attempts,
            "maximum_record_age_seconds": m.maximum_record_age_seconds,
            "function_response_types": m.function_response_types,
            "filter_patterns": m.filter_patterns.iter().map(|p| p.value().clone()).collect::<Vec<_>>(),
            "scaling_maximum_concurrency": m.scaling_maximum_concurrency,
            "destination_on_failure_arn": m.destination_on_failure_arn,
            "queues": if m.queues.is_empty() { Value::Null } else { json!(m.queues) },
            "consumer_arn": consumer,
        });
        out.add(
            &from,
            &m.function_arn,
            EdgeKind::EventSourceMapping,
            Invocation::Poll,
            Some(m.arn.clone()),
            settings,
        );
        if let Some(dest) = &m.destination_on_failure_arn {
            out.add(
                &from,
                dest,
                EdgeKind::EsmOnFailure,
                Invocation::OnFailure,
                Some(m.arn.clone()),
                json!({"function_arn": m.function_arn}),
            );
        }
    }
}

fn sqs(inv: &Inventory, out: &mut Edges) {
    for q in &inv.sqs_queues {
        if let Some(r) = &q.redrive {
            out.add(
                &q.arn,
                &r.dead_letter_target_arn,
                EdgeKind::SqsRedrive,
                Invocation::OnFailure,
                None,
                json!({"max_receive_count": r.max_receive_count}),
            );
        }
    }
}

/// The node id of an SNS subscription endpoint.
fn sns_endpoint(protocol: &str, endpoint: &str) -> String {
    match protocol {
        "email" | "email-json" => format!("email:{endpoint}"),
        "sms" => format!("sms:{endpoint}"),
        _ => endpoint.to_string(),
    }
}

fn sns(inv: &Inventory, out: &mut Edges) {
    for s in &inv.sns_subscriptions {
        let to = sns_endpoint(&s.protocol, &s.endpoint);
        let settings = json!({
            "protocol": s.protocol,
            "filter_policy": s.filter_policy.as_ref().map(|p| p.value().clone()),
            "filter_policy_scope": s.filter_policy_scope,
            "raw_message_delivery": s.raw_message_delivery,
            "pending_confirmation": s.pending_confirmation,
            "redrive_dead_letter_arn": s.redrive_dead_letter_arn,
        });
        out.add(
            &s.topic_arn,
            &to,
            EdgeKind::SnsSubscription,
            Invocation::Async,
            Some(s.arn.clone()),
            settings,
        );
        if let Some(dlq) = &s.redrive_dead_letter_arn {
            out.add(
                &s.topic_arn,
                dlq,
                EdgeKind::SnsRedrive,
                Invocation::OnFailure,
                Some(s.arn.clone()),
                json!({"endpoint": to}),
            );
        }
    }
}

fn eventbridge(inv: &Inventory, out: &mut Edges) {
    for b in &inv.event_buses {
        if let Some(dlq) = &b.dead_letter_arn {
            out.add(
                &b.arn,
                dlq,
                EdgeKind::BusDlq,
                Invocation::OnFailure,
                None,
                json!({}),
            );
        }
    }
    for r in &inv.event_rules {
        let (region, account) = region_account(&r.arn);
        let bus = bus_arn(&r.event_bus_name, &region, &account);
        out.add(
            &bus,
            &r.arn,
            EdgeKind::BusRule,
            Invocation::Async,
            None,
            json!({
                "state": r.state,
                "event_pattern": r.event_pattern.as_ref().map(|p| p.value().clone()),
                "schedule_expression": r.schedule_expression,
            }),
        );
        for t in &r.targets {
            let via = Some(format!("{}/{}", r.name, t.id));
            out.add(
                &r.arn,
                &t.arn,
                EdgeKind::RuleTarget,
                Invocation::Async,
                via.clone(),
                json!({
                    "target_id": t.id,
                    "rule_state": r.state,
                    "role_arn": t.role_arn,
                    "retry_policy": t.retry_policy.as_ref().map(|p| json!({
                        "maximum_retry_attempts": p.maximum_retry_attempts,
                        "maximum_event_age_seconds": p.maximum_event_age_seconds,
                    })),
                    "dead_letter_arn": t.dead_letter_arn,
                    "input_transformer": t.input_transformer.is_some(),
                }),
            );
            if let Some(dlq) = &t.dead_letter_arn {
                out.add(
                    &r.arn,
                    dlq,
                    EdgeKind::RuleTargetDlq,
                    Invocation::OnFailure,
                    via,
                    json!({"target_arn": t.arn}),
                );
            }
        }
    }
}

fn scheduler(inv: &Inventory, out: &mut Edges) {
    for s in &inv.schedules {
        let t = &s.target;
        out.role(&s.arn, &t.role_arn);
        if t.arn.is_empty() {
            continue;
        }
        out.add(
            &s.arn,
            &t.arn,
            EdgeKind::ScheduleTarget,
            Invocation::Async,
            None,
            json!({
                "schedule_expression": s.schedule_expression,
                "state": s.state,
                "retry_policy": t.retry_policy.as_ref().map(|p| json!({
                    "maximum_retry_attempts": p.maximum_retry_attempts,
                    "maximum_event_age_seconds": p.maximum_event_age_seconds,
                })),
                "dead_letter_arn": t.dead_letter_arn,
            }),
        );
        if let Some(dlq) = &t.dead_letter_arn {
            out.add(
                &s.arn,
                dlq,
                EdgeKind::ScheduleDlq,
                Invocation::OnFailure,
                None,
                json!({"target_arn": t.arn}),
            );
        }
    }
}

fn pipes(inv: &Inventory, out: &mut Edges) {
    for p in &inv.pipes {
        out.role(&p.arn, &p.role_arn);
        let (region, account) = region_account(&p.arn);
        out.add(&p.source_arn, &p.arn, EdgeKind::PipeSource, Invocation::Poll, None, json!({
            "batch_size": p.batch_size,
            "maximum_batching_window_seconds": p.maximum_batching_window_seconds,
            "starting_position": p.starting_position,
            "maximum_retry_attempts": p.maximum_retry_attempts,
            "maximum_record_age_seconds": p.maximum_record_age_seconds,
            "on_partial_batch_item_failure": p.on_partial_batch_item_failure,
            "filter_patterns": p.filter_patterns.iter().map(|f| f.value().clone()).collect::<Vec<_>>(),
            "desired_state": p.desired_state,
        }));
        if let Some(e) = &p.enrichment_arn {
            out.add(
                &p.arn,
                e,
                EdgeKind::PipeEnrichment,
                Invocation::Sync,
                None,
                json!({}),
            );
        }
        let target_invocation = match p.target_invocation_type.as_deref() {
            Some("FIRE_AND_FORGET") => Invocation::Async,
            _ => Invocation::Sync,
        };
        out.add(
            &p.arn,
            &p.target_arn,
            EdgeKind::PipeTarget,
            target_invocation,
            None,
            json!({
                "invocation_type": p.target_invocation_type,
            }),
        );
        if let Some(dlq) = &p.dead_letter_arn {
            out.add(
                &p.arn,
                dlq,
                EdgeKind::PipeDlq,
                Invocation::OnFailure,
                None,
                json!({}),
            );
        }
        for d in &p.log_destinations {
            if d.starts_with("arn:aws:logs:") {
                out.add(
                    &p.arn,
                    &log_group_arn(d, &region, &account),
                    EdgeKind::LogsTo,
                    Invocation::Config,
                    None,
                    json!({"level": p.log_level}),
                );
            }
        }
    }
}

fn step_functions(inv: &Inventory, out: &mut Edges) {
    for m in &inv.state_machines {
        out.role(&m.arn, &m.role_arn);
        let (region, account) = region_account(&m.arn);
        for d in &m.logging.destinations {
            out.add(
                &m.arn,
                &log_group_arn(d, &region, &account),
                EdgeKind::LogsTo,
                Invocation::Config,
                None,
                json!({"level": m.logging.level}),
            );
        }
        let Ok(def) = asl::parse(&m.definition, &m.arn) else {
            continue;
        };
        for st in &def.states {
            let Some(call) = &st.call else { continue };
            let Some(target) = &call.target else { continue };
            let invocation = match call.pattern.as_str() {
                // Without `.sync`, starting an execution, job run or crawl does not wait for it.
                "request_response" if starts_run(&call.service, &call.action) => Invocation::Async,
                "fire_and_forget" => Invocation::Async,
                _ => Invocation::Sync,
            };
            out.add(
                &m.arn,
                target,
                EdgeKind::SfnTask,
                invocation,
                Some(st.name.clone()),
                json!({
                    "state": st.name,
                    "scope": if st.scope.is_empty() { Value::Null } else { json!(st.scope) },
                    "service": call.service,
                    "action": call.action,
                    "pattern": call.pattern,
                    "integration": call.integration,
                    "retry": !st.retry_errors.is_empty(),
                    "catch": !st.catch_errors.is_empty(),
                    "timeout_seconds": st.timeout_seconds,
                    "heartbeat_seconds": st.heartbeat_seconds,
                }),
            );
        }
    }
}

/// A Task action that starts work running on its own (`states:startExecution`, the SDK's
/// `sfn:startExecution`, `glue:startJobRun`, `glue:startCrawler`).
fn starts_run(service: &str, action: &str) -> bool {
    let a = action.to_ascii_lowercase();
    match service {
        "states" | "sfn" => a.starts_with("startexecution"),
        "glue" => a.starts_with("startjobrun") || a.starts_with("startcrawler"),
        _ => false,
    }
}

fn api_gateway(inv: &Inventory, out: &mut Edges) {
    for api in &inv.rest_apis {
        for res in &api.resources {
            for m in &res.methods {
                let Some(i) = &m.integration else { continue };
                let Some(uri) = &i.uri else { continue };
                let target = rest_action_target(uri, &i.request_templates, &i.request_parameters)
                    .or_else(|| api_integration_target(uri, &api.region));
                let Some(target) = target else {
                    continue;
                };
                out.add(
                    &api.arn,
                    &target,
                    EdgeKind::ApiIntegration,
                    Invocation::Sync,
                    Some(format!("{} {}", m.http_method, res.path)),
                    json!({
                        "route": format!("{} {}", m.http_method, res.path),
                        "integration_type": i.integration_type,
                        "authorization_type": m.authorization_type,
                        "timeout_ms": i.timeout_ms,
                        "credentials_arn": i.credentials_arn,
                    }),
                );
            }
        }
        for a in &api.authorizers {
            authorizer(&api.arn, &api.region, &api.account_id, a, out);
        }
    }
    for api in &inv.http_apis {
        for route in &api.routes {
            let Some(id) = route
                .target
                .as_deref()
                .and_then(|t| t.strip_prefix("integrations/"))
            else {
                continue;
            };
            let Some(i) = api.integrations.iter().find(|i| i.id == id) else {
                continue;
            };
            let target = match &i.integration_subtype {
                Some(sub) => {
                    subtype_target(sub, &i.request_parameters, &api.region, &api.account_id)
                }
                None => i
                    .integration_uri
                    .as_deref()
                    .and_then(|u| api_integration_target(u, &api.region)),
            };
            let Some(target) = target else { continue };
            out.add(
                &api.arn,
                &target,
                EdgeKind::ApiIntegration,
                Invocation::Sync,
                Some(route.route_key.clone()),
                json!({
                    "route": route.route_key,
                    "integration_type": i.integration_type,
                    "integration_subtype": i.integration_subtype,
                    "authorization_type": route.authorization_type,
                    "timeout_ms": i.timeout_ms,
                    "credentials_arn": i.credentials_arn,
                }),
            );
        }
        for a in &api.authorizers {
            authorizer(&api.arn, &api.region, &api.account_id, a, out);
        }
    }
}

fn authorizer(
    api: &str,
    region: &str,
    account: &str,
    a: &crate::model::apigateway::ApiAuthorizer,
    out: &mut Edges,
) {
    let settings = json!({"authorizer": a.name, "type": a.authorizer_type});
    let via = Some(a.name.clone());
    if let Some(target) = a
        .authorizer_uri
        .as_deref()
        .and_then(|uri| api_integration_target(uri, region))
    {
        out.add(
            api,
            &target,
            EdgeKind::ApiAuthorizer,
            Invocation::Sync,
            via.clone(),
            settings.clone(),
        );
    }
    for pool in &a.provider_arns {
        out.add(
            api,
            pool,
            EdgeKind::ApiAuthorizer,
            Invocation::Sync,
            via.clone(),
            settings.clone(),
        );
    }
    if let Some(pool) = a
        .jwt_issuer
        .as_deref()
        .and_then(|i| user_pool_from_issuer(i, account))
    {
        out.add(
            api,
            &pool,
            EdgeKind::ApiAuthorizer,
            Invocation::Sync,
            via,
            settings,
        );
    }
}

fn cognito(inv: &Inventory, out: &mut Edges) {
    for p in &inv.user_pools {
        for t in &p.lambda_triggers {
            out.add(
                &p.arn,
                &t.lambda_arn,
                EdgeKind::CognitoTrigger,
                Invocation::Sync,
                Some(t.trigger.clone()),
                json!({"trigger": t.trigger}),
            );
        }
    }
    for p in &inv.identity_pools {
        let (_, account) = region_account(&p.arn);
        for provider in &p.cognito_providers {
            if let Some(pool) = user_pool_from_issuer(provider, &account) {
                out.add(
                    &p.arn,
                    &pool,
                    EdgeKind::IdentityProvider,
                    Invocation::Config,
                    None,
                    json!({}),
                );
            }
        }
        for (role, kind) in [
            (&p.authenticated_role_arn, "authenticated"),
            (&p.unauthenticated_role_arn, "unauthenticated"),
        ] {
            if let Some(r) = role {
                out.add(
                    &p.arn,
                    r,
                    EdgeKind::IdentityPoolRole,
                    Invocation::Config,
                    Some(kind.into()),
                    json!({"identities": kind}),
                );
            }
        }
    }
}

fn glue(inv: &Inventory, out: &mut Edges) {
    for j in &inv.glue_jobs {
        out.role(&j.arn, &j.role_arn);
    }
    for c in &inv.glue_crawlers {
        out.role(&c.arn, &c.role_arn);
    }
    for t in &inv.glue_triggers {
        let (region, account) = region_account(&t.arn);
        let job = |n: &str| format!("arn:aws:glue:{region}:{account}:job/{n}");
        let crawler = |n: &str| format!("arn:aws:glue:{region}:{account}:crawler/{n}");
        for a in &t.actions {
            let target = a
                .job_name
                .as_deref()
                .map(job)
                .or_else(|| a.crawler_name.as_deref().map(crawler));
            if let Some(target) = target {
                out.add(
                    &t.arn,
                    &target,
                    EdgeKind::GlueTriggerAction,
                    Invocation::Async,
                    None,
                    json!({
                        "trigger_type": t.trigger_type,
                        "schedule": t.schedule,
                        "state": t.state,
                    }),
                );
            }
        }
        for c in &t.conditions {
            let source = c
                .job_name
                .as_deref()
                .map(job)
                .or_else(|| c.crawler_name.as_deref().map(crawler));
            if let Some(source) = source {
                out.add(
                    &source,
                    &t.arn,
                    EdgeKind::GlueTriggerCondition,
                    Invocation::Async,
                    None,
                    json!({
                        "state": c.state,
                        "crawl_state": c.crawl_state,
                        "logical": t.predicate_logical,
                    }),
                );
            }
        }
    }
}

fn s3(inv: &Inventory, out: &mut Edges) {
    for b in &inv.s3_buckets {
        for n in &b.notifications {
            out.add(
                &b.arn,
                &n.destination_arn,
                EdgeKind::S3Notification,
                Invocation::Async,
                n.id.clone(),
                json!({
                    "events": n.events,
                    "prefix": n.prefix,
                    "suffix": n.suffix,
                }),
            );
        }
        if b.eventbridge_enabled {
            out.add(
                &b.arn,
                &bus_arn("default", &b.region, &b.account_id),
                EdgeKind::S3Eventbridge,
                Invocation::Async,
                None,
                json!({}),
            );
        }
    }
}

fn firehose(inv: &Inventory, out: &mut Edges) {
    for f in &inv.firehose_streams {
        if let Some(src) = &f.source_stream_arn {
            out.add(
                src,
                &f.arn,
                EdgeKind::FirehoseSource,
                Invocation::Poll,
                None,
                json!({"source_type": f.source_type}),
            );
        }
        if let Some(r) = &f.source_role_arn {
            out.role(&f.arn, r);
        }
        for d in &f.destinations {
            for p in &d.processor_lambda_arns {
                out.add(
                    &f.arn,
                    p,
                    EdgeKind::FirehoseTransform,
                    Invocation::Sync,
                    Some(d.id.clone()),
                    json!({}),
                );
            }
            if !d.target.is_empty() {
                out.add(
                    &f.arn,
                    &d.target,
                    EdgeKind::FirehoseDestination,
                    Invocation::Async,
                    Some(d.id.clone()),
                    json!({
                        "kind": d.kind,
                        "buffering_interval_seconds": d.buffering_interval_seconds,
                        "buffering_size_mb": d.buffering_size_mb,
                        "error_output_prefix": d.error_output_prefix,
                        "s3_backup_mode": d.s3_backup_mode,
                    }),
                );
            }
            if let Some(b) = &d.backup_bucket_arn {
                out.add(
                    &f.arn,
                    b,
                    EdgeKind::FirehoseBackup,
                    // A backup of all records is a copy; of failed records only, a failure path.
                    if d.s3_backup_mode
                        .as_deref()
                        .is_some_and(|m| m.contains("All"))
                    {
                        Invocation::Async
                    } else {
                        Invocation::OnFailure
                    },
                    Some(d.id.clone()),
                    json!({"s3_backup_mode": d.s3_backup_mode}),
                );
            }
            if let Some(r) = &d.role_arn {
                out.role(&f.arn, r);
            }
        }
    }
}

/// The node id of an AppFlow connector endpoint.
fn appflow_endpoint(connector: &str, object: Option<&str>, profile: Option<&str>) -> String {
    match (connector, object) {
        ("S3", Some(bucket)) => format!(
            "arn:aws:s3:::{}",
            bucket.split('/').next().unwrap_or(bucket)
        ),
        _ => match profile {
            Some(p) => format!("saas:{connector}/{p}"),
            None => format!("saas:{connector}"),
        },
    }
}

fn appflow(inv: &Inventory, out: &mut Edges) {
    for f in &inv.appflow_flows {
        let src = appflow_endpoint(
            &f.source_connector_type,
            f.source_object.as_deref(),
            f.source_connector_profile.as_deref(),
        );
        out.add(
            &src,
            &f.arn,
            EdgeKind::AppflowSource,
            Invocation::Poll,
            None,
            json!({
                "connector": f.source_connector_type,
                "object": f.source_object,
                "trigger_type": f.trigger_type,
            }),
        );
        for d in &f.destinations {
            let to = appflow_endpoint(
                &d.connector_type,
                d.object.as_deref(),
                d.connector_profile.as_deref(),
            );
            out.add(
                &f.arn,
                &to,
                EdgeKind::AppflowDestination,
                Invocation::Async,
                None,
                json!({"connector": d.connector_type}),
            );
        }
    }
}
