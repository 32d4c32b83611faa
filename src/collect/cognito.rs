//! cognito collector (being written).

use super::{CollectCtx, CollectError};
use crate::model::Inventory;

/// Collects user pools for one cell.
pub async fn collect_user_pools(_ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    Err(CollectError::not_collected("cognito-idp"))
}

/// Collects identity pools for one cell.
pub async fn collect_identity_pools(_ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    Err(CollectError::not_collected("cognito-identity"))
}
