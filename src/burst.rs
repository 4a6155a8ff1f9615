//! Bursts of `verifyToken` calls with the same options (the JS shell collects the calls of
//! one turn of the event loop, lib/tokens.js): one native call that spreads the work over
//! the JS thread and one helper thread, where v4 spread its WebCrypto calls over libuv's
//! pool. Each token is verified exactly as `verifyToken` alone would (`verify::verify`);
//! only where the work runs differs.

use crate::verify::{self, VerifyOptions};
use napi_derive::napi;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, OnceLock};

/// Below this many tokens a burst is verified on the JS thread alone: waking the helper
/// costs more than it saves.
const MIN_SPLIT: usize = 4;

type Job = Box<dyn FnOnce() + Send>;

/// The helper thread, started on the first burst; `None` on a one-core machine or when
/// the thread could not be started.
fn helper() -> Option<&'static Sender<Job>> {
    static HELPER: OnceLock<Option<Sender<Job>>> = OnceLock::new();
    HELPER
        .get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            if cores < 2 {
                return None;
            }
            let (tx, rx) = channel::<Job>();
            std::thread::Builder::new()
                .name("clerk-verify".into())
                .spawn(move || {
                    while let Ok(job) = rx.recv() {
                        // A panicking job drops its answer channel: the JS thread then
                        // verifies that share itself.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                })
                .ok()
                .map(|_| tx)
        })
        .as_ref()
}

fn answers(tokens: &[String], options: &VerifyOptions) -> Vec<String> {
    tokens
        .iter()
        .map(|t| verify::verify(t, options).encode())
        .collect()
}

/// Verifies `tokens` with the same options; the answers in order, each as
/// `verify::verify(token, options).encode()` gives it. From `MIN_SPLIT` tokens on, the
/// helper takes the second half (the JS thread waits for it before it turns any answer
/// into a result, so an even split finishes first).
pub fn verify_all(mut tokens: Vec<String>, options: VerifyOptions) -> Vec<String> {
    let Some(helper) = (tokens.len() >= MIN_SPLIT).then(helper).flatten() else {
        return answers(&tokens, &options);
    };
    let options = Arc::new(options);
    let theirs = Arc::new(tokens.split_off(tokens.len() / 2));
    let (answer_tx, answer_rx) = channel::<Vec<String>>();
    let (job_tokens, job_options) = (theirs.clone(), options.clone());
    // A job that cannot be sent is dropped with its answer channel, as one that panics.
    let _ = helper.send(Box::new(move || {
        let _ = answer_tx.send(answers(&job_tokens, &job_options));
    }));
    let mut all = answers(&tokens, &options);
    // The helper is gone, or its job panicked: this thread does its share.
    all.extend(
        answer_rx
            .recv()
            .unwrap_or_else(|_| answers(&theirs, &options)),
    );
    all
}

/// The options of a burst: the JS shell's native verifyToken options object, read once
/// per burst (a single `verifyToken` passes them positionally instead, where reading an
/// object would cost more than a cached verification).
#[napi(object)]
pub struct BurstOptions {
    pub jwt_key: Option<String>,
    pub secret_key: Option<String>,
    pub api_url: Option<String>,
    pub api_version: Option<String>,
    pub issuer: Option<String>,
    pub flags: u32,
    pub audience: Option<String>,
    /// The `AuthorizedParties` JSON (absent: no check).
    pub authorized_parties: Option<String>,
    pub clock_skew_ms: Option<f64>,
    pub key_alg: Option<String>,
}

impl From<BurstOptions> for VerifyOptions {
    fn from(o: BurstOptions) -> Self {
        VerifyOptions::from_args(
            o.jwt_key,
            o.secret_key,
            o.api_url,
            o.api_version,
            o.issuer,
            o.flags,
            o.audience,
            o.authorized_parties,
            o.clock_skew_ms,
            o.key_alg,
            None,
        )
    }
}

/// `verifyToken` for a burst of tokens with the same options (no issuer function): the
/// answers in the tokens' order.
#[napi(catch_unwind)]
pub fn verify_tokens(tokens: Vec<String>, options: BurstOptions) -> Vec<String> {
    verify_all(tokens, options.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_burst_answers_as_single_verifications_do_in_order() {
        let (private, public) = crate::keys::tests::pair();
        let exp = verify::now_ms() / 1000.0 + 600.0;
        let mut tokens: Vec<String> = (0..40)
            .map(|k| verify::tests::mint(&private, json!({"sub": format!("user_{k}"), "exp": exp})))
            .collect();
        tokens[7] = "not-a-token".into();
        tokens[31] = tokens[31].replace('.', ".x");
        let o = VerifyOptions {
            jwt_key: Some(public),
            ..Default::default()
        };
        // The burst first: the single verifications then answer from the cache of
        // verified tokens, which the burst filled as they would have.
        let burst = verify_all(tokens.clone(), o.clone());
        let alone: Vec<String> = tokens
            .iter()
            .map(|t| verify::verify(t, &o).encode())
            .collect();
        assert_eq!(burst, alone);
        assert!(alone[0].starts_with("V") && alone[0].contains("user_0"));
        assert!(alone[39].contains("user_39"));
        assert!(!alone[7].starts_with('V') && !alone[31].starts_with('V'));
    }
}
