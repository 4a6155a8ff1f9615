//! `authenticateRequest`: v4's request-state machine (surface.md §h), as one synchronous
//! call. It answers the state, or asks the shell to fetch JWKS keys and call again.

use crate::contract::AuthAnswer;
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
    pub authorized_parties: crate::jwt::AuthorizedParties,

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
    /// (empty: absent) in the orders of `contract::REQUEST_FIELDS` and
    /// `contract::AUTH_OPTIONS` — one string each across the boundary instead of a
    /// property read per field.
    pub fn unpack(request: &str, options: &str, bits: u32) -> Self {
        use crate::contract::{AuthOption as O, RequestField as R, AUTH_OPTIONS, REQUEST_FIELDS};
        let mut i = AuthInput {
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
            ..Default::default()
        };
        let given = |v: &str| (!v.is_empty()).then(|| v.to_string());
        for (field, v) in REQUEST_FIELDS.iter().zip(request.split('\0')) {
            let slot = match field {
                R::Authorization => &mut i.authorization,
                R::Cookie => &mut i.cookie,
                R::Origin => &mut i.origin,
                R::Host => &mut i.host,
                R::ForwardedHost => &mut i.forwarded_host,
                R::ForwardedPort => &mut i.forwarded_port,
                R::ForwardedProto => &mut i.forwarded_proto,
                R::Referrer => &mut i.referrer,
                R::UserAgent => &mut i.user_agent,
                R::SessionId => &mut i.session_id,
                R::ClerkSynced => &mut i.clerk_synced,
                R::ClerkSatelliteUrl => &mut i.clerk_satellite_url,
                R::Path => &mut i.path,
                R::CookieToken => &mut i.cookie_token,
                R::ClientUat => &mut i.client_uat,
            };
            *slot = given(v);
        }
        for (field, v) in AUTH_OPTIONS.iter().zip(options.split('\0')) {
            let slot = match field {
                O::SecretKey => &mut i.secret_key,
                O::ApiKey => &mut i.api_key,
                O::JwtKey => &mut i.jwt_key,
                O::ApiUrl => &mut i.api_url,
                O::ApiVersion => &mut i.api_version,
                O::PublishableKey => &mut i.publishable_key,
                O::FrontendApi => &mut i.frontend_api,
                O::ProxyUrl => &mut i.proxy_url,
                O::Domain => &mut i.domain,
                O::SignInUrl => &mut i.sign_in_url,
                O::Audience => &mut i.audience,
                O::AuthorizedParties => {
                    if !v.is_empty() {
                        i.authorized_parties = crate::jwt::AuthorizedParties::from_json(v);
                    }
                    continue;
                }
                O::SyntaxMessage => &mut i.syntax_message,
            };
            *slot = given(v);
        }
        i
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

/// Why a request is not signed in: v4's `AuthErrorReason` for the rules of the cookie
/// flow, D5's mismatch, and the TokenVerificationError reason of a failed verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    HeaderMissingCors,
    HeaderMissingNonBrowser,
    SatelliteNeedsSyncing,
    PrimaryRespondsToSyncing,
    CookieAndUatMissing,
    UatMissing,
    CrossOriginReferrer,
    CookieMissing,
    StandardSignedOut,
    CookieOutdated,
    UnexpectedError,
    /// D5: `_clerk_session_id` does not name the token's session.
    SessionIdMismatch,
    /// The verification failed with this reason (`token-expired`, …).
    Token(&'static str),
}

impl Reason {
    /// The reason as v4 spells it (`x-clerk-auth-reason`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::HeaderMissingCors => "header-missing-cors",
            Reason::HeaderMissingNonBrowser => "header-missing-non-browser",
            Reason::SatelliteNeedsSyncing => "satellite-needs-syncing",
            Reason::PrimaryRespondsToSyncing => "primary-responds-to-syncing",
            Reason::CookieAndUatMissing => "cookie-and-uat-missing",
            Reason::UatMissing => "uat-missing",
            Reason::CrossOriginReferrer => "cross-origin-referrer",
            Reason::CookieMissing => "cookie-missing",
            Reason::StandardSignedOut => "standard-signed-out",
            Reason::CookieOutdated => "cookie-outdated",
            Reason::UnexpectedError => "unexpected-error",
            Reason::SessionIdMismatch => "session-id-mismatch",
            Reason::Token(r) => r,
        }
    }
}

