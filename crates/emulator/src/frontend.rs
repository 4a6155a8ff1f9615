//! The emulator as the instance's Frontend API and hosted pages, for browsers (no secret
//! key): a sign-in page (`GET /`, `/sign-in`) that sets Clerk's development cookies, the
//! session tokens' JWKS (`/.well-known/jwks.json`, also under the issuer's path), a small
//! clerk-js (`/npm/@clerk/clerk-js@…/dist/clerk.browser.js`) that the interstitial page
//! loads and that refreshes the session token, and the interstitial page itself
//! (`GET /v1/internal/interstitial`, with the secret key, as Clerk serves it to v4).
//!
//! Cookies do not separate ports: the `__session` and `__client_uat` cookies set here for
//! `localhost` reach an app on another port of `localhost`.

use super::reply::ApiError;
use super::store::{now_ms, Data};
use super::{sessions, users, State};
use axum::body::Bytes;
use axum::extract::{Path, Query, State as S};
use axum::http::header::{
    HeaderMap, HeaderValue, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN,
    CACHE_CONTROL, CONTENT_TYPE, COOKIE, LOCATION, ORIGIN, SET_COOKIE,
};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;
use std::collections::HashMap;

/// Routes that take no secret key.
pub fn public_routes() -> Router<State> {
    Router::new()
        .route("/", get(sign_in_page))
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/.clerk.accounts/.well-known/jwks.json", get(jwks))
        .route("/npm/{*script}", get(clerk_js))
        .route("/client/sessions/{id}/tokens", post(refresh))
}

/// `GET /v1/internal/interstitial` (Backend API, secret key checked by the caller's layer).
pub fn api_routes() -> Router<State> {
    Router::new().route("/internal/interstitial", get(interstitial))
}

fn origin(s: &State) -> String {
    s.origin.get().cloned().unwrap_or_default()
}

async fn jwks(S(s): S<State>) -> Response {
    (
        [
            (CONTENT_TYPE, "application/json"),
            (ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        json!({ "keys": [s.signer.jwk] }).to_string(),
    )
        .into_response()
}

/// Text for HTML (element content and quoted attribute values).
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn page(title: &str, body: &str) -> Response {
    let doc = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto}}\
         li{{margin:.5rem 0}}button{{font-size:1rem}}</style></head><body>{body}</body></html>",
        html(title)
    );
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        doc,
    )
        .into_response()
}

/// Where to go after signing in: an http(s) URL or a path, else nowhere.
fn safe_redirect(target: Option<&String>) -> Option<String> {
    let t = target?.trim();
    let ok = t.starts_with("http://")
        || t.starts_with("https://")
        || (t.starts_with('/') && !t.starts_with("//"));
    ok.then(|| t.to_string())
}

