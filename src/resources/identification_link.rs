use super::{plain, Resource};

pub static IDENTIFICATION_LINK: Resource = Resource {
    name: "IdentificationLink",
    object: None,
    exported: true,
    fields: &[plain("id", "id"), plain("type", "type")],
};