enum State {
    SignedIn {
        token: String,
        claims: String,
        claims_value: Arc<crate::jwt::Claims>,
    },
    SignedOut(Reason, String),
    Interstitial(Reason, String),
    Unknown(Reason, String),
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

/// A rule of the cookie flow: a state when it decides the request, `None` to pass it on.
/// `Err`: an answer other than a state (a fetch first, JS's syntax message).
type Rule = fn(&Machine) -> Result<Option<State>, Answer>;

/// The cookie flow: v4's interstitial rules (`interstitialRule.ts`), by v4's names, in the
/// order `authenticateRequest` runs them; the first that decides gives the state.
const COOKIE_RULES: &[(&str, Rule)] = &[
    ("crossOriginRequestWithoutHeader", |m| {
        m.cross_origin_request_without_header()
    }),
    ("nonBrowserRequestInDevRule", |m| {
        m.non_browser_request_in_dev()
    }),
    ("isSatelliteAndNeedsSyncing", |m| {
        m.is_satellite_and_needs_syncing()
    }),
    ("isPrimaryInDevAndRedirectsToSatellite", |m| {
        m.is_primary_in_dev_and_redirects_to_satellite()
    }),
    ("potentialFirstRequestOnProductionEnvironment", |m| {
        m.potential_first_request_on_production_environment()
    }),
    ("potentialFirstLoadInDevWhenUATMissing", |m| {
        m.potential_first_load_in_dev_when_uat_missing()
    }),
    (
        "potentialRequestAfterSignInOrOutFromClerkHostedUiInDev",
        |m| m.potential_request_after_sign_in_or_out_from_clerk_hosted_ui_in_dev(),
    ),
    ("hasPositiveClientUatButCookieIsMissing", |m| {
        m.has_positive_client_uat_but_cookie_is_missing()
    }),
    ("isNormalSignedOutState", |m| m.is_normal_signed_out_state()),
    ("hasValidCookieToken", |m| m.has_valid_cookie_token()),
];

fn signed_out(reason: Reason) -> Result<Option<State>, Answer> {
    Ok(Some(State::SignedOut(reason, String::new())))
}

fn interstitial(reason: Reason) -> Result<Option<State>, Answer> {
    Ok(Some(State::Interstitial(reason, String::new())))
}

fn unexpected(message: String) -> Result<Option<State>, Answer> {
    Ok(Some(State::SignedOut(Reason::UnexpectedError, message)))
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

    /// v4's `hasValidHeaderToken`: the header token decides alone.
    fn header_flow(&self, token: &str) -> Result<State, Answer> {
        Ok(match self.verify(token)? {
            Verified::Ok(claims, v) => State::SignedIn {
                token: token.to_string(),
                claims,
                claims_value: v,
            },
            Verified::Err(e) if matches!(e.reason, "token-expired" | "token-not-active-yet") => {
                State::Unknown(Reason::Token(e.reason), full_message(&e, "header"))
            }
            Verified::Err(e) => {
                State::SignedOut(Reason::Token(e.reason), full_message(&e, "header"))
            }
            Verified::Unexpected(m) => State::SignedOut(Reason::UnexpectedError, m),
        })
    }

    /// v4's `runInterstitialRules(COOKIE_RULES)`.
    fn cookie_flow(&self) -> Result<State, Answer> {
        for (_, rule) in COOKIE_RULES {
            if let Some(state) = rule(self)? {
                return Ok(state);
            }
        }
        Ok(State::SignedOut(Reason::UnexpectedError, String::new()))
    }

    fn dev(&self) -> bool {
        is_dev_key(&self.key)
    }

    fn browser(&self) -> bool {
        is_browser(nz(&self.i.user_agent))
    }

    fn satellite(&self) -> bool {
        self.i.is_satellite == Some(true)
    }

    fn uat(&self) -> Option<&str> {
        self.client_uat.as_deref()
    }

    fn no_cookie_token(&self) -> bool {
        self.cookie_token.as_deref().is_none_or(str::is_empty)
    }

    fn cross_origin_request_without_header(&self) -> Result<Option<State>, Answer> {
        match nz(&self.i.origin).map(|origin| is_cross_origin(origin, self.i)) {
            Some(Ok(true)) => signed_out(Reason::HeaderMissingCors),
            Some(Err(m)) => unexpected(m),
            _ => Ok(None),
        }
    }

    fn non_browser_request_in_dev(&self) -> Result<Option<State>, Answer> {
        if self.dev() && !self.browser() {
            return signed_out(Reason::HeaderMissingNonBrowser);
        }
        Ok(None)
    }

    fn is_satellite_and_needs_syncing(&self) -> Result<Option<State>, Answer> {
        let signed_out_ish = self.uat().is_none_or(|u| u.is_empty() || u == "0");
        if self.satellite() && signed_out_ish && !self.browser() {
            return signed_out(Reason::SatelliteNeedsSyncing);
        }
        if self.satellite() && signed_out_ish && self.i.clerk_synced.as_deref() != Some("true") {
            return interstitial(Reason::SatelliteNeedsSyncing);
        }
        Ok(None)
    }

    fn is_primary_in_dev_and_redirects_to_satellite(&self) -> Result<Option<State>, Answer> {
        if self.dev() && !self.satellite() && nz(&self.i.clerk_satellite_url).is_some() {
            return interstitial(Reason::PrimaryRespondsToSyncing);
        }
        Ok(None)
    }

    fn potential_first_request_on_production_environment(&self) -> Result<Option<State>, Answer> {
        if is_prod_key(&self.key) && self.uat().is_none_or(str::is_empty) && self.no_cookie_token()
        {
            return signed_out(Reason::CookieAndUatMissing);
        }
        Ok(None)
    }

    fn potential_first_load_in_dev_when_uat_missing(&self) -> Result<Option<State>, Answer> {
        if self.dev() && self.uat().is_none_or(str::is_empty) {
            return interstitial(Reason::UatMissing);
        }
        Ok(None)
    }

    fn potential_request_after_sign_in_or_out_from_clerk_hosted_ui_in_dev(
        &self,
    ) -> Result<Option<State>, Answer> {
        if !self.dev() {
            return Ok(None);
        }
        match nz(&self.i.referrer).map(|referrer| is_cross_origin(referrer, self.i)) {
            Some(Ok(true)) => interstitial(Reason::CrossOriginReferrer),
            Some(Err(m)) => unexpected(m),
            _ => Ok(None),
        }
    }

    fn has_positive_client_uat_but_cookie_is_missing(&self) -> Result<Option<State>, Answer> {
        if self.uat().map(parse_int).is_some_and(|n| n > 0.0) && self.no_cookie_token() {
            return interstitial(Reason::CookieMissing);
        }
        Ok(None)
    }

    fn is_normal_signed_out_state(&self) -> Result<Option<State>, Answer> {
        if self.uat() == Some("0") {
            return signed_out(Reason::StandardSignedOut);
        }
        Ok(None)
    }

    fn has_valid_cookie_token(&self) -> Result<Option<State>, Answer> {
        let token = self.cookie_token.clone().unwrap_or_default();
        let uat = self.uat();
        Ok(Some(match self.verify(&token)? {
            Verified::Ok(claims, v) => {
                let iat = v.get("iat").and_then(Value::as_f64);
                // `jwt.iat < parseInt(clientUat)`: false when either side is NaN.
                let outdated = match (iat, uat.map(parse_int)) {
                    (Some(iat), Some(u)) if !u.is_nan() => iat < u,
                    _ => false,
                };
                if uat.is_none_or(str::is_empty) || outdated {
                    State::Interstitial(Reason::CookieOutdated, String::new())
                } else {
                    State::SignedIn {
                        token,
                        claims,
                        claims_value: v,
                    }
                }
            }
            Verified::Err(e) if matches!(e.reason, "token-expired" | "token-not-active-yet") => {
                State::Interstitial(Reason::Token(e.reason), full_message(&e, "cookie"))
            }
            Verified::Err(e) => {
                State::SignedOut(Reason::Token(e.reason), full_message(&e, "cookie"))
            }
            Verified::Unexpected(m) => State::SignedOut(Reason::UnexpectedError, m),
        }))
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

/// What v4 checks before any flow, in its order: the publishable key decodes (`atob`),
/// a key is there, and a satellite is configured. The key to authenticate with, or the
/// exception v4 throws.
fn preconditions(i: &AuthInput) -> Result<String, Answer> {
    if let Some(pk) = nz(&i.publishable_key) {
        if (pk.starts_with("pk_live_") || pk.starts_with("pk_test_"))
            && !crate::interstitial::atob_accepts(pk.split('_').nth(2).unwrap_or(""))
        {
            return Err(Answer::InvalidCharacter);
        }
    }
    let key = nz(&i.secret_key)
        .or(nz(&i.api_key))
        .unwrap_or("")
        .to_string();
    if key.is_empty() {
        return Err(Answer::Thrown(crate::error::MISSING_KEY.into()));
    }
    if i.is_satellite == Some(true) {
        if nz(&i.sign_in_url).is_none() && is_dev_key(&key) {
            return Err(Answer::Thrown(
                "Missing signInUrl. Pass a signInUrl for dev instances if an app is satellite"
                    .into(),
            ));
        }
        if let (Some(sign_in), Some(origin)) = (nz(&i.sign_in_url), nz(&i.origin)) {
            match reqwest::Url::parse(sign_in) {
                Err(_) => return Err(Answer::Thrown("The signInUrl needs to have a absolute url format.".into())),
                Ok(u) if u.origin().ascii_serialization() == origin => {
                    return Err(Answer::Thrown("The signInUrl needs to be on a different origin than your satellite application.".into()))
                }
                Ok(_) => {}
            }
        }
        if nz(&i.proxy_url).is_none() && nz(&i.domain).is_none() {
            return Err(Answer::Thrown("Missing domain and proxyUrl. A satellite application needs to specify a domain or a proxyUrl".into()));
        }
    }
    Ok(key)
}

/// The request state as the shell reads it (lib/auth.js `requestState`). The claims come
/// last, as the token carried them (lib/memo.js finds them there: `contract::CLAIMS_FIELD`).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct StateJson<'a> {
    status: &'static str,
    reason: Option<&'static str>,
    message: Option<&'a str>,
    token: Option<&'a str>,
    token_carrier: &'static str,
    frontend_api: &'a str,
    publishable_key: &'a str,
    proxy_url: &'a str,
    domain: &'a str,
    sign_in_url: Option<&'a str>,
    /// Left out (null) when it is the state's token: not sent twice.
    header_token: Option<&'a str>,
    cookie_token: Option<&'a str>,
    client_uat: Option<&'a str>,
    is_satellite: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    claims: Option<&'a serde_json::value::RawValue>,
}

/// The state's JSON.
fn serialize(m: &Machine, state: &State, carrier: &'static str) -> String {
    let i = m.i;
    let (status, reason, message, token, claims) = match state {
        State::SignedIn { token, claims, .. } => (
            "signed-in",
            None,
            None,
            Some(token.as_str()),
            Some(claims.as_str()),
        ),
        State::SignedOut(r, msg) => ("signed-out", Some(*r), Some(msg.as_str()), None, None),
        State::Interstitial(r, msg) => ("interstitial", Some(*r), Some(msg.as_str()), None, None),
        State::Unknown(r, msg) => ("unknown", Some(*r), Some(msg.as_str()), None, None),
    };
    // The claims are the token's own JSON text (verified, so valid JSON).
    let raw: Option<Box<serde_json::value::RawValue>> =
        claims.and_then(|c| serde_json::value::RawValue::from_string(c.to_string()).ok());
    let json = StateJson {
        status,
        reason: reason.map(Reason::as_str),
        message,
        token,
        token_carrier: carrier,
        frontend_api: m.frontend_api.as_deref().unwrap_or(""),
        publishable_key: i.publishable_key.as_deref().unwrap_or(""),
        proxy_url: i.proxy_url.as_deref().unwrap_or(""),
        domain: i.domain.as_deref().unwrap_or(""),
        sign_in_url: i.sign_in_url.as_deref(),
        header_token: m
            .header_token
            .as_deref()
            .filter(|h| !(carrier == "header" && token == Some(*h))),
        cookie_token: m.cookie_token.as_deref(),
        client_uat: m.client_uat.as_deref(),
        is_satellite: i.is_satellite == Some(true),
        claims: raw.as_deref(),
    };
    serde_json::to_string(&json).unwrap_or_default()
}

/// Runs the state machine once: preconditions, then the header or the cookie flow, then
/// D5's session check; the state serialized.
pub fn authenticate(i: &AuthInput) -> Answer {
    let key = match preconditions(i) {
        Ok(key) => key,
        Err(answer) => return answer,
    };
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
                Reason::SessionIdMismatch,
                format!("The _clerk_session_id query parameter ({wanted}) does not name the session of the token."),
            );
        }
    }
    let logging = crate::config::logging_enabled();
    if logging {
        let reason = match &state {
            State::SignedIn { .. } => None,
            State::SignedOut(r, _) | State::Interstitial(r, _) | State::Unknown(r, _) => Some(*r),
        };
        let status = match &state {
            State::SignedIn { .. } => "signed-in",
            State::SignedOut(..) => "signed-out",
            State::Interstitial(..) => "interstitial",
            State::Unknown(..) => "unknown",
        };
        eprintln!(
            "[clerk] authenticate -> {status}{}",
            reason
                .map(|r| format!(" ({})", r.as_str()))
                .unwrap_or_default()
        );
    }
    let out = serialize(&m, &state, carrier);
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
            AuthAnswer::Remember.with(&format!("{until};{s}"))
        }
        Answer::State(s, _) => AuthAnswer::State.with(&s),
        Answer::Fetch(s) => AuthAnswer::Fetch.with(&s),
        Answer::Thrown(m) => AuthAnswer::Error.with(&m),
        Answer::InvalidCharacter => AuthAnswer::DomException.with("Invalid character"),
        Answer::NeedSyntaxMessage(t) => AuthAnswer::NeedSyntaxMessage.with(&t),
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

    /// One row per reason: the inputs that lead to it and the status it comes with.
    #[test]
    fn every_reason_has_its_row() {
        let prod = |f: &dyn Fn(&mut AuthInput)| {
            let mut i = AuthInput {
                secret_key: Some("sk_live_x".into()),
                jwt_key: Some("unused".into()),
                user_agent: Some("Mozilla/5.0".into()),
                host: Some("app.example.com".into()),
                ..Default::default()
            };
            f(&mut i);
            status(&i)
        };
        let dev = |f: &dyn Fn(&mut AuthInput)| {
            prod(&|i: &mut AuthInput| {
                i.secret_key = Some("sk_test_x".into());
                f(i)
            })
        };
        let rows: Vec<(Reason, &str, String)> = vec![
            (
                Reason::HeaderMissingCors,
                "signed-out",
                dev(&|i| i.origin = Some("https://evil.example.com".into())),
            ),
            (
                Reason::HeaderMissingNonBrowser,
                "signed-out",
                dev(&|i| i.user_agent = Some("curl/8".into())),
            ),
            (
                Reason::SatelliteNeedsSyncing,
                "interstitial",
                dev(&|i| {
                    i.is_satellite = Some(true);
                    i.domain = Some("sat.example.com".into());
                    i.sign_in_url = Some("https://primary.example.com/sign-in".into());
                }),
            ),
            (
                Reason::PrimaryRespondsToSyncing,
                "interstitial",
                dev(&|i| i.clerk_satellite_url = Some("https://sat.example.com".into())),
            ),
            (Reason::CookieAndUatMissing, "signed-out", prod(&|_| {})),
            (Reason::UatMissing, "interstitial", dev(&|_| {})),
            (
                Reason::CrossOriginReferrer,
                "interstitial",
                dev(&|i| {
                    i.client_uat = Some("1".into());
                    i.referrer = Some("https://accounts.example.com/sign-in".into());
                }),
            ),
            (
                Reason::CookieMissing,
                "interstitial",
                prod(&|i| i.client_uat = Some("12".into())),
            ),
            (
                Reason::StandardSignedOut,
                "signed-out",
                prod(&|i| {
                    i.client_uat = Some("0".into());
                    i.cookie_token = Some("t".into());
                }),
            ),
            (
                Reason::UnexpectedError,
                "signed-out",
                dev(&|i| i.origin = Some("not a url".into())),
            ),
            (
                Reason::Token("token-expired"),
                "unknown",
                prod(&|i| {
                    let (private, public) = crate::keys::tests::pair();
                    let exp = crate::verify::now_ms() / 1000.0 - 600.0;
                    let claims = serde_json::json!({"sub": "u", "iss": "https://clerk.example.com", "exp": exp});
                    let token = crate::verify::tests::mint(&private, claims);
                    i.authorization = Some(format!("Bearer {token}"));
                    i.jwt_key = Some(public);
                }),
            ),
        ];
        for (reason, wanted, got) in &rows {
            assert_eq!(got, &format!("{wanted} {}", reason.as_str()), "{reason:?}");
        }
        // The two that need a verified token (cookie-outdated, session-id-mismatch) are
        // rows of the node differential suites; every rule of the cookie flow has a row.
        assert_eq!(COOKIE_RULES.len(), 10);
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
