//! lambda collector (being written).

use super::{CollectCtx, CollectError};
use crate::model::Inventory;

/// Collects this service for one cell.
pub async fn collect(_ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    Err(CollectError::not_collected("lambda"))
}
