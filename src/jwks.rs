//! JWKS caches, one per key source (S2): the Backend API's `/jwks` of one API URL,
//! version and secret key, or a frontend API's `/.well-known/jwks.json`. A known kid is
//! served for 5 minutes, then refetched; an unknown kid refetches at most once per 5
//! minutes; when a refetch fails, the keys already held are still served. At most
//! `MAX_SOURCES` sources are held: the least recently used go first, so the keys of
//! clients that are gone do not stay forever.

use crate::config::Resolved;
use crate::http::{self, Call, Payload};
use crate::jwt::{TokenError, CONTACT_SUPPORT};
use crate::keys::RsaKey;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

pub const TTL: Duration = Duration::from_secs(5 * 60);
/// JWKS fetches are on the request path: bounded tighter than API calls.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// S12: the largest JWKS answer read (Clerk's is a few KB).
pub const ANSWER_LIMIT: usize = 1024 * 1024;
/// The most key sources (API URL, version, secret key) held at once.
const MAX_SOURCES: usize = 1024;

/// Changes whenever keys held for a source are replaced or dropped: a verification
/// remembered under the old keys (token cache, middleware memo) is done afresh, so a key
/// that a refetch no longer lists stops verifying remembered tokens too.
static EPOCH: AtomicU64 = AtomicU64::new(0);

pub fn epoch() -> u64 {
    EPOCH.load(Ordering::Acquire)
}

/// Where a set of keys comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    pub url: String,
    /// The secret key sent as `Authorization: Bearer` (Backend API only).
    pub secret_key: Option<String>,
}

#[derive(Default)]
struct Entry {
    keys: HashMap<String, Arc<RsaKey>>,
    /// The last successful fetch.
    fetched_at: Option<Instant>,
    /// The last attempt, successful or not.
    attempted_at: Option<Instant>,
    last_error: Option<TokenError>,
    /// When it was last looked up or filled (a tick of `Caches::clock`).
    used: u64,
}

#[derive(Default)]
struct Caches {
    entries: HashMap<Source, Entry>,
    clock: u64,
}

impl Caches {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// The entry of `source`, made room for: when full, the least recently used eighth goes.
    fn entry(&mut self, source: Source) -> &mut Entry {
        if self.entries.len() >= MAX_SOURCES && !self.entries.contains_key(&source) {
            let mut ages: Vec<u64> = self.entries.values().map(|e| e.used).collect();
            let cut = MAX_SOURCES / 8;
            let (_, oldest_kept, _) = ages.select_nth_unstable(cut);
            let oldest_kept = *oldest_kept;
            self.entries.retain(|_, e| e.used >= oldest_kept);
            EPOCH.fetch_add(1, Ordering::AcqRel);
        }
        let now = self.tick();
        let entry = self.entries.entry(source).or_default();
        entry.used = now;
        entry
    }
}

fn caches() -> &'static Mutex<Caches> {
    static C: OnceLock<Mutex<Caches>> = OnceLock::new();
    C.get_or_init(Default::default)
}

/// Empties every source's cache (see `verify::forget_key_caches`).
pub fn forget_all() {
    if let Ok(mut c) = caches().lock() {
        c.entries.clear();
    }
}

pub enum Lookup {
    Found(Arc<RsaKey>),
    /// The keys must be (re)fetched first.
    Fetch,
    Missing(TokenError),
}

/// Finds `kid` for `source`. `after_fetch`: a fetch was just attempted, so serve what is
/// held (even stale) rather than asking for another.
pub fn lookup(source: &Source, kid: &str, skip_cache: bool, after_fetch: bool) -> Lookup {
    let Ok(mut caches) = caches().lock() else {
        return Lookup::Fetch;
    };
    let tick = caches.tick();
    let entry = caches.entries.get_mut(source).map(|e| {
        e.used = tick;
        &*e
    });
    let now = Instant::now();
    let fresh = |e: &Entry| e.fetched_at.is_some_and(|t| now.duration_since(t) < TTL);
    let recently_tried = |e: &Entry| e.attempted_at.is_some_and(|t| now.duration_since(t) < TTL);
    match entry {
        Some(e) if after_fetch => match e.keys.get(kid) {
            Some(k) => Lookup::Found(k.clone()),
            None => Lookup::Missing(e.last_error.clone().unwrap_or_else(|| missing(kid))),
        },
        None if after_fetch => Lookup::Missing(missing(kid)),
        Some(e) if !skip_cache => match e.keys.get(kid) {
            Some(k) if fresh(e) => Lookup::Found(k.clone()),
            Some(_) => Lookup::Fetch,
            None if recently_tried(e) => {
                Lookup::Missing(e.last_error.clone().unwrap_or_else(|| missing(kid)))
            }
            None => Lookup::Fetch,
        },
        _ => Lookup::Fetch,
    }
}

