//! Policy documents parsed into [`Statement`]s: identity, trust and resource policies,
//! single-statement and list forms, URL-encoded text, `Principal`/`NotPrincipal`,
//! `Action`/`NotAction`, `Resource`/`NotResource` and `Condition` blocks.

use serde_json::Value;
use std::sync::Arc;

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"` (anything but `Allow` is treated as a deny, as IAM rejects it).
    Deny,
}

/// Which kind of policy a statement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// A role's inline policy.
    Inline,
    /// A managed policy attached to a role.
    Managed,
    /// A role's permissions boundary.
    Boundary,
    /// A role's trust (assume-role) policy.
    Trust,
    /// A resource-based policy (function, queue, topic, bus, API, key).
    Resource,
}

impl PolicyKind {
    /// The snake_case name used in SQL and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Inline => "inline",
            PolicyKind::Managed => "managed",
            PolicyKind::Boundary => "boundary",
            PolicyKind::Trust => "trust",
            PolicyKind::Resource => "resource",
        }
    }
}

/// Where a policy document lives: printed with every deciding statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySource {
    /// Kind of policy.
    pub kind: PolicyKind,
    /// The resource or role holding it (for managed policies and boundaries: the policy ARN).
    pub holder: String,
    /// Inline or managed policy name.
    pub name: Option<String>,
}

impl std::fmt::Display for PolicySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.kind, &self.name) {
            (PolicyKind::Inline, Some(n)) => write!(f, "inline policy `{n}` of {}", self.holder),
            (PolicyKind::Managed, _) => write!(f, "managed policy {}", self.holder),
            (PolicyKind::Boundary, _) => write!(f, "permissions boundary {}", self.holder),
            (PolicyKind::Trust, _) => write!(f, "trust policy of {}", self.holder),
            _ => write!(f, "resource policy of {}", self.holder),
        }
    }
}

/// The principals a `Principal` or `NotPrincipal` element names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Principals {
    /// `"*"` or `{"AWS": "*"}`: every principal.
    pub any: bool,
    /// `Service` principals (`events.amazonaws.com`), lower-cased.
    pub services: Vec<String>,
    /// `AWS` principals: account ids, account root ARNs, role/user ARNs.
    pub aws: Vec<String>,
    /// `Federated` and `CanonicalUser` principals (never match a role or a service).
    pub other: Vec<String>,
}

/// One condition test: `"StringEquals": {"aws:SourceAccount": ["1"]}` is one clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionClause {
    /// The operator as written (`ForAnyValue:StringLikeIfExists`).
    pub operator: String,
    /// The condition key, lower-cased (`aws:sourcearn`).
    pub key: String,
    /// The values (numbers and booleans as text).
    pub values: Vec<String>,
}

/// One policy statement, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The document it belongs to.
    pub source: Arc<PolicySource>,
    /// Position in the document, from 0.
    pub index: usize,
    /// `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Principal`, when present.
    pub principal: Option<Principals>,
    /// `NotPrincipal`, when present.
    pub not_principal: Option<Principals>,
    /// `Action`.
    pub actions: Vec<String>,
    /// `NotAction`.
    pub not_actions: Vec<String>,
    /// `Resource`; `None` when the element is absent (resource policies may omit it).
    pub resources: Option<Vec<String>>,
    /// `NotResource`.
    pub not_resources: Vec<String>,
    /// Every condition clause (all must hold).
    pub conditions: Vec<ConditionClause>,
    /// The statement as written, for explanations.
    pub json: Value,
}

/// Parses an IAM policy document as the APIs return it: JSON text, or URL-encoded JSON
/// (IAM's `GetAccountAuthorizationDetails` and `GetPolicyVersion`).
pub fn policy_text(text: &str) -> crate::model::JsonDoc {
    let t = text.trim();
    if t.starts_with('{') {
        return crate::model::JsonDoc::from_text(t);
    }
    crate::model::JsonDoc::from_text(&percent_decode(t))
}

/// Decodes `%XX` escapes (RFC 3986; `+` stays a plus). Malformed escapes are kept verbatim.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The statements of a document value: `Statement` as one object or a list. A document kept
/// as a JSON string (URL-encoded text that reached a snapshot undecoded) is decoded first.
pub fn parse_document(doc: &Value, source: PolicySource) -> Vec<Statement> {
    let decoded;
    let doc = match doc {
        Value::String(text) => {
            decoded = policy_text(text).0;
            &decoded
        }
        v => v,
    };
    let source = Arc::new(source);
    statement_values(doc)
        .into_iter()
        .enumerate()
        .map(|(index, st)| parse_statement(st, index, source.clone()))
        .collect()
}

/// The raw statement values of a document (`Statement` may be one object or a list).
pub fn statement_values(doc: &Value) -> Vec<&Value> {
    match doc.get("Statement") {
        Some(Value::Array(list)) => list.iter().filter(|s| s.is_object()).collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

fn parse_statement(st: &Value, index: usize, source: Arc<PolicySource>) -> Statement {
    Statement {
        source,
        index,
        sid: st.get("Sid").and_then(Value::as_str).map(str::to_string),
        effect: match st.get("Effect").and_then(Value::as_str) {
            Some(e) if e.eq_ignore_ascii_case("allow") => Effect::Allow,
            _ => Effect::Deny,
        },
        principal: st.get("Principal").map(principals),
        not_principal: st.get("NotPrincipal").map(principals),
        actions: texts(st.get("Action")),
        not_actions: texts(st.get("NotAction")),
        resources: st.get("Resource").map(|r| texts(Some(r))),
        not_resources: texts(st.get("NotResource")),
        conditions: conditions(st.get("Condition")),
        json: st.clone(),
    }
}

/// A string, number, boolean or list of them as a list of texts.
pub fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Bool(b)) => vec![b.to_string()],
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Array(items)) => items.iter().flat_map(|i| texts(Some(i))).collect(),
        _ => Vec::new(),
    }
}

fn principals(v: &Value) -> Principals {
    let mut p = Principals::default();
    match v {
        Value::String(s) if s == "*" => p.any = true,
        Value::Object(map) => {
            for (kind, values) in map {
                for value in texts(Some(values)) {
                    match kind.as_str() {
                        "AWS" if value == "*" => p.any = true,
                        "AWS" => p.aws.push(value),
                        "Service" => p.services.push(value.to_ascii_lowercase()),
                        _ => p.other.push(format!("{kind}:{value}")),
                    }
                }
            }
        }
        _ => {}
    }
    p
}

fn conditions(v: Option<&Value>) -> Vec<ConditionClause> {
    let Some(Value::Object(ops)) = v else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (operator, keys) in ops {
        if let Value::Object(keys) = keys {
            for (key, values) in keys {
                out.push(ConditionClause {
                    operator: operator.clone(),
                    key: key.to_ascii_lowercase(),
                    values: texts(Some(values)),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_url_encoded_policies() {
        let enc = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
        let d = policy_text(enc);
        assert_eq!(
            d.value()["Statement"][0]["Principal"]["Service"],
            "lambda.amazonaws.com"
        );
        let plain = policy_text(r#" {"Version":"2012-10-17"} "#);
        assert_eq!(plain.value()["Version"], "2012-10-17");
    }

    #[test]
    fn percent_decode_keeps_plus_and_bad_escapes() {
        assert_eq!(percent_decode("a+b%20c"), "a+b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
    }
}
