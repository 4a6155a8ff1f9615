use super::{f, plain, Kind, Resource};

pub static ORGANIZATION_MEMBERSHIP: Resource = Resource {
    name: "OrganizationMembership",
    object: Some("organization_membership"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("role", "role"),
        f("publicMetadata", "public_metadata", Kind::ObjectDefault),
        f("privateMetadata", "private_metadata", Kind::ObjectDefault),
        plain("createdAt", "created_at"),
        plain("updatedAt", "updated_at"),
        f(
            "organization",
            "organization",
            Kind::Resource("Organization"),
        ),
        f(
            "publicUserData",
            "public_user_data",
            Kind::Resource("OrganizationMembershipPublicUserData"),
        ),
    ],
};
