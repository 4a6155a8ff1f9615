//! `/v1/users`: create, read, update, delete, list and count users; metadata merge,
//! profile image, password and TOTP verification, MFA, ban and lock.

use super::email_addresses::EmailAddress;
use super::identifiers::{self, Identifier};
use super::phone_numbers::PhoneNumber;
use super::reply::{self, deleted, merge, ok, timestamps, ApiError, Listed, Params, Query, Reply};
use super::store::{now_ms, Data};
use super::State;
use aws_lc_rs::{digest, hmac, pbkdf2};
use axum::body::Bytes;
use axum::extract::{Path, Query as Q, State as S};
use axum::routing::{delete, get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::num::NonZeroU32;

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct User {
    pub id: String,
    pub external_id: Option<String>,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// `pbkdf2_sha256$<iterations>$<salt>$<hash>` (base64), or an imported digest
    /// `<hasher>$<digest>`.
    pub password: Option<String>,
    pub public_metadata: Map<String, Value>,
    pub private_metadata: Map<String, Value>,
    pub unsafe_metadata: Map<String, Value>,
    pub email_addresses: Vec<EmailAddress>,
    pub phone_numbers: Vec<PhoneNumber>,
    pub primary_email_address_id: Option<String>,
    pub primary_phone_number_id: Option<String>,
    /// Base32, as given to `createUser({ totpSecret })`.
    pub totp_secret: Option<String>,
    pub backup_codes: Vec<String>,
    pub image_url: Option<String>,
    pub banned: bool,
    pub locked: bool,
    pub delete_self_enabled: Option<bool>,
    pub create_organization_enabled: Option<bool>,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_sign_in_at: Option<i64>,
    pub last_active_at: Option<i64>,
    pub mfa_enabled_at: Option<i64>,
    pub mfa_disabled_at: Option<i64>,
}

impl Listed for User {
    fn sort_value(&self, field: &str) -> Value {
        let primary_email = || {
            self.email_addresses
                .iter()
                .find(|e| Some(&e.id) == self.primary_email_address_id.as_ref())
                .map(|e| e.email_address.as_str())
        };
        let primary_phone = || {
            self.phone_numbers
                .iter()
                .find(|p| Some(&p.id) == self.primary_phone_number_id.as_ref())
                .map(|p| p.phone_number.as_str())
        };
        match field {
            "first_name" => self.first_name.as_deref().into(),
            "last_name" => self.last_name.as_deref().into(),
            "username" => self.username.as_deref().into(),
            "email_address" => primary_email().into(),
            "phone_number" => primary_phone().into(),
            "last_sign_in_at" => self.last_sign_in_at.into(),
            "last_active_at" => self.last_active_at.into(),
            _ => timestamps(field, self.created_at, self.updated_at),
        }
    }
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/count", get(count))
        .route("/users/{id}", get(read).patch(update).delete(remove))
        .route(
            "/users/{id}/metadata",
            axum::routing::patch(update_metadata),
        )
        .route(
            "/users/{id}/profile_image",
            post(set_image).delete(remove_image),
        )
        .route("/users/{id}/verify_password", post(verify_password))
        .route("/users/{id}/verify_totp", post(verify_totp))
        .route("/users/{id}/mfa", delete(disable_mfa))
        .route(
            "/users/{id}/oauth_access_tokens/{provider}",
            get(oauth_access_tokens),
        )
        .route(
            "/users/{id}/ban",
            post(|s, p| flag(s, p, |u| u.banned = true)),
        )
        .route(
            "/users/{id}/unban",
            post(|s, p| flag(s, p, |u| u.banned = false)),
        )
        .route(
            "/users/{id}/lock",
            post(|s, p| flag(s, p, |u| u.locked = true)),
        )
        .route(
            "/users/{id}/unlock",
            post(|s, p| flag(s, p, |u| u.locked = false)),
        )
}

const DEFAULT_IMAGE: &str = "https://img.clerk.com/emulator/default";

pub fn image_url(image: &Option<String>) -> &str {
    image.as_deref().unwrap_or(DEFAULT_IMAGE)
}

/// The User resource as the Backend API answers it.
pub fn render(u: &User) -> Value {
    let totp = u.totp_secret.is_some();
    let backup = !u.backup_codes.is_empty();
    let second_factor_phone = u.phone_numbers.iter().any(|p| p.reserved_for_second_factor);
    json!({
        "id": u.id,
        "object": "user",
        "username": u.username,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "image_url": image_url(&u.image_url),
        "profile_image_url": image_url(&u.image_url),
        "has_image": u.image_url.is_some(),
        "primary_email_address_id": u.primary_email_address_id,
        "primary_phone_number_id": u.primary_phone_number_id,
        "primary_web3_wallet_id": null,
        "password_enabled": u.password.is_some(),
        "two_factor_enabled": totp || backup || second_factor_phone,
        "totp_enabled": totp,
        "backup_code_enabled": backup,
        "email_addresses": u.email_addresses.iter().map(Identifier::render).collect::<Vec<_>>(),
        "phone_numbers": u.phone_numbers.iter().map(Identifier::render).collect::<Vec<_>>(),
        "web3_wallets": [],
        "passkeys": [],
        "external_accounts": [],
        "saml_accounts": [],
        "enterprise_accounts": [],
        "public_metadata": u.public_metadata,
        "private_metadata": u.private_metadata,
        "unsafe_metadata": u.unsafe_metadata,
        "external_id": u.external_id,
        "last_sign_in_at": u.last_sign_in_at,
        "banned": u.banned,
        "locked": u.locked,
        "lockout_expires_in_seconds": null,
        "verification_attempts_remaining": 100,
        "created_at": u.created_at,
        "updated_at": u.updated_at,
        "delete_self_enabled": u.delete_self_enabled.unwrap_or(true),
        "create_organization_enabled": u.create_organization_enabled.unwrap_or(true),
        "last_active_at": u.last_active_at,
        "mfa_enabled_at": u.mfa_enabled_at,
        "mfa_disabled_at": u.mfa_disabled_at,
        "legal_accepted_at": null,
    })
}

pub fn find<'d>(data: &'d Data, id: &str) -> Result<&'d User, ApiError> {
    data.users
        .iter()
        .find(|u| u.id == id)
        .ok_or_else(ApiError::not_found)
}

