use super::{
    Arg::{Pos, Prop},
    Body, Endpoint,
    Method::*,
    Query, Seg,
    Seg::*,
};

const API: &str = "organizations";
const BASE: Seg = Lit("organizations");
const ORG: Seg = Id(Prop(0, "organizationId"));
const PAGE: &[&str] = &["limit", "offset"];

pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint::new(API, "getOrganizationList", Get, &[BASE])
        .query(Query::All(0))
        .pages(),
    Endpoint::new(API, "createOrganization", Post, &[BASE]).body(Body::All(0)),
    Endpoint::new(API, "getOrganization", Get, &[BASE, OrgIdOrSlug]),
    Endpoint::new(API, "updateOrganization", Patch, &[BASE, Id(Pos(0))]).body(Body::All(1)),
    Endpoint::new(
        API,
        "updateOrganizationLogo",
        Put,
        &[BASE, Id(Pos(0)), Lit("logo")],
    )
    .body(Body::Multipart(
        1,
        &[("uploader_user_id", "uploaderUserId")],
    )),
    Endpoint::new(
        API,
        "deleteOrganizationLogo",
        Delete,
        &[BASE, Id(Pos(0)), Lit("logo")],
    ),
    Endpoint::new(
        API,
        "updateOrganizationMetadata",
        Patch,
        &[BASE, Id(Pos(0)), Lit("metadata")],
    )
    .body(Body::All(1)),
    // v4 does not check this id.
    Endpoint::new(API, "deleteOrganization", Delete, &[BASE, Opt(Pos(0))]),
    Endpoint::new(
        API,
        "getOrganizationMembershipList",
        Get,
        &[BASE, ORG, Lit("memberships")],
    )
    .destructures(0)
    .query(Query::Keys(0, PAGE))
    .pages(),
    Endpoint::new(
        API,
        "createOrganizationMembership",
        Post,
        &[BASE, ORG, Lit("memberships")],
    )
    .destructures(0)
    .body(Body::Keys(0, &["userId", "role"])),
    Endpoint::new(
        API,
        "updateOrganizationMembership",
        Patch,
        &[BASE, ORG, Lit("memberships"), Opt(Prop(0, "userId"))],
    )
    .destructures(0)
    .body(Body::Keys(0, &["role"])),
    Endpoint::new(
        API,
        "updateOrganizationMembershipMetadata",
        Patch,
        &[
            BASE,
            Opt(Prop(0, "organizationId")),
            Lit("memberships"),
            Opt(Prop(0, "userId")),
            Lit("metadata"),
        ],
    )
    .destructures(0)
    .body(Body::Keys(0, &["publicMetadata", "privateMetadata"])),
    Endpoint::new(
        API,
        "deleteOrganizationMembership",
        Delete,
        &[BASE, ORG, Lit("memberships"), Opt(Prop(0, "userId"))],
    )
    .destructures(0),
    Endpoint::new(
        API,
        "getOrganizationInvitationList",
        Get,
        &[BASE, ORG, Lit("invitations")],
    )
    .destructures(0)
    .query(Query::Keys(0, &["status", "limit", "offset"]))
    .pages(),
    Endpoint::new(
        API,
        "getPendingOrganizationInvitationList",
        Get,
        &[BASE, ORG, Lit("invitations"), Lit("pending")],
    )
    .destructures(0)
    .query(Query::Keys(0, PAGE))
    .pages()
    .deprecated(
        "getPendingOrganizationInvitationList",
        "Use `getOrganizationInvitationList` instead.",
    ),
    Endpoint::new(
        API,
        "createOrganizationInvitation",
        Post,
        &[BASE, ORG, Lit("invitations")],
    )
    .destructures(0)
    .body(Body::Rest(0, &["organizationId"])),
    Endpoint::new(
        API,
        "getOrganizationInvitation",
        Get,
        &[BASE, ORG, Lit("invitations"), Id(Prop(0, "invitationId"))],
    )
    .destructures(0),
    Endpoint::new(
        API,
        "revokeOrganizationInvitation",
        Post,
        &[
            BASE,
            ORG,
            Lit("invitations"),
            Opt(Prop(0, "invitationId")),
            Lit("revoke"),
        ],
    )
    .destructures(0)
    .body(Body::Keys(0, &["requestingUserId"])),
];
