use super::{f, plain, Kind, Resource};

pub static PHONE_NUMBER: Resource = Resource {
    name: "PhoneNumber",
    object: Some("phone_number"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("phoneNumber", "phone_number"),
        plain("reservedForSecondFactor", "reserved_for_second_factor"),
        plain("defaultSecondFactor", "default_second_factor"),
        f(
            "verification",
            "verification",
            Kind::ResourceIfTruthy("Verification"),
        ),
        f(
            "linkedTo",
            "linked_to",
            Kind::ResourceList("IdentificationLink"),
        ),
    ],
};
