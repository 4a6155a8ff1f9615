//! Publishable keys and the interstitial page (surface.md §h): the frontend API host a
//! publishable key names, the local interstitial HTML, and the public interstitial URL.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine};
use napi_derive::napi;

const ATOB: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The frontend API host of `pk_test_…`/`pk_live_…` (base64 of `<host>$`), if valid.
pub fn frontend_api_from_publishable_key(key: &str) -> Option<String> {
    if !(key.starts_with("pk_live_") || key.starts_with("pk_test_")) {
        return None;
    }
    let encoded = key.split('_').nth(2)?;
    let decoded = ATOB.decode(encoded).ok()?;
    let text = String::from_utf8_lossy(&decoded);
    text.strip_suffix('$').map(str::to_string)
}

/// The frontend API host of a publishable key, for the shell's `redirect()`.
#[napi(js_name = "frontendApiFromPublishableKey", catch_unwind)]
pub fn frontend_api_of(key: String) -> Option<String> {
    frontend_api_from_publishable_key(&key)
}

/// Whether `atob` (which v4 applies to the middle part of a `pk_…` key) accepts `s`:
/// base64 characters, `=` only at the end, and a length that is not 1 mod 4 once
/// ASCII whitespace is removed. v4 throws `InvalidCharacterError` otherwise.
pub fn atob_accepts(s: &str) -> bool {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r'))
        .collect();
    let body = t.trim_end_matches('=');
    let padding = t.len() - body.len();
    let valid_chars = body
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    let len_ok = if padding > 0 {
        t.len().is_multiple_of(4) && padding <= 2
    } else {
        body.len() % 4 != 1
    };
    valid_chars && len_ok
}

const DEV_OR_STAGING_SUFFIXES: [&str; 9] = [
    ".lcl.dev",
    ".stg.dev",
    ".lclstage.dev",
    ".stgstage.dev",
    ".dev.lclclerk.com",
    ".stg.lclclerk.com",
    ".accounts.lclclerk.com",
    "accountsstage.dev",
    "accounts.dev",
];

pub fn is_dev_or_staging(frontend_api: &str) -> bool {
    !frontend_api.is_empty()
        && DEV_OR_STAGING_SUFFIXES
            .iter()
            .any(|s| frontend_api.ends_with(s))
}

fn is_staging(frontend_api: &str) -> bool {
    [
        ".lclstage.dev",
        ".stgstage.dev",
        ".clerkstage.dev",
        ".accountsstage.dev",
    ]
    .iter()
    .any(|s| frontend_api.ends_with(s))
}

/// v4's `addClerkPrefix`: `example.com` → `clerk.example.com`.
fn add_clerk_prefix(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    // /^(clerk\.)+\w*$/: keep one fewer prefix, then add one back.
    let mut rest = s;
    let mut prefixes = 0;
    while let Some(r) = rest.strip_prefix("clerk.") {
        rest = r;
        prefixes += 1;
    }
    if prefixes > 0 && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return format!("clerk.clerk.{rest}");
    }
    // /\.clerk.accounts/ (any character between): already a Clerk host.
    let b = s.as_bytes();
    if (0..b.len())
        .any(|i| b[i..].starts_with(b".clerk") && b.get(i + 7..i + 15) == Some(b"accounts"))
    {
        return s.to_string();
    }
    let mut rest = s;
    while rest
        .get(..6)
        .is_some_and(|p| p.eq_ignore_ascii_case("clerk."))
    {
        rest = &rest[6..];
    }
    format!("clerk.{rest}")
}

/// `getClerkJsMajorVersionOrTag`: the major version of the deprecated `pkgVersion`, else a tag.
fn clerk_js_major_or_tag<'a>(fapi: &str, pkg_version: &'a str) -> &'a str {
    match pkg_version.split('.').next() {
        _ if pkg_version.is_empty() && is_staging(fapi) => "canary",
        Some(major) if !major.is_empty() => major,
        _ => "latest",
    }
}

