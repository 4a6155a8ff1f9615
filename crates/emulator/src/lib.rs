#![deny(clippy::all)]
//! A local Clerk Backend API (v1) for offline development and tests (deviation A4):
//! `startEmulator()` of `clerk-sdk-node-rs/emulator` and the `clerk-emulator` command.
//! It is its own addon (`clerk-emulator.<platform>.node`), loaded only by those two, and
//! serves on its own tokio runtime (`runtime.rs`); state lives in memory and can be saved
//! to and loaded from a JSON data file.

pub mod allowlist_identifiers;
pub mod clients;
pub mod email_addresses;
pub mod frontend;
pub mod identifiers;
pub mod invitations;
pub mod jwks;
pub mod memberships;
pub mod organization_invitations;
pub mod organizations;
pub mod phone_numbers;
pub mod redirect_urls;
pub mod reply;
pub mod runtime;
pub mod server;
pub mod sessions;
pub mod sign_in_tokens;
pub mod store;
pub mod users;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use store::{Data, Signer};

/// What every route reads: the records and the signing key.
pub struct Shared {
    data: Mutex<Data>,
    pub signer: Signer,
    /// The instance's secret key (it never changes while the emulator runs), read by the
    /// key check of every request without taking the records' lock.
    pub secret_key: String,
    /// How many changes the records have seen (see `changed`).
    revision: AtomicU64,
    /// `http://host:port` once listening: the emulator's own Frontend API as well.
    pub origin: OnceLock<String>,
}

pub type State = Arc<Shared>;

impl Shared {
    /// The records. A handler that panicked mid-update (it cannot: they do not panic)
    /// would leave them as they were; the emulator goes on.
    pub fn data(&self) -> MutexGuard<'_, Data> {
        self.data.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts a change (a successful write request, a sign-in): a data file is worth
    /// saving again once the count moved.
    pub fn changed(&self) {
        self.revision.fetch_add(1, Ordering::Relaxed);
    }

    /// The `iss` of session tokens: under the emulator's own URL, so that
    /// `verifyToken(token, { issuer })` fetches `{issuer}/.well-known/jwks.json` from it,
    /// and with `.clerk.accounts` in it, which v4's middlewares require of an issuer.
    pub fn issuer(&self) -> String {
        match self.origin.get() {
            Some(origin) => format!("{origin}/.clerk.accounts"),
            None => format!("https://{}", self.data().instance.frontend_api),
        }
    }

    /// `pk_test_` + base64 of the emulator's own `host:port$`: the Frontend API it serves.
    pub fn publishable_key(&self) -> String {
        use base64::Engine;
        let host = self
            .origin
            .get()
            .map(|o| o.trim_start_matches("http://").to_string());
        match host {
            Some(host) => format!(
                "pk_test_{}",
                base64::engine::general_purpose::STANDARD.encode(format!("{host}$"))
            ),
            None => self.data().publishable_key(),
        }
    }
}

#[napi(object)]
pub struct EmulatorStartOptions {
    /// TCP port; 0 picks a free one.
    pub port: Option<u32>,
    pub host: Option<String>,
    /// A data file's text (the JS shell reads the `seed` path or stringifies the object).
    pub seed_json: Option<String>,
    /// What errors call the seed (`the seed file /path/data.json`); `the seed` if absent.
    pub seed_source: Option<String>,
    pub secret_key: Option<String>,
}

/// A running emulator.
#[napi]
pub struct NativeEmulator {
    shared: State,
    url: String,
    port: u32,
    running: Mutex<Option<server::Running>>,
}

