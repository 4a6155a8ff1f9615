//! Turns BAPI JSON into the shaped form the JS shell hydrates into class instances:
//! camelCase fields in v4's order, defaults applied, unknown keys dropped.
//!
//! It works on the answer's text: objects are split into their keys and the raw text of
//! each value (`RawValue`), and values are copied through as they were sent, so nothing
//! is parsed into a tree and written out again.
//!
//! Output format (one string crosses the boundary): a resource is written as its shaped
//! object; a top-level item is `[tag, value]` where `tag` is the class name, `""` for a
//! payload v4 returns as is, or `"#"` for a bare count.

use super::deleted_object::DELETED_OBJECT;
use super::{by_name, by_object, Kind, Resource};
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;

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

/// JS truthiness of a raw JSON value.
fn raw_truthy(v: &RawValue) -> bool {
    match v.get().as_bytes().first() {
        Some(b'n') | Some(b'f') | None => false,
        Some(b't') | Some(b'[') | Some(b'{') => true,
        Some(b'"') => v.get().len() > 2,
        Some(_) => v.get().parse::<f64>().is_ok_and(|x| x != 0.0),
    }
}

fn is_null(v: &RawValue) -> bool {
    v.get() == "null"
}

/// An object key, borrowed from the answer's text unless it holds escapes (serde gives
/// a plain `Cow<str>` key an allocation every time).
#[derive(serde::Deserialize)]
struct Key<'a>(#[serde(borrow)] Cow<'a, str>);

/// An object's keys and raw values, in the order sent. Resources have a few dozen keys,
/// usually sent in about the schema's order: a scan from where the last lookup ended
/// beats hashing every key.
struct Object<'a> {
    entries: Vec<(Key<'a>, &'a RawValue)>,
    cursor: std::cell::Cell<usize>,
}

impl<'a> Object<'a> {
    fn empty() -> Self {
        Object {
            entries: Vec::new(),
            cursor: std::cell::Cell::new(0),
        }
    }

    /// The value of `key`. (A key sent twice, which the Backend API never does, gives
    /// either value.)
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        let n = self.entries.len();
        let start = self.cursor.get();
        let mut found = None;
        for i in (0..n).map(|k| (start + k) % n) {
            if self.entries[i].0 .0 == key {
                found = Some(i);
                break;
            }
        }
        let i = found?;
        self.cursor.set((i + 1) % n);
        Some(self.entries[i].1)
    }

    fn contains_key(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.0 == key)
    }
}

impl<'de> serde::Deserialize<'de> for Object<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Vec<(Key<'de>, &'de RawValue)>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(32));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(entries)
            }
        }
        Ok(Object {
            entries: d.deserialize_map(Entries)?,
            cursor: std::cell::Cell::new(0),
        })
    }
}

fn object(v: &RawValue) -> Option<Object<'_>> {
    if !v.get().starts_with('{') {
        return None;
    }
    serde_json::from_str(v.get()).ok()
}

fn array(v: &RawValue) -> Option<Vec<&RawValue>> {
    if !v.get().starts_with('[') {
        return None;
    }
    serde_json::from_str(v.get()).ok()
}

fn push_raw(out: &mut Vec<u8>, v: &RawValue) {
    out.extend_from_slice(v.get().as_bytes());
}

/// Shapes `data` as resource `r` into `out` (a JSON object).
pub(crate) fn shape_resource(r: &Resource, data: &RawValue, out: &mut Vec<u8>) -> Shaped {
    match object(data) {
        Some(map) => shape_fields(r, &map, out),
        None if is_null(data) => {
            // `X.fromJSON(null)` reads `data.id` first, as v4's classes do.
            let first = r.fields.first().map(|f| f.json).unwrap_or("id");
            Err(format!(
                "Cannot read properties of null (reading '{first}')"
            ))
        }
        // Strings, numbers and arrays have no such keys: every field is undefined.
        None => shape_fields(r, &Object::empty(), out),
    }
}

