//! The `authorizedParties` option as the `azp` check reads it. The JS shell sorts the
//! caller's value into one of these (lib/tokens.js `partiesOption`) and sends its JSON;
//! nothing in the caller's list is replaced or converted, so the check never accepts a
//! token that 4.13.23's `authorizedParties.includes(azp)` refuses.

use crate::jwt::{js_json, ClaimError, TokenError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the `azp` check needs of the caller's `authorizedParties`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum AuthorizedParties {
    /// No check: the option was absent, falsy or of length 0 (as in v4).
    #[default]
    Any,
    /// A truthy `azp` must equal one of `entries`: the string members of the caller's
    /// list (a member of another type equals no `azp` string), or a lone string given
    /// instead of a list, matched whole. An empty `entries` refuses every truthy `azp`.
    OneOf { entries: Vec<String>, shown: Shown },
    /// Neither a list nor a string (v4 throws a TypeError calling its `includes`): every
    /// token is refused. `got` says what was given (its type, never its value).
    Invalid { got: String },
}

/// The list as v4's message prints it (`${authorizedParties}`: an array's `toString`), or
/// the message of what printing it threw (v4 throws that when the check fails).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Shown {
    Text(String),
    Threw(String),
}

impl AuthorizedParties {
    /// From the shell's JSON; text it cannot read refuses every token (fails closed).
    pub fn from_json(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_else(|e| AuthorizedParties::Invalid {
            got: format!("a value the native side could not read ({e})"),
        })
    }

    /// v4's `assertAuthorizedPartiesClaim(azp, authorizedParties)`, with an exact match.
    pub fn check(&self, azp: Option<&Value>) -> Result<(), ClaimError> {
        let (entries, shown) = match self {
            AuthorizedParties::Any => return Ok(()),
            AuthorizedParties::Invalid { got } => {
                return Err(ClaimError::Thrown(format!(
                    "The authorizedParties option must be an array of strings (string[]), not {got}: no token is accepted until it is."
                )))
            }
            AuthorizedParties::OneOf { entries, shown } => (entries, shown),
        };
        if !azp.is_some_and(crate::truthy) {
            return Ok(());
        }
        if azp
            .and_then(Value::as_str)
            .is_some_and(|a| entries.iter().any(|p| p == a))
        {
            return Ok(());
        }
        match shown {
            Shown::Text(list) => Err(TokenError::new(
                "token-invalid-authorized-parties",
                format!(
                    "Invalid JWT Authorized party claim (azp) {}. Expected \"{list}\".",
                    js_json(azp)
                ),
            )
            .into()),
            Shown::Threw(message) => Err(ClaimError::Thrown(message.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one_of(entries: &[&str], shown: &str) -> AuthorizedParties {
        AuthorizedParties::OneOf {
            entries: entries.iter().map(|e| e.to_string()).collect(),
            shown: Shown::Text(shown.into()),
        }
    }

    fn outcome(p: &AuthorizedParties, azp: Option<Value>) -> String {
        match p.check(azp.as_ref()) {
            Ok(()) => "ok".into(),
            Err(ClaimError::Token(e)) => format!("{}: {}", e.reason, e.message),
            Err(ClaimError::Thrown(m)) => format!("thrown: {m}"),
            Err(ClaimError::NeedIssuer(_)) => "need issuer".into(),
        }
    }

    const APP: &str = "https://app.example.com";

    #[test]
    fn reads_the_forms_the_shell_writes() {
        assert_eq!(
            AuthorizedParties::from_json(r#"{"oneOf":{"entries":["a"],"shown":{"text":"a,,b"}}}"#),
            one_of(&["a"], "a,,b")
        );
        assert_eq!(
            AuthorizedParties::from_json(r#"{"oneOf":{"entries":[],"shown":{"threw":"no"}}}"#),
            AuthorizedParties::OneOf {
                entries: vec![],
                shown: Shown::Threw("no".into())
            }
        );
        assert_eq!(
            AuthorizedParties::from_json(r#"{"invalid":{"got":"a number"}}"#),
            AuthorizedParties::Invalid {
                got: "a number".into()
            }
        );
        assert_eq!(
            AuthorizedParties::from_json(r#""any""#),
            AuthorizedParties::Any
        );
    }

    #[test]
    fn unreadable_text_refuses_every_token() {
        for text in [
            "",
            "[\"a\"]",
            r#"{"oneOf":{"entries":["a"]}}"#,
            r#"{"oneOf":{"entries":["\ud800"],"shown":{"text":""}}}"#,
            r#"{"oneOf":{"entries":["a"],"shown":{"text":"a"},"extra":1}}"#,
        ] {
            let p = AuthorizedParties::from_json(text);
            assert!(matches!(p, AuthorizedParties::Invalid { .. }), "{text}");
            assert!(outcome(&p, None).starts_with(
                "thrown: The authorizedParties option must be an array of strings (string[])"
            ));
        }
    }

    #[test]
    fn entries_match_whole_and_exactly() {
        let p = one_of(&[APP], APP);
        assert_eq!(outcome(&p, Some(json!(APP))), "ok");
        for azp in [
            "https://app.example.co",
            "https://app.example.com/",
            "HTTPS://APP.EXAMPLE.COM",
        ] {
            assert_eq!(
                outcome(&p, Some(json!(azp))),
                format!("token-invalid-authorized-parties: Invalid JWT Authorized party claim (azp) \"{azp}\". Expected \"{APP}\".")
            );
        }
        // Only a string azp can equal a party.
        let p = one_of(&["5", "true"], "5,true");
        assert!(outcome(&p, Some(json!(5))).starts_with("token-invalid-authorized-parties"));
        assert!(outcome(&p, Some(json!(true))).starts_with("token-invalid-authorized-parties"));
    }

    #[test]
    fn a_list_of_no_strings_refuses_every_truthy_azp() {
        // `[[APP]]` or `[new String(APP)]` in JS: no entry, though it prints as APP.
        let p = one_of(&[], APP);
        assert_eq!(
            outcome(&p, Some(json!(APP))),
            format!("token-invalid-authorized-parties: Invalid JWT Authorized party claim (azp) \"{APP}\". Expected \"{APP}\".")
        );
        for falsy in [None, Some(json!("")), Some(Value::Null), Some(json!(0))] {
            assert_eq!(outcome(&p, falsy), "ok", "v4 checks only a truthy azp");
        }
    }

    #[test]
    fn what_printing_threw_is_thrown_only_when_the_check_fails() {
        let p = AuthorizedParties::OneOf {
            entries: vec![APP.into()],
            shown: Shown::Threw("Cannot convert a Symbol value to a string".into()),
        };
        assert_eq!(outcome(&p, Some(json!(APP))), "ok");
        assert_eq!(
            outcome(&p, Some(json!("https://evil.example"))),
            "thrown: Cannot convert a Symbol value to a string"
        );
    }

    #[test]
    fn invalid_refuses_even_without_azp() {
        let p = AuthorizedParties::Invalid {
            got: "an object".into(),
        };
        for azp in [None, Some(json!(APP))] {
            assert_eq!(
                outcome(&p, azp),
                "thrown: The authorizedParties option must be an array of strings (string[]), not an object: no token is accepted until it is."
            );
        }
        assert_eq!(outcome(&AuthorizedParties::Any, Some(json!(APP))), "ok");
    }
}
