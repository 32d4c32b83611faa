#![no_main]
//! Fuzz target: watershed::fuzzing::patterns.
libfuzzer_sys::fuzz_target!(|data: &[u8]| watershed::fuzzing::patterns(data));
