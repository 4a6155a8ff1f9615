//! Email addresses: the record a user carries and `/v1/email_addresses` (the routes are
//! the shared identifier routes).

use super::identifiers::{verification, Identifier};
use super::reply::ApiError;
use super::users::User;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct EmailAddress {
    pub id: String,
    /// Lowercased.
    pub email_address: String,
    pub verified: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Identifier for EmailAddress {
    const OBJECT: &'static str = "email_address";
    const PATH: &'static str = "/email_addresses";
    const WHAT: &'static str = "email address";
    const CODE_STRATEGY: &'static str = "email_code";

    fn of(user: &User) -> &Vec<Self> {
        &user.email_addresses
    }
    fn of_mut(user: &mut User) -> &mut Vec<Self> {
        &mut user.email_addresses
    }
    fn primary(user: &mut User) -> &mut Option<String> {
        &mut user.primary_email_address_id
    }
    fn new(id: String, email_address: String, verified: bool, now: i64) -> Self {
        EmailAddress {
            id,
            email_address,
            verified,
            created_at: now,
            updated_at: now,
        }
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn value(&self) -> &str {
        &self.email_address
    }
    fn update(&mut self, verified: Option<bool>, now: i64) {
        self.verified = verified.unwrap_or(self.verified);
        self.updated_at = now;
    }
    fn render(&self) -> Value {
        json!({
            "id": self.id,
            "object": "email_address",
            "email_address": self.email_address,
            "reserved": false,
            "verification": verification::<Self>(self.verified),
            "linked_to": [],
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
    fn normalize(email: &str) -> Result<String, ApiError> {
        normalize(email)
    }
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
