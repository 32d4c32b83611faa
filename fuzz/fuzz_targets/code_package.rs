#![no_main]
//! Fuzz target: watershed::fuzzing::code_package.
libfuzzer_sys::fuzz_target!(|data: &[u8]| watershed::fuzzing::code_package(data));
