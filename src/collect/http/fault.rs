//! A fault-injecting HTTP client: wraps the real client and answers chosen requests with
//! AccessDenied, throttling, server errors, malformed bodies, or a delay, so tests can prove
//! that a scan finishes, records the gap, and never panics. It also logs every request's
//! (service, operation), which the read-only audit uses.

use super::identify::{RequestId, identify};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What to do to a matching request.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// 403 AccessDenied.
    AccessDenied,
    /// 400/429 throttling error (retryable).
    Throttle,
    /// 500 internal error (retryable).
    ServerError,
    /// 200 with a body cut in the middle.
    Malformed,
    /// Forward after this delay.
    Delay(Duration),
    /// The connection dropped before a response (an I/O error, retryable).
    ConnectionReset,
    /// The session credentials expired (`ExpiredToken`), as after an SSO or role session
    /// runs out in the middle of a scan.
    ExpiredToken,
}

/// A rule: which requests, what fault, how many times.
#[derive(Debug, Clone)]
pub struct FaultRule {
    /// Signing name of the service (`sqs`, `lambda`, `events`, ...).
    pub service: String,
    /// Operation name, or any operation of the service when `None`.
    pub operation: Option<String>,
    /// The fault.
    pub fault: Fault,
    /// Remaining times to apply it (`None`: always).
    pub remaining: Option<u32>,
}

impl FaultRule {
    /// A rule applying `fault` to every operation of `service`, always.
    pub fn always(service: &str, fault: Fault) -> FaultRule {
        FaultRule {
            service: service.into(),
            operation: None,
            fault,
            remaining: None,
        }
    }
}

/// The fault-injecting client.
#[derive(Debug, Clone)]
pub struct FaultClient {
    inner: SharedHttpClient,
    rules: Arc<Mutex<Vec<FaultRule>>>,
    log: Arc<Mutex<Vec<RequestId>>>,
}

impl FaultClient {
    /// Wraps the default HTTPS client (rustls with aws-lc, as the SDK's default).
    pub fn new(rules: Vec<FaultRule>) -> FaultClient {
        FaultClient::wrapping(default_https_client(), rules)
    }

    /// Wraps another client.
    pub fn wrapping(inner: SharedHttpClient, rules: Vec<FaultRule>) -> FaultClient {
        FaultClient {
            inner,
            rules: Arc::new(Mutex::new(rules)),
            log: Arc::default(),
        }
    }

    /// Every request seen so far (service, operation), faulted or not.
    pub fn requests(&self) -> Vec<RequestId> {
        self.log.lock().expect("log lock").clone()
    }

    /// As a client for `AwsTarget::http_client`.
    pub fn into_shared(self) -> SharedHttpClient {
        SharedHttpClient::new(self)
    }
}

/// The SDK's default HTTPS client, built explicitly so it can be wrapped.
pub fn default_https_client() -> SharedHttpClient {
    use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
        .build_https()
}

impl HttpClient for FaultClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(FaultConnector {
            inner: self.inner.http_connector(settings, components),
            rules: self.rules.clone(),
            log: self.log.clone(),
        })
    }
}

#[derive(Debug)]
struct FaultConnector {
    inner: SharedHttpConnector,
    rules: Arc<Mutex<Vec<FaultRule>>>,
    log: Arc<Mutex<Vec<RequestId>>>,
}

impl HttpConnector for FaultConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let id = identify(&request);
        self.log.lock().expect("log lock").push(id.clone());
        let fault = {
            let mut rules = self.rules.lock().expect("rules lock");
            rules.iter_mut().find_map(|r| {
                let matches = r.service == id.service
                    && r.operation.as_ref().is_none_or(|o| *o == id.operation)
                    && r.remaining != Some(0);
                if matches {
                    if let Some(n) = r.remaining.as_mut() {
                        *n -= 1;
                    }
                    Some(r.fault.clone())
                } else {
                    None
                }
            })
        };
        match fault {
            None => self.inner.call(request),
            Some(Fault::Delay(d)) => {
                let inner = self.inner.clone();
                HttpConnectorFuture::new(async move {
                    tokio::time::sleep(d).await;
                    inner.call(request).await
                })
            }
            Some(Fault::ConnectionReset) => HttpConnectorFuture::ready(Err(
                aws_smithy_runtime_api::client::result::ConnectorError::io(Box::new(
                    std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "connection reset by peer",
                    ),
                )),
            )),
            Some(f) => HttpConnectorFuture::ready(Ok(fault_response(&f, &id))),
        }
    }
}

/// The error response AWS would send, in the request's protocol (XML for query and S3,
/// JSON otherwise).
fn fault_response(fault: &Fault, id: &RequestId) -> Response<SdkBody> {
    let xml = id.protocol_is_xml;
    let (status, code, message) = match fault {
        Fault::AccessDenied => (
            403,
            if xml {
                "AccessDenied"
            } else {
                "AccessDeniedException"
            },
            format!(
                "User: arn:aws:iam::123456789012:user/watershed-test is not authorized to perform: {}:{}",
                id.service, id.operation
            ),
        ),
        Fault::Throttle => (
            if id.service == "lambda" { 429 } else { 400 },
            if xml {
                "Throttling"
            } else if id.service == "lambda" {
                "TooManyRequestsException"
            } else {
                "ThrottlingException"
            },
            "Rate exceeded".to_string(),
        ),
        Fault::ServerError => (
            500,
            if xml {
                "InternalError"
            } else {
                "InternalFailure"
            },
            "We encountered an internal error".to_string(),
        ),
        Fault::ExpiredToken => (
            if xml { 403 } else { 400 },
            if xml {
                "ExpiredToken"
            } else {
                "ExpiredTokenException"
            },
            "The security token included in the request is expired".to_string(),
        ),
        Fault::Malformed => {
            let body = if xml {
                "<Response><Result><Items><member>trunc"
            } else {
                "{\"Items\": [{\"Name\": \"trunc"
            };
            let mut r = Response::new(
                StatusCode::try_from(200).expect("status"),
                SdkBody::from(body),
            );
            let ct = if xml {
                "text/xml"
            } else {
                "application/x-amz-json-1.1"
            };
            r.headers_mut().insert("content-type", ct);
            return r;
        }
        Fault::Delay(_) | Fault::ConnectionReset => {
            unreachable!("delays are forwarded and resets never reach a response")
        }
    };
    let body = if xml {
        if id.service == "s3" {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>fault</RequestId></Error>"
            )
        } else {
            format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>"
            )
        }
    } else {
        serde_json::json!({"__type": code, "message": message, "Message": message}).to_string()
    };
    let mut r = Response::new(
        StatusCode::try_from(status).expect("status"),
        SdkBody::from(body),
    );
    r.headers_mut().insert(
        "content-type",
        if xml {
            "text/xml"
        } else {
            "application/x-amz-json-1.1"
        },
    );
    if !xml {
        r.headers_mut().insert("x-amzn-errortype", code);
    }
    r.headers_mut().insert("x-amzn-requestid", "fault");
    r
}
