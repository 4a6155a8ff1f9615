use super::{f, plain, Kind, Resource};

pub static EMAIL_ADDRESS: Resource = Resource {
    name: "EmailAddress",
    object: Some("email_address"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("emailAddress", "email_address"),
        f(
            "verification",
            "verification",
            Kind::ResourceIfTruthy("Verification"),
        ),
        f(
            "linkedTo",
            "linked_to",
            Kind::ResourceList("IdentificationLink"),
        ),
    ],
};
