#![no_main]
//! Fuzz target: watershed::fuzzing::lambda_logs.
libfuzzer_sys::fuzz_target!(|data: &[u8]| watershed::fuzzing::lambda_logs(data));
