//! Client configuration: every option resolves as option passed → environment variable →
//! default (deviations D2), at the moment a request is built, so a `.env` loaded after the
//! import, a setter, or a late `process.env` assignment all reach the next request (D3).
//! Resolution runs on the JS thread only, so it never races Node's own `setenv`.
//!
//! "The environment" is JavaScript's `process.env` as the calling thread sees it. When
//! that object is Node's own (its reads are `getenv`), the C `environ` is read here
//! directly; for any other `process.env` (a replaced plain object, Jest's per-file copy,
//! a worker thread's own copy, a Proxy) the shell reads `ENV_VARS` from it at call time
//! and hands them over for the duration of that one call (`use_env`, lib/env.js).

use napi_derive::napi;
use std::cell::RefCell;
use std::time::Duration;

/// Every environment variable the native side reads, in the order of the shell's
/// snapshot (lib/env.js). A name outside this list is never read (a test checks the
/// sources).
pub const ENV_VARS: &[&str] = &[
    "CLERK_SECRET_KEY",
    "CLERK_API_KEY",
    "CLERK_API_URL",
    "CLERK_API_VERSION",
    "CLERK_JWT_KEY",
    "CLERK_PUBLISHABLE_KEY",
    "CLERK_PROXY_URL",
    "CLERK_DOMAIN",
    "CLERK_IS_SATELLITE",
    "CLERK_FRONTEND_API",
    "CLERK_SIGN_IN_URL",
    "CLERK_TIMEOUT_MS",
    "CLERK_MAX_RETRIES",
    "CLERK_LOGGING",
    "CLERK_SDK_TEST_PANIC",
];

thread_local! {
    /// The values of `ENV_VARS` (same order) the shell read from a `process.env` that is
    /// not Node's own, for the native call under way on this thread; `None`: `environ`.
    static SNAPSHOT: RefCell<Option<Vec<Option<String>>>> = const { RefCell::new(None) };
}

/// Sets (a JSON array of strings or nulls, in `ENV_VARS` order) or clears (`null`) the
/// environment the next native calls on this thread read. The shell sets it right before
/// one call and clears it right after (lib/env.js `withEnv`).
#[napi(catch_unwind)]
pub fn use_env(values: Option<String>) -> napi::Result<()> {
    let parsed = match values {
        None => None,
        Some(json) => {
            let v: Vec<Option<String>> = serde_json::from_str(&json).map_err(|e| {
                napi::Error::from_reason(format!(
                    "clerk-sdk-node-rs: internal error: bad environment snapshot ({e})"
                ))
            })?;
            if v.len() != ENV_VARS.len() {
                return Err(napi::Error::from_reason(
                    "clerk-sdk-node-rs: internal error: environment snapshot of the wrong length",
                ));
            }
            Some(v)
        }
    };
    SNAPSHOT.with(|s| *s.borrow_mut() = parsed);
    Ok(())
}

/// The value of `name` in the C `environ` (snapshot or not): how the shell tells Node's
/// own `process.env` (whose writes are `setenv`) from any other object.
#[napi(catch_unwind)]
pub fn environ_value(name: String) -> Option<String> {
    std::env::var(name).ok()
}

/// Whether the call under way reads a snapshot instead of `environ`.
pub fn snapshot_active() -> bool {
    SNAPSHOT.with(|s| s.borrow().is_some())
}

/// v4's documented default is `https://api.clerk.com` (D1; 4.13.23 used the legacy `.dev`).
pub const DEFAULT_API_URL: &str = "https://api.clerk.com";
pub const DEFAULT_API_VERSION: &str = "v1";
/// The User-Agent of `createClerkClient()` instances in 4.13.23.
pub const DEFAULT_USER_AGENT: &str = "@clerk/backend@0.38.15";
/// S4: a hung API call ends after this long (per attempt).
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// A1: GET and DELETE are retried up to this many times.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// How the shell checks an option and carries it to the native side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// A string, live (settable on a client).
    Text,
    /// A number >= 0, live.
    Number,
    /// `httpOptions`: its headers and `timeout`, live.
    Http,
    /// A string default of authenticateRequest, given when the client is built.
    BuildTime,
    /// `true` or absent, given when the client is built.
    Flag,
    /// Any value, carried as JSON, given when the client is built.
    Json,
}

/// One client option: its name in `Clerk(options)`, its kind, and the environment
/// variable it falls back to (D2).
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    pub env: Option<&'static str>,
}

