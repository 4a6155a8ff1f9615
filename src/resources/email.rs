use super::{plain, Resource};

pub static EMAIL: Resource = Resource {
    name: "Email",
    object: Some("email"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("fromEmailName", "from_email_name"),
        plain("emailAddressId", "email_address_id"),
        plain("toEmailAddress", "to_email_address"),
        plain("subject", "subject"),
        plain("body", "body"),
        plain("bodyPlain", "body_plain"),
        plain("status", "status"),
        plain("slug", "slug"),
        plain("data", "data"),
        plain("deliveredByClerk", "delivered_by_clerk"),
    ],
};
