//! Entry points of the fuzz targets (`fuzz/`, run with `cargo fuzz run NAME`) and of
//! their smoke runs in `cargo test`: each feeds arbitrary bytes to one parser of
//! untrusted input. None may panic; every outcome is a value or an error.

use crate::{auth, case, endpoints, jwks, jwt, keys, resources, verify};
use serde_json::Value;

/// Panics inside the addon, for the panic guard's test (tests/panic_guard.rs): the panic
/// must surface as a JS error and leave Node running. Exported only by builds with the
/// `fuzzing` feature.
#[cfg(feature = "fuzzing")]
#[napi_derive::napi(catch_unwind)]
pub fn panic_probe() -> napi::Result<()> {
    panic!("panic probe: a Rust panic reached the napi boundary");
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A session token from a request: decoding, the claim checks and the full verification.
pub fn jwt(data: &[u8]) {
    let token = text(data);
    if let Ok(d) = jwt::decode(&token) {
        let audience = Value::from("aud");
        let parties = jwt::AuthorizedParties::OneOf {
            entries: vec!["https://app.example.com".to_string()],
            shown: jwt::Shown::Text("https://app.example.com".into()),
        };
        let checks = jwt::Checks {
            audience: Some(&audience),
            authorized_parties: &parties,
            issuer: jwt::Issuer::Clerk,
            clock_skew_ms: 5000.0,
            now_ms: 1.7e12,
        };
        let _ = jwt::check_claims(&d, &checks);
    }
    let options = verify::VerifyOptions {
        jwt_key: Some(TEST_PEM.to_string()),
        clerk_issuer: true,
        ..Default::default()
    };
    let _ = verify::verify(&token, &options).encode();
}

/// Key names as callers write them.
pub fn case(data: &[u8]) {
    let _ = case::snake_case(&text(data));
}

/// Caller arguments (JSON) for every Backend API method: paths, queries and bodies.
pub fn query(data: &[u8]) {
    let Ok(args) = endpoints::Args::parse(&text(data), None) else {
        return;
    };
    for e in endpoints::all() {
        let _ = endpoints::build(e, &args.values);
        let _ = endpoints::build_page(e, &args.values, 10, 20);
    }
}

/// Cookie headers, alone and through the request state machine.
pub fn cookies(data: &[u8]) {
    let header = text(data);
    let _ = auth::cookie_value(&header, "__session");
    let input = auth::AuthInput {
        cookie: Some(header),
        secret_key: Some("sk_test_fuzz".into()),
        jwt_key: Some(TEST_PEM.to_string()),
        user_agent: Some("Mozilla/5.0".into()),
        ..Default::default()
    };
    let _ = auth::authenticate(&input);
}

/// PEM keys, JWK components and JWKS documents.
pub fn keys(data: &[u8]) {
    let s = text(data);
    let _ = keys::RsaKey::from_pem(&s);
    if let Some((n, e)) = s.split_once('.') {
        let _ = keys::RsaKey::from_jwk(n, e);
    }
    if let Ok(doc) = serde_json::from_slice::<Value>(data) {
        let _ = jwks::parse(&doc);
    }
}

/// Backend API answers, shaped into resources.
pub fn shape(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        let mut out = Vec::new();
        let _ = resources::deserialize(s, &mut out);
        for r in resources::RESOURCES {
            let _ = resources::from_json(r.name, s);
        }
    }
}

/// A 2048-bit public key (the fuzz targets never need a token that verifies).
pub const TEST_PEM: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6V7jPvBefL6zpNzE4L6h
pYxqXSu23RcKI5ed5dumbNNsivSgahDs94WAevZSTJPSPDq4o9eEi3Cb4SMxKs7j
miwkWiaWQhDJ/Soe9r47xupb+J6HeWhQrCQfM+cObNv4asyxjN5lhEAdIa152ntc
jMLr1dAU8CdxrCIVnbWj959dtoQoXDCNjDcDcm7qfEdzqQDQZNZf1M+CQIL30dLd
9/UN6tIWKDEKlRQ4pYLzckyjTqPsfeaQDXh2+h/IAI2IXo9nJ71T1QN/fIVQyn/W
LTxLR9LxFxfXK0enaXIzJ6nhLsBZZTTSEdQHyjW4D4Dsii2PlBiCr96uR5Dvmyph
4QIDAQAB
-----END PUBLIC KEY-----
";

#[cfg(test)]
mod tests {
    //! Smoke runs: the committed corpus seeds of each fuzz target, then thousands of
    //! deterministic mutations of them (bytes flipped, cut, repeated, spliced).
    use super::*;
    use std::path::Path;

    fn seeds(target: &str) -> Vec<Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target);
        let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .filter_map(|e| std::fs::read(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        assert!(!out.is_empty(), "no corpus seeds in {}", dir.display());
        out.sort();
        out
    }

    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    fn mutate(rng: &mut XorShift, seed: &[u8], other: &[u8]) -> Vec<u8> {
        let mut v = seed.to_vec();
        for _ in 0..=rng.below(4) {
            match rng.below(6) {
                0 if !v.is_empty() => {
                    let i = rng.below(v.len());
                    v[i] ^= 1 << rng.below(8);
                }
                1 if !v.is_empty() => {
                    let i = rng.below(v.len());
                    v.truncate(i);
                }
                2 => {
                    let i = rng.below(v.len() + 1);
                    v.insert(i, b"{}[]\".=%\\\0\xff"[rng.below(11)]);
                }
                3 if !v.is_empty() => {
                    let i = rng.below(v.len());
                    let chunk = v[i..].to_vec();
                    v.extend_from_slice(&chunk);
                }
                4 if !other.is_empty() => {
                    let i = rng.below(other.len());
                    v.extend_from_slice(&other[i..]);
                }
                _ => v.reverse(),
            }
        }
        v
    }

    fn smoke(target: &str, f: fn(&[u8]), rounds: usize) {
        let seeds = seeds(target);
        for s in &seeds {
            f(s);
        }
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..rounds {
            let a = &seeds[rng.below(seeds.len())];
            let b = &seeds[rng.below(seeds.len())];
            f(&mutate(&mut rng, a, b));
        }
    }

    #[test]
    fn smoke_jwt() {
        smoke("jwt", jwt, 1500);
    }

    #[test]
    fn smoke_case() {
        smoke("case", case, 5000);
    }

    #[test]
    fn smoke_query() {
        smoke("query", query, 2000);
    }

    #[test]
    fn smoke_cookies() {
        smoke("cookies", cookies, 2000);
    }

    #[test]
    fn smoke_keys() {
        smoke("keys", keys, 500);
    }

    #[test]
    fn smoke_shape() {
        smoke("shape", shape, 1500);
    }
}
