//! `verifyToken` and the other token exports: key resolution (jwtKey, issuer JWKS,
//! Backend API JWKS), claim checks and the RSA check, plus a cache of verified tokens.
//! With a cached key this is one synchronous native call; a JWKS fetch is the only
//! asynchronous step (`fetchJwks`), after which the JS shell calls again.

use crate::contract::VerifyAnswer;
use crate::jwks::{self, Lookup, Source};
use crate::jwt::{
    self, AuthorizedParties, Checks, ClaimError, DecodeError, Issuer, TokenError, ENSURE_CLERK_JWT,
    SET_JWT_KEY,
};
use crate::keys::{self, RsaKey};
use crate::token_cache;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::{json, Value};
use std::hash::Hasher;
use std::sync::Arc;

/// v4's default clock skew (its constant is named in seconds but holds milliseconds).
pub const DEFAULT_CLOCK_SKEW_MS: f64 = 5000.0;

/// verifyToken's options, as the JS shell resolved them (passed positionally across
/// the boundary: a property read per field would cost more than the cache hit itself).
#[derive(Default, Clone)]
pub struct VerifyOptions {
    pub jwt_key: Option<String>,
    /// `secretKey || apiKey`.
    pub secret_key: Option<String>,
    pub api_url: Option<String>,
    pub api_version: Option<String>,
    /// A string issuer: checked against `iss`, and (unless `keys_from_api_only`) the
    /// source of the frontend API JWKS.
    pub issuer: Option<String>,
    /// S11: keys come only from the jwtKey or the configured Backend API, never from the
    /// issuer (the middlewares' issuer is a proxy URL a request's host may have named).
    pub keys_from_api_only: bool,
    /// v4's built-in Clerk issuer resolver.
    pub clerk_issuer: bool,
    /// The caller's issuer function will be asked for its verdict: stop at the issuer
    /// check and answer `I` with the `iss` claim.
    pub issuer_deferred: bool,
    /// A caller's issuer function, already applied by the shell to `iss`: its verdict,
    /// or the message it threw.
    pub issuer_verdict: Option<bool>,
    pub issuer_threw: Option<String>,
    /// The `audience` option, as JSON.
    pub audience: Option<String>,
    pub authorized_parties: AuthorizedParties,
    pub clock_skew_ms: Option<f64>,
    pub skip_jwks_cache: bool,
    /// A JWKS fetch was just attempted: use what is cached.
    pub after_fetch: bool,
    /// The algorithm the `jwtKey` is bound to: none given is `RS256` (v4 imports a jwtKey
    /// as an RS256 JWK); `""` binds it to none (`verifyJwt` with a PEM).
    pub key_alg: Option<String>,
}

/// Bits of the `flags` argument of `verifyToken`.
pub mod flags {
    pub const CLERK_ISSUER: u32 = 1;
    pub const ISSUER_DEFERRED: u32 = 2;
    pub const SKIP_JWKS_CACHE: u32 = 4;
    pub const AFTER_FETCH: u32 = 8;
    pub const ISSUER_TRUE: u32 = 16;
    pub const ISSUER_FALSE: u32 = 32;
    /// A client's options and the environment were already applied, when the call was
    /// made (a burst, lib/tokens.js): the client fills nothing in.
    pub const RESOLVED: u32 = 64;
}

impl VerifyOptions {
    /// From the positional arguments of the native `verifyToken`.
    #[allow(clippy::too_many_arguments)]
    pub fn from_args(
        jwt_key: Option<String>,
        secret_key: Option<String>,
        api_url: Option<String>,
        api_version: Option<String>,
        issuer: Option<String>,
        bits: u32,
        audience: Option<String>,
        authorized_parties: Option<String>,
        clock_skew_ms: Option<f64>,
        key_alg: Option<String>,
        issuer_threw: Option<String>,
    ) -> Self {
        let issuer_verdict = if bits & flags::ISSUER_TRUE != 0 {
            Some(true)
        } else if bits & flags::ISSUER_FALSE != 0 {
            Some(false)
        } else {
            None
        };
        VerifyOptions {
            jwt_key,
            secret_key,
            api_url,
            api_version,
            issuer,
            keys_from_api_only: false,
            clerk_issuer: bits & flags::CLERK_ISSUER != 0,
            issuer_deferred: bits & flags::ISSUER_DEFERRED != 0,
            issuer_verdict,
            issuer_threw,
            audience,
            authorized_parties: authorized_parties
                .as_deref()
                .map_or(AuthorizedParties::Any, AuthorizedParties::from_json),
            clock_skew_ms,
            skip_jwks_cache: bits & flags::SKIP_JWKS_CACHE != 0,
            after_fetch: bits & flags::AFTER_FETCH != 0,
            key_alg,
        }
    }
}

