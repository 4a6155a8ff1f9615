use super::{Body, Endpoint, Method::*, Seg::*};

pub static ENDPOINTS: &[Endpoint] = &[Endpoint::new("emails", "createEmail", Post, &[Lit("emails")])
    .body(Body::All(0))
    .deprecated(
        "EmailAPI.createEmail",
        "This endpoint is no longer available and the function will be removed in the next major version.",
    )];