pub fn find_mut<'d>(data: &'d mut Data, id: &str) -> Result<&'d mut User, ApiError> {
    data.users
        .iter_mut()
        .find(|u| u.id == id)
        .ok_or_else(ApiError::not_found)
}

/// What v4's getUserList/getCount filter on (each list filter matches any of its values).
fn matches(data: &Data, u: &User, q: &Query) -> bool {
    let any = |key: &str, field: &dyn Fn(&str) -> bool| {
        let wanted = q.all(key);
        wanted.is_empty() || wanted.iter().any(|w| field(w))
    };
    let lower = |s: &str| s.to_lowercase();
    any("user_id", &|w| u.id == w)
        && any("external_id", &|w| u.external_id.as_deref() == Some(w))
        && any("username", &|w| {
            u.username.as_deref().map(lower) == Some(lower(w))
        })
        && any("email_address", &|w| {
            u.email_addresses
                .iter()
                .any(|e| e.email_address.eq_ignore_ascii_case(w))
        })
        && any("phone_number", &|w| {
            u.phone_numbers.iter().any(|p| p.phone_number == w)
        })
        && any("organization_id", &|w| {
            data.memberships
                .iter()
                .any(|m| m.user_id == u.id && m.organization_id == w)
        })
        && q.get("query").is_none_or(|needle| {
            let needle = lower(needle);
            let fields = [
                Some(u.id.as_str()),
                u.external_id.as_deref(),
                u.username.as_deref(),
                u.first_name.as_deref(),
                u.last_name.as_deref(),
            ];
            fields
                .into_iter()
                .flatten()
                .chain(u.email_addresses.iter().map(|e| e.email_address.as_str()))
                .chain(u.phone_numbers.iter().map(|p| p.phone_number.as_str()))
                .any(|f| lower(f).contains(&needle))
        })
}

