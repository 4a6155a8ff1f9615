#![no_main]
// cargo fuzz run jwt
libfuzzer_sys::fuzz_target!(|data: &[u8]| clerk_sdk_node_rs::fuzzing::jwt(data));
