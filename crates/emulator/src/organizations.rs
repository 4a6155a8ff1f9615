//! `/v1/organizations`: create (the creator becomes an admin), read by id or slug,
//! update, metadata merge, logo, delete, list.

use super::memberships::{self, Membership};
use super::reply::{self, deleted, merge, ok, timestamps, ApiError, Listed, Params, Query, Reply};
use super::store::{now_ms, Data};
use super::{users, State};
use axum::body::Bytes;
use axum::extract::{Path, Query as Q, State as S};
use axum::routing::{get, patch, put};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub image_url: Option<String>,
    pub max_allowed_memberships: i64,
    pub admin_delete_enabled: bool,
    pub public_metadata: Map<String, Value>,
    pub private_metadata: Map<String, Value>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Listed for Organization {
    fn sort_value(&self, field: &str) -> Value {
        match field {
            "name" => self.name.as_str().into(),
            _ => timestamps(field, self.created_at, self.updated_at),
        }
    }
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/organizations", get(list).post(create))
        .route(
            "/organizations/{id}",
            get(read).patch(update).delete(remove),
        )
        .route("/organizations/{id}/metadata", patch(update_metadata))
        .route(
            "/organizations/{id}/logo",
            put(set_logo).delete(remove_logo),
        )
}

pub fn render(data: &Data, o: &Organization) -> Value {
    let members = data
        .memberships
        .iter()
        .filter(|m| m.organization_id == o.id)
        .count();
    let pending = data
        .organization_invitations
        .iter()
        .filter(|i| i.organization_id == o.id && i.status == "pending")
        .count();
    json!({
        "object": "organization",
        "id": o.id,
        "name": o.name,
        "slug": o.slug,
        "image_url": users::image_url(&o.image_url),
        "has_image": o.image_url.is_some(),
        "members_count": members,
        "pending_invitations_count": pending,
        "max_allowed_memberships": o.max_allowed_memberships,
        "admin_delete_enabled": o.admin_delete_enabled,
        "public_metadata": o.public_metadata,
        "private_metadata": o.private_metadata,
        "created_by": o.created_by.clone().unwrap_or_default(),
        "created_at": o.created_at,
        "updated_at": o.updated_at,
    })
}

/// By id, or (as GET does) by slug.
pub fn find<'d>(data: &'d Data, id_or_slug: &str) -> Result<&'d Organization, ApiError> {
    data.organizations
        .iter()
        .find(|o| o.id == id_or_slug)
        .or_else(|| data.organizations.iter().find(|o| o.slug == id_or_slug))
        .ok_or_else(ApiError::not_found)
}

fn find_mut<'d>(data: &'d mut Data, id: &str) -> Result<&'d mut Organization, ApiError> {
    data.organizations
        .iter_mut()
        .find(|o| o.id == id)
        .ok_or_else(ApiError::not_found)
}

/// `Acme Inc.` → `acme-inc`.
fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

fn check_slug(data: &Data, slug: &str, except: Option<&str>) -> Result<(), ApiError> {
    let valid = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !valid {
        return Err(ApiError::invalid(
            "slug",
            "slug must contain only lowercase letters, digits, '-' and '_'.",
        ));
    }
    if data
        .organizations
        .iter()
        .any(|o| o.slug == slug && Some(o.id.as_str()) != except)
    {
        return Err(ApiError::taken("slug", "slug"));
    }
    Ok(())
}

async fn list(S(s): S<State>, Q(q): Q<Vec<(String, String)>>) -> Reply {
    let q = Query(q);
    let data = s.data();
    let needle = q.get("query").map(str::to_lowercase);
    let user = q.get("user_id");
    let items = data
        .organizations
        .iter()
        .filter(|o| {
            needle.as_ref().is_none_or(|n| {
                o.name.to_lowercase().contains(n) || o.slug.contains(n) || o.id.to_lowercase() == *n
            })
        })
        .filter(|o| {
            user.is_none_or(|u| {
                data.memberships
                    .iter()
                    .any(|m| m.organization_id == o.id && m.user_id == u)
            })
        });
    let page = q.page(items, "-created_at")?;
    reply::counted(page, |o| render(&data, o))
}

