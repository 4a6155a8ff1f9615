//! Session JWTs: decoding and v4's claim checks, in v4's order and with v4's messages
//! (surface.md §g). Signature checks live in `keys.rs`; key lookup in the SDK crate's `verify.rs`.

pub use crate::parties::{AuthorizedParties, Shown};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine};
use serde_json::Value;

/// v4's TokenVerificationError: a reason, a message and maybe an action.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenError {
    pub reason: &'static str,
    pub message: String,
    pub action: Option<&'static str>,
}

pub const ENSURE_CLERK_JWT: &str = "Make sure that this is a valid Clerk generate JWT.";
pub const CONTACT_SUPPORT: &str = "Contact support@clerk.com";
pub const SET_JWT_KEY: &str = "Set the CLERK_JWT_KEY environment variable.";

impl TokenError {
    pub fn new(reason: &'static str, message: impl Into<String>) -> Self {
        TokenError {
            reason,
            message: message.into(),
            action: None,
        }
    }
    pub fn with_action(mut self, action: &'static str) -> Self {
        self.action = Some(action);
        self
    }
}

/// Why a token could not be decoded.
#[derive(Debug, PartialEq)]
pub enum DecodeError {
    Token(TokenError),
    /// v4's base64url parser throws a SyntaxError with this message.
    Base64(String),
    /// v4's `JSON.parse` throws a SyntaxError: the text is handed back to JS, whose own
    /// `JSON.parse` raises the very error v4 would.
    Json(String),
    /// v4 throws a TypeError (a payload that is not an object).
    Type(String),
}

pub struct Decoded<'t> {
    /// `header.payload`, the signed bytes.
    pub signed: &'t str,
    pub raw_header: &'t str,
    pub raw_payload: &'t str,
    pub raw_signature: &'t str,
    pub header: Value,
    /// The payload's JSON text, as sent (returned to JS unchanged).
    pub payload_text: String,
    pub claims: Claims,
    pub signature: Vec<u8>,
}

/// base64url, padding optional (v4 parses leniently).
const LOOSE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(false),
);

pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    b64url_decode_v4(s).ok()
}

/// base64url as v4's (rfc4648, loose) parser reads it, with its error messages.
pub fn b64url_decode_v4(s: &str) -> Result<Vec<u8>, String> {
    use base64::DecodeError as E;
    LOOSE.decode(s.trim_end_matches('=')).map_err(|e| match e {
        E::InvalidByte(_, b) => format!("Invalid character {}", b as char),
        _ => "Unexpected end of data".to_string(),
    })
}

pub fn b64url_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A compact JWT: `header.payload` (base64url of the JSON texts) and the base64url
/// signature `sign` gives for it.
pub fn compact<E>(
    header_json: &str,
    payload_json: &str,
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
) -> Result<String, E> {
    let signing_input = format!(
        "{}.{}",
        b64url_encode(header_json.as_bytes()),
        b64url_encode(payload_json.as_bytes())
    );
    let sig = sign(signing_input.as_bytes())?;
    Ok(format!("{signing_input}.{}", b64url_encode(&sig)))
}

/// The claims v4 checks, and the ones the request-state machine reads. Only these are
/// parsed: the payload's text goes back to JS as sent.
#[derive(Default, Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Claims {
    #[serde(default, deserialize_with = "present")]
    pub sub: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    pub aud: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    pub azp: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    pub iss: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    pub exp: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    pub nbf: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    pub iat: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    pub sid: Option<Value>,
}

/// A claim that is present, `null` included (only a missing claim is `None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    <Value as serde::Deserialize>::deserialize(d).map(Some)
}

impl Claims {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match key {
            "sub" => self.sub.as_ref(),
            "aud" => self.aud.as_ref(),
            "azp" => self.azp.as_ref(),
            "iss" => self.iss.as_ref(),
            "exp" => self.exp.as_ref(),
            "nbf" => self.nbf.as_ref(),
            "iat" => self.iat.as_ref(),
            "sid" => self.sid.as_ref(),
            _ => None,
        }
    }

    /// From a parsed payload of any shape (a key sent twice: the last one, as JSON.parse).
    fn from_value(v: &Value) -> Self {
        let get = |k: &str| v.get(k).cloned();
        Claims {
            sub: get("sub"),
            aud: get("aud"),
            azp: get("azp"),
            iss: get("iss"),
            exp: get("exp"),
            nbf: get("nbf"),
            iat: get("iat"),
            sid: get("sid"),
        }
    }
}

