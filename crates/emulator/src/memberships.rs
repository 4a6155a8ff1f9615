//! Organization memberships: `/v1/organizations/{id}/memberships` and
//! `/v1/users/{id}/organization_memberships`.

use super::reply::{self, merge, ok, timestamps, ApiError, Listed, Params, Query, Reply};
use super::store::{now_ms, Data};
use super::{organizations, users, State};
use axum::body::Bytes;
use axum::extract::{Path, Query as Q, State as S};
use axum::routing::{get, patch};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

pub const ADMIN: &str = "org:admin";
const MEMBER: &str = "org:member";

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct Membership {
    pub id: String,
    pub organization_id: String,
    pub user_id: String,
    pub role: String,
    pub public_metadata: Map<String, Value>,
    pub private_metadata: Map<String, Value>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Membership {
    pub fn new(data: &mut Data, org: &str, user: &str, role: &str, now: i64) -> Membership {
        Membership {
            id: data.new_id("orgmem"),
            organization_id: org.into(),
            user_id: user.into(),
            role: role.into(),
            created_at: now,
            updated_at: now,
            ..Default::default()
        }
    }
}

impl Listed for Membership {
    fn sort_value(&self, field: &str) -> Value {
        match field {
            "role" => self.role.as_str().into(),
            _ => timestamps(field, self.created_at, self.updated_at),
        }
    }
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/organizations/{id}/memberships", get(list).post(create))
        .route(
            "/organizations/{id}/memberships/{user_id}",
            patch(update).delete(remove),
        )
        .route(
            "/organizations/{id}/memberships/{user_id}/metadata",
            patch(update_metadata),
        )
        .route("/users/{id}/organization_memberships", get(list_of_user))
}

/// Clerk's system roles; the legacy names v4-era code sends (`admin`, `basic_member`)
/// map to them, and any custom `org:` role is taken as is.
pub fn role(given: &str) -> Result<String, ApiError> {
    match given {
        "admin" | ADMIN => Ok(ADMIN.into()),
        "basic_member" | "member" | MEMBER => Ok(MEMBER.into()),
        r if r.starts_with("org:") && r.len() > 4 => Ok(r.into()),
        _ => Err(ApiError::invalid(
            "role",
            "role must be org:admin, org:member (or admin, basic_member) or a custom org: role.",
        )),
    }
}

pub fn role_name(role: &str) -> String {
    match role {
        ADMIN => "Admin".into(),
        MEMBER => "Member".into(),
        r => r.trim_start_matches("org:").to_string(),
    }
}

fn permissions(role: &str) -> Vec<&'static str> {
    match role {
        ADMIN => vec![
            "org:sys_profile:manage",
            "org:sys_profile:delete",
            "org:sys_memberships:read",
            "org:sys_memberships:manage",
            "org:sys_domains:read",
            "org:sys_domains:manage",
        ],
        _ => vec!["org:sys_memberships:read"],
    }
}

/// A user's public data, as memberships and invitations show it.
pub fn public_user_data(data: &Data, user_id: &str) -> Value {
    let Ok(u) = users::find(data, user_id) else {
        return json!({"user_id": user_id, "first_name": null, "last_name": null, "profile_image_url": users::image_url(&None), "image_url": users::image_url(&None), "has_image": false, "identifier": ""});
    };
    let identifier = u
        .email_addresses
        .iter()
        .find(|e| Some(&e.id) == u.primary_email_address_id.as_ref())
        .map(|e| e.email_address.clone())
        .or_else(|| u.username.clone())
        .unwrap_or_default();
    json!({
        "user_id": u.id,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "profile_image_url": users::image_url(&u.image_url),
        "image_url": users::image_url(&u.image_url),
        "has_image": u.image_url.is_some(),
        "identifier": identifier,
        "username": u.username,
    })
}

pub fn render(data: &Data, m: &Membership) -> Value {
    let organization = organizations::find(data, &m.organization_id)
        .map(|o| organizations::render(data, o))
        .unwrap_or(Value::Null);
    json!({
        "object": "organization_membership",
        "id": m.id,
        "role": m.role,
        "role_name": role_name(&m.role),
        "permissions": permissions(&m.role),
        "public_metadata": m.public_metadata,
        "private_metadata": m.private_metadata,
        "organization": organization,
        "public_user_data": public_user_data(data, &m.user_id),
        "created_at": m.created_at,
        "updated_at": m.updated_at,
    })
}

fn position(data: &Data, org: &str, user: &str) -> Result<usize, ApiError> {
    organizations::find(data, org)?;
    data.memberships
        .iter()
        .position(|m| m.organization_id == org && m.user_id == user)
        .ok_or_else(ApiError::not_found)
}

async fn list(S(s): S<State>, Path(org): Path<String>, Q(q): Q<Vec<(String, String)>>) -> Reply {
    let q = Query(q);
    let data = s.data();
    organizations::find(&data, &org)?;
    let roles = q.all("role");
    let users = q.all("user_id");
    let items = data
        .memberships
        .iter()
        .filter(|m| m.organization_id == org)
        .filter(|m| roles.is_empty() || roles.contains(&m.role.as_str()))
        .filter(|m| users.is_empty() || users.contains(&m.user_id.as_str()));
    let page = q.page(items, "-created_at")?;
    reply::counted(page, |m| render(&data, m))
}

async fn list_of_user(
    S(s): S<State>,
    Path(user): Path<String>,
    Q(q): Q<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    let data = s.data();
    users::find(&data, &user)?;
    let items = data.memberships.iter().filter(|m| m.user_id == user);
    let page = q.page(items, "-created_at")?;
    reply::counted(page, |m| render(&data, m))
}

async fn create(S(s): S<State>, Path(org): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let user_id = p.required("user_id")?;
    let role = role(&p.required("role")?)?;
    let mut data = s.data();
    organizations::find(&data, &org)?;
    users::find(&data, &user_id).map_err(|e| e.param("user_id"))?;
    if position(&data, &org, &user_id).is_ok() {
        return Err(ApiError::new(
            422,
            "already_a_member_in_organization",
            "already a member",
            format!("User {user_id} is already a member of the organization."),
        )
        .param("user_id"));
    }
    let m = Membership::new(&mut data, &org, &user_id, &role, now_ms());
    let body = render(&data, &m);
    data.memberships.push(m);
    ok(body)
}

async fn update(S(s): S<State>, Path((org, user)): Path<(String, String)>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let role = role(&p.required("role")?)?;
    let mut data = s.data();
    let i = position(&data, &org, &user)?;
    let m = &mut data.memberships[i];
    m.role = role;
    m.updated_at = now_ms();
    ok(render(&data, &data.memberships[i]))
}

async fn update_metadata(
    S(s): S<State>,
    Path((org, user)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    let p = Params::parse(&body)?;
    let mut data = s.data();
    let i = position(&data, &org, &user)?;
    let m = &mut data.memberships[i];
    if let Some(patch) = p.object("public_metadata")? {
        merge(&mut m.public_metadata, patch);
    }
    if let Some(patch) = p.object("private_metadata")? {
        merge(&mut m.private_metadata, patch);
    }
    m.updated_at = now_ms();
    ok(render(&data, &data.memberships[i]))
}

async fn remove(S(s): S<State>, Path((org, user)): Path<(String, String)>) -> Reply {
    let mut data = s.data();
    let i = position(&data, &org, &user)?;
    let body = render(&data, &data.memberships[i]);
    data.memberships.remove(i);
    ok(body)
}
