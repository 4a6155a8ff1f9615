//! Turns BAPI JSON into the shaped form the JS shell hydrates into class instances:
//! camelCase fields in v4's order, defaults applied, unknown keys dropped.
//!
//! Output format (one string crosses the boundary): a resource is written as its shaped
//! object; a top-level item is `[tag, value]` where `tag` is the class name, `""` for a
//! payload v4 returns as is, or `"#"` for a bare count.

use super::deleted_object::DELETED_OBJECT;
use super::{by_name, by_object, Kind, Resource};
use serde_json::{Map, Value};

type Shaped = Result<(), String>;

/// JS truthiness of a JSON value.
pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

fn js_type(v: Option<&Value>) -> &'static str {
    match v {
        None => "undefined",
        Some(Value::Null) => "null",
        _ => "value",
    }
}

fn push_json(out: &mut Vec<u8>, v: &Value) {
    serde_json::to_writer(out, v).expect("serializing a Value into memory cannot fail");
}

/// Shapes `data` as resource `r` into `out` (a JSON object).
pub(crate) fn shape_resource(r: &Resource, data: &Value, out: &mut Vec<u8>) -> Shaped {
    let map = match data {
        Value::Object(m) => m,
        other => {
            // `X.fromJSON(undefined)` reads `data.id` first, as v4's classes do.
            let first = r.fields.first().map(|f| f.json).unwrap_or("id");
            if matches!(other, Value::Null) {
                return Err(format!(
                    "Cannot read properties of null (reading '{first}')"
                ));
            }
            // Strings, numbers and arrays have no such keys: every field is undefined.
            return shape_fields(r, &Map::new(), out);
        }
    };
    shape_fields(r, map, out)
}

fn shape_fields(r: &Resource, map: &Map<String, Value>, out: &mut Vec<u8>) -> Shaped {
    out.push(b'{');
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, js: &str| {
        if !first {
            out.push(b',');
        }
        first = false;
        out.push(b'"');
        out.extend_from_slice(js.as_bytes());
        out.extend_from_slice(b"\":");
    };
    for field in r.fields {
        let v = map.get(field.json);
        match field.kind {
            Kind::Plain | Kind::Deprecated(_) => {
                if let Some(v) = v {
                    key(out, field.js);
                    push_json(out, v);
                }
            }
            Kind::ObjectDefault => {
                key(out, field.js);
                match v {
                    Some(v) => push_json(out, v),
                    None => out.extend_from_slice(b"{}"),
                }
            }
            Kind::NullDefault => {
                key(out, field.js);
                match v {
                    Some(v) => push_json(out, v),
                    None => out.extend_from_slice(b"null"),
                }
            }
            Kind::FalsyToNull => {
                key(out, field.js);
                match v {
                    Some(v) if truthy(v) => push_json(out, v),
                    _ => out.extend_from_slice(b"null"),
                }
            }
            Kind::Url => {
                // A `URL` when the value parses as one; otherwise `null` (v4 failed the
                // whole call on a value `new URL` rejects).
                key(out, field.js);
                match v {
                    Some(Value::String(u)) if reqwest::Url::parse(u).is_ok() => {
                        push_json(out, &Value::String(u.clone()))
                    }
                    _ => out.extend_from_slice(b"null"),
                }
            }
            Kind::Resource(class) => {
                let nested = resource(class);
                match v {
                    Some(v) => {
                        key(out, field.js);
                        shape_resource(nested, v, out)?;
                    }
                    None => {
                        let first = nested.fields.first().map(|f| f.json).unwrap_or("id");
                        return Err(format!(
                            "Cannot read properties of undefined (reading '{first}')"
                        ));
                    }
                }
            }
            Kind::ResourceIfTruthy(class) => {
                if let Some(v) = v {
                    key(out, field.js);
                    if truthy(v) {
                        shape_resource(resource(class), v, out)?;
                    } else {
                        push_json(out, v);
                    }
                }
            }
            Kind::ResourceList(class) => match v {
                Some(Value::Array(items)) => {
                    key(out, field.js);
                    shape_list(resource(class), items, out)?;
                }
                Some(Value::Null) | None => {
                    return Err(format!(
                        "Cannot read properties of {} (reading 'map')",
                        js_type(v)
                    ))
                }
                Some(_) => return Err(format!("data.{}.map is not a function", field.json)),
            },
            Kind::ResourceListOrEmpty(class) => {
                key(out, field.js);
                match v {
                    Some(Value::Array(items)) => shape_list(resource(class), items, out)?,
                    Some(v) if truthy(v) => {
                        return Err(format!("data.{}.map is not a function", field.json))
                    }
                    _ => out.extend_from_slice(b"[]"),
                }
            }
        }
    }
    out.push(b'}');
    Ok(())
}