const fn option(name: &'static str, kind: OptionKind, env: Option<&'static str>) -> OptionSpec {
    OptionSpec { name, kind, env }
}

/// Every option a client takes (the shell builds its checks and setters from this table,
/// lib/generated/contract.js). An option a caller passes that is not here is ignored, as
/// in v4; a name the shell sends that is not here is an internal error.
pub const OPTIONS: &[OptionSpec] = {
    use OptionKind::*;
    &[
        option("secretKey", Text, Some("CLERK_SECRET_KEY")),
        option("apiKey", Text, Some("CLERK_API_KEY")),
        option("apiUrl", Text, Some("CLERK_API_URL")),
        option("apiVersion", Text, Some("CLERK_API_VERSION")),
        option("userAgent", Text, None),
        option("jwtKey", Text, Some("CLERK_JWT_KEY")),
        option("publishableKey", Text, Some("CLERK_PUBLISHABLE_KEY")),
        option("timeoutMs", Number, Some("CLERK_TIMEOUT_MS")),
        option("maxRetries", Number, Some("CLERK_MAX_RETRIES")),
        option("httpOptions", Http, None),
        option("proxyUrl", BuildTime, Some("CLERK_PROXY_URL")),
        option("domain", BuildTime, Some("CLERK_DOMAIN")),
        option("frontendApi", BuildTime, Some("CLERK_FRONTEND_API")),
        option("isSatellite", Flag, Some("CLERK_IS_SATELLITE")),
        option("audience", Json, None),
    ]
};

/// The error for an option name the shell sent that `OPTIONS` does not have.
pub fn unknown_option(name: &str) -> napi::Error {
    napi::Error::from_reason(format!(
        "clerk-sdk-node-rs: internal error: the shell sent option {name:?}, which src/config.rs OPTIONS does not declare"
    ))
}

/// What the caller passed (`Clerk(options)`, setters). `None` falls back to the env.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub secret_key: Option<String>,
    pub api_key: Option<String>,
    pub api_url: Option<String>,
    pub api_version: Option<String>,
    pub user_agent: Option<String>,
    pub jwt_key: Option<String>,
    pub publishable_key: Option<String>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    /// `httpOptions.headers`, normalised to pairs by the JS shell.
    pub http_headers: Vec<(String, String)>,
    /// `httpOptions.timeout`.
    pub http_timeout_ms: Option<f64>,
    pub proxy_url: Option<String>,
    pub domain: Option<String>,
    pub is_satellite: Option<bool>,
    /// Deprecated `frontendApi`.
    pub frontend_api: Option<String>,
    /// The `audience` option, as JSON.
    pub audience: Option<String>,
}

/// The settings one request is sent with.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// `secretKey || apiKey`, after env fallback; `None` when neither is set.
    pub key: Option<String>,
    pub api_url: String,
    pub api_version: String,
    pub user_agent: String,
    pub headers: Vec<(String, String)>,
    pub timeout: Duration,
    pub max_retries: u32,
    pub logging: bool,
}

/// An env var (one of `ENV_VARS`) as the calling thread's `process.env` has it, with
/// `''` treated as unset (as v4's `process.env.X || ''`).
pub fn env(name: &str) -> Option<String> {
    debug_assert!(ENV_VARS.contains(&name), "{name} is not in ENV_VARS");
    SNAPSHOT
        .with(|s| {
            s.borrow().as_ref().map(|values| {
                ENV_VARS
                    .iter()
                    .position(|n| *n == name)
                    .and_then(|k| values[k].clone())
            })
        })
        .unwrap_or_else(|| std::env::var(name).ok())
        .filter(|v| !v.is_empty())
}

fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_ref().filter(|s| !s.is_empty()).cloned()
}

fn positive_ms(v: Option<f64>) -> Option<u64> {
    v.filter(|x| x.is_finite() && *x > 0.0).map(|x| x as u64)
}

impl Options {
    pub fn secret_key(&self) -> Option<String> {
        non_empty(&self.secret_key).or_else(|| env("CLERK_SECRET_KEY"))
    }

    pub fn api_key(&self) -> Option<String> {
        non_empty(&self.api_key).or_else(|| env("CLERK_API_KEY"))
    }

    pub fn api_url(&self) -> String {
        non_empty(&self.api_url)
            .or_else(|| env("CLERK_API_URL"))
            .unwrap_or_else(|| DEFAULT_API_URL.to_string())
    }

