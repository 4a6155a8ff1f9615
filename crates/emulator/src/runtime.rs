//! The emulator's own tokio runtime: its server never shares the SDK addon's one worker,
//! so a busy emulator in a test does not delay the SDK calls it answers.

/// Threads named `clerk-emulator`, so a process's thread list shows whose they are.
#[napi_derive::module_init]
fn init() {
    if let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
        .thread_name("clerk-emulator")
        .enable_all()
        .build()
    {
        napi::bindgen_prelude::create_custom_tokio_runtime(rt);
    }
}
