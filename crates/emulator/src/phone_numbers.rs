//! Phone numbers: the record a user carries and `/v1/phone_numbers` (the routes are the
//! shared identifier routes).

use super::identifiers::{verification, Identifier};
use super::reply::ApiError;
use super::users::User;
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

impl Identifier for PhoneNumber {
    const OBJECT: &'static str = "phone_number";
    const PATH: &'static str = "/phone_numbers";
    const WHAT: &'static str = "phone number";
    const CODE_STRATEGY: &'static str = "phone_code";

    fn of(user: &User) -> &Vec<Self> {
        &user.phone_numbers
    }
    fn of_mut(user: &mut User) -> &mut Vec<Self> {
        &mut user.phone_numbers
    }
    fn primary(user: &mut User) -> &mut Option<String> {
        &mut user.primary_phone_number_id
    }
    fn new(id: String, phone_number: String, verified: bool, now: i64) -> Self {
        PhoneNumber {
            id,
            phone_number,
            verified,
            created_at: now,
            updated_at: now,
            ..Default::default()
        }
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn value(&self) -> &str {
        &self.phone_number
    }
    fn update(&mut self, verified: Option<bool>, now: i64) {
        self.verified = verified.unwrap_or(self.verified);
        self.updated_at = now;
    }
    fn render(&self) -> Value {
        json!({
            "id": self.id,
            "object": "phone_number",
            "phone_number": self.phone_number,
            "reserved_for_second_factor": self.reserved_for_second_factor,
            "default_second_factor": self.default_second_factor,
            "reserved": false,
            "verification": verification::<Self>(self.verified),
            "linked_to": [],
            "backup_codes": null,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
    fn normalize(phone: &str) -> Result<String, ApiError> {
        normalize(phone)
    }
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
