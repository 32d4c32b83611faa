//! Which service and operation an outgoing HTTP request is: the SigV4 credential scope names
//! the service, and the operation is in `X-Amz-Target` (JSON protocols), `Action=` (query
//! protocol), or the REST method and path.

use aws_smithy_runtime_api::client::orchestrator::HttpRequest;

/// A request's identity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId {
    /// Signing name (`sqs`, `lambda`, `execute-api`...), or the host's first label.
    pub service: String,
    /// Signing region, when signed.
    pub region: String,
    /// Operation name, or `METHOD /path` for REST requests.
    pub operation: String,
    /// The protocol answers in XML (query protocol or S3).
    pub protocol_is_xml: bool,
}

/// Identifies a request.
pub fn identify(req: &HttpRequest) -> RequestId {
    let headers = req.headers();
    let (service, region) = headers
        .get("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .map(|c| {
            let parts: Vec<&str> = c
                .split([',', ' '])
                .next()
                .unwrap_or("")
                .split('/')
                .collect();
            (
                parts.get(3).unwrap_or(&"").to_string(),
                parts.get(2).unwrap_or(&"").to_string(),
            )
        })
        .unwrap_or_else(|| {
            let host = req
                .uri()
                .split("://")
                .nth(1)
                .unwrap_or("")
                .split(['.', '/', ':'])
                .next()
                .unwrap_or("");
            (host.to_string(), String::new())
        });
    let body = req
        .body()
        .bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let form = headers
        .get("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    let operation = if let Some(t) = headers.get("x-amz-target") {
        t.rsplit('.').next().unwrap_or(t).to_string()
    } else if form {
        body.split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
            .unwrap_or("")
            .to_string()
    } else {
        format!(
            "{} {}",
            req.method(),
            req.uri()
                .split("://")
                .nth(1)
                .map(|r| &r[r.find('/').unwrap_or(r.len())..])
                .unwrap_or("/")
                .split('?')
                .next()
                .unwrap_or("/")
        )
    };
    RequestId {
        protocol_is_xml: form || service == "s3",
        service,
        region,
        operation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::body::SdkBody;

    fn req(uri: &str, headers: &[(&'static str, &'static str)], body: &'static str) -> HttpRequest {
        let mut r = HttpRequest::new(SdkBody::from(body));
        r.set_uri(uri).unwrap();
        for (k, v) in headers {
            r.headers_mut().insert(*k, *v);
        }
        r
    }

    #[test]
    fn identifies_json_query_and_rest_requests() {
        let auth = "AWS4-HMAC-SHA256 Credential=AKID/20261129/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x";
        let r = identify(&req(
            "http://127.0.0.1:5000/",
            &[
                ("authorization", auth),
                ("x-amz-target", "AmazonSQS.ListQueues"),
            ],
            "{}",
        ));
        assert_eq!(
            (
                r.service.as_str(),
                r.region.as_str(),
                r.operation.as_str(),
                r.protocol_is_xml
            ),
            ("sqs", "us-east-1", "ListQueues", false)
        );
        let auth = "AWS4-HMAC-SHA256 Credential=AKID/20261129/eu-west-1/sns/aws4_request, SignedHeaders=host, Signature=x";
        let r = identify(&req(
            "http://127.0.0.1:5000/",
            &[
                ("authorization", auth),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            "Action=ListTopics&Version=2010-03-31",
        ));
        assert_eq!(
            (r.service.as_str(), r.operation.as_str(), r.protocol_is_xml),
            ("sns", "ListTopics", true)
        );
        let auth = "AWS4-HMAC-SHA256 Credential=AKID/20261129/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=x";
        let r = identify(&req(
            "http://127.0.0.1:5000/2015-03-31/functions/?MaxItems=50",
            &[("authorization", auth)],
            "",
        ));
        assert_eq!(r.operation, "GET /2015-03-31/functions/");
    }
}