/// Starts an emulator; resolves when it listens.
#[napi(catch_unwind, ts_return_type = "Promise<NativeEmulator>")]
pub fn start_emulator<'env>(
    env: &'env Env,
    options: EmulatorStartOptions,
) -> Result<PromiseRaw<'env, NativeEmulator>> {
    env.spawn_future(async move {
        let EmulatorStartOptions {
            port,
            host,
            seed_json,
            seed_source,
            secret_key,
        } = options;
        let source = seed_source.unwrap_or_else(|| "the seed".into());
        // Key generation and parsing take tens of milliseconds: not on the JS thread.
        let shared = tokio::task::spawn_blocking(move || -> std::result::Result<Shared, String> {
            let data = match seed_json {
                Some(text) => Data::from_json(&text, secret_key)
                    .map_err(|e| format!("startEmulator: {source} {e}"))?,
                None => Data::fresh(secret_key).map_err(|e| format!("startEmulator: {e}"))?,
            };
            let signer =
                Signer::new(&data.instance).map_err(|e| format!("startEmulator: {source} {e}"))?;
            Ok(Shared {
                secret_key: data.instance.secret_key.clone(),
                signer,
                data: Mutex::new(data),
                revision: AtomicU64::new(0),
                origin: OnceLock::new(),
            })
        })
        .await
        .map_err(|_| Error::from_reason("startEmulator: the start-up task failed"))?
        .map_err(Error::from_reason)?;
        let shared = Arc::new(shared);
        let host = host.unwrap_or_else(|| "127.0.0.1".into());
        let port = port.unwrap_or(0);
        if port > u16::MAX as u32 {
            return Err(Error::from_reason(format!(
                "startEmulator: port must be between 0 and 65535 (got {port})"
            )));
        }
        let running = server::start(shared.clone(), &host, port as u16)
            .await
            .map_err(Error::from_reason)?;
        let addr = running.addr;
        let url = if addr.is_ipv6() {
            format!("http://[{}]:{}", addr.ip(), addr.port())
        } else {
            format!("http://{addr}")
        };
        let _ = shared.origin.set(url.clone());
        Ok(NativeEmulator {
            shared,
            url,
            port: addr.port() as u32,
            running: Mutex::new(Some(running)),
        })
    })
}

#[napi]
impl NativeEmulator {
    #[napi(getter, catch_unwind)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    #[napi(getter, catch_unwind)]
    pub fn port(&self) -> u32 {
        self.port
    }

    #[napi(getter, catch_unwind)]
    pub fn secret_key(&self) -> String {
        self.shared.secret_key.clone()
    }

    #[napi(getter, catch_unwind)]
    pub fn publishable_key(&self) -> String {
        self.shared.publishable_key()
    }

    /// The `iss` of the session tokens it signs (`verifyToken(token, { issuer })`).
    #[napi(getter, catch_unwind)]
    pub fn issuer(&self) -> String {
        self.shared.issuer()
    }

    #[napi(getter, catch_unwind)]
    pub fn jwt_key(&self) -> String {
        self.shared.signer.public_pem.clone()
    }

    /// Creates an active session for the user and mints its token. JSON
    /// `{"sessionId","token"}`, or an error naming what is wrong.
    #[napi(catch_unwind)]
    pub fn sign_in(
        &self,
        user_id: String,
        expires_in_seconds: Option<f64>,
        organization_id: Option<String>,
    ) -> Result<String> {
        let lifetime =
            match expires_in_seconds {
                None => None,
                Some(s) if s.is_finite() && (1.0..=315_360_000.0).contains(&s) => Some(s as i64),
                Some(_) => return Err(Error::from_reason(
                    "signIn: expiresInSeconds must be a number of seconds between 1 and 315360000",
                )),
            };
        let fail = |e: reply::ApiError| Error::from_reason(format!("signIn: {}", e.text()));
        // Before the records' lock: issuer() may take it.
        let issuer = self.shared.issuer();
        let mut data = self.shared.data();
        let session =
            sessions::create(&mut data, &user_id, organization_id.as_deref()).map_err(fail)?;
        self.shared.changed();
        let token = sessions::mint(&data, &self.shared.signer, &issuer, &session, lifetime)
            .map_err(fail)?;
        Ok(serde_json::json!({ "sessionId": session, "token": token }).to_string())
    }

    /// How many changes the records have seen since the start.
    #[napi(getter, catch_unwind)]
    pub fn revision(&self) -> i64 {
        self.shared.revision.load(Ordering::Relaxed) as i64
    }

    /// The whole state as a data file holds it (JSON).
    #[napi(catch_unwind)]
    pub fn data(&self) -> String {
        serde_json::to_string_pretty(&*self.shared.data()).unwrap_or_default()
    }

    /// Stops listening, closes connections; resolves when the server is gone.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn stop<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, ()>> {
        let running = self.running.lock().ok().and_then(|mut r| r.take());
        env.spawn_future(async move {
            if let Some(r) = running {
                r.stop().await;
            }
            Ok(())
        })
    }
}
