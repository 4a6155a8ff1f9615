//! Turns BAPI JSON into the shaped form the JS shell hydrates into class instances:
//! camelCase fields in v4's order, defaults applied, unknown keys dropped.
//!
//! The answer's text is read once, into a tree that borrows its strings from the text
//! (`Node`); shaping walks that tree and writes JSON. (Splitting each level into raw
//! values instead read nested values once per level of nesting: a 24 KB user list was
//! scanned five times over.)
//!
//! Output format (one string crosses the boundary): a resource is written as the array
//! of its fields' values in the class's field order, then the positions of the fields
//! the answer did not have (`0` for none; their values are written as `null` and are
//! undefined in v4's object). `JSON.parse` builds an array faster than an object with
//! keys, and the text is half as long. A top-level item is `[tag, value]` where `tag`
//! is the class name, `""` for a payload v4 returns as is, or `"#"` for a bare count.

use super::deleted_object::DELETED_OBJECT;
use super::{by_name, by_object, Kind, Resource};
use crate::deep;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

type Shaped = Result<(), String>;

/// A JSON value whose strings borrow from the answer's text unless they hold escapes.
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Object<'a>),
}

/// JS truthiness.
fn node_truthy(v: &Node) -> bool {
    match v {
        Node::Null => false,
        Node::Bool(b) => *b,
        Node::U64(n) => *n != 0,
        Node::I64(n) => *n != 0,
        Node::F64(x) => *x != 0.0,
        Node::Str(s) => !s.is_empty(),
        Node::Array(_) | Node::Object(_) => true,
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Node<'de>, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node<'de>, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Node<'de>, E> {
                Ok(Node::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Node<'de>, E> {
                Ok(Node::U64(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Node<'de>, E> {
                Ok(Node::I64(n))
            }
            fn visit_f64<E>(self, x: f64) -> Result<Node<'de>, E> {
                Ok(Node::F64(x))
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Node<'de>, E> {
                Ok(Node::Str(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Node<'de>, E> {
                Ok(Node::Str(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Node<'de>, E> {
                Ok(Node::Str(Cow::Owned(s)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Array(items))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Node<'de>, M::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Node::Object(Object {
                    entries,
                    cursor: std::cell::Cell::new(0),
                }))
            }
        }
        d.deserialize_any(NodeVisitor)
    }
}

/// An object key, borrowed from the answer's text unless it holds escapes (serde gives
/// a plain `Cow<str>` key an allocation every time).
#[derive(serde::Deserialize)]
pub(crate) struct Key<'a>(#[serde(borrow)] Cow<'a, str>);

/// An object's keys and values, in the order sent. Resources have a few dozen keys,
/// usually sent in about the schema's order: a scan from where the last lookup ended
/// beats hashing every key.
pub(crate) struct Object<'a> {
    entries: Vec<(Key<'a>, Node<'a>)>,
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
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'a>> {
        let n = self.entries.len();
        let start = self.cursor.get();
        let i = (0..n)
            .map(|k| (start + k) % n)
            .find(|&i| self.entries[i].0 .0 == key)?;
        self.cursor.set((i + 1) % n);
        Some(&self.entries[i].1)
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.0 == key)
    }
}

// The Cow's variant is what this reads: whether the answer had the string unescaped.
#[allow(clippy::ptr_arg)]
fn write_str(out: &mut Vec<u8>, s: &Cow<str>) {
    match s {
        // Borrowed means the answer had it without escapes, and valid JSON text has no
        // raw quote, backslash or control character in a string: it can go out as is.
        Cow::Borrowed(b) => {
            out.push(b'"');
            out.extend_from_slice(b.as_bytes());
            out.push(b'"');
        }
        // Writing to a Vec cannot fail.
        Cow::Owned(o) => {
            let _ = serde_json::to_writer(&mut *out, o);
        }
    }
}

