use super::{Arg::Pos, Body, Endpoint, Method::*, Seg, Seg::*};

const API: &str = "clients";
const BASE: Seg = Lit("clients");

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "getClientList", Get, &[BASE]).pages(),
    Endpoint::new(API, "getClient", Get, &[BASE, Id(Pos(0))]),
    // `verifyClient(token)` posts `{ token }`; v4 checks nothing first.
    Endpoint::new(API, "verifyClient", Post, &[BASE, Lit("verify")])
        .body(Body::Literal(&[("token", Pos(0))])),
];
