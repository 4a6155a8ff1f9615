//! `authenticateRequest`: v4's request-state machine (surface.md §h), as one synchronous
//! call. It answers the state, or asks the shell to fetch JWKS keys and call again.

use crate::interstitial::frontend_api_from_publishable_key;
use crate::jwt::{DecodeError, TokenError};
use crate::verify::{self, Outcome, VerifyOptions};
use napi_derive::napi;
use serde_json::{json, Value};
use std::sync::Arc;

/// The request and the options of one authentication, as the shell collected them.
#[derive(Default, Clone)]
pub struct AuthInput {
    /// The `Authorization` header, or an explicit `headerToken`.
    pub authorization: Option<String>,
    /// The `Cookie` header.
    pub cookie: Option<String>,
    pub cookie_token: Option<String>,
    pub client_uat: Option<String>,
    pub origin: Option<String>,
    pub host: Option<String>,
    pub forwarded_host: Option<String>,
    pub forwarded_port: Option<String>,
    pub forwarded_proto: Option<String>,
    pub referrer: Option<String>,
    pub user_agent: Option<String>,
    /// Query parameters of the request URL that v4 reads.
    pub clerk_synced: Option<String>,
    pub clerk_satellite_url: Option<String>,
    /// D5: the `_clerk_session_id` query parameter.
    pub session_id: Option<String>,
    /// The request path (`req.url`), to resolve a relative proxy URL.
    pub path: Option<String>,

    pub secret_key: Option<String>,
    pub api_key: Option<String>,
    pub jwt_key: Option<String>,
    pub api_url: Option<String>,
    pub api_version: Option<String>,
    pub publishable_key: Option<String>,
    pub frontend_api: Option<String>,
    pub proxy_url: Option<String>,
    pub domain: Option<String>,
    pub sign_in_url: Option<String>,
    pub is_satellite: Option<bool>,
    /// The `audience` option, as JSON.
    pub audience: Option<String>,
    pub authorized_parties: Option<Vec<String>>,

    /// A JWKS fetch was just attempted.
    pub after_fetch: bool,
    /// What JS's `JSON.parse` says of an undecodable token part (v4's exact message).
    pub syntax_message: Option<String>,
    /// Run as sdk-node's middlewares do: satellite options fall back to the environment
    /// and are checked before authenticating.
    pub middleware: bool,
    /// The connection is TLS (`req.connection.encrypted`).
    pub encrypted: bool,
}

/// Bits of the `flags` argument of `authenticateRequest`.
pub mod flags {
    pub const SATELLITE_TRUE: u32 = 1;
    pub const SATELLITE_FALSE: u32 = 2;
    pub const AFTER_FETCH: u32 = 4;
    pub const MIDDLEWARE: u32 = 8;
    pub const ENCRYPTED: u32 = 16;
}

impl AuthInput {
    /// From the shell's packed form: `request` and `options` are NUL-separated fields
    /// (empty: absent) in a fixed order — one string each across the boundary instead of
    /// a property read per field.
    ///
    /// request: authorization, cookie, origin, host, forwardedHost, forwardedPort,
    /// forwardedProto, referrer, userAgent, sessionId, clerkSynced, clerkSatelliteUrl,
    /// path, cookieToken, clientUat.
    /// options: secretKey, apiKey, jwtKey, apiUrl, apiVersion, publishableKey,
    /// frontendApi, proxyUrl, domain, signInUrl, audience (JSON), authorizedParties
    /// (a JSON array of strings), syntaxMessage.
    pub fn unpack(request: &str, options: &str, bits: u32) -> Self {
        let mut r = request
            .split('\0')
            .map(|v| (!v.is_empty()).then(|| v.to_string()));
        let mut o = options
            .split('\0')
            .map(|v| (!v.is_empty()).then(|| v.to_string()));
        let next = |it: &mut dyn Iterator<Item = Option<String>>| it.next().flatten();
        AuthInput {
            authorization: next(&mut r),
            cookie: next(&mut r),
            origin: next(&mut r),
            host: next(&mut r),
            forwarded_host: next(&mut r),
            forwarded_port: next(&mut r),
            forwarded_proto: next(&mut r),
            referrer: next(&mut r),
            user_agent: next(&mut r),
            session_id: next(&mut r),
            clerk_synced: next(&mut r),
            clerk_satellite_url: next(&mut r),
            path: next(&mut r),
            cookie_token: next(&mut r),
            client_uat: next(&mut r),
            secret_key: next(&mut o),
            api_key: next(&mut o),
            jwt_key: next(&mut o),
            api_url: next(&mut o),
            api_version: next(&mut o),
            publishable_key: next(&mut o),
            frontend_api: next(&mut o),
            proxy_url: next(&mut o),
            domain: next(&mut o),
            sign_in_url: next(&mut o),
            audience: next(&mut o),
            authorized_parties: next(&mut o).map(|p| serde_json::from_str(&p).unwrap_or_default()),
            syntax_message: next(&mut o),
            is_satellite: if bits & flags::SATELLITE_TRUE != 0 {
                Some(true)
            } else if bits & flags::SATELLITE_FALSE != 0 {
                Some(false)
            } else {
                None
            },
            after_fetch: bits & flags::AFTER_FETCH != 0,
            middleware: bits & flags::MIDDLEWARE != 0,
            encrypted: bits & flags::ENCRYPTED != 0,
        }
    }

