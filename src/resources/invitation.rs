use super::{plain, Resource};

pub static INVITATION: Resource = Resource {
    name: "Invitation",
    object: Some("invitation"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("emailAddress", "email_address"),
        plain("publicMetadata", "public_metadata"),
        plain("createdAt", "created_at"),
        plain("updatedAt", "updated_at"),
        plain("status", "status"),
        plain("revoked", "revoked"),
    ],
};
