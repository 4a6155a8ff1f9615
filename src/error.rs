//! One error type for everything a Backend API call can fail with, encoded for the JS
//! shell, which turns it into v4's error classes (`ClerkAPIResponseError`, `Error`,
//! `TypeError`). No message here ever holds the secret key or a token.

use crate::endpoints::PreflightError;
use serde_json::{json, Map, Value};

/// v4's message, kept word for word: programs and tests match on it.
pub const MISSING_KEY: &str = "Missing Clerk Secret Key or API Key. Go to https://dashboard.clerk.com and get your key for your instance.";

#[derive(Debug)]
pub enum CallError {
    Preflight(PreflightError),
    MissingKey,
    /// The API URL does not parse: a TypeError naming the option to fix.
    InvalidUrl(String),
    /// A non-2xx answer.
    Api {
        status: u16,
        reason: String,
        trace_id: String,
        errors: Vec<Value>,
        retry_after: Option<f64>,
    },
    /// No usable answer (network failure, timeout, unparseable body): v4's
    /// `unexpected_error`, with the detail in a non-enumerable `cause`.
    Unexpected {
        message: String,
        trace_id: String,
        cause: Option<String>,
    },
}

/// v4's `parseError`: `{code, message, longMessage, meta: {paramName, sessionId}}`.
fn parse_error(e: &Value) -> Value {
    let get = |k: &str| e.get(k).cloned();
    let meta = e.get("meta");
    let meta_get = |k: &str| meta.and_then(|m| m.get(k)).cloned();
    let mut meta_out = Map::new();
    if let Some(v) = meta_get("param_name") {
        meta_out.insert("paramName".into(), v);
    }
    if let Some(v) = meta_get("session_id") {
        meta_out.insert("sessionId".into(), v);
    }
    let mut out = Map::new();
    for (js, key) in [
        ("code", "code"),
        ("message", "message"),
        ("longMessage", "long_message"),
    ] {
        if let Some(v) = get(key) {
            out.insert(js.into(), v);
        }
    }
    out.insert("meta".into(), Value::Object(meta_out));
    Value::Object(out)
}

/// The `errors` of an error body, and its `clerk_trace_id` when it is a string.
pub fn from_body(body: &Value) -> (Vec<Value>, Option<String>) {
    let errors = match body.get("errors") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|e| {
                if e.is_object() {
                    parse_error(e)
                } else {
                    json!({"meta": {}})
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let trace = body
        .get("clerk_trace_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    (errors, trace)
}

impl CallError {
    /// The envelope string the JS shell decodes.
    pub fn encode(&self) -> String {
        match self {
            CallError::Preflight(PreflightError::Plain(m)) => format!("P{m}"),
            CallError::Preflight(PreflightError::Type(m)) => format!("Y{m}"),
            CallError::MissingKey => format!("P{MISSING_KEY}"),
            CallError::InvalidUrl(m) => format!("Y{m}"),
            CallError::Api {
                status,
                reason,
                trace_id,
                errors,
                retry_after,
            } => {
                let mut v = json!({
                    "status": status,
                    "message": reason,
                    "clerkTraceId": trace_id,
                    "errors": errors,
                });
                if let Some(r) = retry_after {
                    v["retryAfter"] = json!(r);
                }
                format!("E{v}")
            }
            CallError::Unexpected {
                message,
                trace_id,
                cause,
            } => {
                let mut v = json!({
                    "status": "",
                    "message": "",
                    "clerkTraceId": trace_id,
                    "unexpected": message,
                });
                if let Some(c) = cause {
                    v["cause"] = json!(c);
                }
                format!("E{v}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_keep_v4_fields() {
        let (errors, trace) = from_body(&json!({
            "errors": [{"code": "form_param_format_invalid", "message": "is invalid",
                        "long_message": "long", "meta": {"param_name": "email_address", "x": 1}}],
            "clerk_trace_id": "trace_1"
        }));
        assert_eq!(trace.as_deref(), Some("trace_1"));
        assert_eq!(
            errors[0],
            json!({"code": "form_param_format_invalid", "message": "is invalid",
                   "longMessage": "long", "meta": {"paramName": "email_address"}})
        );
    }

    #[test]
    fn bodies_without_errors_give_none() {
        assert!(from_body(&json!({"message": "x"})).0.is_empty());
        assert!(from_body(&json!("text")).0.is_empty());
        assert_eq!(from_body(&json!({"clerk_trace_id": 5})).1, None);
    }

    #[test]
    fn missing_key_is_a_plain_error_with_v4_text() {
        assert!(CallError::MissingKey
            .encode()
            .starts_with("PMissing Clerk Secret Key"));
    }
}
