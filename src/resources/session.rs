use super::{plain, Resource};

pub static SESSION: Resource = Resource {
    name: "Session",
    object: Some("session"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("clientId", "client_id"),
        plain("userId", "user_id"),
        plain("status", "status"),
        plain("lastActiveAt", "last_active_at"),
        plain("expireAt", "expire_at"),
        plain("abandonAt", "abandon_at"),
        plain("createdAt", "created_at"),
        plain("updatedAt", "updated_at"),
    ],
};