/// Decoded bytes as text: valid UTF-8 (always, for a real token) as is; anything else as
/// TextDecoder reads it, with replacement characters.
fn utf8_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn json_part(raw: &str) -> Result<(String, Value), DecodeError> {
    let bytes = b64url_decode_v4(raw).map_err(DecodeError::Base64)?;
    let text = utf8_text(bytes);
    match serde_json::from_str(&text) {
        Ok(v) => Ok((text, v)),
        Err(_) => Err(DecodeError::Json(text)),
    }
}

/// v4's `decodeJwt`: three dot-separated parts, JSON header and payload.
pub fn decode(token: &str) -> Result<Decoded<'_>, DecodeError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DecodeError::Token(TokenError::new(
            "token-invalid",
            "Invalid JWT form. A JWT consists of three parts separated by dots.",
        )));
    };
    let (_, header) = json_part(h)?;
    let bytes = b64url_decode_v4(p).map_err(DecodeError::Base64)?;
    let payload_text = utf8_text(bytes);
    // The usual payload, an object with each claim once, parses straight into `Claims`;
    // anything else takes the general road, with v4's errors.
    let direct = payload_text.trim_start().starts_with('{');
    let claims = match serde_json::from_str::<Claims>(&payload_text) {
        Ok(c) if direct => c,
        _ => {
            let Ok(payload) = serde_json::from_str::<Value>(&payload_text) else {
                return Err(DecodeError::Json(payload_text));
            };
            // v4 defines its deprecated `orgs` accessor on the payload right away.
            match &payload {
                Value::Null => {
                    return Err(DecodeError::Type(
                        "Cannot read properties of null (reading 'orgs')".into(),
                    ))
                }
                Value::Object(_) | Value::Array(_) => {}
                _ => {
                    return Err(DecodeError::Type(
                        "Object.defineProperty called on non-object".into(),
                    ))
                }
            }
            Claims::from_value(&payload)
        }
    };
    let signature = b64url_decode_v4(s).map_err(DecodeError::Base64)?;
    Ok(Decoded {
        signed: &token[..h.len() + 1 + p.len()],
        raw_header: h,
        raw_payload: p,
        raw_signature: s,
        header,
        payload_text,
        claims,
        signature,
    })
}

/// `JSON.stringify(v)` for a value that may be undefined.
pub(crate) fn js_json(v: Option<&Value>) -> String {
    match v {
        None => "undefined".into(),
        Some(v) => v.to_string(),
    }
}

/// How the `iss` claim is checked.
pub enum Issuer<'a> {
    /// No issuer check (v4: satellite apps, or no issuer option).
    None,
    /// A string issuer: a present `iss` must equal it.
    Exact(&'a str),
    /// v4's built-in resolver: `iss` starts with `https://clerk.` or contains `.clerk.accounts`.
    Clerk,
    /// A caller's resolver function; `Err` is what it threw.
    Custom(&'a dyn Fn(Option<&Value>) -> Result<bool, String>),
    /// A caller's resolver that JS must call: checking stops here (`NeedIssuer`).
    Deferred,
}

/// What `check_claims` failed with: a token error, or an exception a resolver threw.
#[derive(Debug, PartialEq)]
pub enum ClaimError {
    Token(TokenError),
    Thrown(String),
    /// `Issuer::Deferred` reached: the `iss` claim as JSON (None: undefined).
    NeedIssuer(Option<String>),
}

impl From<TokenError> for ClaimError {
    fn from(e: TokenError) -> Self {
        ClaimError::Token(e)
    }
}

pub struct Checks<'a> {
    /// The `audience` option as given (a string or a list; S10).
    pub audience: Option<&'a Value>,
    pub authorized_parties: &'a AuthorizedParties,
    pub issuer: Issuer<'a>,
    pub clock_skew_ms: f64,
    pub now_ms: f64,
}

pub const ALGORITHMS: [&str; 3] = ["RS256", "RS384", "RS512"];

fn truthy(v: Option<&Value>) -> bool {
    v.is_some_and(crate::truthy)
}

/// `[v].flat()` without the falsy members (the lists later `@clerk/backend` compares).
fn truthy_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().filter(|i| truthy(Some(i))).collect(),
        Some(one) if truthy(Some(one)) => vec![one],
        _ => vec![],
    }
}

