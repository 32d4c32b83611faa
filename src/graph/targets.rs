//! Turning the many ways AWS configuration names a target (integration URIs, names, URLs,
//! issuer URLs) into node ids.

use crate::asl::queue_url_to_arn;

/// An API Gateway integration or authorizer URI → the backend node id.
///
/// - `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<lambda arn>/invocations`
///   → the Lambda ARN;
/// - `arn:aws:apigateway:<region>:sqs:path/<account>/<queue>` → the queue ARN;
/// - other `arn:aws:apigateway:<region>:<service>:action/<Action>` → an AWS service node;
/// - plain Lambda ARNs (HTTP APIs) and URLs are returned as they are.
///
/// URIs built from stage variables cannot be resolved and give `None`.
pub fn api_integration_target(uri: &str, region: &str) -> Option<String> {
    if uri.contains("${stageVariables") {
        return None;
    }
    if let Some(rest) = uri.strip_prefix("arn:aws:apigateway:") {
        let (_, rest) = rest.split_once(':')?;
        let (service, path) = rest.split_once(':')?;
        if service == "lambda" {
            let start = path.find("arn:")?;
            let tail = &path[start..];
            let end = tail.find("/invocations").unwrap_or(tail.len());
            return Some(tail[..end].to_string());
        }
        if let ("sqs", Some(p)) = (service, path.strip_prefix("path/")) {
            let mut parts = p.split('/');
            let (Some(account), Some(queue)) = (parts.next(), parts.next()) else {
                return None;
            };
            return Some(format!("arn:aws:sqs:{region}:{account}:{queue}"));
        }
        // An AWS service action (`states:action/StartExecution`, `sqs:action/SendMessage`):
        // the target resource is named in the request mapping, not the URI, so the URI
        // itself stands for the service call.
        return Some(uri.to_string());
    }
    Some(uri.to_string())
}

/// For a REST AWS-service integration whose URI names only an action, the target named in
/// its request mapping: a state machine ARN in a `StartExecution` template, or the
/// `QueueUrl` of an SQS `SendMessage` (template or request parameter).
pub fn rest_action_target(
    uri: &str,
    templates: &std::collections::BTreeMap<String, String>,
    params: &std::collections::BTreeMap<String, String>,
) -> Option<String> {
    let texts = || templates.values().chain(params.values());
    if uri.contains(":states:action/") {
        return texts().find_map(|t| arn_in(t, "arn:aws:states:"));
    }
    if uri.contains(":sqs:action/") {
        return texts().find_map(|t| {
            let start = t.find("https://sqs.").or_else(|| {
                t.find(".queue.amazonaws.com")
                    .and_then(|_| t.find("https://"))
            })?;
            let url: String = t[start..]
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | '&' | ' '))
                .collect();
            queue_url_to_arn(&url)
        });
    }
    None
}

fn arn_in(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)?;
    Some(
        text[start..]
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ' ' | ',' | '}'))
            .collect(),
    )
}

/// The node id of an HTTP API first-class integration (`SQS-SendMessage`,
/// `StepFunctions-StartExecution`, `EventBridge-PutEvents`, `Kinesis-PutRecord`).
pub fn subtype_target(
    subtype: &str,
    params: &std::collections::BTreeMap<String, String>,
    region: &str,
    account: &str,
) -> Option<String> {
    let get = |k: &str| params.get(k).filter(|v| !v.starts_with('$')).cloned();
    let service = subtype.split('-').next().unwrap_or(subtype);
    match service {
        "SQS" => get("QueueUrl").and_then(|u| queue_url_to_arn(&u)),
        "StepFunctions" => get("StateMachineArn"),
        "EventBridge" => Some(bus_arn(
            get("EventBusName").as_deref().unwrap_or("default"),
            region,
            account,
        )),
        "Kinesis" => get("StreamName").map(|s| {
            if s.starts_with("arn:") {
                s
            } else {
                format!("arn:aws:kinesis:{region}:{account}:stream/{s}")
            }
        }),
        "AppConfig" => Some(format!("arn:aws:appconfig:{region}::{subtype}")),
        _ => None,
    }
}

/// A bus name or ARN → the bus ARN.
pub fn bus_arn(name_or_arn: &str, region: &str, account: &str) -> String {
    if name_or_arn.starts_with("arn:") {
        name_or_arn.to_string()
    } else {
        format!("arn:aws:events:{region}:{account}:event-bus/{name_or_arn}")
    }
}

