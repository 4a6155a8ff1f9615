#![deny(clippy::all)]
//! clerk-sdk-node-rs: the native engine of a drop-in replacement for
//! `@clerk/clerk-sdk-node` v4. The JS shell (`lib/`) keeps v4's shapes; the work is here.
//! This crate is the production addon; it shares `crates/core` (JWTs, keys) with the
//! emulator, which is its own addon (`crates/emulator`). Map: ARCHITECTURE.md.

/// authenticateRequest's state machine.
pub mod auth;
/// Bursts of verifications over two threads.
pub mod burst;
/// snake_case keys as v4 sends them.
pub mod case;
/// The napi class behind every client instance.
pub mod client;
/// Option → env → default resolution.
pub mod config;
/// The JS↔Rust contract (answer kinds, flags, field orders), written out for the shell.
pub mod contract;
/// Caller data and answers of any depth: parsing and walks that grow the stack.
pub mod deep;
/// The Backend API method tables, one file per sub-API.
pub mod endpoints;
/// The error type of an API call.
pub mod error;
/// Tables and helpers the JS shell builds its classes from.
pub mod exports;
/// Entry points of the fuzz targets, their smoke runs and the panic probe: only in tests
/// and in builds with the `fuzzing` feature (fuzz/, tests/panic_guard.rs), never in the
/// production addon.
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
/// The HTTP core: pooled client, timeouts, retries, logging.
pub mod http;
/// Publishable keys and the interstitial page.
pub mod interstitial;
/// Per-source JWKS caches.
pub mod jwks;
/// Session JWT decoding and v4's claim checks (crates/core, shared with the emulator).
pub use clerk_core::jwt;
/// RSA keys: parsing (PEM, DER, JWK) and caching (crates/core).
pub use clerk_core::keys;
/// The v4 resource classes and the shaping of BAPI JSON into them.
pub mod resources;
/// The tokio runtime of the addon.
pub mod runtime;
/// Tokens already verified (kept from their second verification on).
pub mod token_cache;
/// `verifyToken` and the other token exports.
pub mod verify;
