//! The emulator's state: every record, the instance's keys and the id sequence. One
//! `Data` behind one mutex; it is also the JSON of a data file (`seed`, `save()`).

use super::allowlist_identifiers::AllowlistIdentifier;
use super::clients::Client;
use super::invitations::Invitation;
use super::memberships::Membership;
use super::organization_invitations::OrganizationInvitation;
use super::organizations::Organization;
use super::redirect_urls::RedirectUrl;
use super::sessions::Session;
use super::sign_in_tokens::SignInToken;
use super::users::User;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::hmac;
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{KeyPair, RsaKeyPair, RSA_PKCS1_SHA256};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The version of the data-file format this build writes and reads.
pub const DATA_VERSION: u32 = 1;

/// The emulated instance: keys, hosts and the id sequence. Saved with the records so a
/// restart keeps every token and key valid and goes on with the same ids.
#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct Instance {
    pub id: String,
    pub secret_key: String,
    /// Host of the emulated Frontend API (the `iss` of session tokens, in the
    /// publishable key).
    pub frontend_api: String,
    /// PKCS#8 PEM of the RSA-2048 key that signs session tokens.
    pub private_key: String,
    pub kid: String,
    /// Hex; ids are HMAC(salt, prefix and sequence number), so a seed gives the same ids.
    pub id_salt: String,
    pub next_id: u64,
}

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct Data {
    pub version: u32,
    pub instance: Instance,
    pub users: Vec<User>,
    pub sessions: Vec<Session>,
    pub clients: Vec<Client>,
    pub organizations: Vec<Organization>,
    pub memberships: Vec<Membership>,
    pub organization_invitations: Vec<OrganizationInvitation>,
    pub invitations: Vec<Invitation>,
    pub allowlist_identifiers: Vec<AllowlistIdentifier>,
    pub redirect_urls: Vec<RedirectUrl>,
    pub sign_in_tokens: Vec<SignInToken>,
}

/// The clock in whole milliseconds, as the emulator's records keep it.
pub fn now_ms() -> i64 {
    clerk_core::now_ms() as i64
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // The system RNG does not fail on Linux; zeros would only make ids predictable.
    let _ = SystemRandom::new().fill(&mut b);
    b
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// 27 base-62 characters, the length of a Clerk id's body.
fn base62_27(bytes: &[u8]) -> String {
    bytes
        .iter()
        .cycle()
        .take(27)
        .enumerate()
        .map(|(i, b)| BASE62[(*b as usize + i * 7) % 62] as char)
        .collect()
}

impl Data {
    /// A new instance: fresh RSA key, secret key and id salt.
    pub fn fresh(secret_key: Option<String>) -> Result<Data, String> {
        let pair = RsaKeyPair::generate(KeySize::Rsa2048)
            .map_err(|e| format!("could not generate the signing key ({e})"))?;
        let pkcs8 = pair
            .as_der()
            .map_err(|e| format!("could not encode the signing key ({e})"))?;
        let private_key = clerk_core::keys::to_pem("PRIVATE KEY", pkcs8.as_ref());
        let salt = data_encoding::HEXLOWER.encode(&random_bytes::<16>());
        let mut data = Data {
            version: DATA_VERSION,
            instance: Instance {
                secret_key: secret_key.unwrap_or_else(|| {
                    format!(
                        "sk_test_{}",
                        base62_27(&random_bytes::<32>()) + &base62_27(&random_bytes::<32>())[..13]
                    )
                }),
                frontend_api: "clerk.emulator.localhost".into(),
                private_key,
                id_salt: salt,
                ..Default::default()
            },
            ..Default::default()
        };
        data.instance.id = data.new_id("ins");
        data.instance.kid = data.instance.id.clone();
        Ok(data)
    }

    /// A data file's contents, checked.
    pub fn from_json(text: &str, secret_key: Option<String>) -> Result<Data, String> {
        let mut data: Data =
            serde_json::from_str(text).map_err(|e| format!("is not emulator data ({e})"))?;
        if data.version != DATA_VERSION {
            return Err(format!(
                "has version {} (this emulator reads version {DATA_VERSION})",
                data.version
            ));
        }
        if data.instance.private_key.is_empty() {
            // Data written by hand: records only. Give it an instance of its own.
            let fresh = Data::fresh(None)?;
            let next_id = data.instance.next_id;
            data.instance = Instance {
                next_id,
                ..fresh.instance
            };
        }
        if let Some(key) = secret_key {
            data.instance.secret_key = key;
        }
        Ok(data)
    }

    /// The next id with Clerk's form: `user_` and 27 base-62 characters.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.instance.next_id += 1;
        let key = hmac::Key::new(hmac::HMAC_SHA256, self.instance.id_salt.as_bytes());
        let tag = hmac::sign(
            &key,
            format!("{prefix}:{}", self.instance.next_id).as_bytes(),
        );
        format!("{prefix}_{}", base62_27(tag.as_ref()))
    }

    /// `pk_test_` + base64(frontend API + `$`), as Clerk builds publishable keys.
    pub fn publishable_key(&self) -> String {
        use base64::Engine;
        format!(
            "pk_test_{}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{}$", self.instance.frontend_api))
        )
    }
}

