//! Classifying a failed per-resource detail call: the resource (or optional setting) is
//! absent, the endpoint does not implement the operation, or a real failure that becomes a
//! coverage gap naming the resource.

use super::{CollectCtx, CollectError};
use aws_sdk_sqs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// Why a detail call returned nothing.
#[derive(Debug)]
pub enum Miss {
    /// The resource (or the optional setting) does not exist.
    NotFound,
    /// The endpoint does not implement the operation.
    Unsupported,
    /// A real failure: recorded as a coverage gap.
    Failed(CollectError),
}

/// The result of a detail call.
pub type Detail<T> = Result<T, Miss>;

const NOT_FOUND_CODES: &[&str] = &[
    "ResourceNotFoundException",
    "ResourceNotFound",
    "NotFoundException",
    "NotFound",
];

const UNSUPPORTED_CODES: &[&str] = &[
    "UnknownOperationException",
    "UnknownOperation",
    "InvalidAction",
    "NotImplemented",
    "NotImplementedException",
];

/// Classifies a failed detail call on `resource`: not found, not implemented by the
/// endpoint (an unknown-operation code, or a 404/501 without any AWS error code), or a real
/// failure, whose message then names the resource.
pub fn miss<E>(operation: &str, resource: &str, err: SdkError<E, HttpResponse>) -> Miss
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    if let SdkError::ServiceError(s) = &err {
        let status = s.raw().status().as_u16();
        if let Some(kind) = miss_kind(s.err().code(), status) {
            return kind;
        }
    }
    let mut e = CollectError::from_sdk(operation, err);
    e.message = format!("{resource}: {}", e.message);
    Miss::Failed(e)
}

/// The pure part of [`miss`]: `None` for a real failure.
fn miss_kind(code: Option<&str>, status: u16) -> Option<Miss> {
    match code {
        Some(c) if NOT_FOUND_CODES.contains(&c) => Some(Miss::NotFound),
        Some(c) if UNSUPPORTED_CODES.contains(&c) => Some(Miss::Unsupported),
        None | Some("") if status == 404 || status == 501 => Some(Miss::Unsupported),
        _ => None,
    }
}

/// The value of a detail call; a real failure is recorded as a gap.
pub fn keep<T>(ctx: &CollectCtx, d: Detail<T>) -> Option<T> {
    match d {
        Ok(v) => Some(v),
        Err(Miss::NotFound | Miss::Unsupported) => None,
        Err(Miss::Failed(e)) => ctx.soft(Err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_misses() {
        assert!(matches!(
            miss_kind(Some("ResourceNotFoundException"), 404),
            Some(Miss::NotFound)
        ));
        assert!(matches!(miss_kind(None, 404), Some(Miss::Unsupported)));
        assert!(matches!(
            miss_kind(Some("UnknownOperationException"), 400),
            Some(Miss::Unsupported)
        ));
        assert!(miss_kind(Some("AccessDeniedException"), 403).is_none());
        assert!(miss_kind(None, 500).is_none());
    }
}