    /// sdk-node's middleware layer: the satellite options fall back to the environment
    /// (a relative proxy URL is resolved against the request URL), then are checked.
    fn middleware_options(&mut self) -> Result<(), String> {
        let env = crate::config::env;
        let satellite = self
            .is_satellite
            .unwrap_or_else(|| env("CLERK_IS_SATELLITE").as_deref() == Some("true"));
        self.domain = self.domain.take().or_else(|| env("CLERK_DOMAIN"));
        self.sign_in_url = self.sign_in_url.take().or_else(|| env("CLERK_SIGN_IN_URL"));
        self.proxy_url = self.proxy_url.take().or_else(|| env("CLERK_PROXY_URL"));
        if let Some(relative) = self.proxy_url.clone().filter(|p| p.starts_with('/')) {
            self.proxy_url = Some(
                self.request_url()
                    .and_then(|u| u.join(&relative).ok())
                    .map(|u| u.to_string())
                    .unwrap_or(relative),
            );
        }
        if satellite && self.proxy_url.is_none() && self.domain.is_none() {
            return Err("Missing domain and proxyUrl. A satellite application needs to specify a domain or a proxyUrl".into());
        }
        self.is_satellite = Some(satellite);
        Ok(())
    }

    /// sdk-node's second check, once the secret key is known: a dev satellite needs an
    /// absolute sign-in URL.
    fn check_satellite_sign_in_url(&self) -> Result<(), String> {
        let key = nz(&self.secret_key).or(nz(&self.api_key)).unwrap_or("");
        let http = self
            .sign_in_url
            .as_deref()
            .is_some_and(|u| u.starts_with("http://") || u.starts_with("https://"));
        if self.is_satellite == Some(true) && !http && is_dev_key(key) {
            return Err("\nInvalid signInUrl. A satellite application requires a signInUrl for development instances.\nCheck if signInUrl is missing from your configuration or if it is not an absolute URL.".into());
        }
        Ok(())
    }

    /// The URL the browser asked for, as v4's `buildRequestUrl` rebuilds it (no query).
    fn request_url(&self) -> Option<reqwest::Url> {
        let first = |v: &Option<String>| {
            v.as_deref()
                .map(|s| s.split(',').next().unwrap_or("").to_string())
        };
        let proto = first(&self.forwarded_proto).unwrap_or_else(|| {
            if self.encrypted {
                "https".into()
            } else {
                "http".into()
            }
        });
        let host = first(&self.forwarded_host)
            .or_else(|| self.host.clone())
            .unwrap_or_else(|| "clerk-dummy".into());
        let base = reqwest::Url::parse(&format!("{proto}://{host}")).ok()?;
        let mut url = base.join(self.path.as_deref().unwrap_or("/")).ok()?;
        url.set_query(None);
        Some(url)
    }