async fn create(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let name = p.required("name")?;
    let created_by = p.str("created_by")?;
    let mut data = s.data();
    let slug = match p.str("slug")? {
        Some(slug) => slug,
        None => slugify(&name),
    };
    check_slug(&data, &slug, None)?;
    if let Some(user) = &created_by {
        users::find(&data, user).map_err(|e| e.param("created_by"))?;
    }
    let now = now_ms();
    let org = Organization {
        id: data.new_id("org"),
        name,
        slug,
        max_allowed_memberships: p.int("max_allowed_memberships")?.unwrap_or(5),
        admin_delete_enabled: true,
        public_metadata: p.object("public_metadata")?.unwrap_or_default(),
        private_metadata: p.object("private_metadata")?.unwrap_or_default(),
        created_by: created_by.clone(),
        created_at: now,
        updated_at: now,
        ..Default::default()
    };
    let org_id = org.id.clone();
    data.organizations.push(org);
    if let Some(user_id) = created_by {
        let m = Membership::new(&mut data, &org_id, &user_id, memberships::ADMIN, now);
        data.memberships.push(m);
    }
    ok(render(&data, find(&data, &org_id)?))
}

async fn read(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let data = s.data();
    ok(render(&data, find(&data, &id)?))
}

async fn update(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let mut data = s.data();
    find_mut(&mut data, &id)?;
    if let Some(slug) = p.str("slug")? {
        check_slug(&data, &slug, Some(&id))?;
    }
    let o = find_mut(&mut data, &id)?;
    if let Some(name) = p.str("name")? {
        o.name = name;
    }
    if let Some(slug) = p.str("slug")? {
        o.slug = slug;
    }
    if let Some(n) = p.int("max_allowed_memberships")? {
        o.max_allowed_memberships = n;
    }
    if let Some(b) = p.bool("admin_delete_enabled")? {
        o.admin_delete_enabled = b;
    }
    if let Some(m) = p.object("public_metadata")? {
        o.public_metadata = m;
    }
    if let Some(m) = p.object("private_metadata")? {
        o.private_metadata = m;
    }
    o.updated_at = now_ms();
    let data = &*data;
    ok(render(data, find(data, &id)?))
}

async fn update_metadata(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let mut data = s.data();
    let o = find_mut(&mut data, &id)?;
    if let Some(patch) = p.object("public_metadata")? {
        merge(&mut o.public_metadata, patch);
    }
    if let Some(patch) = p.object("private_metadata")? {
        merge(&mut o.private_metadata, patch);
    }
    o.updated_at = now_ms();
    let data = &*data;
    ok(render(data, find(data, &id)?))
}

/// The emulator keeps no image: any upload sets a stable logo URL.
async fn set_logo(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    if body.is_empty() {
        return Err(ApiError::missing("file"));
    }
    let mut data = s.data();
    let o = find_mut(&mut data, &id)?;
    o.image_url = Some(format!("https://img.clerk.com/emulator/{}", o.id));
    o.updated_at = now_ms();
    let data = &*data;
    ok(render(data, find(data, &id)?))
}

async fn remove_logo(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let o = find_mut(&mut data, &id)?;
    o.image_url = None;
    o.updated_at = now_ms();
    let data = &*data;
    ok(render(data, find(data, &id)?))
}

async fn remove(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    find_mut(&mut data, &id)?;
    data.organizations.retain(|o| o.id != id);
    data.memberships.retain(|m| m.organization_id != id);
    data.organization_invitations
        .retain(|i| i.organization_id != id);
    for session in &mut data.sessions {
        if session.last_active_organization_id.as_deref() == Some(id.as_str()) {
            session.last_active_organization_id = None;
        }
    }
    deleted("organization", &id)
}
