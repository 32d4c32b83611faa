#![no_main]
//! Fuzz target: watershed::fuzzing::snapshot.
libfuzzer_sys::fuzz_target!(|data: &[u8]| watershed::fuzzing::snapshot(data));
