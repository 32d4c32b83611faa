//! Collector errors, classified the way coverage reports them.

use crate::model::CoverageStatus;
use aws_sdk_sqs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// Why a collector could not finish a cell.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} on {operation}: {message}")]
pub struct CollectError {
    /// The operation (`sqs:ListQueues`).
    pub operation: String,
    /// The AWS error code, or the failure class for transport errors.
    pub code: String,
    /// The message.
    pub message: String,
    /// How coverage records it.
    pub status: CoverageStatus,
}

impl CollectError {
    /// The resource does not exist (any service's not-found code): a resource deleted
    /// between a list call and its detail call, or an optional setting that is absent.
    pub fn is_not_found(&self) -> bool {
        let c = self.code.as_str();
        c.contains("NotFound")
            || c.contains("DoesNotExist")
            || c.contains("NonExistent")
            || c == "NoSuchEntity"
    }

    /// A cell this build does not collect.
    pub fn not_collected(service: &str) -> CollectError {
        CollectError {
            operation: format!("{service}:*"),
            code: "NotCollected".into(),
            message: format!("{service} is not collected by this build"),
            status: CoverageStatus::Error,
        }
    }

    /// Classifies an SDK error (every aws-sdk-* crate shares this error type). A 2xx
    /// response that failed to parse is `MalformedResponse`.
    pub fn from_sdk<E>(operation: &str, err: SdkError<E, HttpResponse>) -> CollectError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let full = || aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
        let (code, message) = match &err {
            SdkError::ServiceError(s) if s.raw().status().is_success() => {
                ("MalformedResponse".to_string(), format!("the response could not be parsed: {}", full()))
            }
            SdkError::ServiceError(s) => (
                s.err().code().unwrap_or("ServiceError").to_string(),
                s.err().message().map(str::to_string).unwrap_or_else(full),
            ),
            SdkError::TimeoutError(_) => ("Timeout".to_string(), "request timed out".to_string()),
            SdkError::DispatchFailure(_) if full().contains("no credentials found") => (
                "NoCredentials".to_string(),
                "no credentials found in the default chain (environment, profile, web identity, container, instance metadata)"
                    .to_string(),
            ),
            SdkError::DispatchFailure(_) => ("DispatchFailure".to_string(), full()),
            SdkError::ResponseError(_) => ("MalformedResponse".to_string(), format!("the response could not be parsed: {}", full())),
            SdkError::ConstructionFailure(_) => ("ConstructionFailure".to_string(), full()),
            _ => ("Error".to_string(), full()),
        };
        // Coverage messages and error lines are one line each.
        let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        let message = match message.char_indices().nth(300) {
            Some((i, _)) => format!("{}...", &message[..i]),
            None => message,
        };
        let status = classify(&code);
        CollectError {
            operation: operation.to_string(),
            code,
            message,
            status,
        }
    }
}

/// Maps an AWS error code to a coverage status.
pub fn classify(code: &str) -> CoverageStatus {
    match code {
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "AuthorizationError"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "ExpiredToken"
        | "ExpiredTokenException"
        | "AuthFailure"
        | "NoCredentials"
        | "Forbidden"
        | "AccessDenied.Sqs" => CoverageStatus::Denied,
        "Throttling"
        | "ThrottlingException"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "ThrottledException"
        | "RequestThrottled"
        | "SlowDown"
        | "AWS.SimpleQueueService.RequestThrottled" => CoverageStatus::Throttled,
        _ => CoverageStatus::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_codes() {
        assert_eq!(classify("AccessDeniedException"), CoverageStatus::Denied);
        assert_eq!(classify("ThrottlingException"), CoverageStatus::Throttled);
        assert_eq!(classify("InternalFailure"), CoverageStatus::Error);
    }
}
