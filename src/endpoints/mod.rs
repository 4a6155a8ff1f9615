//! The Backend API methods of 4.13.23 as declarative tables (one file per sub-API), and the
//! one function that turns a table row plus the caller's arguments into an HTTP request.

mod allowlist_identifiers;
mod clients;
mod domains;
mod email_addresses;
mod emails;
mod interstitial;
mod invitations;
mod organizations;
mod phone_numbers;
mod redirect_urls;
mod sessions;
mod sign_in_tokens;
mod sms_messages;
mod users;

use crate::case::snake_case;
use crate::resources::shape::truthy;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Where a value comes from: `arguments[i]`, or a property of it (v4 destructures `params`).
#[derive(Clone, Copy, Debug)]
pub enum Arg {
    Pos(usize),
    Prop(usize, &'static str),
}

#[derive(Clone, Copy, Debug)]
pub enum Seg {
    Lit(&'static str),
    /// A path parameter checked by v4's `requireId` (falsy → "A valid resource ID is required.").
    Id(Arg),
    /// An unchecked path parameter: dropped from the path when falsy, as v4's `joinPaths` does.
    Opt(Arg),
    /// `getOrganization`: `organizationId` when the key is present, else `slug`; checked.
    OrgIdOrSlug,
}

#[derive(Clone, Copy, Debug)]
pub enum Query {
    None,
    /// Every key of `arguments[i]`.
    All(usize),
    /// Only these keys of `arguments[i]`.
    Keys(usize, &'static [&'static str]),
}

#[derive(Clone, Copy, Debug)]
pub enum Body {
    None,
    /// `arguments[i]` as given: sent when it has at least one key.
    All(usize),
    /// An object literal of these keys of `arguments[i]`: always sent (maybe as `{}`).
    Keys(usize, &'static [&'static str]),
    /// An object literal of single arguments (`{ token }`): always sent.
    Literal(&'static [(&'static str, Arg)]),
    /// `arguments[i]` without these keys (`const { organizationId, ...body } = params`).
    Rest(usize, &'static [&'static str]),
    /// multipart/form-data: the file of `arguments[i].file`, then text fields
    /// (`[wire name, JS key]`, always appended: a missing value is sent as "undefined").
    Multipart(usize, &'static [(&'static str, &'static str)]),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Returns {
    /// v4's `deserialize` of the response.
    Resource,
    /// The `jwt` field of the deserialized response (`sessions.getToken`).
    Jwt,
}

pub struct Endpoint {
    pub api: &'static str,
    pub name: &'static str,
    pub method: Method,
    pub path: &'static [Seg],
    pub query: Query,
    pub body: Body,
    pub returns: Returns,
    /// v4 destructures `arguments[i]` first (a TypeError when it is missing).
    pub destructures: Option<usize>,
    /// A deprecation warning v4 prints on each call: (name, advice).
    pub deprecated: Option<(&'static str, &'static str)>,
    /// A list the Backend API pages with `limit`/`offset`: it gets an `iterate…` twin (A3).
    pub pages: bool,
}

impl Endpoint {
    pub const fn new(
        api: &'static str,
        name: &'static str,
        method: Method,
        path: &'static [Seg],
    ) -> Self {
        Endpoint {
            api,
            name,
            method,
            path,
            query: Query::None,
            body: Body::None,
            returns: Returns::Resource,
            destructures: None,
            deprecated: None,
            pages: false,
        }
    }
    pub const fn pages(mut self) -> Self {
        self.pages = true;
        self
    }
    pub const fn query(mut self, q: Query) -> Self {
        self.query = q;
        self
    }
    pub const fn body(mut self, b: Body) -> Self {
        self.body = b;
        self
    }
    pub const fn returns(mut self, r: Returns) -> Self {
        self.returns = r;
        self
    }
    pub const fn destructures(mut self, i: usize) -> Self {
        self.destructures = Some(i);
        self
    }
    pub const fn deprecated(mut self, name: &'static str, advice: &'static str) -> Self {
        self.deprecated = Some((name, advice));
        self
    }
}

