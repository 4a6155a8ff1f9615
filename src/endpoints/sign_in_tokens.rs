use super::{Arg::Pos, Body, Endpoint, Method::*, Seg, Seg::*};

const API: &str = "signInTokens";
const BASE: Seg = Lit("sign_in_tokens");

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "createSignInToken", Post, &[BASE]).body(Body::All(0)),
    Endpoint::new(
        API,
        "revokeSignInToken",
        Post,
        &[BASE, Id(Pos(0)), Lit("revoke")],
    ),
];
