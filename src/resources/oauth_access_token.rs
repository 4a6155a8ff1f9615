use super::{f, plain, Kind, Resource};

pub static OAUTH_ACCESS_TOKEN: Resource = Resource {
    name: "OauthAccessToken",
    object: Some("oauth_access_token"),
    exported: true,
    fields: &[
        plain("provider", "provider"),
        plain("token", "token"),
        f("publicMetadata", "public_metadata", Kind::ObjectDefault),
        plain("label", "label"),
        plain("scopes", "scopes"),
        plain("tokenSecret", "token_secret"),
    ],
};