/// How long `source`'s keys are served without a refetch, from now (zero when they are
/// not held): a verification is remembered no longer than a fresh one would use them.
pub fn fresh_for(source: &Source) -> Duration {
    caches()
        .lock()
        .ok()
        .and_then(|c| c.entries.get(source).and_then(|e| e.fetched_at))
        .map(|t| TTL.saturating_sub(t.elapsed()))
        .unwrap_or(Duration::ZERO)
}

/// v4's message, without the list of cached kids (S2).
fn missing(kid: &str) -> TokenError {
    TokenError::new(
        "jwk-remote-missing",
        format!("Unable to find a signing key in JWKS that matches the kid='{kid}' of the provided session token. Please make sure that the __session cookie or the HTTP authorization header contain a Clerk-generated session JWT."),
    )
    .with_action(CONTACT_SUPPORT)
}

fn failed_to_load(url: &str, status: impl std::fmt::Display) -> TokenError {
    TokenError::new(
        "jwk-remote-failed-to-load",
        format!("Error loading Clerk JWKS from {url} with code={status}"),
    )
    .with_action(CONTACT_SUPPORT)
}

/// Parses a JWKS document into keys by kid (keys that are not RSA are skipped; keys whose
/// `use` or `key_ops` forbid verifying are kept, and refuse to verify, as in v4).
pub fn parse(doc: &Value) -> HashMap<String, Arc<RsaKey>> {
    let mut out = HashMap::new();
    if let Some(keys) = doc.get("keys").and_then(Value::as_array) {
        for k in keys {
            let Some(kid) = k.get("kid").and_then(Value::as_str) else {
                continue;
            };
            if k.get("kty").and_then(Value::as_str).unwrap_or("RSA") != "RSA" {
                continue;
            }
            if let Ok(key) = RsaKey::from_jwk_value(k) {
                out.insert(kid.to_string(), Arc::new(key));
            }
        }
    }
    out
}

/// The one request of a key fetch, with v4's headers (its `fetch` of the JWKS, not its
/// API client): `Authorization` and `Content-Type: application/json` for the Backend
/// API, neither for a frontend API; undici's `user-agent: node`, `accept-language: *`
/// and `sec-fetch-mode: cors` for both.
fn key_fetch(source: &Source, settings: &Resolved, url: reqwest::Url) -> Call {
    let mut settings = settings.clone();
    settings.key = source.secret_key.clone();
    settings.timeout = settings.timeout.min(FETCH_TIMEOUT);
    settings.user_agent = "node".into();
    settings.headers = vec![
        ("accept-language".into(), "*".into()),
        ("sec-fetch-mode".into(), "cors".into()),
    ];
    if source.secret_key.is_some() {
        settings
            .headers
            .push(("content-type".into(), "application/json".into()));
    }
    Call {
        method: crate::endpoints::Method::Get,
        url,
        payload: Payload::Bare,
        settings,
    }
}

async fn download(
    source: &Source,
    settings: &Resolved,
) -> Result<HashMap<String, Arc<RsaKey>>, TokenError> {
    let url =
        reqwest::Url::parse(&source.url).map_err(|_| failed_to_load(&source.url, "invalid-url"))?;
    let call = key_fetch(source, settings, url);
    let reply = http::send_limited(call, ANSWER_LIMIT)
        .await
        .map_err(|f| match f {
            http::Failure::Timeout(_) => failed_to_load(&source.url, "timeout"),
            http::Failure::Network(_) | http::Failure::Body(_) => {
                failed_to_load(&source.url, "network-error")
            }
            http::Failure::TooLarge(limit) => TokenError::new(
                "jwk-remote-failed-to-load",
                format!(
                    "Error loading Clerk JWKS from {}: the answer is larger than {}, refused.",
                    source.url,
                    http::size_name(limit)
                ),
            )
            .with_action(CONTACT_SUPPORT),
        })?;
    let body: Option<Value> = serde_json::from_slice(&reply.body).ok();
    if !(200..300).contains(&reply.status) {
        // A wrong secret key is said plainly (v4's secret-key-invalid).
        let invalid = body
            .as_ref()
            .and_then(|b| b.get("errors"))
            .and_then(Value::as_array)
            .and_then(|errs| {
                errs.iter()
                    .find(|e| e.get("code").and_then(Value::as_str) == Some("clerk_key_invalid"))
            });
        if let Some(e) = invalid {
            let message = e
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("The secret key is invalid.");
            return Err(TokenError::new("secret-key-invalid", message).with_action(CONTACT_SUPPORT));
        }
        return Err(failed_to_load(&source.url, reply.status));
    }
    let keys = body.as_ref().map(parse).unwrap_or_default();
    if keys.is_empty() {
        return Err(TokenError::new(
            "jwk-remote-failed-to-load",
            "The JWKS endpoint did not contain any signing keys. Contact support@clerk.com.",
        )
        .with_action(CONTACT_SUPPORT));
    }
    Ok(keys)
}

