//! The JS↔Rust contract, declared once: the kinds of native answers (the first character
//! of an answer string), the flag bits, the order of packed fields, the environment
//! variables and the client options. `cargo test` writes it out for the shell as
//! `lib/generated/contract.js` (with the request packers the middlewares call) and fails
//! when the checked-in file differs: `UPDATE_GENERATED=1 cargo test generated` rewrites it.

use crate::config::{OptionKind, ENV_VARS, OPTIONS};
use serde_json::Value;

/// Declares an answer-kind enum: each kind's letter (the answer's first character) and
/// what the rest of the answer is.
macro_rules! answer_kinds {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $letter:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The answer's first character.
            pub const fn letter(self) -> char {
                match self {
                    $($name::$variant => $letter,)*
                }
            }

            pub const fn name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant),)*
                }
            }

            /// `letter` + `rest`: the answer string.
            pub fn with(self, rest: &str) -> String {
                let mut s = String::with_capacity(rest.len() + 1);
                s.push(self.letter());
                s.push_str(rest);
                s
            }
        }
    };
}

answer_kinds! {
    /// Answers of `authenticate` / `authenticateRequest` (src/auth.rs).
    AuthAnswer {
        /// The request state's JSON.
        State = 'A',
        /// `until;state`: the middlewares may give the same state to the same request
        /// until then (epoch ms, or Infinity).
        Remember = 'M',
        /// The message of an `Error` v4 throws.
        Error = 'E',
        /// The message of the DOMException `atob` throws on a publishable key.
        DomException = 'D',
        /// A token part JS must `JSON.parse` for v4's exact message; call again with it.
        NeedSyntaxMessage = 'S',
        /// `{url, secretKey}`: load these JWKS keys, then call again.
        Fetch = 'F',
    }
}

answer_kinds! {
    /// Answers of `verifyToken` and the token exports (src/verify.rs).
    VerifyAnswer {
        /// The payload's JSON.
        Verified = 'V',
        /// A TokenVerificationError's `{reason, message, action}`.
        TokenError = 'X',
        /// A token part whose `JSON.parse` SyntaxError v4 throws.
        JsonSyntax = 'S',
        /// A SyntaxError's message (undecodable base64).
        Base64Syntax = 'B',
        /// A TypeError's message (or the caller's issuer function threw).
        TypeError = 'T',
        /// `{url, secretKey}`: load these JWKS keys, then call again.
        Fetch = 'F',
        /// The token's `iss` (JSON, empty: undefined) for the caller's issuer function.
        NeedIssuer = 'I',
        /// `decodeJwt`: `{header, payload, signature, headerText, payloadText}`.
        Decoded = 'D',
    }
}

/// Where the claims begin in a state's JSON: they are its last field, the token's own
/// text (src/auth.rs `StateJson`; lib/memo.js reads them from there).
pub const CLAIMS_FIELD: &str = ",\"claims\":";

/// Declares a field enum and its packed order at once: the order is the declaration's, so
/// a field cannot be added to one and forgotten in the other.
macro_rules! packed_fields {
    ($(#[$doc:meta])* $name:ident, $(#[$order_doc:meta])* $order:ident { $($field:ident,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($field,)*
        }

        $(#[$order_doc])*
        pub const $order: &[$name] = &[$($name::$field,)*];
    };
}

packed_fields! {
    /// One field of the request half of `authenticate`'s packed input.
    RequestField,
    /// The request fields in packed order (NUL-separated; empty: absent).
    REQUEST_FIELDS {
        Authorization,
        Cookie,
        Origin,
        Host,
        ForwardedHost,
        ForwardedPort,
        ForwardedProto,
        Referrer,
        UserAgent,
        SessionId,
        ClerkSynced,
        ClerkSatelliteUrl,
        Path,
        CookieToken,
        ClientUat,
    }
}

impl RequestField {
    /// The property of the shell's request fields object.
    pub const fn js_name(self) -> &'static str {
        use RequestField::*;
        match self {
            Authorization => "authorization",
            Cookie => "cookie",
            Origin => "origin",
            Host => "host",
            ForwardedHost => "forwardedHost",
            ForwardedPort => "forwardedPort",
            ForwardedProto => "forwardedProto",
            Referrer => "referrer",
            UserAgent => "userAgent",
            SessionId => "sessionId",
            ClerkSynced => "clerkSynced",
            ClerkSatelliteUrl => "clerkSatelliteUrl",
            Path => "path",
            CookieToken => "cookieToken",
            ClientUat => "clientUat",
        }
    }
}

