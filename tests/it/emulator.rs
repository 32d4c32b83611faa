//! Access to the local AWS emulator started by `scripts/test`.

use watershed::collect::client::AwsTarget;

/// The emulator target, or `None` (with a note) when the suite runs without the emulator.
/// Under `scripts/test` (WATERSHED_REQUIRE_EMULATOR=1) a missing emulator is a failure.
pub fn target() -> Option<AwsTarget> {
    match std::env::var("WATERSHED_TEST_ENDPOINT") {
        Ok(url) => Some(AwsTarget {
            region: Some("us-east-1".into()),
            endpoint_url: Some(url),
            ..Default::default()
        }),
        Err(_) => {
            assert!(
                std::env::var_os("WATERSHED_REQUIRE_EMULATOR").is_none(),
                "WATERSHED_TEST_ENDPOINT is not set but the emulator is required"
            );
            eprintln!("skipped: WATERSHED_TEST_ENDPOINT not set (run scripts/test)");
            None
        }
    }
}

/// A name unique to this test run, so tests sharing one emulator never collide.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}
