use super::{Arg::Pos, Body, Endpoint, Method::*, Query, Seg, Seg::*};

const API: &str = "invitations";
const BASE: Seg = Lit("invitations");

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "getInvitationList", Get, &[BASE])
        .query(Query::All(0))
        .pages(),
    Endpoint::new(API, "createInvitation", Post, &[BASE]).body(Body::All(0)),
    Endpoint::new(
        API,
        "revokeInvitation",
        Post,
        &[BASE, Id(Pos(0)), Lit("revoke")],
    ),
];