async fn list(S(s): S<State>, Q(q): Q<Vec<(String, String)>>) -> Reply {
    let q = Query(q);
    let data = s.data();
    let users = data.users.iter().filter(|u| matches(&data, u, &q));
    let page = q.page(users, "-created_at")?;
    reply::plain(page, render)
}

async fn count(S(s): S<State>, Q(q): Q<Vec<(String, String)>>) -> Reply {
    let q = Query(q);
    let data = s.data();
    let n = data.users.iter().filter(|u| matches(&data, u, &q)).count();
    ok(json!({ "object": "total_count", "total_count": n }))
}

async fn read(S(s): S<State>, Path(id): Path<String>) -> Reply {
    ok(render(find(&s.data(), &id)?))
}

fn check_username(data: &Data, username: &str, except: Option<&str>) -> Result<(), ApiError> {
    let valid = (4..=64).contains(&username.chars().count())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    if !valid {
        return Err(ApiError::invalid(
            "username",
            "Username must be between 4 and 64 characters long and contain only letters, digits, '_', '-' and '.'.",
        ));
    }
    let taken = data.users.iter().any(|u| {
        Some(u.id.as_str()) != except
            && u.username
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(username))
    });
    if taken {
        return Err(ApiError::taken("username", "username"));
    }
    Ok(())
}

const PBKDF2_ROUNDS: u32 = 10_000;

fn hash_password(password: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    let mut salt = [0u8; 16];
    let _ = aws_lc_rs::rand::SecureRandom::fill(&aws_lc_rs::rand::SystemRandom::new(), &mut salt);
    let mut hash = [0u8; 32];
    let rounds = NonZeroU32::new(PBKDF2_ROUNDS).unwrap_or(NonZeroU32::MIN);
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA256,
        rounds,
        &salt,
        password.as_bytes(),
        &mut hash,
    );
    format!(
        "pbkdf2_sha256${PBKDF2_ROUNDS}${}${}",
        b64.encode(salt),
        b64.encode(hash)
    )
}

/// Ok(true/false) for a stored password; Err for an imported digest the emulator cannot check.
fn password_matches(stored: &str, password: &str) -> Result<bool, ApiError> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    let parts: Vec<&str> = stored.split('$').collect();
    match parts.as_slice() {
        ["pbkdf2_sha256", rounds, salt, hash] => {
            let (Some(rounds), Ok(salt), Ok(hash)) = (
                rounds.parse().ok().and_then(NonZeroU32::new),
                b64.decode(salt),
                b64.decode(hash),
            ) else {
                return Ok(false);
            };
            Ok(pbkdf2::verify(
                pbkdf2::PBKDF2_HMAC_SHA256,
                rounds,
                &salt,
                password.as_bytes(),
                &hash,
            )
            .is_ok())
        }
        ["sha256", hex] => {
            let d = digest::digest(&digest::SHA256, password.as_bytes());
            Ok(data_encoding::HEXLOWER.encode(d.as_ref()) == hex.to_lowercase())
        }
        [hasher, ..] => Err(ApiError::new(
            422,
            "password_hasher_not_supported",
            "unsupported password hasher",
            format!("The emulator cannot check passwords imported with password_hasher '{hasher}' (it checks plain passwords and 'sha256' digests)."),
        )
        .param("password")),
        [] => Ok(false),
    }
}

