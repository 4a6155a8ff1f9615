//! What email addresses and phone numbers share: a user owns each, one of them is the
//! user's primary, and `/v1/email_addresses` and `/v1/phone_numbers` read, create,
//! update and delete them the same way.

use super::reply::{deleted, ok, ApiError, Params, Reply};
use super::store::{now_ms, Data};
use super::users::{self, User};
use super::State;
use axum::body::Bytes;
use axum::extract::{Path, State as S};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

/// An identifier kind.
pub trait Identifier: Sized + Send + 'static {
    /// The `object` of the resource, and its parameter's name.
    const OBJECT: &'static str;
    /// The collection's path: `/email_addresses`.
    const PATH: &'static str;
    /// How an error names it: "email address".
    const WHAT: &'static str;
    /// The strategy of an unverified one (`email_code`).
    const CODE_STRATEGY: &'static str;

    fn of(user: &User) -> &Vec<Self>;
    fn of_mut(user: &mut User) -> &mut Vec<Self>;
    fn primary(user: &mut User) -> &mut Option<String>;
    fn new(id: String, value: String, verified: bool, now: i64) -> Self;
    fn id(&self) -> &str;
    fn value(&self) -> &str;
    /// `verified` and `updated_at`.
    fn update(&mut self, verified: Option<bool>, now: i64);
    fn render(&self) -> Value;
    /// The normalized value, or a 422 naming the parameter.
    fn normalize(value: &str) -> Result<String, ApiError>;
}

/// `/v1/email_addresses` or `/v1/phone_numbers`.
pub fn routes<T: Identifier>() -> Router<State> {
    Router::new().route(T::PATH, post(create::<T>)).route(
        &format!("{}/{{id}}", T::PATH),
        get(read::<T>).patch(update::<T>).delete(remove::<T>),
    )
}

/// The verification object of an identifier: `admin` when created verified through
/// the Backend API, an unverified code otherwise.
pub fn verification<T: Identifier>(verified: bool) -> Value {
    if verified {
        json!({"object": "verification_admin", "status": "verified", "strategy": "admin", "attempts": null, "expire_at": null})
    } else {
        json!({"object": "verification_otp", "status": "unverified", "strategy": T::CODE_STRATEGY, "attempts": null, "expire_at": null})
    }
}

/// Someone has this (normalized) value already.
pub fn taken<T: Identifier>(data: &Data, value: &str) -> bool {
    data.users
        .iter()
        .any(|u| T::of(u).iter().any(|i| i.value() == value))
}

/// New records for `createUser`'s values, checked (format, uniqueness) and normalized.
pub fn new_records<T: Identifier>(
    data: &mut Data,
    values: &[String],
    now: i64,
) -> Result<Vec<T>, ApiError> {
    let mut records: Vec<T> = Vec::new();
    for value in values {
        let value = T::normalize(value)?;
        if taken::<T>(data, &value) || records.iter().any(|r| r.value() == value) {
            return Err(ApiError::taken(T::OBJECT, T::WHAT));
        }
        records.push(T::new(data.new_id("idn"), value, true, now));
    }
    Ok(records)
}

fn owner_mut<'d, T: Identifier>(data: &'d mut Data, id: &str) -> Result<&'d mut User, ApiError> {
    data.users
        .iter_mut()
        .find(|u| T::of(u).iter().any(|i| i.id() == id))
        .ok_or_else(ApiError::not_found)
}

async fn read<T: Identifier>(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let u = owner_mut::<T>(&mut data, &id)?;
    let found = T::of(u).iter().find(|i| i.id() == id);
    found
        .map(T::render)
        .map(ok)
        .unwrap_or_else(|| Err(ApiError::not_found()))
}

async fn create<T: Identifier>(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let user_id = p.required("user_id")?;
    let value = T::normalize(&p.required(T::OBJECT)?)?;
    let verified = p.bool("verified")?.unwrap_or(false);
    let primary = p.bool("primary")?.unwrap_or(false);
    let mut data = s.data();
    users::find(&data, &user_id)?;
    if taken::<T>(&data, &value) {
        return Err(ApiError::taken(T::OBJECT, T::WHAT));
    }
    let now = now_ms();
    let record = T::new(data.new_id("idn"), value, verified, now);
    let body = record.render();
    let u = users::find_mut(&mut data, &user_id)?;
    let current = T::primary(u);
    if primary || current.is_none() {
        *current = Some(record.id().to_string());
    }
    T::of_mut(u).push(record);
    u.updated_at = now;
    ok(body)
}

async fn update<T: Identifier>(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let verified = p.bool("verified")?;
    let primary = p.bool("primary")?.unwrap_or(false);
    let mut data = s.data();
    let u = owner_mut::<T>(&mut data, &id)?;
    let now = now_ms();
    if primary {
        *T::primary(u) = Some(id.clone());
        u.updated_at = now;
    }
    let record = T::of_mut(u)
        .iter_mut()
        .find(|i| i.id() == id)
        .ok_or_else(ApiError::not_found)?;
    record.update(verified, now);
    ok(record.render())
}

async fn remove<T: Identifier>(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let u = owner_mut::<T>(&mut data, &id)?;
    T::of_mut(u).retain(|i| i.id() != id);
    let next = T::of(u).first().map(|i| i.id().to_string());
    let primary = T::primary(u);
    if primary.as_deref() == Some(id.as_str()) {
        *primary = next;
    }
    u.updated_at = now_ms();
    deleted(T::OBJECT, &id)
}
