//! Free functions the JS shell calls once at load (tables) or per `fromJSON`.

use crate::{endpoints, resources};
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// The sub-API method table (JSON), from which the shell generates `UserAPI` & co.
#[napi]
pub fn endpoint_table() -> String {
    endpoints::table_json()
}

/// The resource class schema (JSON), from which the shell generates `User` & co.
#[napi]
pub fn resource_schema() -> String {
    resources::schema_json()
}

/// `X.fromJSON(json)`: the shaped object for class `name`, from `JSON.stringify(json)`.
#[napi(catch_unwind)]
pub fn shape_resource(name: String, json: String) -> Result<String> {
    let value: serde_json::Value = serde_json::from_str(&json)
        .map_err(|e| Error::new(Status::InvalidArg, format!("{name}.fromJSON: {e}")))?;
    resources::from_json(&name, &value).map_err(|m| Error::new(Status::GenericFailure, m))
}

/// v4's `deserialize(payload)`: the envelope for `JSON.stringify(payload)`.
#[napi(catch_unwind)]
pub fn deserialize_payload(json: String) -> Result<String> {
    let value: serde_json::Value = serde_json::from_str(&json)
        .map_err(|e| Error::new(Status::InvalidArg, format!("deserialize: {e}")))?;
    let mut out = vec![b'R'];
    let list = resources::deserialize(&value, &mut out)
        .map_err(|m| Error::new(Status::GenericFailure, m))?;
    if list {
        out[0] = b'L';
    }
    String::from_utf8(out).map_err(|e| Error::from_reason(e.to_string()))
}