/// The password parameters of create/update: `password` (checked unless
/// `skip_password_checks`), or an imported `password_digest` with its `password_hasher`.
fn password_from(p: &Params) -> Result<Option<String>, ApiError> {
    if let Some(digest) = p.str("password_digest")? {
        let hasher = p
            .str("password_hasher")?
            .ok_or_else(|| ApiError::missing("password_hasher"))?;
        return Ok(Some(format!("{hasher}${digest}")));
    }
    let Some(password) = p.str("password")? else {
        return Ok(None);
    };
    if !p.bool("skip_password_checks")?.unwrap_or(false) {
        if password.chars().count() < 8 {
            return Err(ApiError::new(
                422,
                "form_password_length_too_short",
                "Passwords must be 8 characters or more.",
                "Passwords must be 8 characters or more.",
            )
            .param("password"));
        }
        if password.len() > 72 {
            return Err(ApiError::new(
                422,
                "form_password_length_too_long",
                "Passwords must be less than 72 bytes.",
                "Passwords must be less than 72 bytes.",
            )
            .param("password"));
        }
    }
    Ok(Some(hash_password(&password)))
}

fn totp_from(p: &Params) -> Result<Option<String>, ApiError> {
    match p.str("totp_secret")? {
        None => Ok(None),
        Some(secret) if totp_key(&secret).is_some() => Ok(Some(secret)),
        Some(_) => Err(ApiError::invalid(
            "totp_secret",
            "totp_secret must be a base32 string.",
        )),
    }
}

fn totp_key(secret: &str) -> Option<Vec<u8>> {
    let clean: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    data_encoding::BASE32_NOPAD
        .decode(clean.as_bytes())
        .ok()
        .filter(|k| !k.is_empty())
}

/// RFC 6238 (SHA-1, 30 s, 6 digits), one step either side.
fn totp_matches(secret: &str, code: &str) -> bool {
    let Some(key) = totp_key(secret) else {
        return false;
    };
    let step = now_ms() / 1000 / 30;
    (step - 1..=step + 1).any(|counter| totp_code(&key, counter as u64) == code)
}

/// RFC 4226's HOTP value of `counter`, 6 digits.
fn totp_code(key: &[u8], counter: u64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key);
    let tag = hmac::sign(&key, &counter.to_be_bytes());
    let t = tag.as_ref();
    let offset = (t[t.len() - 1] & 0x0f) as usize;
    let bin = u32::from_be_bytes([
        t[offset] & 0x7f,
        t[offset + 1],
        t[offset + 2],
        t[offset + 3],
    ]);
    format!("{:06}", bin % 1_000_000)
}

async fn create(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let mut data = s.data();
    let now = now_ms();
    let emails = p.strings("email_address")?;
    let phones = p.strings("phone_number")?;
    let username = p.str("username")?;
    let password = password_from(&p)?;
    if let Some(name) = &username {
        check_username(&data, name, None)?;
    }
    let email_records: Vec<EmailAddress> = identifiers::new_records(&mut data, &emails, now)?;
    let phone_records: Vec<PhoneNumber> = identifiers::new_records(&mut data, &phones, now)?;
    let needs_identifier =
        email_records.is_empty() && phone_records.is_empty() && username.is_none();
    if needs_identifier && !p.bool("skip_user_requirement")?.unwrap_or(false) {
        return Err(ApiError::new(
            422,
            "form_data_missing",
            "at least one identifier is required",
            "Pass email_address, phone_number or username (the emulated instance requires one identifier).",
        )
        .param("email_address"));
    }
    let backup_codes = p.strings("backup_codes")?;
    let totp_secret = totp_from(&p)?;
    let mfa = totp_secret.is_some() || !backup_codes.is_empty();
    let user = User {
        id: data.new_id("user"),
        external_id: p.str("external_id")?,
        username,
        first_name: p.str("first_name")?,
        last_name: p.str("last_name")?,
        password,
        public_metadata: p.object("public_metadata")?.unwrap_or_default(),
        private_metadata: p.object("private_metadata")?.unwrap_or_default(),
        unsafe_metadata: p.object("unsafe_metadata")?.unwrap_or_default(),
        primary_email_address_id: email_records.first().map(|e| e.id.clone()),
        primary_phone_number_id: phone_records.first().map(|p| p.id.clone()),
        email_addresses: email_records,
        phone_numbers: phone_records,
        totp_secret,
        backup_codes,
        delete_self_enabled: p.bool("delete_self_enabled")?,
        create_organization_enabled: p.bool("create_organization_enabled")?,
        banned: p.bool("banned")?.unwrap_or(false),
        locked: p.bool("locked")?.unwrap_or(false),
        created_at: now,
        updated_at: now,
        mfa_enabled_at: mfa.then_some(now),
        ..Default::default()
    };
    let body = render(&user);
    data.users.push(user);
    ok(body)
}