    pub fn api_version(&self) -> String {
        // An explicit `apiVersion: ''` drops the segment, as in v4.
        if self.api_version.as_deref() == Some("") {
            return String::new();
        }
        non_empty(&self.api_version)
            .or_else(|| env("CLERK_API_VERSION"))
            .unwrap_or_else(|| DEFAULT_API_VERSION.to_string())
    }

    pub fn jwt_key(&self) -> Option<String> {
        non_empty(&self.jwt_key).or_else(|| env("CLERK_JWT_KEY"))
    }

    pub fn publishable_key(&self) -> Option<String> {
        non_empty(&self.publishable_key).or_else(|| env("CLERK_PUBLISHABLE_KEY"))
    }

    pub fn proxy_url(&self) -> Option<String> {
        non_empty(&self.proxy_url).or_else(|| env("CLERK_PROXY_URL"))
    }

    pub fn domain(&self) -> Option<String> {
        non_empty(&self.domain).or_else(|| env("CLERK_DOMAIN"))
    }

    pub fn is_satellite(&self) -> bool {
        self.is_satellite == Some(true) || env("CLERK_IS_SATELLITE").as_deref() == Some("true")
    }

    pub fn frontend_api(&self) -> Option<String> {
        non_empty(&self.frontend_api).or_else(|| env("CLERK_FRONTEND_API"))
    }

    pub fn timeout(&self) -> Duration {
        let ms = positive_ms(self.timeout_ms)
            .or_else(|| positive_ms(self.http_timeout_ms))
            .or_else(|| positive_ms(env("CLERK_TIMEOUT_MS").and_then(|v| v.parse().ok())))
            .unwrap_or(DEFAULT_TIMEOUT_MS);
        Duration::from_millis(ms)
    }

    pub fn max_retries(&self) -> u32 {
        let valid = |x: f64| x.is_finite() && x >= 0.0;
        self.max_retries
            .filter(|x| valid(*x))
            .or_else(|| {
                env("CLERK_MAX_RETRIES")
                    .and_then(|v| v.parse().ok())
                    .filter(|x| valid(*x))
            })
            .map(|x| x.min(10.0) as u32)
            .unwrap_or(DEFAULT_MAX_RETRIES)
    }

    /// The slot of a `Text` option.
    pub fn text_slot(&mut self, name: &str) -> Option<&mut Option<String>> {
        Some(match name {
            "secretKey" => &mut self.secret_key,
            "apiKey" => &mut self.api_key,
            "apiUrl" => &mut self.api_url,
            "apiVersion" => &mut self.api_version,
            "userAgent" => &mut self.user_agent,
            "jwtKey" => &mut self.jwt_key,
            "publishableKey" => &mut self.publishable_key,
            _ => return None,
        })
    }

    /// The slot of a `Number` option.
    pub fn number_slot(&mut self, name: &str) -> Option<&mut Option<f64>> {
        Some(match name {
            "timeoutMs" => &mut self.timeout_ms,
            "maxRetries" => &mut self.max_retries,
            _ => return None,
        })
    }

    /// What a `Text`, `BuildTime` or `Flag` option resolves to now (option → env →
    /// default; a flag: `"true"` or nothing); `None` for any other name.
    pub fn resolved(&self, name: &str) -> Option<Option<String>> {
        Some(match name {
            "secretKey" => self.secret_key(),
            "apiKey" => self.api_key(),
            "apiUrl" => Some(self.api_url()),
            "apiVersion" => Some(self.api_version()),
            "jwtKey" => self.jwt_key(),
            "publishableKey" => self.publishable_key(),
            "userAgent" => self.user_agent.clone(),
            "frontendApi" => self.frontend_api(),
            "proxyUrl" => self.proxy_url(),
            "domain" => self.domain(),
            "isSatellite" => self.is_satellite().then(|| "true".to_string()),
            _ => return None,
        })
    }

    pub fn resolve(&self) -> Resolved {
        Resolved {
            key: self.secret_key().or_else(|| self.api_key()),
            api_url: self.api_url(),
            api_version: self.api_version(),
            user_agent: non_empty(&self.user_agent)
                .unwrap_or_else(|| DEFAULT_USER_AGENT.to_string()),
            headers: self.http_headers.clone(),
            timeout: self.timeout(),
            max_retries: self.max_retries(),
            logging: logging_enabled(),
        }
    }
}

