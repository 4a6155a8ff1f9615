#![deny(clippy::all)]
//! clerk-sdk-node-rs: the native engine of a drop-in replacement for
//! `@clerk/clerk-sdk-node` v4. The JS shell (`lib/`) keeps v4's shapes; the work is here.

/// Option → env → default resolution.
pub mod config;
/// snake_case keys as v4 sends them.
pub mod case;
/// The Backend API method tables, one file per sub-API.
pub mod endpoints;
/// The v4 resource classes and the shaping of BAPI JSON into them.
pub mod resources;
/// The HTTP core: pooled client, timeouts, retries, logging.
pub mod http;
/// The error type of an API call.
pub mod error;
/// The napi class behind every client instance.
pub mod client;
/// Tables and helpers the JS shell builds its classes from.
pub mod exports;
