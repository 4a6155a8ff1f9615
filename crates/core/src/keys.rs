//! RSA keys for RS256/384/512: parsed once (PEM, DER or JWK) and cached, so a
//! verification never parses a key. aws-lc-rs does the cryptography.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::PublicKeyComponents;
use aws_lc_rs::signature::{
    self, ParsedPublicKey, RsaKeyPair, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_2048_8192_SHA384,
    RSA_PKCS1_2048_8192_SHA512,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{PrivatePkcs8KeyDer, SubjectPublicKeyInfoDer};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A public RSA key, ready for each of the three JWT algorithms.
pub struct RsaKey {
    rs256: ParsedPublicKey,
    rs384: ParsedPublicKey,
    rs512: ParsedPublicKey,
    /// The one algorithm the key may be used with (a JWK's `alg`; `RS256` for a jwtKey,
    /// as v4 imports it), or any of the three.
    alg: Option<String>,
    /// Why the key may not verify at all: its JWK's `use` or `key_ops` say it is not a
    /// verification key (WebCrypto's refusal, which v4 surfaces verbatim).
    refused: Option<&'static str>,
}

/// What WebCrypto says when a key's `alg` is not the token's (v4 surfaces it verbatim).
pub const ALG_MISMATCH: &str = "DataError: JWK \"alg\" does not match the requested algorithm";
/// WebCrypto's refusal of a JWK whose `use` is not `sig`.
pub const USE_NOT_SIG: &str = "DataError: Invalid JWK \"use\" Parameter";
/// WebCrypto's refusal of a JWK whose `key_ops` do not include `verify`.
pub const OPS_NOT_VERIFY: &str = "DataError: Key operations and usage mismatch";

impl RsaKey {
    /// From DER: SubjectPublicKeyInfo (a PEM `PUBLIC KEY`) or PKCS#1 `RSA PUBLIC KEY`.
    pub fn from_der(der: &[u8]) -> Result<Self, String> {
        let parse = |alg| {
            ParsedPublicKey::new(alg, der)
                .map_err(|e| format!("not an RSA public key of 2048 to 8192 bits ({e})"))
        };
        Ok(RsaKey {
            rs256: parse(&RSA_PKCS1_2048_8192_SHA256)?,
            rs384: parse(&RSA_PKCS1_2048_8192_SHA384)?,
            rs512: parse(&RSA_PKCS1_2048_8192_SHA512)?,
            alg: None,
            refused: None,
        })
    }

    /// From a JWK object (`n`, `e`, `alg`), refused for verifying as WebCrypto refuses
    /// it when its `use` is not `sig` or its `key_ops` lack `verify`.
    pub fn from_jwk_value(jwk: &serde_json::Value) -> Result<Self, String> {
        use serde_json::Value;
        let field = |name: &str| jwk.get(name).and_then(Value::as_str);
        let mut key = Self::from_jwk(field("n").unwrap_or(""), field("e").unwrap_or(""))?
            .only_for(field("alg"));
        key.refused = match (jwk.get("use"), jwk.get("key_ops")) {
            (Some(u), _) if u.as_str() != Some("sig") => Some(USE_NOT_SIG),
            (_, Some(ops))
                if !ops
                    .as_array()
                    .is_some_and(|ops| ops.iter().any(|op| op == "verify")) =>
            {
                Some(OPS_NOT_VERIFY)
            }
            _ => None,
        };
        Ok(key)
    }

    /// Binds the key to one algorithm.
    pub fn only_for(mut self, alg: Option<&str>) -> Self {
        self.alg = alg.filter(|a| !a.is_empty()).map(str::to_string);
        self
    }

    /// From a PEM public key, in the forms v4 accepts: with or without line breaks, or
    /// the bare base64 body.
    pub fn from_pem(pem: &str) -> Result<Self, String> {
        if let Ok(der) = SubjectPublicKeyInfoDer::from_pem_slice(pem.as_bytes()) {
            return Self::from_der(der.as_ref());
        }
        Self::from_der(&pem_body(pem)?)
    }

    /// From a JWK's base64url `n` and `e`.
    pub fn from_jwk(n: &str, e: &str) -> Result<Self, String> {
        let n = crate::jwt::b64url_decode(n).ok_or("the JWK's n is not base64url")?;
        let e = crate::jwt::b64url_decode(e).ok_or("the JWK's e is not base64url")?;
        let strip = |v: Vec<u8>| {
            let first = v.iter().position(|b| *b != 0).unwrap_or(v.len());
            v[first..].to_vec()
        };
        let components = PublicKeyComponents {
            n: strip(n),
            e: strip(e),
        };
        let der = components
            .as_der()
            .map_err(|_| "the JWK's n and e do not form an RSA key".to_string())?;
        Self::from_der(der.as_ref())
    }

    /// `Ok(false)` for a signature that does not match.
    pub fn verify(&self, alg: &str, signed: &[u8], signature: &[u8]) -> Result<bool, String> {
        if let Some(why) = self.refused {
            return Err(why.into());
        }
        if self.alg.as_deref().is_some_and(|bound| bound != alg) {
            return Err(ALG_MISMATCH.into());
        }
        let key = match alg {
            "RS256" => &self.rs256,
            "RS384" => &self.rs384,
            "RS512" => &self.rs512,
            other => {
                return Err(format!(
                    "Unsupported algorithm {other}, expected one of RS256,RS384,RS512."
                ))
            }
        };
        Ok(key.verify_sig(signed, signature).is_ok())
    }
}

/// The DER inside a PEM, the way v4 reads it: drop the `-----BEGIN/END ...-----` lines
/// and every space, then base64 (also repairing `\n` written literally, as in .env files).
fn pem_body(pem: &str) -> Result<Vec<u8>, String> {
    use base64::Engine;
    let mut body = pem.replace("\\n", "\n");
    for marker in ["-----BEGIN", "-----END"] {
        while let Some(start) = body.find(marker) {
            let rest = &body[start + marker.len()..];
            let Some(end) = rest.find("-----") else { break };
            body.replace_range(start..start + marker.len() + end + 5, "");
        }
    }
    body.retain(|c| !c.is_whitespace());
    base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map_err(|_| "the key is not PEM (base64 between BEGIN and END lines)".to_string())
}

/// Parsed keys by their PEM text and bound algorithm (`""`: none): each jwtKey stands
/// alone (S2), parsed once.
pub fn from_pem_cached(pem: &str, alg: &str) -> Result<Arc<RsaKey>, String> {
    // Most processes use one key: check it before hashing the PEM into the map.
    thread_local! {
        static LAST: std::cell::RefCell<Option<(String, String, Arc<RsaKey>)>> = const { std::cell::RefCell::new(None) };
    }
    let last = LAST.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(p, a, _)| p == pem && a == alg)
            .map(|(_, _, k)| k.clone())
    });
    if let Some(k) = last {
        return Ok(k);
    }
    let key = from_pem_map(pem, alg)?;
    LAST.with(|l| *l.borrow_mut() = Some((pem.to_string(), alg.to_string(), key.clone())));
    Ok(key)
}

