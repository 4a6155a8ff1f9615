use super::{f, plain, Kind, Resource};

/// Any payload with both `object` and `deleted` keys becomes a DeletedObject.
pub static DELETED_OBJECT: Resource = Resource {
    name: "DeletedObject",
    object: None,
    exported: true,
    fields: &[
        plain("object", "object"),
        f("id", "id", Kind::FalsyToNull),
        f("slug", "slug", Kind::FalsyToNull),
        plain("deleted", "deleted"),
    ],
};