fn shape_list(r: &Resource, items: &[Value], out: &mut Vec<u8>) -> Shaped {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        shape_resource(r, item, out)?;
    }
    out.push(b']');
    Ok(())
}

fn resource(name: &str) -> &'static Resource {
    by_name(name).expect("resource tables only name known classes")
}

/// v4's `jsonToObject`: dispatch one payload item on its `object` key.
fn item(v: &Value, out: &mut Vec<u8>) -> Shaped {
    let map = match v {
        Value::Object(m) => m,
        Value::String(_) => {
            out.extend_from_slice(b"[\"\",");
            push_json(out, v);
            out.push(b']');
            return Ok(());
        }
        Value::Null => return Err("Cannot read properties of null (reading 'object')".into()),
        other => {
            return Err(format!(
                "Cannot use 'in' operator to search for 'object' in {other}"
            ))
        }
    };
    if map.contains_key("object") && map.contains_key("deleted") {
        out.extend_from_slice(b"[\"DeletedObject\",");
        shape_resource(&DELETED_OBJECT, v, out)?;
        out.push(b']');
        return Ok(());
    }
    match map.get("object").and_then(Value::as_str) {
        Some("total_count") => {
            out.extend_from_slice(b"[\"#\",");
            match map.get("total_count") {
                Some(n) => push_json(out, n),
                None => out.extend_from_slice(b"null"),
            }
            out.push(b']');
        }
        Some(object) => match by_object(object) {
            Some(r) => {
                out.extend_from_slice(b"[\"");
                out.extend_from_slice(r.name.as_bytes());
                out.extend_from_slice(b"\",");
                shape_resource(r, v, out)?;
                out.push(b']');
            }
            None => raw(v, out),
        },
        None => raw(v, out),
    }
    Ok(())
}

fn raw(v: &Value, out: &mut Vec<u8>) {
    out.extend_from_slice(b"[\"\",");
    push_json(out, v);
    out.push(b']');
}

/// v4's `deserialize`: an array or a paginated `{data: [...]}` becomes a list (the
/// `total_count` is dropped, as in v4); anything else is one item. Returns whether the
/// result is a list.
pub fn deserialize(payload: &Value, out: &mut Vec<u8>) -> Result<bool, String> {
    let list = match payload {
        Value::Array(items) => Some(items),
        Value::Object(m) => match m.get("data") {
            Some(Value::Array(items)) => Some(items),
            _ => None,
        },
        Value::Null => return Err("Cannot read properties of null (reading 'data')".into()),
        _ => None,
    };
    match list {
        Some(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                item(v, out)?;
            }
            out.push(b']');
            Ok(true)
        }
        None => {
            item(payload, out)?;
            Ok(false)
        }
    }
}

