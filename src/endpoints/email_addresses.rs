use super::{Arg::Pos, Body, Endpoint, Method::*, Seg, Seg::*};

const API: &str = "emailAddresses";
const BASE: Seg = Lit("email_addresses");

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "getEmailAddress", Get, &[BASE, Id(Pos(0))]),
    Endpoint::new(API, "createEmailAddress", Post, &[BASE]).body(Body::All(0)),
    Endpoint::new(API, "updateEmailAddress", Patch, &[BASE, Id(Pos(0))]).body(Body::All(1)),
    Endpoint::new(API, "deleteEmailAddress", Delete, &[BASE, Id(Pos(0))]),
];