/// A number that changes whenever a `CLERK_*` variable (every variable an
/// authentication reads is one) is set, changed or removed, as seen from this thread.
/// While the environment's entries are the very strings of the last call (`setenv` and
/// `unsetenv`, behind `process.env` writes, replace or move an entry's pointer), nothing
/// else is read: the strings themselves, scattered over the heap, are compared only
/// after such a move, byte by byte with the copy of the `CLERK_` entries kept from the
/// last call.
pub fn clerk_env_generation() -> u64 {
    thread_local! {
        static SEEN: std::cell::RefCell<(Vec<usize>, Vec<u8>, u64)> =
            const { std::cell::RefCell::new((Vec::new(), Vec::new(), 0)) };
    }
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        let (entries, copy, generation) = &mut *seen;
        if same_entries(entries) {
            return *generation;
        }
        let mut at = 0;
        let same = clerk_entries(|entry| {
            let end = at + entry.len() + 1;
            let matches = copy.get(at..end - 1) == Some(entry) && copy.get(end - 1) == Some(&0);
            at = end;
            matches
        });
        if !same || at != copy.len() {
            copy.clear();
            clerk_entries(|entry| {
                copy.extend_from_slice(entry);
                copy.push(0);
                true
            });
            *generation += 1;
        }
        *generation
    })
}

/// Whether `environ` holds the entries (the pointers) of `last`; when not, `last`
/// becomes its entries now.
#[cfg(target_os = "linux")]
fn same_entries(last: &mut Vec<usize>) -> bool {
    let mut k = 0;
    let same = environ_entries(|entry| {
        let same = last.get(k) == Some(&(entry as usize));
        k += 1;
        same
    });
    if same && k == last.len() {
        return true;
    }
    last.clear();
    environ_entries(|entry| {
        last.push(entry as usize);
        true
    });
    false
}

#[cfg(not(target_os = "linux"))]
fn same_entries(_: &mut Vec<usize>) -> bool {
    false
}

#[cfg(target_os = "linux")]
extern "C" {
    static environ: *const *const std::ffi::c_char;
}

/// Calls `f` with each entry of `environ` (a NUL-terminated `NAME=value` string, valid
/// for the call), in order, while it returns true; returns whether it always did. The
/// one place that walks `environ`.
#[cfg(target_os = "linux")]
fn environ_entries(mut f: impl FnMut(*const std::ffi::c_char) -> bool) -> bool {
    // SAFETY: `environ` is the C library's NULL-terminated array of NUL-terminated
    // strings; it is read here on the JS thread, as `getenv` (and `std::env::var`) would
    // read it, and no pointer outlives the pass.
    unsafe {
        let mut p = environ;
        if p.is_null() {
            return true;
        }
        while !(*p).is_null() {
            if !f(*p) {
                return false;
            }
            p = p.add(1);
        }
    }
    true
}

/// Calls `f` with each `CLERK_NAME=value` entry of the environment, in order, while it
/// returns true; returns whether it always did.
#[cfg(target_os = "linux")]
fn clerk_entries(mut f: impl FnMut(&[u8]) -> bool) -> bool {
    environ_entries(|s| {
        // SAFETY: `s` is one of `environ`'s NUL-terminated strings, valid during the
        // pass (`environ_entries`); the prefix is compared byte by byte, stopping at the
        // entry's NUL, so only CLERK_ entries are measured.
        let clerk = b"CLERK_"
            .iter()
            .enumerate()
            .all(|(k, b)| unsafe { *s.add(k) } as u8 == *b);
        !clerk || f(unsafe { std::ffi::CStr::from_ptr(s) }.to_bytes())
    })
}

#[cfg(not(target_os = "linux"))]
fn clerk_entries(mut f: impl FnMut(&[u8]) -> bool) -> bool {
    std::env::vars_os()
        .filter(|(k, _)| k.as_encoded_bytes().starts_with(b"CLERK_"))
        .all(|(k, v)| {
            let mut entry = k.into_encoded_bytes();
            entry.push(b'=');
            entry.extend_from_slice(v.as_encoded_bytes());
            f(&entry)
        })
}