/// A log group name or ARN (possibly ending in `:*`) → the log group ARN without `:*`.
pub fn log_group_arn(name_or_arn: &str, region: &str, account: &str) -> String {
    let s = name_or_arn.strip_suffix(":*").unwrap_or(name_or_arn);
    if s.starts_with("arn:") {
        s.to_string()
    } else {
        format!("arn:aws:logs:{region}:{account}:log-group:{s}")
    }
}

/// A Cognito identity provider name (`cognito-idp.<region>.amazonaws.com/<pool id>`) or JWT
/// issuer URL (`https://cognito-idp.<region>.amazonaws.com/<pool id>`) → the user pool ARN.
pub fn user_pool_from_issuer(issuer: &str, account: &str) -> Option<String> {
    let s = issuer.strip_prefix("https://").unwrap_or(issuer);
    let (host, pool) = s.split_once('/')?;
    let region = host
        .strip_prefix("cognito-idp.")?
        .strip_suffix(".amazonaws.com")?;
    Some(format!(
        "arn:aws:cognito-idp:{region}:{account}:userpool/{}",
        pool.trim_end_matches('/')
    ))
}

/// A Kinesis consumer ARN (`<stream arn>/consumer/<name>:<ts>`) → the stream ARN.
pub fn stream_of_consumer(arn: &str) -> Option<&str> {
    arn.find("/consumer/").map(|i| &arn[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integration_uris() {
        let u = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:api_lambda/invocations";
        assert_eq!(
            api_integration_target(u, "us-east-1").as_deref(),
            Some("arn:aws:lambda:us-east-1:111122223333:function:api_lambda")
        );
        assert_eq!(
            api_integration_target(
                "arn:aws:apigateway:us-east-1:sqs:path/111122223333/orders",
                "us-east-1"
            )
            .as_deref(),
            Some("arn:aws:sqs:us-east-1:111122223333:orders")
        );
        assert_eq!(
            api_integration_target(
                "arn:aws:apigateway:us-east-1:states:action/StartExecution",
                "us-east-1"
            )
            .as_deref(),
            Some("arn:aws:apigateway:us-east-1:states:action/StartExecution")
        );
        assert_eq!(
            api_integration_target("https://example.com/x", "us-east-1").as_deref(),
            Some("https://example.com/x")
        );
        assert_eq!(
            api_integration_target(
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${stageVariables.fn}/invocations",
                "r"
            ),
            None
        );
    }

    #[test]
    fn rest_action_targets_come_from_the_request_mapping() {
        let sfn = "arn:aws:apigateway:us-east-1:states:action/StartExecution";
        let mut templates = std::collections::BTreeMap::new();
        templates.insert(
            "application/json".to_string(),
            r#"{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:m"}"#.to_string(),
        );
        assert_eq!(
            rest_action_target(sfn, &templates, &Default::default()).as_deref(),
            Some("arn:aws:states:us-east-1:1:stateMachine:m")
        );
        let mut params = std::collections::BTreeMap::new();
        params.insert(
            "integration.request.querystring.QueueUrl".to_string(),
            "'https://sqs.us-east-1.amazonaws.com/1/q'".to_string(),
        );
        let sqs = "arn:aws:apigateway:us-east-1:sqs:action/SendMessage";
        assert_eq!(
            rest_action_target(sqs, &Default::default(), &params).as_deref(),
            Some("arn:aws:sqs:us-east-1:1:q")
        );
        assert_eq!(
            rest_action_target(sqs, &Default::default(), &Default::default()),
            None
        );
    }

    #[test]
    fn names_to_arns() {
        assert_eq!(
            bus_arn("default", "us-east-1", "1"),
            "arn:aws:events:us-east-1:1:event-bus/default"
        );
        assert_eq!(
            log_group_arn("arn:aws:logs:us-east-1:1:log-group:/x:*", "r", "a"),
            "arn:aws:logs:us-east-1:1:log-group:/x"
        );
        assert_eq!(
            log_group_arn("/aws/lambda/f", "us-east-1", "1"),
            "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f"
        );
        assert_eq!(
            user_pool_from_issuer(
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC",
                "1"
            )
            .as_deref(),
            Some("arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_AbC")
        );
        assert_eq!(
            stream_of_consumer("arn:aws:kinesis:r:1:stream/s/consumer/c:1"),
            Some("arn:aws:kinesis:r:1:stream/s")
        );
        let mut p = std::collections::BTreeMap::new();
        p.insert(
            "QueueUrl".to_string(),
            "https://sqs.us-east-1.amazonaws.com/1/q".to_string(),
        );
        assert_eq!(
            subtype_target("SQS-SendMessage", &p, "us-east-1", "1").as_deref(),
            Some("arn:aws:sqs:us-east-1:1:q")
        );
    }
}
