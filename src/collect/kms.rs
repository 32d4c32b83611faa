//! kms collector (being written).

use super::{CollectCtx, CollectError};
use crate::model::kms::KmsKey;

/// Collects the KMS keys named by `key_refs` (ids, ARNs or aliases) in this cell's region.
pub async fn collect(_ctx: &CollectCtx, _key_refs: &[String]) -> Result<Vec<KmsKey>, CollectError> {
    Err(CollectError::not_collected("kms"))
}
