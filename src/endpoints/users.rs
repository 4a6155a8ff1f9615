use super::{
    Arg::{Pos, Prop},
    Body, Endpoint,
    Method::*,
    Query, Seg,
    Seg::*,
};

const API: &str = "users";
const BASE: Seg = Lit("users");
const USER: Seg = Id(Pos(0));
const PARAMS_USER: Seg = Id(Prop(0, "userId"));

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "getUserList", Get, &[BASE])
        .query(Query::All(0))
        .pages(),
    Endpoint::new(API, "getUser", Get, &[BASE, USER]),
    Endpoint::new(API, "createUser", Post, &[BASE]).body(Body::All(0)),
    Endpoint::new(API, "updateUser", Patch, &[BASE, USER]).body(Body::All(1)),
    Endpoint::new(
        API,
        "updateUserProfileImage",
        Post,
        &[BASE, USER, Lit("profile_image")],
    )
    .body(Body::Multipart(1, &[])),
    Endpoint::new(
        API,
        "updateUserMetadata",
        Patch,
        &[BASE, USER, Lit("metadata")],
    )
    .body(Body::All(1)),
    Endpoint::new(API, "deleteUser", Delete, &[BASE, USER]),
    Endpoint::new(API, "getCount", Get, &[BASE, Lit("count")]).query(Query::All(0)),
    Endpoint::new(
        API,
        "getUserOauthAccessToken",
        Get,
        &[BASE, USER, Lit("oauth_access_tokens"), Opt(Pos(1))],
    ),
    Endpoint::new(API, "disableUserMFA", Delete, &[BASE, USER, Lit("mfa")]),
    Endpoint::new(
        API,
        "getOrganizationMembershipList",
        Get,
        &[BASE, PARAMS_USER, Lit("organization_memberships")],
    )
    .destructures(0)
    .query(Query::Keys(0, &["limit", "offset"]))
    .pages(),
    Endpoint::new(
        API,
        "verifyPassword",
        Post,
        &[BASE, PARAMS_USER, Lit("verify_password")],
    )
    .destructures(0)
    .body(Body::Keys(0, &["password"])),
    Endpoint::new(
        API,
        "verifyTOTP",
        Post,
        &[BASE, PARAMS_USER, Lit("verify_totp")],
    )
    .destructures(0)
    .body(Body::Keys(0, &["code"])),
];
