//! The native half of a Clerk client: its live options, and the one entry point that
//! runs a Backend API method from the endpoint tables. Each call crosses the boundary
//! once in (method index + JSON arguments) and once out (one envelope string).

use crate::auth::{self, AuthInput};
use crate::config::Options;
use crate::endpoints::{self, BuiltBody, Returns};
use crate::error::{self, CallError};
use crate::http::{self, Call, Failure, FilePart, Payload, Reply};
use crate::resources;
use crate::verify::{self, VerifyOptions};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// Options as the JS shell passes them (already type-checked there).
#[napi(object)]
#[derive(Default)]
pub struct ClientOptions {
    pub secret_key: Option<String>,
    pub api_key: Option<String>,
    pub api_url: Option<String>,
    pub api_version: Option<String>,
    pub user_agent: Option<String>,
    pub jwt_key: Option<String>,
    pub publishable_key: Option<String>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    /// `httpOptions.headers` as `[name, value]` pairs.
    pub http_headers: Option<Vec<Vec<String>>>,
    /// `httpOptions.timeout`.
    pub http_timeout_ms: Option<f64>,
    pub proxy_url: Option<String>,
    pub domain: Option<String>,
    pub is_satellite: Option<bool>,
    pub frontend_api: Option<String>,
    /// The `audience` option, as JSON.
    pub audience: Option<String>,
}

fn pairs(headers: Option<Vec<Vec<String>>>) -> Vec<(String, String)> {
    headers
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p.as_slice() {
            [name, value] => Some((name.clone(), value.clone())),
            _ => None,
        })
        .collect()
}

/// The key options of one `verifyToken` call (`NativeClient::verify_defaults`).
#[napi(object)]
pub struct VerifyKeys {
    pub jwt_key: Option<String>,
    pub secret_key: Option<String>,
    pub api_url: Option<String>,
    pub api_version: Option<String>,
}

/// The file part of a multipart upload, as the shell read it.
#[napi(object)]
pub struct FileUpload {
    pub bytes: Option<Buffer>,
    pub filename: String,
    pub content_type: String,
    /// The shell's TypeError message for a file it could not read.
    pub error: Option<String>,
}

/// Counts the changes of every client's options (see `auth_stamp`).
static OPTION_CHANGES: AtomicU64 = AtomicU64::new(0);

/// A number that changes whenever what an authentication reads besides the request
/// does: a client's options (any setter of any client) or a `CLERK_*` variable. The
/// middlewares remember answers under it (lib/memo.js); a free function, as the call
/// per remembered request is the largest part of its cost. Exact as a JS number below
/// 2^21 environment changes.
#[napi(catch_unwind)]
pub fn auth_stamp() -> f64 {
    let env = crate::config::clerk_env_generation() as f64;
    // Keys replaced by a refetch change it too: a remembered answer may rest on them.
    let changes = OPTION_CHANGES
        .load(Ordering::Relaxed)
        .wrapping_add(crate::jwks::epoch());
    env * 4_294_967_296.0 + f64::from(changes as u32)
}

#[napi]
pub struct NativeClient {
    options: Arc<RwLock<Options>>,
}

#[napi]
impl NativeClient {
    #[napi(constructor, catch_unwind)]
    pub fn new(options: Option<ClientOptions>) -> Self {
        let o = options.unwrap_or_default();
        let options = Options {
            secret_key: o.secret_key,
            api_key: o.api_key,
            api_url: o.api_url,
            api_version: o.api_version,
            user_agent: o.user_agent,
            jwt_key: o.jwt_key,
            publishable_key: o.publishable_key,
            timeout_ms: o.timeout_ms,
            max_retries: o.max_retries,
            http_headers: pairs(o.http_headers),
            http_timeout_ms: o.http_timeout_ms,
            proxy_url: o.proxy_url,
            domain: o.domain,
            is_satellite: o.is_satellite,
            frontend_api: o.frontend_api,
            audience: o.audience,
        };
        NativeClient {
            options: Arc::new(RwLock::new(options)),
        }
    }

