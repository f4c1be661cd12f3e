//! Fuzz target `parse_bytes`: the body is `policy_trace::fuzzing::parse_bytes`, which the test suite also runs
//! (tests/integration/fuzz_smoke.rs) on the seed corpus in fuzz/corpus/parse_bytes/.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policy_trace::fuzzing::parse_bytes(data));
