//! `/v1/email_addresses` and the email addresses a user carries.

use super::reply::{deleted, ok, ApiError, Params, Reply};
use super::store::{now_ms, Data};
use super::users::{self, User};
use super::State;
use axum::body::Bytes;
use axum::extract::{Path, State as S};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct EmailAddress {
    pub id: String,
    pub email_address: String,
    pub verified: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn routes() -> Router<State> {
    Router::new().route("/email_addresses", post(create)).route(
        "/email_addresses/{id}",
        get(read).patch(update).delete(remove),
    )
}

/// The verification object of an identifier: `admin` when created verified through
/// the Backend API, an unverified code otherwise.
pub fn verification(verified: bool, code_strategy: &str) -> Value {
    if verified {
        json!({"object": "verification_admin", "status": "verified", "strategy": "admin", "attempts": null, "expire_at": null})
    } else {
        json!({"object": "verification_otp", "status": "unverified", "strategy": code_strategy, "attempts": null, "expire_at": null})
    }
}

pub fn render(e: &EmailAddress) -> Value {
    json!({
        "id": e.id,
        "object": "email_address",
        "email_address": e.email_address,
        "reserved": false,
        "verification": verification(e.verified, "email_code"),
        "linked_to": [],
        "created_at": e.created_at,
        "updated_at": e.updated_at,
    })
}

/// Lowercased and checked: one `@`, a local part, a dotted domain, no spaces.
pub fn normalize(email: &str) -> Result<String, ApiError> {
    let e = email.trim().to_lowercase();
    let valid = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(e)
    } else {
        Err(ApiError::invalid(
            "email_address",
            "email_address must be a valid email address.",
        ))
    }
}

pub fn taken(data: &Data, email: &str) -> bool {
    data.users
        .iter()
        .any(|u| u.email_addresses.iter().any(|e| e.email_address == email))
}

pub fn new_record(data: &mut Data, email: String, verified: bool, now: i64) -> EmailAddress {
    EmailAddress {
        id: data.new_id("idn"),
        email_address: email,
        verified,
        created_at: now,
        updated_at: now,
    }
}

fn owner_mut<'d>(data: &'d mut Data, id: &str) -> Result<&'d mut User, ApiError> {
    data.users
        .iter_mut()
        .find(|u| u.email_addresses.iter().any(|e| e.id == id))
        .ok_or_else(ApiError::not_found)
}

async fn read(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let u = owner_mut(&mut data, &id)?;
    let e = u.email_addresses.iter().find(|e| e.id == id);
    ok(e.map(render).unwrap_or_default())
}

async fn create(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let user_id = p.required("user_id")?;
    let email = normalize(&p.required("email_address")?)?;
    let verified = p.bool("verified")?.unwrap_or(false);
    let primary = p.bool("primary")?.unwrap_or(false);
    let mut data = s.data();
    users::find(&data, &user_id)?;
    if taken(&data, &email) {
        return Err(ApiError::taken("email_address", "email address"));
    }
    let now = now_ms();
    let record = new_record(&mut data, email, verified, now);
    let body = render(&record);
    let u = users::find_mut(&mut data, &user_id)?;
    if primary || u.primary_email_address_id.is_none() {
        u.primary_email_address_id = Some(record.id.clone());
    }
    u.email_addresses.push(record);
    u.updated_at = now;
    ok(body)
}

async fn update(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let verified = p.bool("verified")?;
    let primary = p.bool("primary")?.unwrap_or(false);
    let mut data = s.data();
    let u = owner_mut(&mut data, &id)?;
    let now = now_ms();
    if primary {
        u.primary_email_address_id = Some(id.clone());
        u.updated_at = now;
    }
    let e = u
        .email_addresses
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or_else(ApiError::not_found)?;
    if let Some(v) = verified {
        e.verified = v;
    }
    e.updated_at = now;
    ok(render(e))
}

async fn remove(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let u = owner_mut(&mut data, &id)?;
    u.email_addresses.retain(|e| e.id != id);
    if u.primary_email_address_id.as_deref() == Some(id.as_str()) {
        u.primary_email_address_id = u.email_addresses.first().map(|e| e.id.clone());
    }
    u.updated_at = now_ms();
    deleted("email_address", &id)
}