/// `getScriptUrl`: `pkgVersion` defaults to the clerk-js 4 that @clerk/backend 0.38.15 pinned.
fn script_url(host: &str, clerk_js_version: &str, pkg_version: Option<&str>) -> String {
    let host = host
        .strip_prefix("https://")
        .or_else(|| host.strip_prefix("http://"))
        .unwrap_or(host);
    let version = if clerk_js_version.is_empty() {
        clerk_js_major_or_tag(host, pkg_version.unwrap_or("4.73.9"))
    } else {
        clerk_js_version
    };
    format!("https://{host}/npm/@clerk/clerk-js@{version}/dist/clerk.browser.js")
}

/// Options of the interstitial page.
#[napi(object)]
#[derive(Default)]
pub struct InterstitialOptions {
    pub publishable_key: Option<String>,
    pub frontend_api: Option<String>,
    pub proxy_url: Option<String>,
    pub domain: Option<String>,
    pub sign_in_url: Option<String>,
    pub is_satellite: Option<bool>,
    pub clerk_js_url: Option<String>,
    pub clerk_js_version: Option<String>,
    /// Deprecated `pkgVersion` (`None` when not given: the local page then defaults it).
    pub pkg_version: Option<String>,
    /// `JSON.stringify(debugData || {})`.
    pub debug_json: Option<String>,
    pub api_url: Option<String>,
}

