use super::{f, plain, Kind, Resource};

/// Not exported by v4, but nested in User.
pub static WEB3_WALLET: Resource = Resource {
    name: "Web3Wallet",
    object: None,
    exported: false,
    fields: &[
        plain("id", "id"),
        plain("web3Wallet", "web3_wallet"),
        f(
            "verification",
            "verification",
            Kind::ResourceIfTruthy("Verification"),
        ),
    ],
};