/// How the shell writes an option field into the packed options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packing {
    /// The string (other values: `String(v)`; undefined, null: empty).
    Text,
    /// `JSON.stringify` of the value (undefined, null, '': empty).
    Json,
    /// The shell's `parties(v)`: the JSON of a `jwt::AuthorizedParties` (no check: empty).
    Parties,
    /// Left empty by the shell (filled on a second call).
    Trailing,
}

packed_fields! {
    /// One field of the options half of `authenticate`'s packed input.
    AuthOption,
    /// The option fields in packed order (NUL-separated; empty: absent).
    AUTH_OPTIONS {
        SecretKey,
        ApiKey,
        JwtKey,
        ApiUrl,
        ApiVersion,
        PublishableKey,
        FrontendApi,
        ProxyUrl,
        Domain,
        SignInUrl,
        Audience,
        AuthorizedParties,
        SyntaxMessage,
    }
}

impl AuthOption {
    pub const fn js_name(self) -> &'static str {
        use AuthOption::*;
        match self {
            SecretKey => "secretKey",
            ApiKey => "apiKey",
            JwtKey => "jwtKey",
            ApiUrl => "apiUrl",
            ApiVersion => "apiVersion",
            PublishableKey => "publishableKey",
            FrontendApi => "frontendApi",
            ProxyUrl => "proxyUrl",
            Domain => "domain",
            SignInUrl => "signInUrl",
            Audience => "audience",
            AuthorizedParties => "authorizedParties",
            SyntaxMessage => "syntaxMessage",
        }
    }

    pub const fn packing(self) -> Packing {
        match self {
            AuthOption::Audience => Packing::Json,
            AuthOption::AuthorizedParties => Packing::Parties,
            AuthOption::SyntaxMessage => Packing::Trailing,
            _ => Packing::Text,
        }
    }
}

/// The flag bits, by group, as the shell names them.
fn flag_groups() -> Vec<(&'static str, Vec<(&'static str, u32)>)> {
    use crate::auth::flags as a;
    use crate::verify::flags as v;
    vec![
        (
            "AuthFlags",
            vec![
                ("SATELLITE_TRUE", a::SATELLITE_TRUE),
                ("SATELLITE_FALSE", a::SATELLITE_FALSE),
                ("AFTER_FETCH", a::AFTER_FETCH),
                ("MIDDLEWARE", a::MIDDLEWARE),
                ("ENCRYPTED", a::ENCRYPTED),
            ],
        ),
        (
            "VerifyFlags",
            vec![
                ("CLERK_ISSUER", v::CLERK_ISSUER),
                ("ISSUER_DEFERRED", v::ISSUER_DEFERRED),
                ("SKIP_JWKS_CACHE", v::SKIP_JWKS_CACHE),
                ("AFTER_FETCH", v::AFTER_FETCH),
                ("ISSUER_TRUE", v::ISSUER_TRUE),
                ("ISSUER_FALSE", v::ISSUER_FALSE),
                ("RESOLVED", v::RESOLVED),
            ],
        ),
    ]
}

