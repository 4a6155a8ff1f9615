//! Free functions the JS shell calls once at load (tables) or per `fromJSON`.

use crate::{endpoints, resources};
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// The sub-API method table (JSON), from which the shell generates `UserAPI` & co.
#[napi(catch_unwind)]
pub fn endpoint_table() -> String {
    endpoints::table_json()
}

/// The resource class schema (JSON), from which the shell generates `User` & co.
#[napi(catch_unwind)]
pub fn resource_schema() -> String {
    resources::schema_json()
}

/// `X.fromJSON(json)`: the shaped object for class `name`, from `JSON.stringify(json)`,
/// or `Y` + the message of the TypeError v4's constructor would throw.
#[napi(catch_unwind)]
pub fn shape_resource(name: String, json: String) -> Result<String> {
    Ok(resources::from_json(&name, &json).unwrap_or_else(|m| format!("Y{m}")))
}

/// v4's `deserialize(payload)`: the envelope for `JSON.stringify(payload)` (`Y`: a
/// TypeError, as v4's constructors throw on an unexpected shape).
#[napi(catch_unwind)]
pub fn deserialize_payload(json: String) -> Result<String> {
    let mut out = vec![b'R'];
    match resources::deserialize(&json, &mut out) {
        Ok(list) => {
            if list {
                out[0] = b'L';
            }
            String::from_utf8(out).map_err(|e| Error::from_reason(e.to_string()))
        }
        Err(m) => Ok(format!("Y{m}")),
    }
}