    /// What the client's own options (and the environment, D2) supply where the call
    /// gave nothing: v4's `runtime || buildtime`.
    pub fn fill_from(&mut self, o: &crate::config::Options) {
        let fill = |v: &mut Option<String>, with: &dyn Fn() -> Option<String>| {
            if v.is_none() {
                *v = with();
            }
        };
        fill(&mut self.secret_key, &|| o.secret_key());
        if self.secret_key.is_none() {
            fill(&mut self.api_key, &|| o.api_key());
        }
        fill(&mut self.jwt_key, &|| o.jwt_key());
        fill(&mut self.publishable_key, &|| o.publishable_key());
        // The API location matters only for keys fetched from its JWKS.
        if self.jwt_key.is_none() {
            fill(&mut self.api_url, &|| Some(o.api_url()));
            fill(&mut self.api_version, &|| Some(o.api_version()));
        }
        let derivable = self
            .publishable_key
            .as_deref()
            .and_then(crate::interstitial::frontend_api_from_publishable_key)
            .is_some();
        if !derivable {
            fill(&mut self.frontend_api, &|| o.frontend_api());
        }
        fill(&mut self.proxy_url, &|| o.proxy_url());
        fill(&mut self.domain, &|| o.domain());
        fill(&mut self.audience, &|| o.audience.clone());
        if self.is_satellite != Some(true) && o.is_satellite() {
            self.is_satellite = Some(true);
        }
    }
}

fn nz(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

fn is_dev_key(key: &str) -> bool {
    key.starts_with("test_") || key.starts_with("sk_test_")
}

fn is_prod_key(key: &str) -> bool {
    key.starts_with("live_") || key.starts_with("sk_live_")
}

/// v4's browser test: `^Mozilla/` or `Amazon CloudFront`.
fn is_browser(ua: Option<&str>) -> bool {
    ua.is_some_and(|ua| ua.starts_with("Mozilla/") || ua.contains("Amazon CloudFront"))
}

/// v4's cross-origin check: the request's origin (forwarded headers first) against `url`'s.
fn is_cross_origin(url: &str, i: &AuthInput) -> Result<bool, String> {
    let parsed = reqwest::Url::parse(url).map_err(|_| "Invalid URL".to_string())?;
    let first = |v: Option<&str>| v.map(|s| s.split(',').next().unwrap_or("").to_string());
    let host = first(nz(&i.forwarded_host)).or_else(|| nz(&i.host).map(str::to_string));
    let proto =
        first(nz(&i.forwarded_proto)).unwrap_or_else(|| parsed.scheme().replacen(':', "", 1));
    let Some(host) = host.filter(|h| !h.is_empty()) else {
        return Ok(false);
    };
    if proto.is_empty() {
        return Ok(false);
    }
    let request_origin = match reqwest::Url::parse(&format!("{proto}://{host}")) {
        Ok(u) => u.origin().ascii_serialization(),
        Err(_) => return Err("Invalid URL".into()),
    };
    Ok(request_origin != parsed.origin().ascii_serialization())
}

/// Cookies as v4 reads them: `cookie.parse` (first value wins, quotes dropped, percent
/// decoded when that yields text, else kept raw), then `%XX` runs decoded once more.
pub(crate) fn cookie_value(header: &str, name: &str) -> Option<String> {
    for c in cookie::Cookie::split_parse(header).flatten() {
        if c.name() == name {
            let v = c.value();
            let v = v
                .strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .unwrap_or(v);
            return Some(
                match percent_encoding::percent_decode_str(v).decode_utf8() {
                    Ok(decoded) => decoded.into_owned(),
                    Err(_) => v.to_string(),
                },
            );
        }
    }
    None
}

enum State {
    SignedIn {
        token: String,
        claims: String,
        claims_value: Arc<crate::jwt::Claims>,
    },
    SignedOut(String, String),
    Interstitial(String, String),
    Unknown(String, String),
}

/// `getFullMessage()` of a TokenVerificationError.
fn full_message(e: &TokenError, carrier: &str) -> String {
    let mut parts = vec![e.message.as_str()];
    if let Some(a) = e.action {
        parts.push(a);
    }
    format!(
        "{} (reason={}, token-carrier={carrier})",
        parts.join(" "),
        e.reason
    )
}

/// What one run of the machine came to: a state, a fetch to do first, or an exception.
pub enum Answer {
    /// The state's JSON, and (for the middlewares) until when the same inputs give the
    /// same answer (epoch ms; see `Machine::memo_until`).
    State(String, Option<f64>),
    Fetch(String),
    /// An `Error` v4 throws (missing key, satellite misconfiguration).
    Thrown(String),
    /// The DOMException `atob` throws on a publishable key that is not base64.
    InvalidCharacter,
    /// The machine needs JS's message for an unparseable token part (`JSON.parse(text)`).
    NeedSyntaxMessage(String),
}

struct Machine<'a> {
    i: &'a AuthInput,
    /// Until when this run's answer holds for the same inputs: forever when no token was
    /// verified, the token's remembered lifetime when one was, never when a verification
    /// failed (messages then carry times, and a fetch may change the outcome).
    memo_until: std::cell::Cell<f64>,
    key: String,
    frontend_api: Option<String>,
    header_token: Option<String>,
    cookie_token: Option<String>,
    client_uat: Option<String>,
}

