use super::{plain, Resource};

pub static SMS_MESSAGE: Resource = Resource {
    name: "SMSMessage",
    object: Some("sms_message"),
    exported: true,
    fields: &[
        plain("id", "id"),
        plain("fromPhoneNumber", "from_phone_number"),
        plain("toPhoneNumber", "to_phone_number"),
        plain("message", "message"),
        plain("status", "status"),
        plain("phoneNumberId", "phone_number_id"),
        plain("data", "data"),
    ],
};
