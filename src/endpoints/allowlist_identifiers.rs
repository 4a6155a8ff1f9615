use super::{Arg::Pos, Body, Endpoint, Method::*, Seg::*};

const API: &str = "allowlistIdentifiers";
const BASE: Seg = Lit("allowlist_identifiers");
use super::Seg;

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "getAllowlistIdentifierList", Get, &[BASE]).pages(),
    Endpoint::new(API, "createAllowlistIdentifier", Post, &[BASE]).body(Body::All(0)),
    Endpoint::new(
        API,
        "deleteAllowlistIdentifier",
        Delete,
        &[BASE, Id(Pos(0))],
    ),
];
