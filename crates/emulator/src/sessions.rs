//! `/v1/sessions`: create (for tests, as Clerk offers on development instances), list,
//! read, revoke, verify, and session tokens signed with the instance's key.

use super::clients::{self, Client};
use super::reply::{self, ok, timestamps, ApiError, Listed, Params, Query, Reply};
use super::store::{now_ms, Data, Signer};
use super::{organizations, users, State};
use axum::body::Bytes;
use axum::extract::{Path, Query as Q, State as S};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Clerk's defaults: a session lives 7 days, is abandoned after 30, and its token
/// lives 60 seconds.
const SESSION_LIFETIME_MS: i64 = 7 * 24 * 3600 * 1000;
const ABANDON_MS: i64 = 30 * 24 * 3600 * 1000;
const TOKEN_LIFETIME_S: i64 = 60;

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct Session {
    pub id: String,
    pub user_id: String,
    pub client_id: String,
    /// active, revoked, ended, removed, …
    pub status: String,
    pub last_active_organization_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_active_at: i64,
    pub expire_at: i64,
    pub abandon_at: i64,
}

impl Listed for Session {
    fn sort_value(&self, field: &str) -> Value {
        match field {
            "last_active_at" => self.last_active_at.into(),
            _ => timestamps(field, self.created_at, self.updated_at),
        }
    }
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/sessions", get(list).post(create_route))
        .route("/sessions/{id}", get(read))
        .route("/sessions/{id}/revoke", post(revoke))
        .route("/sessions/{id}/verify", post(verify))
        .route("/sessions/{id}/tokens", post(token))
        .route(
            "/sessions/{id}/tokens/{template}",
            post(token_from_template),
        )
}

impl Session {
    /// The status a reader sees: an active session past its expiry is `expired`.
    fn status(&self) -> &str {
        if self.status == "active" && self.expire_at <= now_ms() {
            "expired"
        } else {
            &self.status
        }
    }
}

pub fn render(s: &Session) -> Value {
    json!({
        "object": "session",
        "id": s.id,
        "user_id": s.user_id,
        "client_id": s.client_id,
        "actor": null,
        "status": s.status(),
        "last_active_organization_id": s.last_active_organization_id,
        "last_active_at": s.last_active_at,
        "expire_at": s.expire_at,
        "abandon_at": s.abandon_at,
        "updated_at": s.updated_at,
        "created_at": s.created_at,
    })
}

pub fn find<'d>(data: &'d Data, id: &str) -> Result<&'d Session, ApiError> {
    data.sessions
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(ApiError::not_found)
}

/// A new active session of `user_id` on a new client (a fresh sign-in); its id.
pub fn create(
    data: &mut Data,
    user_id: &str,
    organization_id: Option<&str>,
) -> Result<String, ApiError> {
    users::find(data, user_id).map_err(|_| {
        ApiError::new(
            404,
            "resource_not_found",
            "not found",
            format!("No user with id {user_id}."),
        )
        .param("user_id")
    })?;
    if let Some(org) = organization_id {
        organizations::find(data, org)?;
        let member = data
            .memberships
            .iter()
            .any(|m| m.organization_id == org && m.user_id == user_id);
        if !member {
            return Err(ApiError::new(
                422,
                "not_a_member_in_organization",
                "not a member",
                format!("User {user_id} is not a member of organization {org}."),
            )
            .param("active_organization_id"));
        }
    }
    let now = now_ms();
    let id = data.new_id("sess");
    let client_id = data.new_id("client");
    data.clients.push(Client {
        id: client_id.clone(),
        session_ids: vec![id.clone()],
        last_active_session_id: Some(id.clone()),
        created_at: now,
        updated_at: now,
    });
    data.sessions.push(Session {
        id: id.clone(),
        user_id: user_id.into(),
        client_id,
        status: "active".into(),
        last_active_organization_id: organization_id.map(str::to_string),
        created_at: now,
        updated_at: now,
        last_active_at: now,
        expire_at: now + SESSION_LIFETIME_MS,
        abandon_at: now + ABANDON_MS,
    });
    let u = users::find_mut(data, user_id)?;
    u.last_sign_in_at = Some(now);
    u.last_active_at = Some(now);
    Ok(id)
}

