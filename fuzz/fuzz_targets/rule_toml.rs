#![no_main]
//! Fuzz target: watershed::fuzzing::rule_toml.
libfuzzer_sys::fuzz_target!(|data: &[u8]| watershed::fuzzing::rule_toml(data));
