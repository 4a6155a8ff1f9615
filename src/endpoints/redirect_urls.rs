use super::{Arg::Pos, Body, Endpoint, Method::*, Seg, Seg::*};

const API: &str = "redirectUrls";
const BASE: Seg = Lit("redirect_urls");

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "getRedirectUrlList", Get, &[BASE]).pages(),
    Endpoint::new(API, "getRedirectUrl", Get, &[BASE, Id(Pos(0))]),
    Endpoint::new(API, "createRedirectUrl", Post, &[BASE]).body(Body::All(0)),
    Endpoint::new(API, "deleteRedirectUrl", Delete, &[BASE, Id(Pos(0))]),
];