    fn read(&self) -> Options {
        match self.options.read() {
            Ok(o) => o.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn write(&self, f: impl FnOnce(&mut Options)) {
        match self.options.write() {
            Ok(mut o) => f(&mut o),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
        OPTION_CHANGES.fetch_add(1, Ordering::Relaxed);
    }

    /// Sets a string option (`secretKey`, `apiKey`, `apiUrl`, `apiVersion`, `userAgent`,
    /// `jwtKey`, `publishableKey`); `null` clears it back to env → default.
    #[napi(catch_unwind)]
    pub fn set_option(&self, name: String, value: Option<String>) -> Result<()> {
        self.set_slot(&name, value, |o, name| o.text_slot(name))
    }

    /// Sets the slot `slot_of` finds for `name`; a name without one is the shell's bug.
    fn set_slot<T>(
        &self,
        name: &str,
        value: Option<T>,
        slot_of: impl for<'a> FnOnce(&'a mut Options, &str) -> Option<&'a mut Option<T>>,
    ) -> Result<()> {
        let mut known = false;
        self.write(|o| {
            if let Some(slot) = slot_of(o, name) {
                *slot = value;
                known = true;
            }
        });
        known
            .then_some(())
            .ok_or_else(|| crate::config::unknown_option(name))
    }

    /// Sets `httpOptions` (headers as pairs, and its `timeout`).
    #[napi(catch_unwind)]
    pub fn set_http_options(&self, headers: Option<Vec<Vec<String>>>, timeout_ms: Option<f64>) {
        self.write(|o| {
            o.http_headers = pairs(headers);
            o.http_timeout_ms = timeout_ms;
        });
    }

    #[napi(catch_unwind)]
    pub fn set_numeric_option(&self, name: String, value: Option<f64>) -> Result<()> {
        self.set_slot(&name, value, |o, name| o.number_slot(name))
    }

    /// The value an option resolves to now (option → env → default).
    #[napi(catch_unwind)]
    pub fn get_option(&self, name: String) -> Result<Option<String>> {
        self.read()
            .resolved(&name)
            .ok_or_else(|| crate::config::unknown_option(&name))
    }

    /// The client's `verifyToken`: its own options (live, env included) fill what the
    /// caller left out. Arguments as the free `verifyToken`'s.
    #[allow(clippy::too_many_arguments)]
    #[napi(catch_unwind)]
    pub fn verify_token(
        &self,
        token: String,
        jwt_key: Option<String>,
        secret_key: Option<String>,
        api_url: Option<String>,
        api_version: Option<String>,
        issuer: Option<String>,
        flags: u32,
        audience: Option<String>,
        authorized_parties: Option<String>,
        clock_skew_ms: Option<f64>,
        key_alg: Option<String>,
        issuer_threw: Option<String>,
    ) -> String {
        let mut options = VerifyOptions::from_args(
            jwt_key,
            secret_key,
            api_url,
            api_version,
            issuer,
            flags,
            audience,
            authorized_parties,
            clock_skew_ms,
            key_alg,
            issuer_threw,
        );
        if flags & verify::flags::RESOLVED == 0 {
            self.fill_verify_options(&mut options);
        }
        verify::verify(&token, &options).encode()
    }

    /// The key options a `verifyToken` call made now is judged with: what the caller gave,
    /// the client's options (live) and the environment filling the rest. A call that waits
    /// for a burst takes them at call time (then passes `flags::RESOLVED`).
    #[napi(catch_unwind)]
    pub fn verify_defaults(
        &self,
        jwt_key: Option<String>,
        secret_key: Option<String>,
        api_url: Option<String>,
        api_version: Option<String>,
    ) -> VerifyKeys {
        let mut o = VerifyOptions {
            jwt_key,
            secret_key,
            api_url,
            api_version,
            ..Default::default()
        };
        self.fill_verify_options(&mut o);
        VerifyKeys {
            jwt_key: o.jwt_key,
            secret_key: o.secret_key,
            api_url: o.api_url,
            api_version: o.api_version,
        }
    }

    /// The client's `verifyToken` for a burst of tokens with the same options (see
    /// `burst::verify_tokens`).
    #[napi(catch_unwind)]
    pub fn verify_tokens(
        &self,
        tokens: Vec<String>,
        options: crate::burst::BurstOptions,
    ) -> Vec<String> {
        let resolved = options.flags & verify::flags::RESOLVED != 0;
        let mut options = VerifyOptions::from(options);
        if !resolved {
            self.fill_verify_options(&mut options);
        }
        crate::burst::verify_all(tokens, options)
    }

    /// What the caller of `verifyToken` left out, from the client's options (live, env
    /// included).
    fn fill_verify_options(&self, options: &mut VerifyOptions) {
        let o = self.options.read().unwrap_or_else(|p| p.into_inner());
        let given = |v: Option<String>| v.filter(|s| !s.is_empty());
        options.jwt_key = given(options.jwt_key.take()).or_else(|| o.jwt_key());
        if options.jwt_key.is_none() {
            options.secret_key =
                given(options.secret_key.take()).or_else(|| o.secret_key().or_else(|| o.api_key()));
            options.api_url = given(options.api_url.take()).or_else(|| Some(o.api_url()));
            options.api_version =
                given(options.api_version.take()).or_else(|| Some(o.api_version()));
        }
    }

    /// Loads a JWKS source's keys with this client's settings (timeout, retries, logging).
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn fetch_jwks<'env>(
        &self,
        env: &'env Env,
        url: String,
        secret_key: Option<String>,
    ) -> Result<PromiseRaw<'env, ()>> {
        let settings = self.read().resolve();
        http::client();
        let source = crate::jwks::Source { url, secret_key };
        env.spawn_future(async move {
            crate::jwks::fetch(source, settings).await;
            Ok(())
        })
    }

