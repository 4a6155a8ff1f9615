//! `/v1/allowlist_identifiers`: who may sign up (emails, `*@domain`, phone numbers).

use super::reply::{deleted, ok, remove_by_id, ApiError, Params, Reply};
use super::store::{now_ms, Data};
use super::{email_addresses, invitations, phone_numbers, State};
use axum::body::Bytes;
use axum::extract::{Path, State as S};
use axum::routing::{delete, get};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct AllowlistIdentifier {
    pub id: String,
    pub identifier: String,
    pub identifier_type: String,
    pub invitation_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/allowlist_identifiers", get(list).post(create))
        .route("/allowlist_identifiers/{id}", delete(remove))
}

fn render(data: &Data, a: &AllowlistIdentifier) -> Value {
    let mut v = json!({
        "object": "allowlist_identifier",
        "id": a.id,
        "identifier": a.identifier,
        "identifier_type": a.identifier_type,
        "instance_id": data.instance.id,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    });
    if let Some(inv) = &a.invitation_id {
        v["invitation_id"] = json!(inv);
    }
    v
}

/// The identifier, normalized, and its type.
fn classify(identifier: &str) -> Result<(String, &'static str), ApiError> {
    let id = identifier.trim();
    if let Some(domain) = id.strip_prefix("*@") {
        email_addresses::normalize(&format!("x@{domain}")).map_err(|e| e.param("identifier"))?;
        return Ok((id.to_lowercase(), "email_address"));
    }
    if id.contains('@') {
        let e = email_addresses::normalize(id).map_err(|e| e.param("identifier"))?;
        return Ok((e, "email_address"));
    }
    if id.starts_with('+') {
        let p = phone_numbers::normalize(id).map_err(|e| e.param("identifier"))?;
        return Ok((p, "phone_number"));
    }
    if id.len() == 42 && id.starts_with("0x") && id[2..].bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok((id.to_lowercase(), "web3_wallet"));
    }
    Err(ApiError::invalid(
        "identifier",
        "identifier must be an email address, *@domain, a phone number (+…) or a web3 wallet.",
    ))
}

async fn list(S(s): S<State>) -> Reply {
    let data = s.data();
    let items: Vec<Value> = data
        .allowlist_identifiers
        .iter()
        .rev()
        .map(|a| render(&data, a))
        .collect();
    ok(Value::Array(items))
}

async fn create(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let (identifier, kind) = classify(&p.required("identifier")?)?;
    let notify = p.bool("notify")?.unwrap_or(false);
    let mut data = s.data();
    if data
        .allowlist_identifiers
        .iter()
        .any(|a| a.identifier == identifier)
    {
        return Err(ApiError::new(
            422,
            "duplicate_record",
            "duplicate identifier",
            format!("{identifier} is already on the allowlist."),
        )
        .param("identifier"));
    }
    // Clerk invites a listed email address when asked to notify it.
    let invitation_id = if notify && kind == "email_address" && !identifier.starts_with('*') {
        Some(invitations::invite(
            &mut data,
            identifier.clone(),
            Default::default(),
            None,
            true,
        )?)
    } else {
        None
    };
    let now = now_ms();
    let record = AllowlistIdentifier {
        id: data.new_id("alid"),
        identifier,
        identifier_type: kind.into(),
        invitation_id,
        created_at: now,
        updated_at: now,
    };
    let body = render(&data, &record);
    data.allowlist_identifiers.push(record);
    ok(body)
}

async fn remove(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    remove_by_id(&mut data.allowlist_identifiers, &id, |a| &a.id)?;
    deleted("allowlist_identifier", &id)
}