/// Every sub-API's table, in v4's property order of a client.
pub static SUB_APIS: &[(&str, &str, &[Endpoint])] = &[
    (
        "allowlistIdentifiers",
        "AllowlistIdentifierAPI",
        allowlist_identifiers::ENDPOINTS,
    ),
    ("clients", "ClientAPI", clients::ENDPOINTS),
    (
        "emailAddresses",
        "EmailAddressAPI",
        email_addresses::ENDPOINTS,
    ),
    ("emails", "EmailAPI", emails::ENDPOINTS),
    ("interstitial", "InterstitialAPI", interstitial::ENDPOINTS),
    ("invitations", "InvitationAPI", invitations::ENDPOINTS),
    ("organizations", "OrganizationAPI", organizations::ENDPOINTS),
    ("phoneNumbers", "PhoneNumberAPI", phone_numbers::ENDPOINTS),
    ("redirectUrls", "RedirectUrlAPI", redirect_urls::ENDPOINTS),
    ("sessions", "SessionAPI", sessions::ENDPOINTS),
    ("signInTokens", "SignInTokenAPI", sign_in_tokens::ENDPOINTS),
    ("smsMessages", "SMSMessageAPI", sms_messages::ENDPOINTS),
    ("users", "UserAPI", users::ENDPOINTS),
    ("domains", "DomainAPI", domains::ENDPOINTS),
];

/// All endpoints, flat; the JS shell calls them by index.
pub fn all() -> impl Iterator<Item = &'static Endpoint> {
    SUB_APIS.iter().flat_map(|(_, _, eps)| eps.iter())
}

pub fn by_index(i: u32) -> Option<&'static Endpoint> {
    all().nth(i as usize)
}

/// The table the JS shell generates its sub-API classes from: `[{property, className,
/// methods: [[name, index, multipartArg, deprecatedName, advice, iteratorTwin]]}]`.
pub fn table_json() -> String {
    let mut index = 0u32;
    let apis: Vec<Value> = SUB_APIS
        .iter()
        .map(|(prop, class, eps)| {
            let methods: Vec<Value> = eps
                .iter()
                .map(|e| {
                    let i = index;
                    index += 1;
                    let (dn, da) = e.deprecated.unwrap_or(("", ""));
                    let multipart = match e.body {
                        Body::Multipart(a, _) => a as i64,
                        _ => -1,
                    };
                    let twin = if e.pages {
                        e.name.replacen("get", "iterate", 1)
                    } else {
                        String::new()
                    };
                    serde_json::json!([e.name, i, multipart, dn, da, twin])
                })
                .collect();
            serde_json::json!({ "property": prop, "className": class, "methods": methods })
        })
        .collect();
    Value::Array(apis).to_string()
}

/// An error raised before any request is sent, surfaced as v4 does.
#[derive(Debug, PartialEq)]
pub enum PreflightError {
    /// A plain `Error` (requireId, missing key).
    Plain(String),
    /// A `TypeError` (destructuring a missing argument).
    Type(String),
}

pub const REQUIRE_ID: &str = "A valid resource ID is required.";

/// The parts of an HTTP request that depend on the endpoint and arguments.
#[derive(Debug, PartialEq)]
pub struct Built {
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: BuiltBody,
}

#[derive(Debug, PartialEq)]
pub enum BuiltBody {
    None,
    Json(String),
    /// Text fields of a multipart body; the file travels separately.
    Multipart(Vec<(String, String)>),
}

fn arg(args: &[Value], a: Arg) -> Option<&Value> {
    match a {
        Arg::Pos(i) => args.get(i),
        Arg::Prop(i, key) => args.get(i).and_then(|v| v.get(key)),
    }
}

/// The JS shell sends `undefined` (a key that is present but undefined, or a hole in the
/// arguments) as this string, so that `"key" in params` and `{ key }` bodies behave as
/// in v4.
pub const UNDEFINED: &str = "\u{0}undefined";
/// The JS shell sends a `Date` as `{ [DATE]: date.toJSON(), string: String(date) }`: a
/// body gets the ISO text (JSON.stringify), a query string gets `String(date)`.
pub const DATE: &str = "\u{0}date";

