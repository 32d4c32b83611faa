//! Collector errors, classified the way coverage reports them.

use crate::model::CoverageStatus;
use aws_sdk_sqs::error::{ProvideErrorMetadata, SdkError};

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
    /// A cell this build does not collect.
    pub fn not_collected(service: &str) -> CollectError {
        CollectError {
            operation: format!("{service}:*"),
            code: "NotCollected".into(),
            message: format!("{service} is not collected by this build"),
            status: CoverageStatus::Error,
        }
    }

    /// Classifies an SDK error (every aws-sdk-* crate shares this error type).
    pub fn from_sdk<E, R>(operation: &str, err: SdkError<E, R>) -> CollectError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        let (code, message) = match &err {
            SdkError::ServiceError(s) => (
                s.err().code().unwrap_or("ServiceError").to_string(),
                s.err().message().unwrap_or_default().to_string(),
            ),
            SdkError::TimeoutError(_) => ("Timeout".to_string(), "request timed out".to_string()),
            SdkError::DispatchFailure(d) => ("DispatchFailure".to_string(), format!("{d:?}")),
            SdkError::ResponseError(_) => (
                "MalformedResponse".to_string(),
                "the response could not be parsed".to_string(),
            ),
            other => ("Error".to_string(), other.to_string()),
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
