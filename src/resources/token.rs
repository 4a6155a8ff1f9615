use super::{plain, Resource};

pub static TOKEN: Resource = Resource {
    name: "Token",
    object: Some("token"),
    exported: true,
    fields: &[plain("jwt", "jwt")],
};