/// S10, as later `@clerk/backend` versions check it: when both the `audience` option and
/// the token's `aud` hold something, a string `aud` must be in the list and an array `aud`
/// must share a member with it. An `aud` of any other shape fails (closed). The message is
/// v4's.
fn check_audience(aud: Option<&Value>, audience: Option<&Value>) -> Result<(), TokenError> {
    let wanted = truthy_list(audience);
    if wanted.is_empty() || truthy_list(aud).is_empty() {
        return Ok(());
    }
    let aud = aud.expect("non-empty above");
    let ok = match aud {
        Value::String(_) => wanted.contains(&aud),
        Value::Array(items) => items.iter().any(|a| a.is_string() && wanted.contains(&a)),
        _ => false,
    };
    if ok {
        return Ok(());
    }
    // v4's words, which name a single `aud` as a one-member array.
    let shown = match aud {
        Value::Array(_) => aud.clone(),
        one => Value::Array(vec![one.clone()]),
    };
    Err(TokenError::new(
        "token-verification-failed",
        format!(
            "Invalid JWT audience claim array (aud) {shown}. Is not included in \"{}\".",
            Value::Array(wanted.into_iter().cloned().collect())
        ),
    )
    .with_action(ENSURE_CLERK_JWT))
}

/// Header and claim checks, in v4's order (typ, alg, sub, aud, azp, iss, exp, nbf, iat).
pub fn check_claims(d: &Decoded, c: &Checks) -> Result<(), ClaimError> {
    if let Some(typ) = d.header.get("typ") {
        if typ != "JWT" {
            return Err(TokenError::new(
                "token-invalid",
                format!("Invalid JWT type {typ}. Expected \"JWT\"."),
            )
            .with_action(ENSURE_CLERK_JWT)
            .into());
        }
    }
    let alg = d.header.get("alg");
    if !alg
        .and_then(Value::as_str)
        .is_some_and(|a| ALGORITHMS.contains(&a))
    {
        return Err(TokenError::new(
            "token-invalid-algorithm",
            format!(
                "Invalid JWT algorithm {}. Supported: {}.",
                js_json(alg),
                ALGORITHMS.join(",")
            ),
        )
        .with_action(ENSURE_CLERK_JWT)
        .into());
    }
    let claim = |k: &str| d.claims.get(k);
    let sub = claim("sub");
    if !sub.is_some_and(Value::is_string) {
        return Err(TokenError::new(
            "token-verification-failed",
            format!(
                "Subject claim (sub) is required and must be a string. Received {}.",
                js_json(sub)
            ),
        )
        .with_action(ENSURE_CLERK_JWT)
        .into());
    }
    check_audience(claim("aud"), c.audience)?;
    c.authorized_parties.check(claim("azp"))?;
    let iss = claim("iss");
    match &c.issuer {
        Issuer::None => {}
        Issuer::Exact(expected) => {
            if truthy(iss) && iss.and_then(Value::as_str) != Some(expected) {
                return Err(TokenError::new(
                    "token-invalid-issuer",
                    format!(
                        "Invalid JWT issuer claim (iss) {}. Expected \"{expected}\".",
                        js_json(iss)
                    ),
                )
                .into());
            }
        }
        Issuer::Clerk => {
            let ok = match iss {
                Some(Value::String(s)) => {
                    s.starts_with("https://clerk.") || s.contains(".clerk.accounts")
                }
                None | Some(Value::Null) => {
                    let what = if iss.is_none() { "undefined" } else { "null" };
                    return Err(ClaimError::Thrown(format!(
                        "Cannot read properties of {what} (reading 'startsWith')"
                    )));
                }
                Some(_) => {
                    return Err(ClaimError::Thrown(
                        "iss.startsWith is not a function".into(),
                    ))
                }
            };
            if !ok {
                return Err(resolver_failed().into());
            }
        }
        Issuer::Deferred => return Err(ClaimError::NeedIssuer(iss.map(Value::to_string))),
        Issuer::Custom(f) => {
            if !f(iss).map_err(ClaimError::Thrown)? {
                return Err(resolver_failed().into());
            }
        }
    }
    let exp = claim("exp");
    let Some(exp_s) = exp.and_then(Value::as_f64) else {
        return Err(TokenError::new(
            "token-verification-failed",
            format!(
                "Invalid JWT expiry date claim (exp) {}. Expected number.",
                js_json(exp)
            ),
        )
        .with_action(ENSURE_CLERK_JWT)
        .into());
    };
    let exp_ms = exp_s.trunc() * 1000.0;
    if exp_ms <= c.now_ms - c.clock_skew_ms {
        return Err(TokenError::new(
            "token-expired",
            format!(
                "JWT is expired. Expiry date: {}, Current date: {}.",
                utc_string(exp_ms),
                utc_string(c.now_ms)
            ),
        )
        .into());
    }
    for (key, label) in [("nbf", "nbf"), ("iat", "iat")] {
        let v = claim(key);
        let Some(v) = v else { continue };
        let Some(secs) = v.as_f64() else {
            let what = if key == "nbf" {
                "not before date"
            } else {
                "issued at date"
            };
            return Err(TokenError::new(
                "token-verification-failed",
                format!("Invalid JWT {what} claim ({label}) {v}. Expected number."),
            )
            .with_action(ENSURE_CLERK_JWT)
            .into());
        };
        let ms = secs.trunc() * 1000.0;
        if ms > c.now_ms + c.clock_skew_ms {
            let message = if key == "nbf" {
                format!(
                    "JWT cannot be used prior to not before date claim (nbf). Not before date: {}; Current date: {};",
                    utc_string(ms),
                    utc_string(c.now_ms)
                )
            } else {
                format!(
                    "JWT issued at date claim (iat) is in the future. Issued at date: {}; Current date: {};",
                    utc_string(ms),
                    utc_string(c.now_ms)
                )
            };
            return Err(TokenError::new("token-not-active-yet", message).into());
        }
    }
    Ok(())
}

