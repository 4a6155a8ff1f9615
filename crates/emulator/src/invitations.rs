//! `/v1/invitations`: instance invitations by email; create, list (by status), revoke.

use super::email_addresses::{self, EmailAddress};
use super::reply::{self, ok, revoke_pending, timestamps, ApiError, Listed, Params, Query, Reply};
use super::store::{now_ms, Data};
use super::{identifiers, State};
use axum::body::Bytes;
use axum::extract::{Path, Query as Q, State as S};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct Invitation {
    pub id: String,
    pub email_address: String,
    pub public_metadata: Map<String, Value>,
    /// pending, revoked or accepted.
    pub status: String,
    pub redirect_url: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Listed for Invitation {
    fn sort_value(&self, field: &str) -> Value {
        match field {
            "email_address" => self.email_address.as_str().into(),
            _ => timestamps(field, self.created_at, self.updated_at),
        }
    }
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/invitations", get(list).post(create))
        .route("/invitations/{id}/revoke", post(revoke))
}

fn render(data: &Data, i: &Invitation) -> Value {
    json!({
        "object": "invitation",
        "id": i.id,
        "email_address": i.email_address,
        "public_metadata": i.public_metadata,
        "revoked": i.status == "revoked",
        "status": i.status,
        "url": format!("https://{}/v1/tickets/accept?ticket={}", data.instance.frontend_api, i.id),
        "expires_at": null,
        "created_at": i.created_at,
        "updated_at": i.updated_at,
    })
}

/// A pending invitation for `email` (the allowlist's `notify` creates one too).
pub fn invite(
    data: &mut Data,
    email: String,
    public_metadata: Map<String, Value>,
    redirect_url: Option<String>,
    ignore_existing: bool,
) -> Result<String, ApiError> {
    if !ignore_existing {
        if identifiers::taken::<EmailAddress>(data, &email) {
            return Err(ApiError::taken("email_address", "email address"));
        }
        if data
            .invitations
            .iter()
            .any(|i| i.email_address == email && i.status == "pending")
        {
            return Err(ApiError::new(
                422,
                "duplicate_record",
                "duplicate invitation",
                format!("There are already pending invitations for the following email addresses: {email}"),
            )
            .param("email_address"));
        }
    }
    let now = now_ms();
    let id = data.new_id("inv");
    data.invitations.push(Invitation {
        id: id.clone(),
        email_address: email,
        public_metadata,
        status: "pending".into(),
        redirect_url,
        created_at: now,
        updated_at: now,
    });
    Ok(id)
}

async fn list(S(s): S<State>, Q(q): Q<Vec<(String, String)>>) -> Reply {
    let q = Query(q);
    let data = s.data();
    let statuses = q.all("status");
    let items = data
        .invitations
        .iter()
        .filter(|i| statuses.is_empty() || statuses.contains(&i.status.as_str()));
    let page = q.page(items, "-created_at")?;
    reply::plain(page, |i| render(&data, i))
}

async fn create(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let email = email_addresses::normalize(&p.required("email_address")?)?;
    let metadata = p.object("public_metadata")?.unwrap_or_default();
    let redirect_url = p.str("redirect_url")?;
    let ignore_existing = p.bool("ignore_existing")?.unwrap_or(false);
    let mut data = s.data();
    let id = invite(&mut data, email, metadata, redirect_url, ignore_existing)?;
    let i = data.invitations.iter().find(|i| i.id == id);
    ok(i.map(|i| render(&data, i)).unwrap_or_default())
}

async fn revoke(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let i = data
        .invitations
        .iter()
        .position(|i| i.id == id)
        .ok_or_else(ApiError::not_found)?;
    let invitation = &mut data.invitations[i];
    revoke_pending(
        &mut invitation.status,
        &mut invitation.updated_at,
        "invitation_not_pending",
        "invitation",
    )?;
    ok(render(&data, &data.invitations[i]))
}