/// Fetches `source`'s keys into its cache. Concurrent fetches of one source share the
/// first one's result.
pub async fn fetch(source: Source, settings: Resolved) {
    static LOCKS: OnceLock<Mutex<HashMap<Source, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let started = Instant::now();
    let lock = LOCKS
        .get_or_init(Default::default)
        .lock()
        .map(|mut l| l.entry(source.clone()).or_default().clone())
        .unwrap_or_default();
    let guard = lock.lock().await;
    // Someone else fetched while we waited.
    let fetched_meanwhile = caches().lock().is_ok_and(|c| {
        c.entries
            .get(&source)
            .and_then(|e| e.attempted_at)
            .is_some_and(|t| t >= started)
    });
    let result = if fetched_meanwhile {
        None
    } else {
        Some(download(&source, &settings).await)
    };
    drop(guard);
    // The lock goes with its last user (only `LOCKS` and this call hold it).
    if let Ok(mut locks) = LOCKS.get_or_init(Default::default).lock() {
        if Arc::strong_count(&lock) == 2 {
            locks.remove(&source);
        }
    }
    let Some(result) = result else { return };
    if let Ok(mut c) = caches().lock() {
        let entry = c.entry(source);
        entry.attempted_at = Some(Instant::now());
        match result {
            Ok(keys) => {
                if !entry.keys.is_empty() {
                    EPOCH.fetch_add(1, Ordering::AcqRel);
                }
                entry.keys = keys;
                entry.fetched_at = entry.attempted_at;
                entry.last_error = None;
            }
            // Keep serving the keys already held.
            Err(e) => entry.last_error = Some(e),
        }
    }
}

/// `{apiUrl}/{apiVersion}/jwks`, joined as v4 joins it.
pub fn bapi_url(api_url: &str, api_version: &str) -> String {
    match reqwest::Url::parse(api_url) {
        Ok(mut u) => {
            let path = [u.path(), api_version, "jwks"]
                .iter()
                .map(|s| s.trim_matches('/'))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("/");
            u.set_path(&format!("/{path}"));
            u.to_string()
        }
        Err(_) => format!("{api_url}/{api_version}/jwks"),
    }
}

/// `{issuer}/.well-known/jwks.json` (v4's frontend API key source).
pub fn fapi_url(issuer: &str) -> String {
    match reqwest::Url::parse(issuer) {
        Ok(mut u) => {
            let path = format!("{}/.well-known/jwks.json", u.path().trim_end_matches('/'));
            u.set_path(&path);
            u.to_string()
        }
        Err(_) => format!("{issuer}/.well-known/jwks.json"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            bapi_url("https://api.clerk.com", "v1"),
            "https://api.clerk.com/v1/jwks"
        );
        assert_eq!(
            bapi_url("http://h:1/prefix/", "v2"),
            "http://h:1/prefix/v2/jwks"
        );
        assert_eq!(
            fapi_url("https://clerk.example.com"),
            "https://clerk.example.com/.well-known/jwks.json"
        );
    }

    #[test]
    fn the_least_recently_used_sources_go_first() {
        let mut c = Caches::default();
        let source = |i: usize| Source {
            url: format!("http://unit.test/{i}/jwks"),
            secret_key: Some(format!("sk_test_{i}")),
        };
        for i in 0..MAX_SOURCES {
            c.entry(source(i));
        }
        // Source 0 is used again: the next new source evicts from 1 on.
        c.entry(source(0));
        c.entry(source(MAX_SOURCES));
        assert!(c.entries.len() <= MAX_SOURCES);
        assert!(c.entries.contains_key(&source(0)));
        assert!(c.entries.contains_key(&source(MAX_SOURCES)));
        assert!(!c.entries.contains_key(&source(1)));
        for i in MAX_SOURCES + 1..10 * MAX_SOURCES {
            c.entry(source(i));
        }
        assert!(c.entries.len() <= MAX_SOURCES);
    }

    #[test]
    fn unknown_sources_ask_for_a_fetch_and_then_report_missing() {
        let s = Source {
            url: "http://unit.test/jwks".into(),
            secret_key: None,
        };
        assert!(matches!(lookup(&s, "k", false, false), Lookup::Fetch));
        assert!(
            matches!(lookup(&s, "k", false, true), Lookup::Missing(e) if e.reason == "jwk-remote-missing" && !e.message.contains("available"))
        );
    }
}
