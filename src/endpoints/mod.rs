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

mod args;

pub use args::{Args, JsValue};

use crate::case::snake_case;
use crate::deep;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

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

fn arg(args: &[JsValue], a: Arg) -> Option<&JsValue> {
    match a {
        Arg::Pos(i) => args.get(i),
        Arg::Prop(i, key) => args.get(i).and_then(|v| v.get(key)),
    }
}

/// The JSON text JSON.stringify writes for `v` (never called on a value JSON leaves
/// out of an object: the caller skips those).
pub fn write_json(out: &mut String, v: &JsValue, depth: usize) {
    match v {
        JsValue::Undefined | JsValue::Hole | JsValue::Null | JsValue::NonFinite(_) => {
            out.push_str("null")
        }
        JsValue::Date { json: None, .. } => out.push_str("null"),
        JsValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        JsValue::Number(n) => out.push_str(&n.to_string()),
        JsValue::String(s) | JsValue::Date { json: Some(s), .. } => write_str(out, s),
        JsValue::Array(items) => deep::grow(depth, || {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item, depth + 1);
            }
            out.push(']');
        }),
        JsValue::Object(entries) => deep::grow(depth, || {
            write_object(out, entries.iter().map(|(k, v)| (k.as_str(), v)), depth)
        }),
    }
}

/// `{"key":value,...}`, leaving out what JSON.stringify leaves out.
fn write_object<'v>(
    out: &mut String,
    entries: impl Iterator<Item = (&'v str, &'v JsValue)>,
    depth: usize,
) {
    out.push('{');
    let mut first = true;
    for (k, v) in entries {
        if v.is_absent_in_json() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        write_str(out, k);
        out.push(':');
        write_json(out, v, depth + 1);
    }
    out.push('}');
}

fn write_str(out: &mut String, s: &str) {
    // Writing a str to JSON text cannot fail.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

/// `String(value)` for the values a caller can pass.
pub fn js_string(v: &JsValue) -> String {
    let mut out = String::new();
    push_js_string(&mut out, v, 0);
    out
}

fn push_js_string(out: &mut String, v: &JsValue, depth: usize) {
    match v {
        JsValue::Undefined | JsValue::Hole => out.push_str("undefined"),
        JsValue::Null => out.push_str("null"),
        JsValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        JsValue::Number(n) => out.push_str(&js_number(n)),
        JsValue::NonFinite(s) | JsValue::String(s) | JsValue::Date { text: s, .. } => {
            out.push_str(s)
        }
        // Array.prototype.join: null and undefined elements are empty.
        JsValue::Array(items) => deep::grow(depth, || {
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !matches!(x, JsValue::Null | JsValue::Undefined | JsValue::Hole) {
                    push_js_string(out, x, depth + 1);
                }
            }
        }),
        JsValue::Object(_) => out.push_str("[object Object]"),
    }
}

