//! `/v1/clients`: the client (browser) each session was signed in on.

use super::reply::{self, ok, timestamps, ApiError, Listed, Params, Query, Reply};
use super::sessions;
use super::store::{now_ms, Data};
use super::State;
use axum::body::Bytes;
use axum::extract::{Path, Query as Q, State as S};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct Client {
    pub id: String,
    pub session_ids: Vec<String>,
    pub last_active_session_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Listed for Client {
    fn sort_value(&self, field: &str) -> Value {
        timestamps(field, self.created_at, self.updated_at)
    }
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/clients", get(list))
        .route("/clients/verify", post(verify))
        .route("/clients/{id}", get(read))
}

pub fn render(data: &Data, c: &Client) -> Value {
    let sessions: Vec<Value> = c
        .session_ids
        .iter()
        .filter_map(|id| sessions::find(data, id).ok())
        .map(sessions::render)
        .collect();
    json!({
        "object": "client",
        "id": c.id,
        "session_ids": c.session_ids,
        "sessions": sessions,
        "sign_in_id": null,
        "sign_up_id": null,
        "last_active_session_id": c.last_active_session_id,
        "last_authentication_strategy": null,
        "updated_at": c.updated_at,
        "created_at": c.created_at,
    })
}

/// A revoked session is no longer the client's active one.
pub fn forget_session(data: &mut Data, client_id: &str, session_id: &str) {
    if let Some(c) = data.clients.iter_mut().find(|c| c.id == client_id) {
        if c.last_active_session_id.as_deref() == Some(session_id) {
            c.last_active_session_id = None;
            c.updated_at = now_ms();
        }
    }
}

fn find<'d>(data: &'d Data, id: &str) -> Result<&'d Client, ApiError> {
    data.clients
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(ApiError::not_found)
}

async fn list(S(s): S<State>, Q(q): Q<Vec<(String, String)>>) -> Reply {
    let q = Query(q);
    let data = s.data();
    let page = q.page(data.clients.iter(), "-created_at")?;
    reply::plain(page, |c| render(&data, c))
}

async fn read(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let data = s.data();
    ok(render(&data, find(&data, &id)?))
}

/// The emulator's client token is a session token it signed: its `sid` names the
/// session, and so the client.
async fn verify(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let token = p.required("token")?;
    let data = s.data();
    let client = s
        .signer
        .claims(&token)
        .and_then(|c| c["sid"].as_str().map(str::to_string))
        .and_then(|sid| sessions::find(&data, &sid).ok())
        .and_then(|session| find(&data, &session.client_id).ok())
        .ok_or_else(|| {
            ApiError::new(
                400,
                "client_token_invalid",
                "invalid client token",
                "The token is not a token this instance signed for an existing client.",
            )
            .param("token")
        })?;
    ok(render(&data, client))
}