fn shape_fields(r: &Resource, map: &Object<'_>, out: &mut Vec<u8>) -> Shaped {
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
                    push_raw(out, v);
                }
            }
            Kind::ObjectDefault | Kind::NullDefault => {
                key(out, field.js);
                match v {
                    Some(v) => push_raw(out, v),
                    None if field.kind == Kind::ObjectDefault => out.extend_from_slice(b"{}"),
                    None => out.extend_from_slice(b"null"),
                }
            }
            Kind::FalsyToNull => {
                key(out, field.js);
                match v {
                    Some(v) if raw_truthy(v) => push_raw(out, v),
                    _ => out.extend_from_slice(b"null"),
                }
            }
            Kind::Url => {
                // A `URL` when the value parses as one; otherwise `null` (v4 failed the
                // whole call on a value `new URL` rejects).
                key(out, field.js);
                let url = v.and_then(|v| serde_json::from_str::<Cow<str>>(v.get()).ok());
                match (v, url) {
                    (Some(v), Some(u)) if reqwest::Url::parse(&u).is_ok() => push_raw(out, v),
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
                    if raw_truthy(v) {
                        shape_resource(resource(class), v, out)?;
                    } else {
                        push_raw(out, v);
                    }
                }
            }
            Kind::ResourceList(class) => match v {
                Some(v) => match array(v) {
                    Some(items) => {
                        key(out, field.js);
                        shape_list(resource(class), &items, out)?;
                    }
                    None if is_null(v) => {
                        return Err("Cannot read properties of null (reading 'map')".into())
                    }
                    None => return Err(format!("data.{}.map is not a function", field.json)),
                },
                None => return Err("Cannot read properties of undefined (reading 'map')".into()),
            },
            Kind::ResourceListOrEmpty(class) => {
                key(out, field.js);
                match v {
                    Some(v) => match array(v) {
                        Some(items) => shape_list(resource(class), &items, out)?,
                        None if raw_truthy(v) => {
                            return Err(format!("data.{}.map is not a function", field.json))
                        }
                        None => out.extend_from_slice(b"[]"),
                    },
                    None => out.extend_from_slice(b"[]"),
                }
            }
        }
    }
    out.push(b'}');
    Ok(())
}

fn shape_list(r: &Resource, items: &[&RawValue], out: &mut Vec<u8>) -> Shaped {
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

fn tagged(out: &mut Vec<u8>, tag: &str, f: impl FnOnce(&mut Vec<u8>) -> Shaped) -> Shaped {
    out.extend_from_slice(b"[\"");
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(b"\",");
    f(out)?;
    out.push(b']');
    Ok(())
}

/// v4's `jsonToObject`: dispatch one payload item on its `object` key.
fn item(v: &RawValue, out: &mut Vec<u8>) -> Shaped {
    let Some(map) = object(v) else {
        return match v.get().as_bytes().first() {
            Some(b'"') | Some(b'[') => tagged(out, "", |out| {
                push_raw(out, v);
                Ok(())
            }),
            Some(b'n') => Err("Cannot read properties of null (reading 'object')".into()),
            _ => Err(format!(
                "Cannot use 'in' operator to search for 'object' in {}",
                v.get()
            )),
        };
    };
    if map.contains_key("object") && map.contains_key("deleted") {
        return tagged(out, "DeletedObject", |out| {
            shape_fields(&DELETED_OBJECT, &map, out)
        });
    }
    let object_type = map
        .get("object")
        .and_then(|o| serde_json::from_str::<Cow<str>>(o.get()).ok());
    match object_type.as_deref() {
        Some("total_count") => tagged(out, "#", |out| {
            match map.get("total_count") {
                Some(n) => push_raw(out, n),
                None => out.extend_from_slice(b"null"),
            }
            Ok(())
        }),
        Some(object) => match by_object(object) {
            Some(r) => tagged(out, r.name, |out| shape_fields(r, &map, out)),
            None => tagged(out, "", |out| {
                push_raw(out, v);
                Ok(())
            }),
        },
        None => tagged(out, "", |out| {
            push_raw(out, v);
            Ok(())
        }),
    }
}

/// v4's `deserialize`: an array or a paginated `{data: [...]}` becomes a list (the
/// `total_count` is dropped, as in v4); anything else is one item. `payload` must be
/// JSON text. Returns whether the result is a list.
pub fn deserialize(payload: &str, out: &mut Vec<u8>) -> Result<bool, String> {
    let raw: &RawValue = serde_json::from_str(payload).map_err(|e| e.to_string())?;
    let list = match array(raw) {
        Some(items) => Some(items),
        None if is_null(raw) => {
            return Err("Cannot read properties of null (reading 'data')".into())
        }
        None => object(raw).and_then(|m| m.get("data").and_then(array)),
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
            item(raw, out)?;
            Ok(false)
        }
    }
}

/// `X.fromJSON(json)`: shapes the JSON text `json` as the named class.
pub fn from_json(class: &str, json: &str) -> Result<String, String> {
    let r = by_name(class).ok_or_else(|| format!("unknown resource class {class}"))?;
    let raw: &RawValue = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(json.len());
    shape_resource(r, raw, &mut out)?;
    Ok(String::from_utf8(out).expect("shaped output is UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shaped(v: Value) -> Value {
        let mut out = Vec::new();
        let list = deserialize(&v.to_string(), &mut out).unwrap();
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
        let err = deserialize(
            &json!({"object": "client", "id": "c"}).to_string(),
            &mut out,
        )
        .unwrap_err();
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