fn from_pem_map(pem: &str, alg: &str) -> Result<Arc<RsaKey>, String> {
    type Cache = HashMap<(String, String), Arc<RsaKey>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let id = (pem.to_string(), alg.to_string());
    if let Some(k) = cache.lock().ok().and_then(|c| c.get(&id).cloned()) {
        return Ok(k);
    }
    let key = Arc::new(RsaKey::from_pem(pem)?.only_for(Some(alg)));
    if let Ok(mut c) = cache.lock() {
        if c.len() >= 256 {
            c.clear();
        }
        c.insert(id, key.clone());
    }
    Ok(key)
}

/// DER as PEM text with `\n` line ends (what `CLERK_JWT_KEY` users paste and compare).
pub fn to_pem(label: &str, der: &[u8]) -> String {
    let config = pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF);
    pem::encode_config(&pem::Pem::new(label, der.to_vec()), config)
}

/// `signJwt`: RSASSA-PKCS1-v1_5 with a PKCS#8 PEM private key.
pub fn sign(pem: &str, alg: &str, message: &[u8]) -> Result<Vec<u8>, String> {
    let der = match PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes()) {
        Ok(d) => d.secret_pkcs8_der().to_vec(),
        Err(_) => pem_body(pem)?,
    };
    let pair =
        RsaKeyPair::from_pkcs8(&der).map_err(|e| format!("not a PKCS#8 RSA private key ({e})"))?;
    let padding: &'static dyn signature::RsaEncoding = match alg {
        "RS256" => &signature::RSA_PKCS1_SHA256,
        "RS384" => &signature::RSA_PKCS1_SHA384,
        "RS512" => &signature::RSA_PKCS1_SHA512,
        other => {
            return Err(format!(
                "Unsupported algorithm {other}, expected one of RS256,RS384,RS512."
            ))
        }
    };
    let mut sig = vec![0u8; pair.public_modulus_len()];
    pair.sign(
        padding,
        &aws_lc_rs::rand::SystemRandom::new(),
        message,
        &mut sig,
    )
    .map_err(|_| "signing failed".to_string())?;
    Ok(sig)
}

#[cfg(any(test, feature = "test-keys"))]
pub mod tests {
    use super::*;

    /// A 2048-bit test key pair, generated for these tests only.
    pub fn pair() -> (String, String) {
        use aws_lc_rs::encoding::AsDer;
        use aws_lc_rs::rsa::{KeySize, PrivateDecryptingKey};
        let private = PrivateDecryptingKey::generate(KeySize::Rsa2048).unwrap();
        let pkcs8 = private.as_der().unwrap();
        let spki = private.public_key().as_der().unwrap();
        (
            to_pem("PRIVATE KEY", pkcs8.as_ref()),
            to_pem("PUBLIC KEY", spki.as_ref()),
        )
    }

    #[test]
    fn sign_and_verify_in_every_pem_form() {
        let (private, public) = pair();
        let sig = sign(&private, "RS256", b"a.b").unwrap();
        for form in [
            public.clone(),
            public.replace('\n', ""),
            public.replace('\n', "\\n"),
            public
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        ] {
            let key = RsaKey::from_pem(&form).unwrap();
            assert!(key.verify("RS256", b"a.b", &sig).unwrap());
            assert!(!key.verify("RS256", b"a.c", &sig).unwrap());
            assert!(!key.verify("RS384", b"a.b", &sig).unwrap());
        }
        let bound = RsaKey::from_pem(&public).unwrap().only_for(Some("RS256"));
        assert_eq!(
            bound.verify("RS512", b"a.b", &sig),
            Err(ALG_MISMATCH.to_string())
        );
        assert!(RsaKey::from_pem("not a key").is_err());
    }
}
