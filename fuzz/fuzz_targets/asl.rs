#![no_main]
//! Fuzz target: watershed::fuzzing::asl.
libfuzzer_sys::fuzz_target!(|data: &[u8]| watershed::fuzzing::asl(data));