/// What one verification came to.
pub enum Outcome {
    /// The payload's JSON text and its claims.
    Verified(Arc<str>, Arc<jwt::Claims>),
    Token(TokenError),
    /// Undecodable: v4 raises a SyntaxError.
    Syntax(DecodeError),
    /// An exception v4 would raise from an issuer resolver.
    Thrown(String),
    /// Keys must be fetched from this source first.
    Fetch(Source),
    /// The caller's issuer function must judge this `iss` (JSON; None: undefined).
    NeedIssuer(Option<String>),
}

pub(crate) use clerk_core::now_ms;

fn hash_of<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        h.write(p);
        h.write_u8(0xff);
    }
    h.finish()
}

enum KeySource<'o> {
    /// A jwtKey PEM, borrowed from the options.
    Local(&'o str),
    Remote(Source),
}

/// The hash of a jwtKey PEM, remembered for the last one seen on this thread: an
/// application passes the same key on every call, and comparing it is cheaper than
/// hashing it again.
fn pem_hash(pem: &str) -> u64 {
    thread_local! {
        static LAST: std::cell::RefCell<(String, u64)> = const { std::cell::RefCell::new((String::new(), 0)) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != pem {
            *last = (pem.to_string(), hash_of([pem.as_bytes()]));
        }
        last.1
    })
}

/// What spreads tokens over the verified-token cache. A hit compares the whole token, so
/// this need not cover all of it: the last bytes (of the signature, which changes with
/// every byte signed) spread as well as the rest would.
fn token_hash(token: &str) -> u64 {
    let b = token.as_bytes();
    hash_of([&b[b.len().saturating_sub(48)..]])
}

impl VerifyOptions {
    fn key_source(&self) -> Option<KeySource<'_>> {
        let non_empty = |v: &Option<String>| v.as_ref().filter(|s| !s.is_empty()).cloned();
        if let Some(pem) = self.jwt_key.as_deref().filter(|s| !s.is_empty()) {
            return Some(KeySource::Local(pem));
        }
        if let Some(issuer) = non_empty(&self.issuer).filter(|_| !self.keys_from_api_only) {
            return Some(KeySource::Remote(Source {
                url: jwks::fapi_url(&issuer),
                secret_key: None,
            }));
        }
        let key = non_empty(&self.secret_key)?;
        let api_url =
            non_empty(&self.api_url).unwrap_or_else(|| crate::config::DEFAULT_API_URL.into());
        let api_version = non_empty(&self.api_version)
            .unwrap_or_else(|| crate::config::DEFAULT_API_VERSION.into());
        Some(KeySource::Remote(Source {
            url: jwks::bapi_url(&api_url, &api_version),
            secret_key: Some(key),
        }))
    }

    fn skew_ms(&self) -> f64 {
        self.clock_skew_ms
            .filter(|s| *s != 0.0 && s.is_finite())
            .unwrap_or(DEFAULT_CLOCK_SKEW_MS)
    }

    /// Until when a verified token's outcome may be remembered (no longer than fetched
    /// keys are served without a refetch): its `exp` less the size
    /// of the skew. A positive skew would accept it until `exp + skew` and a negative one
    /// only until `exp + skew` too, which is then before `exp`: `exp - |skew|` is never
    /// later than a fresh verification would accept.
    pub fn valid_until_ms(&self, claims: &jwt::Claims) -> f64 {
        let exp_ms = claims
            .exp
            .as_ref()
            .and_then(Value::as_f64)
            .unwrap_or(0.0)
            .trunc()
            * 1000.0;
        let until = exp_ms - self.skew_ms().abs();
        match self.key_source() {
            // A fresh verification refetches fetched keys once they are stale.
            Some(KeySource::Remote(src)) => {
                until.min(now_ms() + jwks::fresh_for(&src).as_secs_f64() * 1000.0)
            }
            _ => until,
        }
    }

    /// A hash of everything a verification's outcome depends on besides the token and
    /// the clock; `None` when the outcome may change (a caller's issuer function).
    fn fingerprint(&self, source: &KeySource) -> Option<u64> {
        if self.issuer_verdict.is_some() || self.issuer_threw.is_some() || self.issuer_deferred {
            return None;
        }
        let pem;
        let (kind, a, b): (&[u8], &[u8], &[u8]) = match source {
            KeySource::Local(p) => {
                pem = pem_hash(p).to_le_bytes();
                (
                    b"L",
                    &pem,
                    self.key_alg.as_deref().unwrap_or("RS256").as_bytes(),
                )
            }
            KeySource::Remote(s) => (
                b"R",
                s.url.as_bytes(),
                s.secret_key.as_deref().unwrap_or("").as_bytes(),
            ),
        };
        let skew = self.clock_skew_ms.unwrap_or(0.0).to_bits().to_le_bytes();
        let clerk_issuer = [u8::from(self.clerk_issuer)];
        // The parties option whole (its variant, each entry, the printed list): the
        // derived Hash writes each string's end and each list's length, so options that
        // differ in any way (`["a\u{1}b"]` and `["a", "b"]`, a string entry and a
        // non-string one that prints alike) never share a fingerprint.
        let mut parties = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&self.authorized_parties, &mut parties);
        let parties = parties.finish().to_le_bytes();
        Some(hash_of([
            kind,
            a,
            b,
            self.issuer.as_deref().unwrap_or("").as_bytes(),
            &clerk_issuer,
            self.audience.as_deref().unwrap_or("\u{0}").as_bytes(),
            &skew,
            &parties,
        ]))
    }
}

