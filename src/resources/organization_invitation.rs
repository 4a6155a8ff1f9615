use super::{f, plain, Kind, Resource};

pub static ORGANIZATION_INVITATION: Resource = Resource {
    name: "OrganizationInvitation",
    object: Some("organization_invitation"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("emailAddress", "email_address"),
        plain("role", "role"),
        plain("organizationId", "organization_id"),
        plain("createdAt", "created_at"),
        plain("updatedAt", "updated_at"),
        plain("status", "status"),
        f("publicMetadata", "public_metadata", Kind::ObjectDefault),
        f("privateMetadata", "private_metadata", Kind::ObjectDefault),
    ],
};
