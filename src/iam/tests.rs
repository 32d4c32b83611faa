//! Table-driven evaluator tests: one row per construct, including AWS's documented
//! evaluation examples.

use super::condition::Context;
use super::eval::{Principal, Request, Verdict, evaluate};
use super::index::{AccessIndex, Unknown};
use super::policy::{PolicyKind, PolicySource, parse_document};
use crate::model::iam::{IamRole, InlinePolicy, ManagedPolicy};
use crate::model::kms::KmsKey;
use crate::model::lambda::LambdaFunction;
use crate::model::sqs::SqsQueue;
use crate::model::{Inventory, JsonDoc};
use Verdict::{Allow, Conditional, Deny, ImplicitDeny};
use std::sync::Arc;

const ROLE: &str = "arn:aws:iam::111111111111:role/r";
const Q: &str = "arn:aws:sqs:us-east-1:111111111111:q";
const RULE: &str = "arn:aws:events:us-east-1:111111111111:rule/nightly";

/// Who asks in a table row.
#[derive(Clone, Copy)]
enum Who {
    /// The role, judged by an identity policy (no principal test).
    Identity,
    /// A principal judged by a resource policy.
    Role(&'static str),
    Service(&'static str),
}

struct Case {
    name: &'static str,
    who: Who,
    statements: &'static str,
    action: &'static str,
    resource: &'static str,
    context: &'static [(&'static str, &'static str)],
    want: Verdict,
}

const fn id(
    name: &'static str,
    statements: &'static str,
    action: &'static str,
    resource: &'static str,
    want: Verdict,
) -> Case {
    Case {
        name,
        who: Who::Identity,
        statements,
        action,
        resource,
        context: &[],
        want,
    }
}

const EVENTS_CTX: &[(&str, &str)] = &[
    ("aws:SourceArn", RULE),
    ("aws:SourceAccount", "111111111111"),
    ("aws:SourceOwner", "111111111111"),
];

const fn svc(
    name: &'static str,
    service: &'static str,
    statements: &'static str,
    context: &'static [(&'static str, &'static str)],
    want: Verdict,
) -> Case {
    Case {
        name,
        who: Who::Service(service),
        statements,
        action: "lambda:InvokeFunction",
        resource: "arn:aws:lambda:us-east-1:111111111111:function:f",
        context,
        want,
    }
}

const fn role(
    name: &'static str,
    role: &'static str,
    statements: &'static str,
    want: Verdict,
) -> Case {
    Case {
        name,
        who: Who::Role(role),
        statements,
        action: "sqs:SendMessage",
        resource: Q,
        context: &[],
        want,
    }
}

const CASES: &[Case] = &[
    // Actions
    id(
        "exact action",
        r#"{"Effect":"Allow","Action":"sqs:ReceiveMessage","Resource":"*"}"#,
        "sqs:ReceiveMessage",
        Q,
        Allow,
    ),
    id(
        "action is case-insensitive",
        r#"{"Effect":"Allow","Action":"SQS:receivemessage","Resource":"*"}"#,
        "sqs:ReceiveMessage",
        Q,
        Allow,
    ),
    id(
        "trailing wildcard",
        r#"{"Effect":"Allow","Action":"sqs:Receive*","Resource":"*"}"#,
        "sqs:ReceiveMessage",
        Q,
        Allow,
    ),
    id(
        "wildcard in the middle",
        r#"{"Effect":"Allow","Action":"sqs:*Message","Resource":"*"}"#,
        "sqs:ReceiveMessage",
        Q,
        Allow,
    ),
    id(
        "wildcard in the middle misses",
        r#"{"Effect":"Allow","Action":"sqs:*Message","Resource":"*"}"#,
        "sqs:GetQueueAttributes",
        Q,
        ImplicitDeny,
    ),
    id(
        "question mark",
        r#"{"Effect":"Allow","Action":"sqs:ReceiveMessag?","Resource":"*"}"#,
        "sqs:ReceiveMessage",
        Q,
        Allow,
    ),
    id(
        "question mark is one character",
        r#"{"Effect":"Allow","Action":"sqs:ReceiveMessage?","Resource":"*"}"#,
        "sqs:ReceiveMessage",
        Q,
        ImplicitDeny,
    ),
    id(
        "star action",
        r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#,
        "kms:Decrypt",
        "arn:aws:kms:us-east-1:111111111111:key/k",
        Allow,
    ),
    id(
        "star colon star",
        r#"{"Effect":"Allow","Action":"*:*","Resource":"*"}"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "action list",
        r#"{"Effect":"Allow","Action":["sns:Publish","sqs:SendMessage"],"Resource":"*"}"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "other service",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"*"}"#,
        "sns:Publish",
        "arn:aws:sns:us-east-1:111111111111:t",
        ImplicitDeny,
    ),
    id("no statements", r#"[]"#, "sqs:SendMessage", Q, ImplicitDeny),
    id(
        "ec2 Start* allows StartInstances",
        r#"{"Effect":"Allow","Action":["ec2:Start*","ec2:Stop*"],"Resource":"*"}"#,
        "ec2:StartInstances",
        "*",
        Allow,
    ),
    id(
        "ec2 Stop* allows StopInstances",
        r#"{"Effect":"Allow","Action":["ec2:Start*","ec2:Stop*"],"Resource":"*"}"#,
        "ec2:StopInstances",
        "*",
        Allow,
    ),
    id(
        "ec2 Start*/Stop* do not allow Terminate",
        r#"{"Effect":"Allow","Action":["ec2:Start*","ec2:Stop*"],"Resource":"*"}"#,
        "ec2:TerminateInstances",
        "*",
        ImplicitDeny,
    ),
    // Explicit deny
    id(
        "explicit deny wins",
        r#"[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Effect":"Deny","Action":"sqs:DeleteMessage","Resource":"*"}]"#,
        "sqs:DeleteMessage",
        Q,
        Deny,
    ),
    id(
        "deny wildcard over specific allow",
        r#"[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"},{"Effect":"Deny","Action":"sqs:*","Resource":"*"}]"#,
        "sqs:SendMessage",
        Q,
        Deny,
    ),
    id(
        "deny on another resource",
        r#"[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Effect":"Deny","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:111111111111:other"}]"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "deny without allow",
        r#"{"Effect":"Deny","Action":"sqs:*","Resource":"*"}"#,
        "sqs:SendMessage",
        Q,
        Deny,
    ),
    // NotAction
    id(
        "NotAction with Allow allows the rest",
        r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "NotAction with Allow excludes",
        r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
        "iam:PassRole",
        "*",
        ImplicitDeny,
    ),
    id(
        "NotAction with Deny denies the rest",
        r#"[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","NotAction":"sqs:*","Resource":"*"}]"#,
        "lambda:InvokeFunction",
        "*",
        Deny,
    ),
    id(
        "NotAction with Deny spares the listed",
        r#"[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","NotAction":"sqs:*","Resource":"*"}]"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    // Resources
    id(
        "resource wildcard region",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:*:111111111111:q"}"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "resource name differs",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:*:111111111111:q2"}"#,
        "sqs:SendMessage",
        Q,
        ImplicitDeny,
    ),
    id(
        "resource wildcard across partitions",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"arn:*:sqs:*:*:q"}"#,
        "sqs:SendMessage",
        "arn:aws-cn:sqs:cn-north-1:111111111111:q",
        Allow,
    ),
    id(
        "partition is matched",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:*:*:q"}"#,
        "sqs:SendMessage",
        "arn:aws-cn:sqs:cn-north-1:111111111111:q",
        ImplicitDeny,
    ),
    id(
        "arn star covers everything",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"arn:*"}"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "resource is case-sensitive",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:111111111111:Q"}"#,
        "sqs:SendMessage",
        Q,
        ImplicitDeny,
    ),
    id(
        "NotResource allows others",
        r#"{"Effect":"Allow","Action":"sqs:*","NotResource":"arn:aws:sqs:*:*:secret"}"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "NotResource excludes",
        r#"{"Effect":"Allow","Action":"sqs:*","NotResource":"arn:aws:sqs:*:*:secret"}"#,
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111111111111:secret",
        ImplicitDeny,
    ),
    id(
        "function:* covers qualifiers",
        r#"{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:*:*:function:f:*"}"#,
        "lambda:InvokeFunction",
        "arn:aws:lambda:us-east-1:111111111111:function:f:live",
        Allow,
    ),
    id(
        "function:f:* does not cover unqualified",
        r#"{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:*:*:function:f:*"}"#,
        "lambda:InvokeFunction",
        "arn:aws:lambda:us-east-1:111111111111:function:f",
        ImplicitDeny,
    ),
    id(
        "unqualified does not cover alias",
        r#"{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f"}"#,
        "lambda:InvokeFunction",
        "arn:aws:lambda:us-east-1:111111111111:function:f:live",
        ImplicitDeny,
    ),
    id(
        "log stream under log group",
        r#"{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:*:*:log-group:/aws/lambda/f:*"}"#,
        "logs:PutLogEvents",
        "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f:log-stream:x",
        Allow,
    ),
    // Document forms
    id(
        "single statement object",
        r#"{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "URL-encoded document",
        "\"%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sqs%3A*%22%2C%22Resource%22%3A%22*%22%7D%7D\"",
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    // Conditions in identity policies
    id(
        "unknown key makes allow conditional",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a"}}}"#,
        "sqs:SendMessage",
        Q,
        Conditional,
    ),
    id(
        "unknown-key deny makes allow conditional",
        r#"[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]"#,
        "sqs:SendMessage",
        Q,
        Conditional,
    ),
    id(
        "unknown-key deny alone stays implicit",
        r#"{"Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}"#,
        "sqs:SendMessage",
        Q,
        ImplicitDeny,
    ),
    id(
        "TLS-only deny does not apply over TLS",
        r#"[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "Bool SecureTransport true",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true}}}"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    id(
        "unsupported operator is conditional",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"NumericLessThan":{"aws:SourceAccount":"5"}}}"#,
        "sqs:SendMessage",
        Q,
        Conditional,
    ),
    id(
        "date condition is conditional",
        r#"{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}"#,
        "sqs:SendMessage",
        Q,
        Conditional,
    ),
    id(
        "deny on absent source account does not apply",
        r#"[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"999999999999"}}}]"#,
        "sqs:SendMessage",
        Q,
        Allow,
    ),
    // Resource policies, service principals
    svc(
        "service with matching SourceArn",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:events:us-east-1:111111111111:rule/nightly"}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "SourceArn wildcard",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:events:*:111111111111:rule/*"}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "SourceArn of another rule",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:events:us-east-1:111111111111:rule/other"}}}"#,
        EVENTS_CTX,
        ImplicitDeny,
    ),
    svc(
        "SourceArn required but absent",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:events:*:*:rule/*"}}}"#,
        &[],
        ImplicitDeny,
    ),
    svc(
        "ArnLikeIfExists without source",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:events:*:*:rule/x"}}}"#,
        &[],
        Allow,
    ),
    svc(
        "ArnLikeIfExists with other source",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:events:*:*:rule/x"}}}"#,
        EVENTS_CTX,
        ImplicitDeny,
    ),
    svc(
        "SourceAccount equals",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "SourceAccount differs",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"StringEquals":{"aws:SourceAccount":"222222222222"}}}"#,
        EVENTS_CTX,
        ImplicitDeny,
    ),
    svc(
        "StringNotEquals SourceAccount",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"StringNotEquals":{"aws:SourceAccount":"222222222222"}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "SourceOwner key in any case",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"StringEquals":{"AWS:SourceOwner":"111111111111"}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "other service principal",
        "sns.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction"}"#,
        &[],
        ImplicitDeny,
    ),
    svc(
        "service list",
        "sns.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":["events.amazonaws.com","sns.amazonaws.com"]},"Action":"lambda:InvokeFunction"}"#,
        &[],
        Allow,
    ),
    svc(
        "principal star",
        "sns.amazonaws.com",
        r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}"#,
        &[],
        Allow,
    ),
    svc(
        "principal AWS star",
        "sns.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"lambda:InvokeFunction"}"#,
        &[],
        Allow,
    ),
    svc(
        "account principal does not cover a service",
        "sns.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"lambda:InvokeFunction"}"#,
        &[],
        ImplicitDeny,
    ),
    svc(
        "ForAnyValue StringEquals",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"ForAnyValue:StringEquals":{"aws:SourceAccount":["1","111111111111"]}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "ForAllValues with absent key is vacuous",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"ForAllValues:StringEquals":{"aws:SourceAccount":"1"}}}"#,
        &[],
        Allow,
    ),
    svc(
        "ForAllValues mismatch",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"ForAllValues:StringEquals":{"aws:SourceAccount":"1"}}}"#,
        EVENTS_CTX,
        ImplicitDeny,
    ),
    svc(
        "ForAnyValue with absent key",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"ForAnyValue:StringLike":{"aws:SourceAccount":"*"}}}"#,
        &[],
        ImplicitDeny,
    ),
    svc(
        "Null false when present",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"Null":{"aws:SourceArn":"false"}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "Null true when present",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"Null":{"aws:SourceArn":"true"}}}"#,
        EVENTS_CTX,
        ImplicitDeny,
    ),
    svc(
        "StringLike with ?",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"StringLike":{"aws:SourceArn":"arn:aws:events:us-east-1:111111111111:rule/nightl?"}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "StringEqualsIgnoreCase",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"StringEqualsIgnoreCase":{"aws:SourceArn":"ARN:AWS:EVENTS:US-EAST-1:111111111111:RULE/NIGHTLY"}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "ArnEquals exact",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:111111111111:rule/nightly"}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "ArnNotEquals deny for other sources",
        "events.amazonaws.com",
        r#"[{"Effect":"Allow","Principal":"*","Action":"lambda:*"},{"Effect":"Deny","Principal":"*","Action":"lambda:*","Condition":{"ArnNotEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:111111111111:rule/other"}}}]"#,
        EVENTS_CTX,
        Deny,
    ),
    svc(
        "two keys are ANDed",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:events:*:*:rule/*"},"StringEquals":{"aws:SourceAccount":"222222222222"}}}"#,
        EVENTS_CTX,
        ImplicitDeny,
    ),
    svc(
        "values are ORed",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:*","Condition":{"ArnLike":{"aws:SourceArn":["arn:aws:events:*:*:rule/a","arn:aws:events:*:*:rule/nightly"]}}}"#,
        EVENTS_CTX,
        Allow,
    ),
    svc(
        "NotPrincipal deny spares the named service",
        "events.amazonaws.com",
        r#"[{"Effect":"Allow","Principal":"*","Action":"lambda:*"},{"Effect":"Deny","NotPrincipal":{"Service":"events.amazonaws.com"},"Action":"lambda:*"}]"#,
        &[],
        Allow,
    ),
    svc(
        "NotPrincipal deny hits others",
        "sns.amazonaws.com",
        r#"[{"Effect":"Allow","Principal":"*","Action":"lambda:*"},{"Effect":"Deny","NotPrincipal":{"Service":"events.amazonaws.com"},"Action":"lambda:*"}]"#,
        &[],
        Deny,
    ),
    svc(
        "PrincipalOrgID is conditional",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":"*","Action":"lambda:*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}"#,
        EVENTS_CTX,
        Conditional,
    ),
    svc(
        "resource element in a resource policy",
        "events.amazonaws.com",
        r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:g"}"#,
        &[],
        ImplicitDeny,
    ),
    // Resource policies, role principals
    role(
        "role by ARN",
        ROLE,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/r"},"Action":"sqs:SendMessage"}"#,
        Allow,
    ),
    role(
        "role by account id",
        ROLE,
        r#"{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sqs:SendMessage"}"#,
        Allow,
    ),
    role(
        "role by account root",
        ROLE,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sqs:*"}"#,
        Allow,
    ),
    role(
        "other account root",
        ROLE,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sqs:*"}"#,
        ImplicitDeny,
    ),
    role(
        "other role",
        ROLE,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/x"},"Action":"sqs:*"}"#,
        ImplicitDeny,
    ),
    role(
        "service principal does not cover a role",
        ROLE,
        r#"{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:*"}"#,
        ImplicitDeny,
    ),
];

#[test]
fn evaluator_table() {
    assert!(CASES.len() >= 60, "{} cases", CASES.len());
    let mut failures = Vec::new();
    for c in CASES {
        let text = if c.statements.starts_with('"') {
            c.statements.to_string()
        } else {
            format!(r#"{{"Version":"2012-10-17","Statement":{}}}"#, c.statements)
        };
        let doc: serde_json::Value = serde_json::from_str(&text).expect(c.name);
        let src = PolicySource {
            kind: PolicyKind::Inline,
            holder: ROLE.into(),
            name: Some("p".into()),
        };
        let statements: Vec<_> = parse_document(&doc, src)
            .into_iter()
            .map(Arc::new)
            .collect();
        let principal = match c.who {
            Who::Identity | Who::Role(_) => Principal::role(match c.who {
                Who::Role(r) => r,
                _ => ROLE,
            }),
            Who::Service(s) => Principal::Service(s.into()),
        };
        let mut context = Context::new();
        for (k, v) in c.context {
            context.set(k, v);
        }
        let req = Request {
            principal: &principal,
            action: c.action,
            resource: c.resource,
            context: &context,
            any_resource: false,
        };
        let got = evaluate(&statements, &req, !matches!(c.who, Who::Identity));
        if got.verdict != c.want {
            failures.push(format!("{}: want {}, got {}", c.name, c.want, got.verdict));
        }
        // The deciding statements are the ones of the verdict's kind.
        match got.verdict {
            ImplicitDeny => assert!(got.deciding.is_empty(), "{}", c.name),
            _ => assert!(!got.deciding.is_empty(), "{}", c.name),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn role_with(arn: &str, inline: &str, attached: &[&str], boundary: Option<&str>) -> IamRole {
    IamRole {
        arn: arn.into(),
        name: arn.rsplit('/').next().unwrap().into(),
        inline_policies: vec![InlinePolicy {
            name: "p".into(),
            document: JsonDoc::from_text(inline),
        }],
        attached_policy_arns: attached.iter().map(|s| s.to_string()).collect(),
        permissions_boundary_arn: boundary.map(str::to_string),
        ..Default::default()
    }
}

fn managed(arn: &str, doc: &str) -> ManagedPolicy {
    ManagedPolicy {
        arn: arn.into(),
        name: arn.rsplit('/').next().unwrap().into(),
        document: JsonDoc::from_text(doc),
        ..Default::default()
    }
}

const SQS_ALL: &str = r#"{"Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}"#;
const NOTHING: &str = r#"{"Statement":[]}"#;

#[test]
fn boundary_limits_identity() {
    let mut inv = Inventory::default();
    let b = "arn:aws:iam::111111111111:policy/boundary";
    inv.iam_roles.push(role_with(ROLE, SQS_ALL, &[], Some(b)));
    inv.iam_policies.push(managed(
        b,
        r#"{"Statement":{"Effect":"Allow","Action":"sqs:ReceiveMessage","Resource":"*"}}"#,
    ));
    let ix = AccessIndex::of(&inv);
    assert_eq!(
        ix.role_access(ROLE, "sqs:ReceiveMessage", Q)
            .unwrap()
            .verdict,
        Allow
    );
    let a = ix.role_access(ROLE, "sqs:SendMessage", Q).unwrap();
    assert_eq!(a.verdict, ImplicitDeny);
    assert_eq!(a.layers[1].name, "boundary");
    assert_eq!(a.layers[1].decision.verdict, ImplicitDeny);
}

#[test]
fn managed_policies_missing_roles_and_attached() {
    let mut inv = Inventory::default();
    let m = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";
    inv.iam_roles.push(role_with(ROLE, NOTHING, &[m], None));
    let ix = AccessIndex::of(&inv);
    assert_eq!(
        ix.role_access(ROLE, "sqs:ReceiveMessage", Q).unwrap_err(),
        Unknown::MissingPolicies(vec![m.into()])
    );
    assert!(matches!(
        ix.role_access("arn:aws:iam::1:role/none", "sqs:*", Q),
        Err(Unknown::NoRole(_))
    ));
    inv.iam_policies.push(managed(m, r#"{"Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes","logs:*"],"Resource":"*"}]}"#));
    let ix = AccessIndex::of(&inv);
    let a = ix.role_access(ROLE, "sqs:DeleteMessage", Q).unwrap();
    assert_eq!(a.verdict, Allow);
    assert_eq!(a.layers[0].decision.deciding[0].source.holder, m);
}

fn queue(arn: &str, policy: Option<&str>) -> SqsQueue {
    SqsQueue {
        arn: arn.into(),
        name: arn.rsplit(':').next().unwrap().into(),
        policy: policy.map(JsonDoc::from_text),
        ..Default::default()
    }
}

#[test]
fn same_account_resource_policy_grants_and_denies() {
    let mut inv = Inventory::default();
    inv.iam_roles.push(role_with(ROLE, NOTHING, &[], None));
    inv.sqs_queues.push(queue(Q, Some(r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/r"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111111111111:q"}}"#)));
    let denied = "arn:aws:sqs:us-east-1:111111111111:locked";
    inv.sqs_queues.push(queue(
        denied,
        Some(r#"{"Statement":{"Effect":"Deny","Principal":"*","Action":"sqs:*"}}"#),
    ));
    let ix = AccessIndex::of(&inv);
    assert_eq!(
        ix.role_access(ROLE, "sqs:SendMessage", Q).unwrap().verdict,
        Allow
    );
    assert_eq!(
        ix.role_access(ROLE, "sqs:DeleteMessage", Q)
            .unwrap()
            .verdict,
        ImplicitDeny
    );

    let mut inv2 = inv.clone();
    inv2.iam_roles[0] = role_with(ROLE, SQS_ALL, &[], None);
    let ix = AccessIndex::of(&inv2);
    assert_eq!(
        ix.role_access(ROLE, "sqs:SendMessage", denied)
            .unwrap()
            .verdict,
        Deny
    );
}

#[test]
fn cross_account_needs_both_sides() {
    let mut inv = Inventory::default();
    inv.iam_roles.push(role_with(ROLE, SQS_ALL, &[], None));
    let other = "arn:aws:sqs:us-east-1:222222222222:shared";
    let ix = AccessIndex::of(&inv);
    let a = ix.role_access(ROLE, "sqs:SendMessage", other).unwrap();
    assert_eq!(
        a.verdict, Conditional,
        "the other account's queue policy was not collected"
    );
    assert!(!a.notes.is_empty());
    inv.sqs_queues.push(queue(other, Some(r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:root"},"Action":"sqs:*"}}"#)));
    assert_eq!(
        AccessIndex::of(&inv)
            .role_access(ROLE, "sqs:SendMessage", other)
            .unwrap()
            .verdict,
        ImplicitDeny
    );
    inv.sqs_queues[0] = queue(
        other,
        Some(
            r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sqs:*"}}"#,
        ),
    );
    assert_eq!(
        AccessIndex::of(&inv)
            .role_access(ROLE, "sqs:SendMessage", other)
            .unwrap()
            .verdict,
        Allow
    );
}

#[test]
fn kms_key_policy_must_allow() {
    let key = "arn:aws:kms:us-east-1:111111111111:key/k";
    let kms = |policy: &str| KmsKey {
        arn: key.into(),
        policy: Some(JsonDoc::from_text(policy)),
        ..Default::default()
    };
    let root = r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}}"#;
    let named = r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/r"},"Action":"kms:Decrypt","Resource":"*"}}"#;
    let kms_all = r#"{"Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*"}}"#;
    for (identity, key_policy, want) in [
        (kms_all, root, Allow),
        (NOTHING, root, ImplicitDeny),
        (NOTHING, named, Allow),
        (kms_all, r#"{"Statement":[]}"#, ImplicitDeny),
    ] {
        let mut inv = Inventory::default();
        inv.iam_roles.push(role_with(ROLE, identity, &[], None));
        inv.kms_keys.push(kms(key_policy));
        let got = AccessIndex::of(&inv)
            .role_access(ROLE, "kms:Decrypt", key)
            .unwrap()
            .verdict;
        assert_eq!(got, want, "identity {identity} key {key_policy}");
    }
}

#[test]
fn service_access_to_functions() {
    let f = "arn:aws:lambda:us-east-1:111111111111:function:f";
    let mut inv = Inventory::default();
    inv.lambda_functions.push(LambdaFunction {
        arn: f.into(),
        name: "f".into(),
        resource_policy: Some(JsonDoc::from_text(r#"{"Statement":[{"Sid":"events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:events:us-east-1:111111111111:rule/nightly"}}}]}"#)),
        ..Default::default()
    });
    let g = "arn:aws:lambda:us-east-1:111111111111:function:g";
    inv.lambda_functions.push(LambdaFunction {
        arn: g.into(),
        name: "g".into(),
        ..Default::default()
    });
    let ix = AccessIndex::of(&inv);
    let a = ix
        .service_access(
            "events.amazonaws.com",
            "lambda:InvokeFunction",
            f,
            Some(RULE),
            Some("111111111111"),
        )
        .unwrap();
    assert_eq!(a.verdict, Allow);
    assert_eq!(
        a.layers[0].decision.deciding[0].sid.as_deref(),
        Some("events")
    );
    let other_rule = "arn:aws:events:us-east-1:111111111111:rule/other";
    assert_eq!(
        ix.service_access(
            "events.amazonaws.com",
            "lambda:InvokeFunction",
            f,
            Some(other_rule),
            None
        )
        .unwrap()
        .verdict,
        ImplicitDeny
    );
    assert_eq!(
        ix.service_access("sns.amazonaws.com", "lambda:InvokeFunction", g, None, None)
            .unwrap()
            .verdict,
        ImplicitDeny,
        "a function without a policy lets no service invoke it"
    );
    assert!(matches!(
        ix.service_access(
            "events.amazonaws.com",
            "lambda:InvokeFunction",
            &format!("{f}:live"),
            Some(RULE),
            None
        ),
        Err(Unknown::QualifiedFunction(_))
    ));
    assert!(matches!(
        ix.service_access(
            "events.amazonaws.com",
            "lambda:InvokeFunction",
            "arn:aws:lambda:us-east-1:1:function:none",
            None,
            None
        ),
        Err(Unknown::NoResourcePolicy(_))
    ));
}

#[test]
fn trust_policies_answer_assume_role() {
    let mut r = role_with(ROLE, NOTHING, &[], None);
    r.trust_policy = JsonDoc::from_text(
        r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"}}}]}"#,
    );
    let mut inv = Inventory::default();
    inv.iam_roles.push(r);
    let ix = AccessIndex::of(&inv);
    let ask = |svc: &str, acct: &str| {
        ix.service_access(svc, "sts:AssumeRole", ROLE, None, Some(acct))
            .unwrap()
            .verdict
    };
    assert_eq!(ask("states.amazonaws.com", "111111111111"), Allow);
    assert_eq!(ask("states.amazonaws.com", "222222222222"), ImplicitDeny);
    assert_eq!(ask("lambda.amazonaws.com", "111111111111"), ImplicitDeny);
    // The trust policy does not grant the role anything else.
    assert_eq!(
        ix.role_access(ROLE, "sqs:SendMessage", Q).unwrap().verdict,
        ImplicitDeny
    );
}

#[test]
fn actions_on_any_resource_for_code() {
    let mut inv = Inventory::default();
    inv.iam_roles.push(role_with(
        ROLE,
        r#"{"Statement":[{"Effect":"Allow","Action":"dynamodb:PutItem","Resource":"arn:aws:dynamodb:*:*:table/orders"},
            {"Effect":"Allow","Action":"ses:*","Resource":"*"},
            {"Effect":"Deny","Action":"ses:SendRawEmail","Resource":"*"},
            {"Effect":"Deny","Action":"dynamodb:PutItem","Resource":"arn:aws:dynamodb:*:*:table/audit"}]}"#,
        &[],
        None,
    ));
    let ix = AccessIndex::of(&inv);
    let verdict = |action: &str| ix.role_action(ROLE, action).unwrap().verdict;
    assert_eq!(
        verdict("dynamodb:PutItem"),
        Allow,
        "allowed on one table, denied on another"
    );
    assert_eq!(verdict("ses:SendEmail"), Allow);
    assert_eq!(verdict("ses:SendRawEmail"), Deny);
    assert_eq!(verdict("sqs:SendMessage"), ImplicitDeny);
}
