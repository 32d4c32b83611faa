//! The recording client behind `scan --record-http DIR`: forwards every request to the real
//! client and writes each exchange as a replay [`Recording`], so a user can attach a
//! reproducible scan to a bug report and `ReplayClient::from_dir` can serve it back.
//!
//! Nothing secret is written: request headers (signatures, tokens) are never recorded; only
//! the normalised request fields are, and response bodies pass through [`redact_body`]
//! (Lambda environment values, stage variables, Glue arguments and connection properties,
//! credentials of any STS response, and every field whose name or value looks secret).

use super::replay::{Recording, key_of};
use crate::collect::redact::{REDACTED, REDACTED_SECRET, looks_secret};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use http_body_util::BodyExt;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Response headers kept in a recording (others, e.g. cookies, are dropped).
const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-amzn-errortype",
    "x-amzn-query-error",
];

/// Object keys whose values are always dropped (maps of user-defined values).
const VALUE_MAPS: &[&str] = &[
    "Variables",
    "variables",
    "DefaultArguments",
    "NonOverridableArguments",
    "ConnectionProperties",
    "Arguments",
];

/// The recording client.
#[derive(Debug, Clone)]
pub struct RecordClient {
    inner: SharedHttpClient,
    dir: PathBuf,
    seen: Arc<Mutex<HashSet<String>>>,
}

impl RecordClient {
    /// Records into `dir` (created if missing), forwarding to the default HTTPS client.
    pub fn new(dir: impl Into<PathBuf>) -> std::io::Result<RecordClient> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(RecordClient {
            inner: super::fault::default_https_client(),
            dir,
            seen: Arc::default(),
        })
    }

    /// As a client for `AwsTarget::http_client`.
    pub fn into_shared(self) -> SharedHttpClient {
        SharedHttpClient::new(self)
    }
}

impl HttpClient for RecordClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(RecordConnector {
            inner: self.inner.http_connector(settings, components),
            client: self.clone(),
        })
    }
}

#[derive(Debug)]
struct RecordConnector {
    inner: SharedHttpConnector,
    client: RecordClient,
}

impl HttpConnector for RecordConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let key = key_of(&request);
        let inner = self.inner.clone();
        let client = self.client.clone();
        HttpConnectorFuture::new(async move {
            let mut response = inner.call(request).await?;
            let body = response.take_body();
            let bytes = body
                .collect()
                .await
                .map_err(aws_smithy_runtime_api::client::result::ConnectorError::io)?
                .to_bytes();
            let headers: BTreeMap<String, String> = response
                .headers()
                .iter()
                .filter(|(k, _)| KEPT_HEADERS.contains(&k.to_ascii_lowercase().as_str()))
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                .collect();
            let recording = Recording {
                service: key.service.clone(),
                region: key.region.clone(),
                operation: key.operation.clone(),
                request_body: serde_json::from_str(&key.request).unwrap_or(Value::Null),
                status: response.status().as_u16(),
                headers,
                body: redact_body(&String::from_utf8_lossy(&bytes)),
            };
            let id = key.to_string();
            let first = client.seen.lock().expect("seen lock").insert(id.clone());
            if first && let Err(e) = write_recording(&client.dir, &recording, &id) {
                tracing::warn!("--record-http: cannot write a recording: {e}");
            }
            *response.body_mut() = SdkBody::from(bytes);
            Ok(response)
        })
    }
}

fn write_recording(dir: &std::path::Path, r: &Recording, key: &str) -> std::io::Result<()> {
    let safe = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect::<String>()
    };
    let sub = dir.join(safe(&r.service));
    std::fs::create_dir_all(&sub)?;
    // Named by a hash of the request key: concurrent writers never collide, and the same
    // request always maps to the same file.
    let path = sub.join(format!(
        "{}-{}-{:016x}.json",
        safe(&r.region),
        safe(&r.operation),
        fnv1a(key)
    ));
    let text = serde_json::to_string_pretty(r).expect("recording serialises");
    crate::util::write_atomically(&path, |w| std::io::Write::write_all(w, text.as_bytes()))
}

/// FNV-1a, 64 bit: a stable hash for file names.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Redacts a response body: JSON is walked structurally, XML text elements are checked
/// one by one; anything else is kept.
pub fn redact_body(body: &str) -> String {
    if let Ok(mut v) = serde_json::from_str::<Value>(body) {
        redact_json(&mut v, None);
        return v.to_string();
    }
    if body.trim_start().starts_with('<') {
        return redact_xml(body);
    }
    body.to_string()
}

