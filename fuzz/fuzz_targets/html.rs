//! Fuzz target `html`: the body is `policy_trace::fuzzing::html`, which the test suite also runs
//! (tests/integration/fuzz_smoke.rs) on the seed corpus in fuzz/corpus/html/.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policy_trace::fuzzing::html(data));
