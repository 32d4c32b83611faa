//! The read-only audit: `scripts/test` runs the whole suite with `WATERSHED_AUDIT_LOG`
//! set, so every request watershed put on the wire (in this process and in every binary the
//! tests ran) was logged as `SdkService:Operation`; then it runs this ignored test, which
//! reads the log back.

use std::collections::BTreeSet;
use watershed::collect::guard::{AUDIT_LOG_ENV, READ_OPERATIONS, iam_actions, is_allowed};

/// Allowlisted actions the suite cannot send to the emulator: the package downloads
/// (`--download-code`; the emulator's package URLs point at AWS, which tests never reach, so
/// they are tested against a local server with recorded answers) and code signing (the
/// emulator has no code signing configurations). Every other action of the generated policy
/// must be exercised: a new allowlist entry needs a test that sends it, or a reason here.
const NOT_SENT_TO_THE_EMULATOR: &[&str] = &[
    "lambda:GetFunction",
    "lambda:GetLayerVersionByArn",
    "lambda:ListFunctionsByCodeSigningConfig",
];

#[test]
#[ignore = "run by scripts/test after the suite, with WATERSHED_AUDIT_LOG"]
fn everything_the_suite_sent_was_an_allowlisted_read() {
    let path = std::env::var(AUDIT_LOG_ENV).expect("WATERSHED_AUDIT_LOG names the suite's log");
    let log = std::fs::read_to_string(&path).unwrap();
    let sent: BTreeSet<&str> = log.lines().collect();
    let calls = log.lines().count();
    assert!(
        sent.len() >= 60,
        "only {} distinct operations in {calls} calls: did the suite run with the log on?",
        sent.len()
    );
    let mut actions = BTreeSet::new();
    for op in &sent {
        let (service, operation) = op.split_once(':').unwrap();
        assert!(
            is_allowed(service, operation),
            "sent {op}, which is not on the allowlist"
        );
        let r = READ_OPERATIONS
            .iter()
            .find(|r| r.sdk_service.eq_ignore_ascii_case(service) && r.operation == operation)
            .unwrap();
        actions.insert(r.iam_action);
    }
    // The generated policy grants every action the suite needed.
    let policy: BTreeSet<&str> = iam_actions().into_iter().collect();
    assert!(actions.is_subset(&policy));
    let unused: Vec<&&str> = policy.difference(&actions).collect();
    let exempt: Vec<&&str> = NOT_SENT_TO_THE_EMULATOR.iter().collect();
    assert_eq!(
        unused, exempt,
        "the policy grants exactly what the suite sent, plus the documented exemptions"
    );
    eprintln!(
        "read-only audit: {calls} calls, {} distinct operations, {} of {} policy actions exercised; not exercised by the suite: {unused:?}",
        sent.len(),
        actions.len(),
        policy.len()
    );
}
