use super::{Arg::Pos, Body, Endpoint, Method::*, Seg, Seg::*};

const API: &str = "phoneNumbers";
const BASE: Seg = Lit("phone_numbers");

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "getPhoneNumber", Get, &[BASE, Id(Pos(0))]),
    Endpoint::new(API, "createPhoneNumber", Post, &[BASE]).body(Body::All(0)),
    Endpoint::new(API, "updatePhoneNumber", Patch, &[BASE, Id(Pos(0))]).body(Body::All(1)),
    Endpoint::new(API, "deletePhoneNumber", Delete, &[BASE, Id(Pos(0))]),
];
