#![no_main]
// cargo fuzz run cookies
libfuzzer_sys::fuzz_target!(|data: &[u8]| clerk_sdk_node_rs::fuzzing::cookies(data));