async fn update(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let mut data = s.data();
    find(&data, &id)?;
    if let Some(name) = p.str("username")? {
        check_username(&data, &name, Some(&id))?;
    }
    let password = password_from(&p)?;
    let totp_secret = totp_from(&p)?;
    let backup_codes = p.strings("backup_codes")?;
    let sign_out = p.bool("sign_out_of_other_sessions")?.unwrap_or(false);
    let u = find_mut(&mut data, &id)?;
    if let Some(primary) = p.str("primary_email_address_id")? {
        if !u.email_addresses.iter().any(|e| e.id == primary) {
            return Err(ApiError::invalid(
                "primary_email_address_id",
                "primary_email_address_id must be one of the user's email addresses.",
            ));
        }
        u.primary_email_address_id = Some(primary);
    }
    if let Some(primary) = p.str("primary_phone_number_id")? {
        if !u.phone_numbers.iter().any(|e| e.id == primary) {
            return Err(ApiError::invalid(
                "primary_phone_number_id",
                "primary_phone_number_id must be one of the user's phone numbers.",
            ));
        }
        u.primary_phone_number_id = Some(primary);
    }
    let strings = [
        ("first_name", &mut u.first_name),
        ("last_name", &mut u.last_name),
        ("username", &mut u.username),
        ("external_id", &mut u.external_id),
    ];
    for (key, field) in strings {
        if let Some(v) = p.str(key)? {
            *field = Some(v).filter(|v| !v.is_empty());
        }
    }
    let metadata = [
        ("public_metadata", &mut u.public_metadata),
        ("private_metadata", &mut u.private_metadata),
        ("unsafe_metadata", &mut u.unsafe_metadata),
    ];
    for (key, field) in metadata {
        if let Some(v) = p.object(key)? {
            *field = v;
        }
    }
    if password.is_some() {
        u.password = password;
    }
    if totp_secret.is_some() {
        u.totp_secret = totp_secret;
        u.mfa_enabled_at = Some(now_ms());
    }
    if p.has("backup_codes") {
        u.backup_codes = backup_codes;
    }
    for (key, field) in [
        ("delete_self_enabled", &mut u.delete_self_enabled),
        (
            "create_organization_enabled",
            &mut u.create_organization_enabled,
        ),
    ] {
        if let Some(v) = p.bool(key)? {
            *field = Some(v);
        }
    }
    u.updated_at = now_ms();
    let body = render(u);
    if sign_out {
        super::sessions::end_all(&mut data, &id, "revoked");
    }
    ok(body)
}

async fn update_metadata(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let mut data = s.data();
    let u = find_mut(&mut data, &id)?;
    for (key, field) in [
        ("public_metadata", &mut u.public_metadata),
        ("private_metadata", &mut u.private_metadata),
        ("unsafe_metadata", &mut u.unsafe_metadata),
    ] {
        if let Some(patch) = p.object(key)? {
            merge(field, patch);
        }
    }
    u.updated_at = now_ms();
    ok(render(u))
}

async fn remove(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    find(&data, &id)?;
    data.users.retain(|u| u.id != id);
    super::sessions::end_all(&mut data, &id, "removed");
    data.memberships.retain(|m| m.user_id != id);
    data.sign_in_tokens.retain(|t| t.user_id != id);
    deleted("user", &id)
}