/// `String(n)` of a finite JS number.
fn js_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let a = f.abs();
    if a >= 1e21 || (a < 1e-6 && a != 0.0) {
        // JS writes these as shortest digits with an exponent: 1e+21, 1.5e-7.
        let e = format!("{f:e}");
        match e.split_once('e') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}e+{x}"),
            _ => e,
        }
    } else if f.fract() == 0.0 {
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

fn push_segment(path: &mut String, value: &JsValue) -> Result<(), PreflightError> {
    let s = js_string(value);
    // `.` and `..` would be resolved away by URL parsing even when escaped (S3).
    if s == "." || s == ".." {
        return Err(PreflightError::Plain(REQUIRE_ID.into()));
    }
    path.push('/');
    path.extend(utf8_percent_encode(&s, SEGMENT));
    Ok(())
}

fn destructure_error(args: &[JsValue], i: usize, first_key: &str) -> Option<PreflightError> {
    let what = match args.get(i) {
        None | Some(JsValue::Undefined) => "undefined",
        Some(JsValue::Null) => "null",
        _ => return None,
    };
    Some(PreflightError::Type(format!(
        "Cannot destructure property '{first_key}' of 'params' as it is {what}."
    )))
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

/// Keys snake-cased as snakecase-keys does, in order: two keys that become one keep the
/// first one's place and the last one's value.
fn snake_keys<'v>(
    entries: impl Iterator<Item = (&'v str, &'v JsValue)>,
) -> Vec<(String, &'v JsValue)> {
    let mut out: Vec<(String, &JsValue)> = Vec::new();
    for (k, v) in entries {
        let key = snake_case(k);
        match out.iter_mut().find(|(existing, _)| *existing == key) {
            Some(slot) => slot.1 = v,
            None => out.push((key, v)),
        }
    }
    out
}

/// v4's query: each truthy value is appended, `[val].flat()` (one level of arrays becomes
/// repeated keys; holes are skipped).
fn query_pairs(keys: Vec<(String, &JsValue)>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, v) in keys {
        if !v.truthy() {
            continue;
        }
        match v {
            JsValue::Array(items) => {
                for item in items.iter().filter(|x| !matches!(x, JsValue::Hole)) {
                    out.push((key.clone(), js_string(item)));
                }
            }
            other => out.push((key, js_string(other))),
        }
    }
    out
}

/// The query of an object argument.
fn object_query(v: Option<&JsValue>) -> Vec<(String, String)> {
    match v {
        Some(JsValue::Object(m)) => query_pairs(snake_keys(m.iter().map(|(k, v)| (k.as_str(), v)))),
        _ => Vec::new(),
    }
}

/// A JSON body of these entries, top-level keys snake-cased, leaving out what JSON
/// leaves out.
fn snake_body<'v>(entries: impl Iterator<Item = (&'v str, &'v JsValue)>) -> String {
    let keys = snake_keys(entries);
    let mut out = String::with_capacity(64);
    write_object(&mut out, keys.iter().map(|(k, v)| (k.as_str(), *v)), 0);
    out
}

/// `bodyParams` sent as a whole: only when it has an own key (one holding undefined
/// counts: `Object.keys(bodyParams).length > 0`) and the method is not GET.
fn whole_body(method: Method, v: Option<&JsValue>) -> BuiltBody {
    match v {
        Some(JsValue::Object(m)) if !m.is_empty() && method != Method::Get => {
            BuiltBody::Json(snake_body(m.iter().map(|(k, v)| (k.as_str(), v))))
        }
        _ => BuiltBody::None,
    }
}