/// Writes a value back as JSON (the same value `JSON.parse` gives for the original).
pub(crate) fn push_raw(out: &mut Vec<u8>, v: &Node) {
    push_raw_at(out, v, 0)
}

fn push_raw_at(out: &mut Vec<u8>, v: &Node, depth: usize) {
    match v {
        Node::Null => out.extend_from_slice(b"null"),
        Node::Bool(true) => out.extend_from_slice(b"true"),
        Node::Bool(false) => out.extend_from_slice(b"false"),
        Node::U64(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Node::I64(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Node::F64(x) => {
            let _ = serde_json::to_writer(&mut *out, x);
        }
        Node::Str(s) => write_str(out, s),
        Node::Array(items) => deep::grow(depth, || {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                push_raw_at(out, item, depth + 1);
            }
            out.push(b']');
        }),
        Node::Object(o) => deep::grow(depth, || {
            out.push(b'{');
            for (i, (k, v)) in o.entries.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(out, &k.0);
                out.push(b':');
                push_raw_at(out, v, depth + 1);
            }
            out.push(b'}');
        }),
    }
}

fn raw_text(v: &Node) -> String {
    let mut out = Vec::new();
    push_raw(&mut out, v);
    String::from_utf8_lossy(&out).into_owned()
}

/// Shapes `data` as resource `r` into `out` (a JSON object).
fn shape_resource(r: &Resource, data: &Node, out: &mut Vec<u8>) -> Shaped {
    match data {
        Node::Object(map) => shape_fields(r, map, out),
        Node::Null => {
            // `X.fromJSON(null)` reads `data.id` first, as v4's classes do.
            let first = r.fields.first().map(|f| f.json).unwrap_or("id");
            Err(format!(
                "Cannot read properties of null (reading '{first}')"
            ))
        }
        // Strings, numbers and arrays have no such keys: every field is undefined.
        _ => shape_fields(r, &Object::empty(), out),
    }
}

fn shape_fields(r: &Resource, map: &Object<'_>, out: &mut Vec<u8>) -> Shaped {
    out.push(b'[');
    // Fields the answer did not have (undefined in v4's object), by position.
    let mut missing: Vec<usize> = Vec::new();
    for (i, field) in r.fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let v = map.get(field.json);
        match field.kind {
            Kind::Plain | Kind::Deprecated(_) => match v {
                Some(v) => push_raw(out, v),
                None => {
                    out.extend_from_slice(b"null");
                    missing.push(i);
                }
            },
            Kind::ObjectDefault | Kind::NullDefault => match v {
                Some(v) => push_raw(out, v),
                None if field.kind == Kind::ObjectDefault => out.extend_from_slice(b"{}"),
                None => out.extend_from_slice(b"null"),
            },
            Kind::FalsyToNull => match v {
                Some(v) if node_truthy(v) => push_raw(out, v),
                _ => out.extend_from_slice(b"null"),
            },
            Kind::Url => {
                // A `URL` when the value parses as one; otherwise `null` (v4 failed the
                // whole call on a value `new URL` rejects).
                match v {
                    Some(v @ Node::Str(u)) if reqwest::Url::parse(u).is_ok() => push_raw(out, v),
                    _ => out.extend_from_slice(b"null"),
                }
            }
            Kind::Resource(class) => {
                let nested = resource(class);
                match v {
                    Some(v) => shape_resource(nested, v, out)?,
                    None => {
                        let first = nested.fields.first().map(|f| f.json).unwrap_or("id");
                        return Err(format!(
                            "Cannot read properties of undefined (reading '{first}')"
                        ));
                    }
                }
            }
            Kind::ResourceIfTruthy(class) => match v {
                Some(v) if node_truthy(v) => shape_resource(resource(class), v, out)?,
                Some(v) => push_raw(out, v),
                None => {
                    out.extend_from_slice(b"null");
                    missing.push(i);
                }
            },
            Kind::ResourceList(class) => match v {
                Some(Node::Array(items)) => shape_list(resource(class), items, out)?,
                Some(Node::Null) => {
                    return Err("Cannot read properties of null (reading 'map')".into())
                }
                Some(_) => return Err(format!("data.{}.map is not a function", field.json)),
                None => return Err("Cannot read properties of undefined (reading 'map')".into()),
            },
            Kind::ResourceListOrEmpty(class) => match v {
                Some(Node::Array(items)) => shape_list(resource(class), items, out)?,
                Some(v) if node_truthy(v) => {
                    return Err(format!("data.{}.map is not a function", field.json))
                }
                _ => out.extend_from_slice(b"[]"),
            },
        }
    }
    // The last element lists the missing positions (0: none).
    if missing.is_empty() {
        out.extend_from_slice(b",0]");
    } else {
        out.extend_from_slice(b",[");
        for (k, i) in missing.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(i.to_string().as_bytes());
        }
        out.extend_from_slice(b"]]");
    }
    Ok(())
}