fn kinds<T: Copy>(
    name: &str,
    all: &[T],
    letter: impl Fn(T) -> char,
    id: impl Fn(T) -> &'static str,
) -> String {
    let body: Vec<String> = all
        .iter()
        .map(|k| format!("  {}: {}, // '{}'", id(*k), letter(*k) as u32, letter(*k)))
        .collect();
    format!(
        "// The char code of each answer kind (an answer's first character).\nexports.{name} = Object.freeze({{\n{}\n}});\n",
        body.join("\n")
    )
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A JS expression building `template`'s JSON, with each hole (a string, or a list of
/// one string, named in `holes`) replaced by the JS parameter of that name.
fn js_builder(template: &Value, holes: &[&str]) -> String {
    let hole = |v: &Value| {
        v.as_str()
            .and_then(|s| s.strip_prefix(HOLE))
            .filter(|name| holes.contains(name))
            .map(str::to_string)
    };
    match template {
        Value::Array(items) if items.len() == 1 && hole(&items[0]).is_some() => {
            hole(&items[0]).unwrap_or_default()
        }
        Value::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}: {}", js_string(k), js_builder(v, holes)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        other => hole(other).unwrap_or_else(|| other.to_string()),
    }
}

/// Marks a hole in a template of `js_builder` (only in the generator's own templates).
const HOLE: &str = "\u{0}hole:";

/// The shell's writers of `jwt::AuthorizedParties` JSON, one per form it sends, made
/// from the Rust type's own serialization so the two cannot drift apart.
fn parties_writers() -> String {
    use crate::jwt::{AuthorizedParties as P, Shown};
    let h = |name: &str| format!("{HOLE}{name}");
    let forms = [
        (
            "oneOf",
            "entries, text",
            P::OneOf {
                entries: vec![h("entries")],
                shown: Shown::Text(h("text")),
            },
        ),
        (
            "oneOfUnprintable",
            "entries, threw",
            P::OneOf {
                entries: vec![h("entries")],
                shown: Shown::Threw(h("threw")),
            },
        ),
        ("invalid", "got", P::Invalid { got: h("got") }),
    ];
    let mut out = String::from(
        "\n// The JSON of the authorizedParties option as the azp check reads it (clerk-core\n// `AuthorizedParties`): the entries to match, how v4 prints the list (or what printing\n// it threw), or what was given that is no list.\nexports.AuthorizedParties = Object.freeze({\n",
    );
    for (name, params, form) in forms {
        let template = serde_json::to_value(&form).unwrap_or_default();
        let holes: Vec<&str> = params.split(", ").collect();
        out += &format!(
            "  {name}: ({params}) => JSON.stringify({}),\n",
            js_builder(&template, &holes)
        );
    }
    out += "});\n";
    out
}

