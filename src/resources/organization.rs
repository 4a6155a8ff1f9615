use super::{f, plain, Kind, Resource};

pub static ORGANIZATION: Resource = Resource {
    name: "Organization",
    object: Some("organization"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("name", "name"),
        plain("slug", "slug"),
        f(
            "logoUrl",
            "logo_url",
            Kind::Deprecated("Use `imageUrl` instead."),
        ),
        plain("imageUrl", "image_url"),
        plain("hasImage", "has_image"),
        plain("createdBy", "created_by"),
        plain("createdAt", "created_at"),
        plain("updatedAt", "updated_at"),
        f("publicMetadata", "public_metadata", Kind::ObjectDefault),
        f("privateMetadata", "private_metadata", Kind::ObjectDefault),
        plain("maxAllowedMemberships", "max_allowed_memberships"),
        plain("adminDeleteEnabled", "admin_delete_enabled"),
        f(
            "members_count",
            "members_count",
            Kind::Deprecated("Use `membersCount` instead."),
        ),
        plain("membersCount", "members_count"),
    ],
};
