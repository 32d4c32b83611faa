//! API-call accounting from an SDK interceptor (not estimates): executions, attempts
//! (so retries), throttled attempts, failed executions and response bytes, per service and
//! operation.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Counters of one operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OperationStats {
    /// Executions (one per SDK call).
    pub calls: u64,
    /// Attempts sent (calls + retries).
    pub attempts: u64,
    /// Attempts answered with a throttling error.
    pub throttled: u64,
    /// Executions that ended in an error.
    pub errors: u64,
    /// Response body bytes (from Content-Length).
    pub bytes: u64,
}

impl OperationStats {
    /// Retries (attempts beyond the first of each call).
    pub fn retries(&self) -> u64 {
        self.attempts.saturating_sub(self.calls)
    }
}

/// Shared counters, keyed by (SDK service, operation).
#[derive(Debug, Clone, Default)]
pub struct ApiStats {
    inner: Arc<Mutex<BTreeMap<(String, String), OperationStats>>>,
}

impl ApiStats {
    fn update(&self, cfg: &ConfigBag, f: impl FnOnce(&mut OperationStats)) {
        let key = cfg
            .load::<Metadata>()
            .map(|m| (m.service().to_string(), m.name().to_string()))
            .unwrap_or_else(|| ("unknown".into(), "unknown".into()));
        let mut map = self.inner.lock().expect("stats lock");
        f(map.entry(key).or_default());
    }

    /// A copy of the counters.
    pub fn snapshot(&self) -> BTreeMap<(String, String), OperationStats> {
        self.inner.lock().expect("stats lock").clone()
    }

    /// Totals over every operation.
    pub fn totals(&self) -> OperationStats {
        self.snapshot()
            .values()
            .fold(OperationStats::default(), |mut t, s| {
                t.calls += s.calls;
                t.attempts += s.attempts;
                t.throttled += s.throttled;
                t.errors += s.errors;
                t.bytes += s.bytes;
                t
            })
    }

    /// The interceptor that feeds these counters.
    pub fn interceptor(&self) -> StatsInterceptor {
        StatsInterceptor {
            stats: self.clone(),
        }
    }
}

/// The interceptor counting calls into an [`ApiStats`].
#[derive(Debug, Clone)]
pub struct StatsInterceptor {
    stats: ApiStats,
}

fn is_throttle(status: u16, headers: &aws_smithy_runtime_api::http::Headers) -> bool {
    if status == 429 {
        return true;
    }
    let code = headers
        .get("x-amzn-errortype")
        .or_else(|| headers.get("x-amzn-query-error"))
        .unwrap_or("");
    status >= 400
        && (code.contains("Throttl")
            || code.contains("TooManyRequests")
            || code.contains("RequestLimitExceeded"))
}

impl Intercept for StatsInterceptor {
    fn name(&self) -> &'static str {
        "watershed-api-stats"
    }

    // The operation's metadata is in the config bag from serialisation on, not yet at
    // `read_before_execution`; serialisation happens once per call, before anything is sent.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.stats.update(cfg, |s| s.calls += 1);
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.stats.update(cfg, |s| s.attempts += 1);
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(resp) = context.response() {
            let status = resp.status().as_u16();
            let throttled = is_throttle(status, resp.headers());
            let bytes = resp
                .headers()
                .get("content-length")
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            self.stats.update(cfg, |s| {
                s.bytes += bytes;
                if throttled {
                    s.throttled += 1;
                }
            });
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if context.output_or_error().is_some_and(|r| r.is_err()) {
            self.stats.update(cfg, |s| s.errors += 1);
        }
        Ok(())
    }
}