/// A session token: RS256 with Clerk's v1 claims (and the active organization's).
pub fn mint(
    data: &Data,
    signer: &Signer,
    issuer: &str,
    session_id: &str,
    lifetime: Option<i64>,
) -> Result<String, ApiError> {
    let s = find(data, session_id)?;
    if s.status() != "active" {
        return Err(ApiError::new(
            404,
            "resource_not_found",
            "not found",
            format!(
                "Session {session_id} is {}; only an active session has tokens.",
                s.status()
            ),
        ));
    }
    let now = now_ms() / 1000;
    let mut claims = json!({
        "exp": now + lifetime.unwrap_or(TOKEN_LIFETIME_S),
        "iat": now,
        "iss": issuer,
        "nbf": now - 10,
        "sid": s.id,
        "sub": s.user_id,
    });
    if let Some(org_id) = &s.last_active_organization_id {
        let org = organizations::find(data, org_id)?;
        let role = data
            .memberships
            .iter()
            .find(|m| &m.organization_id == org_id && m.user_id == s.user_id)
            .map(|m| m.role.clone());
        if let Some(role) = role {
            claims["org_id"] = json!(org.id);
            claims["org_role"] = json!(role);
            claims["org_slug"] = json!(org.slug);
            claims["org_permissions"] = json!([]);
        }
    }
    Ok(signer.jwt(&claims))
}

/// Ends every active session of a user (`revoked` on sign-out of other sessions,
/// `removed` when the user is deleted).
pub fn end_all(data: &mut Data, user_id: &str, status: &str) {
    let now = now_ms();
    for s in data
        .sessions
        .iter_mut()
        .filter(|s| s.user_id == user_id && s.status == "active")
    {
        s.status = status.into();
        s.updated_at = now;
    }
}

async fn list(S(s): S<State>, Q(q): Q<Vec<(String, String)>>) -> Reply {
    let q = Query(q);
    let data = s.data();
    let wanted = |key: &str, value: &str| q.get(key).is_none_or(|w| w == value);
    let items = data.sessions.iter().filter(|x| {
        wanted("user_id", &x.user_id)
            && wanted("client_id", &x.client_id)
            && wanted("status", x.status())
    });
    let page = q.page(items, "-created_at")?;
    reply::plain(page, render)
}

async fn create_route(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let user_id = p.required("user_id")?;
    let org = p.str("active_organization_id")?;
    let mut data = s.data();
    let id = create(&mut data, &user_id, org.as_deref())?;
    ok(render(find(&data, &id)?))
}

async fn read(S(s): S<State>, Path(id): Path<String>) -> Reply {
    ok(render(find(&s.data(), &id)?))
}

async fn revoke(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let session = data
        .sessions
        .iter_mut()
        .find(|x| x.id == id)
        .ok_or_else(ApiError::not_found)?;
    session.status = "revoked".into();
    session.updated_at = now_ms();
    let body = render(session);
    let client_id = session.client_id.clone();
    clients::forget_session(&mut data, &client_id, &id);
    ok(body)
}

/// The legacy verify call: the token must be this instance's and name this session.
async fn verify(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let token = p.required("token")?;
    let data = s.data();
    let session = find(&data, &id)?;
    let claims = s.signer.claims(&token);
    let names_it = claims.as_ref().is_some_and(|c| {
        c["sid"] == json!(id) && c["exp"].as_i64().is_some_and(|e| e * 1000 > now_ms())
    });
    if !names_it || session.status() != "active" {
        return Err(ApiError::new(
            400,
            "session_token_invalid",
            "invalid session token",
            "The token is not a valid session token of this active session.",
        )
        .param("token"));
    }
    ok(render(session))
}

async fn token(s: S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    token_from_template(s, Path((id, String::new())), body).await
}

/// Any template name mints the session's claims (the emulator keeps no JWT templates).
async fn token_from_template(
    S(s): S<State>,
    Path((id, _template)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    let p = Params::parse(&body)?;
    let lifetime = p.int("expires_in_seconds")?;
    if lifetime.is_some_and(|l| !(30..=315_360_000).contains(&l)) {
        return Err(ApiError::invalid(
            "expires_in_seconds",
            "expires_in_seconds must be between 30 and 315360000.",
        ));
    }
    let issuer = s.issuer();
    let data = s.data();
    let jwt = mint(&data, &s.signer, &issuer, &id, lifetime)?;
    ok(json!({ "object": "token", "jwt": jwt }))
}