    /// The client's `authenticateRequest` (arguments as the free one's): runtime values
    /// win, the client's options (live, env included) fill the rest, as v4's
    /// `runtime || buildtime`.
    #[napi(catch_unwind)]
    pub fn authenticate(&self, request: String, options: String, flags: u32) -> String {
        let input = AuthInput::unpack(&request, &options, flags);
        auth::run(input, |i| {
            i.fill_from(&self.options.read().unwrap_or_else(|p| p.into_inner()))
        })
    }

    /// Runs Backend API method `index` (see `endpointTable()`) with `args`, the JSON array
    /// of the caller's arguments, and `marks`, what JSON cannot say about them (see
    /// endpoints/args.rs). Resolves to an envelope string; never rejects.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        index: u32,
        args: String,
        marks: Option<String>,
    ) -> Result<PromiseRaw<'env, String>> {
        let prepared = self.prepare(index, &args, marks.as_deref(), None, None);
        env.spawn_future(run(prepared))
    }

    /// v4's raw `request({ method, path, queryParams, bodyParams })`: `params` is the
    /// shell's encoding of `[queryParams, bodyParams]` (as `call`'s arguments). Resolves to
    /// an envelope string.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn request<'env>(
        &self,
        env: &'env Env,
        method: String,
        path: String,
        params: String,
        marks: Option<String>,
    ) -> Result<PromiseRaw<'env, String>> {
        let prepared = (|| {
            let m = endpoints::Method::parse(&method).ok_or_else(|| {
                CallError::InvalidUrl(format!(
                    "request(): method must be GET, POST, PATCH, PUT or DELETE (got {method:?})"
                ))
            })?;
            let params = read_args("request", &params, marks.as_deref())?;
            let built = endpoints::build_raw(m, &path, params.values.first(), params.values.get(1));
            let call = self.call_for(m, "request", built, None)?;
            Ok((call, Returns::Resource))
        })();
        env.spawn_future(run(prepared))
    }

    /// One page of list method `index`, with `limit` and `offset` set (A3).
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn call_page<'env>(
        &self,
        env: &'env Env,
        index: u32,
        args: String,
        marks: Option<String>,
        limit: u32,
        offset: u32,
    ) -> Result<PromiseRaw<'env, String>> {
        let prepared = self.prepare(index, &args, marks.as_deref(), None, Some((limit, offset)));
        env.spawn_future(run(prepared))
    }

    /// `call` for the multipart methods: the file travels as bytes beside the arguments.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn call_multipart<'env>(
        &self,
        env: &'env Env,
        index: u32,
        args: String,
        marks: Option<String>,
        file: FileUpload,
    ) -> Result<PromiseRaw<'env, String>> {
        let part = file.bytes.map(|b| FilePart {
            bytes: bytes::Bytes::copy_from_slice(&b),
            filename: file.filename,
            content_type: file.content_type,
        });
        let mut prepared = self.prepare(index, &args, marks.as_deref(), Some(part), None);
        // The ids are checked first, as in v4; then an unusable file is reported.
        if let (Ok(_), Some(message)) = (&prepared, file.error) {
            prepared = Err(CallError::InvalidUrl(message));
        }
        env.spawn_future(run(prepared))
    }

    /// Everything that must happen on the JS thread: argument checks, option and env
    /// resolution (env is read here, never on a worker thread), and URL building.
    fn prepare(
        &self,
        index: u32,
        args: &str,
        marks: Option<&str>,
        file: Option<Option<FilePart>>,
        page: Option<(u32, u32)>,
    ) -> std::result::Result<(Call, Returns), CallError> {
        let endpoint = endpoints::by_index(index)
            .ok_or_else(|| CallError::InvalidUrl(format!("unknown Backend API method #{index}")))?;
        let what = format!("{}.{}", endpoint.api, endpoint.name);
        let args = read_args(&what, args, marks)?;
        let built = match page {
            Some((limit, offset)) => endpoints::build_page(endpoint, &args.values, limit, offset),
            None => endpoints::build(endpoint, &args.values),
        }
        .map_err(CallError::Preflight)?;
        let call = self.call_for(endpoint.method, &what, built, file)?;
        Ok((call, endpoint.returns))
    }

    /// The request of a built call, with this client's options as they are now.
    fn call_for(
        &self,
        method: endpoints::Method,
        what: &str,
        built: endpoints::Built,
        file: Option<Option<FilePart>>,
    ) -> std::result::Result<Call, CallError> {
        let settings = self.read().resolve();
        if settings.key.is_none() {
            return Err(CallError::MissingKey);
        }
        let url = built
            .url(&settings.api_url, &settings.api_version, what)
            .map_err(CallError::InvalidUrl)?;
        let payload = match built.body {
            BuiltBody::None => Payload::None,
            BuiltBody::Json(s) => Payload::Json(s),
            BuiltBody::Multipart(fields) => Payload::Multipart {
                fields,
                file: file.flatten(),
            },
        };
        http::client();
        Ok(Call {
            method,
            url,
            payload,
            settings,
        })
    }
}

