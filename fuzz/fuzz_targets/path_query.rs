#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| egress::fuzzing::path_query(data));