/// The text of lib/generated/contract.js.
pub fn generate_js() -> String {
    let mut out = String::from(
        "'use strict';\n// Generated from src/contract.rs by `cargo test` (UPDATE_GENERATED=1 rewrites it): do not edit.\n// The JS↔Rust contract: answer kinds, flag bits, packed field orders, the environment\n// variables and the client options.\n\n",
    );
    out += &kinds(
        "AuthAnswer",
        AuthAnswer::ALL,
        AuthAnswer::letter,
        AuthAnswer::name,
    );
    out += "\n";
    out += &kinds(
        "VerifyAnswer",
        VerifyAnswer::ALL,
        VerifyAnswer::letter,
        VerifyAnswer::name,
    );
    for (group, flags) in flag_groups() {
        out += &format!("\nexports.{group} = Object.freeze({{\n");
        for (name, bit) in flags {
            out += &format!("  {name}: {bit},\n");
        }
        out += "});\n";
    }
    // Each request field written out by `each`, joined by `join`.
    let over_fields = |each: &dyn Fn(&str) -> String, join: &str| {
        let parts: Vec<String> = REQUEST_FIELDS.iter().map(|f| each(f.js_name())).collect();
        parts.join(join)
    };
    out += &format!(
        "\n// The request fields of authenticate, in packed order.\nexports.REQUEST_FIELDS = Object.freeze([{}]);\n",
        over_fields(&|n| js_string(n), ", ")
    );
    // Written out field by field: each property read is a plain one (a loop reading
    // through a variable name is megamorphic, and runs on every remembered request).
    out += &format!(
        "\n// The request half of authenticate's input: `v` turns each value into its text.\nexports.packRequest = function packRequest(r, v) {{\n  return {};\n}};\n",
        over_fields(&|n| format!("v(r.{n})"), " + '\\u0000' + ")
    );
    out += &format!(
        "\n// Whether two requests' fields pack the same (`same` compares two values).\nexports.sameRequest = function sameRequest(r, s, same) {{\n  return {};\n}};\n",
        over_fields(&|n| format!("same(r.{n}, s.{n})"), " && ")
    );
    let options: Vec<String> = AUTH_OPTIONS
        .iter()
        .map(|f| match f.packing() {
            Packing::Text => format!("v(o.{}) + '\\u0000'", f.js_name()),
            Packing::Json => format!("json(o.{}) + '\\u0000'", f.js_name()),
            Packing::Parties => format!("parties(o.{}) + '\\u0000'", f.js_name()),
            Packing::Trailing => "''".to_string(),
        })
        .collect();
    out += &format!(
        "\n// The options half of authenticate's input, its trailing fields left empty.\nexports.packOptions = function packOptions(o, v, json, parties) {{\n  return {};\n}};\n",
        options.join(" + ")
    );
    out += &parties_writers();
    out += &format!(
        "\n// Where the claims begin in a state's JSON (its last field).\nexports.CLAIMS_FIELD = {};\n",
        js_string(CLAIMS_FIELD)
    );
    let env: Vec<String> = ENV_VARS.iter().map(|n| js_string(n)).collect();
    out += &format!(
        "\n// The environment variables the native side reads, in the order of a snapshot.\nexports.ENV_VARS = Object.freeze([{}]);\n",
        env.join(", ")
    );
    out += "\n// The client options: name, how the shell checks and carries it, its variable.\nexports.OPTIONS = Object.freeze([\n";
    for o in OPTIONS {
        let kind = match o.kind {
            OptionKind::Text => "text",
            OptionKind::Number => "number",
            OptionKind::Http => "http",
            OptionKind::BuildTime => "buildtime",
            OptionKind::Flag => "flag",
            OptionKind::Json => "json",
        };
        let env = o.env.map_or("undefined".to_string(), js_string);
        out += &format!(
            "  Object.freeze({{ name: {}, kind: '{kind}', env: {env} }}),\n",
            js_string(o.name)
        );
    }
    out += "]);\n";
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_contract_is_fresh() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/lib/generated/contract.js");
        let text = generate_js();
        if std::env::var("UPDATE_GENERATED").is_ok() {
            std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
            std::fs::write(path, &text).unwrap();
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == text,
            "lib/generated/contract.js is stale: run `UPDATE_GENERATED=1 cargo test generated`"
        );
    }

    #[test]
    fn the_claims_come_last_in_a_state() {
        let text = r#"{"status":"signed-in","claims":{"sub":"u"}}"#;
        assert!(text.ends_with(&format!("{CLAIMS_FIELD}{{\"sub\":\"u\"}}}}")));
    }

    #[test]
    fn letters_are_distinct_within_each_protocol() {
        let auth: std::collections::HashSet<char> =
            AuthAnswer::ALL.iter().map(|k| k.letter()).collect();
        assert_eq!(auth.len(), AuthAnswer::ALL.len());
        let verify: std::collections::HashSet<char> =
            VerifyAnswer::ALL.iter().map(|k| k.letter()).collect();
        assert_eq!(verify.len(), VerifyAnswer::ALL.len());
    }

    #[test]
    fn flag_bits_are_distinct_powers_of_two() {
        for (group, flags) in flag_groups() {
            let mut seen = 0u32;
            for (name, bit) in flags {
                assert!(bit.is_power_of_two(), "{group}.{name}");
                assert_eq!(seen & bit, 0, "{group}.{name} reuses a bit");
                seen |= bit;
            }
        }
    }

    #[test]
    fn every_option_variable_is_read_from_the_snapshot() {
        for o in OPTIONS {
            if let Some(env) = o.env {
                assert!(ENV_VARS.contains(&env), "{} reads {env}", o.name);
            }
        }
    }
}
