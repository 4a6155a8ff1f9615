//! Tokens already verified, so that a repeated token costs a lookup instead of an RSA
//! check. A token is admitted on its second verification: the first only marks it in a
//! fixed table of hashes (no allocation, no lock). An application that verifies each
//! token once (a new token per call) then pays nothing for the cache, and one that
//! repeats its tokens pays one more verification per token before the hits begin.

use crate::jwt::Claims;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// A token's cache key: (hash of the token, fingerprint of the options it was verified
/// with).
pub type Key = (u64, u64);

/// The most tokens kept; when full, expired ones go first, then a tenth at random.
const MAX: usize = 10_000;

/// Slots of the table of tokens seen once (a power of two; 128 KB).
const SEEN_SLOTS: usize = 16_384;

struct Cached {
    /// The whole token: a hit must be this very token, not one whose hash collides.
    token: Box<str>,
    payload_text: Arc<str>,
    payload: Arc<Claims>,
    valid_until_ms: f64,
    /// `jwks::epoch()` when it was verified with fetched keys (0 with a jwtKey).
    epoch: u64,
}

fn cache() -> &'static Mutex<HashMap<Key, Cached>> {
    static C: OnceLock<Mutex<HashMap<Key, Cached>>> = OnceLock::new();
    C.get_or_init(Default::default)
}

/// Tokens verified once, by a hash of their key; a collision only overwrites an older
/// mark (that token is admitted a verification later).
static SEEN: [AtomicU64; SEEN_SLOTS] = [const { AtomicU64::new(0) }; SEEN_SLOTS];

/// The payload of `token` when it was verified under `key` and is still valid at `now`.
/// A token not marked as seen is not looked up (no lock): it was never admitted, or a
/// collision took its mark and it is verified once more.
pub fn get(key: &Key, token: &str, now: f64, epoch: u64) -> Option<(Arc<str>, Arc<Claims>)> {
    let (slot, mark) = seen_slot(*key);
    if slot.load(Ordering::Relaxed) != mark {
        return None;
    }
    let c = cache().lock().ok()?;
    c.get(key)
        .filter(|e| e.valid_until_ms > now && e.epoch == epoch && &*e.token == token)
        .map(|e| (e.payload_text.clone(), e.payload.clone()))
}

/// Records a successful verification, valid until `valid_until_ms`: kept from the
/// token's second verification on.
pub fn admit(
    key: Key,
    token: &str,
    payload_text: &Arc<str>,
    payload: &Arc<Claims>,
    valid_until_ms: f64,
    now: f64,
    epoch: u64,
) {
    if valid_until_ms <= now || !seen_before(key) {
        return;
    }
    let Ok(mut c) = cache().lock() else { return };
    if c.len() >= MAX {
        c.retain(|_, e| e.valid_until_ms > now);
        if c.len() >= MAX {
            // Still full of live tokens: drop a tenth (HashMap order is random).
            let excess: Vec<Key> = c.keys().take(MAX / 10).copied().collect();
            for k in &excess {
                c.remove(k);
            }
        }
    }
    c.insert(
        key,
        Cached {
            token: token.into(),
            payload_text: payload_text.clone(),
            payload: payload.clone(),
            valid_until_ms,
            epoch,
        },
    );
}

/// Forgets every verified token (see `verify::forget_key_caches`).
pub fn forget_all() {
    if let Ok(mut c) = cache().lock() {
        c.clear();
    }
}

/// Marks `key` as seen; true when it already was.
fn seen_before(key: Key) -> bool {
    let (slot, mark) = seen_slot(key);
    slot.swap(mark, Ordering::Relaxed) == mark
}

/// The slot of `key` in the table of tokens seen, and its mark there (never 0).
fn seen_slot(key: Key) -> (&'static AtomicU64, u64) {
    let mark = (key.0 ^ key.1.rotate_left(32)) | 1;
    (&SEEN[(mark >> 1) as usize & (SEEN_SLOTS - 1)], mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Arc<Claims> {
        Arc::new(serde_json::from_str(r#"{"sub":"user_1"}"#).unwrap())
    }

    #[test]
    fn a_token_is_kept_from_its_second_verification_on() {
        let (key, text, payload) = ((11, 12), Arc::<str>::from("{}"), claims());
        admit(key, "t.o.k", &text, &payload, 2000.0, 1000.0, 0);
        assert!(
            get(&key, "t.o.k", 1000.0, 0).is_none(),
            "first sight: marked only"
        );
        admit(key, "t.o.k", &text, &payload, 2000.0, 1000.0, 0);
        assert!(get(&key, "t.o.k", 1000.0, 0).is_some());
        assert!(
            get(&key, "t.o.x", 1000.0, 0).is_none(),
            "the whole token must match"
        );
        assert!(get(&key, "t.o.k", 2000.0, 0).is_none(), "expired");
    }

    #[test]
    fn expired_answers_are_never_kept() {
        let (key, text, payload) = ((21, 22), Arc::<str>::from("{}"), claims());
        for _ in 0..3 {
            admit(key, "a.b.c", &text, &payload, 1000.0, 1000.0, 0);
        }
        assert!(get(&key, "a.b.c", 0.0, 0).is_none());
    }
}
