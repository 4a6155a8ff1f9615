//! The tokio runtime every API call and JWKS fetch runs on (the emulator addon has its own).

/// One worker thread: an API call is I/O and a little shaping, and on the 2-core
/// machines this SDK is measured on, a second worker only adds hand-offs between
/// threads (context switches) next to Node's own thread.
#[napi_derive::module_init]
fn init() {
    if let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        napi::bindgen_prelude::create_custom_tokio_runtime(rt);
    }
}