/// The signing key and its public half, parsed once per emulator.
pub struct Signer {
    pair: RsaKeyPair,
    public: clerk_core::keys::RsaKey,
    pub kid: String,
    pub public_pem: String,
    pub jwk: Value,
}

impl Signer {
    pub fn new(instance: &Instance) -> Result<Signer, String> {
        let der = pem::parse(&instance.private_key)
            .map_err(|e| format!("has an unreadable private_key ({e})"))?;
        let pair = RsaKeyPair::from_pkcs8(der.contents())
            .map_err(|e| format!("has an unusable private_key ({e})"))?;
        let public = pair.public_key();
        let spki = public
            .as_der()
            .map_err(|e| format!("could not encode the public key ({e})"))?;
        let public_pem = clerk_core::keys::to_pem("PUBLIC KEY", spki.as_ref());
        let verifier = clerk_core::keys::RsaKey::from_der(spki.as_ref())?;
        let components = aws_lc_rs::rsa::PublicKeyComponents::<Vec<u8>>::from(public);
        let b64 = clerk_core::jwt::b64url_encode;
        let jwk = json!({
            "use": "sig",
            "kty": "RSA",
            "kid": instance.kid,
            "alg": "RS256",
            "n": b64(&components.n),
            "e": b64(&components.e),
        });
        Ok(Signer {
            pair,
            public: verifier,
            kid: instance.kid.clone(),
            public_pem,
            jwk,
        })
    }

    /// An RS256 JWT of `claims`, with the instance's `kid`.
    pub fn jwt(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "kid": self.kid, "typ": "JWT"});
        let Ok(token) = clerk_core::jwt::compact(
            &header.to_string(),
            &claims.to_string(),
            |input| -> Result<Vec<u8>, std::convert::Infallible> {
                let mut sig = vec![0u8; self.pair.public_modulus_len()];
                let rng = SystemRandom::new();
                // A key that parsed fails to sign only when the RNG does; an empty
                // signature then makes the token fail verification, not the emulator.
                Ok(
                    match self.pair.sign(&RSA_PKCS1_SHA256, &rng, input, &mut sig) {
                        Ok(()) => sig,
                        Err(_) => Vec::new(),
                    },
                )
            },
        );
        token
    }

    /// The claims of a JWT this instance signed, or None.
    pub fn claims(&self, token: &str) -> Option<Value> {
        let (signed, sig) = token.rsplit_once('.')?;
        let (_, payload) = signed.split_once('.')?;
        let sig = clerk_core::jwt::b64url_decode(sig)?;
        if !self.public.verify("RS256", signed.as_bytes(), &sig).ok()? {
            return None;
        }
        serde_json::from_slice(&clerk_core::jwt::b64url_decode(payload)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_ids_keys_and_tokens_that_verify() {
        let mut a = Data::fresh(None).unwrap();
        let text = serde_json::to_string(&a).unwrap();
        let mut b = Data::from_json(&text, None).unwrap();
        let id = a.new_id("user");
        assert_eq!(id, b.new_id("user"));
        assert!(id.starts_with("user_") && id.len() == 5 + 27);
        assert_ne!(a.new_id("user"), id);
        assert!(a.instance.secret_key.starts_with("sk_test_"));
        assert!(a.publishable_key().starts_with("pk_test_"));

        let signer = Signer::new(&a.instance).unwrap();
        let token = signer.jwt(&json!({"sub": "user_1"}));
        let again = Signer::new(&b.instance).unwrap();
        assert_eq!(again.claims(&token).unwrap()["sub"], "user_1");
        let mut forged = token.clone();
        forged.replace_range(forged.len() - 4.., "AAAA");
        assert!(again.claims(&forged).is_none());
        assert!(Data::from_json(r#"{"version": 2}"#, None).is_err());
        assert!(Data::from_json("[]", None).is_err());
    }
}