enum Verified {
    Ok(String, Arc<crate::jwt::Claims>),
    Err(TokenError),
    Unexpected(String),
}

impl Machine<'_> {
    fn verify(&self, token: &str) -> Result<Verified, Answer> {
        let i = self.i;
        let satellite = i.is_satellite == Some(true);
        let proxy = if satellite { None } else { nz(&i.proxy_url) };
        let opts = VerifyOptions {
            jwt_key: i.jwt_key.clone(),
            secret_key: nz(&i.secret_key).or(nz(&i.api_key)).map(str::to_string),
            api_url: i.api_url.clone(),
            api_version: i.api_version.clone(),
            // The proxy URL is compared with `iss` as in v4, but never fetched from (S11).
            issuer: proxy.map(str::to_string),
            keys_from_api_only: true,
            clerk_issuer: !satellite && proxy.is_none(),
            audience: i.audience.clone(),
            authorized_parties: i.authorized_parties.clone(),
            after_fetch: i.after_fetch,
            ..Default::default()
        };
        let outcome = verify::verify(token, &opts);
        self.memo_until.set(match &outcome {
            Outcome::Verified(_, claims) => self.memo_until.get().min(opts.valid_until_ms(claims)),
            _ => f64::NEG_INFINITY,
        });
        Ok(match outcome {
            Outcome::Verified(text, value) => Verified::Ok(text.to_string(), value),
            Outcome::Token(e) | Outcome::Syntax(DecodeError::Token(e)) => Verified::Err(e),
            Outcome::Syntax(DecodeError::Base64(m)) | Outcome::Syntax(DecodeError::Type(m)) => {
                Verified::Unexpected(m)
            }
            // The middlewares never use a caller's issuer function.
            Outcome::NeedIssuer(_) => Verified::Unexpected("issuer resolver unavailable".into()),
            Outcome::Syntax(DecodeError::Json(text)) => match &i.syntax_message {
                Some(m) => Verified::Unexpected(m.clone()),
                None => return Err(Answer::NeedSyntaxMessage(text)),
            },
            Outcome::Thrown(m) => Verified::Unexpected(m),
            Outcome::Fetch(src) => {
                return Err(Answer::Fetch(
                    json!({ "url": src.url, "secretKey": src.secret_key }).to_string(),
                ))
            }
        })
    }

    fn header_flow(&self, token: &str) -> Result<State, Answer> {
        Ok(match self.verify(token)? {
            Verified::Ok(claims, v) => State::SignedIn {
                token: token.to_string(),
                claims,
                claims_value: v,
            },
            Verified::Err(e) if matches!(e.reason, "token-expired" | "token-not-active-yet") => {
                State::Unknown(e.reason.into(), full_message(&e, "header"))
            }
            Verified::Err(e) => State::SignedOut(e.reason.into(), full_message(&e, "header")),
            Verified::Unexpected(m) => State::SignedOut("unexpected-error".into(), m),
        })
    }

    fn cookie_flow(&self) -> Result<State, Answer> {
        let i = self.i;
        let dev = is_dev_key(&self.key);
        let browser = is_browser(nz(&i.user_agent));
        let uat = self.client_uat.as_deref();
        let signed_out_ish = uat.is_none_or(|u| u.is_empty() || u == "0");
        let out = |r: &str| Ok(State::SignedOut(r.into(), String::new()));
        let inter = |r: &str| Ok(State::Interstitial(r.into(), String::new()));
        let unexpected = |m: String| Ok(State::SignedOut("unexpected-error".into(), m));

        if let Some(origin) = nz(&i.origin) {
            match is_cross_origin(origin, i) {
                Ok(true) => return out("header-missing-cors"),
                Ok(false) => {}
                Err(m) => return unexpected(m),
            }
        }
        if dev && !browser {
            return out("header-missing-non-browser");
        }
        let satellite = i.is_satellite == Some(true);
        if satellite && signed_out_ish && !browser {
            return out("satellite-needs-syncing");
        }
        if satellite && signed_out_ish && i.clerk_synced.as_deref() != Some("true") {
            return inter("satellite-needs-syncing");
        }
        if dev && !satellite && nz(&i.clerk_satellite_url).is_some() {
            return inter("primary-responds-to-syncing");
        }
        if is_prod_key(&self.key)
            && uat.is_none_or(str::is_empty)
            && self.cookie_token.as_deref().is_none_or(str::is_empty)
        {
            return out("cookie-and-uat-missing");
        }
        if dev && uat.is_none_or(str::is_empty) {
            return inter("uat-missing");
        }
        if dev {
            if let Some(referrer) = nz(&i.referrer) {
                match is_cross_origin(referrer, i) {
                    Ok(true) => return inter("cross-origin-referrer"),
                    Ok(false) => {}
                    Err(m) => return unexpected(m),
                }
            }
        }
        let uat_number = uat.map(parse_int);
        if uat_number.is_some_and(|n| n > 0.0)
            && self.cookie_token.as_deref().is_none_or(str::is_empty)
        {
            return inter("cookie-missing");
        }
        if uat == Some("0") {
            return out("standard-signed-out");
        }
        let token = self.cookie_token.clone().unwrap_or_default();
        Ok(match self.verify(&token)? {
            Verified::Ok(claims, v) => {
                let iat = v.get("iat").and_then(Value::as_f64);
                // `jwt.iat < parseInt(clientUat)`: false when either side is NaN.
                let outdated = match (iat, uat_number) {
                    (Some(iat), Some(u)) if !u.is_nan() => iat < u,
                    _ => false,
                };
                if uat.is_none_or(str::is_empty) || outdated {
                    State::Interstitial("cookie-outdated".into(), String::new())
                } else {
                    State::SignedIn {
                        token,
                        claims,
                        claims_value: v,
                    }
                }
            }
            Verified::Err(e) if matches!(e.reason, "token-expired" | "token-not-active-yet") => {
                State::Interstitial(e.reason.into(), full_message(&e, "cookie"))
            }
            Verified::Err(e) => State::SignedOut(e.reason.into(), full_message(&e, "cookie")),
            Verified::Unexpected(m) => State::SignedOut("unexpected-error".into(), m),
        })
    }
}

