//! The HTTP core: one pooled reqwest client on napi's tokio runtime. Sends one Backend API
//! call with v4's headers, a timeout per attempt (S4), retries for idempotent calls (A1),
//! and a `CLERK_LOGGING` line per attempt (D4) that never holds a key or a token.

use crate::config::Resolved;
use crate::endpoints::Method;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT,
};
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

/// A1: the most a call waits between attempts, in total.
const RETRY_BUDGET: Duration = Duration::from_secs(10);
const BACKOFF_BASE: Duration = Duration::from_millis(250);
const BACKOFF_CAP: Duration = Duration::from_secs(4);
/// S12: the largest API answer read; a longer one is refused while it streams.
pub const API_ANSWER_LIMIT: usize = 64 * 1024 * 1024;

/// The process-wide client. Built on the JS thread (see `warm`), so reading the proxy
/// environment never races Node's `setenv`.
pub fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            // Follow a redirect only within the same origin, so the secret key never
            // travels to another host.
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                let same_origin = attempt
                    .previous()
                    .first()
                    .is_some_and(|first| first.origin() == attempt.url().origin());
                if same_origin && attempt.previous().len() < 5 {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            }))
            .pool_idle_timeout(Duration::from_secs(30))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new())
    })
}

/// A file part of a multipart body.
#[derive(Clone)]
pub struct FilePart {
    pub bytes: bytes::Bytes,
    pub filename: String,
    pub content_type: String,
}

pub enum Payload {
    /// No body (sent with `Content-Type: application/json`, as v4's API client does).
    None,
    /// No body and no `Content-Type` of the SDK's own (key fetches set theirs).
    Bare,
    Json(String),
    Multipart {
        fields: Vec<(String, String)>,
        file: Option<FilePart>,
    },
}

pub struct Call {
    pub method: Method,
    pub url: reqwest::Url,
    pub payload: Payload,
    pub settings: Resolved,
}

/// An HTTP answer, whatever its status.
pub struct Reply {
    pub status: u16,
    /// The reason phrase as received (v4 uses it as the error message).
    pub reason: String,
    pub content_type: Option<String>,
    pub cf_ray: Option<String>,
    /// `Retry-After`, in seconds.
    pub retry_after: Option<f64>,
    pub body: bytes::Bytes,
}

/// A call that got no complete answer.
#[derive(Debug)]
pub enum Failure {
    /// The attempt took longer than the configured timeout.
    Timeout(Duration),
    /// No answer at all (refused, reset, DNS, TLS): the detail is for the `cause`.
    Network(String),
    /// The answer broke off while its body was read.
    Body(String),
    /// The answer is longer than the limit in bytes (S12): refused, not read further.
    TooLarge(usize),
}

/// A byte count as the error messages name it (`64 MB`, `1 MB`, or bytes).
pub fn size_name(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}

fn header_value(s: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(s).ok()
}

fn build(call: &Call) -> reqwest::RequestBuilder {
    let method = match call.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Patch => reqwest::Method::PATCH,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    };
    let s = &call.settings;
    // httpOptions headers first; the SDK's own headers win on the same name, as in v4.
    let mut headers = HeaderMap::with_capacity(s.headers.len() + 3);
    for (name, value) in &s.headers {
        if let (Ok(n), Some(v)) = (HeaderName::from_bytes(name.as_bytes()), header_value(value)) {
            headers.insert(n, v);
        }
    }
    if let Some(key) = &s.key {
        if let Some(mut v) = header_value(&format!("Bearer {key}")) {
            v.set_sensitive(true);
            headers.insert(AUTHORIZATION, v);
        }
    }
    if let Some(v) = header_value(&s.user_agent) {
        headers.insert(USER_AGENT, v);
    }
    let mut req = client()
        .request(method, call.url.clone())
        .timeout(s.timeout);
    match &call.payload {
        Payload::None => {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Payload::Bare => {}
        Payload::Json(body) => {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            req = req.body(body.clone());
        }
        Payload::Multipart { fields, file } => {
            headers.remove(CONTENT_TYPE);
            let mut form = reqwest::multipart::Form::new();
            if let Some(file) = file {
                let part = reqwest::multipart::Part::stream(file.bytes.clone())
                    .file_name(file.filename.clone());
                let part = part.mime_str(&file.content_type).unwrap_or_else(|_| {
                    reqwest::multipart::Part::stream(file.bytes.clone())
                        .file_name(file.filename.clone())
                });
                form = form.part("file", part);
            }
            for (name, value) in fields {
                form = form.text(name.clone(), value.clone());
            }
            req = req.multipart(form);
        }
    }
    req.headers(headers)
}

/// Seconds from a `Retry-After` value: delta-seconds or an HTTP date.
pub fn parse_retry_after(v: &str) -> Option<f64> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then_some(secs);
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .map(|d| d.as_secs_f64().ceil())
            .unwrap_or(0.0),
    )
}

