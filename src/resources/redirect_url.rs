use super::{plain, Resource};

pub static REDIRECT_URL: Resource = Resource {
    name: "RedirectUrl",
    object: Some("redirect_url"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("url", "url"),
        plain("createdAt", "created_at"),
        plain("updatedAt", "updated_at"),
    ],
};
