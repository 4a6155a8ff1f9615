use super::{Endpoint, Method::*, Seg::*};

pub static ENDPOINTS: &[Endpoint] = &[Endpoint::new(
    "interstitial",
    "getInterstitial",
    Get,
    &[Lit("internal"), Lit("interstitial")],
)
.deprecated(
    "getInterstitial()",
    "Switch to `Clerk(...).localInterstitial(...)` from `import { Clerk } from \"@clerk/backend\"`.",
)];