/// The body, read chunk by chunk: memory stays bounded by `limit` whatever the server
/// sends (a declared length over it is refused before anything is read).
async fn read_capped(
    mut res: reqwest::Response,
    limit: usize,
    timeout: Duration,
) -> Result<bytes::Bytes, Failure> {
    if res.content_length().is_some_and(|n| n > limit as u64) {
        return Err(Failure::TooLarge(limit));
    }
    let broke = |e: reqwest::Error| {
        if e.is_timeout() {
            Failure::Timeout(timeout)
        } else {
            Failure::Body(describe(&e))
        }
    };
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = res.chunk().await.map_err(broke)? {
        if body.len() + chunk.len() > limit {
            return Err(Failure::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

async fn attempt(call: &Call, limit: usize) -> Result<Reply, Failure> {
    let timeout = call.settings.timeout;
    let res = build(call).send().await.map_err(|e| {
        if e.is_timeout() {
            Failure::Timeout(timeout)
        } else {
            Failure::Network(describe(&e))
        }
    })?;
    let status = res.status();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type");
    let cf_ray = header("cf-ray");
    let retry_after = header("retry-after").and_then(|v| parse_retry_after(&v));
    let reason = match res.extensions().get::<hyper::ext::ReasonPhrase>() {
        Some(r) => String::from_utf8_lossy(r.as_bytes()).into_owned(),
        None => status.canonical_reason().unwrap_or("").to_string(),
    };
    let body = read_capped(res, limit, timeout).await?;
    Ok(Reply {
        status: status.as_u16(),
        reason,
        content_type,
        cf_ray,
        retry_after,
        body,
    })
}

/// The error chain of a reqwest error, without the URL (which may carry ids, never keys).
fn describe(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.dedup();
    if parts.is_empty() {
        "the connection failed".to_string()
    } else {
        parts.join(": ")
    }
}

fn retryable(method: Method, outcome: &Result<Reply, Failure>) -> bool {
    if !matches!(method, Method::Get | Method::Delete) {
        return false;
    }
    match outcome {
        Ok(r) => matches!(r.status, 429 | 502 | 503 | 504),
        // A timed-out attempt is not retried (A1); nor is an answer that broke off.
        Err(Failure::Network(_)) => true,
        Err(_) => false,
    }
}

fn jitter(max: Duration) -> Duration {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0);
    let r = h.finish() as f64 / u64::MAX as f64;
    max.mul_f64(r)
}

fn log_line(call: &Call, attempt: u32, started: Instant, outcome: &Result<Reply, Failure>) {
    let ms = started.elapsed().as_millis();
    let path = call.url.path();
    let retry = if attempt > 0 {
        format!(" (retry {attempt})")
    } else {
        String::new()
    };
    let what = match outcome {
        Ok(r) => {
            let trace = r
                .cf_ray
                .as_deref()
                .map(|t| format!(" trace={t}"))
                .unwrap_or_default();
            format!("{} {}ms{trace}", r.status, ms)
        }
        Err(Failure::Timeout(t)) => format!("timeout after {}ms", t.as_millis()),
        Err(Failure::Network(d)) | Err(Failure::Body(d)) => format!("failed {ms}ms ({d})"),
        Err(Failure::TooLarge(limit)) => {
            format!("refused {ms}ms (answer over {})", size_name(*limit))
        }
    };
    eprintln!("[clerk] {} {path}{retry} -> {what}", call.method.as_str());
}

/// Sends the call, retrying as A1 allows. The last outcome is returned.
pub async fn send(call: Call) -> Result<Reply, Failure> {
    send_limited(call, API_ANSWER_LIMIT).await
}

/// `send`, refusing an answer longer than `limit` bytes.
pub async fn send_limited(call: Call, limit: usize) -> Result<Reply, Failure> {
    let mut waited = Duration::ZERO;
    let mut n = 0u32;
    loop {
        let started = Instant::now();
        let outcome = attempt(&call, limit).await;
        if call.settings.logging {
            log_line(&call, n, started, &outcome);
        }
        if n >= call.settings.max_retries || !retryable(call.method, &outcome) {
            return outcome;
        }
        let backoff = jitter(BACKOFF_CAP.min(BACKOFF_BASE * 2u32.pow(n + 1)));
        // At least what Retry-After asks for (a value too large for a Duration is past
        // any budget), and never less than the backoff.
        let wait = match &outcome {
            Ok(r) => match r.retry_after {
                Some(secs) => Duration::try_from_secs_f64(secs)
                    .unwrap_or(Duration::MAX)
                    .max(backoff),
                None => backoff,
            },
            Err(_) => backoff,
        };
        if waited.saturating_add(wait) > RETRY_BUDGET {
            return outcome;
        }
        tokio::time::sleep(wait).await;
        waited += wait;
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("1"), Some(1.0));
        assert_eq!(parse_retry_after(" 2.5 "), Some(2.5));
        assert_eq!(parse_retry_after("-1"), None);
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let secs = parse_retry_after(&soon).unwrap();
        assert!((29.0..=31.0).contains(&secs), "{secs}");
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(0.0)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn jitter_stays_within_its_bound() {
        for _ in 0..100 {
            assert!(jitter(Duration::from_millis(500)) <= Duration::from_millis(500));
        }
    }
}
