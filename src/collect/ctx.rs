//! [`CollectCtx`]: what a collector gets for one (account, region, service) cell: SDK
//! configuration, call limits, call accounting, and a place to record non-fatal gaps.

use super::error::CollectError;
use super::stats::ApiStats;
use aws_config::SdkConfig;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Context of one collection cell.
#[derive(Debug)]
pub struct CollectCtx {
    /// SDK configuration (credentials of the account, the cell's region, retry and timeouts).
    pub sdk: SdkConfig,
    /// Account id.
    pub account: String,
    /// Region (`global` for IAM and the S3 bucket list).
    pub region: String,
    /// Call accounting, shared by the whole scan.
    pub stats: ApiStats,
    global: Arc<Semaphore>,
    per_service: Arc<Semaphore>,
    gaps: Mutex<Vec<CollectError>>,
    bulk_tags: bool,
    code_cache: Option<std::path::PathBuf>,
    code_layers: bool,
}

impl CollectCtx {
    /// A context with the given limits (shared semaphores for the whole scan).
    pub fn new(
        sdk: SdkConfig,
        account: &str,
        region: &str,
        stats: ApiStats,
        global: Arc<Semaphore>,
        per_service: Arc<Semaphore>,
    ) -> CollectCtx {
        CollectCtx {
            sdk,
            account: account.to_string(),
            region: region.to_string(),
            stats,
            global,
            per_service,
            gaps: Mutex::new(Vec::new()),
            bulk_tags: false,
            code_cache: None,
            code_layers: false,
        }
    }

    /// Download Lambda deployment packages into this cache (by CodeSha256) while scanning.
    pub fn with_code_cache(
        mut self,
        cache: Option<std::path::PathBuf>,
        layers: bool,
    ) -> CollectCtx {
        self.code_cache = cache;
        self.code_layers = layers;
        self
    }

    /// Download the functions' layers too (with a code cache).
    pub fn code_layers(&self) -> bool {
        self.code_layers
    }

    /// Where to download Lambda deployment packages, when asked to.
    pub fn code_cache(&self) -> Option<&std::path::Path> {
        self.code_cache.as_deref()
    }

    /// Tags come in bulk from the tagging API for this scan (see [`super::tagging`]), so
    /// collectors skip their per-resource tag calls.
    pub fn with_bulk_tags(mut self) -> CollectCtx {
        self.bulk_tags = true;
        self
    }

    /// True when the collector should read tags itself (per resource).
    pub fn fetch_tags(&self) -> bool {
        !self.bulk_tags
    }

    /// A context for tests and one-off calls: at most 32 calls in flight, 8 per service.
    pub fn standalone(sdk: SdkConfig, account: &str, region: &str) -> CollectCtx {
        // Two distinct semaphores: `call` holds one permit of each, so sharing one would let
        // waiting tasks each hold a permit and starve.
        CollectCtx::new(
            sdk,
            account,
            region,
            ApiStats::default(),
            Arc::new(Semaphore::new(32)),
            Arc::new(Semaphore::new(8)),
        )
    }

    /// Runs one API call under the global and per-service in-flight limits.
    pub async fn call<T>(&self, fut: impl Future<Output = T>) -> T {
        let _g = self.global.acquire().await.expect("semaphore open");
        let _s = self.per_service.acquire().await.expect("semaphore open");
        fut.await
    }

    /// Keeps going after a non-fatal failure (one resource's detail call): records the gap
    /// for coverage and returns `None`.
    pub fn soft<T>(&self, r: Result<T, CollectError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::warn!("{} {}: {e}", self.account, self.region);
                self.gaps.lock().expect("gaps lock").push(e);
                None
            }
        }
    }

    /// The non-fatal failures recorded so far.
    pub fn take_gaps(&self) -> Vec<CollectError> {
        std::mem::take(&mut *self.gaps.lock().expect("gaps lock"))
    }

    /// Synthesises an ARN in this cell's partition, region and account.
    pub fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:aws:{service}:{}:{}:{resource}",
            self.region, self.account
        )
    }
}

/// Builds an SDK client from a [`CollectCtx`] with watershed's read-only guard and call
/// accounting attached. Every client watershed uses is made here, so the guard cannot be
/// forgotten.
#[macro_export]
macro_rules! sdk_client {
    ($ctx:expr, $krate:ident) => {
        $krate::Client::from_conf(
            $krate::config::Builder::from(&$ctx.sdk)
                .interceptor($crate::collect::guard::ReadOnlyGuard)
                .interceptor($crate::collect::guard::SentOperationLog)
                .interceptor($ctx.stats.interceptor())
                .build(),
        )
    };
}

/// Collects all pages of an API without an SDK paginator: calls `fetch` with the previous
/// `NextToken` until none is returned, or a token repeats (a defensive stop against
/// services that echo the last token).
pub async fn next_token_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, CollectError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), CollectError>>,
{
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    let mut seen = std::collections::HashSet::new();
    loop {
        let (items, next) = fetch(token.take()).await?;
        out.extend(items);
        match next {
            Some(t) if !t.is_empty() && seen.insert(t.clone()) => token = Some(t),
            _ => return Ok(out),
        }
    }
}

/// Runs `f` over `items` with at most `limit` futures in flight, keeping input order.
pub async fn map_concurrent<I, T, F, Fut>(items: Vec<I>, limit: usize, f: F) -> Vec<T>
where
    F: Fn(I) -> Fut,
    Fut: Future<Output = T>,
{
    use futures_util::stream::{self, StreamExt};
    stream::iter(items.into_iter().map(f))
        .buffered(limit.max(1))
        .collect()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn next_token_stops_on_repeat_and_none() {
        let pages = std::sync::Mutex::new(vec![
            (vec![1], Some("a".to_string())),
            (vec![2], Some("b".to_string())),
            (vec![3], Some("a".to_string())),
            (vec![4], None),
        ]);
        let got = next_token_pages(|_t| {
            let p = pages.lock().unwrap().remove(0);
            async move { Ok::<_, CollectError>(p) }
        })
        .await
        .unwrap();
        assert_eq!(got, vec![1, 2, 3], "stops when token `a` repeats");
    }
}