pub fn is_undefined(v: &Value) -> bool {
    matches!(v, Value::String(s) if s == UNDEFINED)
}

/// JS truthiness of an argument value.
fn arg_truthy(v: &Value) -> bool {
    !is_undefined(v) && truthy(v)
}

/// The value JSON.stringify writes for an argument value (`None`: left out).
pub fn json_of(v: &Value) -> Option<Value> {
    match v {
        Value::String(s) if s == UNDEFINED => None,
        Value::Object(m) => {
            if let Some(iso) = m.get(DATE) {
                return Some(iso.clone());
            }
            Some(Value::Object(
                m.iter()
                    .filter_map(|(k, v)| json_of(v).map(|v| (k.clone(), v)))
                    .collect(),
            ))
        }
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|v| json_of(v).unwrap_or(Value::Null))
                .collect(),
        )),
        other => Some(other.clone()),
    }
}

/// `String(value)` for the JSON values a caller can pass.
pub fn js_string(v: &Value) -> String {
    match v {
        Value::String(s) if s == UNDEFINED => "undefined".into(),
        Value::Object(m) if m.contains_key(DATE) => m
            .get("string")
            .and_then(Value::as_str)
            .unwrap_or("Invalid Date")
            .to_string(),
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number(n),
        Value::Array(items) => items
            .iter()
            .map(|x| match x {
                Value::Null => String::new(),
                x if is_undefined(x) => String::new(),
                other => js_string(other),
            })
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(_) => "[object Object]".into(),
    }
}

fn js_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// Every character but the unreserved ones of `encodeURIComponent` is escaped, so an id is
/// always exactly one path segment (S3).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

fn push_segment(path: &mut String, value: &Value) -> Result<(), PreflightError> {
    let s = js_string(value);
    // `.` and `..` would be resolved away by URL parsing even when escaped (S3).
    if s == "." || s == ".." {
        return Err(PreflightError::Plain(REQUIRE_ID.into()));
    }
    path.push('/');
    path.extend(utf8_percent_encode(&s, SEGMENT));
    Ok(())
}

fn destructure_error(args: &[Value], i: usize, first_key: &str) -> Option<PreflightError> {
    match args.get(i) {
        Some(v) if is_undefined(v) => Some(PreflightError::Type(format!(
            "Cannot destructure property '{first_key}' of 'params' as it is undefined."
        ))),
        None => Some(PreflightError::Type(format!(
            "Cannot destructure property '{first_key}' of 'params' as it is undefined."
        ))),
        Some(Value::Null) => Some(PreflightError::Type(format!(
            "Cannot destructure property '{first_key}' of 'params' as it is null."
        ))),
        _ => None,
    }
}

fn first_prop(e: &Endpoint, i: usize) -> &'static str {
    let from_path = e.path.iter().find_map(|s| match s {
        Seg::Id(Arg::Prop(j, k)) | Seg::Opt(Arg::Prop(j, k)) if *j == i => Some(*k),
        _ => None,
    });
    from_path
        .or(match e.body {
            Body::Keys(j, keys) if j == i => keys.first().copied(),
            _ => None,
        })
        .unwrap_or("organizationId")
}

/// v4 snake-cases the query object's keys first (two keys that become one keep the
/// first one's place and the last one's value), then appends each truthy value.
fn append_query(keys: &mut Map<String, Value>, key: &str, v: &Value) {
    keys.insert(snake_case(key), v.clone());
}

fn finish_query(keys: Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, v) in keys {
        if !arg_truthy(&v) {
            continue;
        }
        match v {
            // `[val].flat()`: one level of arrays becomes repeated keys.
            Value::Array(items) => {
                for item in &items {
                    out.push((key.clone(), js_string(item)));
                }
            }
            other => out.push((key, js_string(&other))),
        }
    }
    out
}

/// Top-level keys snake-cased; values as JSON.stringify writes them (undefined dropped).
fn snake_object<'v>(entries: impl Iterator<Item = (&'v str, &'v Value)>) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in entries {
        if let Some(v) = json_of(v) {
            m.insert(snake_case(k), v);
        } else {
            m.shift_remove(&snake_case(k));
        }
    }
    m
}

