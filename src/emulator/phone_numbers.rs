//! `/v1/phone_numbers` and the phone numbers a user carries.

use super::email_addresses::verification;
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
pub struct PhoneNumber {
    pub id: String,
    /// E.164.
    pub phone_number: String,
    pub verified: bool,
    pub reserved_for_second_factor: bool,
    pub default_second_factor: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn routes() -> Router<State> {
    Router::new().route("/phone_numbers", post(create)).route(
        "/phone_numbers/{id}",
        get(read).patch(update).delete(remove),
    )
}

pub fn render(p: &PhoneNumber) -> Value {
    json!({
        "id": p.id,
        "object": "phone_number",
        "phone_number": p.phone_number,
        "reserved_for_second_factor": p.reserved_for_second_factor,
        "default_second_factor": p.default_second_factor,
        "reserved": false,
        "verification": verification(p.verified, "phone_code"),
        "linked_to": [],
        "backup_codes": null,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    })
}

/// E.164: `+` and 8 to 15 digits; spaces, dashes, dots and parentheses are dropped.
pub fn normalize(phone: &str) -> Result<String, ApiError> {
    let kept: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let digits = kept.strip_prefix('+').unwrap_or("");
    if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(kept)
    } else {
        Err(ApiError::invalid(
            "phone_number",
            "phone_number must be a valid phone number in E.164 format (+ and country code).",
        ))
    }
}

pub fn taken(data: &Data, phone: &str) -> bool {
    data.users
        .iter()
        .any(|u| u.phone_numbers.iter().any(|p| p.phone_number == phone))
}

pub fn new_record(data: &mut Data, phone: String, verified: bool, now: i64) -> PhoneNumber {
    PhoneNumber {
        id: data.new_id("idn"),
        phone_number: phone,
        verified,
        created_at: now,
        updated_at: now,
        ..Default::default()
    }
}

fn owner_mut<'d>(data: &'d mut Data, id: &str) -> Result<&'d mut User, ApiError> {
    data.users
        .iter_mut()
        .find(|u| u.phone_numbers.iter().any(|p| p.id == id))
        .ok_or_else(ApiError::not_found)
}

async fn read(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let u = owner_mut(&mut data, &id)?;
    let p = u.phone_numbers.iter().find(|p| p.id == id);
    ok(p.map(render).unwrap_or_default())
}

async fn create(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let user_id = p.required("user_id")?;
    let phone = normalize(&p.required("phone_number")?)?;
    let verified = p.bool("verified")?.unwrap_or(false);
    let primary = p.bool("primary")?.unwrap_or(false);
    let mut data = s.data();
    users::find(&data, &user_id)?;
    if taken(&data, &phone) {
        return Err(ApiError::taken("phone_number", "phone number"));
    }
    let now = now_ms();
    let record = new_record(&mut data, phone, verified, now);
    let body = render(&record);
    let u = users::find_mut(&mut data, &user_id)?;
    if primary || u.primary_phone_number_id.is_none() {
        u.primary_phone_number_id = Some(record.id.clone());
    }
    u.phone_numbers.push(record);
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
        u.primary_phone_number_id = Some(id.clone());
        u.updated_at = now;
    }
    let ph = u
        .phone_numbers
        .iter_mut()
        .find(|p| p.id == id)
        .ok_or_else(ApiError::not_found)?;
    if let Some(v) = verified {
        ph.verified = v;
    }
    ph.updated_at = now;
    ok(render(ph))
}

async fn remove(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let u = owner_mut(&mut data, &id)?;
    u.phone_numbers.retain(|p| p.id != id);
    if u.primary_phone_number_id.as_deref() == Some(id.as_str()) {
        u.primary_phone_number_id = u.phone_numbers.first().map(|p| p.id.clone());
    }
    u.updated_at = now_ms();
    deleted("phone_number", &id)
}
