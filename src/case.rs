//! Key-case conversion as v4 does it (snakecase-keys 5 over the `snake-case` package):
//! split at lower/digit→upper and acronym→word boundaries, treat every run of characters
//! other than ASCII letters and digits as a separator, trim separators, lowercase, join `_`.

/// `userId` → `user_id`, `primaryEmailAddressID` → `primary_email_address_id`,
/// `ABCDef` → `abc_def`, `foo-bar` → `foo_bar`, `_private` → `private`.
pub fn snake_case(key: &str) -> String {
    // Fast path: already snake_case (the common case for BAPI-style keys).
    if key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !key.starts_with('_')
        && !key.ends_with('_')
        && !key.contains("__")
    {
        return key.to_string();
    }
    let chars: Vec<char> = key.chars().collect();
    // Pass 1: /([a-z0-9])([A-Z])/g → "$1 $2" (non-overlapping, left to right).
    let mut pass1: Vec<Option<char>> = Vec::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c.is_ascii_lowercase() || c.is_ascii_digit())
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_uppercase())
        {
            pass1.push(Some(c));
            pass1.push(None);
            pass1.push(Some(chars[i + 1]));
            i += 2;
        } else {
            pass1.push(Some(c));
            i += 1;
        }
    }
    // Pass 2: /([A-Z])([A-Z][a-z])/g → "$1 $2".
    let mut pass2: Vec<Option<char>> = Vec::with_capacity(pass1.len() + 4);
    let mut i = 0;
    let is = |v: Option<&Option<char>>, f: fn(&char) -> bool| matches!(v, Some(Some(c)) if f(c));
    while i < pass1.len() {
        if is(pass1.get(i), char::is_ascii_uppercase)
            && is(pass1.get(i + 1), char::is_ascii_uppercase)
            && is(pass1.get(i + 2), char::is_ascii_lowercase)
        {
            pass2.push(pass1[i]);
            pass2.push(None);
            pass2.push(pass1[i + 1]);
            pass2.push(pass1[i + 2]);
            i += 3;
        } else {
            pass2.push(pass1[i]);
            i += 1;
        }
    }
    // Strip: every run of non-alphanumerics (and split markers) is one separator.
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in pass2 {
        match c {
            Some(c) if c.is_ascii_alphanumeric() => current.push(c.to_ascii_lowercase()),
            _ => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.join("_")
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn matches_v4_snake_case() {
        for (input, want) in [
            ("userId", "user_id"),
            ("web3Wallet", "web3_wallet"),
            ("a1B", "a1_b"),
            ("ABCDef", "abc_def"),
            ("primaryEmailAddressID", "primary_email_address_id"),
            ("foo-bar", "foo_bar"),
            ("foo.bar", "foo_bar"),
            ("_private", "private"),
            ("already_snake", "already_snake"),
            ("skipPasswordChecks", "skip_password_checks"),
            ("expiresInSeconds", "expires_in_seconds"),
            ("orderBy", "order_by"),
            ("a1B2C", "a1_b2_c"),
            ("XMLHttpRequest", "xml_http_request"),
            ("double__under", "double_under"),
            ("", ""),
        ] {
            assert_eq!(snake_case(input), want, "{input}");
        }
    }
}