fn s(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// The frontend API: from the publishable key, else the legacy `frontendApi`.
fn frontend_api(o: &InterstitialOptions) -> String {
    frontend_api_from_publishable_key(s(&o.publishable_key))
        .unwrap_or_else(|| s(&o.frontend_api).to_string())
}

/// `s` for the inside of a quoted JS string in an HTML `<script>` (S13): quotes and
/// backslashes cannot end the string, `<`, `>` and `&` cannot end the script or open a
/// comment, line ends and U+2028/2029 cannot end the line. The string's value is `s`.
fn js_string(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '<' | '>' | '&' | '`' | '\u{0}'..='\u{1f}' | '\u{7f}' => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// JSON text made safe to inline in an HTML `<script>` (S13): the same value, with `<`,
/// `>`, `&` and U+2028/2029 written as `\u` escapes (valid in JSON strings, the only
/// place they can occur).
fn script_json(json: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// `loadInterstitialFromLocal(options)`: the page that loads ClerkJS to refresh the session.
/// Every value inlined into its script is escaped for a JS string in HTML (S13).
#[napi(catch_unwind)]
pub fn local_interstitial(o: InterstitialOptions) -> String {
    let fapi = frontend_api(&o);
    let domain = s(&o.domain);
    let proxy_url = s(&o.proxy_url);
    let publishable_key = s(&o.publishable_key);
    let sign_in_url = s(&o.sign_in_url);
    let domain_only_in_prod = if is_dev_or_staging(&fapi) {
        String::new()
    } else {
        add_clerk_prefix(domain)
    };
    let host = [proxy_url, domain_only_in_prod.as_str(), fapi.as_str()]
        .into_iter()
        .find(|h| !h.is_empty())
        .unwrap_or("");
    let src = match s(&o.clerk_js_url) {
        "" => script_url(host, s(&o.clerk_js_version), o.pkg_version.as_deref()),
        url => url.to_string(),
    };
    let debug = match o.debug_json.as_deref() {
        // Anything but JSON is not inlined as code.
        Some(json) if serde_json::from_str::<serde_json::Value>(json).is_ok() => script_json(json),
        _ => "{}".to_string(),
    };
    let (fapi, domain, proxy_url, publishable_key, sign_in_url, src) = (
        js_string(&fapi),
        js_string(domain),
        js_string(proxy_url),
        js_string(publishable_key),
        js_string(sign_in_url),
        js_string(&src),
    );
    let (domain, proxy_url) = (domain.as_str(), proxy_url.as_str());
    let proxy_line = if proxy_url.is_empty() {
        String::new()
    } else {
        format!("window.__clerk_proxy_url = '{proxy_url}'")
    };
    let domain_line = if domain.is_empty() {
        String::new()
    } else {
        format!("window.__clerk_domain = '{domain}'")
    };
    let key_attr = if publishable_key.is_empty() {
        format!("script.setAttribute('data-clerk-frontend-api', '{fapi}');")
    } else {
        format!("script.setAttribute('data-clerk-publishable-key', '{publishable_key}');")
    };
    let domain_attr = if domain.is_empty() {
        String::new()
    } else {
        format!("script.setAttribute('data-clerk-domain', '{domain}');")
    };
    let proxy_attr = if proxy_url.is_empty() {
        String::new()
    } else {
        format!("script.setAttribute('data-clerk-proxy-url', '{proxy_url}')")
    };
    let sign_in = if sign_in_url.is_empty() {
        "undefined".to_string()
    } else {
        format!("'{sign_in_url}'")
    };
    let satellite = o.is_satellite.unwrap_or(false);
    format!(
        r##"
    <head>
        <meta charset="UTF-8" />
        <style>
          @media (prefers-color-scheme: dark) {{
            body {{
              background-color: black;
            }}
          }}
        </style>
    </head>
    <body>
        <script>
            window.__clerk_frontend_api = '{fapi}';
            window.__clerk_debug = {debug};
            {proxy_line}
            {domain_line}
            window.startClerk = async () => {{
                function formRedirect(){{
                    const form = '<form method="get" action="" name="redirect"></form>';
                    document.body.innerHTML = document.body.innerHTML + form;

                    const searchParams = new URLSearchParams(window.location.search);
                    for (let paramTuple of searchParams) {{
                        const input = document.createElement("input");
                        input.type = "hidden";
                        input.name = paramTuple[0];
                        input.value = paramTuple[1];
                        document.forms.redirect.appendChild(input);
                    }}
                    const url = new URL(window.location.origin + window.location.pathname + window.location.hash);
                    window.history.pushState({{}}, '', url);

                    document.forms.redirect.action = window.location.pathname + window.location.hash;
                    document.forms.redirect.submit();
                }}

                const Clerk = window.Clerk;
                try {{
                    await Clerk.load({{
                        isSatellite: {satellite},
                        isInterstitial: true,
                        signInUrl: {sign_in}
                    }});
                    if(Clerk.loaded){{
                      if(window.location.href.indexOf("#") === -1){{
                        window.location.href = window.location.href;
                      }} else if (window.navigator.userAgent.toLowerCase().includes("firefox/")){{
                          formRedirect();
                      }} else {{
                          window.location.reload();
                      }}
                    }}
                }} catch (err) {{
                    console.error('Clerk: ', err);
                }}
            }};
            (() => {{
                const script = document.createElement('script');
                {key_attr}

                {domain_attr}
                {proxy_attr};
                script.async = true;
                script.src = '{src}';
                script.crossOrigin = 'anonymous';
                script.addEventListener('load', startClerk);
                document.body.appendChild(script);
            }})();
        </script>
    </body>
"##
    )
}

/// `remotePublicInterstitialUrl(options)`: `{apiUrl}/v1/public/interstitial?…`.
#[napi(catch_unwind)]
pub fn public_interstitial_url(o: InterstitialOptions) -> String {
    let fapi = frontend_api(&o);
    let api_url = match s(&o.api_url) {
        "" => crate::config::DEFAULT_API_URL,
        u => u,
    };
    let mut url = match reqwest::Url::parse(api_url) {
        Ok(u) => u,
        Err(_) => return format!("{api_url}/v1/public/interstitial"),
    };
    let path = format!(
        "{}/v1/public/interstitial",
        url.path().trim_end_matches('/')
    );
    url.set_path(&path);
    {
        let mut q = url.query_pairs_mut();
        let version = match s(&o.clerk_js_version) {
            "" => clerk_js_major_or_tag(&fapi, s(&o.pkg_version)),
            v => v,
        };
        q.append_pair("clerk_js_version", version);
        match s(&o.publishable_key) {
            "" => q.append_pair("frontend_api", &fapi),
            pk => q.append_pair("publishable_key", pk),
        };
        if !s(&o.proxy_url).is_empty() {
            q.append_pair("proxy_url", s(&o.proxy_url));
        }
        if o.is_satellite == Some(true) {
            q.append_pair("is_satellite", "true");
        }
        q.append_pair("sign_in_url", s(&o.sign_in_url));
        if !is_dev_or_staging(&fapi) {
            q.append_pair("use_domain_for_script", "true");
        }
        if !s(&o.domain).is_empty() {
            q.append_pair("domain", s(&o.domain));
        }
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishable_keys() {
        assert_eq!(
            frontend_api_from_publishable_key(
                "pk_test_aGFwcHktaGlwcG8tMS5jbGVyay5hY2NvdW50cy5kZXYk"
            )
            .as_deref(),
            Some("happy-hippo-1.clerk.accounts.dev")
        );
        assert_eq!(
            frontend_api_from_publishable_key("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k").as_deref(),
            Some("clerk.example.com")
        );
        assert_eq!(
            frontend_api_from_publishable_key("pk_live_bm9kb2xsYXI"),
            None
        );
        assert_eq!(frontend_api_from_publishable_key("sk_live_x"), None);
    }

    #[test]
    fn atob_rules() {
        assert!(atob_accepts("aGk="));
        assert!(atob_accepts("aGk"));
        assert!(!atob_accepts("notbase64$$"));
        assert!(!atob_accepts("a"));
        assert!(!atob_accepts("aG=k"));
    }

    #[test]
    fn clerk_prefix() {
        assert_eq!(add_clerk_prefix("example.com"), "clerk.example.com");
        assert_eq!(add_clerk_prefix("clerk.example.com"), "clerk.example.com");
        assert_eq!(
            add_clerk_prefix("foo.clerk.accounts.dev"),
            "foo.clerk.accounts.dev"
        );
    }

    #[test]
    fn page_loads_clerk_js_from_the_frontend_api() {
        let html = local_interstitial(InterstitialOptions {
            publishable_key: Some("pk_test_aGFwcHktaGlwcG8tMS5jbGVyay5hY2NvdW50cy5kZXYk".into()),
            ..Default::default()
        });
        assert!(html.contains("window.__clerk_frontend_api = 'happy-hippo-1.clerk.accounts.dev';"));
        assert!(html.contains(
            "https://happy-hippo-1.clerk.accounts.dev/npm/@clerk/clerk-js@4/dist/clerk.browser.js"
        ));
        assert!(html.contains("data-clerk-publishable-key"));
    }

    #[test]
    fn inlined_values_cannot_leave_their_strings() {
        let attack = "x';alert(document.domain);'</script><script>alert(1)</script>\\\u{2028}&";
        let html = local_interstitial(InterstitialOptions {
            publishable_key: Some(attack.into()),
            proxy_url: Some(attack.into()),
            domain: Some(attack.into()),
            sign_in_url: Some(attack.into()),
            clerk_js_url: Some(attack.into()),
            debug_json: Some(r#"{"m":"</script><script>alert(1)</script>\u2028"}"#.into()),
            ..Default::default()
        });
        let script = html.split_once("<script>").unwrap().1;
        assert_eq!(script.matches("</script").count(), 1, "{html}");
        assert!(!script.contains("<script"));
        assert!(!script.contains("x';") && script.contains("x\\';alert"));
        assert!(!script.contains('\u{2028}'));
        assert_eq!(js_string("a'b\\c<"), "a\\'b\\\\c\\x3C");
    }

    #[test]
    fn public_url() {
        let url = public_interstitial_url(InterstitialOptions {
            publishable_key: Some("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k".into()),
            api_url: Some("https://api.clerk.com".into()),
            ..Default::default()
        });
        assert_eq!(url, "https://api.clerk.com/v1/public/interstitial?clerk_js_version=latest&publishable_key=pk_live_Y2xlcmsuZXhhbXBsZS5jb20k&sign_in_url=&use_domain_for_script=true");
    }
}
