//! Who asks, for `explain-access`: a role (by ARN or name), a service principal, a resource
//! that runs as a role (its execution role), or a resource that calls others as its service
//! (an EventBridge rule calls as `events.amazonaws.com` with itself as `aws:SourceArn`).

use crate::graph::{EdgeKind, Topology};
use crate::model::Inventory;

/// The principal of an access question, resolved against a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asker {
    /// A role.
    Role {
        /// Role ARN.
        arn: String,
        /// The resource that runs as this role, when the question named a resource.
        via: Option<String>,
    },
    /// A service principal acting for a source.
    Service {
        /// `events.amazonaws.com`.
        service: String,
        /// `aws:SourceArn`.
        source_arn: Option<String>,
        /// `aws:SourceAccount`.
        source_account: Option<String>,
    },
}

/// Resolves `text` (role ARN or name, service principal, resource ARN or name).
/// `source_arn`/`source_account` override what a resource implies for a service principal.
pub fn resolve(
    inv: &Inventory,
    topology: &Topology,
    text: &str,
    source_arn: Option<&str>,
    source_account: Option<&str>,
) -> Result<Asker, String> {
    let service = |service: &str, default_arn: Option<String>, default_account: Option<String>| {
        let source_arn = source_arn.map(str::to_string).or(default_arn);
        let source_account = source_account
            .map(str::to_string)
            .or(default_account)
            .or_else(|| {
                source_arn
                    .as_deref()
                    .and_then(|a| a.split(':').nth(4))
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
            });
        Asker::Service {
            service: service.to_ascii_lowercase(),
            source_arn,
            source_account,
        }
    };
    if text.ends_with(".amazonaws.com") {
        return Ok(service(text, None, None));
    }
    if let Some(r) = inv
        .iam_roles
        .iter()
        .find(|r| r.arn == text || r.name == text)
    {
        return Ok(Asker::Role {
            arn: r.arn.clone(),
            via: None,
        });
    }
    if text.starts_with("arn:") && text.contains(":role/") {
        // Not collected: the evaluator says so.
        return Ok(Asker::Role {
            arn: text.to_string(),
            via: None,
        });
    }
    let node = topology.resolve(text)?;
    if let Some(e) = topology
        .outgoing(&node.id)
        .into_iter()
        .find(|e| e.kind == EdgeKind::ExecutionRole)
    {
        return Ok(Asker::Role {
            arn: e.to.clone(),
            via: Some(node.id.clone()),
        });
    }
    let account = Some(node.account.clone()).filter(|a| !a.is_empty());
    let arn_service = node.id.split(':').nth(2).unwrap_or_default();
    let principal = match arn_service {
        "events" => "events.amazonaws.com",
        "sns" => "sns.amazonaws.com",
        "s3" => "s3.amazonaws.com",
        "cognito-idp" => "cognito-idp.amazonaws.com",
        "apigateway" => {
            // API Gateway calls as apigateway.amazonaws.com with an execute-api source ARN.
            let mut parts = node.id.split(':');
            let partition = parts.nth(1).unwrap_or("aws");
            let region = parts.nth(1).unwrap_or_default();
            let id = node.id.rsplit('/').next().unwrap_or_default();
            let acct = account.clone().unwrap_or_default();
            let arn = format!("arn:{partition}:execute-api:{region}:{acct}:{id}/*/*/*");
            return Ok(service("apigateway.amazonaws.com", Some(arn), account));
        }
        _ => {
            return Err(format!(
                "`{text}` ({}) neither runs as a role nor calls other services as a service principal; name a role, a service principal or a resource with an execution role",
                node.kind.as_str()
            ));
        }
    };
    Ok(service(principal, Some(node.id.clone()), account))
}

/// Resolves a RESOURCE argument: `*` and ARNs as given, else a resource name from the
/// snapshot.
pub fn resolve_resource(
    topology: &Topology,
    inv: &Inventory,
    text: &str,
) -> Result<String, String> {
    if text == "*" || text.starts_with("arn:") {
        return Ok(text.to_string());
    }
    if let Some(k) = inv
        .kms_keys
        .iter()
        .find(|k| k.key_id == text || k.aliases.iter().any(|a| a == text))
    {
        return Ok(k.arn.clone());
    }
    topology.resolve(text).map(|n| n.id.clone())
}
