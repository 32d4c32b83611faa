//! AWS SDK knowledge: client names to IAM service prefixes, method names to API operations,
//! operations to IAM actions, and what an operation's arguments make of it (additive
//! update, conditional write, notification, unnamed execution, ...).

use super::EffectKind;
use std::sync::LazyLock;

/// The IAM service prefix of an SDK service id (boto3 `client('stepfunctions')`, JS v3
/// `@aws-sdk/client-sfn`, JS v2 `AWS.StepFunctions` lower-cased).
pub fn iam_prefix(service: &str) -> String {
    let s = service.to_ascii_lowercase();
    match s.as_str() {
        "stepfunctions" | "sfn" | "states" => "states",
        "sesv2" | "ses" => "ses",
        "dynamodbstreams" | "lib-dynamodb" | "dynamodb" | "documentclient" => "dynamodb",
        "apigatewaymanagementapi" => "execute-api",
        "cloudwatchevents" | "eventbridge" | "events" => "events",
        "cloudwatchlogs" | "logs" => "logs",
        "cloudwatch" | "monitoring" => "cloudwatch",
        "pinpoint" | "mobiletargeting" => "mobiletargeting",
        "elbv2" | "elasticloadbalancingv2" => "elasticloadbalancing",
        "emr" => "elasticmapreduce",
        "iotdata" | "iot-data" | "iotdataplane" | "iot-data-plane" => "iot",
        "cognitoidentityserviceprovider" | "cognito-idp" | "cognitoidentityprovider" => {
            "cognito-idp"
        }
        "secretsmanager" => "secretsmanager",
        "s3control" => "s3",
        _ => return s,
    }
    .to_string()
}

/// `send_email` → `SendEmail`; `sendEmail` → `SendEmail`.
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The operation of a DynamoDB document-client style method (boto3 `Table`, JS v2
/// `DocumentClient`, JS v3 lib-dynamodb command without `Command`).
pub fn document_operation(method: &str) -> Option<&'static str> {
    Some(match method {
        "put_item" | "put" | "Put" => "PutItem",
        "get_item" | "get" | "Get" => "GetItem",
        "update_item" | "update" | "Update" => "UpdateItem",
        "delete_item" | "delete" | "Delete" => "DeleteItem",
        "query" | "Query" => "Query",
        "scan" | "Scan" => "Scan",
        "batch_writer" | "batchWrite" | "BatchWrite" | "batch_write_item" => "BatchWriteItem",
        "batchGet" | "BatchGet" | "batch_get_item" => "BatchGetItem",
        "transactWrite" | "TransactWrite" | "transact_write_items" => "TransactWriteItems",
        "transactGet" | "TransactGet" | "transact_get_items" => "TransactGetItems",
        _ => return None,
    })
}

/// The IAM action an API operation needs (most are `prefix:Operation`; some APIs are
/// authorised under another action).
pub fn iam_action(prefix: &str, operation: &str) -> String {
    let mapped = match (prefix, operation) {
        ("s3", "ListObjects" | "ListObjectsV2" | "HeadBucket") => "ListBucket",
        ("s3", "HeadObject" | "DownloadFile" | "DownloadFileobj") => "GetObject",
        ("s3", "DeleteObjects") => "DeleteObject",
        ("s3", "UploadFile" | "UploadFileobj") => "PutObject",
        ("lambda", "Invoke" | "InvokeAsync" | "InvokeWithResponseStream") => "InvokeFunction",
        ("sqs", "SendMessageBatch") => "SendMessage",
        ("sqs", "DeleteMessageBatch") => "DeleteMessage",
        ("sqs", "ChangeMessageVisibilityBatch") => "ChangeMessageVisibility",
        ("sns", "PublishBatch") => "Publish",
        ("execute-api", "PostToConnection" | "GetConnection" | "DeleteConnection") => {
            "ManageConnections"
        }
        _ => operation,
    };
    format!("{prefix}:{mapped}")
}

/// What an AWS call's arguments tell about it.
#[derive(Debug, Clone, Default)]
pub struct CallFacts {
    /// Argument / parameter names present (keyword arguments, keys of parameter objects).
    pub keys: Vec<String>,
    /// The `UpdateExpression` text, when given as a literal.
    pub update_expression: Option<String>,
    /// The text of the `Item` argument (expanded one level through variables).
    pub item: Option<String>,
    /// The `ConditionExpression` text, when given as a literal.
    pub condition_expression: Option<String>,
}

