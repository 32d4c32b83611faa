//! Which service and operation an outgoing HTTP request is, for fault injection and the
//! request log: the replay key's service, region and operation (see
//! [`key_of`](super::replay::key_of)), plus the protocol family of its error responses.

use super::replay::key_of;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;

/// A request's identity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId {
    /// Signing name (`sqs`, `lambda`, ...), or the host's first label.
    pub service: String,
    /// Signing region, when known.
    pub region: String,
    /// Operation name, or `METHOD /path` for REST requests of unmapped services.
    pub operation: String,
    /// The protocol answers in XML (query protocol or S3).
    pub protocol_is_xml: bool,
}

/// True for query-protocol requests (form-encoded bodies).
pub fn is_form(req: &HttpRequest) -> bool {
    req.headers()
        .get("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
}

/// Identifies a request.
pub fn identify(req: &HttpRequest) -> RequestId {
    let k = key_of(req);
    RequestId {
        protocol_is_xml: is_form(req) || k.service == "s3",
        service: k.service,
        region: k.region,
        operation: k.operation,
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