/// v4's raw `request({ method, path, queryParams, bodyParams })` (the own `request` of
/// every sub-API object): the path as given, the query and body by the same rules.
pub fn build_raw(
    method: Method,
    path: &str,
    query: Option<&JsValue>,
    body: Option<&JsValue>,
) -> Built {
    Built {
        path: path.to_string(),
        query: object_query(query),
        body: whole_body(method, body),
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
    args: &[JsValue],
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

/// Validates the arguments and builds the path, query and body, exactly in v4's order:
/// destructuring, then `requireId`, then (by the caller) the key check.
pub fn build(e: &Endpoint, args: &[JsValue]) -> Result<Built, PreflightError> {
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
                Some(v) if v.truthy() => push_segment(&mut path, v)?,
                _ => return Err(PreflightError::Plain(REQUIRE_ID.into())),
            },
            Seg::Opt(a) => {
                if let Some(v) = arg(args, a).filter(|v| v.truthy()) {
                    push_segment(&mut path, v)?;
                }
            }
            Seg::OrgIdOrSlug => {
                let params = match args.first() {
                    Some(p @ JsValue::Object(_)) => p,
                    other => {
                        let what = if matches!(other, Some(JsValue::Null)) {
                            "null"
                        } else {
                            "undefined"
                        };
                        return Err(PreflightError::Type(format!(
                            "Cannot use 'in' operator to search for 'organizationId' in {what}"
                        )));
                    }
                };
                // `'organizationId' in params`: a key holding undefined is in.
                let v = params.get("organizationId").or_else(|| params.get("slug"));
                match v {
                    Some(v) if v.truthy() => push_segment(&mut path, v)?,
                    _ => return Err(PreflightError::Plain(REQUIRE_ID.into())),
                }
            }
        }
    }

    let query = match e.query {
        Query::None => Vec::new(),
        Query::All(i) => object_query(args.get(i)),
        Query::Keys(i, keys) => query_pairs(snake_keys(
            keys.iter()
                .filter_map(|k| arg(args, Arg::Prop(i, k)).map(|v| (*k, v))),
        )),
    };

    let body = match e.body {
        Body::None => BuiltBody::None,
        Body::All(i) => whole_body(e.method, args.get(i)),
        Body::Keys(i, keys) => BuiltBody::Json(snake_body(
            keys.iter()
                .filter_map(|k| arg(args, Arg::Prop(i, k)).map(|v| (*k, v))),
        )),
        Body::Literal(fields) => BuiltBody::Json(snake_body(
            fields
                .iter()
                .filter_map(|(k, a)| arg(args, *a).map(|v| (*k, v))),
        )),
        Body::Rest(i, without) => {
            // `const { organizationId, ...rest } = params`: sent when a key is left (one
            // holding undefined counts, as for any `bodyParams`).
            let rest: Vec<(&str, &JsValue)> = match args.get(i) {
                Some(JsValue::Object(m)) => m
                    .iter()
                    .filter(|(k, _)| !without.contains(&k.as_str()))
                    .map(|(k, v)| (k.as_str(), v))
                    .collect(),
                _ => Vec::new(),
            };
            if rest.is_empty() {
                BuiltBody::None
            } else {
                BuiltBody::Json(snake_body(rest.into_iter()))
            }
        }
        Body::Multipart(i, fields) => BuiltBody::Multipart(
            fields
                .iter()
                .map(|(wire, js)| {
                    let text = match arg(args, Arg::Prop(i, js)) {
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

impl Built {
    /// v4's request URL: `joinPaths(apiUrl, apiVersion, path)` (empty parts dropped, runs
    /// of `/` collapsed but not the `//` after a scheme), then the query appended as
    /// URLSearchParams would. `what` names the method in the error for a bad apiUrl.
    pub fn url(
        &self,
        api_url: &str,
        api_version: &str,
        what: &str,
    ) -> Result<reqwest::Url, String> {
        let joined = [api_url, api_version, self.path.as_str()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("/");
        let mut collapsed = String::with_capacity(joined.len());
        let mut prev = '\0';
        let mut prev2 = '\0';
        for c in joined.chars() {
            if c == '/' && prev == '/' && prev2 != ':' {
                continue;
            }
            // Keep "scheme://" intact: only the slash right after ':' may be followed by one more.
            prev2 = if c == '/' && prev == '/' { ':' } else { prev };
            prev = c;
            collapsed.push(c);
        }
        let mut url = reqwest::Url::parse(&collapsed).map_err(|_| {
            format!(
                "Invalid Clerk API URL {api_url:?} for {what}(): set CLERK_API_URL or the apiUrl option to an absolute URL such as https://api.clerk.com"
            )
        })?;
        if !self.query.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in &self.query {
                q.append_pair(k, v);
            }
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn find(api: &str, name: &str) -> &'static Endpoint {
        all().find(|e| e.api == api && e.name == name).unwrap()
    }

    fn built(api: &str, name: &str, args: Value) -> Result<Built, PreflightError> {
        marked(api, name, args, "[]")
    }

    /// `args` as the shell sends them, with `marks` (see `args.rs`) beside them.
    fn marked(api: &str, name: &str, args: Value, marks: &str) -> Result<Built, PreflightError> {
        let args = Args::parse(&args.to_string(), Some(marks)).unwrap();
        build(find(api, name), &args.values)
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
        // verifyClient(undefined): `{ token }` with token undefined.
        let b = marked("clients", "verifyClient", json!([null]), "[[1,0,\"\"]]").unwrap();
        assert_eq!(b.body, BuiltBody::Json("{}".into()));
        // A key holding undefined still sends a body.
        let b = marked(
            "users",
            "updateUser",
            json!(["user_1", {"firstName": null}]),
            "[[3,0,\"\"]]",
        )
        .unwrap();
        assert_eq!(b.body, BuiltBody::Json("{}".into()));
        // `'organizationId' in params` holds for a key holding undefined.
        assert_eq!(
            marked(
                "organizations",
                "getOrganization",
                json!([{"organizationId": null, "slug": "acme"}]),
                "[[2,0,\"\"]]"
            ),
            Err(PreflightError::Plain(REQUIRE_ID.into()))
        );
        // {publicMetadata: {a: undefined, b: [undefined, 1]}}
        let b = marked(
            "users",
            "createUser",
            json!([{"publicMetadata": {"a": null, "b": [null, 1]}}]),
            "[[3,0,\"\"],[5,0,\"\"]]",
        )
        .unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Json(r#"{"public_metadata":{"b":[null,1]}}"#.into())
        );
    }

    #[test]
    fn caller_strings_and_keys_are_never_read_as_marks() {
        let b = built(
            "users",
            "getUserList",
            json!([{"emailAddress": ["\u{0}undefined"], "query": "\u{0}undefined"}]),
        )
        .unwrap();
        assert_eq!(
            b.query,
            vec![
                ("email_address".to_string(), "\u{0}undefined".to_string()),
                ("query".to_string(), "\u{0}undefined".to_string())
            ]
        );
        let meta = json!({"\u{0}date": "x", "string": "y", "role": "member"});
        let b = built("users", "createUser", json!([{"publicMetadata": meta}])).unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Json(format!(r#"{{"public_metadata":{meta}}}"#))
        );
    }

    #[test]
    fn dates_are_iso_in_bodies_and_strings_in_queries() {
        let d = json!("2024-01-01T00:00:00.000Z");
        let marks = "[[2,2,\"Mon Jan 01 2024\"]]";
        let b = marked("users", "getUserList", json!([{"createdAfter": d}]), marks).unwrap();
        assert_eq!(
            b.query,
            vec![("created_after".to_string(), "Mon Jan 01 2024".to_string())]
        );
        let b = marked("users", "createUser", json!([{"createdAt": d}]), marks).unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Json(r#"{"created_at":"2024-01-01T00:00:00.000Z"}"#.into())
        );
    }

    #[test]
    fn bodies_and_queries_of_any_depth() {
        let n = 20_000;
        let deep = format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let args =
            Args::parse(&format!(r#"["user_1",{{"publicMetadata":{deep}}}]"#), None).unwrap();
        let b = build(find("users", "updateUserMetadata"), &args.values).unwrap();
        assert_eq!(
            b.body,
            BuiltBody::Json(format!(r#"{{"public_metadata":{deep}}}"#))
        );
        let args = Args::parse(&format!(r#"[{{"userId":"u","status":{deep}}}]"#), None).unwrap();
        let b = build(find("sessions", "getSessionList"), &args.values).unwrap();
        assert_eq!(b.query[0], ("user_id".to_string(), "u".to_string()));
        assert_eq!(b.query[1], ("status".to_string(), "1".to_string()));
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
        let args = Args::parse(r#"[{"limit": 10, "offset": 3, "orderBy": "x"}]"#, None).unwrap();
        let b = build_page(e, &args.values, 10, 20).unwrap();
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
        let s = |json: &str| js_string(&Args::parse(json, None).unwrap().values[0]);
        assert_eq!(s("[1.0]"), "1");
        assert_eq!(s("[1.5]"), "1.5");
        assert_eq!(s("[1e21]"), "1e+21");
        assert_eq!(s("[1.5e-7]"), "1.5e-7");
        assert_eq!(s("[true]"), "true");
        assert_eq!(s(r#"[{"a": 1}]"#), "[object Object]");
        assert_eq!(s("[[1, null, [2, 3]]]"), "1,,2,3");
    }
}
