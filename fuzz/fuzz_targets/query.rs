#![no_main]
// cargo fuzz run query
libfuzzer_sys::fuzz_target!(|data: &[u8]| clerk_sdk_node_rs::fuzzing::query(data));