fn user_label(data: &Data, id: &str) -> String {
    let Ok(u) = users::find(data, id) else {
        return id.to_string();
    };
    let name = [u.first_name.as_deref(), u.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let email = u
        .email_addresses
        .first()
        .map(|e| e.email_address.as_str())
        .unwrap_or("");
    [name.as_str(), email, id]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Lists the users, each with a button that signs them in.
async fn sign_in_page(S(s): S<State>, Query(q): Query<HashMap<String, String>>) -> Response {
    let redirect = safe_redirect(q.get("redirect_url")).unwrap_or_default();
    let data = s.data();
    let mut items = String::new();
    for u in &data.users {
        items.push_str(&format!(
            "<li><form method=\"post\" action=\"/sign-in\"><input type=\"hidden\" name=\"user_id\" value=\"{id}\">\
             <input type=\"hidden\" name=\"redirect_url\" value=\"{r}\"><button type=\"submit\">Sign in as {label}</button></form></li>",
            id = html(&u.id),
            r = html(&redirect),
            label = html(&user_label(&data, &u.id)),
        ));
    }
    if items.is_empty() {
        items =
            "<li>No users yet: create one with <code>clerkClient.users.createUser()</code>.</li>"
                .into();
    }
    page(
        "Sign in — Clerk emulator",
        &format!("<h1>Sign in</h1><p>Local Clerk emulator: pick a user.</p><ul>{items}</ul>"),
    )
}

fn form(body: &Bytes) -> HashMap<String, String> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

/// `application/x-www-form-urlencoded` value.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn cookie(name: &str, value: &str, http_only: bool) -> HeaderValue {
    let flags = if http_only { "; HttpOnly" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; SameSite=Lax{flags}"))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The `iat` of a token this emulator minted (the `__client_uat` Clerk sets with it).
fn issued_at(jwt: &str) -> i64 {
    use base64::Engine;
    jwt.split('.')
        .nth(1)
        .and_then(|p| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .ok()
        })
        .and_then(|p| serde_json::from_slice::<serde_json::Value>(&p).ok())
        .and_then(|c| c["iat"].as_i64())
        .unwrap_or(now_ms() / 1000)
}

/// Signs the user in as Clerk's pages do on a development instance: a new session and
/// client, then the `__session` token, `__client_uat` and the client's own cookie.
async fn sign_in(S(s): S<State>, body: Bytes) -> Response {
    let f = form(&body);
    let Some(user_id) = f.get("user_id").filter(|u| !u.is_empty()) else {
        return ApiError::missing("user_id").into_response();
    };
    let issuer = s.issuer();
    let (jwt, client_id) = {
        let mut data = s.data();
        let session = match sessions::create(&mut data, user_id, None) {
            Ok(id) => id,
            Err(e) => return e.into_response(),
        };
        let jwt = match sessions::mint(&data, &s.signer, &issuer, &session, None) {
            Ok(j) => j,
            Err(e) => return e.into_response(),
        };
        let client = sessions::find(&data, &session)
            .map(|x| x.client_id.clone())
            .unwrap_or_default();
        (jwt, client)
    };
    s.changed();
    let mut headers = HeaderMap::new();
    headers.append(SET_COOKIE, cookie("__session", &jwt, false));
    headers.append(
        SET_COOKIE,
        cookie("__client_uat", &issued_at(&jwt).to_string(), false),
    );
    headers.append(SET_COOKIE, cookie("__client", &client_id, true));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    match safe_redirect(f.get("redirect_url")) {
        Some(to) => {
            if let Ok(v) = HeaderValue::from_str(&to) {
                headers.insert(LOCATION, v);
            }
            (StatusCode::SEE_OTHER, headers).into_response()
        }
        None => {
            let label = user_label(&s.data(), user_id);
            let mut r = page(
                "Signed in — Clerk emulator",
                &format!(
                    "<h1>Signed in</h1><p id=\"signed-in\">Signed in as {}.</p><p>Your app on this host (any port) now sees the session cookies.</p>\
                     <form method=\"post\" action=\"/sign-out\"><button>Sign out</button></form>",
                    html(&label)
                ),
            );
            r.headers_mut().extend(headers);
            r
        }
    }
}

/// Signed out, as Clerk marks it: `__client_uat=0` and no session token.
async fn sign_out() -> Response {
    let mut headers = HeaderMap::new();
    headers.append(
        SET_COOKIE,
        HeaderValue::from_static("__session=; Path=/; Max-Age=0; SameSite=Lax"),
    );
    headers.append(SET_COOKIE, cookie("__client_uat", "0", false));
    headers.append(
        SET_COOKIE,
        HeaderValue::from_static("__client=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly"),
    );
    (StatusCode::SEE_OTHER, headers, [(LOCATION, "/")]).into_response()
}

/// A new token for a session of the browser's client (clerk-js's refresh), answered to
/// the page's origin with credentials.
async fn refresh(S(s): S<State>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let mut cors = HeaderMap::new();
    if let Some(o) = headers.get(ORIGIN) {
        cors.insert(ACCESS_CONTROL_ALLOW_ORIGIN, o.clone());
        cors.insert(
            ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    let client = read_cookie(&headers, "__client").unwrap_or_default();
    let issuer = s.issuer();
    let data = s.data();
    let owned =
        sessions::find(&data, &id).is_ok_and(|x| !client.is_empty() && x.client_id == client);
    let minted = if owned {
        sessions::mint(&data, &s.signer, &issuer, &id, None)
    } else {
        Err(ApiError::unauthorized())
    };
    match minted {
        Ok(jwt) => (
            cors,
            [(CONTENT_TYPE, "application/json")],
            json!({ "object": "token", "jwt": jwt }).to_string(),
        )
            .into_response(),
        Err(e) => (cors, e).into_response(),
    }
}

/// The clerk-js the interstitial page loads: `Clerk.load()` refreshes the session token of
/// the browser's emulator session into `__session` (and `__client_uat`), or marks the
/// browser signed out (`__client_uat=0`), so the page's reload reaches the app decided.
async fn clerk_js(S(s): S<State>) -> Response {
    let script = CLERK_JS.replace("__ORIGIN__", &origin(&s));
    (
        [
            (CONTENT_TYPE, "application/javascript; charset=utf-8"),
            (ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (CACHE_CONTROL, "no-store"),
        ],
        script,
    )
        .into_response()
}

const CLERK_JS: &str = r#"/* clerk-js of the local Clerk emulator (not Clerk's): enough for v4's interstitial page. */
(function () {
  var origin = '__ORIGIN__';
  function read(name) {
    var found = document.cookie.split('; ').filter(function (c) { return c.indexOf(name + '=') === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : '';
  }
  function write(name, value) { document.cookie = name + '=' + value + '; path=/; SameSite=Lax'; }
  function claims(jwt) {
    try { return JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch (e) { return null; }
  }
  function signedOut() {
    document.cookie = '__session=; path=/; max-age=0; SameSite=Lax';
    write('__client_uat', '0');
  }
  window.Clerk = {
    loaded: false,
    session: null,
    load: function () {
      var self = this;
      var current = claims(read('__session'));
      var done = function () { self.loaded = true; };
      if (!current || !current.sid) { signedOut(); done(); return Promise.resolve(); }
      return fetch(origin + '/client/sessions/' + encodeURIComponent(current.sid) + '/tokens', { method: 'POST', credentials: 'include' })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (token) {
          if (token && token.jwt) {
            write('__session', token.jwt);
            write('__client_uat', String(claims(token.jwt).iat));
            self.session = { id: current.sid };
          } else {
            signedOut();
          }
        }, signedOut)
        .then(done);
    },
  };
})();
"#;

/// The page Clerk's Backend API serves v4 as the interstitial (`remotePrivateInterstitial`,
/// used when the app has no publishable key): it loads this emulator's clerk-js.
async fn interstitial(S(s): S<State>) -> Response {
    let o = origin(&s);
    let pk = s.publishable_key();
    let fapi = o.trim_start_matches("http://").to_string();
    let body = INTERSTITIAL
        .replace("__FAPI__", &fapi)
        .replace("__PK__", &pk)
        .replace(
            "__SRC__",
            &format!("{o}/npm/@clerk/clerk-js@4/dist/clerk.browser.js"),
        );
    ([(CONTENT_TYPE, "text/html")], body).into_response()
}

const INTERSTITIAL: &str = r#"
    <head>
        <meta charset="UTF-8" />
    </head>
    <body>
        <script>
            window.__clerk_frontend_api = '__FAPI__';
            window.startClerk = async () => {
                const Clerk = window.Clerk;
                try {
                    await Clerk.load({ isSatellite: false, isInterstitial: true });
                    if (Clerk.loaded) {
                        window.location.href = window.location.href;
                    }
                } catch (err) {
                    console.error('Clerk: ', err);
                }
            };
            (() => {
                const script = document.createElement('script');
                script.setAttribute('data-clerk-publishable-key', '__PK__');
                script.async = true;
                script.src = '__SRC__';
                script.crossOrigin = 'anonymous';
                script.addEventListener('load', startClerk);
                document.body.appendChild(script);
            })();
        </script>
    </body>
"#;
