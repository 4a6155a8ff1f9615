//! `GET /v1/jwks`: the public key that verifies the instance's session tokens.

use super::reply::{ok, Reply};
use super::State;
use axum::extract::State as S;
use axum::routing::get;
use axum::Router;
use serde_json::json;

pub fn routes() -> Router<State> {
    Router::new().route("/jwks", get(jwks))
}

async fn jwks(S(s): S<State>) -> Reply {
    ok(json!({ "keys": [s.signer.jwk] }))
}
