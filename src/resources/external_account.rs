use super::{f, plain, Kind, Resource};

pub static EXTERNAL_ACCOUNT: Resource = Resource {
    name: "ExternalAccount",
    object: None,
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("provider", "provider"),
        plain("identificationId", "identification_id"),
        plain("externalId", "provider_user_id"),
        plain("approvedScopes", "approved_scopes"),
        plain("emailAddress", "email_address"),
        plain("firstName", "first_name"),
        plain("lastName", "last_name"),
        f(
            "picture",
            "avatar_url",
            Kind::Deprecated("Use `imageUrl` instead."),
        ),
        plain("imageUrl", "image_url"),
        plain("username", "username"),
        f("publicMetadata", "public_metadata", Kind::ObjectDefault),
        plain("label", "label"),
        f(
            "verification",
            "verification",
            Kind::ResourceIfTruthy("Verification"),
        ),
    ],
};
