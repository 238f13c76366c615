#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| egress::fuzzing::rule_file(data));
