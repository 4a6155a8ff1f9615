use super::{f, plain, Kind, Resource};

pub static ORGANIZATION_MEMBERSHIP_PUBLIC_USER_DATA: Resource = Resource {
    name: "OrganizationMembershipPublicUserData",
    object: None,
    exported: true,
    fields: &[
        plain("identifier", "identifier"),
        plain("firstName", "first_name"),
        plain("lastName", "last_name"),
        f(
            "profileImageUrl",
            "profile_image_url",
            Kind::Deprecated("Use `imageUrl` instead."),
        ),
        plain("imageUrl", "image_url"),
        plain("hasImage", "has_image"),
        plain("userId", "user_id"),
    ],
};