/// The emulator keeps no image: any upload (multipart `file`) sets a stable image URL.
async fn set_image(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    if body.is_empty() {
        return Err(ApiError::missing("file"));
    }
    let mut data = s.data();
    let u = find_mut(&mut data, &id)?;
    u.image_url = Some(format!("https://img.clerk.com/emulator/{}", u.id));
    u.updated_at = now_ms();
    ok(render(u))
}

async fn remove_image(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let u = find_mut(&mut data, &id)?;
    u.image_url = None;
    u.updated_at = now_ms();
    ok(render(u))
}

async fn verify_password(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let password = p.required("password")?;
    let data = s.data();
    let u = find(&data, &id)?;
    let Some(stored) = &u.password else {
        return Err(ApiError::new(
            400,
            "password_not_set",
            "password not set",
            "The user does not have a password set.",
        ));
    };
    if password_matches(stored, &password)? {
        ok(json!({ "verified": true }))
    } else {
        let m = "Password is incorrect. Try again, or use another method.";
        Err(ApiError::new(422, "form_password_incorrect", m, m).param("password"))
    }
}

async fn verify_totp(S(s): S<State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let code = p.required("code")?;
    let mut data = s.data();
    let u = find_mut(&mut data, &id)?;
    if u.totp_secret.is_none() && u.backup_codes.is_empty() {
        return Err(ApiError::new(
            400,
            "totp_not_enabled",
            "TOTP not enabled",
            "The user does not have TOTP or backup codes configured.",
        ));
    }
    if u.totp_secret
        .as_deref()
        .is_some_and(|s| totp_matches(s, &code))
    {
        return ok(json!({ "verified": true, "code_type": "totp" }));
    }
    if let Some(i) = u.backup_codes.iter().position(|c| *c == code) {
        // A backup code works once.
        u.backup_codes.remove(i);
        return ok(json!({ "verified": true, "code_type": "backup_code" }));
    }
    let m = "Incorrect code";
    Err(ApiError::new(422, "form_code_incorrect", m, m).param("code"))
}

async fn disable_mfa(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    let u = find_mut(&mut data, &id)?;
    u.totp_secret = None;
    u.backup_codes.clear();
    for p in &mut u.phone_numbers {
        p.reserved_for_second_factor = false;
        p.default_second_factor = false;
    }
    let now = now_ms();
    u.mfa_disabled_at = Some(now);
    u.updated_at = now;
    ok(json!({ "user_id": id }))
}

/// The emulator has no OAuth providers: a known user has no tokens.
async fn oauth_access_tokens(
    S(s): S<State>,
    Path((id, _provider)): Path<(String, String)>,
) -> Reply {
    find(&s.data(), &id)?;
    ok(json!([]))
}

async fn flag(S(s): S<State>, Path(id): Path<String>, set: impl FnOnce(&mut User)) -> Reply {
    let mut data = s.data();
    let u = find_mut(&mut data, &id)?;
    set(u);
    u.updated_at = now_ms();
    ok(render(u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_follows_rfc_6238() {
        // RFC 6238 appendix B, SHA-1 key "12345678901234567890": T = 59 s → 94287082.
        let key = totp_key("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(totp_code(&key, 59 / 30), "287082");
        assert_eq!(totp_code(&key, 1111111109 / 30), "081804");
        assert!(totp_key("not base32!").is_none());
    }

    #[test]
    fn passwords_hash_and_verify() {
        let stored = hash_password("correct-horse");
        assert!(password_matches(&stored, "correct-horse").unwrap());
        assert!(!password_matches(&stored, "correct-horsf").unwrap());
        // An imported sha256 digest.
        let digest = "sha256$2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        assert!(password_matches(digest, "hello").unwrap());
        assert!(password_matches("bcrypt$x", "hello").is_err());
    }
}
