#![no_main]
// cargo fuzz run shape
libfuzzer_sys::fuzz_target!(|data: &[u8]| clerk_sdk_node_rs::fuzzing::shape(data));
