#![no_main]
//! Fuzz target: watershed::fuzzing::iam_policy.
libfuzzer_sys::fuzz_target!(|data: &[u8]| watershed::fuzzing::iam_policy(data));
