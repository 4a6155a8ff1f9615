use super::{f, plain, Kind, Resource};

pub static VERIFICATION: Resource = Resource {
    name: "Verification",
    object: None,
    exported: true,
    fields: &[
        plain("status", "status"),
        plain("strategy", "strategy"),
        f(
            "externalVerificationRedirectURL",
            "external_verification_redirect_url",
            Kind::Url,
        ),
        f("attempts", "attempts", Kind::NullDefault),
        f("expireAt", "expire_at", Kind::NullDefault),
        f("nonce", "nonce", Kind::NullDefault),
    ],
};