/// Validates the arguments and builds the path, query and body, exactly in v4's order:
/// destructuring, then `requireId`, then (by the caller) the key check.
/// v4's raw `request({ method, path, queryParams, bodyParams })` (the own `request` of
/// every sub-API object): the path as given, the query and body by the same rules.
pub fn build_raw(method: Method, path: &str, query: Option<&Value>, body: Option<&Value>) -> Built {
    let mut keys = Map::new();
    if let Some(Value::Object(m)) = query {
        for (k, v) in m {
            append_query(&mut keys, k, v);
        }
    }
    let body = match body {
        Some(Value::Object(m)) if !m.is_empty() && method != Method::Get => BuiltBody::Json(
            Value::Object(snake_object(m.iter().map(|(k, v)| (k.as_str(), v)))).to_string(),
        ),
        _ => BuiltBody::None,
    };
    Built {
        path: path.to_string(),
        query: finish_query(keys),
        body,
    }
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PATCH" => Method::Patch,
            "PUT" => Method::Put,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }
}

/// `build` for one page of a list: `limit` and `offset` replace the caller's (A3).
pub fn build_page(
    e: &Endpoint,
    args: &[Value],
    limit: u32,
    offset: u32,
) -> Result<Built, PreflightError> {
    let mut built = build(e, args)?;
    built.query.retain(|(k, _)| k != "limit" && k != "offset");
    built.query.push(("limit".into(), limit.to_string()));
    // An offset of 0 is not sent, like every list call (v4 drops falsy values).
    if offset > 0 {
        built.query.push(("offset".into(), offset.to_string()));
    }
    Ok(built)
}

