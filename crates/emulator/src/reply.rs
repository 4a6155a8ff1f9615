//! What every route shares: Clerk's error bodies, reading a JSON body and a query, and
//! listing with `limit`/`offset`/`order_by`.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

/// A Clerk error answer: `{"errors":[{message,long_message,code,meta}],"clerk_trace_id"}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    long_message: String,
    param: Option<String>,
}

pub type Reply = Result<Response, ApiError>;

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: &str, long: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            code,
            message: message.into(),
            long_message: long.into(),
            param: None,
        }
    }

    /// Names the parameter at fault (`meta.param_name`).
    pub fn param(mut self, name: &str) -> Self {
        self.param = Some(name.into());
        self
    }

    /// The sentence a person reads.
    pub fn text(&self) -> String {
        self.long_message.clone()
    }

    pub fn not_found() -> Self {
        ApiError::new(404, "resource_not_found", "not found", "Resource not found")
    }

    pub fn unauthorized() -> Self {
        ApiError::new(
            401,
            "authentication_invalid",
            "Invalid authentication",
            "Unable to authenticate the request, you need to supply an active API key",
        )
    }

    pub fn missing(param: &str) -> Self {
        ApiError::new(
            422,
            "form_param_missing",
            "missing required parameter",
            format!("{param} must be included."),
        )
        .param(param)
    }

    pub fn invalid(param: &str, long: impl Into<String>) -> Self {
        ApiError::new(422, "form_param_format_invalid", "is invalid", long).param(param)
    }

    pub fn taken(param: &str, what: &str) -> Self {
        let message = format!("That {what} is taken. Please try another.");
        ApiError::new(422, "form_identifier_exists", &message, message.clone()).param(param)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({
            "message": self.message,
            "long_message": self.long_message,
            "code": self.code,
        });
        if let Some(p) = self.param {
            error["meta"] = json!({ "param_name": p });
        }
        let body = json!({ "errors": [error], "clerk_trace_id": trace_id() });
        (self.status, json_headers(), body.to_string()).into_response()
    }
}

pub fn trace_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("emulator-{:016x}", N.fetch_add(1, Ordering::Relaxed))
}

fn json_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "application/json")]
}

/// 200 with a JSON body.
pub fn ok(body: Value) -> Reply {
    Ok((StatusCode::OK, json_headers(), body.to_string()).into_response())
}

/// `{object, id, deleted: true}`.
pub fn deleted(object: &str, id: &str) -> Reply {
    ok(json!({ "object": object, "id": id, "deleted": true }))
}

/// Revokes a pending record (invitations, sign-in tokens); one that is not pending is a
/// 400 saying what it is.
pub fn revoke_pending(
    status: &mut String,
    updated_at: &mut i64,
    code: &'static str,
    what: &str,
) -> Result<(), ApiError> {
    if status != "pending" {
        return Err(ApiError::new(
            400,
            code,
            "not pending",
            format!("Only a pending {what} can be revoked; this one is {status}."),
        ));
    }
    *status = "revoked".into();
    *updated_at = super::store::now_ms();
    Ok(())
}

/// Removes the record with `id` from `records`; 404 when there is none.
pub fn remove_by_id<T>(
    records: &mut Vec<T>,
    id: &str,
    id_of: impl Fn(&T) -> &str,
) -> Result<(), ApiError> {
    let before = records.len();
    records.retain(|r| id_of(r) != id);
    if records.len() == before {
        return Err(ApiError::not_found());
    }
    Ok(())
}

/// A request's JSON body (empty or absent: no parameters).
pub struct Params(Map<String, Value>);

impl Params {
    pub fn parse(body: &[u8]) -> Result<Params, ApiError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Params(Map::new()));
        }
        match serde_json::from_slice(body) {
            Ok(Value::Object(map)) => Ok(Params(map)),
            _ => Err(ApiError::new(
                400,
                "malformed_request",
                "malformed request",
                "The request body must be a JSON object.",
            )),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.0.get(key).is_some_and(|v| !v.is_null())
    }

    /// A string parameter; absent or null is None, any other type is a 422.
    pub fn str(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ApiError::invalid(key, format!("{key} must be a string."))),
        }
    }

    pub fn required(&self, key: &str) -> Result<String, ApiError> {
        match self.str(key)? {
            Some(s) if !s.is_empty() => Ok(s),
            _ => Err(ApiError::missing(key)),
        }
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ApiError::invalid(key, format!("{key} must be a boolean."))),
        }
    }

    pub fn int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| ApiError::invalid(key, format!("{key} must be an integer."))),
        }
    }

    /// A string or an array of strings.
    pub fn strings(&self, key: &str) -> Result<Vec<String>, ApiError> {
        let bad = || ApiError::invalid(key, format!("{key} must be a list of strings."));
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(vec![]),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| v.as_str().map(str::to_string).ok_or_else(bad))
                .collect(),
            Some(_) => Err(bad()),
        }
    }

    /// A metadata object; a JSON string holding an object is accepted, as Clerk does.
    pub fn object(&self, key: &str) -> Result<Option<Map<String, Value>>, ApiError> {
        let bad = || ApiError::invalid(key, format!("{key} must be an object."));
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m.clone())),
            Some(Value::String(s)) => match serde_json::from_str(s) {
                Ok(Value::Object(m)) => Ok(Some(m)),
                _ => Err(bad()),
            },
            Some(_) => Err(bad()),
        }
    }
}