/// `X.fromJSON(json)`: shapes `json` as the named class.
pub fn from_json(class: &str, json: &Value) -> Result<String, String> {
    let r = by_name(class).ok_or_else(|| format!("unknown resource class {class}"))?;
    let mut out = Vec::with_capacity(256);
    shape_resource(r, json, &mut out)?;
    Ok(String::from_utf8(out).expect("shaped output is UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shaped(v: Value) -> Value {
        let mut out = Vec::new();
        let list = deserialize(&v, &mut out).unwrap();
        let parsed: Value = serde_json::from_slice(&out).unwrap();
        if list {
            json!({ "list": parsed })
        } else {
            parsed
        }
    }

    #[test]
    fn user_fields_are_renamed_defaulted_and_ordered() {
        let out = shaped(json!({
            "object": "user", "id": "user_1", "first_name": "Ada", "locked": true,
            "profile_image_url": "p", "public_metadata": {"camelKey": {"x_y": 1}},
            "email_addresses": [{"id": "idn_1", "email_address": "a@b.c", "linked_to": [],
                "verification": {"status": "verified", "strategy": "email_code"}}]
        }));
        assert_eq!(out[0], "User");
        let u = &out[1];
        assert_eq!(u["firstName"], "Ada");
        assert!(u.get("locked").is_none(), "unknown keys are dropped");
        assert_eq!(u["profileImageUrl"], "p");
        assert_eq!(u["publicMetadata"], json!({"camelKey": {"x_y": 1}}));
        assert_eq!(u["privateMetadata"], json!({}));
        assert_eq!(u["phoneNumbers"], json!([]));
        assert_eq!(
            u["emailAddresses"][0]["verification"]["attempts"],
            Value::Null
        );
        assert_eq!(
            u["emailAddresses"][0]["verification"]["externalVerificationRedirectURL"],
            Value::Null
        );
        let keys: Vec<&String> = u.as_object().unwrap().keys().collect();
        assert_eq!(keys[0], "id");
        assert_eq!(keys.last().unwrap().as_str(), "externalAccounts");
    }

    #[test]
    fn redirect_urls_that_do_not_parse_become_null() {
        let out = shaped(
            json!({"object": "email_address", "id": "e", "linked_to": [],
            "verification": {"status": "x", "external_verification_redirect_url": "string"}}),
        );
        assert_eq!(
            out[1]["verification"]["externalVerificationRedirectURL"],
            Value::Null
        );
    }

    #[test]
    fn null_metadata_is_kept_but_missing_metadata_defaults() {
        let out = shaped(json!({"object": "organization", "id": "org_1", "public_metadata": null}));
        assert_eq!(out[1]["publicMetadata"], Value::Null);
        assert_eq!(out[1]["privateMetadata"], json!({}));
    }

    #[test]
    fn paginated_lists_drop_total_count() {
        let out = shaped(json!({"data": [{"object": "session", "id": "s1"}], "total_count": 9}));
        assert_eq!(out["list"], json!([["Session", {"id": "s1"}]]));
    }

    #[test]
    fn deleted_objects_counts_and_raw_payloads() {
        assert_eq!(
            shaped(json!({"object": "user", "id": "u", "deleted": true})),
            json!(["DeletedObject", {"object": "user", "id": "u", "slug": null, "deleted": true}])
        );
        assert_eq!(
            shaped(json!({"object": "total_count", "total_count": 42})),
            json!(["#", 42])
        );
        assert_eq!(
            shaped(json!({"verified": true, "code_type": "totp"})),
            json!(["", {"verified": true, "code_type": "totp"}])
        );
    }

    #[test]
    fn a_client_without_sessions_is_an_unexpected_shape() {
        let mut out = Vec::new();
        let err = deserialize(&json!({"object": "client", "id": "c"}), &mut out).unwrap_err();
        assert!(err.contains("reading 'map'"), "{err}");
    }

    #[test]
    fn membership_nests_organization_and_public_user_data() {
        let out = shaped(json!({"object": "organization_membership", "id": "m",
            "organization": {"id": "org_1", "members_count": 3},
            "public_user_data": {"user_id": "u", "profile_image_url": "x"}}));
        assert_eq!(out[1]["organization"]["membersCount"], 3);
        assert_eq!(out[1]["organization"]["members_count"], 3);
        assert_eq!(out[1]["publicUserData"]["userId"], "u");
    }
}
