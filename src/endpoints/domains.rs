use super::{Arg::Pos, Endpoint, Method::*, Seg::*};

pub static ENDPOINTS: &[Endpoint] = &[
    // v4 does not check the id: `deleteDomain()` sends `DELETE /domains`.
    Endpoint::new(
        "domains",
        "deleteDomain",
        Delete,
        &[Lit("domains"), Opt(Pos(0))],
    ),
];
