use super::{f, plain, Kind, Resource};

pub static CLIENT: Resource = Resource {
    name: "Client",
    object: Some("client"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("sessionIds", "session_ids"),
        f("sessions", "sessions", Kind::ResourceList("Session")),
        plain("signInId", "sign_in_id"),
        plain("signUpId", "sign_up_id"),
        plain("lastActiveSessionId", "last_active_session_id"),
        plain("createdAt", "created_at"),
        plain("updatedAt", "updated_at"),
    ],
};