/// JS's `Number.parseInt`: leading whitespace, sign, digits; NaN when none.
fn parse_int(s: &str) -> f64 {
    let t = s.trim_start();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let end = digits
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    if end == 0 {
        return f64::NAN;
    }
    let n: f64 = digits[..end].parse().unwrap_or(f64::NAN);
    if neg {
        -n
    } else {
        n
    }
}

/// Runs the state machine once.
pub fn authenticate(i: &AuthInput) -> Answer {
    // v4 parses the publishable key first, and `atob` throws on a key that is not base64.
    if let Some(pk) = nz(&i.publishable_key) {
        if (pk.starts_with("pk_live_") || pk.starts_with("pk_test_"))
            && !crate::interstitial::atob_accepts(pk.split('_').nth(2).unwrap_or(""))
        {
            return Answer::InvalidCharacter;
        }
    }
    let key = nz(&i.secret_key)
        .or(nz(&i.api_key))
        .unwrap_or("")
        .to_string();
    if key.is_empty() {
        return Answer::Thrown(crate::error::MISSING_KEY.into());
    }
    if i.is_satellite == Some(true) {
        if nz(&i.sign_in_url).is_none() && is_dev_key(&key) {
            return Answer::Thrown(
                "Missing signInUrl. Pass a signInUrl for dev instances if an app is satellite"
                    .into(),
            );
        }
        if let (Some(sign_in), Some(origin)) = (nz(&i.sign_in_url), nz(&i.origin)) {
            match reqwest::Url::parse(sign_in) {
                Err(_) => return Answer::Thrown("The signInUrl needs to have a absolute url format.".into()),
                Ok(u) if u.origin().ascii_serialization() == origin => {
                    return Answer::Thrown("The signInUrl needs to be on a different origin than your satellite application.".into())
                }
                Ok(_) => {}
            }
        }
        if nz(&i.proxy_url).is_none() && nz(&i.domain).is_none() {
            return Answer::Thrown("Missing domain and proxyUrl. A satellite application needs to specify a domain or a proxyUrl".into());
        }
    }
    let cookie = |name: &str| nz(&i.cookie).and_then(|h| cookie_value(h, name));
    // `"Bearer "` is removed once, wherever it is (v4's `replace`).
    let header_token = nz(&i.authorization)
        .map(|a| a.replacen("Bearer ", "", 1))
        .filter(|t| !t.is_empty());
    let m = Machine {
        i,
        memo_until: std::cell::Cell::new(f64::INFINITY),
        frontend_api: frontend_api_from_publishable_key(nz(&i.publishable_key).unwrap_or(""))
            .or_else(|| nz(&i.frontend_api).map(str::to_string)),
        cookie_token: nz(&i.cookie_token)
            .map(str::to_string)
            .or_else(|| cookie("__session")),
        client_uat: nz(&i.client_uat)
            .map(str::to_string)
            .or_else(|| cookie("__client_uat")),
        header_token,
        key,
    };
    let (state, carrier) = match m.header_token.as_deref() {
        Some(t) => (m.header_flow(t), "header"),
        None => (m.cookie_flow(), "cookie"),
    };
    let mut state = match state {
        Ok(s) => s,
        Err(answer) => return answer,
    };
    // D5: a `_clerk_session_id` that is not the token's session signs the request out.
    if let (State::SignedIn { claims_value, .. }, Some(wanted)) = (&state, nz(&i.session_id)) {
        if claims_value.get("sid").and_then(Value::as_str) != Some(wanted) {
            state = State::SignedOut(
                "session-id-mismatch".into(),
                format!("The _clerk_session_id query parameter ({wanted}) does not name the session of the token."),
            );
        }
    }
    let (status, reason, message, token, claims) = match &state {
        State::SignedIn { token, claims, .. } => (
            "signed-in",
            None,
            None,
            Some(token.as_str()),
            Some(claims.as_str()),
        ),
        State::SignedOut(r, m) => ("signed-out", Some(r.as_str()), Some(m.as_str()), None, None),
        State::Interstitial(r, m) => (
            "interstitial",
            Some(r.as_str()),
            Some(m.as_str()),
            None,
            None,
        ),
        State::Unknown(r, m) => ("unknown", Some(r.as_str()), Some(m.as_str()), None, None),
    };
    let logging = crate::config::logging_enabled();
    if logging {
        eprintln!(
            "[clerk] authenticate -> {status}{}",
            reason.map(|r| format!(" ({r})")).unwrap_or_default()
        );
    }
    // The state as JSON, written directly; the claims are spliced in as the token carried
    // them.
    let mut out =
        String::with_capacity(256 + claims.map_or(0, str::len) + token.map_or(0, str::len) * 2);
    let mut put = |key: &str, value: Option<&str>| {
        if out.is_empty() {
            out.push('{');
        } else {
            out.push(',');
        }
        out.push('"');
        out.push_str(key);
        out.push_str("\":");
        match value {
            Some(v) => out.push_str(&serde_json::to_string(v).unwrap_or_default()),
            None => out.push_str("null"),
        }
    };
    put("status", Some(status));
    put("reason", reason);
    put("message", message);
    put("token", token);
    put("tokenCarrier", Some(carrier));
    put("frontendApi", Some(m.frontend_api.as_deref().unwrap_or("")));
    put(
        "publishableKey",
        Some(i.publishable_key.as_deref().unwrap_or("")),
    );
    put("proxyUrl", Some(i.proxy_url.as_deref().unwrap_or("")));
    put("domain", Some(i.domain.as_deref().unwrap_or("")));
    put("signInUrl", i.sign_in_url.as_deref());
    // The header token is the state's token when the header flow verified it: not sent twice.
    let header_token = m
        .header_token
        .as_deref()
        .filter(|h| !(carrier == "header" && token == Some(*h)));
    put("headerToken", header_token);
    put("cookieToken", m.cookie_token.as_deref());
    put("clientUat", m.client_uat.as_deref());
    out.push_str(if i.is_satellite == Some(true) {
        ",\"isSatellite\":true"
    } else {
        ",\"isSatellite\":false"
    });
    if let Some(c) = claims {
        out.push_str(",\"claims\":");
        out.push_str(c);
    }
    out.push('}');
    // A remembered answer would skip the log line.
    let memo = (i.middleware && !logging).then(|| m.memo_until.get());
    Answer::State(out, memo)
}

