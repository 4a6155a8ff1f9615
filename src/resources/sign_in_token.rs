use super::{plain, Resource};

pub static SIGN_IN_TOKEN: Resource = Resource {
    name: "SignInToken",
    object: Some("sign_in_token"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("userId", "user_id"),
        plain("token", "token"),
        plain("status", "status"),
        plain("url", "url"),
        plain("createdAt", "created_at"),
        plain("updatedAt", "updated_at"),
    ],
};
