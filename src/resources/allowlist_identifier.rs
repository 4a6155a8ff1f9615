use super::{plain, Resource};

pub static ALLOWLIST_IDENTIFIER: Resource = Resource {
    name: "AllowlistIdentifier",
    object: Some("allowlist_identifier"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("identifier", "identifier"),
        plain("createdAt", "created_at"),
        plain("updatedAt", "updated_at"),
        plain("invitationId", "invitation_id"),
    ],
};
