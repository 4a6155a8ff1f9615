#![deny(clippy::all)]
//! What the SDK addon and the emulator addon share. No napi, no HTTP: plain Rust that
//! both link statically.

/// Session JWT decoding and v4's claim checks; the compact-JWT writer.
pub mod jwt;
/// RSA keys: parsing (PEM, DER, JWK) and caching.
pub mod keys;
/// The `authorizedParties` option as the `azp` check reads it.
pub mod parties;

/// The wall clock in milliseconds since the epoch (0 before 1970).
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// JS truthiness of a JSON value.
pub fn truthy(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}
