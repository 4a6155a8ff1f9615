#![no_main]
// cargo fuzz run case
libfuzzer_sys::fuzz_target!(|data: &[u8]| clerk_sdk_node_rs::fuzzing::case(data));
