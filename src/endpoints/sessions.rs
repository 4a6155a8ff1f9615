use super::{Arg::Pos, Body, Endpoint, Method::*, Query, Returns, Seg, Seg::*};

const API: &str = "sessions";
const BASE: Seg = Lit("sessions");

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "getSessionList", Get, &[BASE])
        .query(Query::All(0))
        .pages(),
    Endpoint::new(API, "getSession", Get, &[BASE, Id(Pos(0))]),
    Endpoint::new(
        API,
        "revokeSession",
        Post,
        &[BASE, Id(Pos(0)), Lit("revoke")],
    ),
    // The legacy manual verification of the documented Node SDK page.
    Endpoint::new(
        API,
        "verifySession",
        Post,
        &[BASE, Id(Pos(0)), Lit("verify")],
    )
    .body(Body::Literal(&[("token", Pos(1))])),
    // A falsy template posts to `/sessions/{id}/tokens`.
    Endpoint::new(
        API,
        "getToken",
        Post,
        &[BASE, Id(Pos(0)), Lit("tokens"), Opt(Pos(1))],
    )
    .returns(Returns::Jwt),
];