/// D4: `CLERK_LOGGING=true` turns on debug lines on stderr.
pub fn logging_enabled() -> bool {
    env("CLERK_LOGGING").is_some_and(|v| v == "true")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_win_over_defaults() {
        let o = Options {
            api_url: Some("http://h".into()),
            api_version: Some("v2".into()),
            timeout_ms: Some(100.0),
            http_timeout_ms: Some(5.0),
            max_retries: Some(0.0),
            ..Default::default()
        };
        let r = o.resolve();
        assert_eq!(r.api_url, "http://h");
        assert_eq!(r.api_version, "v2");
        assert_eq!(r.timeout, Duration::from_millis(100));
        assert_eq!(r.max_retries, 0);
    }

    #[test]
    fn http_options_timeout_is_honoured_and_bad_values_fall_back() {
        let o = Options {
            http_timeout_ms: Some(250.0),
            timeout_ms: Some(f64::NAN),
            max_retries: Some(-1.0),
            ..Default::default()
        };
        assert_eq!(o.timeout(), Duration::from_millis(250));
        assert!(o.max_retries() <= 10);
    }

    #[test]
    fn the_env_generation_moves_with_clerk_variables_only() {
        let g = clerk_env_generation();
        assert_eq!(clerk_env_generation(), g, "unchanged environment");
        std::env::set_var("NOT_CLERK_GENERATION_TEST", "1");
        assert_eq!(clerk_env_generation(), g, "another variable");
        std::env::set_var("CLERK_GENERATION_TEST", "a");
        let set = clerk_env_generation();
        assert!(set > g, "a new CLERK_ variable");
        std::env::set_var("CLERK_GENERATION_TEST", "a");
        assert_eq!(clerk_env_generation(), set, "the same value again");
        std::env::set_var("CLERK_GENERATION_TEST", "b");
        let changed = clerk_env_generation();
        assert!(changed > set, "a changed value");
        // glibc hands back its earlier "…=a" string: a known pointer, a changed value.
        std::env::set_var("CLERK_GENERATION_TEST", "a");
        let back = clerk_env_generation();
        assert!(back > changed, "a value set back");
        std::env::remove_var("CLERK_GENERATION_TEST");
        assert!(clerk_env_generation() > back, "a removed variable");
    }

    #[test]
    fn a_snapshot_replaces_environ_for_the_call() {
        std::env::set_var("CLERK_DOMAIN", "from-environ.example");
        let mut values = vec![None; ENV_VARS.len()];
        values[0] = Some("sk_test_snapshot".to_string());
        use_env(Some(serde_json::to_string(&values).unwrap())).unwrap();
        assert_eq!(env("CLERK_SECRET_KEY").as_deref(), Some("sk_test_snapshot"));
        assert_eq!(
            env("CLERK_DOMAIN"),
            None,
            "environ is not read under a snapshot"
        );
        use_env(None).unwrap();
        assert_eq!(env("CLERK_DOMAIN").as_deref(), Some("from-environ.example"));
        std::env::remove_var("CLERK_DOMAIN");
        assert!(
            use_env(Some("[]".into())).is_err(),
            "a snapshot of the wrong length"
        );
        assert!(!snapshot_active());
    }

    /// Every `env("…")` the sources read is in `ENV_VARS` (a snapshot carries only those).
    #[test]
    fn every_variable_read_is_in_the_snapshot() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(p) = stack.pop() {
            if p.is_dir() {
                stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if p.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for (at, _) in text.match_indices("env(\"CLERK_") {
                let name: String = text[at + 5..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                    .collect();
                assert!(
                    ENV_VARS.contains(&name.as_str()),
                    "{} reads {name}",
                    p.display()
                );
            }
        }
    }

    /// Every option of the table is handled where its kind says, and nothing else is.
    #[test]
    fn the_option_table_is_complete() {
        let mut o = Options::default();
        for spec in OPTIONS {
            let text = o.text_slot(spec.name).is_some();
            let number = o.number_slot(spec.name).is_some();
            let resolved = o.resolved(spec.name).is_some();
            match spec.kind {
                OptionKind::Text => assert!(text && resolved, "{}", spec.name),
                OptionKind::Number => assert!(number, "{}", spec.name),
                OptionKind::BuildTime | OptionKind::Flag => assert!(resolved, "{}", spec.name),
                OptionKind::Http | OptionKind::Json => {}
            }
        }
        for name in ["nope", "serverApiUrl", ""] {
            assert!(o.text_slot(name).is_none() && o.number_slot(name).is_none());
            assert!(o.resolved(name).is_none());
        }
        let mut names: Vec<&str> = OPTIONS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), OPTIONS.len(), "an option is declared twice");
    }

    #[test]
    fn empty_strings_count_as_unset() {
        let o = Options {
            api_url: Some(String::new()),
            ..Default::default()
        };
        assert!(!o.api_url().is_empty());
    }
}
