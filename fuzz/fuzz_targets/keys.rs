#![no_main]
// cargo fuzz run keys
libfuzzer_sys::fuzz_target!(|data: &[u8]| clerk_sdk_node_rs::fuzzing::keys(data));