/// The caller's arguments of `what`, as the shell encoded them. Text that does not read
/// is a TypeError before any request (never an empty argument list).
fn read_args(
    what: &str,
    json: &str,
    marks: Option<&str>,
) -> std::result::Result<endpoints::Args, CallError> {
    endpoints::Args::parse(json, marks).map_err(|e| {
        CallError::InvalidUrl(format!("{what}(): the arguments could not be read ({e})"))
    })
}

async fn run(prepared: std::result::Result<(Call, Returns), CallError>) -> Result<String> {
    let (call, returns) = match prepared {
        Ok(p) => p,
        Err(e) => return Ok(e.encode()),
    };
    let path = call.url.path().to_string();
    let timeout_ms = call.settings.timeout.as_millis();
    Ok(match http::send(call).await {
        Ok(reply) => match shape_reply(reply, returns) {
            Ok(envelope) => envelope,
            Err(e) => e.encode(),
        },
        Err(failure) => unexpected(failure, &path, timeout_ms).encode(),
    })
}

fn unexpected(failure: Failure, path: &str, timeout_ms: u128) -> CallError {
    match failure {
        Failure::Timeout(_) => CallError::Unexpected {
            message: format!(
                "The Clerk API did not answer {path} within {timeout_ms} ms. Raise the timeoutMs option (or CLERK_TIMEOUT_MS) to wait longer."
            ),
            trace_id: String::new(),
            cause: None,
        },
        // v4 (undici) says "fetch failed"; the detail goes to the error's `cause`.
        Failure::Network(detail) => CallError::Unexpected {
            message: "fetch failed".into(),
            trace_id: String::new(),
            cause: Some(format!(
                "{detail} (while calling {path}; check CLERK_API_URL or the apiUrl option)"
            )),
        },
        Failure::Body(detail) => CallError::Unexpected {
            message: "terminated".into(),
            trace_id: String::new(),
            cause: Some(format!("the answer to {path} broke off: {detail}")),
        },
        Failure::TooLarge(limit) => CallError::Unexpected {
            message: format!(
                "The Clerk API's answer to {path} is larger than {}: refused (not read further).",
                crate::http::size_name(limit)
            ),
            trace_id: String::new(),
            cause: None,
        },
    }
}