impl CallFacts {
    /// The detail of an effect of `kind` on a call shown as `call`: a conditional write
    /// names its condition.
    pub fn detail(&self, kind: EffectKind, call: &str) -> String {
        match (kind, &self.condition_expression) {
            (EffectKind::ConditionalWrite, Some(c)) => format!("condition `{c}`: {call}"),
            _ => call.to_string(),
        }
    }
}

impl CallFacts {
    fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k.eq_ignore_ascii_case(key))
    }
}

static ADDITIVE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(^|[\s,])ADD\s|list_append\s*\(|=\s*(if_not_exists\s*\([^)]*\)|[#:\w.\[\]]+)\s*[+-]\s*[#:\w(]",
    )
    .expect("valid regex")
});

/// True when a DynamoDB update expression adds to what is stored instead of setting it.
pub fn additive_expression(expr: &str) -> bool {
    ADDITIVE.is_match(expr)
}

/// True when an attribute name looks like a key (`pk`, `sk`, `id`, `orderId`, `event_key`).
pub fn key_like(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "pk" | "sk" | "id" | "key" | "hash" | "partitionkey" | "sortkey"
    ) || n.ends_with("id")
        || n.ends_with("_key")
        || (n.ends_with("key")
            && name.len() > 3
            && name[..name.len() - 3].ends_with(|c: char| c.is_ascii_lowercase())
            && name[name.len() - 3..].starts_with('K'))
}

/// True when an item's text builds its key from a generated value.
pub fn generated_value(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    [
        "uuid",
        "ulid",
        "randomuuid",
        "nanoid",
        "time.time(",
        "datetime.now",
        "datetime.utcnow",
        "date.now(",
        "new date(",
        "time_ns(",
    ]
    .iter()
    .any(|g| t.contains(g))
}

/// The effects an AWS call has besides being a call, from its operation and arguments.
pub fn semantic_kinds(prefix: &str, operation: &str, facts: &CallFacts) -> Vec<EffectKind> {
    let mut out = Vec::new();
    let conditional = facts.has("ConditionExpression");
    match (prefix, operation) {
        ("dynamodb", "UpdateItem" | "DeleteItem" | "TransactWriteItems") => {
            if facts
                .update_expression
                .as_deref()
                .is_some_and(additive_expression)
            {
                out.push(EffectKind::AdditiveWrite);
            }
            if conditional {
                out.push(EffectKind::ConditionalWrite);
            }
        }
        ("dynamodb", "PutItem") => {
            if conditional {
                out.push(EffectKind::ConditionalWrite);
            } else if facts.item.as_deref().is_some_and(generated_value) {
                out.push(EffectKind::FreshIdInsert);
            }
        }
        (
            "ses",
            "SendEmail"
            | "SendRawEmail"
            | "SendTemplatedEmail"
            | "SendBulkTemplatedEmail"
            | "SendBulkEmail",
        )
        | ("mobiletargeting", "SendMessages" | "SendUsersMessages") => {
            out.push(EffectKind::Notification)
        }
        ("sns", "Publish") if facts.has("PhoneNumber") => out.push(EffectKind::Notification),
        ("sns", "Publish" | "PublishBatch") | ("sqs", "SendMessage" | "SendMessageBatch")
            if !facts.has("MessageDeduplicationId") =>
        {
            out.push(EffectKind::SendWithoutDedup)
        }
        ("states", "StartExecution" | "StartSyncExecution") if !facts.has("name") => {
            out.push(EffectKind::UnnamedExecution)
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_actions() {
        assert_eq!(pascal("send_email"), "SendEmail");
        assert_eq!(pascal("sendEmail"), "SendEmail");
        assert_eq!(iam_prefix("stepfunctions"), "states");
        assert_eq!(iam_prefix("SFN"), "states");
        assert_eq!(iam_action("s3", "ListObjectsV2"), "s3:ListBucket");
        assert_eq!(iam_action("lambda", "Invoke"), "lambda:InvokeFunction");
        assert_eq!(iam_action("dynamodb", "PutItem"), "dynamodb:PutItem");
    }

    #[test]
    fn additive_expressions() {
        for e in [
            "ADD visits :one",
            "SET a = :a ADD n :one",
            "SET #c = #c + :inc",
            "SET stock = stock - :qty",
            "SET n = if_not_exists(n, :zero) + :one",
            "SET tags = list_append(tags, :t)",
        ] {
            assert!(additive_expression(e), "{e}");
        }
        for e in [
            "SET #s = :s",
            "SET updated = :now, address = :a",
            "REMOVE x",
            "SET #addr = :addr",
        ] {
            assert!(!additive_expression(e), "{e}");
        }
    }
}
