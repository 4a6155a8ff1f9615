//! The v4 resource classes (surface.md §f): which JSON key feeds which field, in which order,
//! with which default, and which fields hold nested resources. This table is the single
//! source of truth for shaping: the API path (`deserialize`), `X.fromJSON(json)`, and the
//! JS classes themselves (their constructors are generated from `schema_json()`).

mod allowlist_identifier;
mod client;
mod deleted_object;
mod email;
mod email_address;
mod external_account;
mod identification_link;
mod invitation;
mod oauth_access_token;
mod organization;
mod organization_invitation;
mod organization_membership;
mod organization_membership_public_user_data;
mod phone_number;
mod redirect_url;
mod session;
mod sign_in_token;
mod sms_message;
mod token;
mod user;
mod verification;
mod web3_wallet;

/// The generator of lib/generated/resources.js (checked in; a test keeps it current).
#[cfg(test)]
mod js;
pub(crate) mod shape;

pub use shape::{deserialize, from_json, shape_payload, Payload};

/// How a field's value is derived from its JSON key.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// Copied as is (`undefined` stays `undefined`).
    Plain,
    /// `{}` when the JSON value is `undefined` (not when `null`): a constructor default.
    ObjectDefault,
    /// `null` when the JSON value is `undefined`: a constructor default.
    NullDefault,
    /// `value || null`.
    FalsyToNull,
    /// A nested resource; the JSON value must be an object.
    Resource(&'static str),
    /// `value && X.fromJSON(value)`: a falsy value is kept as is.
    ResourceIfTruthy(&'static str),
    /// `value.map(X.fromJSON)`: the JSON value must be an array.
    ResourceList(&'static str),
    /// `(value || []).map(X.fromJSON)`.
    ResourceListOrEmpty(&'static str),
    /// A `URL` object when truthy, else `null`.
    Url,
    /// A deprecated accessor: not an own enumerable property; reading it warns once.
    Deprecated(&'static str),
}

pub struct Field {
    /// The JS property name.
    pub js: &'static str,
    /// The BAPI JSON key it is read from.
    pub json: &'static str,
    pub kind: Kind,
}

pub struct Resource {
    /// The exported class name.
    pub name: &'static str,
    /// The BAPI `object` value that dispatches to this class, if any.
    pub object: Option<&'static str>,
    /// Whether the class is exported (Web3Wallet is not).
    pub exported: bool,
    pub fields: &'static [Field],
}

pub(crate) const fn f(js: &'static str, json: &'static str, kind: Kind) -> Field {
    Field { js, json, kind }
}

pub(crate) const fn plain(js: &'static str, json: &'static str) -> Field {
    Field {
        js,
        json,
        kind: Kind::Plain,
    }
}

/// Every resource class, in the order v4 exports them.
pub static RESOURCES: &[&Resource] = &[
    &allowlist_identifier::ALLOWLIST_IDENTIFIER,
    &client::CLIENT,
    &deleted_object::DELETED_OBJECT,
    &email::EMAIL,
    &email_address::EMAIL_ADDRESS,
    &external_account::EXTERNAL_ACCOUNT,
    &identification_link::IDENTIFICATION_LINK,
    &invitation::INVITATION,
    &oauth_access_token::OAUTH_ACCESS_TOKEN,
    &organization::ORGANIZATION,
    &organization_invitation::ORGANIZATION_INVITATION,
    &organization_membership::ORGANIZATION_MEMBERSHIP,
    &organization_membership_public_user_data::ORGANIZATION_MEMBERSHIP_PUBLIC_USER_DATA,
    &phone_number::PHONE_NUMBER,
    &redirect_url::REDIRECT_URL,
    &sms_message::SMS_MESSAGE,
    &session::SESSION,
    &sign_in_token::SIGN_IN_TOKEN,
    &token::TOKEN,
    &user::USER,
    &verification::VERIFICATION,
    &web3_wallet::WEB3_WALLET,
];

pub fn by_name(name: &str) -> Option<&'static Resource> {
    RESOURCES.iter().copied().find(|r| r.name == name)
}

pub fn by_object(object: &str) -> Option<&'static Resource> {
    RESOURCES.iter().copied().find(|r| r.object == Some(object))
}

/// The schema the JS shell builds its classes from: `[{name, exported, fields: [[js, kind, arg]]}]`.
pub fn schema_json() -> String {
    let classes: Vec<serde_json::Value> = RESOURCES
        .iter()
        .map(|r| {
            let fields: Vec<serde_json::Value> = r
                .fields
                .iter()
                .map(|fl| {
                    let (kind, arg) = match fl.kind {
                        Kind::Plain => ("plain", ""),
                        Kind::ObjectDefault => ("object", ""),
                        Kind::NullDefault => ("null", ""),
                        Kind::FalsyToNull => ("plain", ""),
                        Kind::Resource(c) => ("resource", c),
                        Kind::ResourceIfTruthy(c) => ("resource", c),
                        Kind::ResourceList(c) => ("list", c),
                        Kind::ResourceListOrEmpty(c) => ("listOrEmpty", c),
                        Kind::Url => ("url", ""),
                        Kind::Deprecated(advice) => ("deprecated", advice),
                    };
                    serde_json::json!([fl.js, kind, arg])
                })
                .collect();
            serde_json::json!({ "name": r.name, "exported": r.exported, "fields": fields })
        })
        .collect();
    serde_json::Value::Array(classes).to_string()
}

/// Whether v4's `jsonToObject` turns payloads with this `object` into a class instance.
pub fn is_dispatched(object: &str) -> bool {
    object == "total_count" || by_object(object).is_some()
}