fn resolver_failed() -> TokenError {
    TokenError::new(
        "token-invalid-issuer",
        "Failed JWT issuer resolver. Make sure that the resolver returns a truthy value.",
    )
}

/// `new Date(ms).toUTCString()`, e.g. `Tue, 14 Nov 2023 22:23:20 GMT`.
pub fn utc_string(ms: f64) -> String {
    // JS dates span ±8.64e15 ms around the epoch.
    if !ms.is_finite() || ms.abs() > 8.64e15 {
        return "Invalid Date".into();
    }
    let secs = (ms / 1000.0).floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let year = if year < 0 {
        format!("-{:06}", -year)
    } else {
        format!("{year:04}")
    };
    format!(
        "{weekday}, {d:02} {} {year} {h:02}:{m:02}:{s:02} GMT",
        MONTHS[(month - 1) as usize]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn token(header: Value, payload: Value) -> String {
        format!(
            "{}.{}.{}",
            b64url_encode(header.to_string().as_bytes()),
            b64url_encode(payload.to_string().as_bytes()),
            b64url_encode(b"sig")
        )
    }

    fn checks<'a>(now_ms: f64) -> Checks<'a> {
        Checks {
            audience: None,
            authorized_parties: &AuthorizedParties::Any,
            issuer: Issuer::None,
            clock_skew_ms: 5000.0,
            now_ms,
        }
    }

    fn reason(t: &str, c: &Checks) -> String {
        match check_claims(&decode(t).unwrap(), c) {
            Ok(()) => "ok".into(),
            Err(ClaimError::Token(e)) => e.reason.into(),
            Err(ClaimError::Thrown(m)) => format!("thrown: {m}"),
            Err(ClaimError::NeedIssuer(_)) => "need issuer".into(),
        }
    }

    const NOW: f64 = 1_800_000_000_000.0;

    #[test]
    fn utc_strings_match_javascript() {
        assert_eq!(
            utc_string(1_700_000_600_000.0),
            "Tue, 14 Nov 2023 22:23:20 GMT"
        );
        assert_eq!(
            utc_string(4_000_000_000_000.0),
            "Tue, 02 Oct 2096 07:06:40 GMT"
        );
        assert_eq!(utc_string(0.0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(utc_string(-1000.0), "Wed, 31 Dec 1969 23:59:59 GMT");
        assert_eq!(utc_string(f64::NAN), "Invalid Date");
    }

    #[test]
    fn forms_and_headers() {
        assert!(matches!(decode("a.b"), Err(DecodeError::Token(e)) if e.reason == "token-invalid"));
        assert_eq!(
            decode("!!.e30.x").err(),
            Some(DecodeError::Base64("Invalid character !".into()))
        );
        assert_eq!(
            decode("e30.eyJ.x").err(),
            Some(DecodeError::Base64("Unexpected end of data".into()))
        );
        assert!(
            matches!(decode("bm90IGpzb24.e30.x"), Err(DecodeError::Json(t)) if t == "not json")
        );
        let h = json!({"alg": "none", "typ": "JWT"});
        let t = token(h, json!({"sub": "u", "exp": 1}));
        assert_eq!(reason(&t, &checks(NOW)), "token-invalid-algorithm");
        let t = token(json!({"alg": "RS256", "typ": "JOSE"}), json!({}));
        assert_eq!(reason(&t, &checks(NOW)), "token-invalid");
    }

    #[test]
    fn time_claims_with_skew() {
        let h = json!({"alg": "RS256"});
        let exp = NOW / 1000.0;
        let t = token(h.clone(), json!({"sub": "u", "exp": exp + 10.0}));
        assert_eq!(reason(&t, &checks(NOW)), "ok");
        let t = token(h.clone(), json!({"sub": "u", "exp": exp - 4.0}));
        assert_eq!(reason(&t, &checks(NOW)), "ok", "within the 5 s skew");
        let t = token(h.clone(), json!({"sub": "u", "exp": exp - 5.0}));
        assert_eq!(reason(&t, &checks(NOW)), "token-expired");
        let t = token(
            h.clone(),
            json!({"sub": "u", "exp": exp + 60.0, "nbf": exp + 6.0}),
        );
        assert_eq!(reason(&t, &checks(NOW)), "token-not-active-yet");
        let t = token(
            h.clone(),
            json!({"sub": "u", "exp": exp + 60.0, "iat": "x"}),
        );
        assert_eq!(reason(&t, &checks(NOW)), "token-verification-failed");
        let t = token(h, json!({"sub": 5, "exp": exp}));
        assert_eq!(reason(&t, &checks(NOW)), "token-verification-failed");
    }

    #[test]
    fn audience_as_later_backend_versions() {
        let h = json!({"alg": "RS256"});
        let exp = NOW / 1000.0 + 60.0;
        let with_aud = |aud: Value| token(h.clone(), json!({"sub": "u", "exp": exp, "aud": aud}));
        let (a, list, mine) = (json!("a"), json!(["a", "b"]), json!("mine"));
        let mut c = checks(NOW);
        for (aud, audience, want) in [
            (json!("a"), &a, "ok"),
            (json!("a"), &list, "ok"),
            (json!("x"), &list, "token-verification-failed"),
            (json!(["x", "b"]), &list, "ok"),
            (json!(["other"]), &mine, "token-verification-failed"),
            (json!([1]), &mine, "token-verification-failed"),
            (json!(5), &mine, "token-verification-failed"),
            (json!(""), &mine, "ok"),
            (json!([]), &mine, "ok"),
        ] {
            c.audience = Some(audience);
            assert_eq!(
                reason(&with_aud(aud.clone()), &c),
                want,
                "{aud} vs {audience}"
            );
        }
        c.audience = Some(&mine);
        let err = check_claims(&decode(&with_aud(json!(["other"]))).unwrap(), &c).unwrap_err();
        assert_eq!(
            err,
            ClaimError::Token(
                TokenError::new(
                    "token-verification-failed",
                    r#"Invalid JWT audience claim array (aud) ["other"]. Is not included in "["mine"]"."#
                )
                .with_action(ENSURE_CLERK_JWT)
            )
        );
        let no_aud = token(h, json!({"sub": "u", "exp": exp}));
        assert_eq!(
            reason(&no_aud, &c),
            "ok",
            "session tokens carry azp, not aud"
        );
    }

    #[test]
    fn issuers() {
        let h = json!({"alg": "RS256"});
        let exp = NOW / 1000.0 + 60.0;
        let t = token(
            h.clone(),
            json!({"sub": "u", "exp": exp, "iss": "https://evil.example"}),
        );
        let mut c = checks(NOW);
        c.issuer = Issuer::Clerk;
        assert_eq!(reason(&t, &c), "token-invalid-issuer");
        c.issuer = Issuer::Exact("https://clerk.example.com");
        assert_eq!(reason(&t, &c), "token-invalid-issuer");
        let no_iss = token(h, json!({"sub": "u", "exp": exp}));
        assert_eq!(
            reason(&no_iss, &c),
            "ok",
            "a missing iss passes a string issuer"
        );
        c.issuer = Issuer::Clerk;
        assert!(reason(&no_iss, &c).starts_with("thrown: Cannot read properties of undefined"));
    }

    #[test]
    fn authorized_parties() {
        let h = json!({"alg": "RS256"});
        let exp = NOW / 1000.0 + 60.0;
        let parties = AuthorizedParties::OneOf {
            entries: vec!["https://a.example".to_string()],
            shown: Shown::Text("https://a.example".into()),
        };
        let mut c = checks(NOW);
        c.authorized_parties = &parties;
        let t = token(
            h.clone(),
            json!({"sub": "u", "exp": exp, "azp": "https://b.example"}),
        );
        assert_eq!(reason(&t, &c), "token-invalid-authorized-parties");
        let t = token(h, json!({"sub": "u", "exp": exp}));
        assert_eq!(reason(&t, &c), "ok");
    }
}
