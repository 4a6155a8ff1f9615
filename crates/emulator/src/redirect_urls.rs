//! `/v1/redirect_urls`: the URLs Clerk may redirect to after OAuth and magic links.

use super::reply::{deleted, ok, remove_by_id, ApiError, Params, Reply};
use super::store::now_ms;
use super::State;
use axum::body::Bytes;
use axum::extract::{Path, State as S};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize, Deserialize, Clone, Default)]
#[serde(default)]
pub struct RedirectUrl {
    pub id: String,
    pub url: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn routes() -> Router<State> {
    Router::new()
        .route("/redirect_urls", get(list).post(create))
        .route("/redirect_urls/{id}", get(read).delete(remove))
}

fn render(r: &RedirectUrl) -> Value {
    json!({
        "object": "redirect_url",
        "id": r.id,
        "url": r.url,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    })
}

async fn list(S(s): S<State>) -> Reply {
    let items: Vec<Value> = s.data().redirect_urls.iter().map(render).collect();
    ok(Value::Array(items))
}

async fn read(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let data = s.data();
    let r = data.redirect_urls.iter().find(|r| r.id == id);
    r.map(render)
        .map(ok)
        .unwrap_or_else(|| Err(ApiError::not_found()))
}

async fn create(S(s): S<State>, body: Bytes) -> Reply {
    let p = Params::parse(&body)?;
    let url = p.required("url")?;
    let valid = url.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty() && !rest.is_empty() && !url.contains(char::is_whitespace)
    });
    if !valid {
        return Err(ApiError::invalid(
            "url",
            "url must be an absolute URL (scheme://host/…).",
        ));
    }
    let mut data = s.data();
    if data.redirect_urls.iter().any(|r| r.url == url) {
        return Err(ApiError::new(
            422,
            "duplicate_record",
            "duplicate redirect URL",
            format!("{url} is already a redirect URL."),
        )
        .param("url"));
    }
    let now = now_ms();
    let record = RedirectUrl {
        id: data.new_id("ru"),
        url,
        created_at: now,
        updated_at: now,
    };
    let body = render(&record);
    data.redirect_urls.push(record);
    ok(body)
}

async fn remove(S(s): S<State>, Path(id): Path<String>) -> Reply {
    let mut data = s.data();
    remove_by_id(&mut data.redirect_urls, &id, |r| &r.id)?;
    deleted("redirect_url", &id)
}
