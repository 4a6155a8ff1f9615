//! `/v1/organizations/{id}/invitations`: invite by email, list (by status), read, revoke.

use super::memberships::{self, public_user_data};
use super::reply::{self, ok, revoke_pending, timestamps, ApiError, Listed, Params, Query, Reply};
use super::store::{now_ms, Data};
use super::{email_addresses, organizations, users, State};
use axum::body::Bytes;
use axum::extract::{Path, Query as Q, State as S};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Clerk's organization invitations expire after 30 days.
const LIFETIME_MS: i64 = 30 * 24 * 3600 * 1000;

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct OrganizationInvitation {
    pub id: String,
    pub organization_id: String,
    pub email_address: String,
    pub role: String,
    pub inviter_id: Option<String>,
    /// pending, revoked or accepted.
    pub status: String,
    pub public_metadata: Map<String, Value>,
    pub private_metadata: Map<String, Value>,
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: i64,
}

impl Listed for OrganizationInvitation {
    fn sort_value(&self, field: &str) -> Value {
        match field {
            "email_address" => self.email_address.as_str().into(),
            _ => timestamps(field, self.created_at, self.updated_at),
        }
    }
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/organizations/{id}/invitations", get(list).post(create))
        .route("/organizations/{id}/invitations/pending", get(list_pending))
        .route("/organizations/{id}/invitations/{invitation_id}", get(read))
        .route(
            "/organizations/{id}/invitations/{invitation_id}/revoke",
            post(revoke),
        )
}

fn render(data: &Data, i: &OrganizationInvitation) -> Value {
    let inviter = i
        .inviter_id
        .as_deref()
        .map(|id| {
            let mut d = public_user_data(data, id);
            if let Some(o) = d.as_object_mut() {
                o.remove("profile_image_url");
                o.remove("username");
            }
            d
        })
        .unwrap_or(Value::Null);
    json!({
        "object": "organization_invitation",
        "id": i.id,
        "email_address": i.email_address,
        "role": i.role,
        "role_name": memberships::role_name(&i.role),
        "organization_id": i.organization_id,
        "inviter_id": i.inviter_id,
        "public_inviter_data": inviter,
        "status": i.status,
        "public_metadata": i.public_metadata,
        "private_metadata": i.private_metadata,
        "url": null,
        "expires_at": i.expires_at,
        "created_at": i.created_at,
        "updated_at": i.updated_at,
    })
}

fn listed(s: &State, org: &str, q: &Query, statuses: &[&str]) -> Reply {
    let data = s.data();
    organizations::find(&data, org)?;
    let items = data
        .organization_invitations
        .iter()
        .filter(|i| i.organization_id == org)
        .filter(|i| statuses.is_empty() || statuses.contains(&i.status.as_str()));
    let page = q.page(items, "-created_at")?;
    reply::counted(page, |i| render(&data, i))
}

async fn list(S(s): S<State>, Path(org): Path<String>, Q(q): Q<Vec<(String, String)>>) -> Reply {
    let q = Query(q);
    let statuses = q.all("status");
    listed(&s, &org, &q, &statuses)
}

async fn list_pending(
    S(s): S<State>,
    Path(org): Path<String>,
    Q(q): Q<Vec<(String, String)>>,
) -> Reply {
    listed(&s, &org, &Query(q), &["pending"])
}

async fn create(S(s): S<State>, Path(org): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let email = email_addresses::normalize(&p.required("email_address")?)?;
    let role = memberships::role(&p.required("role")?)?;
    let inviter = p.str("inviter_user_id")?;
    let mut data = s.data();
    organizations::find(&data, &org)?;
    if let Some(id) = &inviter {
        users::find(&data, id).map_err(|e| e.param("inviter_user_id"))?;
    }
    let is_member = data.memberships.iter().any(|m| {
        m.organization_id == org
            && users::find(&data, &m.user_id)
                .is_ok_and(|u| u.email_addresses.iter().any(|e| e.email_address == email))
    });
    if is_member {
        return Err(ApiError::new(
            422,
            "already_a_member_in_organization",
            "already a member",
            format!("{email} is already a member of the organization."),
        )
        .param("email_address"));
    }
    let pending = data
        .organization_invitations
        .iter()
        .any(|i| i.organization_id == org && i.email_address == email && i.status == "pending");
    if pending {
        return Err(ApiError::new(
            422,
            "duplicate_record",
            "duplicate invitation",
            format!("There is already a pending invitation for {email}."),
        )
        .param("email_address"));
    }
    let now = now_ms();
    let invitation = OrganizationInvitation {
        id: data.new_id("orginv"),
        organization_id: org,
        email_address: email,
        role,
        inviter_id: inviter,
        status: "pending".into(),
        public_metadata: p.object("public_metadata")?.unwrap_or_default(),
        private_metadata: p.object("private_metadata")?.unwrap_or_default(),
        created_at: now,
        updated_at: now,
        expires_at: now + LIFETIME_MS,
    };
    let body = render(&data, &invitation);
    data.organization_invitations.push(invitation);
    ok(body)
}

fn position(data: &Data, org: &str, id: &str) -> Result<usize, ApiError> {
    organizations::find(data, org)?;
    data.organization_invitations
        .iter()
        .position(|i| i.organization_id == org && i.id == id)
        .ok_or_else(ApiError::not_found)
}

async fn read(S(s): S<State>, Path((org, id)): Path<(String, String)>) -> Reply {
    let data = s.data();
    let i = position(&data, &org, &id)?;
    ok(render(&data, &data.organization_invitations[i]))
}

async fn revoke(S(s): S<State>, Path((org, id)): Path<(String, String)>, body: Bytes) -> Reply {
    Params::parse(&body)?;
    let mut data = s.data();
    let i = position(&data, &org, &id)?;
    let invitation = &mut data.organization_invitations[i];
    revoke_pending(
        &mut invitation.status,
        &mut invitation.updated_at,
        "organization_invitation_not_pending",
        "invitation",
    )?;
    ok(render(&data, &data.organization_invitations[i]))
}