/// Metadata deep merge (PATCH …/metadata): objects merge key by key, `null` deletes.
pub fn merge(into: &mut Map<String, Value>, patch: Map<String, Value>) {
    for (k, v) in patch {
        match (into.get_mut(&k), v) {
            (_, Value::Null) => {
                into.remove(&k);
            }
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

/// A query string as pairs; `key[]` counts as `key`.
pub struct Query(pub Vec<(String, String)>);

impl Query {
    fn values<'q, 'k>(&'q self, key: &'k str) -> impl Iterator<Item = &'q str> + use<'q, 'k> {
        self.0
            .iter()
            .filter(move |(k, _)| k == key || k.strip_suffix("[]") == Some(key))
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, key: &str) -> Vec<&str> {
        self.values(key).collect()
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.values(key).next().filter(|v| !v.is_empty())
    }

    fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(ApiError::new(
                    400,
                    "invalid_query_parameter_value",
                    "is invalid",
                    format!("{key} must be an integer between 0 and {max}."),
                )
                .param(key)),
            },
        }
    }

    /// Sorts `items` by `order_by` (`-created_at`, `+name`, …) and cuts the page out;
    /// returns the page and the count before paging. Only the page gets rendered.
    pub fn page<'a, T: Listed>(
        &self,
        items: impl Iterator<Item = &'a T>,
        default_order: &str,
    ) -> Result<(Vec<&'a T>, usize), ApiError> {
        let limit = self.number("limit", 10, 500)?.max(1);
        let offset = self.number("offset", 0, usize::MAX)?;
        let order = self.get("order_by").unwrap_or(default_order);
        let (descending, field) = match order.as_bytes().first() {
            Some(b'-') => (true, &order[1..]),
            Some(b'+') => (false, &order[1..]),
            _ => (false, order),
        };
        // Records are kept in creation order, which breaks ties.
        let mut keyed: Vec<(Value, usize, &T)> = items
            .enumerate()
            .map(|(i, t)| (t.sort_value(field), i, t))
            .collect();
        keyed.sort_by(|(ka, ia, _), (kb, ib, _)| {
            let ord = compare(ka, kb).then(ia.cmp(ib));
            if descending {
                ord.reverse()
            } else {
                ord
            }
        });
        let total = keyed.len();
        let page = keyed
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(_, _, t)| t)
            .collect();
        Ok((page, total))
    }
}

/// A record a list can sort: the value of an `order_by` field (null if it has none).
pub trait Listed {
    fn sort_value(&self, field: &str) -> Value;
}

/// The `order_by` fields every record has.
pub fn timestamps(field: &str, created_at: i64, updated_at: i64) -> Value {
    match field {
        "created_at" => created_at.into(),
        "updated_at" => updated_at.into(),
        _ => Value::Null,
    }
}

/// Order of two JSON values of one field: numbers, then strings (case-insensitively);
/// null sorts last.
fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        _ => Ordering::Equal,
    }
}

/// `{data, total_count}` for the lists that carry a count.
pub fn counted<T>((page, total): (Vec<&T>, usize), render: impl Fn(&T) -> Value) -> Reply {
    let data: Vec<Value> = page.into_iter().map(render).collect();
    ok(json!({ "data": data, "total_count": total }))
}

/// A plain JSON array for the lists that do not.
pub fn plain<T>((page, _): (Vec<&T>, usize), render: impl Fn(&T) -> Value) -> Reply {
    ok(Value::Array(page.into_iter().map(render).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Rec(i64, &'static str);
    impl Listed for Rec {
        fn sort_value(&self, field: &str) -> Value {
            match field {
                "name" => self.1.into(),
                _ => timestamps(field, self.0, self.0),
            }
        }
    }

    fn query(pairs: &[(&str, &str)]) -> Query {
        Query(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn lists_sort_page_and_count() {
        let recs = [Rec(1, "b"), Rec(3, "a"), Rec(2, "C"), Rec(3, "d")];
        let names = |q: Query, default| {
            let (page, total) = q.page(recs.iter(), default).unwrap();
            (page.iter().map(|r| r.1).collect::<Vec<_>>(), total)
        };
        // Newest first; ties (same ms) keep the later record first.
        assert_eq!(
            names(query(&[]), "-created_at"),
            (vec!["d", "a", "C", "b"], 4)
        );
        assert_eq!(
            names(query(&[("order_by", "+name")]), "-created_at").0,
            vec!["a", "b", "C", "d"]
        );
        assert_eq!(
            names(query(&[("limit", "2"), ("offset", "1")]), "created_at").0,
            vec!["C", "a"]
        );
        assert!(query(&[("limit", "501")])
            .page(recs.iter(), "created_at")
            .is_err());
        assert!(query(&[("offset", "-1")])
            .page(recs.iter(), "created_at")
            .is_err());
        assert_eq!(
            query(&[("status[]", "a"), ("status", "b")]).all("status"),
            vec!["a", "b"]
        );
    }

    #[test]
    fn metadata_merges_deeply_and_null_deletes() {
        let mut into = json!({"a": 1, "n": {"x": 1, "y": 2}, "gone": true});
        let patch = json!({"b": 2, "n": {"y": null, "z": 3}, "gone": null});
        merge(
            into.as_object_mut().unwrap(),
            patch.as_object().unwrap().clone(),
        );
        assert_eq!(into, json!({"a": 1, "n": {"x": 1, "z": 3}, "b": 2}));
    }

    #[test]
    fn params_name_the_parameter_at_fault() {
        let p = Params::parse(br#"{"name": 1, "tags": ["a", 2], "meta": "{\"k\":1}"}"#).unwrap();
        assert_eq!(p.str("name").err().unwrap().param.as_deref(), Some("name"));
        assert!(p.strings("tags").is_err());
        assert_eq!(p.object("meta").unwrap().unwrap()["k"], 1);
        assert_eq!(
            p.required("missing").err().unwrap().code,
            "form_param_missing"
        );
        assert!(Params::parse(b"[1]").is_err());
        assert!(Params::parse(b"  ").unwrap().str("x").unwrap().is_none());
    }
}
