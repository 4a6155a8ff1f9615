use super::{Body, Endpoint, Method::*, Seg::*};

pub static ENDPOINTS: &[Endpoint] = &[Endpoint::new(
    "smsMessages",
    "createSMSMessage",
    Post,
    &[Lit("sms_messages")],
)
.body(Body::All(0))
.deprecated(
    "SMSMessageAPI.createSMSMessage",
    "This endpoint is no longer available and the function will be removed in the next major version.",
)];