/// v4's `verifyToken(token, options)`.
pub fn verify(token: &str, o: &VerifyOptions) -> Outcome {
    let source = o.key_source();
    let cache_key = source
        .as_ref()
        .and_then(|s| o.fingerprint(s))
        .map(|f| (token_hash(token), f));
    let now = now_ms();
    // Read before the keys are looked up: a refetch that replaces them after this point
    // leaves what is admitted below stale, never fresh.
    let epoch = match &source {
        Some(KeySource::Remote(_)) => jwks::epoch(),
        _ => 0,
    };
    // skipJwksCache asks for the keys to be fetched: a remembered verification would skip it.
    let remembered = match &source {
        Some(KeySource::Remote(_)) if o.skip_jwks_cache => None,
        _ => cache_key.as_ref(),
    };
    if let Some(k) = remembered {
        if let Some(hit) = token_cache::get(k, token, now, epoch) {
            return Outcome::Verified(hit.0, hit.1);
        }
    }
    let decoded = match jwt::decode(token) {
        Ok(d) => d,
        Err(DecodeError::Token(e)) => return Outcome::Token(e),
        Err(e) => return Outcome::Syntax(e),
    };
    // `const { kid } = header`.
    if decoded.header.is_null() {
        return Outcome::Thrown(
            "Cannot destructure property 'kid' of 'header' as it is null.".into(),
        );
    }
    let key: Arc<RsaKey> = match source {
        Some(KeySource::Local(pem)) => match keys::from_pem_cached(pem, o.key_alg.as_deref().unwrap_or("RS256")) {
            Ok(k) => k,
            // v4 builds a key from whatever the PEM holds, and no signature matches it.
            Err(detail) => {
                return Outcome::Token(TokenError::new(
                    "token-invalid-signature",
                    format!("JWT signature is invalid. The jwtKey option (or CLERK_JWT_KEY) is not a usable RSA public key: {detail}."),
                ))
            }
        },
        Some(KeySource::Remote(ref src)) => {
            let kid = decoded.header.get("kid").map(|k| match k {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            let kid = kid.unwrap_or_else(|| "undefined".into());
            match jwks::lookup(src, &kid, o.skip_jwks_cache, o.after_fetch) {
                Lookup::Found(k) => k,
                Lookup::Fetch => return Outcome::Fetch(src.clone()),
                Lookup::Missing(e) => return Outcome::Token(e),
            }
        }
        None => {
            return Outcome::Token(
                TokenError::new("jwk-failed-to-resolve", "Failed to resolve JWK during verification.")
                    .with_action(SET_JWT_KEY),
            )
        }
    };

    let audience: Option<Value> = o
        .audience
        .as_deref()
        .and_then(|a| serde_json::from_str(a).ok());
    let custom = |_: Option<&Value>| match (&o.issuer_threw, o.issuer_verdict) {
        (Some(m), _) => Err(m.clone()),
        (None, v) => Ok(v.unwrap_or(false)),
    };
    let issuer = if o.issuer_verdict.is_some() || o.issuer_threw.is_some() {
        Issuer::Custom(&custom)
    } else if o.issuer_deferred {
        Issuer::Deferred
    } else if let Some(s) = o.issuer.as_deref().filter(|s| !s.is_empty()) {
        Issuer::Exact(s)
    } else if o.clerk_issuer {
        Issuer::Clerk
    } else {
        Issuer::None
    };
    let skew = o.skew_ms();
    let checks = Checks {
        audience: audience.as_ref(),
        authorized_parties: &o.authorized_parties,
        issuer,
        clock_skew_ms: skew,
        now_ms: now,
    };
    match jwt::check_claims(&decoded, &checks) {
        Ok(()) => {}
        Err(ClaimError::Token(e)) => return Outcome::Token(e),
        Err(ClaimError::Thrown(m)) => return Outcome::Thrown(m),
        Err(ClaimError::NeedIssuer(iss)) => return Outcome::NeedIssuer(iss),
    }
    let alg = decoded
        .header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or("");
    // RFC 7515: the signature is base64url without padding; a padded copy of a valid
    // signature would be a second string for one token.
    let padded = decoded.raw_signature.ends_with('=');
    match key.verify(alg, decoded.signed.as_bytes(), &decoded.signature) {
        Ok(true) if !padded => {}
        Ok(_) => {
            return Outcome::Token(TokenError::new(
                "token-invalid-signature",
                "JWT signature is invalid.",
            ))
        }
        Err(e) => {
            return Outcome::Token(
                TokenError::new(
                    "token-verification-failed",
                    format!("Error verifying JWT signature. {e}"),
                )
                .with_action(ENSURE_CLERK_JWT),
            )
        }
    }
    let payload_text: Arc<str> = Arc::from(decoded.payload_text.as_str());
    let payload = Arc::new(decoded.claims);
    if let Some(k) = cache_key {
        let until = o.valid_until_ms(&payload);
        token_cache::admit(k, token, &payload_text, &payload, until, now, epoch);
    }
    Outcome::Verified(payload_text, payload)
}

pub fn token_error_json(e: &TokenError) -> String {
    json!({ "reason": e.reason, "message": e.message, "action": e.action }).to_string()
}

impl Outcome {
    /// The envelope for the JS shell: `V` payload, `X` TokenVerificationError,
    /// `S` (JSON.parse this) / `B` SyntaxError, `T` TypeError, `F` fetch these keys first,
    /// `I` ask the caller's issuer function about this `iss` first.
    pub fn encode(&self) -> String {
        match self {
            Outcome::Verified(text, _) => VerifyAnswer::Verified.with(text),
            Outcome::Token(e) => VerifyAnswer::TokenError.with(&token_error_json(e)),
            Outcome::Syntax(DecodeError::Json(text)) => VerifyAnswer::JsonSyntax.with(text),
            Outcome::Syntax(DecodeError::Base64(m)) => VerifyAnswer::Base64Syntax.with(m),
            Outcome::Syntax(DecodeError::Token(e)) => {
                VerifyAnswer::TokenError.with(&token_error_json(e))
            }
            Outcome::Syntax(DecodeError::Type(m)) => VerifyAnswer::TypeError.with(m),
            Outcome::NeedIssuer(iss) => VerifyAnswer::NeedIssuer.with(iss.as_deref().unwrap_or("")),
            Outcome::Thrown(m) => VerifyAnswer::TypeError.with(m),
            Outcome::Fetch(s) => VerifyAnswer::Fetch
                .with(&json!({ "url": s.url, "secretKey": s.secret_key }).to_string()),
        }
    }
}

/// `verifyToken(token, options)`, options positional (see `VerifyOptions::from_args`);
/// see `Outcome::encode` for the answer.
#[allow(clippy::too_many_arguments)]
#[napi(catch_unwind)]
pub fn verify_token(
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
    let o = VerifyOptions::from_args(
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
    verify(&token, &o).encode()
}

/// Loads the keys of a JWKS source into its cache (never rejects: a failure is kept in
/// the cache and reported by the next `verifyToken`).
#[napi(catch_unwind, ts_return_type = "Promise<void>")]
pub fn fetch_jwks<'env>(
    env: &'env Env,
    url: String,
    secret_key: Option<String>,
) -> Result<PromiseRaw<'env, ()>> {
    // Settings (and env) are read here, on the JS thread.
    let settings = crate::config::Options::default().resolve();
    crate::http::client();
    let source = Source { url, secret_key };
    env.spawn_future(async move {
        jwks::fetch(source, settings).await;
        Ok(())
    })
}

/// Called by each new load of the SDK's JS module: the addon stays loaded for the whole
/// process (Jest loads the module anew per test file), and a fresh module instance must
/// not inherit another's JWKS or verified tokens (S2: caches are per instance).
#[napi(catch_unwind)]
pub fn forget_key_caches() {
    jwks::forget_all();
    crate::token_cache::forget_all();
}

/// `decodeJwt(token)`: `D` + `{header, payload, signature}` texts, or an error envelope.
#[napi(catch_unwind)]
pub fn decode_jwt(token: String) -> String {
    match jwt::decode(&token) {
        Ok(d) => VerifyAnswer::Decoded.with(
            &json!({
                "header": d.raw_header, "payload": d.raw_payload, "signature": d.raw_signature,
                "headerText": serde_json::to_string(&d.header).unwrap_or_default(),
                "payloadText": d.payload_text,
            })
            .to_string(),
        ),
        Err(e) => Outcome::Syntax(e).encode(),
    }
}

/// `hasValidSignature`: checks `signature` over `signed` with a PEM (SPKI) or JWK key.
#[napi(catch_unwind)]
pub fn has_valid_signature(
    alg: String,
    signed: String,
    signature: Buffer,
    pem: Option<String>,
    jwk: Option<String>,
) -> Result<bool> {
    let key = match (pem, jwk) {
        (Some(pem), _) => RsaKey::from_pem(&pem),
        (None, Some(jwk)) => {
            let v: Value =
                serde_json::from_str(&jwk).map_err(|e| Error::from_reason(e.to_string()))?;
            RsaKey::from_jwk_value(&v)
        }
        (None, None) => Err("no key given".into()),
    }
    .map_err(|e| Error::new(Status::InvalidArg, format!("hasValidSignature: {e}")))?;
    key.verify(&alg, signed.as_bytes(), &signature)
        .map_err(Error::from_reason)
}

/// `signJwt`: `header.payload.signature` for JSON texts, with a PKCS#8 PEM private key.
#[napi(catch_unwind)]
pub fn sign_jwt(
    header_json: String,
    payload_json: String,
    pem: String,
    alg: String,
) -> Result<String> {
    jwt::compact(&header_json, &payload_json, |input| {
        keys::sign(&pem, &alg, input)
    })
    .map_err(|e| Error::new(Status::InvalidArg, format!("signJwt: {e}")))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn mint(private: &str, claims: Value) -> String {
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": "k1"}).to_string();
        sign_jwt(
            header,
            claims.to_string(),
            private.to_string(),
            "RS256".into(),
        )
        .unwrap()
    }

    #[test]
    fn verifies_with_a_local_key_and_caches_the_result() {
        let (private, public) = crate::keys::tests::pair();
        let exp = now_ms() / 1000.0 + 600.0;
        let token = mint(
            &private,
            json!({"sub": "user_1", "exp": exp, "iss": "https://clerk.example.com"}),
        );
        let o = VerifyOptions {
            jwt_key: Some(public),
            clerk_issuer: true,
            ..Default::default()
        };
        for _ in 0..2 {
            match verify(&token, &o) {
                Outcome::Verified(text, v) => {
                    assert!(text.contains("user_1"));
                    assert_eq!(v.sub, Some(Value::from("user_1")));
                }
                other => panic!("{}", other.encode()),
            }
        }
        let (_, other_public) = crate::keys::tests::pair();
        let o = VerifyOptions {
            jwt_key: Some(other_public),
            ..Default::default()
        };
        assert!(
            verify(&token, &o)
                .encode()
                .contains("token-invalid-signature"),
            "each jwtKey stands alone"
        );
    }

    #[test]
    fn authorized_parties_that_print_alike_are_different_options() {
        let (private, public) = crate::keys::tests::pair();
        let exp = now_ms() / 1000.0 + 600.0;
        let token = mint(
            &private,
            json!({"sub": "user_1", "exp": exp, "azp": "https://a.example"}),
        );
        let with = |entries: &[&str], shown: &str| VerifyOptions {
            jwt_key: Some(public.clone()),
            authorized_parties: AuthorizedParties::OneOf {
                entries: entries.iter().map(|p| p.to_string()).collect(),
                shown: jwt::Shown::Text(shown.into()),
            },
            ..Default::default()
        };
        let refused = |o: &VerifyOptions| matches!(verify(&token, o), Outcome::Token(e) if e.reason == "token-invalid-authorized-parties");
        // Each verified twice first (a token is remembered from its second verification),
        // so a shared fingerprint would answer the next from the cache.
        for _ in 0..2 {
            assert!(matches!(
                verify(
                    &token,
                    &with(&["https://a.example", "x"], "https://a.example,x")
                ),
                Outcome::Verified(..)
            ));
        }
        assert!(refused(&with(
            &["https://a.example\u{1}x"],
            "https://a.example\u{1}x"
        )));
        for _ in 0..2 {
            assert!(matches!(
                verify(&token, &with(&["https://a.example"], "https://a.example")),
                Outcome::Verified(..)
            ));
        }
        // `[new String("https://a.example")]`: no string entry, printed the same.
        assert!(refused(&with(&[], "https://a.example")));
        let invalid = VerifyOptions {
            authorized_parties: AuthorizedParties::Invalid {
                got: "an object".into(),
            },
            ..with(&[], "")
        };
        assert!(
            matches!(verify(&token, &invalid), Outcome::Thrown(m) if m.contains("authorizedParties"))
        );
    }

    #[test]
    fn a_token_sharing_a_cached_tokens_signature_is_checked_on_its_own() {
        let (private, public) = crate::keys::tests::pair();
        let exp = now_ms() / 1000.0 + 600.0;
        let token = mint(&private, json!({"sub": "user_1", "exp": exp}));
        let o = VerifyOptions {
            jwt_key: Some(public),
            ..Default::default()
        };
        for _ in 0..2 {
            assert!(matches!(verify(&token, &o), Outcome::Verified(..)));
        }
        // Same signature (same cache slot), another payload: must not be a cache hit.
        let (head, rest) = token.split_once('.').unwrap();
        let (_, sig) = rest.split_once('.').unwrap();
        let payload =
            jwt::b64url_encode(json!({"sub": "user_2", "exp": exp}).to_string().as_bytes());
        let forged = format!("{head}.{payload}.{sig}");
        assert_eq!(token_hash(&forged), token_hash(&token));
        assert!(verify(&forged, &o)
            .encode()
            .contains("token-invalid-signature"));
        assert!(matches!(verify(&token, &o), Outcome::Verified(..)));
    }

    #[test]
    fn no_key_source_is_jwk_failed_to_resolve() {
        let (private, _) = crate::keys::tests::pair();
        let token = mint(&private, json!({"sub": "u", "exp": 1}));
        assert!(verify(&token, &VerifyOptions::default())
            .encode()
            .contains("jwk-failed-to-resolve"));
    }

    #[test]
    fn remote_keys_ask_for_a_fetch() {
        let (private, _) = crate::keys::tests::pair();
        let token = mint(&private, json!({"sub": "u", "exp": 1}));
        let o = VerifyOptions {
            secret_key: Some("sk_test_x".into()),
            api_url: Some("http://unit.invalid".into()),
            ..Default::default()
        };
        assert!(verify(&token, &o).encode().starts_with("F{"));
    }

    #[test]
    fn fetched_keys_not_held_leave_nothing_to_remember() {
        let claims: jwt::Claims = serde_json::from_value(json!({"exp": 4_000_000_000u64})).unwrap();
        let remote = VerifyOptions {
            secret_key: Some("sk_test_never_fetched".into()),
            api_url: Some("http://unit.invalid".into()),
            ..Default::default()
        };
        assert!(remote.valid_until_ms(&claims) <= now_ms());
        let local = VerifyOptions {
            jwt_key: Some("pem".into()),
            ..Default::default()
        };
        assert!(local.valid_until_ms(&claims) > now_ms());
    }
}