fn shape_list(r: &Resource, items: &[Node], out: &mut Vec<u8>) -> Shaped {
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
fn item(v: &Node, out: &mut Vec<u8>) -> Shaped {
    let map = match v {
        Node::Object(map) => map,
        Node::Str(_) | Node::Array(_) => {
            return tagged(out, "", |out| {
                push_raw(out, v);
                Ok(())
            })
        }
        Node::Null => return Err("Cannot read properties of null (reading 'object')".into()),
        _ => {
            return Err(format!(
                "Cannot use 'in' operator to search for 'object' in {}",
                raw_text(v)
            ))
        }
    };
    if map.contains_key("object") && map.contains_key("deleted") {
        return tagged(out, "DeletedObject", |out| {
            shape_fields(&DELETED_OBJECT, map, out)
        });
    }
    let object_type = match map.get("object") {
        Some(Node::Str(o)) => Some(o.as_ref()),
        _ => None,
    };
    match object_type {
        Some("total_count") => tagged(out, "#", |out| {
            match map.get("total_count") {
                Some(n) => push_raw(out, n),
                None => out.extend_from_slice(b"null"),
            }
            Ok(())
        }),
        Some(object) => match by_object(object) {
            Some(r) => tagged(out, r.name, |out| shape_fields(r, map, out)),
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

/// A payload's text read into the tree shaping walks: the one full read of an answer
/// (it also checks that the text is JSON). Any depth reads (see `deep`).
pub struct Payload<'a> {
    root: Node<'a>,
    /// Nested deeper than serde_json's limit: taken apart in a loop when dropped.
    deep: bool,
}

impl<'a> Payload<'a> {
    pub fn parse(text: &'a str) -> Result<Self, String> {
        let (root, deep) = deep::parse(text, || std::marker::PhantomData::<Node<'a>>)
            .map_err(|e| e.to_string())?;
        Ok(Payload { root, deep })
    }

    pub(crate) fn root(&self) -> &Node<'a> {
        &self.root
    }

    /// `(await request(...)).jwt` of `sessions.getToken`: the `jwt` of a Token or of a
    /// payload v4 returns as is, as JSON text (`None`: undefined).
    pub fn jwt(&self) -> Option<String> {
        let Node::Object(m) = &self.root else {
            return None;
        };
        if m.contains_key("object") && m.contains_key("deleted") {
            return None;
        }
        if let Some(Node::Str(o)) = m.get("object") {
            if o != "token" && super::is_dispatched(o) {
                return None;
            }
        }
        m.get("jwt").map(raw_text)
    }
}

impl Drop for Payload<'_> {
    fn drop(&mut self) {
        if self.deep {
            let mut stack = vec![std::mem::replace(&mut self.root, Node::Null)];
            while let Some(mut v) = stack.pop() {
                match &mut v {
                    Node::Array(items) => stack.append(items),
                    Node::Object(o) => stack.extend(o.entries.drain(..).map(|(_, v)| v)),
                    _ => {}
                }
            }
        }
    }
}

/// v4's `deserialize` of JSON text `payload` (see `shape_payload`).
pub fn deserialize(payload: &str, out: &mut Vec<u8>) -> Result<bool, String> {
    shape_payload(&Payload::parse(payload)?, out)
}

/// v4's `deserialize`: an array or a paginated `{data: [...]}` becomes a list (the
/// `total_count` is dropped, as in v4); anything else is one item. Returns whether the
/// result is a list.
pub fn shape_payload(payload: &Payload, out: &mut Vec<u8>) -> Result<bool, String> {
    let raw = &payload.root;
    let list = match raw {
        Node::Array(items) => Some(items),
        Node::Null => return Err("Cannot read properties of null (reading 'data')".into()),
        Node::Object(m) => match m.get("data") {
            Some(Node::Array(items)) => Some(items),
            _ => None,
        },
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
            item(raw, out)?;
            Ok(false)
        }
    }
}

/// `X.fromJSON(json)`: shapes the JSON text `json` as the named class.
pub fn from_json(class: &str, json: &str) -> Result<String, String> {
    let r = by_name(class).ok_or_else(|| format!("unknown resource class {class}"))?;
    let raw = Payload::parse(json)?;
    let mut out = Vec::with_capacity(json.len());
    shape_resource(r, &raw.root, &mut out)?;
    Ok(String::from_utf8(out).expect("shaped output is UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// A shaped resource as the JS hydrator reads it, as an object with v4's keys
    /// (missing fields left out).
    fn keyed(class: &str, v: &Value) -> Value {
        let Some(values) = v.as_array() else {
            return v.clone();
        };
        let r = resource(class);
        assert_eq!(
            values.len(),
            r.fields.len() + 1,
            "{class}: fields and the missing list"
        );
        let missing: Vec<u64> = match &values[r.fields.len()] {
            Value::Array(m) => m.iter().map(|i| i.as_u64().unwrap()).collect(),
            other => {
                assert_eq!(other, &json!(0));
                vec![]
            }
        };
        let mut o = serde_json::Map::new();
        for (i, f) in r.fields.iter().enumerate() {
            if missing.contains(&(i as u64)) {
                continue;
            }
            let value = &values[i];
            let value = match f.kind {
                Kind::Resource(c) | Kind::ResourceIfTruthy(c) => keyed(c, value),
                Kind::ResourceList(c) | Kind::ResourceListOrEmpty(c) => Value::Array(
                    value
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| keyed(c, x))
                        .collect(),
                ),
                _ => value.clone(),
            };
            o.insert(f.js.to_string(), value);
        }
        Value::Object(o)
    }

    fn item_keyed(pair: &Value) -> Value {
        match pair[0].as_str().unwrap() {
            "" | "#" => pair.clone(),
            class => json!([class, keyed(class, &pair[1])]),
        }
    }

    fn shaped(v: Value) -> Value {
        let mut out = Vec::new();
        let list = deserialize(&v.to_string(), &mut out).unwrap();
        let parsed: Value = serde_json::from_slice(&out).unwrap();
        if list {
            json!({ "list": parsed.as_array().unwrap().iter().map(item_keyed).collect::<Vec<_>>() })
        } else {
            item_keyed(&parsed)
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

    #[test]
    fn answers_of_any_depth_are_shaped_without_overflow() {
        // On a thread with a small stack: recursion that does not grow would overflow.
        let t = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let n = 100_000;
                let deep = format!("{}1{}", "[{\"a\":".repeat(n), "}]".repeat(n));
                let text = format!(r#"{{"object":"user","id":"u","public_metadata":{deep}}}"#);
                let mut out = Vec::new();
                assert!(!deserialize(&text, &mut out).unwrap());
                let out = String::from_utf8(out).unwrap();
                assert!(out.contains(&deep));
                let shaped = from_json("User", &text).unwrap();
                assert!(shaped.contains(&deep));
            })
            .unwrap();
        t.join().unwrap();
    }
}