pub fn build(e: &Endpoint, args: &[Value]) -> Result<Built, PreflightError> {
    if let Some(i) = e.destructures {
        if let Some(err) = destructure_error(args, i, first_prop(e, i)) {
            return Err(err);
        }
    }
    let mut path = String::with_capacity(64);
    for seg in e.path {
        match *seg {
            Seg::Lit(s) => {
                path.push('/');
                path.push_str(s);
            }
            Seg::Id(a) => match arg(args, a) {
                Some(v) if arg_truthy(v) => push_segment(&mut path, v)?,
                _ => return Err(PreflightError::Plain(REQUIRE_ID.into())),
            },
            Seg::Opt(a) => {
                if let Some(v) = arg(args, a).filter(|v| arg_truthy(v)) {
                    push_segment(&mut path, v)?;
                }
            }
            Seg::OrgIdOrSlug => {
                let params = match args.first() {
                    Some(Value::Object(m)) => m,
                    other => {
                        let what = if matches!(other, Some(Value::Null)) {
                            "null"
                        } else {
                            "undefined"
                        };
                        return Err(PreflightError::Type(format!(
                            "Cannot use 'in' operator to search for 'organizationId' in {what}"
                        )));
                    }
                };
                let v = if params.contains_key("organizationId") {
                    params.get("organizationId")
                } else {
                    params.get("slug")
                };
                match v {
                    Some(v) if arg_truthy(v) => push_segment(&mut path, v)?,
                    _ => return Err(PreflightError::Plain(REQUIRE_ID.into())),
                }
            }
        }
    }

    let mut query_keys = Map::new();
    match e.query {
        Query::None => {}
        Query::All(i) => {
            if let Some(Value::Object(m)) = args.get(i) {
                for (k, v) in m {
                    append_query(&mut query_keys, k, v);
                }
            }
        }
        Query::Keys(i, keys) => {
            for k in keys {
                if let Some(v) = arg(args, Arg::Prop(i, k)) {
                    append_query(&mut query_keys, k, v);
                }
            }
        }
    }
    let query = finish_query(query_keys);

    let body = match e.body {
        Body::None => BuiltBody::None,
        Body::All(i) => match args.get(i) {
            Some(Value::Object(m)) if !m.is_empty() && e.method != Method::Get => {
                let m = snake_object(m.iter().map(|(k, v)| (k.as_str(), v)));
                BuiltBody::Json(Value::Object(m).to_string())
            }
            _ => BuiltBody::None,
        },
        Body::Keys(i, keys) => {
            let m = snake_object(
                keys.iter()
                    .filter_map(|k| arg(args, Arg::Prop(i, k)).map(|v| (*k, v))),
            );
            BuiltBody::Json(Value::Object(m).to_string())
        }
        Body::Literal(fields) => {
            let m = snake_object(
                fields
                    .iter()
                    .filter_map(|(k, a)| arg(args, *a).map(|v| (*k, v))),
            );
            BuiltBody::Json(Value::Object(m).to_string())
        }
        Body::Rest(i, without) => {
            let m = match args.get(i) {
                Some(Value::Object(m)) => snake_object(
                    m.iter()
                        .filter(|(k, _)| !without.contains(&k.as_str()))
                        .map(|(k, v)| (k.as_str(), v)),
                ),
                _ => Map::new(),
            };
            if m.is_empty() {
                BuiltBody::None
            } else {
                BuiltBody::Json(Value::Object(m).to_string())
            }
        }
        Body::Multipart(i, fields) => BuiltBody::Multipart(
            fields
                .iter()
                .map(|(wire, js)| {
                    let v = arg(args, Arg::Prop(i, js));
                    let text = match v {
                        None => "undefined".to_string(),
                        Some(v) => js_string(v),
                    };
                    (wire.to_string(), text)
                })
                .collect(),
        ),
    };
    Ok(Built { path, query, body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn find(api: &str, name: &str) -> &'static Endpoint {
        all().find(|e| e.api == api && e.name == name).unwrap()
    }

    fn built(api: &str, name: &str, args: Value) -> Result<Built, PreflightError> {
        build(find(api, name), args.as_array().unwrap())
    }

    #[test]
    fn there_are_63_methods() {
        assert_eq!(all().count(), 63);
    }

    #[test]
    fn ids_are_one_encoded_segment() {
        let b = built("users", "getUser", json!(["user_1/../x?y#z"])).unwrap();
        assert_eq!(b.path, "/users/user_1%2F..%2Fx%3Fy%23z");
        assert_eq!(
            built("users", "getUser", json!([".."])),
            Err(PreflightError::Plain(REQUIRE_ID.into()))
        );
    }

    #[test]
    fn missing_ids_fail_before_any_request() {
        for args in [json!([]), json!([null]), json!([""]), json!([0])] {
            assert_eq!(
                built("users", "getUser", args),
                Err(PreflightError::Plain(REQUIRE_ID.into()))
            );
        }
        assert!(matches!(
            built("users", "getOrganizationMembershipList", json!([])),
            Err(PreflightError::Type(m)) if m.contains("'userId'")
        ));
    }

    #[test]
    fn list_queries_snake_case_drop_falsy_and_repeat_arrays() {
        let b = built(
            "users",
            "getUserList",
            json!([{"emailAddress": ["a@x", "b@x"], "orderBy": "-created_at", "offset": 0, "limit": 20, "banned": false}]),
        )
        .unwrap();
        assert_eq!(
            b.query,
            vec![
                ("email_address".into(), "a@x".into()),
                ("email_address".into(), "b@x".into()),
                ("order_by".into(), "-created_at".into()),
                ("limit".into(), "20".into()),
            ]
        );
        assert_eq!(b.body, BuiltBody::None);
    }

    #[test]
    fn bodies_snake_case_top_level_only() {
        let b = built(
            "users",
            "createUser",
            json!([{"firstName": "Ada", "publicMetadata": {"innerKey": 1}}]),
        )
        .unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Json(r#"{"first_name":"Ada","public_metadata":{"innerKey":1}}"#.into())
        );
        // An empty params object sends no body at all.
        let b = built("users", "updateUser", json!(["user_1", {}])).unwrap();
        assert_eq!(b.body, BuiltBody::None);
    }

    #[test]
    fn fixed_shape_bodies_are_always_sent() {
        let b = built(
            "organizations",
            "revokeOrganizationInvitation",
            json!([{"organizationId": "org_1", "invitationId": "inv_1"}]),
        )
        .unwrap();
        assert_eq!(b.path, "/organizations/org_1/invitations/inv_1/revoke");
        assert_eq!(b.body, BuiltBody::Json("{}".into()));
    }

    #[test]
    fn get_token_drops_an_empty_template() {
        let b = built("sessions", "getToken", json!(["sess_1", ""])).unwrap();
        assert_eq!(b.path, "/sessions/sess_1/tokens");
        let b = built("sessions", "getToken", json!(["sess_1", "supabase"])).unwrap();
        assert_eq!(b.path, "/sessions/sess_1/tokens/supabase");
    }

    #[test]
    fn organization_by_id_or_slug() {
        let b = built(
            "organizations",
            "getOrganization",
            json!([{"slug": "acme/x"}]),
        )
        .unwrap();
        assert_eq!(b.path, "/organizations/acme%2Fx");
        let b = built(
            "organizations",
            "getOrganization",
            json!([{"organizationId": "org_1", "slug": "acme"}]),
        )
        .unwrap();
        assert_eq!(b.path, "/organizations/org_1");
    }

    #[test]
    fn logo_upload_always_sends_uploader() {
        let b = built(
            "organizations",
            "updateOrganizationLogo",
            json!(["org_1", {}]),
        )
        .unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Multipart(vec![("uploader_user_id".into(), "undefined".into())])
        );
    }

    #[test]
    fn undefined_arguments_behave_as_in_v4() {
        let u = json!(UNDEFINED);
        let b = built("clients", "verifyClient", json!([u])).unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Json("{}".into()),
            "{{ token }} with token undefined"
        );
        let b = built("users", "updateUser", json!(["user_1", {"firstName": u}])).unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Json("{}".into()),
            "a key holding undefined still sends a body"
        );
        assert_eq!(
            built(
                "organizations",
                "getOrganization",
                json!([{"organizationId": u, "slug": "acme"}])
            ),
            Err(PreflightError::Plain(REQUIRE_ID.into()))
        );
        let b = built(
            "users",
            "createUser",
            json!([{"publicMetadata": {"a": u, "b": [u, 1]}}]),
        )
        .unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Json(r#"{"public_metadata":{"b":[null,1]}}"#.into())
        );
    }

    #[test]
    fn dates_are_iso_in_bodies_and_strings_in_queries() {
        let d = json!({DATE: "2024-01-01T00:00:00.000Z", "string": "Mon Jan 01 2024"});
        let b = built("users", "getUserList", json!([{"createdAfter": d}])).unwrap();
        assert_eq!(
            b.query,
            vec![("created_after".to_string(), "Mon Jan 01 2024".to_string())]
        );
        let b = built("users", "createUser", json!([{"createdAt": d}])).unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Json(r#"{"created_at":"2024-01-01T00:00:00.000Z"}"#.into())
        );
    }

    #[test]
    fn colliding_query_keys_keep_the_last_value() {
        let b = built(
            "users",
            "getUserList",
            json!([{"foo-bar": "a", "foo.bar": "b"}]),
        )
        .unwrap();
        assert_eq!(b.query, vec![("foo_bar".to_string(), "b".to_string())]);
    }

    #[test]
    fn pages_replace_limit_and_offset() {
        let e = find("clients", "getClientList");
        assert!(e.pages);
        let b = build_page(e, &[], 100, 0).unwrap();
        assert_eq!(b.query, vec![("limit".to_string(), "100".to_string())]);
        let e = find("users", "getUserList");
        let b = build_page(
            e,
            json!([{"limit": 10, "offset": 3, "orderBy": "x"}])
                .as_array()
                .unwrap(),
            10,
            20,
        )
        .unwrap();
        assert_eq!(
            b.query,
            vec![
                ("order_by".to_string(), "x".to_string()),
                ("limit".to_string(), "10".to_string()),
                ("offset".to_string(), "20".to_string())
            ]
        );
        assert_eq!(all().filter(|e| e.pages).count(), 11);
    }

    #[test]
    fn js_strings() {
        assert_eq!(js_string(&json!(1.0)), "1");
        assert_eq!(js_string(&json!(1.5)), "1.5");
        assert_eq!(js_string(&json!(true)), "true");
        assert_eq!(js_string(&json!({"a": 1})), "[object Object]");
    }
}