/// Runs the sdk-node middleware layer when asked, lets `fill` supply what is still
/// missing, then runs the state machine.
pub fn run(mut input: AuthInput, fill: impl FnOnce(&mut AuthInput)) -> String {
    if input.middleware {
        if let Err(m) = input.middleware_options() {
            return encode(Answer::Thrown(m));
        }
    }
    // Checked on the middleware's own satellite flag, before the client's joins in.
    let middleware_satellite = input.middleware && input.is_satellite == Some(true);
    fill(&mut input);
    if middleware_satellite {
        if let Err(m) = input.check_satellite_sign_in_url() {
            return encode(Answer::Thrown(m));
        }
    }
    encode(authenticate(&input))
}

/// `authenticateRequest` with explicit options (see `AuthInput::unpack`): `A` + state
/// JSON, `F` + JWKS source to fetch first, `E` + the message of an Error to throw, `D` +
/// a DOMException's, or `S` + a token part for JS to `JSON.parse` (then call again with
/// `syntaxMessage`).
#[napi(catch_unwind)]
pub fn authenticate_request(request: String, options: String, flags: u32) -> String {
    run(AuthInput::unpack(&request, &options, flags), |_| {})
}

pub fn encode(answer: Answer) -> String {
    match answer {
        // `M` + until (epoch ms, or Infinity) + `;` + the state: the middlewares may
        // answer the same request again from memory until then (lib/memo.js).
        Answer::State(s, Some(until)) if until > crate::verify::now_ms() => {
            let until = if until.is_finite() {
                until.to_string()
            } else {
                "Infinity".into()
            };
            format!("M{until};{s}")
        }
        Answer::State(s, _) => format!("A{s}"),
        Answer::Fetch(s) => format!("F{s}"),
        Answer::Thrown(m) => format!("E{m}"),
        Answer::InvalidCharacter => "DInvalid character".into(),
        Answer::NeedSyntaxMessage(t) => format!("S{t}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AuthInput {
        AuthInput {
            secret_key: Some("sk_test_x".into()),
            jwt_key: Some("unused".into()),
            ..Default::default()
        }
    }

    fn status(i: &AuthInput) -> String {
        match authenticate(i) {
            Answer::State(s, _) => {
                let v: Value = serde_json::from_str(&s).unwrap();
                format!(
                    "{} {}",
                    v["status"].as_str().unwrap(),
                    v["reason"].as_str().unwrap_or("")
                )
            }
            Answer::Thrown(m) => format!("thrown {m}"),
            Answer::Fetch(_) => "fetch".into(),
            Answer::InvalidCharacter => "invalid character".into(),
            Answer::NeedSyntaxMessage(_) => "syntax".into(),
        }
    }

    #[test]
    fn cookie_rules_in_v4_order() {
        let mut i = input();
        assert_eq!(status(&i), "signed-out header-missing-non-browser");
        i.user_agent = Some("Mozilla/5.0".into());
        assert_eq!(status(&i), "interstitial uat-missing");
        i.client_uat = Some("0".into());
        assert_eq!(status(&i), "signed-out standard-signed-out");
        i.client_uat = Some("1700000000".into());
        assert_eq!(status(&i), "interstitial cookie-missing");
        i.origin = Some("https://other.example".into());
        i.host = Some("app.example".into());
        assert_eq!(status(&i), "signed-out header-missing-cors");
        let mut p = input();
        p.secret_key = Some("sk_live_x".into());
        assert_eq!(status(&p), "signed-out cookie-and-uat-missing");
    }

    #[test]
    fn assertions_throw() {
        let mut i = input();
        i.secret_key = None;
        assert!(status(&i).starts_with("thrown Missing Clerk Secret Key"));
        let mut i = input();
        i.is_satellite = Some(true);
        assert!(status(&i).contains("Missing signInUrl"));
        i.sign_in_url = Some("https://primary.example/sign-in".into());
        assert!(status(&i).contains("Missing domain and proxyUrl"));
    }

    #[test]
    fn garbage_header_tokens_are_signed_out() {
        let mut i = input();
        i.authorization = Some("Bearer not-a-jwt".into());
        assert_eq!(status(&i), "signed-out token-invalid");
    }

    #[test]
    fn cookies_and_parse_int() {
        assert_eq!(
            cookie_value("a=1; __session=x%2By; __session=z", "__session").as_deref(),
            Some("x+y")
        );
        assert_eq!(parse_int(" 42abc"), 42.0);
        assert!(parse_int("x").is_nan());
    }
}
