//! `/v1/sign_in_tokens`: one-time sign-in tickets for a user; create and revoke.

use super::reply::{ok, revoke_pending, ApiError, Params, Reply};
use super::store::{now_ms, Data};
use super::{users, State};
use axum::body::Bytes;
use axum::extract::{Path, State as S};
use axum::routing::post;
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Clerk's default: 30 days.
const DEFAULT_LIFETIME_S: i64 = 30 * 24 * 3600;

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct SignInToken {
    pub id: String,
    pub user_id: String,
    /// pending, accepted or revoked.
    pub status: String,
    pub token: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/sign_in_tokens", post(create))
        .route("/sign_in_tokens/{id}/revoke", post(revoke))
}

fn render(data: &Data, t: &SignInToken) -> Value {
    json!({
        "object": "sign_in_token",
        "id": t.id,
        "user_id": t.user_id,
        "token": t.token,
        "status": t.status,
        "url": format!("https://{}/v1/tickets/accept?ticket={}", data.instance.frontend_api, t.token),
        "created_at": t.created_at,
        "updated_at": t.updated_at,
    })
}

async fn create(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let user_id = p.required("user_id")?;
    let lifetime = p.int("expires_in_seconds")?.unwrap_or(DEFAULT_LIFETIME_S);
    if lifetime < 1 {
        return Err(ApiError::invalid(
            "expires_in_seconds",
            "expires_in_seconds must be a positive number of seconds.",
        ));
    }
    let mut data = s.data();
    users::find(&data, &user_id).map_err(|e| e.param("user_id"))?;
    let now = now_ms();
    let id = data.new_id("sit");
    let token = s.signer.jwt(&json!({
        "sub": user_id,
        "sit": id,
        "iid": data.instance.id,
        "iat": now / 1000,
        "exp": now / 1000 + lifetime,
    }));
    let record = SignInToken {
        id,
        user_id,
        status: "pending".into(),
        token,
        created_at: now,
        updated_at: now,
    };
    let body = render(&data, &record);
    data.sign_in_tokens.push(record);
    ok(body)
}

async fn revoke(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let i = data
        .sign_in_tokens
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(ApiError::not_found)?;
    let t = &mut data.sign_in_tokens[i];
    revoke_pending(
        &mut t.status,
        &mut t.updated_at,
        "sign_in_token_not_pending",
        "sign-in token",
    )?;
    ok(render(&data, &data.sign_in_tokens[i]))
}