/// S7: any `application/json` media type (parameters such as charset allowed).
fn is_json(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| {
        let essence = ct.split(';').next().unwrap_or("").trim();
        essence.eq_ignore_ascii_case("application/json")
            || essence.to_ascii_lowercase().ends_with("+json")
    })
}

/// Turns an HTTP answer into the envelope: a shaped result, raw text, or an error.
fn shape_reply(reply: Reply, returns: Returns) -> std::result::Result<String, CallError> {
    let header_trace = reply.cf_ray.clone().unwrap_or_default();
    // S7: any application/json media type is JSON. Each path below parses the text once,
    // into what it needs; a text that is not JSON fails the call the same way on all.
    let invalid = |detail: String| CallError::Unexpected {
        message: format!(
            "The Clerk API answered {} with invalid JSON ({detail})",
            reply.status
        ),
        trace_id: header_trace.clone(),
        cause: None,
    };
    let json: Option<&str> = if is_json(reply.content_type.as_deref()) {
        Some(std::str::from_utf8(&reply.body).map_err(|e| invalid(e.to_string()))?)
    } else {
        None
    };
    if !(200..300).contains(&reply.status) {
        let body = json
            .map(resources::Payload::parse)
            .transpose()
            .map_err(invalid)?;
        let (errors, body_trace) = match &body {
            Some(body) => error::from_body(body),
            None => ("[]".to_string(), None),
        };
        return Err(CallError::Api {
            status: reply.status,
            reason: reply.reason.clone(),
            trace_id: body_trace.unwrap_or(header_trace),
            errors,
            retry_after: if reply.status == 429 {
                reply.retry_after
            } else {
                None
            },
        });
    }
    let Some(payload) = json else {
        // A text answer is returned unchanged (the interstitial HTML, an empty body).
        let text = String::from_utf8_lossy(&reply.body);
        return Ok(match returns {
            Returns::Resource => format!("T{text}"),
            Returns::Jwt => "U".to_string(),
        });
    };
    match returns {
        Returns::Resource => {
            let parsed = resources::Payload::parse(payload).map_err(invalid)?;
            let mut out = Vec::with_capacity(payload.len() + 16);
            out.push(b'R');
            let list = resources::shape_payload(&parsed, &mut out).map_err(|message| {
                CallError::Unexpected {
                    message,
                    trace_id: header_trace.clone(),
                    cause: None,
                }
            })?;
            if list {
                out[0] = b'L';
            }
            Ok(String::from_utf8(out).unwrap_or_default())
        }
        Returns::Jwt => {
            let payload = resources::Payload::parse(payload).map_err(invalid)?;
            Ok(match payload.jwt() {
                Some(v) => format!("J{v}"),
                None => "U".to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types() {
        assert!(is_json(Some("application/json")));
        assert!(is_json(Some("application/json; charset=utf-8")));
        assert!(is_json(Some("Application/JSON")));
        assert!(!is_json(Some("text/html")));
        assert!(!is_json(None));
    }

    fn url(api: &str, version: &str, path: &str) -> String {
        let e = endpoints::by_index(0).unwrap();
        let built = endpoints::Built {
            path: path.into(),
            query: vec![("q".into(), "a b&c".into())],
            body: BuiltBody::None,
        };
        built.url(api, version, e.name).unwrap().to_string()
    }

    #[test]
    fn urls_join_like_v4() {
        assert_eq!(
            url("https://api.clerk.com/", "v1", "/users"),
            "https://api.clerk.com/v1/users?q=a+b%26c"
        );
        assert_eq!(
            url("http://h/p", "v1", "/users"),
            "http://h/p/v1/users?q=a+b%26c"
        );
        assert_eq!(
            url("http://h/p//", "", "/users"),
            "http://h/p/users?q=a+b%26c"
        );
    }

    #[test]
    fn a_bad_api_url_names_the_option() {
        let e = endpoints::by_index(0).unwrap();
        let built = endpoints::Built {
            path: "/x".into(),
            query: vec![],
            body: BuiltBody::None,
        };
        let err = built.url("not a url", "v1", e.name).unwrap_err();
        assert!(err.contains("CLERK_API_URL"));
    }
}