fn redact_json(v: &mut Value, key: Option<&str>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if VALUE_MAPS.contains(&k.as_str())
                    && let Value::Object(m) = child
                {
                    for (name, val) in m.iter_mut() {
                        let secret = val.as_str().is_some_and(|v| looks_secret(name, v));
                        *val =
                            Value::String(if secret { REDACTED_SECRET } else { REDACTED }.into());
                    }
                    continue;
                }
                redact_json(child, Some(k));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| redact_json(i, key)),
        Value::String(s) => {
            if let Some(k) = key
                && looks_secret(k, s)
                && !is_structural(k)
            {
                *s = REDACTED.into();
            }
        }
        _ => {}
    }
}

/// Keys whose values are identifiers or documents, never secrets, although their names or
/// shapes may look like it (ARNs, tokens for pagination, policy documents).
fn is_structural(key: &str) -> bool {
    matches!(
        key,
        "NextToken" | "nextToken" | "Marker" | "NextMarker" | "position" | "Policy" | "policy"
    ) || key.ends_with("Arn")
        || key.ends_with("Id")
        || key.ends_with("Url")
}

/// Redacts `<Name>value</Name>` text elements whose name or value looks secret; the
/// `<key>..</key><value>..</value>` attribute pairs of query protocols are judged by key.
fn redact_xml(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    let mut last_key = String::new();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[1..close];
        out.push_str(&rest[..=close]);
        rest = &rest[close + 1..];
        if tag.starts_with('/') || tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or("");
        let end = format!("</{name}>");
        if let Some(text_end) = rest.find(&end) {
            let text = &rest[..text_end];
            if !text.contains('<') {
                let judged = if name.eq_ignore_ascii_case("value") {
                    last_key.clone()
                } else {
                    name.to_string()
                };
                if name.eq_ignore_ascii_case("key") {
                    last_key = text.to_string();
                }
                if looks_secret(&judged, text) && !is_structural(&judged) {
                    // Escaped: the marker is text inside an XML element.
                    out.push_str("&lt;redacted&gt;");
                } else {
                    out.push_str(text);
                }
                rest = &rest[text_end..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_lose_secrets_and_keep_shape() {
        let body = r#"{"Functions":[{"FunctionName":"f","FunctionArn":"arn:aws:lambda:us-east-1:1:function:f",
            "Environment":{"Variables":{"DB_PASSWORD":"hunter2","TABLE":"orders"}}}],
            "Credentials":{"AccessKeyId":"ASIAABCDEFGHIJKLMNOP","SecretAccessKey":"q8J2mX9vL4pR7sT1wZ6yB3nC5dF0gH2kE8aQ","SessionToken":"FwoGZXIvYXdzEJr"},
            "NextMarker":"abc"}"#;
        let out = redact_body(body);
        assert!(!out.contains("hunter2") && !out.contains("orders"));
        assert!(
            !out.contains("q8J2mX9vL4pR7sT1wZ6yB3nC5dF0gH2kE8aQ")
                && !out.contains("FwoGZXIvYXdzEJr")
        );
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["Functions"][0]["Environment"]["Variables"]["DB_PASSWORD"],
            REDACTED_SECRET
        );
        assert_eq!(
            v["Functions"][0]["Environment"]["Variables"]["TABLE"],
            REDACTED
        );
        assert_eq!(
            v["Functions"][0]["FunctionArn"],
            "arn:aws:lambda:us-east-1:1:function:f"
        );
        assert_eq!(v["NextMarker"], "abc");
    }

    #[test]
    fn xml_bodies_lose_secrets() {
        let body = "<GetTopicAttributesResponse><Attributes><entry><key>Owner</key><value>123456789012</value></entry>\
            <entry><key>AuthToken</key><value>s3cr3t-value</value></entry></Attributes>\
            <SecretAccessKey>q8J2mX9vL4pR7sT1wZ6yB3nC5dF0gH2kE8aQ</SecretAccessKey></GetTopicAttributesResponse>";
        let out = redact_xml(body);
        assert!(out.contains("<value>123456789012</value>"));
        assert!(
            !out.contains("s3cr3t-value") && !out.contains("q8J2mX9v"),
            "{out}"
        );
        assert!(out.ends_with("</GetTopicAttributesResponse>"));
    }
}
