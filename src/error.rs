//! One error type for everything a Backend API call can fail with, encoded for the JS
//! shell, which turns it into v4's error classes (`ClerkAPIResponseError`, `Error`,
//! `TypeError`). No message here ever holds the secret key or a token.

use crate::endpoints::PreflightError;
use crate::resources::shape::{push_raw, Node};
use crate::resources::Payload;
use serde_json::json;

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
        /// The JSON text of the array of parsed errors (see `from_body`).
        errors: String,
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

/// v4's `parseError` of each item of `errors`, as the JSON text of an array:
/// `{code, message, longMessage, meta: {paramName, sessionId}}` (keys whose value is
/// undefined left out), and the body's `clerk_trace_id` when it is a string. Values are
/// copied as sent, at any depth.
pub fn from_body(body: &Payload) -> (String, Option<String>) {
    let Node::Object(root) = body.root() else {
        return ("[]".into(), None);
    };
    let mut out = Vec::with_capacity(256);
    out.push(b'[');
    if let Some(Node::Array(items)) = root.get("errors") {
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let Node::Object(e) = e else {
                out.extend_from_slice(br#"{"meta":{}}"#);
                continue;
            };
            out.push(b'{');
            for (js, key) in [
                ("code", "code"),
                ("message", "message"),
                ("longMessage", "long_message"),
            ] {
                if let Some(v) = e.get(key) {
                    out.extend_from_slice(format!("\"{js}\":").as_bytes());
                    push_raw(&mut out, v);
                    out.push(b',');
                }
            }
            out.extend_from_slice(br#""meta":{"#);
            if let Some(Node::Object(meta)) = e.get("meta") {
                let mut first = true;
                for (js, key) in [("paramName", "param_name"), ("sessionId", "session_id")] {
                    if let Some(v) = meta.get(key) {
                        if !first {
                            out.push(b',');
                        }
                        first = false;
                        out.extend_from_slice(format!("\"{js}\":").as_bytes());
                        push_raw(&mut out, v);
                    }
                }
            }
            out.extend_from_slice(b"}}");
        }
    }
    out.push(b']');
    let trace = match root.get("clerk_trace_id") {
        Some(Node::Str(t)) => Some(t.to_string()),
        _ => None,
    };
    (
        String::from_utf8(out).unwrap_or_else(|_| "[]".into()),
        trace,
    )
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
                // The errors go in as text: they hold answer values of any depth.
                let mut v = json!({
                    "status": status,
                    "message": reason,
                    "clerkTraceId": trace_id,
                });
                if let Some(r) = retry_after {
                    v["retryAfter"] = json!(r);
                }
                let head = v.to_string();
                format!("E{},\"errors\":{errors}}}", &head[..head.len() - 1])
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

    fn parsed(body: &str) -> (serde_json::Value, Option<String>) {
        let (errors, trace) = from_body(&Payload::parse(body).unwrap());
        (serde_json::from_str(&errors).unwrap(), trace)
    }

    #[test]
    fn api_errors_keep_v4_fields() {
        let (errors, trace) = parsed(
            &json!({
                "errors": [{"code": "form_param_format_invalid", "message": "is invalid",
                            "long_message": "long", "meta": {"param_name": "email_address", "x": 1}}],
                "clerk_trace_id": "trace_1"
            })
            .to_string(),
        );
        assert_eq!(trace.as_deref(), Some("trace_1"));
        assert_eq!(
            errors[0],
            json!({"code": "form_param_format_invalid", "message": "is invalid",
                   "longMessage": "long", "meta": {"paramName": "email_address"}})
        );
    }

    #[test]
    fn bodies_without_errors_give_none() {
        assert_eq!(parsed(r#"{"message": "x"}"#).0, json!([]));
        assert_eq!(parsed(r#""text""#).0, json!([]));
        assert_eq!(parsed(r#"{"clerk_trace_id": 5}"#).1, None);
        assert_eq!(parsed(r#"{"errors": [1]}"#).0, json!([{"meta": {}}]));
    }

    #[test]
    fn error_bodies_of_any_depth() {
        let n = 10_000;
        let deep = format!("{}{}", "[".repeat(n), "]".repeat(n));
        let body = format!(r#"{{"errors":[{{"code":"x","meta":{{"param_name":{deep}}}}}]}}"#);
        let (errors, _) = from_body(&Payload::parse(&body).unwrap());
        assert_eq!(
            errors,
            format!(r#"[{{"code":"x","meta":{{"paramName":{deep}}}}}]"#)
        );
        let e = CallError::Api {
            status: 422,
            reason: "Unprocessable".into(),
            trace_id: String::new(),
            errors,
            retry_after: None,
        };
        assert!(e.encode().ends_with(&format!(
            r#""errors":[{{"code":"x","meta":{{"paramName":{deep}}}}}]}}"#
        )));
    }

    #[test]
    fn missing_key_is_a_plain_error_with_v4_text() {
        assert!(CallError::MissingKey
            .encode()
            .starts_with("PMissing Clerk Secret Key"));
    }
}
